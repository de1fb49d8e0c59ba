//! The register of personal data mutu holds (RGPD art. 30) and its retention periods.
//!
//! It lives in the domain so that `mutu people register`, `docs/personal-data.md` and the
//! purge all read the same list; a test keeps the document in step with it.

use serde::Serialize;

/// One kind of personal data: what, where, why, for how long, and how it is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    /// Stable code.
    pub code: &'static str,
    /// What is held.
    pub data: &'static str,
    /// Where (tables and fields).
    pub location: &'static str,
    /// Why it is held.
    pub purpose: &'static str,
    /// How long it is kept.
    pub retention: &'static str,
    /// What `mutu people erase` does to it.
    pub erasure: &'static str,
}

/// The register.
pub const REGISTER: [RegisterEntry; 10] = [
    RegisterEntry {
        code: "contacts",
        data: "Contact de chaque cible d'une vague : nom et courriel",
        location: "table contact",
        purpose: "Envoyer les invitations et relances de l'enquête",
        retention: "1 an après la clôture de la vague (date de clôture renseignée)",
        erasure: "ligne supprimée",
    },
    RegisterEntry {
        code: "reponses_personnelles",
        data: "Questions personnelles des réponses : nom, fonction, courriel de la personne qui a répondu",
        location: "table response, champ answers (questions marquées personal = true)",
        purpose: "Recontacter la personne qui a répondu pour préciser une réponse",
        retention: "1 an après la clôture de la vague, comme les contacts",
        erasure: "champs personnels retirés de la réponse (les autres réponses et les chiffres restent ; version + 1)",
    },
    RegisterEntry {
        code: "personnes_rencontrees",
        data: "Personnes rencontrées : nom, fonction, organisation, courriel",
        location: "table person",
        purpose: "Préparer et tracer les entretiens de l'étude (annexe des acteurs rencontrés)",
        retention: "durée de l'étude ; effacement à la demande (pas de purge automatique)",
        erasure: "pseudonymisée : nom remplacé, courriel retiré, fonction et organisation gardées",
    },
    RegisterEntry {
        code: "notes_entretien",
        data: "Notes d'entretien (peuvent citer des personnes)",
        location: "table interview, champ notes",
        purpose: "Analyse qualitative par l'équipe d'étude ; jamais exportées ni publiées",
        retention: "5 ans après l'entretien",
        erasure: "vidées par la purge ; un courriel cité dans les notes est signalé à l'effacement, à revoir à la main",
    },
    RegisterEntry {
        code: "comptes",
        data: "Comptes de l'équipe d'étude : courriel, rôle, empreinte du mot de passe",
        location: "table users",
        purpose: "Authentifier l'équipe d'étude",
        retention: "tant que la personne travaille sur l'étude",
        erasure: "compte supprimé (ses sessions avec lui) ; son courriel est remplacé par un pseudonyme dans le journal d'audit et dans « saisi par »",
    },
    RegisterEntry {
        code: "journal_courriels",
        data: "Journal des courriels envoyés : adresse, objet, date, erreur",
        location: "table mail_log",
        purpose: "Suivre les invitations et relances, comprendre les échecs",
        retention: "2 ans après l'envoi",
        erasure: "adresse remplacée par un pseudonyme (aussi dans l'objet et le message d'erreur)",
    },
    RegisterEntry {
        code: "file_courriels",
        data: "Courriels en file (invitations, relances) : adresse et nom du contact, objet, texte avec le lien \
               personnel en clair",
        location: "table outbox",
        purpose: "Envoyer les invitations et relances sans bloquer la page ni rien perdre en cas d'arrêt",
        retention: "texte et lien effacés dès l'envoi ou l'échec définitif ; ligne supprimée 2 ans après, comme le journal",
        erasure: "courriels à l'adresse supprimés de la file (ceux en attente ne partent pas)",
    },
    RegisterEntry {
        code: "sessions",
        data: "Sessions web : empreinte de l'identifiant, compte ou répondant, dates",
        location: "table sessions",
        purpose: "Garder une personne connectée",
        retention: "30 jours sans activité",
        erasure: "supprimées avec le compte",
    },
    RegisterEntry {
        code: "agents_proconnect",
        data: "Courriel de l'agent d'un organisme qui répond en se connectant par ProConnect",
        location: "tables sessions et response, champ agent_email",
        purpose: "Savoir quel agent a fait chaque enregistrement d'une réponse que les agents d'un organisme partagent",
        retention: "avec la session (30 jours sans activité) ; sur la réponse, jusqu'à l'enregistrement suivant",
        erasure: "sessions de l'agent supprimées ; son courriel remplacé par un pseudonyme sur les réponses",
    },
    RegisterEntry {
        code: "demandes_lien",
        data: "Demandes « J'ai perdu mon lien » : organisme, courriel professionnel de l'agent, date, suite donnée",
        location: "table link_request",
        purpose: "Envoyer un nouveau lien personnel à l'agent d'un organisme qui a perdu le sien ou dont le collègue \
                  est parti",
        retention: "avec la vague ; 1 an après sa clôture, comme les contacts",
        erasure: "demandes faites avec l'adresse supprimées",
    },
];

/// Retention periods, in days, of what the purge removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Retention {
    /// Sessions idle for longer are deleted.
    pub sessions_days: u32,
    /// Mail log lines older than this are deleted.
    pub mail_log_days: u32,
    /// Contacts and personal answer fields are removed this long after the wave closes.
    pub contacts_days_after_close: u32,
    /// Interview notes are emptied this long after the interview.
    pub interview_notes_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { sessions_days: 30, mail_log_days: 730, contacts_days_after_close: 365, interview_notes_days: 1826 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_entry_of_the_register() {
        let doc = include_str!("../../../../docs/personal-data.md");
        for entry in REGISTER {
            assert!(doc.contains(&format!("`{}`", entry.code)), "docs/personal-data.md misses {}", entry.code);
            assert!(doc.contains(entry.retention), "docs/personal-data.md misses the retention of {}", entry.code);
        }
    }
}
