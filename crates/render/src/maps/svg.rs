//! Drawing a [`MapSpec`] as SVG: the targets projected and fitted in a frame, the legend on
//! the right, a scale bar in kilometres and the source line under the map. No north arrow:
//! north is up, as on every map of France.
//!
//! Coordinates are written with one fixed decimal. Consecutive points that round to the
//! same place are dropped, and only those: neighbours share their borders vertex for vertex
//! in the contours, so they keep sharing them once rounded, and the map shows neither gap
//! nor overlap.

use super::{Fill, MapSpec};
use crate::markup::escape;
use mutu_domain::geography::Projection;
use mutu_domain::geography::geo::{BoundingRect, Coord, InteriorPoint, MultiPolygon, Rect};
use std::fmt::Write;

const WIDTH: f64 = 760.0;
const MARGIN: f64 = 16.0;
/// The frame the map is fitted in.
const MAP_WIDTH: f64 = 500.0;
const MAP_HEIGHT: f64 = 520.0;
/// Left edge of the legend, and how many characters of 12 px a line of it holds.
const LEGEND_X: f64 = MARGIN + MAP_WIDTH + 24.0;
const LEGEND_CHARS: usize = 28;
const TITLE_CHARS: usize = 84;
const LINE: f64 = 14.0;
/// Length the scale bar aims at, pixels.
const SCALE_TARGET: f64 = 100.0;
const INK: &str = "#1d3557";

/// The map as an SVG element whose inner ids all start with the spec's id.
pub(super) fn render(spec: &MapSpec) -> String {
    let id = escape(&spec.id);
    let mut body = String::new();
    let mut y = MARGIN;
    for line in wrap(&spec.title, TITLE_CHARS).iter().take(2) {
        y += 18.0;
        let _ = writeln!(
            body,
            r#"<text class="titre" x="{MARGIN}" y="{}" font-size="15" font-weight="bold">{}</text>"#,
            n(y),
            escape(line)
        );
    }
    let top = y + 14.0;
    let frame = Frame::fit(spec, top);
    let map_bottom = match &frame {
        Some(frame) => {
            targets(spec, frame, &id, &mut body);
            frame.bottom
        }
        None => {
            let _ =
                writeln!(body, r#"<text x="{MARGIN}" y="{}" font-style="italic">Aucun contour</text>"#, n(top + 20.0));
            top + 30.0
        }
    };
    let legend_bottom = legend(spec, &id, top, &mut body);
    let mut bottom = map_bottom.max(legend_bottom) + 10.0;
    if let Some(frame) = &frame {
        bottom = scale_bar(frame.scale, bottom, &mut body);
    }
    let source_y = bottom + 20.0;
    let _ = writeln!(
        body,
        r##"<text class="source" x="{MARGIN}" y="{}" font-size="11" fill="#444444">{}</text>"##,
        n(source_y),
        escape(&spec.source)
    );

    let height = n(source_y + MARGIN);
    let mut out = String::with_capacity(body.len() + 2048);
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="carte" width="{w}" height="{height}" viewBox="0 0 {w} {height}" role="img" aria-labelledby="{id}-titre {id}-desc" font-family="Marianne, Arial, Helvetica, sans-serif" font-size="12" fill="#1a1a1a">"##,
        w = n(WIDTH)
    );
    let _ = writeln!(out, r#"<title id="{id}-titre">{}</title>"#, escape(&spec.title));
    let _ = writeln!(out, r#"<desc id="{id}-desc">{}</desc>"#, escape(&description(spec)));
    let fills: Vec<Fill> = spec.categories.iter().map(|c| c.fill).collect();
    let patterns: String = [Fill::Hatched, Fill::Dotted, Fill::CrossHatched, Fill::Striped, Fill::Silent]
        .into_iter()
        .filter(|f| fills.contains(f))
        .filter_map(|f| pattern(f, &id))
        .collect();
    if !patterns.is_empty() {
        let _ = writeln!(out, "<defs>\n{patterns}</defs>");
    }
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Where the projected map sits: the projection, metres to pixels, and the frame's corner.
struct Frame {
    projection: Projection,
    /// Pixels per metre.
    scale: f64,
    /// Projected west and north edges of the drawn area, metres.
    west: f64,
    north: f64,
    /// Pixel position of the drawn area's top-left corner.
    left: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    /// The frame of every shape of the spec, under `top`; `None` when there is none.
    fn fit(spec: &MapSpec, top: f64) -> Option<Frame> {
        let shapes = || spec.targets.iter().filter_map(|t| t.shape.as_ref());
        let bounds = union(shapes().filter_map(BoundingRect::bounding_rect))?;
        let projection = Projection::fitting(&bounds);
        let projected = union(shapes().filter_map(|s| projection.project_shape(s).bounding_rect()))?;
        let (width, height) = (projected.width(), projected.height());
        let scale = (MAP_WIDTH / width).min(MAP_HEIGHT / height);
        if !scale.is_finite() || scale <= 0.0 {
            return None;
        }
        let left = MARGIN + (MAP_WIDTH - width * scale) / 2.0;
        Some(Frame {
            projection,
            scale,
            west: projected.min().x,
            north: projected.max().y,
            left,
            top,
            bottom: top + height * scale,
        })
    }

    fn pixel(&self, c: Coord) -> (f64, f64) {
        (self.left + (c.x - self.west) * self.scale, self.top + (self.north - c.y) * self.scale)
    }

    /// The SVG path data of a shape (projected already): rings closed with `Z`, points
    /// rounding to the previous one dropped, rings shrunk below three points left out.
    fn path(&self, shape: &MultiPolygon) -> String {
        let mut d = String::new();
        for polygon in shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let mut points: Vec<String> =
                    ring.coords().map(|c| self.pixel(*c)).map(|(x, y)| format!("{x:.1} {y:.1}")).collect();
                points.dedup();
                if points.len() > 1 && points.first() == points.last() {
                    points.pop();
                }
                if points.len() < 3 {
                    continue;
                }
                let _ = write!(d, "M{}L{}Z", points[0], points[1..].join(" "));
            }
        }
        d
    }
}

/// The smallest box holding every box, if any.
fn union(rects: impl Iterator<Item = Rect>) -> Option<Rect> {
    rects.reduce(|a, b| {
        Rect::new(
            Coord { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            Coord { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )
    })
}

/// One path per target with a contour, then the marks drawn over them.
fn targets(spec: &MapSpec, frame: &Frame, id: &str, body: &mut String) {
    let mut marks = String::new();
    let _ = writeln!(body, r##"<g class="cibles" stroke="#8a8a8a" stroke-width="0.5" stroke-linejoin="round">"##);
    for target in &spec.targets {
        let (Some(shape), Some(category)) = (&target.shape, spec.categories.get(target.category)) else { continue };
        let projected = frame.projection.project_shape(shape);
        let d = frame.path(&projected);
        if d.is_empty() {
            continue;
        }
        let path = format!(
            r#"<path class="cible cat-{}" data-code="{}" fill="{}" fill-rule="evenodd" d="{d}"><title>{} : {}</title></path>"#,
            escape(&category.key),
            escape(&target.code),
            fill(category.fill, id),
            escape(&target.name),
            escape(&category.label)
        );
        match &spec.link_prefix {
            Some(prefix) => {
                let href = format!("{prefix}{}", target.code);
                let _ =
                    writeln!(body, r#"<a href="{}" aria-label="{}">{path}</a>"#, escape(&href), escape(&target.name));
            }
            None => {
                let _ = writeln!(body, "{path}");
            }
        }
        if let (Some(mark), Some(point)) = (&target.mark, projected.interior_point()) {
            let (x, y) = frame.pixel(point.0);
            let _ = writeln!(marks, r#"<text x="{x:.1}" y="{:.1}">{}</text>"#, y + 4.0, escape(mark));
        }
    }
    body.push_str("</g>\n");
    if !marks.is_empty() {
        let _ = writeln!(
            body,
            r##"<g class="reperes" aria-hidden="true" pointer-events="none" font-size="11" font-weight="bold" text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke">"##
        );
        body.push_str(&marks);
        body.push_str("</g>\n");
    }
}

/// The legend, one swatch per category with its count, from `top`; returns the y under it.
fn legend(spec: &MapSpec, id: &str, top: f64, body: &mut String) -> f64 {
    let mut y = top;
    let _ = writeln!(body, r#"<text x="{}" y="{}" font-weight="bold">Légende</text>"#, n(LEGEND_X), n(y + 12.0));
    y += 24.0;
    for (category, count) in spec.categories.iter().zip(spec.counts()) {
        let lines = wrap(&format!("{} ({count})", category.label), LEGEND_CHARS);
        let _ = write!(
            body,
            r#"<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="{INK}" stroke-width="0.8"/><text x="{}" y="{}">"#,
            n(LEGEND_X),
            n(y),
            fill(category.fill, id),
            n(LEGEND_X + 20.0),
            n(y + 11.0)
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { "0" } else { "14" };
            let _ = write!(body, r#"<tspan x="{}" dy="{dy}">{}</tspan>"#, n(LEGEND_X + 20.0), escape(line));
        }
        body.push_str("</text>\n");
        y += (lines.len().max(1) as f64 * LINE).max(14.0) + 8.0;
    }
    y
}

/// A scale bar of a round length near [`SCALE_TARGET`] pixels at `top`; returns the y under it.
fn scale_bar(scale: f64, top: f64, body: &mut String) -> f64 {
    let raw = SCALE_TARGET / scale;
    let magnitude = 10f64.powf(raw.log10().floor());
    let metres = [5.0, 2.0, 1.0].into_iter().map(|m| m * magnitude).find(|m| *m <= raw).unwrap_or(magnitude);
    let length = metres * scale;
    let (x0, x1, y) = (MARGIN, MARGIN + length, top + 16.0);
    let km = format!("{}", metres / 1000.0).replace('.', ",");
    let _ = writeln!(
        body,
        r##"<g class="echelle" stroke="#1a1a1a" stroke-width="1.2"><line x1="{a}" y1="{b}" x2="{c}" y2="{b}"/><line x1="{a}" y1="{t}" x2="{a}" y2="{b}"/><line x1="{c}" y1="{t}" x2="{c}" y2="{b}"/></g>"##,
        a = n(x0),
        b = n(y),
        c = n(x1),
        t = n(y - 5.0)
    );
    let _ = writeln!(body, r#"<text x="{}" y="{}" font-size="11">0</text>"#, n(x0 - 3.0), n(y - 8.0));
    let _ = writeln!(body, r#"<text x="{}" y="{}" font-size="11">{km} km</text>"#, n(x1 - 3.0), n(y - 8.0));
    y + 4.0
}

/// A coordinate with one fixed decimal.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// The words of `text` in lines of at most `chars` characters (a longer word stands alone).
fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The fill attribute of a category.
fn fill(fill: Fill, id: &str) -> String {
    match fill {
        Fill::Dark => INK.to_owned(),
        Fill::Medium => "#5d7d9c".to_owned(),
        Fill::Light => "#c4d1de".to_owned(),
        Fill::Blank => "#ffffff".to_owned(),
        patterned => format!("url(#{id}-motif-{})", pattern_name(patterned)),
    }
}

fn pattern_name(fill: Fill) -> &'static str {
    match fill {
        Fill::Hatched => "hachures",
        Fill::Dotted => "points",
        Fill::CrossHatched => "quadrillage",
        Fill::Striped => "rayures",
        Fill::Silent => "gris",
        Fill::Dark | Fill::Medium | Fill::Light | Fill::Blank => "plein",
    }
}

/// The `<pattern>` of a patterned fill, or `None` for a solid one.
fn pattern(fill: Fill, id: &str) -> Option<String> {
    let name = pattern_name(fill);
    let open = |size: u8, rotate: bool, ground: &str| {
        let turn = if rotate { r#" patternTransform="rotate(45)""# } else { "" };
        format!(
            r#"<pattern id="{id}-motif-{name}" width="{size}" height="{size}" patternUnits="userSpaceOnUse"{turn}><rect width="{size}" height="{size}" fill="{ground}"/>"#
        )
    };
    let inner = match fill {
        Fill::Hatched => format!(
            r#"{}<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/>"#,
            open(6, true, "#ffffff")
        ),
        Fill::Dotted => format!(r#"{}<circle cx="2.5" cy="2.5" r="1.3" fill="{INK}"/>"#, open(5, false, "#ffffff")),
        Fill::CrossHatched => format!(
            r#"{}<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="1.2"/><line x1="0" y1="0" x2="6" y2="0" stroke="{INK}" stroke-width="1.2"/>"#,
            open(6, true, "#ffffff")
        ),
        Fill::Striped => format!(
            r#"{}<line x1="0" y1="2.5" x2="5" y2="2.5" stroke="{INK}" stroke-width="1.5"/>"#,
            open(5, false, "#ffffff")
        ),
        Fill::Silent => format!(
            r##"{}<line x1="0" y1="0" x2="0" y2="5" stroke="#9a9a9a" stroke-width="1"/>"##,
            open(5, true, "#eeeeee")
        ),
        Fill::Dark | Fill::Medium | Fill::Light | Fill::Blank => return None,
    };
    Some(format!("{inner}</pattern>\n"))
}

/// The map in words, for the `<desc>`: how many targets in each category.
fn description(spec: &MapSpec) -> String {
    let counts: Vec<String> =
        spec.categories.iter().zip(spec.counts()).map(|(c, count)| format!("{} : {count}", c.label)).collect();
    let mut text = format!("Carte de {} cibles. {}.", spec.targets.len(), counts.join(" ; "));
    let undrawn = spec.targets.iter().filter(|t| t.shape.is_none()).count();
    if undrawn > 0 {
        let _ = write!(text, " {undrawn} sans contour, non dessinées.");
    }
    text
}
