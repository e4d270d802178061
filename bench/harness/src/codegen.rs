//! Code generation time through the library (`smithy_codegen::generate`),
//! for one operation, growing subsets of operations and the whole model.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::stats::Summary;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CodegenPoint {
    pub operations: usize,
    /// Shapes of the model reachable from those operations (inputs, outputs,
    /// errors and everything their members target), the service excluded.
    pub shapes: usize,
    pub files: usize,
    pub output_bytes: usize,
    pub ms: Summary,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CodegenResults {
    pub model_shapes: usize,
    pub runs: usize,
    pub points: Vec<CodegenPoint>,
}

pub fn run(repo: &Path, runs: usize) -> Result<CodegenResults, String> {
    let model_path = repo.join("model/chime-2018-05-01.json");
    let text = std::fs::read_to_string(&model_path)
        .map_err(|e| format!("cannot read {}: {e}", model_path.display()))?;
    let model: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let shapes = model["shapes"].as_object().ok_or("model has no shapes")?;
    let service = "com.amazonaws.chime#UCBuzzConsoleService";
    let mut ops: Vec<String> = service_operations(&model, service);
    ops.sort();
    // BatchCreateRoomMembership first, so the single-operation point is ours.
    ops.retain(|o| o != "BatchCreateRoomMembership");
    ops.insert(0, "BatchCreateRoomMembership".to_owned());

    let mut sizes: Vec<usize> = vec![1, 2, 4, 8, 16, 32];
    sizes.retain(|&k| k < ops.len());
    sizes.push(ops.len());
    let mut points = Vec::new();
    for k in sizes {
        let selected = &ops[..k];
        let operations = if k == ops.len() {
            vec!["*".to_owned()]
        } else {
            selected.to_vec()
        };
        let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
            "model": "chime-2018-05-01.json",
            "service": service,
            "crate_name": "chime",
            "crate_version": "0.1.0",
            "out_dir": "../generated",
            "operations": operations,
        }))
        .map_err(|e| e.to_string())?;
        let mut times = Vec::new();
        let mut files = 0;
        let mut bytes = 0;
        // One unrecorded run first (page cache, allocator).
        for i in 0..=runs {
            let t = Instant::now();
            let out = smithy_codegen::generate(&config, "chime-2018-05-01.json", &text)
                .map_err(|d| format!("codegen failed: {d:?}"))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            files = out.len();
            bytes = out.iter().map(|f| f.contents.len()).sum();
            if i > 0 {
                times.push(ms);
            }
        }
        let shapes_n = reachable(shapes, service, selected);
        let ms = Summary::of(&times);
        eprintln!(
            "  {k:>2} operation(s), {shapes_n:>3} shapes: {:.1} ms ({files} files, {} KiB)",
            ms.median,
            bytes / 1024
        );
        points.push(CodegenPoint {
            operations: k,
            shapes: shapes_n,
            files,
            output_bytes: bytes,
            ms,
        });
    }
    Ok(CodegenResults {
        model_shapes: shapes.len(),
        runs,
        points,
    })
}

fn service_operations(model: &Value, service: &str) -> Vec<String> {
    let shapes = &model["shapes"];
    let mut out = BTreeSet::new();
    let mut stack = vec![service.to_owned()];
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = &shapes[&id];
        if shape["type"] == "operation" {
            out.insert(id.rsplit('#').next().unwrap_or(&id).to_owned());
        }
        for key in ["operations", "resources", "collectionOperations"] {
            for t in shape[key].as_array().into_iter().flatten() {
                if let Some(t) = t["target"].as_str() {
                    stack.push(t.to_owned());
                }
            }
        }
        for key in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(t) = shape[key]["target"].as_str() {
                stack.push(t.to_owned());
            }
        }
    }
    out.into_iter().collect()
}

fn reachable(shapes: &serde_json::Map<String, Value>, service: &str, ops: &[String]) -> usize {
    let ns = service.split('#').next().unwrap_or("");
    let mut stack: Vec<String> = ops.iter().map(|o| format!("{ns}#{o}")).collect();
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        let Some(shape) = shapes.get(&id) else {
            continue; // prelude shapes (smithy.api#String, ...)
        };
        if !seen.insert(id.clone()) {
            continue;
        }
        for key in ["input", "output", "member", "key", "value"] {
            if let Some(t) = shape[key]["target"].as_str() {
                stack.push(t.to_owned());
            }
        }
        for e in shape["errors"].as_array().into_iter().flatten() {
            if let Some(t) = e["target"].as_str() {
                stack.push(t.to_owned());
            }
        }
        for m in shape["members"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            if let Some(t) = m["target"].as_str() {
                stack.push(t.to_owned());
            }
        }
    }
    seen.len()
}
