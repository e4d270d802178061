//! JSON body serializers: one function per structure and union reachable
//! from an input, writing straight into a byte buffer (lists and maps are
//! written where they are used, with the runtime's `ValueWriter::list` and
//! friends).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, path, Ctx};
use crate::ir::{Kind, Member, ShapeRef, TimestampFormat};

/// The serializer function of aggregate shape `r`.
pub fn fn_name(cx: &Ctx<'_>, r: ShapeRef) -> proc_macro2::Ident {
    ident(&cx.sym.json_writer(r))
}

/// Writes value `x` (a reference) of member `m` into value writer `w`.
pub fn write_value(cx: &Ctx<'_>, m: &Member, x: TokenStream, w: TokenStream) -> TokenStream {
    write_value_as(cx, m, x, w, m.json_timestamp_format())
}

/// The key writer for member `m` of an object writer `obj`: its wire name,
/// or, when `@jsonName` makes the two differ, whichever the profile picks.
pub fn member_key(m: &Member) -> TokenStream {
    let wire = &m.json_name;
    if m.json_name == m.name {
        quote!(obj.key(#wire))
    } else {
        let name = &m.name;
        quote!(obj.member(#wire, #name))
    }
}

/// [`write_value`] with timestamps in `format` (a member bound to a header
/// keeps its header format in a document).
pub fn write_value_as(
    cx: &Ctx<'_>,
    m: &Member,
    x: TokenStream,
    w: TokenStream,
    format: TimestampFormat,
) -> TokenStream {
    match cx.kind(m.target) {
        Kind::String { .. } => quote!(#w.string(#x)),
        Kind::Enum(_) => quote!(#w.string(#x.as_str())),
        Kind::IntEnum(_) => quote!(#w.integer(i64::from(#x.as_i32()))),
        Kind::Boolean => quote!(#w.boolean(*#x)),
        Kind::Byte | Kind::Short | Kind::Integer => quote!(#w.integer(i64::from(*#x))),
        Kind::Long => quote!(#w.integer(*#x)),
        Kind::Float => quote!(#w.float32(*#x)),
        Kind::Double => quote!(#w.float(*#x)),
        Kind::BigInteger | Kind::BigDecimal => quote!(#w.number_text(#x)),
        Kind::Blob { .. } => quote!(#w.blob(#x)),
        Kind::Timestamp => {
            let f = timestamp_format(format);
            quote!(#w.timestamp(#x, #f))
        }
        Kind::Document => quote!(#w.document(#x)),
        Kind::List { member, sparse } => {
            let item = item_writer(cx, member);
            if *sparse {
                quote!(#w.sparse_list(#x, #item))
            } else {
                quote!(#w.list(#x, #item))
            }
        }
        Kind::Map { key, value, sparse } => {
            let k = match cx.kind(key.target) {
                Kind::Enum(_) => {
                    let t = path(&cx.sym.type_path(key.target));
                    quote!(#t::as_str)
                }
                _ => quote!(::std::string::String::as_str),
            };
            let item = item_writer(cx, value);
            if *sparse {
                quote!(#w.sparse_map(#x, #k, #item))
            } else {
                quote!(#w.map(#x, #k, #item))
            }
        }
        Kind::Structure { .. } | Kind::Union { .. } => {
            let f = fn_name(cx, m.target);
            quote!(crate::protocol::json_ser::#f(#x, #w))
        }
    }
}

/// The function writing one item of a list or one value of a map, member
/// `m`: a structure's or union's writer, else a closure.
fn item_writer(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    value_writer(cx, m, m.json_timestamp_format())
}

/// The function writing a value of member `m` (timestamps in `format`):
/// a structure's or union's writer, else a closure.
fn value_writer(cx: &Ctx<'_>, m: &Member, format: TimestampFormat) -> TokenStream {
    match cx.kind(m.target) {
        Kind::Structure { .. } | Kind::Union { .. } if !m.boxed => {
            let f = fn_name(cx, m.target);
            quote!(crate::protocol::json_ser::#f)
        }
        _ => {
            let write = write_value_as(cx, m, quote!(x), quote!(w), format);
            quote!(|x, w| #write)
        }
    }
}

/// The runtime's name for a timestamp format.
pub fn timestamp_format(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::DateTime => quote!(::smithy_rt::datetime::Format::DateTime),
        TimestampFormat::HttpDate => quote!(::smithy_rt::datetime::Format::HttpDate),
        TimestampFormat::EpochSeconds => quote!(::smithy_rt::datetime::Format::EpochSeconds),
    }
}

/// Statements writing the members `members` (indices into `r`'s members) of
/// `value` into object writer `obj`.
pub fn object_members(cx: &Ctx<'_>, r: ShapeRef, members: &[usize]) -> TokenStream {
    let all = cx.ir.shape(r).kind.members();
    // An event stream is never part of a document.
    let stmts = members
        .iter()
        .filter(|&&i| !cx.is_event_stream(&all[i]))
        .map(|&i| {
            let m = &all[i];
            let f = ident(cx.sym.field(r, i));
            let format = match (&m.binding, m.timestamp_format) {
                (crate::ir::Binding::Header(_), None) => TimestampFormat::HttpDate,
                _ => m.json_timestamp_format(),
            };
            let write = value_writer(cx, m, format);
            let wire = &m.json_name;
            let name = &m.name;
            match (m.is_always_set(), m.json_name == m.name) {
                (true, true) => quote!(obj.always(#wire, &value.#f, #write);),
                (true, false) => quote!(obj.always_member(#wire, #name, &value.#f, #write);),
                (false, true) => quote!(obj.optional(#wire, &value.#f, #write);),
                (false, false) => quote!(obj.optional_member(#wire, #name, &value.#f, #write);),
            }
        });
    quote!(#(#stmts)*)
}

/// The whole `protocol/json_ser.rs` module.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let reachable = &cx.codec;
    let fns = cx
        .ir
        .shape_refs()
        .filter(|(r, _)| reachable[r.0 as usize])
        .filter_map(|(r, s)| {
            let name = fn_name(cx, r);
            let ty = cx.param_type(r);
            let body = match &s.kind {
                Kind::Structure { members, .. } => {
                    if members.iter().all(|m| cx.is_event_stream(m)) {
                        quote! { let _ = value; w.object().finish(); }
                    } else {
                        let all: Vec<usize> = (0..members.len()).collect();
                        let stmts = object_members(cx, r, &all);
                        quote! { let mut obj = w.object(); #stmts obj.finish(); }
                    }
                }
                Kind::Union { members } => {
                    let t = path(&cx.sym.type_path(r));
                    let arms = members.iter().enumerate().map(|(i, m)| {
                        let var = ident(cx.sym.variant(r, i));
                        let write = write_value(cx, m, quote!(x), member_key(m));
                        quote! { #t::#var(x) => { #write; } }
                    });
                    let unknown = ident(cx.sym.unknown_variant(r));
                    quote! {
                        let mut obj = w.object();
                        match value {
                            #(#arms)*
                            #t::#unknown => {}
                        }
                        obj.finish();
                    }
                }
                _ => return None,
            };
            let doc = format!(" Writes a `{}` as JSON.", s.name);
            Some(quote! {
                #[doc = #doc]
                pub fn #name(value: &#ty, w: ValueWriter<'_>) {
                    #body
                }
            })
        });
    let fns: Vec<TokenStream> = fns.collect();
    // The signatures name the writer by import.
    let imports = (!fns.is_empty()).then(|| {
        quote!(
            use ::smithy_rt::json::ValueWriter;
        )
    });
    quote! {
        //! JSON serializers for the shapes request and response bodies contain.
        #imports
        #(#fns)*
    }
}
