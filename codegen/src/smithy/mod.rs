//! Front end: the Smithy JSON AST, read as it is (no logic), plus the prelude
//! and the model-level transformations that Smithy defines (`apply`, mixins).

pub mod ast;
pub mod model;
pub mod prelude;
pub mod rules_traits;
pub mod traits;
