//! [`EndpointError`]: why an endpoint could not be resolved.

use std::error::Error as StdError;
use std::fmt;

/// Why an endpoint could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// An `error` rule of the ruleset matched; its message is shown as is.
    Rule {
        /// The ruleset's message, e.g. `Invalid Configuration: Missing Region`.
        message: String,
    },
    /// A required parameter has no value and no default.
    MissingParameter {
        /// The parameter's name.
        name: String,
    },
    /// A parameter was given a value of the wrong type.
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// The type the ruleset declares: `String`, `Boolean` or `StringArray`.
        expected: &'static str,
    },
    /// The ruleset (or partitions table) JSON is not well-formed.
    InvalidRuleSet {
        /// Where in the document, e.g. `rules[1].conditions[0].argv`.
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// A tree rule matched but none of its rules did, or no top-level rule did.
    NoMatchingRule {
        /// Where the tree rule is, e.g. `rules[1]`, or `rules` for the top level.
        path: String,
    },
    /// A value had the wrong type for the function or template using it.
    Evaluation {
        /// What went wrong.
        message: String,
    },
}

impl EndpointError {
    pub(crate) fn invalid(path: &str, message: impl Into<String>) -> Self {
        EndpointError::InvalidRuleSet {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    pub(crate) fn evaluation(message: impl Into<String>) -> Self {
        EndpointError::Evaluation {
            message: message.into(),
        }
    }

    /// The message of a matched `error` rule, if this is one.
    pub fn rule_message(&self) -> Option<&str> {
        match self {
            EndpointError::Rule { message } => Some(message),
            _ => None,
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointError::Rule { message } => f.write_str(message),
            EndpointError::MissingParameter { name } => {
                write!(f, "endpoint parameter `{name}` is required but was not set")
            }
            EndpointError::InvalidParameter { name, expected } => {
                write!(f, "endpoint parameter `{name}` must be of type {expected}")
            }
            EndpointError::InvalidRuleSet { path, message } => {
                write!(f, "invalid endpoint ruleset at `{path}`: {message}")
            }
            EndpointError::NoMatchingRule { path } => {
                write!(f, "no endpoint rule matched these parameters (in `{path}`)")
            }
            EndpointError::Evaluation { message } => {
                write!(f, "endpoint rule evaluation failed: {message}")
            }
        }
    }
}

impl StdError for EndpointError {}
