//! Snapshots of every generated file (review changes with `cargo insta review`).

fn snapshot_job(config: &str, prefix: &str) {
    let root = xtask::workspace_root();
    let (_, files) = smithy_codegen::generate_from_config_file(&root.join(config)).unwrap();
    assert!(
        files.len() > 10,
        "expected a whole crate, got {} files",
        files.len()
    );
    for file in files {
        let name = format!("{prefix}__{}", file.path.replace('/', "__"));
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, file.contents);
        });
    }
}

#[test]
fn chime_crate() {
    snapshot_job("model/chime.codegen.json", "chime");
}

#[test]
fn limits_fixture_crate() {
    snapshot_job("tests/fixtures/limits/codegen.json", "limits");
}
