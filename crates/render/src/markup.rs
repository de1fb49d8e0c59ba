//! Escaping for the markup mutu writes by hand (the SVG charts and the HTML tables).
//!
//! Labels come from catalogues a study lead may edit and quotes from people outside the
//! study team: every text that enters markup goes through [`escape`], so `<script>` stays
//! the text a reader sees and never becomes an element, and an attribute value can never be
//! closed early.

use std::borrow::Cow;

/// Escapes a text for an HTML or XML text node or a quoted attribute value: `&`, `<`, `>`,
/// `"` and `'` become entities, and control characters XML 1.0 forbids (all but tab and
/// newline; carriage returns too) are dropped. Texts needing neither come back borrowed.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || (c.is_control() && c != '\t' && c != '\n');
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(escape("a \"b\" & c"), "a &quot;b&quot; &amp; c");
        assert_eq!(escape("bip\u{7}\u{1b}[31m\r\n"), "bip[31m\n");
    }

    #[test]
    fn plain_texts_are_borrowed() {
        assert!(matches!(escape("Site internet ≥ 90 000 – 75 %"), Cow::Borrowed(_)));
    }
}
