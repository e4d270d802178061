//! Diagnostics: every problem found while reading a model, each tied to a
//! shape id or a file and JSON pointer, collected and reported together.

use std::fmt;

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A shape or member, e.g. `com.amazonaws.chime#MembershipItem$Role`.
    Shape(String),
    /// A file and a JSON pointer into it.
    File {
        /// The file.
        path: String,
        /// RFC 6901 pointer, e.g. `/shapes/com.example#Foo/members`.
        pointer: String,
    },
    /// The configuration file.
    Config(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Shape(id) => f.write_str(id),
            Location::File { path, pointer } => write!(f, "{path}:{pointer}"),
            Location::Config(path) => write!(f, "{path}"),
        }
    }
}

/// One problem: where, what is wrong and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}: {}", self.location, self.message)
    }
}

/// Collects diagnostics; a stage that has pushed any must not hand on its result.
/// Warnings are kept apart: they do not stop generation.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning at a shape or member id: generation goes on.
    pub fn warn_shape(&mut self, id: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Diagnostic {
            location: Location::Shape(id.into()),
            message: message.into(),
        });
    }

    /// The warnings recorded so far, sorted (they are shown as
    /// `warning: <location>: <message>`).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut w = self.warnings.clone();
        w.sort();
        w.dedup();
        w
    }

    /// Records a problem at a shape or member id.
    pub fn shape(&mut self, id: impl Into<String>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            location: Location::Shape(id.into()),
            message: message.into(),
        });
    }

    /// Records a problem at a file and JSON pointer.
    pub fn file(&mut self, path: &str, pointer: impl Into<String>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            location: Location::File {
                path: path.to_owned(),
                pointer: pointer.into(),
            },
            message: message.into(),
        });
    }

    /// Records a problem in the configuration.
    pub fn config(&mut self, path: &str, message: impl Into<String>) {
        self.list.push(Diagnostic {
            location: Location::Config(path.to_owned()),
            message: message.into(),
        });
    }

    /// True if nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Ok(value)` if nothing was recorded, else every diagnostic, sorted and deduplicated.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            let mut list = self.list;
            list.sort();
            list.dedup();
            Err(list)
        }
    }
}

/// Escapes one segment of a JSON pointer (RFC 6901).
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
