//! The study side: login, waves, live follow-up, invitations and mail, for administrators,
//! study leads and read-only viewers.
//!
//! Every page is rendered on the server and works without JavaScript. Every `POST` checks
//! the role and the session's anti-forgery token; no `GET` changes anything. Roles: a viewer
//! reads the waves and their follow-up; a lead also creates, edits, opens and closes waves,
//! invites and writes to respondents; an administrator also manages accounts.

mod auth;
mod contacts;
mod definition;
mod followup;
mod home;
mod invitations;
mod mail;
mod mailer;
pub(crate) mod page;
mod users;
mod waves;

pub use auth::{
    EMAIL_WINDOW, GLOBAL_WINDOW, LoginThrottle, MAX_FAILURES_GLOBAL, MAX_FAILURES_PER_EMAIL, hash_password,
    verify_password,
};
pub use invitations::{InvitationScope, IssuedInvitation, invitations_csv, issue_invitations};
pub use users::MIN_PASSWORD_CHARS;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

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
    ("lead/invitations.html", include_str!("../../templates/lead/invitations.html")),
    ("lead/mail.html", include_str!("../../templates/lead/mail.html")),
    ("lead/users.html", include_str!("../../templates/lead/users.html")),
];

/// Routes of the study side.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/connexion", get(auth::login_page).post(auth::login))
        .route("/deconnexion", post(auth::logout))
        .route("/langue", post(auth::language))
        .route("/vagues", post(waves::create))
        .route("/vagues/nouvelle", get(waves::new_page))
        .route("/vagues/{code}", get(followup::page))
        .route("/vagues/{code}/ouvrir", post(waves::open))
        .route("/vagues/{code}/fermer", post(waves::close))
        .route("/vagues/{code}/questionnaire", get(definition::page).post(definition::update))
        .route("/vagues/{code}/dates", post(definition::set_dates))
        .route("/vagues/{code}/cibles/{respondent}/rouvrir", post(followup::reopen))
        .route("/vagues/{code}/invitations", get(invitations::page))
        .route("/vagues/{code}/invitations/export", post(invitations::export))
        .route("/vagues/{code}/invitations/{respondent}/renouveler", post(invitations::renew))
        .route("/vagues/{code}/invitations/{respondent}/revoquer", post(invitations::revoke))
        .route("/vagues/{code}/contacts", post(invitations::import_contacts))
        .route("/vagues/{code}/courriels", get(mail::page))
        .route("/vagues/{code}/courriels/modele", post(mail::save_template))
        .route("/vagues/{code}/courriels/invitations", post(mail::send_invitations))
        .route("/vagues/{code}/courriels/relances", post(mail::send_reminders))
        .route("/utilisateurs", get(users::page).post(users::add))
        .route("/utilisateurs/{id}/supprimer", post(users::delete))
}
