//! Replays every committed seed (`fuzz/corpus/<target>/*`) and every saved
//! crash (`fuzz/regressions/<target>/*`) through its target, on stable and
//! without a fuzzer, so `cargo test --workspace` catches regressions.

use std::path::{Path, PathBuf};

/// Targets not replayed yet, each with the reason; their saved crashes stay
/// in `fuzz/regressions/` and must pass once the reason is gone.
const KNOWN_FAILING: &[(&str, &str)] = &[];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/targets has a parent")
        .to_path_buf()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[test]
fn replay_corpora_and_regressions() {
    let root = fuzz_dir();
    let mut replayed = 0;
    for (name, target) in fuzz_targets::TARGETS {
        if KNOWN_FAILING.iter().any(|(n, _)| n == name) {
            continue;
        }
        let seeds = files(&root.join("corpus").join(name));
        assert!(!seeds.is_empty(), "fuzz/corpus/{name} has no seeds");
        for file in seeds
            .iter()
            .chain(files(&root.join("regressions").join(name)).iter())
        {
            let data = std::fs::read(file).expect("readable corpus file");
            let result = std::panic::catch_unwind(|| target(&data));
            assert!(result.is_ok(), "{name} fails on {}", file.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0);
}

#[test]
fn known_failing_targets_still_have_seeds() {
    let root = fuzz_dir();
    for (name, _) in KNOWN_FAILING {
        assert!(
            fuzz_targets::TARGETS.iter().any(|(n, _)| n == name),
            "{name} is no target"
        );
        assert!(!files(&root.join("corpus").join(name)).is_empty());
    }
}
