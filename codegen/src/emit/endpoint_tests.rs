//! `tests/endpoint_tests.rs`: one test per case of the model's
//! `smithy.rules#endpointTests`, each resolved with the crate's
//! `client::ENDPOINT_RULES` by [`smithy_client::endpoint::check_test_case`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::common::Ctx;
use crate::config::Config;

/// The file, or `None` when the model has no endpoint rules or tests.
pub fn file(cx: &Ctx<'_>, config: &Config) -> Option<TokenStream> {
    let svc = &cx.ir.service;
    svc.endpoint_rules.as_ref()?;
    let tests: Value = serde_json::from_str(svc.endpoint_tests.as_deref()?).ok()?;
    let cases = tests.get("testCases")?.as_array()?;
    if cases.is_empty() {
        return None;
    }
    let krate = format_ident!("{}", config.crate_name.replace('-', "_"));
    let fns = cases.iter().enumerate().map(|(i, case)| {
        let doc = case
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or("endpoint test case")
            .to_owned();
        let mut slug: String = doc
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .collect();
        while slug.contains("__") {
            slug = slug.replace("__", "_");
        }
        let slug: String = slug.trim_matches('_').chars().take(60).collect();
        let name = format_ident!("case_{:03}_{}", i + 1, slug.trim_end_matches('_'));
        let json = case.to_string();
        let doc = format!(" {}", doc.replace('\r', " "));
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                if let ::std::result::Result::Err(problem) = ::smithy_client::endpoint::check_test_case(#krate::client::ENDPOINT_RULES, #json) {
                    panic!("{problem}");
                }
            }
        }
    });
    Some(quote! {
        //! The model's `smithy.rules#endpointTests`, one test per case.
        #![cfg(feature = "client")]

        #(#fns)*
    })
}
