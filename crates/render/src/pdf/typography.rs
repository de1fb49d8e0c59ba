//! French spacing for the texts the PDF prints: the figures are formatted with plain spaces
//! (`75 %`, `1 546`, so they read and search the same in the terminal, the HTML and the
//! CSV), and a printed page must not break a line inside `1 546` or before `%` or `:`.
//!
//! Following the Imprimerie nationale's rules as typst applies them to its own French
//! quotes: a narrow no-break space (U+202F) before `; ! ? %` and `»`, after `«` and between
//! groups of digits; a no-break space (U+00A0) before `:`.

const NARROW: char = '\u{202F}';
const NO_BREAK: char = '\u{A0}';

/// The text with the spaces of French typography made unbreakable (see the module).
pub(super) fn french_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let replacement = match (before, after) {
            (_, Some(':')) => NO_BREAK,
            (_, Some(';' | '!' | '?' | '%' | '»')) | (Some('«'), _) => NARROW,
            (Some(b), Some(_)) if b.is_ascii_digit() && digit_group(&chars[i + 1..]) => NARROW,
            _ => ' ',
        };
        out.push(replacement);
    }
    out
}

/// Whether the text starts with a group of exactly three digits (`546` in `1 546`).
fn digit_group(rest: &[char]) -> bool {
    rest.len() >= 3 && rest[..3].iter().all(char::is_ascii_digit) && !rest.get(3).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation_and_in_numbers_do_not_break() {
        assert_eq!(french_spaces("6 sur 10 (60 %)"), "6 sur 10 (60\u{202F}%)");
        assert_eq!(french_spaces("1 155 sur 4 042 131"), "1\u{202F}155 sur 4\u{202F}042\u{202F}131");
        assert_eq!(
            french_spaces("Source : enquête ; oui ! non ?"),
            "Source\u{A0}: enquête\u{202F}; oui\u{202F}! non\u{202F}?"
        );
        assert_eq!(french_spaces("« texte »"), "«\u{202F}texte\u{202F}»");
        assert_eq!(french_spaces("< 10 000"), "< 10\u{202F}000");
    }

    #[test]
    fn other_spaces_stay_breakable() {
        assert_eq!(french_spaces("en 2014 sur 53 EPCI, 12 3456"), "en 2014 sur 53 EPCI, 12 3456");
        assert_eq!(french_spaces(" fin "), " fin ");
        assert_eq!(french_spaces("#panic(\"x\") =1+1"), "#panic(\"x\") =1+1");
    }
}
