//! Validators: one function per shape that has something to check, walking
//! the value and reporting every violation with its JSON-pointer path.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, path, Ctx};
use crate::ir::{Ir, Kind, Member, ShapeRef};

/// Which shapes need a validator function (something below them has a
/// constraint or an enum).
pub fn plan(ir: &Ir) -> Vec<bool> {
    // Linear: mark the input shapes with a check of their own, then walk the
    // member edges backwards from them (each shape is marked once).
    let n = ir.shapes.len();
    let direct = |m: &Member| {
        !m.constraints.is_empty()
            || matches!(ir.shape(m.target).kind, Kind::Enum(_) | Kind::IntEnum(_))
    };
    fn members_of(s: &crate::ir::Shape) -> Vec<&Member> {
        match &s.kind {
            Kind::Structure { members, .. } | Kind::Union { members } => members.iter().collect(),
            Kind::List { member, .. } => vec![member],
            Kind::Map { key, value, .. } => vec![key, value],
            _ => vec![],
        }
    }
    let mut needs = vec![false; n];
    let mut users: Vec<Vec<ShapeRef>> = vec![Vec::new(); n];
    let mut work = Vec::new();
    let validated = validated_shapes(ir);
    for (r, s) in ir.shape_refs() {
        if !validated[r.0 as usize] {
            continue;
        }
        // An event stream's events arrive after the input is validated:
        // they are not checked.
        let members: Vec<&Member> = members_of(s)
            .into_iter()
            .filter(|m| !ir.event_streams.contains_key(&m.target))
            .collect();
        for m in &members {
            users[m.target.0 as usize].push(r);
        }
        if members.iter().any(|m| direct(m)) {
            needs[r.0 as usize] = true;
            work.push(r);
        }
    }
    while let Some(r) = work.pop() {
        for &u in &users[r.0 as usize] {
            if !std::mem::replace(&mut needs[u.0 as usize], true) {
                work.push(u);
            }
        }
    }
    needs
}

/// The shapes an input validator reaches: every shape inputs reach, except
/// through an event stream (whose events arrive after the input is
/// validated, and are not checked).
fn validated_shapes(ir: &Ir) -> Vec<bool> {
    let mut seen = vec![false; ir.shapes.len()];
    let mut stack: Vec<ShapeRef> = ir.operations.iter().map(|o| o.input).collect();
    while let Some(r) = stack.pop() {
        if std::mem::replace(&mut seen[r.0 as usize], true) {
            continue;
        }
        match &ir.shape(r).kind {
            Kind::Structure { members, .. } | Kind::Union { members } => stack.extend(
                members
                    .iter()
                    .filter(|m| !ir.event_streams.contains_key(&m.target))
                    .map(|m| m.target),
            ),
            Kind::List { member, .. } => stack.push(member.target),
            Kind::Map { key, value, .. } => stack.extend([key.target, value.target]),
            _ => {}
        }
    }
    seen
}

/// Every distinct pattern of the input closure, numbered in sorted order.
pub fn patterns(ir: &Ir) -> BTreeMap<String, usize> {
    let mut all: Vec<String> = Vec::new();
    let validated = validated_shapes(ir);
    for (r, s) in ir.shape_refs() {
        if !validated[r.0 as usize] {
            continue;
        }
        let members: Vec<&Member> = match &s.kind {
            Kind::Structure { members, .. } | Kind::Union { members } => members.iter().collect(),
            Kind::List { member, .. } => vec![member],
            Kind::Map { key, value, .. } => vec![key, value],
            _ => vec![],
        };
        all.extend(members.iter().filter_map(|m| m.constraints.pattern.clone()));
    }
    all.sort();
    all.dedup();
    all.into_iter().enumerate().map(|(i, p)| (p, i)).collect()
}

/// The name of the validator of shape `r`.
pub fn fn_name(cx: &Ctx<'_>, r: ShapeRef) -> proc_macro2::Ident {
    ident(&cx.sym.validator(r))
}

/// The whole `validation.rs` module.
pub fn module(cx: &Ctx<'_>, needs: &[bool]) -> TokenStream {
    let patterns = patterns(cx.ir);
    let statics = patterns.iter().map(|(p, i)| {
        let name = ident(&cx.sym.pattern_static(*i));
        // A control character in the pattern (a raw carriage return in
        // codecatalyst) is shown escaped by `render`, like any doc text.
        let doc = format!(" `{p}`, compiled once.");
        quote! {
            #[doc = #doc]
            static #name: ::std::sync::LazyLock<::smithy_rt::pattern::Pattern> = ::std::sync::LazyLock::new(|| {
                ::smithy_rt::pattern::Pattern::new(#p).expect("the generator checked this pattern with smithy_rt::pattern::Pattern::new")
            });
        }
    });
    let fns = cx
        .ir
        .shape_refs()
        .filter(|(r, _)| needs[r.0 as usize])
        .map(|(r, _)| validator(cx, r, needs, &patterns));
    quote! {
        //! Constraint validation for every input shape that has something to check.
        #![allow(clippy::collapsible_if, clippy::single_match)]
        #(#statics)*
        #(#fns)*
    }
}

fn validator(
    cx: &Ctx<'_>,
    r: ShapeRef,
    needs: &[bool],
    patterns: &BTreeMap<String, usize>,
) -> TokenStream {
    let name = fn_name(cx, r);
    let ty = cx.param_type(r);
    let shape = cx.ir.shape(r);
    let body = match &shape.kind {
        Kind::Structure { members, .. } => {
            let checks = members.iter().enumerate().map(|(i, m)| {
                let f = ident(cx.sym.field(r, i));
                let check = if cx.is_event_stream(m) {
                    quote!()
                } else {
                    member_checks(cx, m, quote!(x), needs, patterns)
                };
                if check.is_empty() {
                    quote!()
                } else {
                    let wire = &m.name;
                    let checks = quote! { let p = path.key(#wire); #check };
                    if m.is_always_set() {
                        quote! { { let x = &value.#f; #checks } }
                    } else {
                        quote! { if let ::std::option::Option::Some(x) = &value.#f { #checks } }
                    }
                }
            });
            quote! { #(#checks)* }
        }
        Kind::Union { members } => {
            let arms = members.iter().enumerate().filter_map(|(i, m)| {
                let check = member_checks(cx, m, quote!(x), needs, patterns);
                if check.is_empty() {
                    return None;
                }
                let var = ident(cx.sym.variant(r, i));
                let wire = &m.name;
                Some(quote! { #ty::#var(x) => { let p = path.key(#wire); #check } })
            });
            quote! { match value { #(#arms)* _ => {} } }
        }
        Kind::List { member, sparse } => {
            let check = member_checks(cx, member, quote!(x), needs, patterns);
            let item = if *sparse {
                quote! { if let ::std::option::Option::Some(x) = x { #check } }
            } else {
                check
            };
            quote! {
                for (i, x) in value.iter().enumerate() {
                    let p = path.index(i);
                    #item
                }
            }
        }
        Kind::Map { key, value, sparse } => {
            // Key violations are reported at the map itself, value violations at the key.
            let key_check = member_checks(cx, key, quote!(k), needs, patterns);
            let value_check = member_checks(cx, value, quote!(x), needs, patterns);
            let value_check = if *sparse && !value_check.is_empty() {
                quote! { if let ::std::option::Option::Some(x) = x { #value_check } }
            } else {
                value_check
            };
            let key_part = if key_check.is_empty() {
                quote!()
            } else {
                quote! { { let p = *path; #key_check } }
            };
            let value_part = if value_check.is_empty() {
                quote!()
            } else {
                // String and enum keys alike have `as_str`.
                quote! { { let p = path.key(k.as_str()); #value_check } }
            };
            quote! {
                for (k, x) in value.iter() {
                    let _ = (&k, &x);
                    #key_part
                    #value_part
                }
            }
        }
        _ => quote!(),
    };
    let doc = format!(" Checks every constraint on a `{}` and below.", shape.name);
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(value: &#ty, path: &::smithy_rt::validation::Path<'_>, out: &mut ::smithy_rt::validation::Violations) {
            #body
        }
    }
}

/// Checks on one value `x` (a reference) at path `p` for member `m`.
fn member_checks(
    cx: &Ctx<'_>,
    m: &Member,
    x: TokenStream,
    needs: &[bool],
    patterns: &BTreeMap<String, usize>,
) -> TokenStream {
    let kind = cx.kind(m.target);
    let c = &m.constraints;
    let mut out = Vec::new();
    if let Some((min, max)) = c.length {
        let len = match kind {
            Kind::String { .. } => quote!(#x.chars().count()),
            // `@length` on an enum bounds its string value.
            Kind::Enum(_) => quote!(#x.as_str().chars().count()),
            _ => quote!(#x.len()),
        };
        let min = opt_u64(min);
        let max = opt_u64(max);
        out.push(quote! { out.length(&p, #len, #min, #max); });
    }
    if let Some(pattern) = &c.pattern {
        let n = ident(&cx.sym.pattern_static(patterns[pattern]));
        match kind {
            Kind::String { .. } => out.push(quote! { out.pattern(&p, #x, &#n, #pattern); }),
            // An enum with `@pattern`: its wire value is checked (an unknown
            // value may not match).
            Kind::Enum(_) => out.push(quote! { out.pattern(&p, #x.as_str(), &#n, #pattern); }),
            _ => {}
        }
    }
    if let Some((min, max)) = &c.range {
        match kind {
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => {
                let conv =
                    |n: &Option<serde_json::Number>| match n.as_ref().and_then(|n| n.as_i64()) {
                        Some(v) => {
                            let v = v as i128;
                            quote!(::std::option::Option::Some(#v))
                        }
                        None => quote!(::std::option::Option::None),
                    };
                let (lo, hi) = (conv(min), conv(max));
                out.push(quote! { out.range_int(&p, i128::from(*#x), #lo, #hi); });
            }
            Kind::Float | Kind::Double => {
                let conv =
                    |n: &Option<serde_json::Number>| match n.as_ref().and_then(|n| n.as_f64()) {
                        Some(v) => quote!(::std::option::Option::Some(#v)),
                        None => quote!(::std::option::Option::None),
                    };
                let (lo, hi) = (conv(min), conv(max));
                out.push(quote! { out.range_float(&p, f64::from(*#x), #lo, #hi); });
            }
            _ => {}
        }
    }
    if c.unique_items {
        out.push(quote! { out.unique_items(&p, #x); });
    }
    match kind {
        Kind::Enum(values) => {
            let t = path(&cx.sym.type_path(m.target));
            let unknown = ident(cx.sym.unknown_variant(m.target));
            // Internal values are accepted but not advertised.
            let listed = if values.iter().any(|v| v.internal) {
                let listed = values
                    .iter()
                    .filter(|v| !v.internal)
                    .map(|v| v.value.as_str());
                quote!(&[#(#listed),*])
            } else {
                quote!(#t::values())
            };
            out.push(quote! {
                if let #t::#unknown(_) = #x { out.enum_value(&p, #listed); }
            });
        }
        Kind::IntEnum(values) => {
            let t = path(&cx.sym.type_path(m.target));
            let unknown = ident(cx.sym.unknown_variant(m.target));
            let allowed: Vec<String> = values.iter().map(|v| v.value.to_string()).collect();
            out.push(quote! {
                if let #t::#unknown(_) = #x { out.enum_value(&p, &[#(#allowed),*]); }
            });
        }
        _ => {}
    }
    if needs[m.target.0 as usize] {
        let f = fn_name(cx, m.target);
        out.push(quote! { crate::validation::#f(#x, &p, out); });
    }
    quote!(#(#out)*)
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = v as usize as u64;
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}
