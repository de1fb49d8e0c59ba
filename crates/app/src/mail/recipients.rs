//! Who is written to: invitations go to every target with a contact email (or only those
//! without a working link), reminders to targets with a contact and without a complete
//! answer, optionally of one size class and one département.

use mutu_domain::answers::ResponseStatus;
use mutu_domain::codes::DepartementCode;
use mutu_domain::size_class::SizeClasses;
use mutu_storage::{Contact, TargetStatus};
use std::collections::BTreeMap;

/// Someone to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The target's code.
    pub respondent: String,
    /// The target's name (`{nom}`).
    pub name: String,
    /// The contact.
    pub contact: Contact,
}

/// Which targets a reminder goes to, besides those without a complete answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderFilter {
    /// Only targets of this size class (its code, `lt10k`…).
    pub size_class: Option<String>,
    /// Only targets of this département.
    pub departement: Option<DepartementCode>,
}

fn with_contact(
    statuses: Vec<TargetStatus>,
    contacts: &[Contact],
    keep: impl Fn(&TargetStatus) -> bool,
) -> Vec<Recipient> {
    let by_code: BTreeMap<&str, &Contact> = contacts.iter().map(|c| (c.respondent.as_str(), c)).collect();
    statuses
        .into_iter()
        .filter(|s| keep(s))
        .filter_map(|s| {
            let contact = (*by_code.get(s.target.code.as_str())?).clone();
            Some(Recipient { respondent: s.target.code, name: s.target.name, contact })
        })
        .collect()
}

/// Who gets an invitation: every target with a contact email, or only those without a
/// working link when `only_missing`.
pub fn invitation_recipients(statuses: Vec<TargetStatus>, contacts: &[Contact], only_missing: bool) -> Vec<Recipient> {
    with_contact(statuses, contacts, |s| !only_missing || !s.invited)
}

/// Who gets a reminder: targets with a contact email and without a complete answer (a
/// reopened one counts as answered), of the
/// size class and département of `filter`, if given.
pub fn reminder_recipients(
    statuses: Vec<TargetStatus>,
    contacts: &[Contact],
    classes: &SizeClasses,
    filter: &ReminderFilter,
) -> Vec<Recipient> {
    with_contact(statuses, contacts, |s| {
        s.status != Some(ResponseStatus::Complete)
            && !s.reopened
            && filter.size_class.as_deref().is_none_or(|c| classes.class_of(s.target.population).code == c)
            && filter.departement.as_ref().is_none_or(|d| &s.target.departement == d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::campaign::Target;
    use mutu_domain::codes::RegionCode;

    fn status(code: &str, population: u64, dep: &str, status: Option<ResponseStatus>) -> TargetStatus {
        TargetStatus {
            target: Target {
                code: code.into(),
                name: format!("EPCI {code}"),
                nature: None,
                departement: DepartementCode::parse(dep).unwrap(),
                region: RegionCode::parse("32").unwrap(),
                population,
                communes: 1,
            },
            status,
            updated_at: None,
            invited: code == "1",
            entered_by: None,
            reopened: false,
        }
    }

    #[test]
    fn reminders_skip_complete_answers_and_follow_the_filters() {
        let statuses = || {
            vec![
                status("1", 5_000, "59", None),
                status("2", 5_000, "62", Some(ResponseStatus::Partial)),
                status("3", 50_000, "59", Some(ResponseStatus::Complete)),
                status("4", 50_000, "59", None),
                status("5", 5_000, "59", None),
            ]
        };
        let contacts: Vec<Contact> = ["1", "2", "3", "4"]
            .iter()
            .map(|c| Contact { respondent: (*c).into(), email: format!("e{c}@x.fr"), name: String::new() })
            .collect();
        let codes = |r: Vec<Recipient>| r.into_iter().map(|r| r.respondent).collect::<Vec<_>>();
        let classes = SizeClasses::default();
        let all = ReminderFilter::default();
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, &all)), ["1", "2", "4"]);
        let small = ReminderFilter { size_class: Some("lt10k".into()), departement: None };
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, &small)), ["1", "2"]);
        let nord = ReminderFilter { departement: Some(DepartementCode::parse("59").unwrap()), ..small };
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, &nord)), ["1"]);
        assert_eq!(codes(invitation_recipients(statuses(), &contacts, false)), ["1", "2", "3", "4"]);
        assert_eq!(codes(invitation_recipients(statuses(), &contacts, true)), ["2", "3", "4"]);
    }
}
