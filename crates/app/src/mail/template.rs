//! The templates of the two messages a lead edits (invitation, reminder): the default text, the
//! placeholders a lead may use, filling them, and checking a template typed by a lead.
//! Problems are values with codes; the web translates them, the command line prints them.

use mutu_storage::{MailKind, MailTemplate};
use std::collections::BTreeMap;

/// The placeholders a template may use: the target's name, its personal link, the wave's
/// name, the closing day.
pub const PLACEHOLDERS: [&str; 4] = ["nom", "lien", "vague", "date_limite"];

/// The template used when the lead wrote none.
pub fn default_template(kind: MailKind) -> MailTemplate {
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
        // Never used to send: a working group's invitation is written whole when it is
        // queued (`super::groups`), with the group's name, subject and members; this is
        // what a preview of the kind shows.
        MailKind::Group => (
            "Invitation à un groupe de travail",
            "Bonjour,\n\n\
             Votre structure, {nom}, est invitée à rejoindre un groupe de travail formé à la suite de \
             l'enquête « {vague} ».\n\n\
             Ce message ne contient aucun lien personnel : votre lien d'invitation à l'enquête reste \
             valable.\n",
        ),
        // Never used to send either: a receipt is written whole when the answer is submitted
        // (`super::receipt`), with the body's answers.
        MailKind::Receipt => (
            "Accusé de réception : enquête « {vague} »",
            "Bonjour,\n\n\
             La réponse de {nom} à l'enquête « {vague} » a bien été transmise.\n",
        ),
    };
    MailTemplate { kind, subject: subject.into(), body: body.into() }
}

/// Replaces each known `{placeholder}` in one pass (a value is never scanned again); any
/// other brace is left as it is.
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> String {
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

/// The values of the placeholders for one target; the closing day written in full, in
/// French (`24 septembre 2014`), as the report writes dates.
pub fn values(name: &str, link: &str, wave: &str, closes_on: Option<time::Date>) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("nom", name.to_owned()),
        ("lien", link.to_owned()),
        ("vague", wave.to_owned()),
        ("date_limite", closes_on.map_or_else(|| "non fixée".to_owned(), |d| mutu_render::Format::FR.long_date(d))),
    ])
}

/// Which part of a template a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The subject line.
    Subject,
    /// The body.
    Body,
}

/// What is wrong with a template typed by a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The subject is empty.
    Required,
    /// The subject holds a line break (it would forge headers).
    SubjectLine,
    /// The body has no `{lien}`: the mail would be useless.
    BodyLink,
    /// A `{placeholder}` that is not one of [`PLACEHOLDERS`], written `{name}`.
    Placeholder(String),
}

impl Problem {
    /// A stable code for translations (`required`, `subject-line`, `body-link`, `placeholder`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::SubjectLine => "subject-line",
            Problem::BodyLink => "body-link",
            Problem::Placeholder(_) => "placeholder",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Required => write!(f, "l'objet est vide"),
            Problem::SubjectLine => write!(f, "l'objet tient sur une ligne"),
            Problem::BodyLink => write!(f, "le texte doit contenir {{lien}}"),
            Problem::Placeholder(name) => write!(f, "champ inconnu {name}"),
        }
    }
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

/// Checks a template typed by a lead: at most one problem per part, subject first.
pub fn check_template(template: &MailTemplate) -> Vec<(Part, Problem)> {
    let mut problems = vec![];
    if template.subject.trim().is_empty() {
        problems.push((Part::Subject, Problem::Required));
    } else if template.subject.contains(['\r', '\n']) {
        problems.push((Part::Subject, Problem::SubjectLine));
    }
    if let Some(name) = unknown_placeholders(&template.subject).into_iter().next() {
        problems.push((Part::Subject, Problem::Placeholder(name)));
    }
    if !template.body.contains("{lien}") {
        problems.push((Part::Body, Problem::BodyLink));
    } else if let Some(name) = unknown_placeholders(&template.body).into_iter().next() {
        problems.push((Part::Body, Problem::Placeholder(name)));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let codes = |t: MailTemplate| check_template(&t).into_iter().map(|(p, e)| (p, e.code())).collect::<Vec<_>>();
        assert_eq!(codes(t("", "{lien}")), [(Part::Subject, "required")]);
        assert_eq!(codes(t("a\nBcc: x@y.fr", "{lien}")), [(Part::Subject, "subject-line")]);
        assert_eq!(codes(t("ok", "sans lien")), [(Part::Body, "body-link")]);
        assert_eq!(
            check_template(&t("{prenom}", "{lien} {date}")),
            [
                (Part::Subject, Problem::Placeholder("{prenom}".into())),
                (Part::Body, Problem::Placeholder("{date}".into()))
            ]
        );
    }
}
