//! The one place that decides Rust names: types, modules, fields, variants,
//! functions. Emitters ask; they never invent a name.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::ir::{Ir, Kind, OperationRef, ShapeRef};

/// Where a named type lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Module {
    /// `crate::types`.
    Types,
    /// `crate::types::error`.
    Errors,
    /// `crate::operation::<op>`.
    Operation(OperationRef),
}

/// Names of one operation.
#[derive(Clone, Debug)]
pub struct OperationSymbols {
    /// The operation type, e.g. `BatchCreateRoomMembership`.
    pub name: String,
    /// Its module under `crate::operation`, e.g. `batch_create_room_membership`.
    pub module: String,
    /// The client method, e.g. `batch_create_room_membership`.
    pub method: String,
    /// The error enum, e.g. `BatchCreateRoomMembershipError`.
    pub error: String,
    /// The fluent builder the client method returns.
    pub fluent_builder: String,
    /// The CLI subcommand, e.g. `batch-create-room-membership`.
    pub cli_command: String,
}

/// Names of one shape in the generated `cli` module (feature `cli`).
#[derive(Clone, Debug)]
pub struct CliShapeSymbols {
    /// The static describing the shape, e.g. `MEMBERSHIP_ITEM`.
    pub spec_static: String,
}

/// Every Rust name of a lowered service.
#[derive(Debug)]
pub struct Symbols {
    base: Vec<String>,
    modules: Vec<Option<Module>>,
    fields: BTreeMap<(ShapeRef, usize), String>,
    variants: BTreeMap<(ShapeRef, usize), String>,
    unknown_variant: BTreeMap<ShapeRef, String>,
    operations: Vec<OperationSymbols>,
    cli_shapes: Vec<CliShapeSymbols>,
    cli_options: BTreeMap<(ShapeRef, usize), String>,
    cli_program: String,
    server_service: String,
    server_builder: String,
    stream_errors: BTreeMap<ShapeRef, String>,
}

/// Rust keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Member names reserved by generated builders.
const RESERVED_FIELDS: &[&str] = &["build", "builder"];

impl Symbols {
    /// Decides every name for `ir`.
    pub fn new(ir: &Ir) -> Self {
        let mut taken = BTreeSet::new();
        let mut base = Vec::with_capacity(ir.shapes.len());
        let mut modules = Vec::with_capacity(ir.shapes.len());
        for shape in &ir.shapes {
            let pascal = type_ident(&shape.name);
            let module = if !shape.kind.is_named_type() {
                None
            } else if let Some(op) = shape.usage.input_of {
                Some(Module::Operation(OperationRef(op)))
            } else if let Some(op) = shape.usage.output_of {
                Some(Module::Operation(OperationRef(op)))
            } else if matches!(shape.kind, Kind::Structure { error: Some(_), .. }) {
                Some(Module::Errors)
            } else {
                Some(Module::Types)
            };
            let wanted = match (&module, &shape.usage) {
                (Some(Module::Operation(op)), u) if u.input_of.is_some() => {
                    format!("{}Input", type_ident(&ir.operation(*op).name))
                }
                (Some(Module::Operation(op)), _) => {
                    format!("{}Output", type_ident(&ir.operation(*op).name))
                }
                _ => pascal,
            };
            base.push(unique(&mut taken, wanted));
            modules.push(module);
        }
        // The error enum of each event stream, in `crate::types::error`
        // (smithy-rs: `{Union}Error`), after every shape has its name.
        let stream_errors = ir
            .event_streams
            .keys()
            .map(|r| {
                let wanted = format!("{}Error", base[r.0 as usize]);
                (*r, unique(&mut taken, wanted))
            })
            .collect();
        let mut fields = BTreeMap::new();
        let mut variants = BTreeMap::new();
        let mut unknown_variant = BTreeMap::new();
        for (r, shape) in ir.shape_refs() {
            match &shape.kind {
                Kind::Structure { members, error } => {
                    let mut seen = BTreeSet::new();
                    for (i, m) in members.iter().enumerate() {
                        let mut f = field_ident(&m.name);
                        // Error structures also have a `meta` field (the error metadata).
                        if RESERVED_FIELDS.contains(&f.as_str()) || (error.is_some() && f == "meta")
                        {
                            f.push_str("_value");
                        }
                        fields.insert((r, i), unique(&mut seen, f));
                    }
                }
                Kind::Union { members } => {
                    let mut seen = BTreeSet::new();
                    for (i, m) in members.iter().enumerate() {
                        variants.insert((r, i), unique(&mut seen, variant_ident(&m.name)));
                    }
                    unknown_variant.insert(r, unique(&mut seen, "Unknown".to_owned()));
                }
                Kind::Enum(values) => {
                    let mut seen = BTreeSet::new();
                    for (i, v) in values.iter().enumerate() {
                        variants.insert((r, i), unique(&mut seen, variant_ident(&v.name)));
                    }
                    unknown_variant.insert(r, unique(&mut seen, "Unknown".to_owned()));
                }
                Kind::IntEnum(values) => {
                    let mut seen = BTreeSet::new();
                    for (i, v) in values.iter().enumerate() {
                        variants.insert((r, i), unique(&mut seen, variant_ident(&v.name)));
                    }
                    unknown_variant.insert(r, unique(&mut seen, "Unknown".to_owned()));
                }
                _ => {}
            }
        }
        let mut op_modules = BTreeSet::new();
        let operations = ir
            .operations
            .iter()
            .map(|op| {
                let name = type_ident(&op.name);
                let module = unique(&mut op_modules, op.name.to_snake_case());
                OperationSymbols {
                    error: format!("{name}Error"),
                    fluent_builder: format!("{name}FluentBuilder"),
                    method: module.clone(),
                    cli_command: op.name.to_snake_case().replace('_', "-"),
                    module,
                    name,
                }
            })
            .collect();
        let (cli_shapes, cli_options) = cli_names(ir, &base);
        Self {
            base,
            modules,
            fields,
            variants,
            unknown_variant,
            operations,
            cli_shapes,
            cli_options,
            cli_program: ir.service.sdk_id.to_kebab_case(),
            server_service: format!("{}Service", type_ident(&ir.service.sdk_id)),
            server_builder: format!("{}ServiceBuilder", type_ident(&ir.service.sdk_id)),
            stream_errors,
        }
    }

    /// The command-line program's name for the service, e.g. `chime` (the
    /// service's `sdkId` in kebab case, as the AWS CLI names its commands).
    pub fn cli_program(&self) -> &str {
        &self.cli_program
    }

    /// The server's service type in `crate::server`, e.g. `ChimeService`.
    pub fn server_service(&self) -> &str {
        &self.server_service
    }

    /// The builder of the server's service, e.g. `ChimeServiceBuilder`.
    pub fn server_builder(&self) -> &str {
        &self.server_builder
    }

    /// The error enum of the event stream (`@streaming` union) `r`, in
    /// `crate::types::error`, e.g. `ResponseStreamError`.
    pub fn stream_error(&self, r: ShapeRef) -> &str {
        &self.stream_errors[&r]
    }

    /// The absolute path of [`Symbols::stream_error`].
    pub fn stream_error_path(&self, r: ShapeRef) -> String {
        format!(
            "{}::{}",
            self.module_path(&Module::Errors),
            self.stream_error(r)
        )
    }

    /// The function turning an event of stream `r` into its message, in
    /// `crate::protocol::event_stream`, e.g. `marshal_response_stream`.
    pub fn event_marshaller(&self, r: ShapeRef) -> String {
        format!("marshal_{}", self.fn_stem(r))
    }

    /// The function reading a message of stream `r` into an event or a
    /// modeled error, in `crate::protocol::event_stream`, e.g.
    /// `unmarshal_response_stream`.
    pub fn event_unmarshaller(&self, r: ShapeRef) -> String {
        format!("unmarshal_{}", self.fn_stem(r))
    }

    /// The JSON writer of shape `r` in `crate::protocol::json_ser`, e.g. `ser_membership_item`.
    pub fn json_writer(&self, r: ShapeRef) -> String {
        format!("ser_{}", self.fn_stem(r))
    }

    /// The JSON reader of shape `r` in `crate::protocol::json_de`, e.g. `de_membership_item`.
    pub fn json_reader(&self, r: ShapeRef) -> String {
        format!("de_{}", self.fn_stem(r))
    }

    /// The validator of shape `r` in `crate::validation`, e.g. `validate_membership_item`.
    pub fn validator(&self, r: ShapeRef) -> String {
        format!("validate_{}", self.fn_stem(r))
    }

    /// The compiled-pattern static number `i` in `crate::validation`.
    pub fn pattern_static(&self, i: usize) -> String {
        format!("PATTERN_{i}")
    }

    /// The predicate on an operation's error enum for error `r`, e.g. `is_not_found_exception`.
    pub fn error_predicate(&self, r: ShapeRef) -> String {
        format!("is_{}", self.fn_stem(r))
    }

    /// The absolute path of an operation's type, e.g.
    /// `crate::operation::get_room::GetRoom`.
    pub fn operation_type_path(&self, op: OperationRef) -> String {
        let n = self.operation(op);
        format!("crate::operation::{}::{}", n.module, n.name)
    }

    /// The absolute path of an operation's error enum.
    pub fn operation_error_path(&self, op: OperationRef) -> String {
        let n = self.operation(op);
        format!("crate::operation::{}::{}", n.module, n.error)
    }

    /// The builder setter of structure member `i` that takes an `Option`,
    /// e.g. `set_room_id` (the field's name without a raw-identifier prefix).
    pub fn setter(&self, owner: ShapeRef, i: usize) -> String {
        format!("set_{}", self.field(owner, i).trim_start_matches("r#"))
    }

    /// The builder getter of structure member `i`, e.g. `get_room_id`.
    pub fn getter(&self, owner: ShapeRef, i: usize) -> String {
        format!("get_{}", self.field(owner, i).trim_start_matches("r#"))
    }

    /// Names of shape `r` in the generated `cli` module.
    pub fn cli_shape(&self, r: ShapeRef) -> &CliShapeSymbols {
        &self.cli_shapes[r.0 as usize]
    }

    /// The command-line option of member `i` of an operation input, e.g.
    /// `--membership-item-list` (the AWS CLI's names: the member name in
    /// kebab case). `None` for members of other shapes.
    pub fn cli_option(&self, owner: ShapeRef, i: usize) -> Option<&str> {
        self.cli_options.get(&(owner, i)).map(String::as_str)
    }

    /// The Rust type name of a named shape (structure, union, enum, intEnum).
    pub fn type_name(&self, r: ShapeRef) -> &str {
        &self.base[r.0 as usize]
    }

    /// The module of a named shape, `None` for shapes that map to std types.
    pub fn module(&self, r: ShapeRef) -> Option<&Module> {
        self.modules[r.0 as usize].as_ref()
    }

    /// The absolute path of a named type, e.g. `crate::types::MembershipItem`.
    pub fn type_path(&self, r: ShapeRef) -> String {
        format!(
            "{}::{}",
            self.module_path(self.module(r).unwrap_or(&Module::Types)),
            self.type_name(r)
        )
    }

    /// The absolute path of a named type's builder.
    pub fn builder_path(&self, r: ShapeRef) -> String {
        format!(
            "{}::builders::{}",
            self.module_path(self.module(r).unwrap_or(&Module::Types)),
            self.builder_name(r)
        )
    }

    /// The builder of a structure, e.g. `MembershipItemBuilder`.
    pub fn builder_name(&self, r: ShapeRef) -> String {
        format!("{}Builder", self.type_name(r))
    }

    /// The path of a module.
    pub fn module_path(&self, m: &Module) -> String {
        match m {
            Module::Types => "crate::types".to_owned(),
            Module::Errors => "crate::types::error".to_owned(),
            Module::Operation(op) => format!("crate::operation::{}", self.operation(*op).module),
        }
    }

    /// Snake-case stem for helper functions of any shape, e.g. `membership_item_list`.
    pub fn fn_stem(&self, r: ShapeRef) -> String {
        self.base[r.0 as usize].to_snake_case()
    }

    /// The field (and builder method) of structure member `i`.
    pub fn field(&self, owner: ShapeRef, i: usize) -> &str {
        &self.fields[&(owner, i)]
    }

    /// The variant of enum value or union member `i`.
    pub fn variant(&self, owner: ShapeRef, i: usize) -> &str {
        &self.variants[&(owner, i)]
    }

    /// The catch-all variant of an enum or union.
    pub fn unknown_variant(&self, owner: ShapeRef) -> &str {
        &self.unknown_variant[&owner]
    }

    /// Names of an operation.
    pub fn operation(&self, op: OperationRef) -> &OperationSymbols {
        &self.operations[op.0 as usize]
    }
}

/// Names in the generated `cli` module: per shape its static; per operation-input member its command-line option.
fn cli_names(
    ir: &Ir,
    base: &[String],
) -> (Vec<CliShapeSymbols>, BTreeMap<(ShapeRef, usize), String>) {
    // Names the `cli` module defines itself (see `emit::cli`).
    let mut statics: BTreeSet<String> = ["SERVICE".to_owned()].into();
    let shapes = base
        .iter()
        .map(|name| CliShapeSymbols {
            spec_static: unique(&mut statics, name.to_shouty_snake_case()),
        })
        .collect();
    let mut options = BTreeMap::new();
    for (r, shape) in ir.shape_refs() {
        if shape.usage.input_of.is_none() {
            continue;
        }
        let mut seen = BTreeSet::new();
        for (i, m) in shape.kind.members().iter().enumerate() {
            let option = unique(&mut seen, format!("--{}", m.name.to_kebab_case()));
            options.insert((r, i), option);
        }
    }
    (shapes, options)
}

/// Only the characters of `s` that can be in a Rust identifier (ASCII
/// letters, digits and `_`).
fn identifier_chars(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// snake_case field (and builder method) name for a member name: always a
/// valid identifier once [`escape_ident`] has escaped keywords, whatever
/// the model says (`1a` becomes `f_1a`, `_` and the empty string `field`).
fn field_ident(name: &str) -> String {
    let s = identifier_chars(&name.to_snake_case());
    let s = s.trim_matches('_');
    if s.is_empty() {
        "field".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{s}")
    } else {
        s.to_owned()
    }
}

/// PascalCase type name for a shape name.
fn type_ident(name: &str) -> String {
    let s = identifier_chars(&name.to_upper_camel_case());
    let s = if s.is_empty() {
        "Shape".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{s}")
    } else {
        s
    };
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        format!("{s}Value")
    } else {
        s
    }
}

/// PascalCase variant name.
fn variant_ident(name: &str) -> String {
    let mut s: String = name
        .to_upper_camel_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" || s == "Unknown" {
        s.push_str("Value");
    }
    s
}

fn unique(taken: &mut BTreeSet<String>, wanted: String) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Turns a decided name into an identifier string, escaping keywords:
/// `type` becomes `r#type`, `self` becomes `self_`.
pub fn escape_ident(name: &str) -> String {
    if RAW_KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syn_like_identifier(s: &str) -> bool {
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s != "_"
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    #[test]
    fn names() {
        assert_eq!(escape_ident("type"), "r#type");
        assert_eq!(escape_ident("self"), "self_");
        assert_eq!(escape_ident("member_id"), "member_id");
        assert_eq!(variant_ident("Unknown"), "UnknownValue");
        assert_eq!(variant_ident("8Bit"), "V8bit");
        assert_eq!(
            variant_ident("PhoneNumberAssociationsExist"),
            "PhoneNumberAssociationsExist"
        );
        assert_eq!(variant_ident("TOLL_FREE"), "TollFree");
        assert_eq!(type_ident("Self"), "SelfValue");
        // Whatever the model says, the name is an identifier.
        for (member, field) in [
            ("1a", "f_1a"),
            ("_", "field"),
            ("", "field"),
            ("a-b", "a_b"),
        ] {
            assert_eq!(field_ident(member), field);
        }
        assert_eq!(type_ident(""), "Shape");
        assert_eq!(type_ident("_"), "Shape");
        assert_eq!(variant_ident(""), "V");
        for name in ["1a", "_", "", "a b", "type", "self", "Self", "é"] {
            for id in [field_ident(name), type_ident(name), variant_ident(name)] {
                let escaped = escape_ident(&id);
                let raw = escaped.strip_prefix("r#").unwrap_or(&escaped);
                assert!(
                    syn_like_identifier(raw),
                    "{name:?} gave {escaped:?}, not an identifier"
                );
            }
        }
        // The AWS CLI's option names (botocore `xform_name`).
        for (member, option) in [
            ("MembershipItemList", "membership-item-list"),
            ("E164PhoneNumber", "e164-phone-number"),
            (
                "OutboundEventsHTTPSEndpoint",
                "outbound-events-https-endpoint",
            ),
            ("AccountId", "account-id"),
        ] {
            assert_eq!(member.to_kebab_case(), option);
        }
        let mut taken = BTreeSet::new();
        assert_eq!(unique(&mut taken, "Foo".into()), "Foo");

        assert_eq!(unique(&mut taken, "Foo".into()), "Foo2");
    }
}
