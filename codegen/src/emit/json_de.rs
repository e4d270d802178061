//! JSON readers, one per direction of the codec: a function per structure
//! and union that travels in a body (lists and maps are read where they
//! are used, with the runtime's `JsonReader::list` and friends), pulling tokens from the runtime's streaming
//! `JsonReader`. The reader's `Profile` decides what is the same code's
//! behaviour for each use: a client reading responses (`WIRE`), a server
//! reading requests (`SERVER`), the command line reading documents keyed by
//! member names (`DOCUMENT`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, path, Ctx};
use crate::ir::{Kind, Member, ShapeRef};

/// The reader function of aggregate shape `r`.
pub fn fn_name(cx: &Ctx<'_>, r: ShapeRef) -> proc_macro2::Ident {
    ident(&cx.sym.json_reader(r))
}

/// Reads the next value from the reader `reader` as member `m`'s value type
/// (boxed if needed), with `?` on errors.
pub fn read_value(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    let read = match cx.kind(m.target) {
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(&*reader.str()?))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(reader.integer::<i32>()?))
        }
        _ => {
            let read = read_result(cx, m);
            quote!(#read?)
        }
    };
    if m.boxed {
        quote!(::std::boxed::Box::new(#read))
    } else {
        read
    }
}

/// An expression reading the next value from `reader` as the target of
/// member `m` (unboxed), as a `Result`.
fn read_result(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    match cx.kind(m.target) {
        Kind::String { .. } => quote!(reader.string()),
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(reader.str().map(|v| #t::from(&*v)))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(reader.integer::<i32>().map(#t::from))
        }
        Kind::Boolean => quote!(reader.boolean()),
        Kind::Byte => quote!(reader.integer::<i8>()),
        Kind::Short => quote!(reader.integer::<i16>()),
        Kind::Integer => quote!(reader.integer::<i32>()),
        Kind::Long => quote!(reader.integer::<i64>()),
        Kind::Float => quote!(reader.float32()),
        Kind::Double => quote!(reader.float()),
        Kind::BigInteger | Kind::BigDecimal => quote!(reader.number_text()),
        Kind::Blob { .. } => quote!(reader.blob()),
        Kind::Timestamp => {
            let f = super::json_ser::timestamp_format(m.json_timestamp_format());
            quote!(reader.timestamp(#f))
        }
        Kind::Document => quote!(reader.document()),
        Kind::List { member, sparse } => {
            let item = item_reader(cx, member);
            if *sparse {
                quote!(reader.sparse_list(#item))
            } else {
                quote!(reader.list(#item))
            }
        }
        Kind::Map { key, value, sparse } => {
            let k = match cx.kind(key.target) {
                Kind::Enum(_) => {
                    let t = path(&cx.sym.type_path(key.target));
                    quote!(|k| #t::from(&*k))
                }
                _ => quote!(::std::borrow::Cow::into_owned),
            };
            let v = item_reader(cx, value);
            if *sparse {
                quote!(reader.sparse_map(#k, #v))
            } else {
                quote!(reader.map(#k, #v))
            }
        }
        Kind::Structure { .. } | Kind::Union { .. } => {
            let f = fn_name(cx, m.target);
            quote!(crate::protocol::json_de::#f(reader))
        }
    }
}

/// The function reading one item of a list or one value of a map, member
/// `m`: a structure's or union's reader, else a closure.
fn item_reader(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    match cx.kind(m.target) {
        Kind::Structure { .. } | Kind::Union { .. } if !m.boxed => {
            let f = fn_name(cx, m.target);
            quote!(crate::protocol::json_de::#f)
        }
        _ if !m.boxed => {
            let read = read_result(cx, m);
            quote!(|reader| #read)
        }
        _ => {
            let read = read_value(cx, m);
            quote!(|reader| ::std::result::Result::Ok(#read))
        }
    }
}

/// The local a reader binds member `i` to (never a member's own name, which
/// could shadow `reader`, `path` or `response`).
pub fn local(i: usize) -> proc_macro2::Ident {
    format_ident!("m{}", i)
}

/// `field: local` initializers for every member of structure `r`.
pub fn field_inits(cx: &Ctx<'_>, r: ShapeRef) -> Vec<TokenStream> {
    (0..cx.ir.shape(r).kind.members().len())
        .map(|i| {
            let f = ident(cx.sym.field(r, i));
            let l = local(i);
            quote!(#f: #l)
        })
        .collect()
}

/// The value of member `m` when it is absent from a place that is not a JSON
/// object (a header, a query parameter): its default, an error naming the
/// path for a required member, else `None`. Needs `path` in scope.
pub fn missing_member(cx: &Ctx<'_>, m: &Member, key: &str) -> TokenStream {
    if let Some(d) = client_default_value(cx, m) {
        d
    } else if m.client_required() {
        quote! {
            return ::std::result::Result::Err(::smithy_rt::error::DeserializeError::new(
                path.key(#key).to_pointer(),
                ::smithy_rt::error::MISSING_MEMBER,
            ))
        }
    } else {
        quote!(::std::option::Option::None)
    }
}

/// The value a client gives a header member `m` that a response omits: its
/// default, if it has one. A missing required header stays an error (the
/// restJson1 suite's `MissingRequiredInitialResponseOutput` expects a client
/// to fail); zero values correct only members missing from a JSON body.
pub fn client_header_default(cx: &Ctx<'_>, m: &Member) -> Option<TokenStream> {
    client_default_value(cx, m)
}

/// Member `m`'s default as a client sees it, as a value of the field's type
/// (boxed for a boxed member), if it has one.
fn client_default_value(cx: &Ctx<'_>, m: &Member) -> Option<TokenStream> {
    let d = super::builders::default_value(cx, m.target, m.client_default()?);
    Some(if m.boxed {
        quote!(::std::boxed::Box::new(#d))
    } else {
        d
    })
}

/// The zero value a client gives required member `m` when a response omits
/// it (client error correction, as smithy-rs does), as a function: empty
/// string or collection, zero, `false`, `null` (`Default::default`), an
/// enum's empty unknown value, `0` for big numbers, the epoch; `None` for
/// structures and unions, which stay an error.
pub fn zero_fn(cx: &Ctx<'_>, m: &Member) -> Option<Zero> {
    let zero = match cx.kind(m.target) {
        Kind::String { .. }
        | Kind::Boolean
        | Kind::Byte
        | Kind::Short
        | Kind::Integer
        | Kind::Long
        | Kind::Float
        | Kind::Double
        | Kind::Blob { .. }
        | Kind::List { .. }
        | Kind::Map { .. }
        | Kind::Document
            if !m.boxed =>
        {
            return Some(Zero::Default);
        }
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(""))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(0))
        }
        Kind::BigInteger | Kind::BigDecimal => quote!(::std::string::String::from("0")),
        Kind::Timestamp => quote!(::smithy_rt::datetime::DateTime::from_secs(0)),
        Kind::Structure { .. } | Kind::Union { .. } => return None,
        _ => quote!(::std::default::Default::default()),
    };
    Some(Zero::Fn(if m.boxed {
        quote!(|| ::std::boxed::Box::new(#zero))
    } else {
        quote!(|| #zero)
    }))
}

/// How a required member gets its zero value (see [`zero_fn`]).
pub enum Zero {
    /// Its type's `Default`.
    Default,
    /// This function.
    Fn(TokenStream),
}

/// The `static FIELDS` table of the members `members` (indices into `r`'s
/// members): wire and member names, in that order.
fn fields_table(cx: &Ctx<'_>, r: ShapeRef, members: &[usize]) -> TokenStream {
    let all = cx.ir.shape(r).kind.members();
    let n = members.len();
    let entries = members.iter().map(|&i| {
        let wire = &all[i].json_name;
        let name = &all[i].name;
        quote!(::smithy_rt::json::Field::new(#wire, #name))
    });
    quote!(static FIELDS: [::smithy_rt::json::Field; #n] = [#(#entries),*];)
}

/// Statements reading the object next in `reader` and binding one local per
/// member in `members` (indices into `r`'s members) to its final value: the
/// value, its default, `None`, or an error for a required member that is
/// absent.
///
/// `imported`: the code goes into the JSON reader module, which imports
/// `Option`'s variants (shorter lines); elsewhere they are spelled by path.
fn object_members(cx: &Ctx<'_>, r: ShapeRef, members: &[usize], imported: bool) -> TokenStream {
    let (some, none) = if imported {
        (quote!(Some), quote!(None))
    } else {
        (
            quote!(::std::option::Option::Some),
            quote!(::std::option::Option::None),
        )
    };
    let all = cx.ir.shape(r).kind.members();
    // An event stream is never part of a document: it is the empty one.
    let streams: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| cx.is_event_stream(&all[i]))
        .collect();
    let members: &[usize] = &members
        .iter()
        .copied()
        .filter(|i| !streams.contains(i))
        .collect::<Vec<usize>>();
    let empty_streams = streams.iter().map(|&i| {
        let l = local(i);
        quote!(let #l = ::std::default::Default::default();)
    });
    let table = fields_table(cx, r, members);
    let decls = members.iter().map(|&i| {
        let l = local(i);
        quote!(let mut #l = #none;)
    });
    let arms = members.iter().enumerate().map(|(k, &i)| {
        let l = local(i);
        let read = read_value(cx, &all[i]);
        let k = proc_macro2::Literal::usize_unsuffixed(k);
        quote!(#k => #l = #some(#read),)
    });
    let finals = members.iter().enumerate().map(|(k, &i)| {
        let m = &all[i];
        let l = local(i);
        if let Some(d) = client_default_value(cx, m) {
            quote!(let #l = #l.unwrap_or_else(|| #d);)
        } else if m.client_required() {
            match zero_fn(cx, m) {
                Some(Zero::Default) => {
                    quote!(let #l = reader.required_or_default(#l, &FIELDS, #k)?;)
                }
                Some(Zero::Fn(zero)) => {
                    quote!(let #l = reader.required_or(#l, &FIELDS, #k, #zero)?;)
                }
                None => quote!(let #l = reader.required(#l, &FIELDS, #k)?;),
            }
        } else {
            quote!()
        }
    });
    let body = if members.is_empty() {
        quote!(while reader.next_field(&FIELDS)?.is_some() {
            reader.skip()?;
        })
    } else {
        quote! {
            while let #some(i) = reader.next_field(&FIELDS)? {
                match i {
                    #(#arms)*
                    _ => reader.skip()?,
                }
            }
        }
    };
    quote! {
        #table
        #(#decls)*
        reader.begin_object()?;
        #body
        #(#finals)*
        #(#empty_streams)*
    }
}

/// Statements reading a whole message body (`body`, bytes) with `profile`
/// into locals for the members `members` of structure `r`.
pub fn body_members(
    cx: &Ctx<'_>,
    r: ShapeRef,
    members: &[usize],
    body: TokenStream,
    profile: TokenStream,
) -> TokenStream {
    let all = cx.ir.shape(r).kind.members().len();
    let binds = if members.len() == all
        && cx.codec[r.0 as usize]
        && !matches!(cx.kind(r), Kind::Structure { error: Some(_), .. })
    {
        // Every member is in the body: the structure's own reader.
        let f = fn_name(cx, r);
        let t = path(&cx.sym.type_path(r));
        let fields = field_inits(cx, r);
        quote! {
            let #t { #(#fields,)* .. } = crate::protocol::json_de::#f(reader)?;
        }
    } else {
        object_members(cx, r, members, false)
    };
    quote! {
        let mut reader = ::smithy_rt::json::JsonReader::body(#body, &#profile);
        let reader = &mut reader;
        #binds
        reader.end_ref()?;
    }
}

/// An expression reading a whole body (`body`, bytes) with `profile` as
/// one value of member `m` (a JSON payload), `?` on errors.
pub fn payload_value(
    cx: &Ctx<'_>,
    m: &Member,
    body: TokenStream,
    profile: TokenStream,
) -> TokenStream {
    let read = read_value(cx, m);
    quote! {{
        let mut reader = ::smithy_rt::json::JsonReader::body(#body, &#profile);
        let reader = &mut reader;
        let value = #read;
        reader.end_ref()?;
        value
    }}
}

/// The whole `protocol/json_de.rs` module.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let reachable = &cx.codec;
    // Structure readers with members spell `Option`'s variants by name.
    let imports = cx
        .ir
        .shape_refs()
        .any(|(r, s)| {
            reachable[r.0 as usize]
                && matches!(&s.kind, Kind::Structure { members, .. } if !members.is_empty())
        })
        .then(|| {
            quote!(
                use ::std::option::Option::{None, Some};
            )
        });
    let fns = cx.ir.shape_refs().filter(|(r, _)| reachable[r.0 as usize]).filter_map(|(r, s)| {
        let name = fn_name(cx, r);
        let ty = cx.value_type(r);
        let body = match &s.kind {
            Kind::Structure { members, error } => {
                // An error structure inside a body (not as a response) has
                // no metadata of its own.
                let meta = if error.is_some() {
                    quote!(meta: ::std::default::Default::default(),)
                } else {
                    quote!()
                };
                let all: Vec<usize> = (0..members.len()).collect();
                let binds = object_members(cx, r, &all, true);
                let fields = field_inits(cx, r);
                quote! {
                    #binds
                    ::std::result::Result::Ok(#ty { #(#fields,)* #meta })
                }
            }
            Kind::Union { members } => {
                let t = path(&cx.sym.type_path(r));
                let all: Vec<usize> = (0..members.len()).collect();
                let table = fields_table(cx, r, &all);
                let arms = members.iter().enumerate().map(|(i, m)| {
                    let var = ident(cx.sym.variant(r, i));
                    let read = read_value(cx, m);
                    quote! { ::smithy_rt::json::Member::Known(#i) => #t::#var(#read), }
                });
                let unknown = ident(cx.sym.unknown_variant(r));
                quote! {
                    #table
                    let mut found = ::std::option::Option::None;
                    reader.begin_object()?;
                    while let ::std::option::Option::Some(member) = reader.next_member(&FIELDS)? {
                        let value = match member {
                            #(#arms)*
                            ::smithy_rt::json::Member::Known(_) => { reader.skip()?; continue; }
                            ::smithy_rt::json::Member::Unknown(key) => {
                                if key == "__type" {
                                    reader.skip()?;
                                    continue;
                                }
                                if reader.take_null()? {
                                    continue;
                                }
                                reader.unknown_variant(&key, &FIELDS)?;
                                #t::#unknown
                            }
                        };
                        if found.is_some() {
                            return ::std::result::Result::Err(reader.error("a union must have exactly one member set"));
                        }
                        found = ::std::option::Option::Some(value);
                    }
                    found.ok_or_else(|| reader.error("a union must have exactly one member set"))
                }
            }
            _ => return None,
        };
        let doc = format!(" Reads a `{}` from JSON.", s.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #name(reader: &mut JsonReader<'_>) -> Result<#ty, DeserializeError> {
                #body
            }
        })
    });
    let fns: Vec<TokenStream> = fns.collect();
    // The signatures name the reader, the error and `Result` by import.
    let signature_imports = (!fns.is_empty()).then(|| {
        quote! {
            use ::smithy_rt::error::DeserializeError;
            use ::smithy_rt::json::JsonReader;
            use ::std::result::Result;
        }
    });
    quote! {
        //! JSON readers for the shapes request and response bodies contain.
        #signature_imports
        #imports
        #(#fns)*
    }
}
