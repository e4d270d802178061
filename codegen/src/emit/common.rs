//! Helpers shared by the emitters: identifiers, paths, docs and Rust types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Ir, Kind, Member, ShapeRef};
use crate::symbols::{escape_ident, Symbols};

/// Everything an emitter reads.
pub struct Ctx<'a> {
    /// The lowered service.
    pub ir: &'a Ir,
    /// Its names.
    pub sym: &'a Symbols,
    /// The model file, for the generated header and docs.
    pub model_file: &'a str,
    /// Which shapes the JSON codec has a reader and writer for
    /// ([`codec_shapes`]), computed once per generation.
    pub codec: Vec<bool>,
}

/// An identifier for a decided name (keywords escaped).
pub fn ident(name: &str) -> Ident {
    let escaped = escape_ident(name);
    match escaped.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&escaped, Span::call_site()),
    }
}

/// A path such as `crate::types::MembershipItem` as tokens.
pub fn path(p: &str) -> TokenStream {
    let segments = p.split("::").map(|s| match s {
        "crate" | "self" | "super" => Ident::new(s, Span::call_site()),
        s => ident(s),
    });
    quote!(#(#segments)::*)
}

/// `#[doc]` attributes for optional documentation, with a fallback line.
pub fn docs(text: Option<&str>, fallback: &str) -> TokenStream {
    let text = text.unwrap_or(fallback);
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated]` for a deprecated item.
pub fn deprecated(d: Option<&crate::ir::Deprecation>) -> TokenStream {
    match d {
        None => quote!(),
        Some(d) => {
            let note = match (&d.message, &d.since) {
                (Some(m), Some(s)) => format!("{m} (since {s})"),
                (Some(m), None) => m.clone(),
                (None, Some(s)) => format!("deprecated since {s}"),
                (None, None) => String::new(),
            };
            if note.is_empty() {
                quote!(#[deprecated])
            } else {
                quote!(#[deprecated(note = #note)])
            }
        }
    }
}

impl Ctx<'_> {
    /// The Rust type of a value of shape `r` (no `Option`, no `Box`).
    pub fn value_type(&self, r: ShapeRef) -> TokenStream {
        let shape = self.ir.shape(r);
        match &shape.kind {
            Kind::Blob { .. } => quote!(::std::vec::Vec<u8>),
            Kind::Boolean => quote!(bool),
            Kind::String { .. } | Kind::BigInteger | Kind::BigDecimal => {
                quote!(::std::string::String)
            }
            Kind::Byte => quote!(i8),
            Kind::Short => quote!(i16),
            Kind::Integer => quote!(i32),
            Kind::Long => quote!(i64),
            Kind::Float => quote!(f32),
            Kind::Double => quote!(f64),
            Kind::Timestamp => quote!(::smithy_rt::datetime::DateTime),
            Kind::Document => quote!(::serde_json::Value),
            Kind::Enum(_) | Kind::IntEnum(_) | Kind::Structure { .. } | Kind::Union { .. } => {
                path(&self.sym.type_path(r))
            }
            Kind::List { member, sparse } => {
                let item = self.value_type(member.target);
                if *sparse {
                    quote!(::std::vec::Vec<::std::option::Option<#item>>)
                } else {
                    quote!(::std::vec::Vec<#item>)
                }
            }
            Kind::Map { key, value, sparse } => {
                let k = self.value_type(key.target);
                let v = self.value_type(value.target);
                if *sparse {
                    quote!(::std::collections::BTreeMap<#k, ::std::option::Option<#v>>)
                } else {
                    quote!(::std::collections::BTreeMap<#k, #v>)
                }
            }
        }
    }

    /// The type a function takes a value of shape `r` by reference as: like
    /// [`Ctx::value_type`] but `[T]` for lists, so parameters are slices.
    pub fn param_type(&self, r: ShapeRef) -> TokenStream {
        match &self.ir.shape(r).kind {
            Kind::List { member, sparse } => {
                let item = self.value_type(member.target);
                if *sparse {
                    quote!([::std::option::Option<#item>])
                } else {
                    quote!([#item])
                }
            }
            _ => self.value_type(r),
        }
    }

    /// The type of a member targeting an event stream (`@streaming`
    /// union): `smithy_rt::event_stream::EventStream<Union, UnionError>`.
    pub fn event_stream_type(&self, m: &Member) -> Option<TokenStream> {
        let stream = self.ir.event_stream(m)?;
        let union = path(&self.sym.type_path(stream.union));
        let error = path(&self.sym.stream_error_path(stream.union));
        Some(quote!(::smithy_rt::event_stream::EventStream<#union, #error>))
    }

    /// True if member `m` holds an event stream.
    pub fn is_event_stream(&self, m: &Member) -> bool {
        self.ir.event_stream(m).is_some()
    }

    /// True if structure `r` holds an event stream: it (and its builder)
    /// can be neither cloned nor compared.
    pub fn holds_event_stream(&self, r: ShapeRef) -> bool {
        self.ir
            .shape(r)
            .kind
            .members()
            .iter()
            .any(|m| self.is_event_stream(m))
    }

    /// The type a member holds once set: its value type, boxed if recursive
    /// (an event stream for a `@streaming` union).
    pub fn member_value_type(&self, m: &Member) -> TokenStream {
        if let Some(t) = self.event_stream_type(m) {
            return t;
        }
        let t = self.value_type(m.target);
        if m.boxed {
            quote!(::std::boxed::Box<#t>)
        } else {
            t
        }
    }

    /// The field type of a structure member: `Option<...>` unless always set.
    pub fn field_type(&self, m: &Member) -> TokenStream {
        let t = self.member_value_type(m);
        // An event stream is never optional: the empty stream is its default.
        if m.is_always_set() || self.is_event_stream(m) {
            t
        } else {
            quote!(::std::option::Option<#t>)
        }
    }

    /// The kind of shape `r`.
    pub fn kind(&self, r: ShapeRef) -> &Kind {
        &self.ir.shape(r).kind
    }

    /// True if values of `r` may be sensitive to print.
    pub fn is_sensitive(&self, m: &Member) -> bool {
        m.sensitive || self.ir.shape(m.target).sensitive
    }
}

/// Which shapes the JSON codec has a reader and a writer for: those of
/// [`json_shapes`], and every operation's input and output with everything
/// they contain (the command line reads and writes whole inputs and outputs
/// as documents keyed by member names).
pub fn codec_shapes(ir: &Ir) -> Vec<bool> {
    let mut seen = json_shapes(ir);
    let stack: Vec<ShapeRef> = ir
        .operations
        .iter()
        .flat_map(|op| [op.input, op.output])
        .collect();
    mark_contents(ir, &mut seen, stack);
    seen
}

/// Which shapes travel in JSON bodies, in either direction: the targets of
/// the body and payload members of every request, response and error
/// message, and everything those contain.
pub fn json_shapes(ir: &Ir) -> Vec<bool> {
    let mut seen = vec![false; ir.shapes.len()];
    let mut stack = Vec::new();
    let messages = ir
        .operations
        .iter()
        .flat_map(|op| [&op.request, &op.response])
        .chain(ir.error_messages.values());
    for msg in messages {
        let members = ir.shape(msg.shape).kind.members();
        stack.extend(msg.body.iter().map(|&i| members[i].target));
        stack.extend(msg.payload.iter().map(|p| members[p.member].target));
    }
    mark_contents(ir, &mut seen, stack);
    seen
}

/// Marks the shapes on `stack` and everything they contain in `seen`. A
/// `@streaming` union is never read or written as JSON (its events are
/// messages), so it is not marked, but the event and error structures it
/// holds are (their payloads are JSON).
fn mark_contents(ir: &Ir, seen: &mut [bool], mut stack: Vec<ShapeRef>) {
    let mut streams_seen = std::collections::BTreeSet::new();
    while let Some(r) = stack.pop() {
        let is_stream = ir.event_streams.contains_key(&r);
        if is_stream && !streams_seen.insert(r) {
            continue;
        }
        if !is_stream && std::mem::replace(&mut seen[r.0 as usize], true) {
            continue;
        }
        match &ir.shape(r).kind {
            Kind::List { member, .. } => stack.push(member.target),
            Kind::Map { key, value, .. } => stack.extend([key.target, value.target]),
            Kind::Structure { members, .. } | Kind::Union { members } => {
                stack.extend(members.iter().map(|m| m.target))
            }
            _ => {}
        }
    }
}
