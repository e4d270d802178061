//! The `table` output format, laid out as the AWS CLI lays it out: one
//! section per object or list of objects, titled by its key, scalar keys as
//! sorted column headers, nested values as indented sections below, all
//! scaled to the widest section (and turned vertical past 80 columns).

use serde_json::Value;

use crate::format::{python_str, terminal_safe};

const ROW_STYLE: &str = "\x1b[1m\x1b[34m";
const INDENT_STYLE: &str = "\x1b[2m\x1b[33m";
const RESET: &str = "\x1b[0m";

/// Renders `value` titled `title`; empty when there is nothing to show.
pub fn render(value: &Value, title: &str, color: bool) -> String {
    let mut t = Table {
        sections: Vec::new(),
    };
    if !t.build(Some(title), value, 0) {
        return String::new();
    }
    t.render(terminal_width(), color)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(80)
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

/// Display width: East Asian wide and full-width characters count twice.
fn text_len(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
                | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|e| text_len(e)).collect();
        } else {
            for (w, e) in self.max_widths.iter_mut().zip(row) {
                *w = (*w).max(text_len(e));
            }
        }
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let (Some(max_width), false) = (max_width, unscaled.is_empty()) else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        let factor = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (factor * *w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let total: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + 4)
            .sum::<usize>()
            + 2
            + 2 * self.indent;
        (text_len(&self.title) + 2 + 2 * self.indent).max(total)
    }
}

struct Table {
    sections: Vec<Section>,
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn cell(v: &Value) -> String {
    python_str(v)
}

impl Table {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: terminal_safe(title).into_owned(),
            indent,
            ..Section::default()
        });
    }

    fn add_header(&mut self, headers: Vec<String>) {
        let headers: Vec<String> = headers
            .iter()
            .map(|h| terminal_safe(h).into_owned())
            .collect();
        let s = self.current();
        s.update_widths(&headers);
        s.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        let row: Vec<String> = row.iter().map(|e| terminal_safe(e).into_owned()).collect();
        let s = self.current();
        s.update_widths(&row);
        s.rows.push(row);
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> bool {
        if falsy(current) {
            return false;
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.list_rows(items, indent, title.unwrap_or_default());
                } else {
                    for item in items {
                        match item {
                            v if is_scalar(v) => self.add_row(vec![cell(v)]),
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.add_row(inner.iter().map(cell).collect())
                            }
                            other => {
                                self.build(None, other, indent);
                            }
                        }
                    }
                }
            }
            Value::Object(_) => self.dict_rows(current, indent),
            _ => {}
        }
        true
    }

    fn dict_rows(&mut self, current: &Value, indent: usize) {
        let Value::Object(obj) = current else { return };
        let (headers, more) = group(obj.iter());
        if headers.len() == 1 {
            let h = headers[0].clone();
            let v = cell(&obj[h.as_str()]);
            self.add_row(vec![h, v]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|h| cell(&obj[h.as_str()])).collect();
            self.add_header(headers);
            self.add_row(row);
        }
        for k in more {
            self.build(Some(&k), &obj[k.as_str()], indent + 1);
        }
    }

    fn list_rows(&mut self, items: &[Value], indent: usize, title: &str) {
        let (headers, more) = group(
            items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.iter()),
        );
        self.add_header(headers.clone());
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.add_header(headers.clone());
            }
            let obj = element.as_object();
            let row = headers
                .iter()
                .map(|h| obj.and_then(|o| o.get(h)).map(cell).unwrap_or_default())
                .collect();
            self.add_row(row);
            for k in &more {
                if let Some(v) = obj.and_then(|o| o.get(k)) {
                    self.build(Some(k), v, indent + 1);
                }
            }
        }
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    fn render(mut self, terminal_width: usize, color: bool) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            for s in &mut self.sections {
                if s.rows.len() == 1 && !s.headers.is_empty() {
                    let headers = std::mem::take(&mut s.headers);
                    let row = s.rows.remove(0);
                    s.max_widths.clear();
                    for (h, e) in headers.into_iter().zip(row) {
                        let r = vec![h, e];
                        s.update_widths(&r);
                        s.rows.push(r);
                    }
                }
            }
            max_width = self.max_width();
        }
        let mut out = "-".repeat(max_width);
        out.push('\n');
        for s in &self.sections {
            let bar = if color {
                format!("{INDENT_STYLE}|{RESET}")
            } else {
                "|".to_owned()
            };
            let edge = bar.repeat(s.indent);
            let mut line = |text: String| {
                out.push_str(&edge);
                out.push_str(&text);
                out.push_str(&edge);
                out.push('\n');
            };
            let width = max_width.saturating_sub(s.indent * 2);
            if !s.title.is_empty() {
                line(center(&s.title, width, "|", "|"));
                if s.headers.is_empty() && s.rows.is_empty() {
                    line(format!("+{}+", "-".repeat(width.saturating_sub(2))));
                }
            }
            let widths = s.column_widths(4, Some(width));
            if !s.headers.is_empty() {
                line(line_break(&widths));
                let mut text = String::new();
                for (i, (w, h)) in widths.iter().zip(&s.headers).enumerate() {
                    text.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
                }
                line(text);
            }
            if !s.rows.is_empty() && !widths.is_empty() {
                line(line_break(&widths));
                for row in &s.rows {
                    let mut text = String::new();
                    for (i, (w, e)) in widths.iter().zip(row).enumerate() {
                        let left = if i == 0 { "|" } else { "" };
                        text.push_str(&align_left(e, *w, left, "|", color));
                    }
                    line(text);
                }
                line(line_break(&widths));
            }
        }
        out
    }
}

/// Sorted scalar keys and sorted other keys (each once).
fn group<'a>(entries: impl Iterator<Item = (&'a String, &'a Value)>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (k, v) in entries {
        let list = if is_scalar(v) {
            &mut headers
        } else {
            &mut more
        };
        if !list.contains(k) {
            list.push(k.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let tl = text_len(text) as i64;
    let start = (length as i64).div_euclid(2) - tl.div_euclid(2) - 1;
    let so_far = left.len() as i64 + start + tl;
    let right_spaces = length as i64 - right.len() as i64 - so_far;
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start.max(0) as usize),
        " ".repeat(right_spaces.max(0) as usize)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str, color: bool) -> String {
    let tl = text_len(text) as i64;
    let computed = tl + 2 + left.len() as i64 + right.len() as i64;
    let padding = if length as i64 - computed >= 0 { 2 } else { 0 };
    let so_far = left.len() as i64 + padding + tl;
    let rest = length as i64 - so_far - right.len() as i64;
    let styled = if color {
        format!("{ROW_STYLE}{text}{RESET}")
    } else {
        text.to_owned()
    };
    format!(
        "{left}{}{styled}{}{right}",
        " ".repeat(padding as usize),
        " ".repeat(rest.max(0) as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TITLE: &str = "BatchCreateRoomMembership";

    #[test]
    fn empty_response_is_a_title_box() {
        assert_eq!(
            render(&json!({"Errors": []}), TITLE, false),
            "---------------------------\n|BatchCreateRoomMembership|\n+-------------------------+\n"
        );
    }

    #[test]
    fn lists_of_objects_and_nesting_match_the_aws_cli() {
        let v = json!({"Errors": [
            {"MemberId": "a", "ErrorCode": "NotFound", "ErrorMessage": "no such member"},
            {"MemberId": "bb", "ErrorCode": "X", "ErrorMessage": "y"}
        ]});
        let expected = "\
-----------------------------------------------
|          BatchCreateRoomMembership          |
+---------------------------------------------+
||                  Errors                   ||
|+-----------+------------------+------------+|
|| ErrorCode |  ErrorMessage    | MemberId   ||
|+-----------+------------------+------------+|
||  NotFound |  no such member  |  a         ||
||  X        |  y               |  bb        ||
|+-----------+------------------+------------+|
";
        assert_eq!(render(&v, TITLE, false), expected);
        let v = json!({"Account": {"AccountId": "1", "Name": "n",
            "SigninDelegateGroups": [{"GroupName": "g"}], "SupportedLicenses": ["Basic", "Pro"]}});
        let expected = "\
---------------------------
|BatchCreateRoomMembership|
+-------------------------+
||        Account        ||
|+-------------+---------+|
||  AccountId  |  Name   ||
|+-------------+---------+|
||  1          |  n      ||
|+-------------+---------+|
|||SigninDelegateGroups |||
||+---------------------+||
|||      GroupName      |||
||+---------------------+||
|||  g                  |||
||+---------------------+||
|||  SupportedLicenses  |||
||+---------------------+||
|||  Basic              |||
|||  Pro                |||
||+---------------------+||
";
        assert_eq!(render(&v, TITLE, false), expected);
    }
}
