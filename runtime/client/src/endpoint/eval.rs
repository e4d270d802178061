//! Evaluating a parsed [`RuleSet`] against [`Params`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ast::{
    Call, Condition, EndpointSpec, Expr, Func, Literal, PathPart, Rule, RuleKind, TemplatePart,
};
use super::functions;
use super::{EndpointError, Params, Partitions, ResolvedEndpoint, RuleSet};

impl RuleSet {
    /// Resolves the endpoint for `params` with the built-in partitions table.
    pub fn resolve(&self, params: &Params) -> Result<ResolvedEndpoint, EndpointError> {
        self.resolve_with_partitions(params, Partitions::builtin())
    }

    /// Resolves the endpoint for `params`, looking regions up in `partitions`.
    pub fn resolve_with_partitions(
        &self,
        params: &Params,
        partitions: &Partitions,
    ) -> Result<ResolvedEndpoint, EndpointError> {
        let mut scope = Scope {
            vars: Vec::with_capacity(self.parameters.len() + 4),
            partitions,
        };
        for parameter in &self.parameters {
            let value = match params.lookup(&parameter.name, parameter.built_in.as_deref()) {
                Some(value) if !parameter.param_type.accepts(value) => {
                    let expected = parameter.param_type.name();
                    return Err(EndpointError::InvalidParameter {
                        name: parameter.name.clone(),
                        expected,
                    });
                }
                Some(value) => Some(value),
                None => parameter.default.as_ref(),
            };
            match value {
                Some(value) => scope.vars.push((&parameter.name, value.to_json())),
                None if parameter.required => {
                    return Err(EndpointError::MissingParameter {
                        name: parameter.name.clone(),
                    })
                }
                None => scope.vars.push((&parameter.name, Value::Null)),
            }
        }
        match scope.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::NoMatchingRule {
                path: "rules".to_owned(),
            }),
        }
    }
}

/// Names bound so far (parameters, then `assign`s), innermost last.
struct Scope<'r> {
    vars: Vec<(&'r str, Value)>,
    partitions: &'r Partitions,
}

impl<'r> Scope<'r> {
    /// The endpoint of the first matching rule; `None` if none matched.
    fn rules(&mut self, rules: &'r [Rule]) -> Result<Option<ResolvedEndpoint>, EndpointError> {
        for rule in rules {
            let mark = self.vars.len();
            let matched = self.conditions(&rule.conditions);
            let outcome = match matched {
                Ok(true) => self.matched(&rule.kind).map(Some),
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            self.vars.truncate(mark);
            if let Some(result) = outcome.transpose() {
                return result.map(Some);
            }
        }
        Ok(None)
    }

    fn matched(&mut self, kind: &'r RuleKind) -> Result<ResolvedEndpoint, EndpointError> {
        match kind {
            RuleKind::Endpoint(spec) => self.endpoint(spec),
            RuleKind::Error(message) => match self.expr(message)? {
                Value::String(message) => Err(EndpointError::Rule { message }),
                other => Err(EndpointError::evaluation(format!(
                    "error message is not a string: {other}"
                ))),
            },
            // A tree whose conditions matched is final: one of its rules must match.
            RuleKind::Tree { path, rules } => self
                .rules(rules)?
                .ok_or_else(|| EndpointError::NoMatchingRule { path: path.clone() }),
        }
    }

    /// Whether all conditions hold, binding their `assign`s as it goes.
    fn conditions(&mut self, conditions: &'r [Condition]) -> Result<bool, EndpointError> {
        for condition in conditions {
            let value = self.call(&condition.call)?;
            if matches!(value, Value::Null | Value::Bool(false)) {
                return Ok(false);
            }
            if let Some(name) = &condition.assign {
                self.vars.push((name, value));
            }
        }
        Ok(true)
    }

    fn endpoint(&self, spec: &EndpointSpec) -> Result<ResolvedEndpoint, EndpointError> {
        let url = match self.expr(&spec.url)? {
            Value::String(url) => url,
            other => {
                return Err(EndpointError::evaluation(format!(
                    "endpoint url is not a string: {other}"
                )))
            }
        };
        let mut headers = BTreeMap::new();
        for (name, exprs) in &spec.headers {
            let mut values = Vec::with_capacity(exprs.len());
            for expr in exprs {
                match self.expr(expr)? {
                    Value::String(value) => values.push(value),
                    other => {
                        let message = format!("header `{name}` value is not a string: {other}");
                        return Err(EndpointError::evaluation(message));
                    }
                }
            }
            headers.insert(name.clone(), values);
        }
        let mut properties = Map::new();
        for (name, literal) in &spec.properties {
            properties.insert(name.clone(), self.literal(literal)?);
        }
        let sigv4 = properties
            .get("authSchemes")
            .and_then(Value::as_array)
            .and_then(|schemes| {
                schemes
                    .iter()
                    .find(|s| s.get("name").and_then(Value::as_str) == Some("sigv4"))
            });
        let signing = |key: &str| {
            sigv4
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Ok(ResolvedEndpoint {
            signing_name: signing("signingName"),
            signing_region: signing("signingRegion"),
            url,
            headers,
            properties: Value::Object(properties),
        })
    }

    fn lookup(&self, name: &str) -> Result<&Value, EndpointError> {
        match self.vars.iter().rev().find(|(bound, _)| *bound == name) {
            Some((_, value)) => Ok(value),
            None => Err(EndpointError::evaluation(format!("`{name}` is not bound"))),
        }
    }

    fn expr(&self, expr: &Expr) -> Result<Value, EndpointError> {
        match expr {
            Expr::Literal(literal) => self.literal(literal),
            Expr::Ref(name) => self.lookup(name).cloned(),
            Expr::Call(call) => self.call(call),
        }
    }

    fn literal(&self, literal: &Literal) -> Result<Value, EndpointError> {
        Ok(match literal {
            Literal::Template(parts) => Value::String(self.template(parts)?),
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Number(n) => Value::Number(n.clone()),
            Literal::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.literal(i))
                    .collect::<Result<_, _>>()?,
            ),
            Literal::Record(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, item)| Ok((key.clone(), self.literal(item)?)))
                    .collect::<Result<_, EndpointError>>()?,
            ),
        })
    }

    fn template(&self, parts: &[TemplatePart]) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in parts {
            match part {
                TemplatePart::Text(text) => out.push_str(text),
                TemplatePart::Value(name, path) => match get_attr(self.lookup(name)?, path) {
                    Value::String(s) => out.push_str(&s),
                    Value::Null => {
                        return Err(EndpointError::evaluation(format!(
                            "template value `{name}` is not set"
                        )))
                    }
                    other => {
                        let message = format!("template value `{name}` is not a string: {other}");
                        return Err(EndpointError::evaluation(message));
                    }
                },
            }
        }
        Ok(out)
    }

    fn call(&self, call: &Call) -> Result<Value, EndpointError> {
        let args = &call.args;
        match &call.func {
            // These two evaluate only the arguments they need.
            Func::Ite => {
                return match self.expr(&args[0])? {
                    Value::Bool(true) => self.expr(&args[1]),
                    Value::Bool(false) | Value::Null => self.expr(&args[2]),
                    other => Err(type_error("ite", 0, "boolean", &other)),
                }
            }
            Func::Coalesce => {
                for arg in args {
                    let value = self.expr(arg)?;
                    if !value.is_null() {
                        return Ok(value);
                    }
                }
                return Ok(Value::Null);
            }
            _ => {}
        }
        let values = args
            .iter()
            .map(|arg| self.expr(arg))
            .collect::<Result<Vec<_>, _>>()?;
        match &call.func {
            Func::IsSet => return Ok(Value::Bool(!values[0].is_null())),
            Func::GetAttr(path) => return Ok(get_attr(&values[0], path)),
            // Any other function of an unset value has no value.
            _ if values.iter().any(Value::is_null) => return Ok(Value::Null),
            _ => {}
        }
        let a = Args {
            func: call.func.name(),
            values: &values,
        };
        Ok(match &call.func {
            Func::Not => Value::Bool(!a.bool(0)?),
            Func::BooleanEquals => Value::Bool(a.bool(0)? == a.bool(1)?),
            Func::StringEquals => Value::Bool(a.str(0)? == a.str(1)?),
            Func::Substring => {
                let found = functions::substring(a.str(0)?, a.index(1)?, a.index(2)?, a.bool(3)?);
                found.map_or(Value::Null, Value::String)
            }
            Func::UriEncode => Value::String(functions::uri_encode(a.str(0)?)),
            Func::ParseUrl => functions::parse_url(a.str(0)?).unwrap_or(Value::Null),
            Func::IsValidHostLabel => {
                Value::Bool(functions::is_valid_host_label(a.str(0)?, a.bool(1)?))
            }
            Func::Split => match functions::split(a.str(0)?, a.str(1)?, a.index(2)?) {
                Some(parts) => Value::Array(parts.into_iter().map(Value::String).collect()),
                None => return Err(EndpointError::evaluation("split: the delimiter is empty")),
            },
            Func::Partition => self.partitions.lookup(a.str(0)?).unwrap_or(Value::Null),
            Func::ParseArn => functions::parse_arn(a.str(0)?).unwrap_or(Value::Null),
            Func::IsVirtualHostableS3Bucket => Value::Bool(
                functions::is_virtual_hostable_s3_bucket(a.str(0)?, a.bool(1)?),
            ),
            Func::IsSet | Func::GetAttr(_) | Func::Ite | Func::Coalesce => Value::Null,
        })
    }
}

/// Follows a `getAttr` path; missing keys and indexes give `Null`.
fn get_attr(value: &Value, path: &[PathPart]) -> Value {
    let mut current = value;
    for part in path {
        let next = match part {
            PathPart::Key(key) => current.as_object().and_then(|o| o.get(key)),
            PathPart::Index(index) => current.as_array().and_then(|a| a.get(*index)),
        };
        match next {
            Some(next) => current = next,
            None => return Value::Null,
        }
    }
    current.clone()
}

fn type_error(func: &str, index: usize, expected: &str, got: &Value) -> EndpointError {
    EndpointError::evaluation(format!(
        "{func}: argument {index} must be a {expected}, got {got}"
    ))
}

/// Typed access to a function's evaluated arguments.
struct Args<'v> {
    func: &'static str,
    values: &'v [Value],
}

impl<'v> Args<'v> {
    fn str(&self, i: usize) -> Result<&'v str, EndpointError> {
        self.values[i]
            .as_str()
            .ok_or_else(|| type_error(self.func, i, "string", &self.values[i]))
    }

    fn bool(&self, i: usize) -> Result<bool, EndpointError> {
        self.values[i]
            .as_bool()
            .ok_or_else(|| type_error(self.func, i, "boolean", &self.values[i]))
    }

    fn index(&self, i: usize) -> Result<usize, EndpointError> {
        let value = self.values[i]
            .as_u64()
            .and_then(|n| usize::try_from(n).ok());
        value.ok_or_else(|| type_error(self.func, i, "non-negative integer", &self.values[i]))
    }
}
