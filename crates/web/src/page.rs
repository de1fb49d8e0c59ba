//! What every study-side page shares: reading a posted form (multi-selects repeat their
//! key), checking its role and anti-forgery token, field errors that the templates tie to
//! their inputs, and rendering a page with the navigation of the logged-in user.
//!
//! Logic modules return errors as translation keys ([`Invalid`]) so they can be unit-tested
//! without templates; handlers translate them in the request's language.

use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::Value;
use mutu_domain::campaign::Campaign;
use mutu_domain::lifecycle::Role;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `Nord (59)`, or the code alone when the referential has no name for it: how every page
/// names a département in its tables and pickers.
pub(crate) fn departement_label(names: &BTreeMap<String, String>, code: &str) -> String {
    names.get(code).map_or_else(|| code.to_owned(), |name| format!("{name} ({code})"))
}

/// The départements of a wave's targets, ascending, each with its label: the choices of the
/// département filter of the follow-up, invitations, mail, analysis and opportunities pages.
pub(crate) fn departement_choices(campaign: &Campaign, names: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let codes: BTreeSet<&str> = campaign.targets.iter().map(|t| t.departement.as_str()).collect();
    codes.into_iter().map(|d| (d.to_owned(), departement_label(names, d))).collect()
}

/// A field refused, as a translation key of `lead.ftl` with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    /// Id of the input at fault (the error summary links to it).
    pub field: &'static str,
    /// Message key.
    pub key: &'static str,
    /// Message arguments.
    pub args: Vec<(&'static str, String)>,
}

impl Invalid {
    /// An error on `field`.
    pub fn new(field: &'static str, key: &'static str) -> Self {
        Invalid { field, key, args: vec![] }
    }

    /// The same with an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

/// Field errors translated for a template: `errors` (ordered, for the summary at the top) and
/// `error` (by field id, for the message under each input).
#[derive(Debug, Serialize)]
pub(crate) struct Errors {
    list: Vec<ErrorView>,
    by_field: std::collections::BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
struct ErrorView {
    field: &'static str,
    message: String,
}

/// Translates field errors in `lang`.
pub(crate) fn translate(state: &AppState, lang: &str, invalid: &[Invalid]) -> Errors {
    let mut errors = Errors { list: vec![], by_field: Default::default() };
    for e in invalid {
        let message = state.templates.message(lang, e.key, &e.args);
        errors.by_field.entry(e.field).or_insert_with(|| message.clone());
        errors.list.push(ErrorView { field: e.field, message });
    }
    errors
}

/// The logged-in user as templates see it.
#[derive(Debug, Serialize)]
struct Me<'a> {
    email: &'a str,
    role: &'static str,
    lead: bool,
    admin: bool,
}

/// Renders a study-side page with `status`; `user` gives the navigation and the CSRF token.
pub(crate) fn render(
    state: &AppState,
    lang: &str,
    status: StatusCode,
    name: &str,
    user: Option<&UserSession>,
    context: Value,
) -> Result<Response, WebError> {
    let me = user.map(|u| Me {
        email: &u.user.email,
        role: u.user.role.code(),
        lead: u.user.role.includes(Role::Lead),
        admin: u.user.role.includes(Role::Admin),
    });
    let csrf = user.map(|u| u.session.csrf.as_str());
    let context = minijinja::context! { me => ser(&me), csrf => csrf, ..context };
    Ok((status, state.templates.render(name, lang, context)?).into_response())
}

/// A serializable value for a template context.
pub(crate) fn ser<T: Serialize + ?Sized>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// `303 See Other` to `path`.
pub(crate) fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The value of cookie `name` sent by the browser, if any.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_their_leading_zeros_in_messages() {
        let i18n = crate::i18n::I18n::load().unwrap();
        let args = [("line", "3".to_owned()), ("code", "01001".to_owned())];
        let message = i18n.message("fr", "lead-error-contacts-target", &args);
        assert_eq!(message, "Ligne 3 : « 01001 » n'est pas une cible de la vague.");
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "lang=en; mutu_login=abc".parse().unwrap());
        assert_eq!(cookie(&h, "mutu_login").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "mutu"), None);
    }
}
