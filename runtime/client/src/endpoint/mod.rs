//! An interpreter for Smithy endpoint rulesets (`smithy.rules#endpointRuleSet`).
//!
//! Generated code embeds the service's ruleset JSON and resolves an endpoint
//! per call from [`Params`] such as `Region`, `UseFIPS`, `UseDualStack` and
//! `Endpoint`:
//!
//! ```
//! use smithy_client::endpoint::{resolve, Params};
//!
//! const RULES: &str = r#"{
//!   "version": "1.0",
//!   "parameters": {
//!     "Region": {"type": "String", "builtIn": "AWS::Region", "required": false}
//!   },
//!   "rules": [
//!     {"conditions": [
//!        {"fn": "isSet", "argv": [{"ref": "Region"}]},
//!        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Partition"}],
//!      "endpoint": {"url": "https://svc.{Region}.{Partition#dnsSuffix}"},
//!      "type": "endpoint"},
//!     {"conditions": [], "error": "Missing Region", "type": "error"}
//!   ]
//! }"#;
//!
//! let endpoint = resolve(RULES, &Params::new().with_region("cn-north-1")).unwrap();
//! assert_eq!(endpoint.url, "https://svc.cn-north-1.amazonaws.com.cn");
//! assert_eq!(resolve(RULES, &Params::new()).unwrap_err().to_string(), "Missing Region");
//! ```
//!
//! [`resolve`] parses each distinct ruleset text once and caches it; callers
//! that prefer to hold the parsed form use [`RuleSet::parse`] and
//! [`RuleSet::resolve`]. Supported: `endpoint`, `error` and `tree` rules;
//! conditions with `assign`; `{"ref": ...}`; templates with `{Name}` and
//! `{Name#attr.path[0]}`; the functions `isSet`, `not`, `booleanEquals`,
//! `stringEquals`, `getAttr`, `substring`, `uriEncode`, `parseURL`,
//! `isValidHostLabel`, `split`, `coalesce`, `ite`, `aws.partition`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket` (see [`functions`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

mod ast;
mod error;
mod eval;
pub mod functions;
mod params;
mod partition;
mod ruleset;
mod template;
mod testing;

pub use error::EndpointError;
pub use params::{
    ParamValue, Params, BUILTIN_ENDPOINT, BUILTIN_REGION, BUILTIN_USE_DUAL_STACK, BUILTIN_USE_FIPS,
    ENDPOINT, REGION, USE_DUAL_STACK, USE_FIPS,
};
pub use partition::Partitions;
pub use ruleset::{ParamType, Parameter, RuleSet};
pub use testing::check_test_case;

/// The endpoint a ruleset resolved to.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedEndpoint {
    /// The endpoint URL, e.g. `https://chime.us-east-1.amazonaws.com`.
    pub url: String,
    /// Headers to add to the request, by name.
    pub headers: BTreeMap<String, Vec<String>>,
    /// The endpoint's properties (a JSON object), e.g. `authSchemes`.
    pub properties: serde_json::Value,
    /// `signingName` of the first `sigv4` entry of `properties.authSchemes`.
    pub signing_name: Option<String>,
    /// `signingRegion` of the first `sigv4` entry of `properties.authSchemes`.
    pub signing_region: Option<String>,
}

/// How many distinct ruleset texts [`resolve`] keeps parsed.
const CACHE_LIMIT: usize = 64;

/// Resolves the endpoint for `params` with the ruleset JSON `ruleset_json`,
/// parsing it only the first time a given text is seen.
pub fn resolve(ruleset_json: &str, params: &Params) -> Result<ResolvedEndpoint, EndpointError> {
    cached(ruleset_json)?.resolve(params)
}

fn cached(ruleset_json: &str) -> Result<Arc<RuleSet>, EndpointError> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<RuleSet>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // A panic elsewhere while holding the lock cannot leave the map inconsistent.
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(rules) = lock().get(ruleset_json) {
        return Ok(Arc::clone(rules));
    }
    let rules = Arc::new(RuleSet::parse(ruleset_json)?);
    let mut map = lock();
    if map.len() >= CACHE_LIMIT {
        map.clear();
    }
    map.insert(ruleset_json.to_owned(), Arc::clone(&rules));
    Ok(rules)
}
