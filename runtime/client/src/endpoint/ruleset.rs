//! Parsing `smithy.rules#endpointRuleSet` JSON into a checked [`RuleSet`].
//!
//! Parsing checks the structure, that every function is known and has the
//! right number of arguments, that every `{"ref": ...}` and template
//! placeholder names a parameter or an earlier `assign`, and pre-parses
//! templates and `getAttr` paths, so evaluation only deals with values.

use serde_json::{Map, Value};

use super::ast::{Call, Condition, EndpointSpec, Expr, Func, Literal, Rule, RuleKind};
use super::template::{parse_path, parse_template};
use super::{EndpointError, ParamValue};

/// A parsed endpoint ruleset, ready to [`resolve`](RuleSet::resolve) many times.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub(crate) version: String,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) rules: Vec<Rule>,
}

/// The declared type of an endpoint parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `StringArray`.
    StringArray,
}

impl ParamType {
    /// The type's name in the ruleset.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "String",
            ParamType::Boolean => "Boolean",
            ParamType::StringArray => "StringArray",
        }
    }

    pub(crate) fn accepts(self, value: &ParamValue) -> bool {
        matches!(
            (self, value),
            (ParamType::String, ParamValue::String(_))
                | (ParamType::Boolean, ParamValue::Bool(_))
                | (ParamType::StringArray, ParamValue::StringArray(_))
        )
    }
}

/// A parameter declared by a ruleset.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub(crate) name: String,
    pub(crate) param_type: ParamType,
    pub(crate) built_in: Option<String>,
    pub(crate) required: bool,
    pub(crate) default: Option<ParamValue>,
    pub(crate) documentation: Option<String>,
}

impl Parameter {
    /// The parameter's name, e.g. `Region`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The parameter's type.
    pub fn param_type(&self) -> ParamType {
        self.param_type
    }

    /// The built-in it is bound to, e.g. `AWS::Region`.
    pub fn built_in(&self) -> Option<&str> {
        self.built_in.as_deref()
    }

    /// Whether resolution fails when it is unset and has no default.
    pub fn required(&self) -> bool {
        self.required
    }

    /// The value used when it is unset.
    pub fn default_value(&self) -> Option<&ParamValue> {
        self.default.as_ref()
    }

    /// The parameter's documentation.
    pub fn documentation(&self) -> Option<&str> {
        self.documentation.as_deref()
    }
}

impl RuleSet {
    /// Parses and checks ruleset JSON (the `smithy.rules#endpointRuleSet` trait value).
    pub fn parse(json: &str) -> Result<Self, EndpointError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| EndpointError::invalid("", format!("not JSON: {e}")))?;
        Self::from_json(&value)
    }

    /// Parses and checks an already-decoded ruleset.
    pub fn from_json(value: &Value) -> Result<Self, EndpointError> {
        let root = object(value, "")?;
        let version = match root.get("version") {
            Some(Value::String(v)) => v.clone(),
            _ => {
                return Err(EndpointError::invalid(
                    "version",
                    "expected a version string",
                ))
            }
        };
        let mut parameters = Vec::new();
        if let Some(declared) = root.get("parameters") {
            for (name, spec) in object(declared, "parameters")? {
                parameters.push(parse_parameter(name, spec, &format!("parameters.{name}"))?);
            }
        }
        let mut scope: Vec<String> = parameters.iter().map(|p| p.name.clone()).collect();
        let rules = parse_rules(root.get("rules"), "rules", &mut scope)?;
        Ok(RuleSet {
            version,
            parameters,
            rules,
        })
    }

    /// The ruleset's `version`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }
}

fn object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, EndpointError> {
    value
        .as_object()
        .ok_or_else(|| EndpointError::invalid(path, "expected an object"))
}

fn string<'v>(value: Option<&'v Value>, path: &str) -> Result<&'v str, EndpointError> {
    value
        .and_then(Value::as_str)
        .ok_or_else(|| EndpointError::invalid(path, "expected a string"))
}

fn array<'v>(value: Option<&'v Value>, path: &str) -> Result<&'v [Value], EndpointError> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(EndpointError::invalid(path, "expected an array")),
    }
}

fn parse_parameter(name: &str, spec: &Value, path: &str) -> Result<Parameter, EndpointError> {
    let spec = object(spec, path)?;
    let type_path = format!("{path}.type");
    let param_type = match string(spec.get("type"), &type_path)?
        .to_ascii_lowercase()
        .as_str()
    {
        "string" => ParamType::String,
        "boolean" => ParamType::Boolean,
        "stringarray" => ParamType::StringArray,
        other => {
            return Err(EndpointError::invalid(
                &type_path,
                format!("unknown parameter type `{other}`"),
            ))
        }
    };
    let default = match spec.get("default") {
        None | Some(Value::Null) => None,
        Some(value) => match ParamValue::from_json(value) {
            Some(value) if param_type.accepts(&value) => Some(value),
            _ => {
                return Err(EndpointError::invalid(
                    &format!("{path}.default"),
                    "default does not match the type",
                ))
            }
        },
    };
    let text = |key: &str| spec.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(Parameter {
        name: name.to_owned(),
        param_type,
        built_in: text("builtIn"),
        required: spec
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        default,
        documentation: text("documentation"),
    })
}

fn parse_rules(
    value: Option<&Value>,
    path: &str,
    scope: &mut Vec<String>,
) -> Result<Vec<Rule>, EndpointError> {
    let items = array(value, path)?;
    items
        .iter()
        .enumerate()
        .map(|(i, rule)| parse_rule(rule, &format!("{path}[{i}]"), scope))
        .collect()
}

fn parse_rule(value: &Value, path: &str, scope: &mut Vec<String>) -> Result<Rule, EndpointError> {
    let rule = object(value, path)?;
    let mark = scope.len();
    let mut conditions = Vec::new();
    if let Some(list) = rule.get("conditions") {
        let list_path = format!("{path}.conditions");
        for (i, condition) in array(Some(list), &list_path)?.iter().enumerate() {
            conditions.push(parse_condition(
                condition,
                &format!("{list_path}[{i}]"),
                scope,
            )?);
        }
    }
    let kind = match string(rule.get("type"), &format!("{path}.type"))? {
        "endpoint" => {
            let endpoint_path = format!("{path}.endpoint");
            let spec = object(rule.get("endpoint").unwrap_or(&Value::Null), &endpoint_path)?;
            RuleKind::Endpoint(parse_endpoint(spec, &endpoint_path, scope)?)
        }
        "error" => {
            let error_path = format!("{path}.error");
            match rule.get("error") {
                Some(error) => RuleKind::Error(parse_expr(error, &error_path, scope)?),
                None => return Err(EndpointError::invalid(&error_path, "missing error message")),
            }
        }
        "tree" => {
            let rules = parse_rules(rule.get("rules"), &format!("{path}.rules"), scope)?;
            RuleKind::Tree {
                path: path.to_owned(),
                rules,
            }
        }
        other => {
            return Err(EndpointError::invalid(
                &format!("{path}.type"),
                format!("unknown rule type `{other}`"),
            ))
        }
    };
    scope.truncate(mark);
    Ok(Rule { conditions, kind })
}

fn parse_condition(
    value: &Value,
    path: &str,
    scope: &mut Vec<String>,
) -> Result<Condition, EndpointError> {
    let condition = object(value, path)?;
    let call = parse_call(condition, path, scope)?;
    let assign = match condition.get("assign") {
        None => None,
        Some(name) => {
            let name = string(Some(name), &format!("{path}.assign"))?.to_owned();
            scope.push(name.clone());
            Some(name)
        }
    };
    Ok(Condition { call, assign })
}

fn parse_call(
    call: &Map<String, Value>,
    path: &str,
    scope: &[String],
) -> Result<Call, EndpointError> {
    let name = string(call.get("fn"), &format!("{path}.fn"))?;
    let Some((func, arity)) = Func::lookup(name) else {
        return Err(EndpointError::invalid(
            &format!("{path}.fn"),
            format!("unknown function `{name}`"),
        ));
    };
    let argv_path = format!("{path}.argv");
    let argv = array(call.get("argv"), &argv_path)?;
    let count_ok = match arity {
        Some(n) => argv.len() == n,
        None => argv.len() >= 2,
    };
    if !count_ok {
        let wanted = arity.map_or_else(|| "at least 2".to_owned(), |n| n.to_string());
        return Err(EndpointError::invalid(
            &argv_path,
            format!("`{name}` takes {wanted} arguments, got {}", argv.len()),
        ));
    }
    if let Func::GetAttr(_) = func {
        let path_arg = format!("{argv_path}[1]");
        let attr_path = parse_path(string(argv.get(1), &path_arg)?)
            .map_err(|m| EndpointError::invalid(&path_arg, m))?;
        let target = parse_expr(&argv[0], &format!("{argv_path}[0]"), scope)?;
        return Ok(Call {
            func: Func::GetAttr(attr_path),
            args: vec![target],
        });
    }
    let args = argv
        .iter()
        .enumerate()
        .map(|(i, arg)| parse_expr(arg, &format!("{argv_path}[{i}]"), scope))
        .collect::<Result<_, _>>()?;
    Ok(Call { func, args })
}

fn parse_expr(value: &Value, path: &str, scope: &[String]) -> Result<Expr, EndpointError> {
    if let Value::Object(map) = value {
        if let Some(name) = map.get("ref") {
            let name = string(Some(name), &format!("{path}.ref"))?;
            check_in_scope(name, path, scope)?;
            return Ok(Expr::Ref(name.to_owned()));
        }
        if map.contains_key("fn") {
            return Ok(Expr::Call(Box::new(parse_call(map, path, scope)?)));
        }
    }
    Ok(Expr::Literal(parse_literal(value, path, scope)?))
}

fn parse_literal(value: &Value, path: &str, scope: &[String]) -> Result<Literal, EndpointError> {
    Ok(match value {
        Value::String(text) => Literal::Template(parse_template(text, path, scope)?),
        Value::Bool(b) => Literal::Bool(*b),
        Value::Number(n) => Literal::Number(n.clone()),
        Value::Array(items) => Literal::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| parse_literal(item, &format!("{path}[{i}]"), scope))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Literal::Record(
            map.iter()
                .map(|(key, item)| {
                    Ok((
                        key.clone(),
                        parse_literal(item, &format!("{path}.{key}"), scope)?,
                    ))
                })
                .collect::<Result<_, EndpointError>>()?,
        ),
        Value::Null => return Err(EndpointError::invalid(path, "null is not a value")),
    })
}

fn parse_endpoint(
    spec: &Map<String, Value>,
    path: &str,
    scope: &[String],
) -> Result<EndpointSpec, EndpointError> {
    let url_path = format!("{path}.url");
    let url = parse_expr(spec.get("url").unwrap_or(&Value::Null), &url_path, scope)?;
    let mut headers = Vec::new();
    if let Some(map) = spec.get("headers") {
        for (name, values) in object(map, &format!("{path}.headers"))? {
            let values_path = format!("{path}.headers.{name}");
            let values = array(Some(values), &values_path)?
                .iter()
                .enumerate()
                .map(|(i, value)| parse_expr(value, &format!("{values_path}[{i}]"), scope))
                .collect::<Result<_, _>>()?;
            headers.push((name.clone(), values));
        }
    }
    let mut properties = Vec::new();
    if let Some(map) = spec.get("properties") {
        for (name, value) in object(map, &format!("{path}.properties"))? {
            properties.push((
                name.clone(),
                parse_literal(value, &format!("{path}.properties.{name}"), scope)?,
            ));
        }
    }
    Ok(EndpointSpec {
        url,
        headers,
        properties,
    })
}

pub(super) fn check_in_scope(
    name: &str,
    path: &str,
    scope: &[String],
) -> Result<(), EndpointError> {
    if scope.iter().any(|known| known == name) {
        Ok(())
    } else {
        Err(EndpointError::invalid(
            path,
            format!("`{name}` is neither a parameter nor assigned by an earlier condition"),
        ))
    }
}
