//! Drawing a [`Chart`] as SVG: horizontal bars, labels on the left (wrapped on two lines,
//! cut with `…` and the full text in a `<title>`), the value at the end of each bar, the
//! legend above and the source line below.
//!
//! Sizes come from counting characters (no font metrics), so the same chart always gives
//! the same bytes. Series are told apart without colour: dark and light solid fills, then
//! hatching, dots, cross-hatching and stripes, every bar outlined.

use super::{Chart, Layout, Unit};
use crate::format::Format;
use crate::markup::escape;
use std::fmt::Write;

const WIDTH: f64 = 760.0;
const MARGIN: f64 = 16.0;
/// Room for the category labels, and how many characters of 12 px fit in it.
const LABEL_WIDTH: f64 = 290.0;
const LABEL_CHARS: usize = 46;
const LABEL_LINES: usize = 2;
const TITLE_CHARS: usize = 84;
const LINE: f64 = 14.0;
/// Average width of a character of 12 px, for the legend.
const CHAR_WIDTH: f64 = 6.6;
const PLOT_X: f64 = MARGIN + LABEL_WIDTH + 10.0;
/// Room right of the plot for the value of the longest bar.
const VALUE_ROOM: f64 = 70.0;
const PLOT_WIDTH: f64 = WIDTH - PLOT_X - VALUE_ROOM - MARGIN;
/// Thickness of a bar among several of a category, and of a lone bar or a stack.
const BAR: f64 = 12.0;
const SINGLE_BAR: f64 = 16.0;
const BAR_GAP: f64 = 2.0;
const BLOCK_PAD: f64 = 10.0;
const INK: &str = "#1d3557";
/// Distinct fills before they repeat.
const FILLS: usize = 8;

/// The chart as an SVG element whose inner ids all start with `id`.
pub(super) fn render(chart: &Chart, id: &str) -> String {
    let id = escape(id);
    let series = chart.series.len();
    let bar = if series > 1 && chart.layout == Layout::Grouped { BAR } else { SINGLE_BAR };
    let bars_height = match chart.layout {
        Layout::Stacked => SINGLE_BAR,
        Layout::Grouped => series.max(1) as f64 * (bar + BAR_GAP) - BAR_GAP,
    };
    let axis = Axis::of(chart);
    let mut body = String::new();

    let mut y = MARGIN;
    for line in wrap(&chart.title, TITLE_CHARS, 3).0 {
        y += 18.0;
        let _ = writeln!(
            body,
            r#"<text class="titre" x="{MARGIN}" y="{}" font-size="15" font-weight="bold">{}</text>"#,
            n(y),
            escape(&line)
        );
    }
    y += 8.0;
    if series > 1 {
        y = legend(chart, &id, y, &mut body) + 6.0;
    }

    let top = y + 6.0;
    let labels: Vec<(Vec<String>, bool)> = chart.categories.iter().map(|c| wrap(c, LABEL_CHARS, LABEL_LINES)).collect();
    let heights: Vec<f64> =
        labels.iter().map(|(lines, _)| bars_height.max(lines.len().max(1) as f64 * LINE) + BLOCK_PAD).collect();
    let bottom = top + if chart.categories.is_empty() { 30.0 } else { heights.iter().sum() };
    for tick in &axis.ticks {
        let x = n(PLOT_X + tick / axis.max * PLOT_WIDTH);
        let _ = writeln!(body, r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#d0d0d0"/>"##, n(top), n(bottom));
        let _ = writeln!(
            body,
            r#"<text x="{x}" y="{}" font-size="11" text-anchor="middle">{}</text>"#,
            n(bottom + 14.0),
            value_text(chart.unit, Some(*tick))
        );
    }
    if chart.categories.is_empty() {
        let _ = writeln!(
            body,
            r#"<text x="{}" y="{}" font-style="italic">Aucune donnée</text>"#,
            n(PLOT_X + 8.0),
            n(top + 20.0)
        );
    }

    let mut block_top = top;
    for (i, (category, (lines, cut))) in chart.categories.iter().zip(&labels).enumerate() {
        let height = heights[i];
        if i > 0 {
            let _ = writeln!(
                body,
                r##"<line x1="{MARGIN}" y1="{y}" x2="{}" y2="{y}" stroke="#ececec"/>"##,
                n(WIDTH - MARGIN),
                y = n(block_top)
            );
        }
        label(&mut body, category, lines, *cut, block_top + height / 2.0);
        let bars_top = block_top + (height - bars_height) / 2.0;
        match chart.layout {
            Layout::Grouped => {
                for (s, serie) in chart.series.iter().enumerate() {
                    let value = serie.values.get(i).copied().flatten();
                    let y = bars_top + s as f64 * (bar + BAR_GAP);
                    let width = axis.width(value);
                    let tip = format!("{category} — {} : {}", serie.name, value_text(chart.unit, value));
                    rect(&mut body, PLOT_X, y, width, bar, &fill(s, &id), &tip);
                    end_label(&mut body, PLOT_X + width, y + bar / 2.0, &value_text(chart.unit, value));
                }
            }
            Layout::Stacked => {
                let mut x = PLOT_X;
                let mut texts = Vec::new();
                for (s, serie) in chart.series.iter().enumerate() {
                    let value = serie.values.get(i).copied().flatten();
                    let width = axis.width(value);
                    let tip = format!("{category} — {} : {}", serie.name, value_text(chart.unit, value));
                    rect(&mut body, x, bars_top, width, SINGLE_BAR, &fill(s, &id), &tip);
                    x += width;
                    texts.push(value_text(chart.unit, value));
                }
                end_label(&mut body, x, bars_top + SINGLE_BAR / 2.0, &texts.join(" + "));
            }
        }
        block_top += height;
    }
    let _ =
        writeln!(body, r##"<line x1="{PLOT_X}" y1="{}" x2="{PLOT_X}" y2="{}" stroke="#1a1a1a"/>"##, n(top), n(bottom));
    let source_y = bottom + 36.0;
    let _ = writeln!(
        body,
        r##"<text class="source" x="{MARGIN}" y="{}" font-size="11" fill="#444444">{}</text>"##,
        n(source_y),
        escape(&chart.source)
    );

    let height = n(source_y + MARGIN);
    let mut out = String::with_capacity(body.len() + 2048);
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="graphique" width="{w}" height="{height}" viewBox="0 0 {w} {height}" role="img" aria-labelledby="{id}-titre {id}-desc" font-family="Marianne, Arial, Helvetica, sans-serif" font-size="12" fill="#1a1a1a">"##,
        w = n(WIDTH)
    );
    let _ = writeln!(out, r#"<title id="{id}-titre">{}</title>"#, escape(&chart.title));
    let _ = writeln!(out, r#"<desc id="{id}-desc">{}</desc>"#, escape(&description(chart)));
    let patterns: String = (0..series.min(FILLS)).filter_map(|s| pattern(s, &id)).collect();
    if !patterns.is_empty() {
        let _ = writeln!(out, "<defs>\n{patterns}</defs>");
    }
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// The value axis: its top and its graduations.
pub(super) struct Axis {
    max: f64,
    pub(super) ticks: Vec<f64>,
}

impl Axis {
    /// 0–100 % for rates; for counts, up to the longest bar (or stack) rounded up to a step
    /// of 1, 2 or 5 times a power of ten, with about four steps.
    pub(super) fn of(chart: &Chart) -> Axis {
        if chart.unit == Unit::Rate {
            return Axis { max: 1.0, ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0] };
        }
        let value = |s: &super::Series, i: usize| s.values.get(i).copied().flatten().unwrap_or(0.0);
        let longest = (0..chart.categories.len())
            .map(|i| match chart.layout {
                Layout::Stacked => chart.series.iter().map(|s| value(s, i)).sum(),
                Layout::Grouped => chart.series.iter().map(|s| value(s, i)).fold(0.0, f64::max),
            })
            .fold(0.0, f64::max);
        let raw = (longest / 4.0).max(1.0);
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
        let steps = (longest / step).ceil().max(1.0) as usize;
        Axis { max: step * steps as f64, ticks: (0..=steps).map(|k| k as f64 * step).collect() }
    }

    /// Length of a bar.
    fn width(&self, value: Option<f64>) -> f64 {
        (value.unwrap_or(0.0).max(0.0) / self.max).min(1.0) * PLOT_WIDTH
    }
}

/// A figure as the chart shows it: `75 %`, `1 546`, or `–` when undefined.
fn value_text(unit: Unit, value: Option<f64>) -> String {
    match (unit, value) {
        (_, None) => "–".to_owned(),
        (Unit::Rate, rate) => Format::FR.percent(rate),
        (Unit::Count, Some(count)) => Format::FR.thousands(count.round().max(0.0) as u64),
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn n(x: f64) -> String {
    let text = format!("{x:.1}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// The lines of a text cut to `chars` characters each, at most `max_lines` of them (the last
/// ending with `…` when the text was longer); and whether it was cut.
pub(super) fn wrap(text: &str, chars: usize, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut rest: Vec<char> = word.chars().collect();
        while !rest.is_empty() {
            let used = line.chars().count();
            let room = if used == 0 { chars } else { chars.saturating_sub(used + 1) };
            if rest.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(rest.drain(..));
            } else if used > 0 {
                lines.push(std::mem::take(&mut line));
            } else {
                line.extend(rest.drain(..chars));
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() <= max_lines {
        return (lines, false);
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        let mut cut: String = last.chars().take(chars.saturating_sub(1)).collect();
        cut.truncate(cut.trim_end().len());
        cut.push('…');
        *last = cut;
    }
    (lines, true)
}

/// A category label, right-aligned against the plot and centred on `middle`.
fn label(body: &mut String, full: &str, lines: &[String], cut: bool, middle: f64) {
    let first = middle - (lines.len().saturating_sub(1)) as f64 * LINE / 2.0 + 4.0;
    let x = n(PLOT_X - 8.0);
    let _ = write!(body, r#"<text x="{x}" y="{}" text-anchor="end">"#, n(first));
    if cut {
        let _ = write!(body, "<title>{}</title>", escape(full));
    }
    for (k, line) in lines.iter().enumerate() {
        let dy = if k == 0 { "0".to_owned() } else { n(LINE) };
        let _ = write!(body, r#"<tspan x="{x}" dy="{dy}">{}</tspan>"#, escape(line));
    }
    body.push_str("</text>\n");
}

/// A bar with its tooltip; nothing for a bar of no length.
fn rect(body: &mut String, x: f64, y: f64, width: f64, height: f64, fill: &str, tip: &str) {
    if width <= 0.0 {
        return;
    }
    let _ = writeln!(
        body,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{INK}" stroke-width="0.8"><title>{}</title></rect>"#,
        n(x),
        n(y),
        n(width),
        n(height),
        escape(tip)
    );
}

/// The value written just after a bar, centred on `middle`.
fn end_label(body: &mut String, x: f64, middle: f64, text: &str) {
    let _ =
        writeln!(body, r#"<text x="{}" y="{}" font-size="11">{}</text>"#, n(x + 4.0), n(middle + 4.0), escape(text));
}

/// The legend, flowing left to right over as many rows as needed; returns the y under it.
fn legend(chart: &Chart, id: &str, mut y: f64, body: &mut String) -> f64 {
    let mut x = MARGIN;
    y += 14.0;
    for (s, serie) in chart.series.iter().enumerate() {
        let width = 20.0 + serie.name.chars().count() as f64 * CHAR_WIDTH + 18.0;
        if x > MARGIN && x + width > WIDTH - MARGIN {
            x = MARGIN;
            y += 20.0;
        }
        let _ = writeln!(
            body,
            r#"<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="{INK}" stroke-width="0.8"/><text x="{}" y="{}">{}</text>"#,
            n(x),
            n(y - 11.0),
            fill(s, id),
            n(x + 20.0),
            n(y),
            escape(&serie.name)
        );
        x += width;
    }
    y + 6.0
}

/// The fill of the `series`-th series: a solid tone or one of the patterns of [`pattern`].
fn fill(series: usize, id: &str) -> String {
    match series % FILLS {
        0 => INK.to_owned(),
        1 => "#a9bccf".to_owned(),
        4 => "#5d7d9c".to_owned(),
        7 => "#ffffff".to_owned(),
        k => format!("url(#{id}-motif-{k})"),
    }
}

/// The `<pattern>` of a patterned series, or `None` for a solid one.
fn pattern(series: usize, id: &str) -> Option<String> {
    let open = |size: u8, rotate: bool| {
        let turn = if rotate { r#" patternTransform="rotate(45)""# } else { "" };
        format!(
            r##"<pattern id="{id}-motif-{series}" width="{size}" height="{size}" patternUnits="userSpaceOnUse"{turn}><rect width="{size}" height="{size}" fill="#ffffff"/>"##
        )
    };
    let inner = match series {
        2 => format!(r#"{}<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2.2"/>"#, open(6, true)),
        3 => format!(r#"{}<circle cx="2.5" cy="2.5" r="1.3" fill="{INK}"/>"#, open(5, false)),
        5 => format!(
            r#"{}<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="1.4"/><line x1="0" y1="0" x2="6" y2="0" stroke="{INK}" stroke-width="1.4"/>"#,
            open(6, true)
        ),
        6 => format!(r#"{}<line x1="0" y1="2.5" x2="5" y2="2.5" stroke="{INK}" stroke-width="1.5"/>"#, open(5, false)),
        _ => return None,
    };
    Some(format!("{inner}</pattern>\n"))
}

/// The chart in words, for the `<desc>`: its kind, its series and every value.
fn description(chart: &Chart) -> String {
    let kind = match (chart.layout, chart.series.len()) {
        (Layout::Stacked, _) => "Barres horizontales empilées",
        (Layout::Grouped, 0 | 1) => "Barres horizontales",
        (Layout::Grouped, _) => "Barres horizontales groupées",
    };
    let mut text = kind.to_owned();
    if chart.series.len() > 1 {
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        let _ = write!(text, " (séries : {})", names.join(", "));
    }
    if chart.categories.is_empty() {
        text.push_str(". Aucune donnée.");
        return text;
    }
    text.push_str(". ");
    let items: Vec<String> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let values: Vec<String> = chart
                .series
                .iter()
                .map(|s| {
                    let value = value_text(chart.unit, s.values.get(i).copied().flatten());
                    if chart.series.len() > 1 { format!("{} {value}", s.name) } else { value }
                })
                .collect();
            format!("{category} : {}", values.join(", "))
        })
        .collect();
    text.push_str(&items.join(" ; "));
    text.push('.');
    text
}
