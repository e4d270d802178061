//! The AWS partitions table behind `aws.partition`.
//!
//! The built-in table (`partitions.json` beside this file, in the format of
//! the Smithy `partitions.json`) covers `aws`, `aws-cn`, `aws-us-gov`,
//! `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f` and `aws-eusc`. The
//! isolated partitions are marked as not supporting dual-stack, as the
//! endpoint tests of the service models in this repository expect.
//!
//! A region is looked up by exact name first (`aws-global`, `us-east-1`),
//! then by each partition's `regionRegex`; anything else falls into `aws`.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::EndpointError;

const BUILTIN_JSON: &str = include_str!("partitions.json");

/// A table of partitions that `aws.partition` looks regions up in.
#[derive(Clone, Debug, Default)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

#[derive(Clone, Debug)]
struct Partition {
    id: String,
    outputs: Map<String, Value>,
    region_regex: regress::Regex,
    /// Known regions and the outputs they override (rarely any).
    regions: Vec<(String, Map<String, Value>)>,
}

impl Partitions {
    /// The built-in table.
    pub fn builtin() -> &'static Partitions {
        static BUILTIN: OnceLock<Partitions> = OnceLock::new();
        // The embedded table is checked by tests; an empty table would only
        // make `aws.partition` conditions fail.
        BUILTIN.get_or_init(|| Partitions::from_json(BUILTIN_JSON).unwrap_or_default())
    }

    /// A table from `partitions.json` text: `{"partitions": [{"id", "outputs",
    /// "regionRegex", "regions"}, ...]}`.
    pub fn from_json(json: &str) -> Result<Self, EndpointError> {
        let invalid = |path: &str, message: &str| EndpointError::invalid(path, message);
        let root: Value =
            serde_json::from_str(json).map_err(|e| invalid("", &format!("not JSON: {e}")))?;
        let Some(list) = root.get("partitions").and_then(Value::as_array) else {
            return Err(invalid("partitions", "expected an array"));
        };
        let mut partitions = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let path = format!("partitions[{i}]");
            let Some(id) = entry.get("id").and_then(Value::as_str) else {
                return Err(invalid(&format!("{path}.id"), "expected a string"));
            };
            let Some(outputs) = entry.get("outputs").and_then(Value::as_object) else {
                return Err(invalid(&format!("{path}.outputs"), "expected an object"));
            };
            let Some(pattern) = entry.get("regionRegex").and_then(Value::as_str) else {
                return Err(invalid(&format!("{path}.regionRegex"), "expected a string"));
            };
            // Regions must match the whole pattern, as in Smithy's reference implementation.
            let region_regex = regress::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
                invalid(
                    &format!("{path}.regionRegex"),
                    &format!("invalid regex: {e}"),
                )
            })?;
            let mut regions = Vec::new();
            if let Some(known) = entry.get("regions").and_then(Value::as_object) {
                for (name, overrides) in known {
                    let mut overrides = overrides.as_object().cloned().unwrap_or_default();
                    overrides.remove("description");
                    regions.push((name.clone(), overrides));
                }
            }
            partitions.push(Partition {
                id: id.to_owned(),
                outputs: outputs.clone(),
                region_regex,
                regions,
            });
        }
        Ok(Partitions { partitions })
    }

    /// The partition ids in table order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.partitions.iter().map(|p| p.id.as_str())
    }

    /// The `aws.partition` result for `region`: an object with `name`,
    /// `dnsSuffix`, `dualStackDnsSuffix`, `supportsFIPS`, `supportsDualStack`
    /// and `implicitGlobalRegion`. `None` only for an empty table.
    pub fn lookup(&self, region: &str) -> Option<Value> {
        for partition in &self.partitions {
            if let Some((_, overrides)) = partition.regions.iter().find(|(name, _)| name == region)
            {
                let mut outputs = partition.outputs.clone();
                outputs.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
                return Some(Value::Object(outputs));
            }
        }
        let matched = self
            .partitions
            .iter()
            .find(|p| p.region_regex.find(region).is_some());
        let partition = matched
            .or_else(|| self.partitions.iter().find(|p| p.id == "aws"))
            .or_else(|| self.partitions.first())?;
        Some(Value::Object(partition.outputs.clone()))
    }
}
