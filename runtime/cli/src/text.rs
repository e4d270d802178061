//! The `text` output format: tab-separated lines, as the AWS CLI prints them.
//! Scalars of an object share one line (sorted by key); nested lists and
//! objects follow on lines of their own, led by their key in upper case.

use serde_json::Value;

use crate::format::python_str;

/// Renders `value` in the `text` format.
/// Control characters in the values (other than newline and tab) are
/// escaped as `\xNN`.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    item(value, None, None, &mut out);
    crate::format::terminal_safe(&out).into_owned()
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn item(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(_) => dict(v, identifier, scalar_keys, out),
        Value::Array(items) => list(items, identifier, out),
        other => {
            out.push_str(&python_str(other));
            out.push('\n');
        }
    }
}

fn list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for element in items {
            item(element, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, others): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            scalar_list(&scalars, identifier, out);
        }
        for other in others {
            item(other, identifier, None, out);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        scalar_list(&all, identifier, out);
    }
}

fn scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for v in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), python_str(v)));
            }
        }
        None => {
            let parts: Vec<String> = items.iter().map(|v| python_str(v)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn dict(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    let Value::Object(obj) = v else { return };
    let mut scalars = Vec::new();
    let mut others: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut keys: Vec<&String> = obj.keys().collect();
            keys.sort();
            for k in keys {
                let value = &obj[k.as_str()];
                if is_scalar(value) {
                    scalars.push(python_str(value));
                } else {
                    others.push((k, value));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(obj.get(k).map(python_str).unwrap_or_default());
            }
            let mut rest: Vec<&String> = obj.keys().filter(|k| !keys.contains(k)).collect();
            rest.sort();
            for k in rest {
                others.push((k, &obj[k.as_str()]));
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, value) in others {
        item(value, Some(k), None, out);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|o| {
            o.iter()
                .filter(|(_, v)| is_scalar(v))
                .map(|(k, _)| k.clone())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_the_aws_cli() {
        assert_eq!(render(&json!({"Errors": []})), "");
        let v = json!({"Errors": [
            {"MemberId": "a", "ErrorCode": "NotFound", "ErrorMessage": "no such member"},
            {"MemberId": "bb", "ErrorCode": "X", "ErrorMessage": "y"}
        ]});
        assert_eq!(
            render(&v),
            "ERRORS\tNotFound\tno such member\ta\nERRORS\tX\ty\tbb\n"
        );
        let v = json!({"Account": {"AccountId": "1", "Name": "n",
            "SigninDelegateGroups": [{"GroupName": "g"}], "SupportedLicenses": ["Basic", "Pro"]}});
        assert_eq!(
            render(&v),
            "ACCOUNT\t1\tn\nSIGNINDELEGATEGROUPS\tg\nSUPPORTEDLICENSES\tBasic\nSUPPORTEDLICENSES\tPro\n"
        );
        assert_eq!(render(&json!(true)), "True\n");
    }
}
