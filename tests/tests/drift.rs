//! `cargo test` fails when committed generated code differs from what the
//! generator produces now (the same check as `cargo xtask codegen --check`).

#[test]
fn generated_code_is_up_to_date() {
    let root = xtask::workspace_root();
    if let Err(message) = xtask::codegen::run(&root, true) {
        panic!("{message}");
    }
}

#[test]
fn generation_is_deterministic() {
    let root = xtask::workspace_root();
    let first = smithy_codegen::generate_from_config_file(&root.join("model/chime.codegen.json"))
        .unwrap()
        .1;
    let second = smithy_codegen::generate_from_config_file(&root.join("model/chime.codegen.json"))
        .unwrap()
        .1;
    assert_eq!(first, second);
    assert!(
        first
            .iter()
            .all(|f| f.contents.starts_with("// @generated")
                || f.contents.starts_with("# @generated"))
    );
}
