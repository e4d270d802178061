//! Rust expressions that build a value of a shape from JSON, for generated
//! protocol tests: from a test case's `params` (member names, blobs as text,
//! timestamps as epoch seconds) or from a request body on the wire (JSON
//! names, blobs in base64, timestamps in their format).

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::common::{ident, path, Ctx};
use crate::ir::{Kind, Member, ShapeRef};

/// How the JSON describes values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `params` of a test case.
    Params,
    /// A JSON request body (restJson1).
    Wire,
}

/// Builds expressions for one generated test crate.
pub struct Values<'a> {
    /// The emitter context.
    pub cx: &'a Ctx<'a>,
    /// The library name of the crate under test, replacing `crate` in paths.
    pub krate: &'a str,
    /// How the JSON describes values.
    pub source: Source,
    /// In [`Source::Wire`] mode, building a structure with a missing required
    /// member is an error (`?`, nested under its JSON pointer) instead of a panic.
    pub fallible: bool,
}

/// True if the builder of structure `r` can fail (it has required members
/// without defaults, which `build()` reports).
pub fn build_is_fallible(cx: &Ctx<'_>, r: ShapeRef) -> bool {
    cx.ir
        .shape(r)
        .kind
        .members()
        .iter()
        .any(|m| m.client_required() && m.client_default().is_none())
}

impl Values<'_> {
    /// A path of the crate under test as tokens.
    pub fn path(&self, p: &str) -> TokenStream {
        match p.strip_prefix("crate::") {
            Some(rest) => path(&format!("{}::{rest}", self.krate)),
            None => path(p),
        }
    }

    /// The type of shape `r` as seen from outside the crate.
    pub fn type_path(&self, r: ShapeRef) -> TokenStream {
        self.path(&self.cx.sym.type_path(r))
    }

    /// An expression of the value type of member `m` (its target, boxed if
    /// the member is) for JSON `v` at JSON pointer `at`.
    pub fn member_value(&self, m: &Member, v: &Value, at: &str) -> TokenStream {
        let e = self.value(m.target, m, v, at);
        if m.boxed {
            quote!(::std::boxed::Box::new(#e))
        } else {
            e
        }
    }

    /// An expression of the value type of shape `r` for JSON `v`.
    fn value(&self, r: ShapeRef, m: &Member, v: &Value, at: &str) -> TokenStream {
        let cx = self.cx;
        match (cx.kind(r), v) {
            (Kind::String { .. }, Value::String(s)) => quote!(::std::string::String::from(#s)),
            (Kind::BigInteger | Kind::BigDecimal, v) => {
                let s = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                quote!(::std::string::String::from(#s))
            }
            (Kind::Enum(_), Value::String(s)) => {
                let t = self.type_path(r);
                quote!(<#t>::from(#s))
            }
            (Kind::IntEnum(_), Value::Number(n)) => {
                let t = self.type_path(r);
                let n = Literal::i32_suffixed(n.as_i64().unwrap_or_default() as i32);
                quote!(<#t>::from(#n))
            }
            (Kind::Boolean, Value::Bool(b)) => quote!(#b),
            (Kind::Byte, Value::Number(n)) => {
                let n = Literal::i8_suffixed(n.as_i64().unwrap_or_default() as i8);
                quote!(#n)
            }
            (Kind::Short, Value::Number(n)) => {
                let n = Literal::i16_suffixed(n.as_i64().unwrap_or_default() as i16);
                quote!(#n)
            }
            (Kind::Integer, Value::Number(n)) => {
                let n = Literal::i32_suffixed(n.as_i64().unwrap_or_default() as i32);
                quote!(#n)
            }
            (Kind::Long, Value::Number(n)) => {
                let n = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
                quote!(#n)
            }
            (Kind::Float, v) => float(v, quote!(f32), |f| Literal::f32_suffixed(f as f32)),
            (Kind::Double, v) => float(v, quote!(f64), Literal::f64_suffixed),
            (Kind::Blob { .. }, Value::String(s)) => {
                let bytes = match self.source {
                    Source::Params => s.as_bytes().to_vec(),
                    Source::Wire => base64_decode(s).unwrap_or_else(|| s.as_bytes().to_vec()),
                };
                let lit = Literal::byte_string(&bytes);
                quote!(::std::vec::Vec::from(&#lit[..]))
            }
            (Kind::Timestamp, v) => self.timestamp(m, v),
            (Kind::Document, v) => {
                let text = v.to_string();
                quote!(::serde_json::from_str::<::serde_json::Value>(#text).expect("a JSON document"))
            }
            (Kind::List { member, sparse }, Value::Array(items)) => {
                let items = items.iter().enumerate().map(|(i, x)| {
                    let at = format!("{at}/{i}");
                    if *sparse {
                        if x.is_null() {
                            quote!(::std::option::Option::None)
                        } else {
                            let e = self.member_value(member, x, &at);
                            quote!(::std::option::Option::Some(#e))
                        }
                    } else {
                        self.member_value(member, x, &at)
                    }
                });
                quote!(::std::vec![#(#items),*])
            }
            (Kind::Map { key, value, sparse }, Value::Object(entries)) => {
                let entries = entries.iter().map(|(k, x)| {
                    let kv = self.member_value(key, &Value::String(k.clone()), at);
                    let at = format!("{at}/{k}");
                    let xv = if *sparse {
                        if x.is_null() {
                            quote!(::std::option::Option::None)
                        } else {
                            let e = self.member_value(value, x, &at);
                            quote!(::std::option::Option::Some(#e))
                        }
                    } else {
                        self.member_value(value, x, &at)
                    };
                    quote!((#kv, #xv))
                });
                quote!(::std::collections::BTreeMap::from([#(#entries),*]))
            }
            (Kind::Structure { .. }, Value::Object(obj)) => self.structure(r, obj, at, None),
            (Kind::Union { members }, Value::Object(obj)) => {
                let t = self.type_path(r);
                let found = obj.iter().find_map(|(k, x)| {
                    let i = members.iter().position(|m| self.key(m) == k)?;
                    (!x.is_null()).then_some((i, x))
                });
                match found {
                    Some((i, x)) => {
                        let var = ident(cx.sym.variant(r, i));
                        let at = format!("{at}/{}", members[i].name);
                        let e = self.member_value(&members[i], x, &at);
                        quote!(#t::#var(#e))
                    }
                    None => {
                        let unknown = ident(cx.sym.unknown_variant(r));
                        quote!(#t::#unknown)
                    }
                }
            }
            (_, other) => {
                let text =
                    format!("the test case gives {other} where the model expects a different type");
                quote!(::std::panic!("{}", #text))
            }
        }
    }

    fn key<'m>(&self, m: &'m Member) -> &'m str {
        match self.source {
            Source::Params => &m.name,
            Source::Wire => &m.json_name,
        }
    }

    fn timestamp(&self, m: &Member, v: &Value) -> TokenStream {
        match v {
            Value::Number(n) => match n.as_i64() {
                Some(secs) => quote!(::smithy_rt::datetime::DateTime::from_secs(#secs)),
                None => {
                    let secs = n.as_f64().unwrap_or_default();
                    quote!(::smithy_rt::datetime::DateTime::from_secs_f64(#secs))
                }
            },
            Value::String(s) => {
                // A Smithy node value gives a timestamp as epoch seconds or
                // RFC 3339 text; a wire body in the member's format.
                let f = match self.source {
                    Source::Params => quote!(::smithy_rt::datetime::Format::DateTime),
                    Source::Wire => super::json_ser::timestamp_format(m.json_timestamp_format()),
                };
                quote!(::smithy_rt::datetime::DateTime::parse(#s, #f).expect("a timestamp"))
            }
            other => {
                let text = format!("the test case gives {other} for a timestamp");
                quote!(::std::panic!("{}", #text))
            }
        }
    }

    /// A structure built with its builder from the members in `obj`; `meta`
    /// is an expression for the error metadata of error structures.
    pub fn structure(
        &self,
        r: ShapeRef,
        obj: &Map<String, Value>,
        at: &str,
        meta: Option<TokenStream>,
    ) -> TokenStream {
        let cx = self.cx;
        let t = self.type_path(r);
        let members = cx.ir.shape(r).kind.members();
        let setters = members.iter().enumerate().filter_map(|(i, m)| {
            let v = obj.get(self.key(m)).filter(|v| !v.is_null())?;
            let set = quote::format_ident!("set_{}", cx.sym.field(r, i).trim_start_matches("r#"));
            let e = self.member_value(m, v, &format!("{at}/{}", m.name));
            Some(quote!(.#set(::std::option::Option::Some(#e))))
        });
        let meta = meta.map(|m| quote!(.meta(#m)));
        let build = if !build_is_fallible(cx, r) {
            quote!(.build())
        } else if self.fallible {
            quote!(.build().map_err(|e| e.nested_under(#at))?)
        } else {
            let msg = format!(
                "the test case sets every required member of {}",
                cx.ir.shape(r).name
            );
            quote!(.build().expect(#msg))
        };
        quote!(#t::builder() #(#setters)* #meta #build)
    }
}

fn float(v: &Value, ty: TokenStream, lit: impl Fn(f64) -> Literal) -> TokenStream {
    match v {
        Value::Number(n) => {
            let l = lit(n.as_f64().unwrap_or_default());
            quote!(#l)
        }
        Value::String(s) if s == "NaN" => quote!(#ty::NAN),
        Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
        other => {
            let text = format!("the test case gives {other} for a float");
            quote!(::std::panic!("{}", #text))
        }
    }
}

/// Decodes standard base64 (padding optional); `None` if it is not base64.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64() {
        assert_eq!(super::base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(super::base64_decode("dmFsdWU=").unwrap(), b"value");
        assert!(super::base64_decode("a b").is_none());
    }
}
