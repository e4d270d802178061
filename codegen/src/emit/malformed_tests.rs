//! Tests from `smithy.test#httpMalformedRequestTests`: the input is built
//! from the request the case gives (body members from the JSON body, header
//! and query members from the request's headers and query string), and the
//! violations of `build()` (missing required members) and `validate()` are
//! compared with the `message` and `fieldList` of the expected
//! ValidationException. One test per case of `testParameters`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::common::Ctx;
use super::protocol_tests::{attrs, test_fn_name};
use super::test_values::{Source, Values};
use crate::config::Config;
use crate::ir::{Binding, Kind, MalformedTest, OperationRef};

/// One test per parameter case of `t`.
pub fn tests(
    cx: &Ctx<'_>,
    krate: &str,
    config: &Config,
    op_ref: OperationRef,
    t: &MalformedTest,
) -> Vec<TokenStream> {
    let cases = t.test_parameters.values().map(Vec::len).max().unwrap_or(0);
    if cases == 0 {
        return vec![test(cx, krate, config, op_ref, t, None)];
    }
    (0..cases)
        .map(|i| test(cx, krate, config, op_ref, t, Some(i)))
        .collect()
}

/// Replaces `$name:S` (as a JSON string), `$name:L` and `$name` (as is) with
/// the case's parameter values, and `$$` with `$`.
pub fn substitute(text: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        match params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                rest = &rest[name_len..];
                if let Some(r) = rest.strip_prefix(":S") {
                    out.push_str(&Value::String((*value).to_owned()).to_string());
                    rest = r;
                } else {
                    out.push_str(value);
                    rest = rest.strip_prefix(":L").unwrap_or(rest);
                }
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (and `+` is kept as is).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Header or query text as the JSON value a member of kind `kind` reads.
fn text_value(kind: &Kind, text: &str) -> Value {
    match kind {
        Kind::Boolean | Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        }
        Kind::Float | Kind::Double => serde_json::from_str::<Value>(text)
            .ok()
            .filter(Value::is_number)
            .unwrap_or_else(|| Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    }
}

fn test(
    cx: &Ctx<'_>,
    krate: &str,
    config: &Config,
    op_ref: OperationRef,
    t: &MalformedTest,
    case: Option<usize>,
) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let params: Vec<(&str, &str)> = match case {
        Some(i) => t
            .test_parameters
            .iter()
            .filter_map(|(k, vs)| vs.get(i).map(|v| (k.as_str(), v.as_str())))
            .collect(),
        None => vec![],
    };
    let name = format_ident!("{}", test_fn_name("malformed", &t.id, case));
    let attrs = attrs(config, &t.id);
    let values = Values {
        cx,
        krate,
        source: Source::Wire,
        fallible: true,
    };
    let body_text = substitute(t.request.body.as_deref().unwrap_or(""), &params);
    let expected = t
        .response
        .body
        .as_ref()
        .and_then(|b| b.assertion.contents.as_deref())
        .map(|c| substitute(c, &params))
        .unwrap_or_default();
    let doc = format!(" `{}` ({}): validation.", t.id, op.name);
    let mut obj = Map::new();
    let body = if body_text.trim().is_empty() {
        Ok(Value::Object(Map::new()))
    } else {
        serde_json::from_str::<Value>(&body_text)
    };
    let body = match body {
        Ok(Value::Object(o)) => o,
        _ => {
            let msg = format!("the request body is not a JSON object: {body_text}");
            return quote! { #[doc = #doc] #attrs fn #name() { ::std::panic!("{}", #msg); } };
        }
    };
    let query: Vec<(String, String)> = t
        .request
        .query_params
        .iter()
        .map(|q| match q.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(q), String::new()),
        })
        .collect();
    for m in cx.ir.shape(op.input).kind.members() {
        let value = match &m.binding {
            Binding::Body => body.get(&m.json_name).cloned(),
            Binding::Header(h) => t
                .request
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(h))
                .map(|(_, v)| text_value(cx.kind(m.target), v)),
            Binding::Query(q) => query
                .iter()
                .find(|(k, _)| k == q)
                .map(|(_, v)| text_value(cx.kind(m.target), v)),
            Binding::Payload => Some(Value::Object(body.clone())),
            _ => None,
        };
        if let Some(v) = value {
            obj.insert(m.json_name.clone(), v);
        }
    }
    let input = values.structure(op.input, &obj, "", None);
    let input_ty = values.type_path(op.input);
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            let built = (|| -> ::std::result::Result<#input_ty, ::smithy_rt::error::BuildError> {
                ::std::result::Result::Ok(#input)
            })();
            let violations = match built {
                ::std::result::Result::Ok(input) => match input.validate() {
                    ::std::result::Result::Ok(()) => ::std::vec::Vec::new(),
                    ::std::result::Result::Err(e) => e.violations().to_vec(),
                },
                ::std::result::Result::Err(e) => e.problems().to_vec(),
            };
            ::smithy_rt::protocol_test::check_violations(&violations, #expected);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let p = [("value", "ab\"c"), ("inputLength", "3")];
        assert_eq!(
            substitute("{ \"s\" : $value:S }", &p),
            "{ \"s\" : \"ab\\\"c\" }"
        );
        assert_eq!(substitute("length $inputLength:L at", &p), "length 3 at");
        assert_eq!(substitute("^[a-m]+$$", &p), "^[a-m]+$");
        assert_eq!(substitute("^[a-m]+$", &p), "^[a-m]+$");
        assert_eq!(percent_decode("a%20b"), "a b");
    }
}
