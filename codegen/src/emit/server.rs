//! The server side (feature `server` of the generated crate): per operation
//! the `ServerOperation` impl that reads a request into the input and writes
//! the output or an error as a response; per error its response writer; and
//! the service with its builder, router and dispatch. Everything the same
//! for every operation is in the `smithy-server` runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{docs, ident, path, Ctx};
use super::{builders, http_de, http_ser, json_de};
use crate::ir::{
    DefaultValue, EnumValue, Kind, Member, Message, OperationRef, PathSegment, PayloadKind,
    ShapeRef,
};

/// The `ServerOperation` impl of operation `op_ref` and the response of its
/// error enum (in its module file).
pub fn operation_impl(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let names = cx.sym.operation(op_ref);
    let op_ty = ident(&names.name);
    let error_ty = ident(&names.error);
    let variants = op.errors.iter().map(|e| ident(cx.sym.type_name(*e)));
    let json = Some("application/json");
    let req_ct = (op.request.content_type() != json).then(|| {
        let ct = opt_str(op.request.content_type());
        quote!(const REQUEST_CONTENT_TYPE: ::std::option::Option<&'static str> = #ct;)
    });
    let res_ct = (op.response.content_type() != json).then(|| {
        let ct = opt_str(op.response.content_type());
        quote!(const RESPONSE_CONTENT_TYPE: ::std::option::Option<&'static str> = #ct;)
    });
    let read = request_reader(cx, op_ref);
    let output_stream = op.response.event_stream_member().map(|i| {
        let m = &cx.ir.shape(op.output).kind.members()[i];
        let f = ident(cx.sym.field(op.output, i));
        let marshal = http_de::marshaller(cx, m);
        quote! {
            fn output_event_stream(output: &mut Self::Output) -> ::std::option::Option<::smithy_rt::event_stream::stream::MessageStream> {
                ::std::option::Option::Some(::std::mem::take(&mut output.#f).into_messages(#marshal))
            }
        }
    });
    let write = response_writer(cx, &op.response, &quote!(output), op.http.code);
    let validation = validation_error(cx, op_ref).map(|(e, _)| {
        let v = ident(cx.sym.type_name(e));
        quote!(, validation = #v)
    });
    let blob_without_media_type = |msg: &Message| {
        msg.payload.as_ref().is_some_and(|p| {
            let m = &cx.ir.shape(msg.shape).kind.members()[p.member];
            matches!(cx.kind(m.target), Kind::Blob { media_type: None })
        })
    };
    // A declared input structure without members takes any body (an empty
    // JSON document); `smithy.api#Unit` takes none.
    let declared_empty =
        is_declared(cx, op.input) && cx.ir.shape(op.input).kind.members().is_empty();
    let any_ct = (declared_empty || blob_without_media_type(&op.request)).then(|| {
        quote!(
            const ANY_REQUEST_CONTENT_TYPE: bool = true;
        )
    });
    let any_accept = blob_without_media_type(&op.response).then(|| {
        quote!(
            const ANY_ACCEPT: bool = true;
        )
    });
    quote! {
        ::smithy_server::operation_error_response!(#error_ty { #(#variants),* } #validation);

        impl ::smithy_server::ServerOperation for #op_ty {
            #req_ct
            #res_ct
            #any_ct
            #any_accept

            fn deserialize_request(request: &::smithy_server::Request) -> ::std::result::Result<Self::Input, ::smithy_rt::error::DeserializeError> {
                #read
            }

            fn serialize_output(output: &Self::Output) -> ::smithy_server::HttpResponse {
                #write
            }

            #output_stream
        }
    }
}

/// True if structure `r` is in the model (not synthesized for `smithy.api#Unit`).
fn is_declared(cx: &Ctx<'_>, r: crate::ir::ShapeRef) -> bool {
    !cx.ir
        .shape(r)
        .id
        .starts_with(&format!("{}#", crate::lower::SYNTHETIC_NS))
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// How a constraint violation is answered: Smithy's `ValidationException`
/// when the operation lists it; else a 400 client error of the operation
/// with a `message` member (returned with that member's index), carrying
/// every violation in its message, whose other required members can all be
/// filled in ([`filler`]): the first whose name has `Validation`, else
/// `BadRequest`, `InvalidRequest`, `InvalidParameter` or `InvalidInput`,
/// else the first; else `ValidationException` anyway (`None`:
/// `ValidationException`, whose `fieldList` lists every violation).
fn validation_error(cx: &Ctx<'_>, op_ref: OperationRef) -> Option<(ShapeRef, usize)> {
    let op = cx.ir.operation(op_ref);
    let framework = op
        .errors
        .iter()
        .any(|e| cx.ir.shape(*e).id == "smithy.framework#ValidationException");
    if framework {
        return None;
    }
    let candidates = op.errors.iter().filter_map(|e| {
        let Kind::Structure {
            members,
            error: Some(info),
        } = &cx.ir.shape(*e).kind
        else {
            return None;
        };
        if info.status != 400 {
            return None;
        }
        let i = members.iter().position(|m| {
            m.name.eq_ignore_ascii_case("message")
                && matches!(cx.kind(m.target), Kind::String { .. })
        })?;
        let fillable = members
            .iter()
            .enumerate()
            .all(|(j, m)| j == i || !needs_value(m) || filler(cx, m).is_some());
        fillable.then_some((*e, i))
    });
    // The first whose name says validation, else bad or invalid request
    // (parameter, input), else the first (efs lists
    // `AvailabilityZonesMismatch` before `BadRequest`).
    let rank = |&(e, _): &(ShapeRef, usize)| {
        let name = cx.ir.shape(e).name.to_ascii_lowercase();
        if name.contains("validation") {
            0
        } else if [
            "badrequest",
            "invalidrequest",
            "invalidparameter",
            "invalidinput",
        ]
        .iter()
        .any(|n| name.contains(n))
        {
            1
        } else {
            2
        }
    };
    candidates.min_by_key(rank)
}

/// True if member `m` has no value unless one is given: required for
/// clients, without a default (its builder's `build()` can fail).
fn needs_value(m: &Member) -> bool {
    m.client_required() && m.client_default().is_none()
}

/// The value a required member of an error answering a constraint violation
/// is given when the violation says nothing about it: the empty string,
/// zero, `false`, an empty blob, list or map, the epoch, JSON `null`; for an
/// enum the value that reads as a field-validation failure
/// (`fieldValidationFailed`, `FIELD_VALIDATION_FAILED`), else one mentioning
/// validation, else `other`, else the first; for an intEnum its first
/// value. `None` (the error is not used) for a structure, union or big
/// number.
fn filler(cx: &Ctx<'_>, m: &Member) -> Option<TokenStream> {
    let value = match cx.kind(m.target) {
        Kind::String { .. } => DefaultValue::Text(String::new()),
        Kind::Enum(values) => DefaultValue::Text(enum_filler(values)?.to_owned()),
        Kind::IntEnum(values) => DefaultValue::Int(i64::from(values.first()?.value)),
        Kind::Boolean => DefaultValue::Bool(false),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => DefaultValue::Int(0),
        Kind::Float | Kind::Double => DefaultValue::Float(0.0),
        Kind::Blob { .. } => DefaultValue::Bytes(Vec::new()),
        Kind::Timestamp => DefaultValue::EpochSeconds(0.0),
        Kind::Document => DefaultValue::Document(serde_json::Value::Null),
        Kind::List { .. } => DefaultValue::EmptyList,
        Kind::Map { .. } => DefaultValue::EmptyMap,
        _ => return None,
    };
    Some(builders::default_value(cx, m.target, &value))
}

/// The enum value [`filler`] picks.
fn enum_filler(values: &[EnumValue]) -> Option<&str> {
    let folded = |v: &EnumValue| -> String {
        v.value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    values
        .iter()
        .find(|v| folded(v) == "fieldvalidationfailed")
        .or_else(|| values.iter().find(|v| folded(v).contains("validation")))
        .or_else(|| values.iter().find(|v| folded(v) == "other"))
        .or_else(|| values.first())
        .map(|v| v.value.as_str())
}

/// A list member (`fieldList` in AWS models) whose items are structures
/// with a string `name` or `path` and a string `message`, and no other
/// required member that cannot be filled in: the member's index and an
/// expression of its value listing every violation of `error` (a
/// `&ValidationError`) as path and message.
fn field_list(cx: &Ctx<'_>, r: ShapeRef) -> Option<(usize, TokenStream)> {
    let members = cx.ir.shape(r).kind.members();
    members.iter().enumerate().find_map(|(i, m)| {
        if !m.name.eq_ignore_ascii_case("fieldList") {
            return None;
        }
        // Items of a sparse list are `Option`s: not filled in.
        let Kind::List {
            member: item,
            sparse: false,
        } = cx.kind(m.target)
        else {
            return None;
        };
        if item.boxed || !matches!(cx.kind(item.target), Kind::Structure { error: None, .. }) {
            return None;
        }
        let fields = cx.ir.shape(item.target).kind.members();
        let is_string = |f: &Member| matches!(cx.kind(f.target), Kind::String { .. });
        let find = |names: &[&str]| {
            fields
                .iter()
                .position(|f| is_string(f) && names.iter().any(|n| f.name.eq_ignore_ascii_case(n)))
        };
        let path_at = find(&["name", "path"])?;
        let message_at = find(&["message"])?;
        let item_value = literal(cx, item.target, |j| {
            (j == path_at)
                .then(|| quote!(v.path.clone()))
                .or_else(|| (j == message_at).then(|| quote!(v.message.clone())))
        })?;
        let value = quote! {
            error.violations().iter().map(|v| #item_value).collect::<::std::vec::Vec<_>>()
        };
        Some((i, value))
    })
}

/// A struct expression of structure `r`: member `i` is `given(i)` (a value
/// of the member's type, without `Option` or `Box`), else its default, else
/// its [`filler`] when it [`needs_value`], else unset; an error's metadata
/// is what its builder would make. `None` if a member needs a value that
/// [`filler`] cannot make.
fn literal(
    cx: &Ctx<'_>,
    r: ShapeRef,
    given: impl Fn(usize) -> Option<TokenStream>,
) -> Option<TokenStream> {
    let shape = cx.ir.shape(r);
    let mut fields = Vec::new();
    for (i, m) in shape.kind.members().iter().enumerate() {
        let f = ident(cx.sym.field(r, i));
        let value = match (given(i), m.client_default()) {
            (Some(v), _) => Some(v),
            (None, Some(default)) => Some(builders::default_value(cx, m.target, default)),
            (None, None) if needs_value(m) => Some(filler(cx, m)?),
            (None, None) => None,
        };
        let value = match value {
            None => quote!(::std::option::Option::None),
            Some(v) => {
                let v = if m.boxed {
                    quote!(::std::boxed::Box::new(#v))
                } else {
                    v
                };
                if m.is_always_set() {
                    v
                } else {
                    quote!(::std::option::Option::Some(#v))
                }
            }
        };
        fields.push(quote!(#f: #value,));
    }
    if matches!(shape.kind, Kind::Structure { error: Some(_), .. }) {
        let code = &shape.name;
        fields.push(quote! {
            meta: ::smithy_rt::error::ErrorMetadata::default().with_code(#code),
        });
    }
    let ty = path(&cx.sym.type_path(r));
    Some(quote!(#ty { #(#fields)* }))
}

/// The `FromValidation` impl of error `e` whose member `message` carries
/// the violations: through the builder when nothing else needs a value,
/// else as a struct expression that fills the other required members in
/// (documented on the impl) and lists the violations in `fieldList` when
/// the error has one.
fn from_validation(cx: &Ctx<'_>, e: ShapeRef, message: usize) -> TokenStream {
    let ty = path(&cx.sym.type_path(e));
    let members = cx.ir.shape(e).kind.members();
    let list = field_list(cx, e);
    let simple = list.is_none() && !members.iter().any(needs_value);
    if simple {
        let set = ident(cx.sym.field(e, message));
        return quote! {
            impl ::smithy_server::FromValidation for #ty {
                fn from_validation(error: &::smithy_rt::validation::ValidationError) -> Self {
                    Self::builder().#set(error.to_string()).build()
                }
            }
        };
    }
    let list_at = list.as_ref().map(|(i, _)| *i);
    let body = literal(cx, e, |j| {
        if j == message {
            Some(quote!(error.to_string()))
        } else if Some(j) == list_at {
            list.as_ref().map(|(_, v)| v.clone())
        } else {
            None
        }
    });
    // `validation_error` chose `e` only if every member can be filled in.
    let Some(body) = body else {
        return quote!();
    };
    let mut doc = format!(" `{}` lists every violation", members[message].name);
    if let Some(i) = list_at {
        doc.push_str(&format!(
            "; `{}` has each one's path and message",
            members[i].name
        ));
    }
    let filled: Vec<String> = members
        .iter()
        .enumerate()
        .filter(|&(j, m)| j != message && Some(j) != list_at && needs_value(m))
        .map(|(_, m)| match cx.kind(m.target) {
            Kind::Enum(values) => format!(
                "`{}` is `{}`",
                m.name,
                enum_filler(values).unwrap_or_default()
            ),
            Kind::IntEnum(values) => format!(
                "`{}` is {}",
                m.name,
                values.first().map(|v| v.value).unwrap_or_default()
            ),
            Kind::Boolean => format!("`{}` is `false`", m.name),
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::Float | Kind::Double => {
                format!("`{}` is 0", m.name)
            }
            Kind::Timestamp => format!("`{}` is the epoch", m.name),
            Kind::Document => format!("`{}` is `null`", m.name),
            _ => format!("`{}` is empty", m.name),
        })
        .collect();
    if !filled.is_empty() {
        doc.push_str(&format!(
            "; required members the violation says nothing about: {}",
            filled.join(", ")
        ));
    }
    doc.push('.');
    quote! {
        #[doc = #doc]
        #[allow(deprecated)]
        impl ::smithy_server::FromValidation for #ty {
            fn from_validation(error: &::smithy_rt::validation::ValidationError) -> Self {
                #body
            }
        }
    }
}

/// Statements (ending in the response) writing structure `value` per `msg`
/// with success status `code` (or the `@httpResponseCode` member's value).
fn response_writer(cx: &Ctx<'_>, msg: &Message, value: &TokenStream, code: u16) -> TokenStream {
    let status = match msg.response_code {
        Some(i) => {
            let m = &cx.ir.shape(msg.shape).kind.members()[i];
            let f = ident(cx.sym.field(msg.shape, i));
            if m.is_always_set() {
                quote!(u16::try_from(#value.#f).unwrap_or(#code))
            } else {
                quote!(#value.#f.and_then(|c| u16::try_from(c).ok()).unwrap_or(#code))
            }
        }
        None => quote!(#code),
    };
    let headers = http_ser::header_stmts(cx, msg, value, &quote!(builder));
    let body = match msg
        .payload
        .as_ref()
        .filter(|p| p.kind == PayloadKind::EventStream)
    {
        Some(p) => {
            let ct = &p.content_type;
            quote!(let content_type = ::std::option::Option::Some(#ct);)
        }
        None => http_ser::body_stmts(cx, msg, value),
    };
    let finish = match &msg.payload {
        // The head of an event stream: the events follow
        // (`ServerOperation::output_event_stream`).
        Some(p) if p.kind == PayloadKind::EventStream => {
            quote!(::smithy_server::response::finish_stream_head(
                builder,
                content_type
            ))
        }
        // An unset structure or union payload is an empty body.
        Some(p) if p.kind == PayloadKind::Json => {
            let m = &cx.ir.shape(msg.shape).kind.members()[p.member];
            let f = ident(cx.sym.field(msg.shape, p.member));
            let body = if m.is_always_set() {
                quote!(body)
            } else {
                quote!(if #value.#f.is_none() { ::smithy_rt::Bytes::new() } else { body })
            };
            quote!(::smithy_server::response::finish(builder, #body, content_type))
        }
        Some(_) => quote!(::smithy_server::response::finish(
            builder,
            body,
            content_type
        )),
        // `smithy.api#Unit` output: no body.
        None if !is_declared(cx, msg.shape) => {
            quote!(::smithy_server::response::finish(
                builder,
                body,
                content_type
            ))
        }
        None => quote!(::smithy_server::response::finish_document(
            builder,
            status,
            body,
            content_type
        )),
    };
    let mutable = (!headers.is_empty()).then(|| quote!(mut));
    let stmts = quote! {
        let status: u16 = #status;
        let #mutable builder = ::http::Response::builder().status(status);
        #headers
        #body
        #finish
    };
    let unused =
        (!http_ser::uses_local(&stmts, &value.to_string())).then(|| quote!(let _ = #value;));
    quote!(#unused #stmts)
}

/// The body of `deserialize_request`: every member of the input from its
/// label, query parameter, header, payload or body member.
fn request_reader(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let msg = &op.request;
    let input = op.input;
    let members = cx.ir.shape(input).kind.members();
    let mut stmts = Vec::new();
    let uses_query = !msg.query.is_empty() || msg.query_params.is_some();
    if uses_query {
        stmts.push(
            quote!(let query = ::smithy_server::request::Query::from_uri(&request.parts.uri)?;),
        );
    }
    let mut bound = vec![false; members.len()];
    // Labels, in URI-pattern order.
    let mut label_index = 0usize;
    for seg in &op.http.path {
        let PathSegment::Label { member, format, .. } = seg else {
            continue;
        };
        let m = &members[*member];
        let l = json_de::local(*member);
        let name = &m.name;
        let what = format!("label:{name}");
        let parse = text_parse(cx, m, quote!(text), &what, *format);
        let value = set(m, parse);
        stmts.push(quote! {
            let #l = { let text = request.label(#label_index, #name)?; #value };
        });
        bound[*member] = true;
        label_index += 1;
    }
    for q in &msg.query {
        let m = &members[q.member];
        let l = json_de::local(q.member);
        let key = &q.name;
        let what = format!("query:{key}");
        let missing = json_de::missing_member(cx, m, &m.name);
        let value = match cx.kind(m.target) {
            Kind::List { member: item, .. } => {
                let parse = text_parse(cx, item, quote!(text), &what, q.format);
                let found = set(m, quote!(items));
                quote! {{
                    let mut items = ::std::vec::Vec::new();
                    for text in query.all(#key) { items.push(#parse); }
                    if items.is_empty() { #missing } else { #found }
                }}
            }
            _ => {
                let parse = text_parse(cx, m, quote!(text), &what, q.format);
                let found = set(m, parse);
                quote! {
                    match query.first(#key) {
                        ::std::option::Option::Some(text) => #found,
                        ::std::option::Option::None => #missing,
                    }
                }
            }
        };
        stmts.push(quote!(let #l = #value;));
        bound[q.member] = true;
    }
    if let Some(i) = msg.query_params {
        let m = &members[i];
        let l = json_de::local(i);
        let insert = match cx.kind(m.target) {
            Kind::Map { value, .. } if matches!(cx.kind(value.target), Kind::List { .. }) => {
                quote!(map.entry(k.to_owned()).or_insert_with(::std::vec::Vec::new).push(v.to_owned());)
            }
            _ => quote! {
                map.entry(k.to_owned()).or_insert_with(|| v.to_owned());
            },
        };
        let found = set(m, quote!(map));
        let missing = json_de::missing_member(cx, m, &m.name);
        stmts.push(quote! {
            let #l = {
                let mut map = ::std::collections::BTreeMap::new();
                for (k, v) in query.unbound(&[]) { #insert }
                if map.is_empty() { #missing } else { #found }
            };
        });
        bound[i] = true;
    }
    for h in &msg.headers {
        let m = &members[h.member];
        let l = json_de::local(h.member);
        let name = &h.name;
        let parse = http_de::header_parse(cx, m, name, h.format);
        let found = set(m, parse);
        let missing = json_de::missing_member(cx, m, &m.name);
        stmts.push(quote! {
            let #l = match ::smithy_rt::http_binding::header_text(&request.parts.headers, #name)? {
                ::std::option::Option::Some(text) => #found,
                ::std::option::Option::None => #missing,
            };
        });
        bound[h.member] = true;
    }
    if let Some(p) = &msg.prefix_headers {
        let m = &members[p.member];
        let l = json_de::local(p.member);
        let prefix = &p.name;
        let found = set(m, quote!(map));
        let missing = json_de::missing_member(cx, m, &m.name);
        stmts.push(quote! {
            let #l = {
                let map = ::smithy_rt::http_binding::prefix_headers(&request.parts.headers, #prefix)?;
                if map.is_empty() { #missing } else { #found }
            };
        });
        bound[p.member] = true;
    }
    if let Some(p) = msg
        .payload
        .as_ref()
        .filter(|p| p.kind == PayloadKind::EventStream)
    {
        // The request body was read whole: its events are read from it.
        let m = &members[p.member];
        let l = json_de::local(p.member);
        let un = http_de::unmarshaller(cx, m);
        stmts.push(quote! {
            let #l = ::smithy_rt::event_stream::EventStream::from_body(
                ::smithy_rt::event_stream::stream::full_body(::std::clone::Clone::clone(&request.body)),
                #un,
            );
        });
        bound[p.member] = true;
    } else if let Some(p) = &msg.payload {
        let m = &members[p.member];
        let l = json_de::local(p.member);
        let read = match p.kind {
            PayloadKind::Blob => quote!(request.body.to_vec()),
            PayloadKind::Text => quote!(::smithy_rt::http_binding::body_text(&request.body)?),
            PayloadKind::Enum => {
                let t = path(&cx.sym.type_path(m.target));
                quote!(#t::from(::smithy_rt::http_binding::body_text(&request.body)?.as_str()))
            }
            PayloadKind::Json => json_de::payload_value(
                cx,
                m,
                quote!(&request.body),
                quote!(::smithy_rt::json::Profile::SERVER),
            ),
            PayloadKind::EventStream => quote!(),
        };
        let found = set(m, read);
        let missing = json_de::missing_member(cx, m, &m.name);
        // A structure payload that is `{}` is absent (what a client sends
        // for an unset one).
        let empty = if matches!(cx.kind(m.target), Kind::Structure { .. }) {
            quote!(::smithy_server::request::is_empty_document(&request.body))
        } else {
            quote!(request.body.is_empty())
        };
        stmts.push(quote! {
            let #l = if #empty { #missing } else { #found };
        });
        bound[p.member] = true;
    }
    if !msg.body.is_empty() {
        stmts.push(json_de::body_members(
            cx,
            input,
            &msg.body,
            quote!(&request.body),
            quote!(::smithy_rt::json::Profile::SERVER),
        ));
        for i in &msg.body {
            bound[*i] = true;
        }
    }
    // Members the request does not carry (e.g. `@httpResponseCode` in an input).
    for (i, m) in members.iter().enumerate() {
        if !bound[i] {
            let l = json_de::local(i);
            let missing = json_de::missing_member(cx, m, &m.name);
            stmts.push(quote!(let #l = #missing;));
        }
    }
    // A server fills in the default of an absent input member (the client
    // view of the shared types leaves top-level input members optional).
    for (i, m) in members.iter().enumerate() {
        let payload = msg.payload.as_ref().is_some_and(|p| p.member == i);
        if let (false, false, Some(default)) = (payload, m.is_always_set(), &m.default) {
            let l = json_de::local(i);
            let d = super::builders::default_value(cx, m.target, default);
            let d = if m.boxed {
                quote!(::std::boxed::Box::new(#d))
            } else {
                d
            };
            stmts.push(quote!(let #l = #l.or_else(|| ::std::option::Option::Some(#d));));
        }
    }
    let ty = path(&cx.sym.type_path(input));
    let fields = json_de::field_inits(cx, input);
    let stmts = quote!(#(#stmts)*);
    // The path of violations found while reading, when anything reports one.
    let root = http_ser::uses_local(&stmts, "path")
        .then(|| quote!(let path = &::smithy_rt::validation::Path::Root;));
    let unused = (!http_ser::uses_local(&stmts, "request")).then(|| quote!(let _ = request;));
    quote! {
        #unused
        #root
        #stmts
        ::std::result::Result::Ok(#ty { #(#fields,)* })
    }
}

/// Wraps a found value for a member's field (`Some` unless always set,
/// boxed if recursive).
fn set(m: &Member, value: TokenStream) -> TokenStream {
    let value = if m.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    };
    if m.is_always_set() {
        value
    } else {
        quote!(::std::option::Option::Some(#value))
    }
}

/// Parses `text` (a `&str` from a label or query string) as a value of
/// member `m`'s target; `what` names the place in errors.
fn text_parse(
    cx: &Ctx<'_>,
    m: &Member,
    text: TokenStream,
    what: &str,
    format: crate::ir::TimestampFormat,
) -> TokenStream {
    match cx.kind(m.target) {
        Kind::String { .. } | Kind::BigInteger | Kind::BigDecimal => {
            quote!(::std::string::String::from(#text))
        }
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(#text))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(::smithy_server::request::parse_text::<i32>(#text, #what)?))
        }
        Kind::Boolean => quote!(::smithy_server::request::parse_bool(#text, #what)?),
        Kind::Byte => quote!(::smithy_server::request::parse_text::<i8>(#text, #what)?),
        Kind::Short => quote!(::smithy_server::request::parse_text::<i16>(#text, #what)?),
        Kind::Integer => quote!(::smithy_server::request::parse_text::<i32>(#text, #what)?),
        Kind::Long => quote!(::smithy_server::request::parse_text::<i64>(#text, #what)?),
        Kind::Float => quote!(::smithy_server::request::parse_float32(#text, #what)?),
        Kind::Double => quote!(::smithy_server::request::parse_float(#text, #what)?),
        Kind::Timestamp => {
            let f = super::json_ser::timestamp_format(format);
            let parse = quote!(::smithy_rt::http_binding::header_timestamp(#text, #what, #f)?);
            if format == crate::ir::TimestampFormat::DateTime {
                quote!({ ::smithy_server::request::check_date_time(#text, #what)?; #parse })
            } else {
                parse
            }
        }
        Kind::Blob { .. } => quote!(::smithy_rt::http_binding::header_base64(#text, #what)?),
        _ => quote!(::std::default::Default::default()),
    }
}

/// The file `src/protocol/server.rs`: the response writer of each error.
pub fn error_writers(cx: &Ctx<'_>) -> TokenStream {
    let impls = cx.ir.error_messages.iter().map(|(&r, msg)| {
        let s = cx.ir.shape(r);
        let ty = path(&cx.sym.type_path(r));
        let status = match &s.kind {
            Kind::Structure {
                error: Some(info), ..
            } => info.status,
            _ => 500,
        };
        let code = &s.name;
        let headers = http_ser::header_stmts(cx, msg, &quote!(self), &quote!(builder));
        let body = http_ser::body_stmts(cx, msg, &quote!(self));
        let mutable = (!headers.is_empty()).then(|| quote!(mut));
        quote! {
            impl ::smithy_server::ErrorResponse for #ty {
                fn to_response(&self) -> ::smithy_server::HttpResponse {
                    let #mutable builder = ::http::Response::builder()
                        .status(#status)
                        .header("x-amzn-errortype", #code);
                    #headers
                    #body
                    ::smithy_server::response::finish_error(builder, body, content_type)
                }
            }
        }
    });
    // The errors operations answer constraint violations with.
    let mut carriers: Vec<(ShapeRef, usize)> = cx
        .ir
        .operation_refs()
        .filter_map(|(r, _)| validation_error(cx, r))
        .collect();
    carriers.sort_by_key(|(e, _)| e.0);
    carriers.dedup();
    let from_validation = carriers.iter().map(|&(e, i)| from_validation(cx, e, i));
    quote! {
        //! Error structures written as HTTP error responses (restJson1, server side).
        #(#impls)*
        #(#from_validation)*
    }
}

/// The URI pattern of an operation as the model wrote it.
fn uri_pattern(cx: &Ctx<'_>, op_ref: OperationRef) -> String {
    let op = cx.ir.operation(op_ref);
    let members = cx.ir.shape(op.input).kind.members();
    let mut out = String::new();
    for seg in &op.http.path {
        out.push('/');
        match seg {
            PathSegment::Literal(l) => out.push_str(l),
            PathSegment::Label { member, greedy, .. } => {
                out.push('{');
                out.push_str(&members[*member].name);
                if *greedy {
                    out.push('+');
                }
                out.push('}');
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    for (i, (k, v)) in op.http.query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        if let Some(v) = v {
            out.push('=');
            out.push_str(v);
        }
    }
    out
}

/// The file `src/server.rs`: the service, its builder and its dispatch.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let svc = &cx.ir.service;
    let service = ident(cx.sym.server_service());
    let builder = ident(cx.sym.server_builder());
    let title = svc.title.clone().unwrap_or_else(|| svc.sdk_id.clone());
    let ops: Vec<_> = cx.ir.operation_refs().collect();
    let fields: Vec<_> = ops
        .iter()
        .map(|(r, _)| ident(&cx.sym.operation(*r).method))
        .collect();
    let op_paths: Vec<_> = ops
        .iter()
        .map(|(r, _)| path(&cx.sym.operation_type_path(*r)))
        .collect();
    let op_names: Vec<&str> = ops.iter().map(|(_, o)| o.name.as_str()).collect();
    let setters = ops.iter().zip(&fields).map(|((r, op), f)| {
        let input = path(&cx.sym.type_path(op.input));
        let output = path(&cx.sym.type_path(op.output));
        let error = path(&cx.sym.operation_error_path(*r));
        let d = docs(
            None,
            &format!(
                "Sets the handler of `{}`: an async function of the shared state and the input that returns the output or one of the operation's errors.",
                op.name
            ),
        );
        let dep = super::common::deprecated(op.deprecated.as_ref());
        quote! {
            #d
            #dep
            pub fn #f<F, Fut>(mut self, handler: F) -> Self
            where
                F: ::std::ops::Fn(::std::sync::Arc<S>, #input) -> Fut + ::std::marker::Send + ::std::marker::Sync + 'static,
                Fut: ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send + 'static,
            {
                self.handlers.#f.set(handler);
                self
            }
        }
    });
    let routes = ops
        .iter()
        .map(|(r, op)| format!("{} {}", op.http.method.as_str(), uri_pattern(cx, *r)));
    let indices = 0..ops.len();
    let service_doc = format!(
        " {title} as a server: routes each request to its operation, reads and validates the input, runs the handler and writes its answer.\n\n Build it with [`{}::builder`], then serve it with [`{}::serve`] or use it as a `tower::Service` through [`{}::into_service`].",
        cx.sym.server_service(),
        cx.sym.server_service(),
        cx.sym.server_service()
    );
    let builder_doc = format!(
        " Collects one handler per operation of {title}; [`build`]({}::build) refuses to build while any is missing.",
        cx.sym.server_builder()
    );
    quote! {
        //! The service as a server (feature `server`): one async handler per
        //! operation, with shared state; routing, request reading, validation and
        //! response writing are generated from the model.

        #[doc = #builder_doc]
        pub struct #builder<S> {
            state: ::std::sync::Arc<S>,
            handlers: Handlers<S>,
        }

        struct Handlers<S> {
            #(#fields: ::smithy_server::operation::Slot<S, #op_paths>,)*
        }

        impl<S> ::std::default::Default for Handlers<S> {
            fn default() -> Self {
                Self { #(#fields: ::std::default::Default::default(),)* }
            }
        }

        #[allow(deprecated)]
        impl<S: ::std::marker::Send + ::std::marker::Sync + 'static> #builder<S> {
            #(#setters)*

            /// The service, once every operation has a handler; else the names
            /// of the operations without one.
            pub fn build(self) -> ::std::result::Result<#service<S>, ::smithy_server::MissingHandlers> {
                let h = &self.handlers;
                let missing: ::std::vec::Vec<&'static str> = [#(h.#fields.missing(),)*].into_iter().flatten().collect();
                if !missing.is_empty() {
                    return ::std::result::Result::Err(::smithy_server::MissingHandlers::new(missing));
                }
                ::std::result::Result::Ok(#service {
                    state: self.state,
                    handlers: self.handlers,
                    router: router(),
                })
            }
        }

        impl<S: ::std::marker::Send + ::std::marker::Sync + 'static> #builder<S> {
            /// The service even if some operations have no handler: those answer
            /// 500 `InternalFailureException`. For tests and partial services.
            pub fn build_unchecked(self) -> #service<S> {
                #service {
                    state: self.state,
                    handlers: self.handlers,
                    router: router(),
                }
            }
        }

        /// The routes of every operation, in operation order.
        fn router() -> ::smithy_server::router::Router {
            ::smithy_server::router::Router::from_table(&[#(#routes),*])
        }

        #[doc = #service_doc]
        pub struct #service<S> {
            state: ::std::sync::Arc<S>,
            handlers: Handlers<S>,
            router: ::smithy_server::router::Router,
        }

        impl<S: ::std::marker::Send + ::std::marker::Sync + 'static> #service<S> {
            /// Starts a builder whose handlers share `state`.
            pub fn builder(state: S) -> #builder<S> {
                #builder { state: ::std::sync::Arc::new(state), handlers: ::std::default::Default::default() }
            }

            /// Starts a builder whose handlers share `state`, already shared.
            pub fn builder_shared(state: ::std::sync::Arc<S>) -> #builder<S> {
                #builder { state, handlers: ::std::default::Default::default() }
            }

            /// The shared state.
            pub fn state(&self) -> &::std::sync::Arc<S> {
                &self.state
            }

            /// This service as a `tower::Service<http::Request<B>>` with default
            /// limits (10 MiB request bodies).
            pub fn into_service(self) -> ::smithy_server::Service<Self> {
                ::smithy_server::Service::new(self)
            }

            /// This service as a `tower::Service` with `config`'s limits.
            pub fn into_service_with(self, config: ::smithy_server::ServerConfig) -> ::smithy_server::Service<Self> {
                ::smithy_server::Service::with_config(self, config)
            }

            /// Serves HTTP/1.1 on `listener` until the future is dropped.
            pub async fn serve(self, listener: ::smithy_server::TcpListener) -> ::std::io::Result<()> {
                ::smithy_server::serve(listener, self.into_service()).await
            }
        }

        impl<S: ::std::marker::Send + ::std::marker::Sync + 'static> ::smithy_server::Dispatch for #service<S> {
            fn router(&self) -> &::smithy_server::router::Router {
                &self.router
            }

            fn operation_name(&self, index: usize) -> &'static str {
                const NAMES: &[&str] = &[#(#op_names),*];
                NAMES.get(index).copied().unwrap_or("-")
            }

            fn dispatch(&self, index: usize, request: ::smithy_server::Request) -> ::smithy_server::service::ResponseFuture {
                use ::smithy_server::operation::route;
                let (state, h) = (::std::sync::Arc::clone(&self.state), &self.handlers);
                match index {
                    #(#indices => route(state, &h.#fields, request),)*
                    _ => ::smithy_server::operation::unknown(),
                }
            }
        }
    }
}
