//! A loaded model: every shape of the file(s) by id, with `apply` statements
//! folded in and mixins flattened, plus the prelude on demand.

use std::collections::BTreeMap;

use super::ast::{self, Shape};
use super::{prelude, traits};
use crate::diag::{pointer_segment, Diagnostics};

/// All shapes of a model by absolute id (prelude shapes are looked up lazily).
#[derive(Debug, Default)]
pub struct Model {
    shapes: BTreeMap<String, Shape>,
}

impl Model {
    /// Parses one JSON AST document. Every problem is recorded in `diags`
    /// with the file name and a JSON pointer.
    pub fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> Model {
        let file: ast::File = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                diags.file(path, "", format!("not a Smithy JSON AST document: {e}"));
                return Model::default();
            }
        };
        if !(file.smithy.starts_with("2") || file.smithy.starts_with("1")) {
            diags.file(
                path,
                "/smithy",
                format!(
                    "unsupported Smithy version {:?}, expected 1.0 or 2.0",
                    file.smithy
                ),
            );
        }
        let mut shapes = BTreeMap::new();
        let mut applies = Vec::new();
        for (id, raw) in file.shapes {
            let pointer = format!("/shapes/{}", pointer_segment(&id));
            if !id.contains('#') {
                diags.file(
                    path,
                    pointer,
                    format!("{id:?} is not an absolute shape id (namespace#Name)"),
                );
                continue;
            }
            match serde_json::from_str::<Shape>(raw.get()) {
                Ok(Shape::Apply(a)) => applies.push((id, a, pointer)),
                Ok(shape) => {
                    if !is_shape_id(&id) {
                        diags.file(
                            path,
                            pointer,
                            format!(
                                "{id:?} is not a valid shape id: namespace#Name, each part \
                                 letters, digits and `_`, not starting with a digit"
                            ),
                        );
                        continue;
                    }
                    let bad: Vec<&String> = match &shape {
                        Shape::Structure(a)
                        | Shape::Union(a)
                        | Shape::Enum(a)
                        | Shape::IntEnum(a) => {
                            a.members.keys().filter(|m| !is_identifier(m)).collect()
                        }
                        _ => vec![],
                    };
                    for m in &bad {
                        diags.file(
                            path,
                            format!("{pointer}/members/{}", pointer_segment(m)),
                            format!(
                                "{m:?} is not a valid member name: letters, digits and `_`, \
                                 starting with a letter or `_` followed by a letter or digit"
                            ),
                        );
                    }
                    if !bad.is_empty() {
                        continue;
                    }
                    shapes.insert(id, shape);
                }
                Err(e) => diags.file(path, pointer, format!("invalid shape: {e}")),
            }
        }
        let mut model = Model { shapes };
        for (id, apply, pointer) in applies {
            model.apply(path, &id, apply.traits, &pointer, diags);
        }
        model.flatten_mixins(diags);
        model
    }

    fn apply(
        &mut self,
        path: &str,
        id: &str,
        add: ast::Traits,
        pointer: &str,
        diags: &mut Diagnostics,
    ) {
        let (shape_id, member) = match id.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (id, None),
        };
        let Some(shape) = self.shapes.get_mut(shape_id) else {
            diags.file(
                path,
                pointer,
                format!("`apply` targets {id}, which is not defined in the model"),
            );
            return;
        };
        let target = match member {
            Some(m) => match shape.member_mut(m) {
                Some(member) => &mut member.traits,
                None => {
                    diags.file(
                        path,
                        pointer,
                        format!("`apply` targets member {id}, which does not exist"),
                    );
                    return;
                }
            },
            None => match shape.traits_mut() {
                Some(t) => t,
                None => {
                    diags.file(path, pointer, format!("`apply` cannot add traits to {id}"));
                    return;
                }
            },
        };
        target.extend(add);
    }

    /// Copies each mixin's members and traits into the shapes that use it
    /// (mixin members first, in mixin order; the shape's own traits win).
    fn flatten_mixins(&mut self, diags: &mut Diagnostics) {
        let ids: Vec<String> = self.shapes.keys().cloned().collect();
        for id in ids {
            let mut seen = Vec::new();
            if let Some(flat) = self.flattened(&id, &mut seen, diags) {
                self.shapes.insert(id, flat);
            }
        }
    }

    fn flattened(
        &self,
        id: &str,
        seen: &mut Vec<String>,
        diags: &mut Diagnostics,
    ) -> Option<Shape> {
        let shape = self.shapes.get(id)?;
        if shape.mixins().is_empty() {
            return None;
        }
        if seen.iter().any(|s| s == id) {
            diags.shape(id, "mixin cycle");
            return None;
        }
        seen.push(id.to_owned());
        let mut out = shape.clone();
        let mut inherited_traits = ast::Traits::new();
        let mut inherited_members = indexmap::IndexMap::new();
        for mixin in shape.mixins() {
            let Some(m) = self
                .flattened(&mixin.target, seen, diags)
                .or_else(|| self.shapes.get(&mixin.target).cloned())
            else {
                diags.shape(id, format!("mixin {} is not defined", mixin.target));
                continue;
            };
            for (k, v) in m.traits() {
                if k != traits::MIXIN {
                    inherited_traits.insert(k.clone(), v.clone());
                }
            }
            if let Shape::Structure(a) | Shape::Union(a) | Shape::Enum(a) | Shape::IntEnum(a) = &m {
                for (name, member) in &a.members {
                    inherited_members.insert(name.clone(), member.clone());
                }
            }
        }
        seen.pop();
        if let Some(t) = out.traits_mut() {
            for (k, v) in inherited_traits {
                t.entry(k).or_insert(v);
            }
        }
        if let Some(members) = out.members_mut() {
            let own = std::mem::take(members);
            for (name, mut member) in inherited_members {
                if let Some(local) = own.get(&name) {
                    member.traits.extend(local.traits.clone());
                }
                members.insert(name, member);
            }
            for (name, member) in own {
                members.entry(name).or_insert(member);
            }
        }
        match &mut out {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => s.mixins.clear(),
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                a.mixins.clear()
            }
            Shape::List(l) => l.mixins.clear(),
            Shape::Map(m) => m.mixins.clear(),
            Shape::Service(s) => s.mixins.clear(),
            Shape::Operation(o) => o.mixins.clear(),
            Shape::Resource(_) | Shape::Apply(_) => {}
        }
        Some(out)
    }

    /// The shape with this id: a model shape, else a prelude shape.
    pub fn get(&self, id: &str) -> Option<std::borrow::Cow<'_, Shape>> {
        match self.shapes.get(id) {
            Some(s) => Some(std::borrow::Cow::Borrowed(s)),
            None => prelude::shape(id).map(std::borrow::Cow::Owned),
        }
    }

    /// Every shape of the model (not the prelude), by id.
    pub fn shapes(&self) -> &BTreeMap<String, Shape> {
        &self.shapes
    }
}

/// A Smithy identifier: `(1*"_" (ALPHA / DIGIT)) / ALPHA`, then letters,
/// digits and `_`.
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let starts_ok = if rest.len() == s.len() {
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
    } else {
        rest.starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    starts_ok && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An absolute shape id `namespace#Name` (no member part): the namespace is
/// identifiers joined by `.`.
pub fn is_shape_id(id: &str) -> bool {
    let Some((ns, name)) = id.split_once('#') else {
        return false;
    };
    ns.split('.').all(is_identifier) && is_identifier(name)
}

#[cfg(test)]
mod tests {
    use super::{is_identifier, is_shape_id};

    #[test]
    fn identifiers() {
        for ok in ["a", "A1", "_a", "__1", "snake_case", "Path"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "_", "__", "1a", "a-b", "a b", "é"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        assert!(is_shape_id("com.example#Foo"));
        for bad in ["com.example#", "#Foo", "com..example#Foo", "a#b#c", "a#1b"] {
            assert!(!is_shape_id(bad), "{bad}");
        }
    }
}
