//! `cargo xtask codegen [--check]`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Runs every job of [`crate::JOBS`]; in check mode nothing is written and
/// every stale or unexpected file is named.
pub fn run(root: &Path, check: bool) -> Result<String, String> {
    let jobs: Vec<PathBuf> = crate::JOBS.iter().map(|j| root.join(j)).collect();
    run_jobs(root, &jobs, check)
}

/// Runs the given config files (absolute or relative to the current directory).
pub fn run_jobs(root: &Path, jobs: &[PathBuf], check: bool) -> Result<String, String> {
    let mut stale = Vec::new();
    let mut diagnostics = Vec::new();
    let mut written = 0usize;
    let mut total = 0usize;
    for config_path in jobs {
        let job = rel(root, config_path);
        let (config, files) = match smithy_codegen::generate_from_config_file(config_path) {
            Ok(r) => r,
            Err(diags) => {
                diagnostics.extend(diags.iter().map(|d| format!("{job}: {d}")));
                continue;
            }
        };
        let out_dir = config_path.parent().unwrap_or(root).join(&config.out_dir);
        let mut expected = BTreeSet::new();
        for file in &files {
            total += 1;
            let path = out_dir.join(&file.path);
            expected.insert(path.clone());
            let current = fs::read_to_string(&path).ok();
            if current.as_deref() == Some(file.contents.as_str()) {
                continue;
            }
            if check {
                stale.push(format!(
                    "  {} ({})",
                    rel(root, &path),
                    if current.is_some() {
                        "differs"
                    } else {
                        "missing"
                    }
                ));
            } else {
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                fs::write(&path, &file.contents)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
        }
        // Files under src/ and tests/ that the generator no longer produces.
        let mut produced_dirs = vec![out_dir.join("src")];
        if config.protocol_tests || out_dir.join("tests/protocol_tests.rs").exists() {
            produced_dirs.push(out_dir.join("tests"));
        }
        for path in produced_dirs.iter().flat_map(|d| rust_files(d)) {
            if !expected.contains(&path) {
                if check {
                    stale.push(format!("  {} (not generated any more)", rel(root, &path)));
                } else {
                    fs::remove_file(&path)
                        .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
                    written += 1;
                }
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(format!(
            "{}\n{} error(s); nothing was written for the failing jobs",
            diagnostics.join("\n"),
            diagnostics.len()
        ));
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is stale:\n{}\nrun `cargo xtask codegen` and commit the result",
            stale.join("\n")
        ));
    }
    Ok(if check {
        format!("codegen --check: {total} files up to date")
    } else {
        format!("codegen: {total} files, {written} changed")
    })
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
