//! The command-line description of the service (`src/cli.rs`, behind the
//! generated crate's `cli` feature): one static per shape that operation
//! inputs and outputs reach (names, option names, docs, required flags, enum
//! values, nesting), the operation table, and per operation an impl of
//! `smithy_cli_rt::spec::Command` (subcommand, docs, input and output
//! shapes, pagination, the JSON reader of the input and writer of the
//! output). Everything that is the same for every operation, such as the
//! adapters that read a document, call the operation and write its output,
//! lives in `smithy-cli-rt`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, path, Ctx};
use crate::ir::{Ir, Kind, Member, ShapeRef};

/// Which shapes operation inputs reach (`.0`) and operation outputs reach
/// (`.1`), error structures excluded.
pub fn closures(ir: &Ir) -> (Vec<bool>, Vec<bool>) {
    let walk = |roots: Vec<ShapeRef>| {
        let mut seen = vec![false; ir.shapes.len()];
        let mut stack = roots;
        while let Some(r) = stack.pop() {
            if std::mem::replace(&mut seen[r.0 as usize], true) {
                continue;
            }
            match &ir.shape(r).kind {
                Kind::Structure { members, .. } | Kind::Union { members } => {
                    stack.extend(members.iter().map(|m| m.target));
                }
                Kind::List { member, .. } => stack.push(member.target),
                Kind::Map { key, value, .. } => {
                    stack.push(key.target);
                    stack.push(value.target);
                }
                _ => {}
            }
        }
        seen
    };
    let ops = || ir.operations.iter().filter(|o| in_cli(o));
    (
        walk(ops().map(|o| o.input).collect()),
        walk(ops().map(|o| o.output).collect()),
    )
}

/// True if the command line has a command for `op`: operations with an
/// event stream (input or output) are left out, as the AWS CLI v1 leaves
/// them out.
pub fn in_cli(op: &crate::ir::Operation) -> bool {
    op.request.event_stream_member().is_none() && op.response.event_stream_member().is_none()
}

/// The file `src/cli.rs`.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let (input, output) = closures(cx.ir);
    let statics = cx
        .ir
        .shape_refs()
        .filter(|(r, _)| input[r.0 as usize] || output[r.0 as usize])
        .map(|(r, _)| shape_static(cx, r));
    let svc = &cx.ir.service;
    let program = cx.sym.cli_program();
    let title = svc.title.clone().unwrap_or_else(|| svc.sdk_id.clone());
    let service_docs = svc.docs.clone().unwrap_or_default();
    let operations = cx
        .ir
        .operation_refs()
        .filter(|(_, op)| in_cli(op))
        .map(|(r, _)| {
            let op_type = path(&cx.sym.operation_type_path(r));
            quote!(Operation::of::<#op_type>(),)
        });
    let commands = cx.ir.operation_refs().filter(|(_, op)| in_cli(op)).map(|(r, op)| {
        let names = cx.sym.operation(r);
        let op_type = path(&cx.sym.operation_type_path(r));
        let command = &names.cli_command;
        let docs = op.docs.clone().unwrap_or_default();
        let deprecated = op
            .deprecated
            .is_some()
            .then(|| quote!(const DEPRECATED: bool = true;));
        let input = ident(&cx.sym.cli_shape(op.input).spec_static);
        let output = ident(&cx.sym.cli_shape(op.output).spec_static);
        let reader = super::json_de::fn_name(cx, op.input);
        let writer = super::json_ser::fn_name(cx, op.output);
        let paginated = paginated_literal(cx, op).map(|p| {
            quote!(const PAGINATED: ::std::option::Option<::smithy_cli_rt::spec::Paginated> = ::std::option::Option::Some(#p);)
        });
        quote! {
            impl Command for #op_type {
                const COMMAND: &'static str = #command;
                const DOCS: &'static str = #docs;
                #deprecated
                const INPUT: &'static Shape = &#input;
                const OUTPUT: &'static Shape = &#output;
                #paginated
                const READ: Read<Self> = crate::protocol::json_de::#reader;
                const WRITE: Write<Self> = crate::protocol::json_ser::#writer;
            }
        }
    });
    let mut module_doc = format!(
        " The `{program}` command line: every operation of {title} with its \
         input and output shapes described for [`smithy_cli_rt`], and adapters \
         between JSON documents (keyed by member names) and the typed inputs \
         and outputs. Enabled by the `cli` feature."
    );
    let left_out: Vec<String> = cx
        .ir
        .operations
        .iter()
        .filter(|op| !in_cli(op))
        .map(|op| format!("`{}`", op.name))
        .collect();
    if !left_out.is_empty() {
        module_doc.push_str(&format!(
            "\n\n Operations with an event stream are left out (as the AWS CLI v1 \
             leaves them out): {}.",
            left_out.join(", ")
        ));
    }
    quote! {
        #![doc = #module_doc]
        use ::smithy_cli_rt::spec::{
            Command, Kind, Member, Operation, Read, Service, Shape, Write,
        };


        /// The service and its operations, for [`smithy_cli_rt::run`].
        pub static SERVICE: Service = Service {
            program: #program,
            title: #title,
            docs: #service_docs,
            info: crate::client::SERVICE,
            operations: &[#(#operations)*],
        };

        #(#commands)*

        #(#statics)*
    }
}

/// `Paginated { .. }` when `op` is `@paginated` with an input token, an
/// output token and items. Without `items` in the trait (as
/// in every Chime operation), the items are the output's only list member,
/// the `result_key` the AWS CLI's paginator models give such operations.
fn paginated_literal(cx: &Ctx<'_>, op: &crate::ir::Operation) -> Option<TokenStream> {
    let p = op.paginated.as_ref()?;
    let items = p.items.clone().or_else(|| {
        let Kind::Structure { members, .. } = &cx.ir.shape(op.output).kind else {
            return None;
        };
        let mut lists = members
            .iter()
            .filter(|m| matches!(cx.ir.shape(m.target).kind, Kind::List { .. }));
        match (lists.next(), lists.next()) {
            (Some(m), None) => Some(m.name.clone()),
            _ => None,
        }
    });
    let (Some(input_token), Some(output_token), Some(items)) =
        (&p.input_token, &p.output_token, items)
    else {
        return None;
    };
    let page_size = match &p.page_size {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    Some(quote! {
        ::smithy_cli_rt::spec::Paginated {
            input_token: #input_token,
            output_token: #output_token,
            items: #items,
            page_size: #page_size,
        }
    })
}

/// `static NAME: Shape = ...;` for shape `r`.
fn shape_static(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let name_ident = ident(&cx.sym.cli_shape(r).spec_static);
    let name = &shape.name;
    let docs = shape.docs.clone().unwrap_or_default();
    let value = match &shape.kind {
        Kind::Blob { .. } => quote!(Kind::Blob),
        Kind::Boolean => quote!(Kind::Boolean),
        Kind::String { .. } => quote!(Kind::String),
        Kind::Byte => quote!(Kind::Byte),
        Kind::Short => quote!(Kind::Short),
        Kind::Integer => quote!(Kind::Integer),
        Kind::Long => quote!(Kind::Long),
        Kind::Float => quote!(Kind::Float),
        Kind::Double => quote!(Kind::Double),
        Kind::BigInteger => quote!(Kind::BigInteger),
        Kind::BigDecimal => quote!(Kind::BigDecimal),
        Kind::Timestamp => quote!(Kind::Timestamp),
        Kind::Document => quote!(Kind::Document),
        Kind::Enum(values) => {
            let v = values.iter().map(|v| &v.value);
            quote!(Kind::Enum(&[#(#v),*]))
        }
        Kind::IntEnum(values) => {
            let v = values.iter().map(|v| v.value);
            quote!(Kind::IntEnum(&[#(#v),*]))
        }
        Kind::List { member, .. } => {
            let m = member_literal(cx, r, usize::MAX, member);
            return static_item(name_ident, quote!(Shape::list(#name, #docs, &#m)));
        }
        Kind::Map { key, value, .. } => {
            let k = member_literal(cx, r, usize::MAX, key);
            let v = member_literal(cx, r, usize::MAX, value);
            return static_item(name_ident, quote!(Shape::map(#name, #docs, &#k, &#v)));
        }
        Kind::Structure { members, .. } => {
            let ms = members
                .iter()
                .enumerate()
                .map(|(i, m)| member_literal(cx, r, i, m));
            return static_item(
                name_ident,
                quote!(Shape::structure(#name, #docs, &[#(#ms),*])),
            );
        }
        Kind::Union { members } => {
            let ms = members
                .iter()
                .enumerate()
                .map(|(i, m)| member_literal(cx, r, i, m));
            return static_item(name_ident, quote!(Shape::union(#name, #docs, &[#(#ms),*])));
        }
    };
    static_item(name_ident, quote!(Shape::new(#name, #docs, #value)))
}

/// `static NAME: Shape = value;`.
fn static_item(name: proc_macro2::Ident, value: TokenStream) -> TokenStream {
    quote!(static #name: Shape = #value;)
}

/// A `Member` constructor call for member `i` of `owner` (`usize::MAX` for
/// list and map members, which have no option).
fn member_literal(cx: &Ctx<'_>, owner: ShapeRef, i: usize, m: &Member) -> TokenStream {
    let name = &m.name;
    let docs = m.docs.clone().unwrap_or_default();
    let target = ident(&cx.sym.cli_shape(m.target).spec_static);
    let member = if m.client_required() && m.client_default().is_none() {
        quote!(Member::required(#name, #docs, &#target))
    } else {
        quote!(Member::new(#name, #docs, &#target))
    };
    match cx.sym.cli_option(owner, i) {
        Some(option) if !option.is_empty() => quote!(#member.option(#option)),
        _ => member,
    }
}
