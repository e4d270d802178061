//! The parsed form of a ruleset's rules and expressions.

use serde_json::Number;

/// One rule: conditions, then an endpoint, an error or nested rules.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rule {
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RuleKind {
    Endpoint(EndpointSpec),
    Error(Expr),
    Tree { path: String, rules: Vec<Rule> },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EndpointSpec {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Literal)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Condition {
    pub call: Call,
    pub assign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Literal(Literal),
    Ref(String),
    Call(Box<Call>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Call {
    pub func: Func,
    pub args: Vec<Expr>,
}

/// The standard library and AWS functions the interpreter knows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// The path is parsed ahead; the call keeps only the target argument.
    GetAttr(Vec<PathPart>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Split,
    Coalesce,
    Ite,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Func {
    /// The function for `name` and its argument count (`None`: two or more).
    pub fn lookup(name: &str) -> Option<(Func, Option<usize>)> {
        Some(match name {
            "isSet" => (Func::IsSet, Some(1)),
            "not" => (Func::Not, Some(1)),
            "booleanEquals" => (Func::BooleanEquals, Some(2)),
            "stringEquals" => (Func::StringEquals, Some(2)),
            "getAttr" => (Func::GetAttr(Vec::new()), Some(2)),
            "substring" => (Func::Substring, Some(4)),
            "uriEncode" => (Func::UriEncode, Some(1)),
            "parseURL" => (Func::ParseUrl, Some(1)),
            "isValidHostLabel" => (Func::IsValidHostLabel, Some(2)),
            "split" => (Func::Split, Some(3)),
            "coalesce" => (Func::Coalesce, None),
            "ite" => (Func::Ite, Some(3)),
            "aws.partition" => (Func::Partition, Some(1)),
            "aws.parseArn" => (Func::ParseArn, Some(1)),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, Some(2)),
            _ => return None,
        })
    }

    /// The function's name in rulesets.
    pub fn name(&self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::GetAttr(_) => "getAttr",
            Func::Substring => "substring",
            Func::UriEncode => "uriEncode",
            Func::ParseUrl => "parseURL",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::Split => "split",
            Func::Coalesce => "coalesce",
            Func::Ite => "ite",
            Func::Partition => "aws.partition",
            Func::ParseArn => "aws.parseArn",
            Func::IsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

/// One step of a `getAttr` path such as `resourceId[0]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathPart {
    Key(String),
    Index(usize),
}

/// A literal; strings are templates.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Template(Vec<TemplatePart>),
    Bool(bool),
    Number(Number),
    Array(Vec<Literal>),
    Record(Vec<(String, Literal)>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TemplatePart {
    Text(String),
    /// `{Name}` or `{Name#path}` (an empty path for the former).
    Value(String, Vec<PathPart>),
}
