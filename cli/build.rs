//! Embeds the help pages' examples: `examples/<command>.txt`, one file per
//! command that has one, as a sorted table `(command, text)`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("examples");
    println!("cargo:rerun-if-changed=examples");
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    let mut code = String::from(
        "/// Help-page examples by command.\npub static EXAMPLES: &[(&str, &str)] = &[\n",
    );
    for name in entries {
        let command = name.trim_end_matches(".txt");
        let path = std::fs::canonicalize(dir.join(&name)).expect("example file");
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({command:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out).join("examples.rs"), code).expect("write examples.rs");
}
