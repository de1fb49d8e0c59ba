//! The command line of `mutu`, as fixed by `interfaces.md`; help texts in French. Each
//! subcommand's arguments live beside it in [`crate::commands`]; this is only the list.

use crate::commands::{
    analyse, backup, campaign, contacts, demo, groups, mail, offers, opendata, opportunities, people, qualitative,
    report, responses, serve, structures, synth, territory, user, worker,
};
use clap::{Parser, Subcommand};

/// mutu — observatoire de la mutualisation des services numériques des collectivités.
///
/// Charge le territoire (régions, départements, EPCI, communes), ouvre des vagues d'enquête,
/// importe les réponses et calcule les chiffres de l'étude.
#[derive(Debug, Parser)]
#[command(name = "mutu", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Base de données : sqlite://CHEMIN (défaut : sqlite://mutu.db) ou postgres://…
    #[arg(long, global = true, env = "MUTU_DATABASE_URL", default_value = "sqlite://mutu.db")]
    pub db: String,

    /// Ce qu'il faut faire.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Le territoire : import du référentiel et résumé.
    #[command(subcommand)]
    Territory(territory::TerritoryCommand),
    /// Les vagues d'enquête.
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
    /// Les réponses d'une vague : import et export.
    #[command(subcommand)]
    Responses(responses::ResponsesCommand),
    /// Les courriels de contact des cibles d'une vague.
    #[command(subcommand)]
    Contacts(contacts::ContactsCommand),
    /// Le courrier d'une vague : invitations et relances mises en file, état des envois,
    /// jours de relance programmés. `mutu worker` envoie ce qui est en file.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Envoie le courrier mis en file par un relais SMTP, jusqu'à l'arrêt (Ctrl+C ou SIGTERM) :
    /// au plus --mail-rate courriels par seconde, nouvel essai plus tard en cas d'échec
    /// passager ; plusieurs workers peuvent tourner sur la même base.
    Worker(worker::WorkerArgs),
    /// Calcule et affiche l'analyse d'une vague (tous les chiffres de l'étude).
    Analyse(analyse::AnalyseArgs),
    /// Opportunités de mutualisation d'une vague : par service, les groupes de voisins qui le
    /// déploient seuls ou l'étudient, le niveau qui convient, le score et l'économie estimée.
    Opportunities(opportunities::OpportunitiesArgs),
    /// Les groupes de travail thématiques : création (depuis une opportunité ou une liste de
    /// membres), liste, fichier de départ d'un groupement de commandes, suivi dans une vague suivante.
    #[command(subcommand)]
    Groups(groups::GroupsCommand),
    /// Le registre des offres des structures de mutualisation (« services prêts à l'emploi »).
    #[command(subcommand)]
    Offers(offers::OffersCommand),
    /// Remplit une vague de réponses FICTIVES (démonstration, bancs d'essai) : répondant
    /// « Répondant fictif », courriel fictif-CODE@example.invalid. Remplace les réponses des
    /// cibles tirées ; celles des autres cibles restent en place.
    Synth(synth::SynthArgs),
    /// Écrit le rapport d'une vague, dans l'ordre de l'étude de 2014 : un fichier HTML autonome
    /// (graphiques et tableaux, sans script ni ressource réseau) ou un classeur XLSX (un onglet
    /// par tableau de l'analyse et les réponses, sans données personnelles).
    Report(report::ReportArgs),
    /// Écrit les données ouvertes d'une vague dans un dossier : les réponses et les chiffres en
    /// CSV (UTF-8, virgule) décrits par un datapackage.json (Frictionless, Licence Ouverte 2.0).
    Opendata(opendata::OpendataArgs),
    /// Sert l'interface web et l'API (défaut : 127.0.0.1:8080).
    Serve(serve::ServeArgs),
    /// Démonstration : une base temporaire avec les EPCI des Hauts-de-France, une vague de
    /// réponses fictives, un compte de chargé·e de mission, et le serveur web.
    Demo(demo::DemoArgs),
    /// Les comptes de l'équipe d'étude.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Les organisations et personnes rencontrées (annexe des acteurs).
    #[command(subcommand)]
    Actors(qualitative::ActorsCommand),
    /// Les entretiens de l'étude (notes réservées à l'équipe d'étude).
    #[command(subcommand)]
    Interviews(qualitative::InterviewsCommand),
    /// Les verbatims codés par thème, anonymisés.
    #[command(subcommand)]
    Verbatims(qualitative::VerbatimsCommand),
    /// Le parangonnage des structures de mutualisation, avec leur analyse MOOF.
    #[command(subcommand)]
    Structures(structures::StructuresCommand),
    /// Les données personnelles : registre, export, effacement, purge (RGPD).
    #[command(subcommand)]
    People(people::PeopleCommand),
    /// Sauvegarde cohérente de toute la base, possible pendant que `mutu serve` écrit.
    Backup(backup::BackupArgs),
    /// Restaure une sauvegarde dans la base de --db (refusé si elle contient déjà des données, sauf --force).
    Restore(backup::RestoreArgs),
}
