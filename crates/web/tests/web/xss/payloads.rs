//! The hostile texts of the XSS test, and the markers that tell, on a page, whether each one
//! stayed text.
//!
//! Every payload carries a marker `xss-{field}-{n}` (`field`: which free-text field it was
//! typed into, `n`: which payload). Typed as text, the marker shows in the page's text or in an
//! attribute's value; turned into markup, it becomes an element `id="xss-…"` or an attribute
//! `data-xss` — which the DOM check of `xss.rs` looks for. Checking dialogs alone would prove
//! little: the Content-Security-Policy stops inline script even when escaping fails.

use std::collections::BTreeSet;

/// The payloads, `{m}` standing for the marker. Each one is typed into every field of
/// [`hostile`], one after the other.
pub const PAYLOADS: &[&str] = &[
    // Formula injection first, so that a field starting with it reaches CSV and XLSX cells.
    "=cmd|' /C calc'!A0 {m}",
    "<script id=\"{m}\">alert(1)</script>",
    "\"><img src=x id=\"{m}\" onerror=alert(2)>",
    "<svg id=\"{m}\" onload=alert(3)></svg>",
    // Attribute breakers: single-quoted, double-quoted and unquoted attributes.
    "' data-xss='{m}' onmouseover='alert(4)' x='",
    "\" data-xss=\"{m}\" autofocus onfocus=\"alert(5)\" x=\"",
    // Leaving the raw-text elements a value could be printed in.
    "</title></textarea></option></script></style><b id=\"{m}\">6</b>",
    "javascript:alert(7)//{m}",
    "<a href=\"javascript:alert(8)\" id=\"{m}\">8</a>",
    // minijinja: evaluated, the comment (and so the marker) would vanish and `raw` be unclosed.
    "{{7*7}}{# {m} #}{% raw %}",
    // typst: evaluated, the PDF would not compile (or would read a file).
    "#panic(\"{m}\") #read(\"/etc/passwd\") *gras* $x^2$ <lbl> @ref",
    // Already escaped text must not be unescaped on the way.
    "&lt;b id=&quot;{m}&quot;&gt;11&lt;/b&gt;",
    // Right-to-left override, zero-width space and isolates around the marker.
    "\u{202E}\u{200B}{m}\u{2066}txt.exe\u{2069}",
    "<iframe id=\"{m}\" srcdoc=\"<script>alert(13)</script>\"></iframe>",
];

/// The marker of payload `n` typed into `field`.
pub fn marker(field: &str, n: usize) -> String {
    format!("xss-{field}-{n}")
}

/// Every payload, each with its marker for `field`, joined by spaces: what is typed into one
/// free-text field.
pub fn hostile(field: &str) -> String {
    assert!(field.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{field}");
    let parts: Vec<String> = PAYLOADS.iter().enumerate().map(|(n, p)| p.replace("{m}", &marker(field, n))).collect();
    parts.join(" ")
}

/// One long text for the answers' 20 000-character limit: the image payload again and again,
/// each with its own marker `xss-long-{i}`.
pub fn long_text() -> String {
    let mut text = String::new();
    for i in 0.. {
        let part = format!("<img src=x id=\"xss-long-{i}\" onerror=alert({i})> ");
        if text.chars().count() + part.chars().count() > 19_900 {
            break;
        }
        text.push_str(&part);
    }
    text
}

/// Hostile addresses that still parse as email addresses (quoted local parts of 64 characters
/// at most): the fields whose syntax is checked as an address receive these instead.
pub const EMAILS: &[&str] = &[
    "\"<img src=x id={m} onerror=alert(1)>\"@xss.test",
    "\"' data-xss='{m}' onmouseover='alert(4)'\"@xss.test",
    "\"</title><b id={m}>\"@xss.test",
];

/// The fields that must hold an email address: the contacts' and the accounts'.
pub const ADDRESS_FIELDS: &[&str] = &["contact_email", "user_email"];

/// The hostile addresses for `field` (one of [`ADDRESS_FIELDS`]).
pub fn emails(field: &str) -> Vec<String> {
    EMAILS.iter().enumerate().map(|(n, e)| e.replace("{m}", &marker(field, n))).collect()
}

/// How many payloads `field` received.
fn count(field: &str) -> usize {
    if ADDRESS_FIELDS.contains(&field) { EMAILS.len() } else { PAYLOADS.len() }
}

/// The fields whose payloads all show (every marker `xss-{field}-0`, `-1`…) in `text`.
pub fn fields_shown_whole(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeSet<(String, usize)> = BTreeSet::new();
    for (start, _) in text.match_indices("xss-") {
        let rest = &text[start + 4..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        if let Some((field, n)) = rest[..end].rsplit_once('-')
            && let Ok(n) = n.parse::<usize>()
        {
            seen.insert((field.to_owned(), n));
        }
    }
    let fields: BTreeSet<&String> = seen.iter().map(|(f, _)| f).collect();
    fields.into_iter().filter(|f| (0..count(f)).all(|n| seen.contains(&((*f).clone(), n)))).cloned().collect()
}

#[test]
fn every_payload_carries_its_marker_and_the_markers_are_read_back() {
    let text = hostile("wave_name");
    for n in 0..PAYLOADS.len() {
        assert!(text.contains(&marker("wave_name", n)), "payload {n} lost its marker");
    }
    assert!(text.starts_with("=cmd"), "a formula comes first");
    let shown = fields_shown_whole(&format!("{text} {}", hostile("other").replace("xss-other-3", "")));
    assert_eq!(shown, BTreeSet::from(["wave_name".to_owned()]), "a field with one marker missing is not whole");
    assert!(long_text().chars().count() <= 20_000);
}
