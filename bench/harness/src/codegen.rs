//! Code generation time through the library (`smithy_codegen::generate`),
//! for one operation, growing subsets of operations and the whole model;
//! and for synthetic chains of nested shapes (a structure holding a list of
//! structures holding a list ..., 100 to 2,000 deep) with the exponent of the
//! fitted power law, which should be about 1 (linear).

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
    /// Nested chains, by depth.
    #[serde(default)]
    pub chains: Vec<ChainPoint>,
    /// `b` of the least-squares fit `ms = a * depth^b` over `chains`.
    #[serde(default)]
    pub chain_exponent: Option<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChainPoint {
    /// Nesting depth: shapes in the chain (structures and lists alternating).
    pub depth: usize,
    pub output_bytes: usize,
    pub ms: Summary,
}

/// Depths of the nested-chain cases.
const CHAIN_DEPTHS: &[usize] = &[100, 250, 500, 1_000, 2_000];

/// A model whose one operation's input holds a chain of `depth` shapes:
/// `C0` a list of `C1`, a structure whose member is `C2`, a list of `C3`, ...
pub fn chain_model(depth: usize) -> String {
    let mut shapes = serde_json::Map::new();
    shapes.insert(
        "ex#Svc".into(),
        serde_json::json!({ "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                "traits": { "aws.protocols#restJson1": {} } }),
    );
    shapes.insert(
        "ex#Op".into(),
        serde_json::json!({ "type": "operation", "input": { "target": "ex#OpInput" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/" } } }),
    );
    shapes.insert(
        "ex#OpInput".into(),
        serde_json::json!({ "type": "structure", "members": { "head": { "target": "ex#C0" } } }),
    );
    for i in 0..depth {
        let next = if i + 1 < depth {
            format!("ex#C{}", i + 1)
        } else {
            "smithy.api#String".to_owned()
        };
        let shape = if i % 2 == 0 {
            serde_json::json!({ "type": "list", "member": { "target": next } })
        } else {
            serde_json::json!({ "type": "structure", "members": {
                "next": { "target": next, "traits": { "smithy.api#length": { "max": 3 } } } } })
        };
        shapes.insert(format!("ex#C{i}"), shape);
    }
    serde_json::json!({ "smithy": "2.0", "shapes": shapes }).to_string()
}

fn run_chains(runs: usize) -> Result<(Vec<ChainPoint>, Option<f64>), String> {
    let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
        "model": "chain.json", "service": "ex#Svc", "crate_name": "chain",
        "out_dir": "out", "operations": ["*"],
    }))
    .map_err(|e| e.to_string())?;
    let mut points = Vec::new();
    for &depth in CHAIN_DEPTHS {
        let text = chain_model(depth);
        let mut times = Vec::new();
        let mut bytes = 0;
        for i in 0..=runs {
            let t = Instant::now();
            let out = smithy_codegen::generate(&config, "chain.json", &text)
                .map_err(|d| format!("codegen of a {depth}-deep chain failed: {d:?}"))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            bytes = out.iter().map(|f| f.contents.len()).sum();
            if i > 0 {
                times.push(ms);
            }
        }
        let ms = Summary::of(&times);
        eprintln!(
            "  chain of {depth:>4}: {:.1} ms ({} KiB)",
            ms.median,
            bytes / 1024
        );
        points.push(ChainPoint {
            depth,
            output_bytes: bytes,
            ms,
        });
    }
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|p| ((p.depth as f64).ln(), p.ms.median.max(1e-3).ln()))
        .collect();
    let exponent = fit_slope(&xy);
    if let Some(b) = exponent {
        eprintln!("  chains: time ~ depth^{b:.2}");
    }
    Ok((points, exponent))
}

/// Least-squares slope of `y` over `x`.
fn fit_slope(xy: &[(f64, f64)]) -> Option<f64> {
    let n = xy.len() as f64;
    if xy.len() < 2 {
        return None;
    }
    let (sx, sy) = xy.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = xy.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
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
    let (chains, chain_exponent) = run_chains(runs.min(3))?;
    Ok(CodegenResults {
        model_shapes: shapes.len(),
        runs,
        points,
        chains,
        chain_exponent,
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
