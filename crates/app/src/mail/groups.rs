//! Inviting a working group's members by mail (issue 16), through the same outbox and
//! workers as the waves' mail. One mail per member with a contact, written whole when it is
//! queued: the group's name, its service or theme as the wave's catalogue names it, who leads
//! it, the next meeting, the members by name, and where the member finds the group (its
//! answer pages, under [`RESPONDENT_HOME`]). The worker sends it as it is; it carries no
//! personal link and never creates, replaces nor revokes one.

use super::queue::{message_id, writable_state};
use crate::error::Result;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::groups::{NewGroup, Subject};
use mutu_domain::lifecycle::CampaignState;
use mutu_storage::{NewMail, PreparedMail, Store};
use std::collections::BTreeMap;

/// Where a respondent's pages start, once signed in through their personal link (the web's
/// respondent routes): the groups of the body are shown there.
pub const RESPONDENT_HOME: &str = "/reponse";

/// What inviting a group's members did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInvitations {
    /// Mails written to the outbox.
    pub queued: u64,
    /// Members that already had this very invitation waiting (not queued twice).
    pub already_waiting: u64,
    /// Codes of the members without a contact email, in the group's order: not written to.
    pub without_contact: Vec<String>,
    /// The wave's state.
    pub state: CampaignState,
}

/// Queues an invitation to the working group `group_id` to each of its members with a
/// contact email of the group's wave, and records who did it (`groups.invite`, the group's
/// id). Pressing twice queues nothing twice; inviting the same member to another group is
/// another mail. No member's personal link is touched.
///
/// # Errors
///
/// [`crate::AppError::State`] for a closed wave; `NotFound` for an unknown group; the
/// store's errors.
pub async fn queue_group_invitations(
    store: &Store,
    group_id: i64,
    public_url: &str,
    actor: &str,
) -> Result<GroupInvitations> {
    let group = store.group(group_id).await?.group;
    let code = group.campaign.clone();
    let state = writable_state(store, &code).await?;
    let campaign = store.campaign(&code).await?;
    let contacts: BTreeMap<String, _> =
        store.contacts(&code).await?.into_iter().map(|c| (c.respondent.clone(), c)).collect();
    let mut mails = vec![];
    let mut without_contact = vec![];
    for member in &group.members {
        let Some(contact) = contacts.get(member.as_str()) else {
            without_contact.push(member.to_string());
            continue;
        };
        let (subject, body) = group_mail(&group, &campaign, member.as_str(), public_url);
        let mail = NewMail {
            respondent: member.to_string(),
            email: contact.email.clone(),
            name: contact.name.clone(),
            message_id: message_id(),
        };
        mails.push(PreparedMail { mail, subject, body });
    }
    let total = mails.len() as u64;
    let queued = store.queue_group_mail(&code, &mails).await?;
    store.audit(actor, "groups.invite", &group_id.to_string()).await?;
    Ok(GroupInvitations { queued, already_waiting: total - queued, without_contact, state })
}

/// The name of a target of the wave, or its code when the wave does not hold it.
fn target_name<'a>(campaign: &'a Campaign, code: &'a str) -> &'a str {
    campaign.targets.iter().find(|t| t.code == code).map_or(code, |t| t.name.as_str())
}

/// The subject and body of the invitation of `member` to `group`, in French; links on
/// `public_url`.
pub fn group_mail(group: &NewGroup, campaign: &Campaign, member: &str, public_url: &str) -> (String, String) {
    let subject = format!("Invitation au groupe de travail « {} »", one_line(&group.name));
    let name = target_name(campaign, member);
    let topic = match &group.subject {
        Subject::Service(code) => {
            let label = group.subject.services(&campaign.catalogue).first().map_or(code.as_str(), |s| s.label.as_str());
            format!("Service : {label}")
        }
        Subject::Theme(code) => format!("Thème : {}", campaign.catalogue.label(OptionList::Themes, code.as_str())),
    };
    let mut body = format!(
        "Bonjour,\n\n\
         Votre structure, {name}, est invitée à rejoindre le groupe de travail « {} », formé à la suite \
         de l'enquête « {} » pour préparer ensemble une mutualisation.\n\n\
         {topic}\n",
        group.name, campaign.name
    );
    if let Some(facilitator) = &group.facilitator {
        body.push_str(&format!("Animation : {} ({})\n", facilitator.name, facilitator.kind.label()));
    }
    if let Some(day) = &group.next_meeting {
        body.push_str(&format!("Prochaine réunion : {}\n", long_day(day.as_str())));
    }
    let mut members: Vec<&str> = group.members.iter().map(|m| target_name(campaign, m.as_str())).collect();
    members.sort_by_key(|n| n.to_lowercase());
    body.push_str("\nMembres du groupe :\n");
    for member in members {
        body.push_str(&format!("- {member}\n"));
    }
    body.push_str(&format!(
        "\nLe groupe figure sur les pages de réponse de {name} à l'enquête : {}{RESPONDENT_HOME} \
         (accessibles avec votre lien personnel d'invitation).\n\
         Ce message ne contient aucun lien personnel : votre lien d'invitation reste valable.\n\n\
         Merci de votre participation.\n",
        public_url.trim_end_matches('/')
    ));
    (subject, body)
}

/// A subject stays on one line, whatever the group's name holds.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2026-04-02` written in full, in French (`2 avril 2026`), as the other mails write dates.
fn long_day(day: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(day, format).map_or_else(|_| day.to_owned(), |d| mutu_render::Format::FR.long_date(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::codes::{CatalogueCode, Day};
    use mutu_domain::groups::{Facilitator, FacilitatorKind};
    use mutu_domain::testing::{WaveBuilder, target};

    #[test]
    fn the_mail_names_the_group_its_subject_and_members() {
        let targets = vec![
            target("200093201", "Métropole Européenne de Lille", "59", 1_000_000),
            target("200033579", "CU d'Arras", "62", 108_000),
            target("200041960", "CA du Douaisis", "59", 150_000),
        ];
        let campaign = WaveBuilder::new("hdf-2026").name("Enquête 2026").targets(targets).build();
        let service = campaign.catalogue.services[0].clone();
        let mut group = NewGroup::new(
            &campaign,
            "SIG partagé",
            Subject::Service(CatalogueCode::parse(&service.code).unwrap()),
            &["200093201", "200033579"],
        )
        .unwrap();
        group.name = "SIG\r\npartagé".into(); // never stored so, but a subject holds one line whatever comes
        let (subject, body) = group_mail(&group, &campaign, "200033579", "https://mutu.test/");
        assert_eq!(subject, "Invitation au groupe de travail « SIG partagé »");
        assert!(body.contains("Votre structure, CU d'Arras, est invitée"), "{body}");
        assert!(body.contains(&format!("Service : {}", service.label)), "{body}");
        assert!(body.contains("- CU d'Arras\n- Métropole Européenne de Lille\n"), "{body}");
        assert!(body.contains("https://mutu.test/reponse "), "{body}");
        assert!(!body.contains("/i/") && !body.contains("Animation") && !body.contains("réunion"), "{body}");

        group.facilitator = Some(Facilitator { kind: FacilitatorKind::Region, name: "Région Hauts-de-France".into() });
        group.next_meeting = Some(Day::parse("2026-04-02").unwrap());
        let theme = service.theme.clone();
        group.subject = Subject::Theme(CatalogueCode::parse(&theme).unwrap());
        let (_, body) = group_mail(&group, &campaign, "200093201", "https://mutu.test");
        assert!(body.contains("Animation : Région Hauts-de-France (Région)"), "{body}");
        assert!(body.contains("Prochaine réunion : 2 avril 2026"), "{body}");
        assert!(body.contains(&format!("Thème : {}", campaign.catalogue.label(OptionList::Themes, &theme))), "{body}");
    }
}
