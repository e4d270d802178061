//! smithy-codegen: generates Rust clients from Smithy JSON AST models.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! model JSON --smithy::model--> Model --lower--> Ir --symbols--> Symbols
//!            --emit--> TokenStreams --render--> files
//! ```
//!
//! Every problem found before emission is a [`diag::Diagnostic`] naming the
//! shape (or file and JSON pointer); all of them are reported together and
//! nothing is written.
#![deny(missing_docs)]

pub mod config;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod protocol_catalog;
pub mod render;
pub mod smithy;
pub mod symbols;

use std::path::Path;

pub use config::Config;
pub use diag::{Diagnostic, Diagnostics};

/// One generated file: its path relative to the output directory and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// Generates the crate described by `config` from model text `model_text`
/// (read from `model_name`, used in diagnostics and headers).
pub fn generate(
    config: &Config,
    model_name: &str,
    model_text: &str,
) -> Result<Vec<GeneratedFile>, Vec<Diagnostic>> {
    generate_with_warnings(config, model_name, model_text).map(|(files, _)| files)
}

/// Like [`generate`], also returning the warnings: what was generated with
/// less checking than the model asks for (a `@pattern` with no exact
/// ECMA-262 meaning), each naming the member.
pub fn generate_with_warnings(
    config: &Config,
    model_name: &str,
    model_text: &str,
) -> Result<(Vec<GeneratedFile>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let model = smithy::model::Model::parse(model_name, model_text, &mut diags);
    if !diags.is_empty() {
        return diags.finish((vec![], vec![]));
    }
    let ir = lower::lower(&model, config, &mut diags);
    let warnings = diags.warnings();
    let Some(ir) = diags.finish(ir)? else {
        return Err(vec![Diagnostic {
            location: diag::Location::Config(model_name.to_owned()),
            message: "lowering failed without a diagnostic".to_owned(),
        }]);
    };
    let symbols = symbols::Symbols::new(&ir);
    let cx = emit::Ctx {
        ir: &ir,
        sym: &symbols,
        model_file: model_name,
        codec: emit::codec_shapes(&ir),
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (path, content) in emit::emit_crate(&cx, config) {
        match content {
            emit::FileContent::Text(t) => out.push(GeneratedFile { path, contents: t }),
            emit::FileContent::Rust(tokens) => match render::rust_file(&path, model_name, tokens) {
                Ok(contents) => out.push(GeneratedFile { path, contents }),
                Err(e) => errors.push(Diagnostic {
                    location: diag::Location::Config(path.clone()),
                    message: e,
                }),
            },
        }
    }
    if errors.is_empty() {
        Ok((out, warnings))
    } else {
        Err(errors)
    }
}

/// Reads a config file and its model, and generates. Paths in the config are
/// relative to the config file's directory.
pub fn generate_from_config_file(
    config_path: &Path,
) -> Result<(Config, Vec<GeneratedFile>), Vec<Diagnostic>> {
    let shown = config_path.display().to_string();
    let err = |m: String| {
        vec![Diagnostic {
            location: diag::Location::Config(shown.clone()),
            message: m,
        }]
    };
    let text =
        std::fs::read_to_string(config_path).map_err(|e| err(format!("cannot read: {e}")))?;
    let config: Config =
        serde_json::from_str(&text).map_err(|e| err(format!("invalid config: {e}")))?;
    let dir = config_path.parent().unwrap_or(Path::new("."));
    let model_path = dir.join(&config.model);
    let model_text = std::fs::read_to_string(&model_path)
        .map_err(|e| err(format!("cannot read model {}: {e}", model_path.display())))?;
    let (files, warnings) = generate_with_warnings(&config, &config.model, &model_text)?;
    // The one caller is a command line (`cargo xtask codegen`): warnings
    // go where a person sees them.
    for w in warnings {
        eprintln!("warning: {}: {}", w.location, w.message);
    }
    Ok((config, files))
}
