//! `mutu groups`: working groups, from the study to action (issue 16). A lead turns an
//! opportunity's group of neighbours (or any set of bodies of a wave) into a working group on
//! one service or one theme of the catalogue, lists the groups, moves them along their life
//! and notes their decisions (the domain decides which moves are allowed), writes a group's
//! starting file for a group purchase, and follows in a later wave whether its members came
//! to pool the service (or, for a theme, one of its services).

use super::opportunities::{compute, members_csv};
use super::{Format, campaign_code};
use anyhow::Context;
use clap::{Args, Subcommand};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CatalogueCode, Day};
use mutu_domain::groups::{
    FollowUp, GROUP_STATUSES, GroupStatus, NewGroup, Note, NoteKind, OpportunityRef, Subject, WorkingGroup, follow_up,
    from_opportunity,
};
use mutu_domain::opportunities::CostModel;
use mutu_storage::Store;
use std::path::PathBuf;

/// `mutu groups …`
#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Crée un groupe de travail sur un service ou une thématique, avec des membres donnés ou
    /// ceux d'un groupe des opportunités ; affiche son numéro.
    Create(CreateArgs),
    /// Les groupes de travail (tous, ou ceux d'une vague).
    List {
        /// Code de la vague.
        #[arg(long)]
        campaign: Option<String>,
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Écrit le fichier de départ d'un groupement de commandes pour un groupe : ses membres,
    /// SIREN ou code, population, contact (Excel français : BOM, point-virgule).
    Export {
        /// Numéro du groupe (affiché par `mutu groups create` et `mutu groups list`).
        id: i64,
        /// Fichier CSV écrit.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Fait avancer un groupe : proposed → formed → in_progress → achieved, ou abandoned
    /// (un groupe abandonné peut redevenir proposed ; achieved est définitif).
    Status {
        /// Numéro du groupe.
        id: i64,
        /// Nouveau statut : proposed, formed, in_progress, achieved ou abandoned.
        status: String,
    },
    /// Ajoute au groupe une note datée, ou une décision avec --decision.
    Note {
        /// Numéro du groupe.
        id: i64,
        /// Date de la note (AAAA-MM-JJ).
        #[arg(long)]
        date: String,
        /// C'est une décision du groupe.
        #[arg(long)]
        decision: bool,
        /// Texte de la note.
        text: String,
    },
    /// Suivi dans une vague suivante des groupes tirés des autres vagues : pour chaque groupe,
    /// les membres qui mutualisent le service (mise en œuvre ou prévue), ceux qui le déploient
    /// ou l'étudient seuls, ceux qui n'en ont pas besoin et ceux qui n'ont pas répondu. Pour
    /// un groupe sur une thématique : un membre mutualise dès qu'il mutualise un service de la
    /// thématique, est seul s'il en déploie ou en étudie un sans en mutualiser aucun.
    FollowUp {
        /// Code de la vague suivante.
        #[arg(long)]
        campaign: String,
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Invite par courriel les membres du groupe qui ont un contact (mis en file, envoyés par
    /// `mutu worker`) ; leur lien personnel d'invitation n'est pas touché.
    Invite {
        /// Numéro du groupe.
        id: i64,
        /// Adresse publique du site, où les membres retrouvent le groupe.
        #[arg(long, env = "MUTU_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
}

/// Arguments of `mutu groups create`: the subject is `--service` or `--theme`, exactly one
/// (checked when the group is created, so the refusal fits on one line as every refusal of mutu).
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Code de la vague dont les membres sont des cibles.
    #[arg(long)]
    pub campaign: String,
    /// Code du service du catalogue sur lequel le groupe travaille (ou --theme).
    #[arg(long)]
    pub service: Option<String>,
    /// Code de la thématique du catalogue sur laquelle le groupe travaille : tous ses
    /// services (ou --service).
    #[arg(long)]
    pub theme: Option<String>,
    /// Codes des membres, séparés par des virgules (au moins deux).
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present = "from_opportunity",
        conflicts_with = "from_opportunity"
    )]
    pub members: Vec<String>,
    /// Les membres d'un groupe des opportunités : SERVICE:N, le N-ième groupe du service
    /// (à partir de 1, dans l'ordre de `mutu opportunities`) ; avec --service seulement, les
    /// opportunités étant calculées par service.
    #[arg(long)]
    pub from_opportunity: Option<String>,
    /// Nom du groupe.
    #[arg(long)]
    pub name: String,
}

/// Runs `mutu groups …`.
pub async fn run(store: &Store, command: GroupsCommand) -> anyhow::Result<()> {
    match command {
        GroupsCommand::Create(args) => println!("{}", create(store, args).await?),
        GroupsCommand::List { campaign, format } => {
            let code = campaign.as_deref().map(campaign_code).transpose()?;
            let groups = store.groups(code.as_ref()).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&groups)?),
                Format::Text => print!("{}", list_text(&groups)),
            }
        }
        GroupsCommand::Export { id, output } => {
            let group = store.group(id).await?;
            let campaign = store.campaign(&group.group.campaign).await?;
            let members: Vec<String> = group.group.members.iter().map(ToString::to_string).collect();
            let csv = members_csv(store, &campaign, &members).await?;
            std::fs::write(&output, csv).with_context(|| format!("écriture de {}", output.display()))?;
            println!("Groupe n° {id} écrit dans {}.", output.display());
        }
        GroupsCommand::Status { id, status } => {
            let to = GroupStatus::parse(&status).with_context(|| {
                let codes: Vec<&str> = GROUP_STATUSES.iter().map(|s| s.code()).collect();
                format!("status : « {status} » inconnu (attendu : {})", codes.join(", "))
            })?;
            let mut group = store.group(id).await?;
            group.group.set_status(to)?;
            store.update_group(&group).await?;
            println!("Groupe n° {id} : {}.", to.label());
        }
        GroupsCommand::Note { id, date, decision, text } => {
            let kind = if decision { NoteKind::Decision } else { NoteKind::Note };
            let mut group = store.group(id).await?;
            group.group.add_note(Note { date: Day::parse(&date).context("--date")?, kind, text })?;
            store.update_group(&group).await?;
            println!("Groupe n° {id} : {} ajoutée.", kind.label());
        }
        GroupsCommand::FollowUp { campaign, format } => {
            let code = campaign_code(&campaign)?;
            let next = store.campaign(&code).await?;
            // The groups drawn in other waves: a wave's own groups have nothing to follow yet.
            let groups: Vec<WorkingGroup> =
                store.groups(None).await?.into_iter().filter(|g| g.group.campaign != code).collect();
            let responses = store.responses(&code).await?;
            let result = follow_up(&groups, &next, &responses);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&result)?),
                Format::Text => print!("{}", follow_up_text(&result, &next.catalogue)),
            }
        }
        GroupsCommand::Invite { id, public_url } => {
            let done = mutu_app::mail::queue_group_invitations(store, id, &public_url, "cli").await?;
            let (queued, waiting, missing) = (done.queued, done.already_waiting, done.without_contact.len());
            println!("{queued} invitations mises en file, {waiting} déjà en attente, {missing} membres sans contact");
        }
    }
    Ok(())
}

/// Creates the group asked for; returns its id.
async fn create(store: &Store, args: CreateArgs) -> anyhow::Result<i64> {
    let code = campaign_code(&args.campaign)?;
    let campaign = store.campaign(&code).await?;
    let subject = match (&args.service, &args.theme) {
        (Some(service), None) => Subject::Service(CatalogueCode::parse(service).context("--service")?),
        (None, Some(theme)) => Subject::Theme(CatalogueCode::parse(theme).context("--theme")?),
        (Some(_), Some(_)) => {
            anyhow::bail!(
                "--service et --theme : un groupe travaille sur un service ou sur une thématique, pas les deux"
            )
        }
        (None, None) => anyhow::bail!("--service ou --theme : le service ou la thématique du groupe est obligatoire"),
    };
    // An unknown service or theme is refused before any opportunity is computed.
    subject.check(&campaign.catalogue)?;
    let members = match (&args.from_opportunity, &subject) {
        (Some(spec), Subject::Service(service)) => {
            let reference: OpportunityRef = spec.parse()?;
            anyhow::ensure!(
                reference.service == service.as_str(),
                "--from-opportunity {spec} : le groupe doit être un groupe du service « {service} » de --service"
            );
            let costs = CostModel::default_model(&campaign.catalogue)?;
            let opportunities = compute(store, &campaign, &costs).await?;
            from_opportunity(&opportunities, &reference.service, reference.n)?
        }
        (Some(_), Subject::Theme(_)) => {
            anyhow::bail!("--from-opportunity : les opportunités sont calculées par service, utilisez --service")
        }
        (None, _) => args.members,
    };
    let group = NewGroup::new(&campaign, &args.name, subject, &members)?;
    Ok(store.create_group(&group).await?)
}

/// The groups as text: one line each, then its members.
fn list_text(groups: &[WorkingGroup]) -> String {
    if groups.is_empty() {
        return "Aucun groupe de travail.\n".to_owned();
    }
    let mut out = String::new();
    for g in groups {
        let group = &g.group;
        let facilitator = group.facilitator.as_ref().map_or_else(String::new, |f| format!(", animé par {}", f.name));
        out.push_str(&format!(
            "n° {} — {} ({}, vague {}) : {}{facilitator}\n  membres : {}\n",
            g.id,
            group.name,
            subject_text(&group.subject),
            group.campaign,
            group.status.label(),
            group.members.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

/// `service sig` or `thème administration`: what a group works on, so a theme's code is never
/// read as a service's.
fn subject_text(subject: &Subject) -> String {
    match subject {
        Subject::Service(code) => format!("service {code}"),
        Subject::Theme(code) => format!("thème {code}"),
    }
}

/// The follow-up as text: per group, its four lists; for a theme, the services of the next
/// wave's `catalogue` it stands for, and a word when the catalogue holds none of them (every
/// member who answered then reads « sans besoin »).
fn follow_up_text(follow: &FollowUp, catalogue: &Catalogue) -> String {
    let mut out = format!("Suivi des groupes de travail — vague {}\n", follow.campaign);
    if follow.groups.is_empty() {
        out.push_str("Aucun groupe de travail d'une autre vague.\n");
    }
    for g in &follow.groups {
        out.push_str(&format!("\nn° {} — {} ({})\n", g.id, g.name, subject_text(&g.subject)));
        let services: Vec<&str> = g.subject.services(catalogue).iter().map(|s| s.code.as_str()).collect();
        match (&g.subject, services.is_empty()) {
            (Subject::Service(code), true) => {
                out.push_str(&format!("  service « {code} » absent du catalogue de la vague\n"));
            }
            (Subject::Theme(code), true) => {
                out.push_str(&format!("  aucun service de la thématique « {code} » dans le catalogue de la vague\n"));
            }
            (Subject::Theme(_), false) => {
                out.push_str(&format!("  services de la thématique : {}\n", services.join(", ")));
            }
            (Subject::Service(_), false) => {}
        }
        for (label, codes) in [
            ("mutualisent", &g.pooling),
            ("seuls", &g.alone),
            ("sans besoin", &g.not_needed),
            ("sans réponse", &g.silent),
        ] {
            let list = if codes.is_empty() { "—".to_owned() } else { codes.join(", ") };
            out.push_str(&format!("  {label} : {list}\n"));
        }
    }
    out
}
