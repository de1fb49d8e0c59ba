//! Mail to respondents: the templates with their placeholders, who gets an invitation or a
//! reminder, and sending over SMTP with lettre, every message logged, sent or failed.
//!
//! The relay is reached in plain SMTP (`builder_dangerous`): mutu expects a relay on the same
//! host or network (Postfix, the département's relay…) that does TLS onward. Reaching a remote
//! relay over TLS with authentication is a setting still to add to [`crate::SmtpConfig`].

use crate::page::Invalid;
use crate::{AppState, WebError};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mutu_app::invitations::NewLink;
use mutu_domain::answers::ResponseStatus;
use mutu_domain::codes::{CampaignCode, DepartementCode};
use mutu_domain::size_class::SizeClasses;
use mutu_storage::{Contact, MailKind, MailLogEntry, MailTemplate, TargetStatus};
use std::collections::BTreeMap;
use std::time::Duration;

/// The placeholders a template may use.
pub(super) const PLACEHOLDERS: [&str; 4] = ["nom", "lien", "vague", "date_limite"];

/// The template used when the lead wrote none.
pub(super) fn default_template(kind: MailKind) -> MailTemplate {
    let (subject, body) = match kind {
        MailKind::Invitation => (
            "Enquête « {vague} » : votre lien personnel",
            "Bonjour,\n\n\
             Dans le cadre de l'enquête « {vague} », nous vous invitons à décrire les services et usages \
             numériques de {nom} et leur mutualisation.\n\n\
             Votre lien personnel (à ne transmettre qu'aux agents de votre structure) :\n{lien}\n\n\
             Vous pouvez enregistrer vos réponses et y revenir autant de fois que nécessaire, à plusieurs \
             si besoin, avant de les transmettre.\n\
             Date limite de réponse : {date_limite}.\n\n\
             Merci de votre participation.\n",
        ),
        MailKind::Reminder => (
            "Relance : enquête « {vague} »",
            "Bonjour,\n\n\
             Sauf erreur de notre part, la réponse de {nom} à l'enquête « {vague} » n'a pas encore été \
             transmise.\n\n\
             Voici votre lien personnel, renouvelé (le précédent ne fonctionne plus) :\n{lien}\n\n\
             Les réponses déjà enregistrées sont conservées.\n\
             Date limite de réponse : {date_limite}.\n\n\
             Merci de votre participation.\n",
        ),
    };
    MailTemplate { kind, subject: subject.into(), body: body.into() }
}

/// Replaces each known `{placeholder}` in one pass (a value is never scanned again); any
/// other brace is left as it is.
pub(super) fn fill(template: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| values.get(&after[..close]).map(|v| (close, v))) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Placeholders written `{like_this}` that are not among [`PLACEHOLDERS`].
fn unknown_placeholders(text: &str) -> Vec<String> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .filter(|name| !PLACEHOLDERS.contains(name))
        .map(|name| format!("{{{name}}}"))
        .collect()
}

/// Checks a template typed by the lead; errors name the fields of its kind (`sujet-invitation`,
/// `corps-reminder`…).
pub(super) fn check_template(template: &MailTemplate) -> Vec<Invalid> {
    let (subject, body) = match template.kind {
        MailKind::Invitation => ("sujet-invitation", "corps-invitation"),
        MailKind::Reminder => ("sujet-reminder", "corps-reminder"),
    };
    let mut errors = vec![];
    if template.subject.trim().is_empty() {
        errors.push(Invalid::new(subject, "lead-error-required"));
    } else if template.subject.contains(['\r', '\n']) {
        errors.push(Invalid::new(subject, "lead-error-subject-line"));
    }
    if let Some(name) = unknown_placeholders(&template.subject).first() {
        errors.push(Invalid::new(subject, "lead-error-placeholder").arg("name", name.clone()));
    }
    if !template.body.contains("{lien}") {
        errors.push(Invalid::new(body, "lead-error-body-link"));
    } else if let Some(name) = unknown_placeholders(&template.body).first() {
        errors.push(Invalid::new(body, "lead-error-placeholder").arg("name", name.clone()));
    }
    errors
}

/// The values of the placeholders for one target; the closing day written in full, in
/// French (`24 septembre 2014`), as the report writes dates.
pub(super) fn values(
    name: &str,
    link: &str,
    wave: &str,
    closes_on: Option<time::Date>,
) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("nom", name.to_owned()),
        ("lien", link.to_owned()),
        ("vague", wave.to_owned()),
        ("date_limite", closes_on.map_or_else(|| "non fixée".to_owned(), |d| mutu_render::Format::FR.long_date(d))),
    ])
}

/// Someone to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Recipient {
    /// The target's code.
    pub respondent: String,
    /// The target's name (`{nom}`).
    pub name: String,
    /// The contact.
    pub contact: Contact,
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
pub(super) fn invitation_recipients(
    statuses: Vec<TargetStatus>,
    contacts: &[Contact],
    only_missing: bool,
) -> Vec<Recipient> {
    with_contact(statuses, contacts, |s| !only_missing || !s.invited)
}

/// Who gets a reminder: targets with a contact email and without a complete answer, of the
/// size class and département given, if given.
pub(super) fn reminder_recipients(
    statuses: Vec<TargetStatus>,
    contacts: &[Contact],
    classes: &SizeClasses,
    size_class: Option<&str>,
    departement: Option<&DepartementCode>,
) -> Vec<Recipient> {
    with_contact(statuses, contacts, |s| {
        s.status != Some(ResponseStatus::Complete)
            && size_class.is_none_or(|c| classes.class_of(s.target.population).code == c)
            && departement.is_none_or(|d| &s.target.departement == d)
    })
}

/// What a sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Outcome {
    /// Messages the relay accepted.
    pub sent: usize,
    /// Messages that failed (logged with the reason).
    pub failed: usize,
    /// Messages not attempted because the relay itself failed (unreachable, timeout, busy).
    pub skipped: usize,
}

fn message(from: &Mailbox, to: &Contact, subject: &str, body: String) -> Result<Message, String> {
    let address: Address = to.email.parse().map_err(|e| format!("adresse « {} » : {e}", to.email))?;
    let name = (!to.name.trim().is_empty()).then(|| to.name.trim().to_owned());
    let body = Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "corps du message impossible à encoder".to_owned())?;
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(subject)
        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body))
        .map_err(|e| e.to_string())
}

/// Why one message was not sent, and whether the relay itself failed (then the rest of the
/// batch would fail the same way, so it stops).
struct Failure {
    reason: String,
    relay_down: bool,
}

/// Sends `kind` to each recipient with a fresh personal link, logging every attempt.
///
/// The new link is stored only once the relay accepted the message: a message that fails
/// leaves the target's previous link working. A permanent refusal of one recipient (5xx)
/// moves on to the next; any other failure (relay unreachable, timeout, 4xx) stops the
/// batch, and the remaining recipients are counted as skipped. Needs a configured relay.
pub(super) async fn send(
    state: &AppState,
    code: &CampaignCode,
    kind: MailKind,
    recipients: Vec<Recipient>,
) -> Result<Outcome, WebError> {
    let smtp = state.config.smtp.as_ref().ok_or_else(|| WebError::Conflict(NOT_CONFIGURED.into()))?;
    let from: Mailbox =
        smtp.from.parse().map_err(|e| WebError::Internal(format!("expéditeur « {} » : {e}", smtp.from)))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str())
        .port(smtp.port)
        .timeout(Some(Duration::from_secs(30)))
        .build();
    let template = state.store.mail_template(code, kind).await?.unwrap_or_else(|| default_template(kind));
    let meta = state.store.campaign_meta(code).await?;
    let mut outcome = Outcome::default();
    let total = recipients.len();
    for recipient in recipients {
        let link = NewLink::make(&state.config.public_url);
        let values = values(&recipient.name, &link.url, &meta.name, meta.closes_on);
        let subject = fill(&template.subject, &values);
        let result = match message(&from, &recipient.contact, &subject, fill(&template.body, &values)) {
            Ok(message) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|e| Failure { relay_down: !e.is_permanent(), reason: e.to_string() }),
            Err(reason) => Err(Failure { reason, relay_down: false }),
        };
        if result.is_ok() {
            state.store.set_invitation(code, &recipient.respondent, &link.token_hash).await?;
        }
        let relay_down = result.as_ref().is_err_and(|f| f.relay_down);
        let entry = MailLogEntry {
            respondent: recipient.respondent,
            email: recipient.contact.email,
            kind,
            subject,
            sent_at: time::OffsetDateTime::now_utc(),
            ok: result.is_ok(),
            error: result.err().map(|f| f.reason),
        };
        state.store.log_mail(code, &entry).await?;
        if entry.ok {
            outcome.sent += 1;
        } else {
            outcome.failed += 1;
        }
        if relay_down {
            outcome.skipped = total - outcome.sent - outcome.failed;
            break;
        }
    }
    Ok(outcome)
}

/// The refusal when no relay is configured.
pub(super) const NOT_CONFIGURED: &str = "L'envoi de courriels n'est pas configuré sur ce serveur.";

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::campaign::Target;
    use mutu_domain::codes::RegionCode;

    #[test]
    fn placeholders_are_filled_once() {
        let v = values("CC {lien}", "http://mutu.test/i/t", "NPDC", Some(time::macros::date!(2014 - 09 - 24)));
        assert_eq!(
            fill("{nom} : {lien} avant le {date_limite} {inconnu} {", &v),
            "CC {lien} : http://mutu.test/i/t avant le 24 septembre 2014 {inconnu} {"
        );
        assert_eq!(values("x", "y", "z", None)["date_limite"], "non fixée");
    }

    #[test]
    fn templates_need_the_link_and_known_placeholders() {
        for kind in [MailKind::Invitation, MailKind::Reminder] {
            assert_eq!(check_template(&default_template(kind)), vec![]);
        }
        let t = |subject: &str, body: &str| MailTemplate {
            kind: MailKind::Reminder,
            subject: subject.into(),
            body: body.into(),
        };
        let keys = |t: MailTemplate| check_template(&t).into_iter().map(|e| (e.field, e.key)).collect::<Vec<_>>();
        assert_eq!(keys(t("", "{lien}")), [("sujet-reminder", "lead-error-required")]);
        assert_eq!(keys(t("a\nBcc: x@y.fr", "{lien}")), [("sujet-reminder", "lead-error-subject-line")]);
        assert_eq!(keys(t("ok", "sans lien")), [("corps-reminder", "lead-error-body-link")]);
        assert_eq!(
            keys(t("{prenom}", "{lien} {date}")),
            [("sujet-reminder", "lead-error-placeholder"), ("corps-reminder", "lead-error-placeholder")]
        );
    }

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
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, None, None)), ["1", "2", "4"]);
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, Some("lt10k"), None)), ["1", "2"]);
        let nord = DepartementCode::parse("59").unwrap();
        assert_eq!(codes(reminder_recipients(statuses(), &contacts, &classes, Some("lt10k"), Some(&nord))), ["1"]);
        assert_eq!(codes(invitation_recipients(statuses(), &contacts, false)), ["1", "2", "3", "4"]);
        assert_eq!(codes(invitation_recipients(statuses(), &contacts, true)), ["2", "3", "4"]);
    }
}
