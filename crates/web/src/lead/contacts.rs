//! Contacts pasted by the lead, read by [`mutu_app::mail::contacts`] (the rules `mutu
//! contacts import` follows too); its refusals become the page's translated field errors.

use crate::page::Invalid;
use mutu_app::mail::contacts::{self, Problem};
use mutu_storage::Contact;
use std::collections::BTreeSet;

/// The field of the form the errors are tied to.
const FIELD: &str = "contacts";

/// Reads contacts CSV text (header `respondent,email[,name]`) for a wave whose targets are
/// `targets`; a refusal is the field error naming its line.
pub(super) fn parse(text: &str, targets: &BTreeSet<String>) -> Result<Vec<Contact>, Invalid> {
    contacts::parse(text, targets).map_err(|e| {
        let line = e.line.to_string();
        match e.problem {
            Problem::Required => Invalid::new(FIELD, "lead-error-required"),
            Problem::Csv(detail) => {
                Invalid::new(FIELD, "lead-error-contacts-csv").arg("line", line).arg("detail", detail)
            }
            Problem::Header => Invalid::new(FIELD, "lead-error-contacts-header").arg("line", line),
            Problem::Target(code) => {
                Invalid::new(FIELD, "lead-error-contacts-target").arg("line", line).arg("code", code)
            }
            Problem::Email(email) => {
                Invalid::new(FIELD, "lead-error-contacts-email").arg("line", line).arg("email", email)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_become_the_page_errors_with_their_line() {
        let targets: BTreeSet<String> = ["245900410".to_owned()].into();
        let e = parse("respondent,email\n245900410,a@b.fr\n999,c@d.fr\n", &targets).unwrap_err();
        assert_eq!((e.field, e.key), ("contacts", "lead-error-contacts-target"));
        assert_eq!(e.args, [("line", "3".to_owned()), ("code", "999".to_owned())]);
        assert_eq!(parse(" ", &targets).unwrap_err().key, "lead-error-required");
    }
}
