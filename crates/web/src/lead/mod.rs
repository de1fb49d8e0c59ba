//! The study side: login, waves, live follow-up, invitations and mail, for administrators,
//! study leads and read-only viewers.
//!
//! Every page is rendered on the server and works without JavaScript. The route table checks
//! every `POST`'s role and anti-forgery token before it gets here; no `GET` changes anything. Roles: a viewer
//! reads the waves and their follow-up; a lead also creates, edits, opens and closes waves,
//! invites and writes to respondents; an administrator also manages accounts.

mod audit;
pub(crate) mod auth;
mod contacts;
mod definition;
mod followup;
mod home;
mod invitations;
mod mail;
mod mail_actions;
mod targets;
mod users;
mod waves;

use crate::routes::{Access, Forgery, RouteTable};

/// Templates of the study side.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("lead/layout.html", include_str!("../../templates/lead/layout.html")),
    ("lead/forms.html", include_str!("../../templates/lead/forms.html")),
    ("lead/welcome.html", include_str!("../../templates/lead/welcome.html")),
    ("lead/login.html", include_str!("../../templates/lead/login.html")),
    ("lead/home.html", include_str!("../../templates/lead/home.html")),
    ("lead/wave_nav.html", include_str!("../../templates/lead/wave_nav.html")),
    ("lead/wave_new.html", include_str!("../../templates/lead/wave_new.html")),
    ("lead/definition.html", include_str!("../../templates/lead/definition.html")),
    ("lead/followup.html", include_str!("../../templates/lead/followup.html")),
    ("lead/target_filters.html", include_str!("../../templates/lead/target_filters.html")),
    ("lead/invitations.html", include_str!("../../templates/lead/invitations.html")),
    ("lead/mail.html", include_str!("../../templates/lead/mail.html")),
    ("lead/users.html", include_str!("../../templates/lead/users.html")),
    ("lead/audit.html", include_str!("../../templates/lead/audit.html")),
];

/// Routes of the study side.
pub fn routes() -> RouteTable {
    RouteTable::new()
        // The home page greets visitors and lists the waves to logged-in users.
        .get("/", Access::Public, home::home)
        .get("/connexion", Access::Public, auth::login_page)
        .post_public("/connexion", Forgery::LoginCookie, auth::login)
        .post("/deconnexion", Access::Viewer, auth::logout)
        .post_public("/langue", Forgery::Harmless, auth::language)
        .post("/vagues", Access::Lead, waves::create)
        .get("/vagues/nouvelle", Access::Lead, waves::new_page)
        .get("/vagues/{code}", Access::Viewer, followup::page)
        .post("/vagues/{code}/ouvrir", Access::Lead, waves::open)
        .post("/vagues/{code}/fermer", Access::Lead, waves::close)
        .get("/vagues/{code}/questionnaire", Access::Lead, definition::page)
        .post("/vagues/{code}/questionnaire", Access::Lead, definition::update)
        .post("/vagues/{code}/dates", Access::Lead, definition::set_dates)
        .post("/vagues/{code}/cibles/{respondent}/rouvrir", Access::Lead, followup::reopen)
        .get("/vagues/{code}/invitations", Access::Lead, invitations::page)
        .post("/vagues/{code}/invitations/export", Access::Lead, invitations::export)
        .post("/vagues/{code}/invitations/{respondent}/renouveler", Access::Lead, invitations::renew)
        .post("/vagues/{code}/invitations/{respondent}/revoquer", Access::Lead, invitations::revoke)
        .post("/vagues/{code}/contacts", Access::Lead, invitations::import_contacts)
        .get("/vagues/{code}/courriels", Access::Lead, mail::page)
        .post("/vagues/{code}/courriels/modele", Access::Lead, mail_actions::save_template)
        .post("/vagues/{code}/courriels/invitations", Access::Lead, mail_actions::queue_invitations)
        .post("/vagues/{code}/courriels/relances", Access::Lead, mail_actions::queue_reminders)
        .post("/vagues/{code}/courriels/echecs/relancer", Access::Lead, mail_actions::retry_failures)
        .post("/vagues/{code}/courriels/jours", Access::Lead, mail_actions::add_day)
        .post("/vagues/{code}/courriels/jours/supprimer", Access::Lead, mail_actions::remove_day)
        .get("/utilisateurs", Access::Admin, users::page)
        .post("/utilisateurs", Access::Admin, users::add)
        .post("/utilisateurs/{id}/supprimer", Access::Admin, users::delete)
        .post("/utilisateurs/domaines", Access::Admin, users::add_domain)
        .post("/utilisateurs/domaines/supprimer", Access::Admin, users::remove_domain)
        .get(audit::PATH, Access::Admin, audit::page)
}
