//! Contacts pasted by the lead (`respondent,email,name`, a header row): read all or nothing,
//! every refusal naming its line, before anything is written.

use crate::page::Invalid;
use lettre::Address;
use mutu_storage::Contact;
use std::collections::BTreeSet;

/// The field of the form the errors are tied to.
const FIELD: &str = "contacts";

/// Reads contacts CSV text (UTF-8, a BOM accepted, comma or semicolon separated, header row
/// `respondent,email,name` in any order, `name` optional) for a wave whose targets are `targets`.
pub(super) fn parse(text: &str, targets: &BTreeSet<String>) -> Result<Vec<Contact>, Invalid> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    if header.trim().is_empty() {
        return Err(Invalid::new(FIELD, "lead-error-required"));
    }
    let separator = if header.contains(';') && !header.contains(',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let fail = |line: u64, key: &'static str| Invalid::new(FIELD, key).arg("line", line.to_string());
    let headers =
        reader.headers().map_err(|e| fail(1, "lead-error-contacts-csv").arg("detail", e.to_string()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(respondent_col), Some(email_col)) = (column("respondent"), column("email")) else {
        return Err(fail(1, "lead-error-contacts-header"));
    };
    let name_col = column("name");
    let mut contacts = vec![];
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            fail(line, "lead-error-contacts-csv").arg("detail", e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let respondent = record.get(respondent_col).unwrap_or_default();
        if !targets.contains(respondent) {
            return Err(fail(line, "lead-error-contacts-target").arg("code", respondent));
        }
        let email = record.get(email_col).unwrap_or_default();
        if email.parse::<Address>().is_err() {
            return Err(fail(line, "lead-error-contacts-email").arg("email", email));
        }
        contacts.push(Contact {
            respondent: respondent.to_owned(),
            email: email.to_owned(),
            name: name_col.and_then(|c| record.get(c)).unwrap_or_default().to_owned(),
        });
    }
    if contacts.is_empty() {
        return Err(Invalid::new(FIELD, "lead-error-required"));
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> BTreeSet<String> {
        ["245900410", "246200364"].into_iter().map(str::to_owned).collect()
    }

    fn line_of(e: &Invalid) -> &str {
        &e.args.iter().find(|(k, _)| *k == "line").expect("line").1
    }

    #[test]
    fn contacts_are_read_with_or_without_name_and_bom() {
        let text = "\u{feff}respondent,email,name\n245900410,dgs@lille.fr,Anne Martin\n\n246200364, tic@arras.fr ,\n";
        let list = parse(text, &targets()).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            list[1],
            Contact { respondent: "246200364".into(), email: "tic@arras.fr".into(), name: String::new() }
        );
        let semicolons = parse("email;respondent\ndgs@lille.fr;245900410\n", &targets()).unwrap();
        assert_eq!(semicolons[0].respondent, "245900410");
    }

    #[test]
    fn every_refusal_names_its_line() {
        let unknown = parse("respondent,email,name\n245900410,a@b.fr,\n999,c@d.fr,\n", &targets()).unwrap_err();
        assert_eq!((unknown.key, line_of(&unknown)), ("lead-error-contacts-target", "3"));
        let email = parse("respondent,email\n245900410,pas-une-adresse\n", &targets()).unwrap_err();
        assert_eq!((email.key, line_of(&email)), ("lead-error-contacts-email", "2"));
        let header = parse("code,courriel\n245900410,a@b.fr\n", &targets()).unwrap_err();
        assert_eq!((header.key, line_of(&header)), ("lead-error-contacts-header", "1"));
        let ragged = parse("respondent,email,name\n245900410,a@b.fr\n", &targets()).unwrap_err();
        assert_eq!((ragged.key, line_of(&ragged)), ("lead-error-contacts-csv", "2"));
        assert_eq!(parse("  ", &targets()).unwrap_err().key, "lead-error-required");
    }
}
