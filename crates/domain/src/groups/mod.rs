//! Working groups: from the study to action.
//!
//! The opportunities say which neighbours could pool a service; a lead then gathers some
//! bodies of a wave, around one service or one theme, into a working group: a name, the
//! members, a facilitator (the Région, a Département, a pooling structure), a status that
//! follows the project from a proposal to a pooled service (see [`GroupStatus`]), dated notes
//! and decisions, the next meeting and links to documents. Groups are checked here against
//! their wave, so storage, the CLI and the pages only ever hold valid ones. Ids are given by
//! storage: a [`NewGroup`] has none, a [`WorkingGroup`] is a stored one.
//!
//! Beside the model: the follow-up of groups in a later wave ([`follow_up`]) and the needs
//! for group purchases declared in the answers ([`purchase_needs`]).

mod follow_up;
mod opportunity;
mod purchases;
mod status;
mod subject;

pub use follow_up::{FollowUp, GroupFollowUp, follow_up};
pub use opportunity::{OpportunityRef, from_opportunity};
pub use purchases::{
    Body, Buyer, GROUP_PURCHASE_SUPPORT, GROUP_PURCHASE_TYPE, PurchaseNeeds, ServiceNeeds, purchase_needs,
};
pub use status::{GROUP_STATUSES, GroupStatus};
pub use subject::Subject;

use crate::campaign::Campaign;
use crate::codes::{CampaignCode, Day, TargetCode, code_type};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longest name (of a group, a facilitator, a document) accepted, in characters.
pub const MAX_NAME: usize = 200;
/// Longest note accepted, in characters (as for the answers' texts).
pub const MAX_NOTE: usize = 20_000;
/// Fewest members of a group: pooling takes at least two bodies.
pub const MIN_MEMBERS: usize = 2;

code_type!(
    /// A link to a group's document (minutes, draft convention, call for tenders): an absolute
    /// `http://` or `https://` address with a host, so a page never shows a `javascript:` link.
    HttpUrl, "lien de document", "une adresse http:// ou https:// (ex. https://exemple.fr/compte-rendu.pdf)",
    http_url
);

/// Whether `value` is an absolute http(s) URL with a host, without spaces or user part.
fn http_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    value.len() <= 2_000
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !host.contains('@')
        && host.chars().any(|c| c.is_alphanumeric())
}

/// Who leads a group's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilitatorKind {
    /// The Région.
    Region,
    /// A Département.
    Departement,
    /// A pooling structure (syndicat mixte, GIP, OPSN…).
    Structure,
}

impl FacilitatorKind {
    /// The code used in files, the CLI and storage.
    pub fn code(self) -> &'static str {
        match self {
            FacilitatorKind::Region => "region",
            FacilitatorKind::Departement => "departement",
            FacilitatorKind::Structure => "structure",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<FacilitatorKind> {
        [FacilitatorKind::Region, FacilitatorKind::Departement, FacilitatorKind::Structure]
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            FacilitatorKind::Region => "Région",
            FacilitatorKind::Departement => "Département",
            FacilitatorKind::Structure => "Structure de mutualisation",
        }
    }
}

/// The body that leads a group: its kind and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facilitator {
    /// Région, département or pooling structure.
    pub kind: FacilitatorKind,
    /// Its name (« Conseil régional Hauts-de-France », « Mégalis Bretagne »).
    pub name: String,
}

/// Whether a dated entry records a discussion or a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A note (meeting minutes, news).
    Note,
    /// A decision taken by the group.
    Decision,
}

impl NoteKind {
    /// The code used in files, the CLI and storage.
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Decision => "decision",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<NoteKind> {
        [NoteKind::Note, NoteKind::Decision].into_iter().find(|k| k.code() == code.trim())
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Decision => "décision",
        }
    }
}

/// A dated note or decision of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The day it refers to.
    pub date: Day,
    /// Note or decision.
    pub kind: NoteKind,
    /// The text.
    pub text: String,
}

/// A link to one of a group's documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLink {
    /// What the document is (« Compte rendu du 12 mars »).
    pub title: String,
    /// Where it is.
    pub url: HttpUrl,
}

/// A working group before storage gives it an id. JSON keys, in order: `name`, `service` (or
/// `theme`), `campaign`, `members`, `status`, `facilitator`, `notes`, `next_meeting`,
/// `documents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGroup {
    /// Name of the group.
    pub name: String,
    /// The service or theme it works on.
    #[serde(flatten)]
    pub subject: Subject,
    /// The wave its members are drawn from.
    pub campaign: CampaignCode,
    /// Codes of its members, targets of the wave, ascending.
    pub members: Vec<TargetCode>,
    /// Where it stands.
    pub status: GroupStatus,
    /// Who leads it, once known.
    pub facilitator: Option<Facilitator>,
    /// Dated notes and decisions, by date ascending (same day: in the order written).
    pub notes: Vec<Note>,
    /// The day of the next meeting, when set.
    pub next_meeting: Option<Day>,
    /// Links to its documents.
    pub documents: Vec<DocumentLink>,
}

/// A stored working group: its id, then the fields of [`NewGroup`] (the JSON is flat: `id`,
/// `name`, `service`, `campaign`, `members`, `status`, `facilitator`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingGroup {
    /// Id given by storage.
    pub id: i64,
    /// Everything else.
    #[serde(flatten)]
    pub group: NewGroup,
}

/// A group refused, naming the field at fault (`name`, `members`, `notes[2].text`…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    /// A field is missing or wrong.
    #[error("{field} : {message}")]
    Invalid {
        /// Path of the field, as its JSON key.
        field: String,
        /// What is wrong, for a person.
        message: String,
    },
    /// A status change the life of a group does not allow.
    #[error("status : un groupe « {} » ne peut pas passer à « {} » (possible : {})", .from.label(), .to.label(), .from.next_labels())]
    Transition {
        /// The current status.
        from: GroupStatus,
        /// The status asked for.
        to: GroupStatus,
    },
    /// `SERVICE:N` names a service the opportunities do not hold.
    #[error("opportunité : service « {0} » absent des opportunités de la vague")]
    UnknownService(String),
    /// `SERVICE:N` names a group that does not exist.
    #[error("opportunité : pas de groupe n° {n} pour « {service} », qui en compte {count} (numérotés à partir de 1)")]
    NoSuchGroup {
        /// The service.
        service: String,
        /// The number asked for.
        n: usize,
        /// How many groups the service has.
        count: usize,
    },
    /// A reference to an opportunity that is not `SERVICE:N`.
    #[error("opportunité : « {0} » ne suit pas la forme SERVICE:N (ex. sig:2)")]
    OpportunityRef(String),
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> GroupError {
    GroupError::Invalid { field: field.into(), message: message.into() }
}

/// Checks a required one-line text: given, not too long, without line breaks.
fn check_name(field: &str, value: &str) -> Result<(), GroupError> {
    if value.trim().is_empty() {
        return Err(invalid(field, "obligatoire"));
    }
    if value.chars().count() > MAX_NAME {
        return Err(invalid(field, format!("trop long ({MAX_NAME} caractères au plus)")));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "une seule ligne, sans caractère de contrôle"));
    }
    Ok(())
}

fn check_note(field: &str, note: &Note) -> Result<(), GroupError> {
    if note.text.trim().is_empty() {
        return Err(invalid(field, "texte vide"));
    }
    if note.text.chars().count() > MAX_NOTE {
        return Err(invalid(field, format!("texte trop long ({MAX_NOTE} caractères au plus)")));
    }
    Ok(())
}

/// Reads member codes, ascending; each a target of the wave, none twice, at least two.
fn members<S: AsRef<str>>(campaign: &Campaign, codes: &[S]) -> Result<Vec<TargetCode>, GroupError> {
    let mut members = Vec::with_capacity(codes.len());
    for code in codes {
        members.push(TargetCode::parse(code.as_ref()).map_err(|e| invalid("members", e.to_string()))?);
    }
    members.sort();
    check_members(campaign, &members)?;
    Ok(members)
}

fn check_members(campaign: &Campaign, members: &[TargetCode]) -> Result<(), GroupError> {
    let targets = campaign.target_index();
    let mut seen = BTreeSet::new();
    for member in members {
        if !seen.insert(member) {
            return Err(invalid("members", format!("« {member} » en double")));
        }
        if !targets.contains_key(member.as_str()) {
            return Err(invalid(
                "members",
                format!("« {member} » n'est pas une cible de la vague « {} »", campaign.code),
            ));
        }
    }
    if members.len() < MIN_MEMBERS {
        return Err(invalid("members", format!("au moins {MIN_MEMBERS} membres pour mutualiser")));
    }
    Ok(())
}

impl NewGroup {
    /// A proposed group of `members` of `campaign` on `subject`, without facilitator, notes
    /// or documents yet. The name is trimmed; members are sorted by code.
    pub fn new<S: AsRef<str>>(
        campaign: &Campaign,
        name: &str,
        subject: Subject,
        member_codes: &[S],
    ) -> Result<NewGroup, GroupError> {
        let group = NewGroup {
            name: name.trim().to_owned(),
            subject,
            campaign: campaign.code.clone(),
            members: members(campaign, member_codes)?,
            status: GroupStatus::Proposed,
            facilitator: None,
            notes: vec![],
            next_meeting: None,
            documents: vec![],
        };
        group.check(campaign)?;
        Ok(group)
    }

    /// Checks every field against the group's wave: for a group built in code, edited, or
    /// read back from storage. Member order is not checked.
    pub fn check(&self, campaign: &Campaign) -> Result<(), GroupError> {
        check_name("name", &self.name)?;
        if self.campaign != campaign.code {
            return Err(invalid(
                "campaign",
                format!("le groupe appartient à la vague « {} », pas à « {} »", self.campaign, campaign.code),
            ));
        }
        self.subject.check(&campaign.catalogue)?;
        check_members(campaign, &self.members)?;
        if let Some(facilitator) = &self.facilitator {
            check_name("facilitator.name", &facilitator.name)?;
        }
        for (i, note) in self.notes.iter().enumerate() {
            check_note(&format!("notes[{i}].text"), note)?;
        }
        for (i, document) in self.documents.iter().enumerate() {
            check_name(&format!("documents[{i}].title"), &document.title)?;
        }
        Ok(())
    }

    /// Replaces the members (sorted by code), with the same rules as [`NewGroup::new`].
    pub fn set_members<S: AsRef<str>>(&mut self, campaign: &Campaign, codes: &[S]) -> Result<(), GroupError> {
        self.members = members(campaign, codes)?;
        Ok(())
    }

    /// Moves the group to another status, if its life allows it (see [`GroupStatus`]).
    pub fn set_status(&mut self, to: GroupStatus) -> Result<(), GroupError> {
        if !self.status.can_become(to) {
            return Err(GroupError::Transition { from: self.status, to });
        }
        self.status = to;
        Ok(())
    }

    /// Adds a note or decision, after the notes of the same day or earlier.
    pub fn add_note(&mut self, note: Note) -> Result<(), GroupError> {
        check_note("notes.text", &note)?;
        let at = self.notes.partition_point(|n| n.date <= note.date);
        self.notes.insert(at, note);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
