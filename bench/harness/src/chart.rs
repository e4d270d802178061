//! bench/chart.svg: one bar per target, on a log scale of "times better than
//! the reference" (higher is better), with the target marked on each row.

use std::fmt::Write as _;

use crate::report::Check;

const WIDTH: f64 = 1000.0;
const LABEL_W: f64 = 300.0;
const PLOT_W: f64 = 440.0;
const ROW_H: f64 = 34.0;
const TOP: f64 = 64.0;
/// The axis runs from 10^LOG_MIN to 10^LOG_MAX.
const LOG_MIN: f64 = -1.0;
const LOG_MAX: f64 = 3.0;

fn x_of(v: f64) -> f64 {
    let l = v.max(1e-9).log10().clamp(LOG_MIN, LOG_MAX);
    LABEL_W + (l - LOG_MIN) / (LOG_MAX - LOG_MIN) * PLOT_W
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn svg(checks: &[Check]) -> String {
    let height = TOP + ROW_H * checks.len() as f64 + 56.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="16" y="26" font-size="16" font-weight="bold">Ours vs the reference: times better (log scale, higher is better)</text>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="46" fill="dimgray">Bar: measured; black tick: target. Green: target met, red: missed, grey: pending.</text>"#
    );
    // Grid.
    let bottom = TOP + ROW_H * checks.len() as f64;
    for exp in [-1i32, 0, 1, 2, 3] {
        for k in 1..10 {
            let v = 10f64.powi(exp) * k as f64;
            if v.log10() > LOG_MAX + 1e-9 {
                break;
            }
            let x = x_of(v);
            let (stroke, width) = if k == 1 {
                ("#999", 1.0)
            } else {
                ("#e4e4e4", 0.8)
            };
            let _ = writeln!(
                s,
                r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}" stroke="{stroke}" stroke-width="{width}"/>"#
            );
            let labelled = k == 1 || (k == 2 && (0..=1).contains(&exp)) || (k == 5 && exp <= 1);
            if labelled {
                let label = if v < 1.0 {
                    format!("{v:.1}×")
                } else {
                    format!("{v:.0}×")
                };
                let _ = writeln!(
                    s,
                    r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="dimgray">{label}</text>"#,
                    bottom + 18.0
                );
            }
        }
    }
    let one = x_of(1.0);
    let _ = writeln!(
        s,
        r#"<line x1="{one:.1}" y1="{TOP}" x2="{one:.1}" y2="{bottom}" stroke="rgb(51,51,51)" stroke-width="1.5"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{one:.1}" y="{:.1}" text-anchor="middle" fill="rgb(51,51,51)">← worse · parity · better →</text>"#,
        bottom + 36.0
    );
    for (i, c) in checks.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let mid = y + ROW_H / 2.0;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL_W - 10.0,
            mid + 4.5,
            esc(&c.short)
        );
        match c.advantage() {
            Some((value, target)) => {
                let color = if c.met() { "#2e8b57" } else { "#d0453a" };
                let (x0, x1) = (one.min(x_of(value)), one.max(x_of(value)));
                let _ = writeln!(
                    s,
                    r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}" opacity="0.85"/>"#,
                    y + 8.0,
                    (x1 - x0).max(1.0),
                    ROW_H - 16.0
                );
                let tx = x_of(target);
                let _ = writeln!(
                    s,
                    r#"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{:.1}" stroke="black" stroke-width="3"/>"#,
                    y + 4.0,
                    y + ROW_H - 4.0
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" fill="{color}" font-weight="bold">{} (target {})</text>"#,
                    LABEL_W + PLOT_W + 8.0,
                    mid + 4.5,
                    esc(&c.ratio_text()),
                    esc(&c.target_text())
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" fill="gray">pending</text>"#,
                    one + 6.0,
                    mid + 4.5
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" fill="gray">(target {})</text>"#,
                    LABEL_W + PLOT_W + 8.0,
                    mid + 4.5,
                    esc(&c.target_text())
                );
            }
        }
    }
    let _ = writeln!(s, "</svg>");
    s
}
