//! Contacts of a wave's targets, as a lead pastes them on the page or gives them to `mutu
//! contacts import`: CSV `respondent,email[,name]`, read all or nothing, every refusal naming
//! its line (as a value with a code, which the web translates and the command line prints).

use lettre::Address;
use mutu_storage::Contact;
use std::collections::BTreeSet;

/// Why contacts were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No header, or no contact at all.
    Required,
    /// The CSV itself is malformed (a row of the wrong width…), as the reader says.
    Csv(String),
    /// The header lacks `respondent` or `email`.
    Header,
    /// This code is not a target of the wave.
    Target(String),
    /// This is not an email address.
    Email(String),
}

impl Problem {
    /// A stable code for translations (`required`, `contacts-csv`, `contacts-header`,
    /// `contacts-target`, `contacts-email`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::Csv(_) => "contacts-csv",
            Problem::Header => "contacts-header",
            Problem::Target(_) => "contacts-target",
            Problem::Email(_) => "contacts-email",
        }
    }
}

/// A refusal, and the line it names (1 is the header; 0 when no line applies).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ligne {line} : {}", describe(problem))]
pub struct ContactsError {
    /// The line at fault.
    pub line: u64,
    /// What is wrong with it.
    pub problem: Problem,
}

fn describe(problem: &Problem) -> String {
    match problem {
        Problem::Required => "aucun contact (en-tête respondent,email[,name] puis une ligne par cible)".into(),
        Problem::Csv(detail) => detail.clone(),
        Problem::Header => "l'en-tête doit contenir les colonnes respondent et email".into(),
        Problem::Target(code) => format!("« {code} » n'est pas une cible de la vague"),
        Problem::Email(email) => format!("adresse « {email} » invalide"),
    }
}

fn fail(line: u64, problem: Problem) -> ContactsError {
    ContactsError { line, problem }
}

/// Reads contacts CSV text (UTF-8, a BOM accepted, comma or semicolon separated, header row
/// `respondent,email,name` in any order, `name` optional) for a wave whose targets are `targets`.
///
/// # Errors
///
/// The first line refused, with why.
pub fn parse(text: &str, targets: &BTreeSet<String>) -> Result<Vec<Contact>, ContactsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    if header.trim().is_empty() {
        return Err(fail(0, Problem::Required));
    }
    let separator = if header.contains(';') && !header.contains(',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| fail(1, Problem::Csv(e.to_string())))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(respondent_col), Some(email_col)) = (column("respondent"), column("email")) else {
        return Err(fail(1, Problem::Header));
    };
    let name_col = column("name");
    let mut contacts = vec![];
    for record in reader.records() {
        let record = record.map_err(|e| fail(e.position().map_or(0, |p| p.line()), Problem::Csv(e.to_string())))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let respondent = record.get(respondent_col).unwrap_or_default();
        if !targets.contains(respondent) {
            return Err(fail(line, Problem::Target(respondent.to_owned())));
        }
        let email = record.get(email_col).unwrap_or_default();
        if email.parse::<Address>().is_err() {
            return Err(fail(line, Problem::Email(email.to_owned())));
        }
        contacts.push(Contact {
            respondent: respondent.to_owned(),
            email: email.to_owned(),
            name: name_col.and_then(|c| record.get(c)).unwrap_or_default().to_owned(),
        });
    }
    if contacts.is_empty() {
        return Err(fail(0, Problem::Required));
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> BTreeSet<String> {
        ["245900410", "246200364"].into_iter().map(str::to_owned).collect()
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
        assert_eq!((unknown.problem.code(), unknown.line), ("contacts-target", 3));
        assert_eq!(unknown.to_string(), "ligne 3 : « 999 » n'est pas une cible de la vague");
        let email = parse("respondent,email\n245900410,pas-une-adresse\n", &targets()).unwrap_err();
        assert_eq!((email.problem.code(), email.line), ("contacts-email", 2));
        let header = parse("code,courriel\n245900410,a@b.fr\n", &targets()).unwrap_err();
        assert_eq!((header.problem.code(), header.line), ("contacts-header", 1));
        let ragged = parse("respondent,email,name\n245900410,a@b.fr\n", &targets()).unwrap_err();
        assert_eq!((ragged.problem.code(), ragged.line), ("contacts-csv", 2));
        assert_eq!(parse("  ", &targets()).unwrap_err().problem, Problem::Required);
    }
}
