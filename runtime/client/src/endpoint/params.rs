//! [`Params`]: the values endpoint rules are evaluated with.

use std::collections::BTreeMap;

use serde_json::Value;

use super::EndpointError;

/// The value of one endpoint parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A `String` parameter.
    String(String),
    /// A `Boolean` parameter.
    Bool(bool),
    /// A `StringArray` parameter.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// The value as ruleset JSON.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::String(s.clone()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                Value::Array(items.iter().cloned().map(Value::String).collect())
            }
        }
    }

    /// A value from JSON: a string, a boolean or an array of strings.
    pub fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(ParamValue::String(s.clone())),
            Value::Bool(b) => Some(ParamValue::Bool(*b)),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<smithy_rt::operation::EndpointParam> for ParamValue {
    fn from(value: smithy_rt::operation::EndpointParam) -> Self {
        use smithy_rt::operation::EndpointParam;
        match value {
            EndpointParam::String(s) => ParamValue::String(s),
            EndpointParam::Bool(b) => ParamValue::Bool(b),
            EndpointParam::StringArray(items) => ParamValue::StringArray(items),
        }
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

/// Endpoint parameters by name (`Region`, `UseFIPS`, ...).
///
/// A parameter with a `builtIn` may also be set under the built-in's name
/// (`AWS::Region`); the parameter's own name wins when both are set. Unset
/// parameters take the ruleset's `default`; names the ruleset does not
/// declare are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<String, ParamValue>,
}

/// The name of the `AWS::Region` parameter.
pub const REGION: &str = "Region";
/// The name of the `AWS::UseFIPS` parameter.
pub const USE_FIPS: &str = "UseFIPS";
/// The name of the `AWS::UseDualStack` parameter.
pub const USE_DUAL_STACK: &str = "UseDualStack";
/// The name of the `SDK::Endpoint` parameter.
pub const ENDPOINT: &str = "Endpoint";
/// The `AWS::Region` built-in.
pub const BUILTIN_REGION: &str = "AWS::Region";
/// The `AWS::UseFIPS` built-in.
pub const BUILTIN_USE_FIPS: &str = "AWS::UseFIPS";
/// The `AWS::UseDualStack` built-in.
pub const BUILTIN_USE_DUAL_STACK: &str = "AWS::UseDualStack";
/// The `SDK::Endpoint` built-in.
pub const BUILTIN_ENDPOINT: &str = "SDK::Endpoint";

impl Params {
    /// No parameters set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets parameter `name`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Sets parameter `name` when `value` is `Some`, unsets it when `None`.
    pub fn set_opt<V: Into<ParamValue>>(
        &mut self,
        name: impl Into<String>,
        value: Option<V>,
    ) -> &mut Self {
        let name = name.into();
        match value {
            Some(value) => self.values.insert(name, value.into()),
            None => self.values.remove(&name),
        };
        self
    }

    /// Builder form of [`Params::set`].
    pub fn with(mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        self.set(name, value);
        self
    }

    /// Unsets parameter `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<ParamValue> {
        self.values.remove(name)
    }

    /// The value of parameter `name`, if set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.get(name)
    }

    /// The string value of parameter `name`, if set and a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(ParamValue::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The boolean value of parameter `name`, if set and a boolean.
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        match self.values.get(name) {
            Some(ParamValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// Sets `Region`.
    pub fn with_region(self, region: impl Into<String>) -> Self {
        self.with(REGION, region.into())
    }

    /// Sets `UseFIPS`.
    pub fn with_use_fips(self, use_fips: bool) -> Self {
        self.with(USE_FIPS, use_fips)
    }

    /// Sets `UseDualStack`.
    pub fn with_use_dual_stack(self, use_dual_stack: bool) -> Self {
        self.with(USE_DUAL_STACK, use_dual_stack)
    }

    /// Sets `Endpoint`, a custom endpoint URL.
    pub fn with_endpoint(self, endpoint: impl Into<String>) -> Self {
        self.with(ENDPOINT, endpoint.into())
    }

    /// `Region`, if set.
    pub fn region(&self) -> Option<&str> {
        self.get_str(REGION)
    }

    /// `UseFIPS`, `false` unless set.
    pub fn use_fips(&self) -> bool {
        self.get_bool(USE_FIPS).unwrap_or(false)
    }

    /// `UseDualStack`, `false` unless set.
    pub fn use_dual_stack(&self) -> bool {
        self.get_bool(USE_DUAL_STACK).unwrap_or(false)
    }

    /// `Endpoint`, if set.
    pub fn endpoint(&self) -> Option<&str> {
        self.get_str(ENDPOINT)
    }

    /// Parameters from a JSON object such as an `endpointTests` case's
    /// `params`; `null` members are left unset.
    pub fn from_json(value: &Value) -> Result<Self, EndpointError> {
        let Some(object) = value.as_object() else {
            return Err(EndpointError::invalid("params", "expected an object"));
        };
        let mut params = Params::new();
        for (name, value) in object {
            if value.is_null() {
                continue;
            }
            match ParamValue::from_json(value) {
                Some(value) => params.set(name.clone(), value),
                None => {
                    return Err(EndpointError::invalid(
                        &format!("params.{name}"),
                        "unsupported parameter value",
                    ))
                }
            };
        }
        Ok(params)
    }

    pub(crate) fn lookup(&self, name: &str, built_in: Option<&str>) -> Option<&ParamValue> {
        self.values
            .get(name)
            .or_else(|| built_in.and_then(|b| self.values.get(b)))
    }
}
