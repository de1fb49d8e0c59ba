//! What every study-side page shares: reading a posted form (multi-selects repeat their
//! key), checking its role and anti-forgery token, field errors that the templates tie to
//! their inputs, and rendering a page with the navigation of the logged-in user.
//!
//! Logic modules return errors as translation keys ([`Invalid`]) so they can be unit-tested
//! without templates; handlers translate them in the request's language.

use crate::session::{UserSession, check_csrf};
use crate::{AppState, WebError};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::Value;
use mutu_domain::codes::CampaignCode;
use mutu_storage::Role;
use serde::Serialize;

/// A posted `application/x-www-form-urlencoded` body, keys in order, repeated keys kept.
#[derive(Debug, Default)]
pub(crate) struct Form(Vec<(String, String)>);

impl Form {
    /// Reads a body.
    pub fn parse(body: &[u8]) -> Self {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The first value of `name` untouched (passwords, texts whose spaces matter), `""` when absent.
    pub fn raw(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every non-blank value of `name` (a multi-select), trimmed.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// Checks that the user has `role` and that the form carries the session's CSRF token.
    pub fn authorize(&self, user: &UserSession, role: Role) -> Result<(), WebError> {
        user.require(role)?;
        check_csrf(&user.session, self.get("csrf"))
    }
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
        lead: u.require(Role::Lead).is_ok(),
        admin: u.require(Role::Admin).is_ok(),
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

/// A wave code from a URL: a malformed one is the same 404 as an unknown one.
pub(crate) fn wave_code(raw: &str) -> Result<CampaignCode, WebError> {
    CampaignCode::parse(raw).map_err(|_| WebError::NotFound)
}

/// The value of cookie `name` sent by the browser, if any.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

/// A calendar day `YYYY-MM-DD` as people read it: `15/07/2014` in French, as is in English.
pub(crate) fn day(iso: &str, lang: &str) -> String {
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        ("fr", [y, m, d]) => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// An RFC 3339 UTC time as people read it: `12/09/2014 10:31 UTC` in French.
pub(crate) fn moment(rfc3339: &str, lang: &str) -> String {
    match rfc3339.split_once('T') {
        Some((date, time)) => format!("{} {} UTC", day(date, lang), time.get(..5).unwrap_or(time)),
        None => rfc3339.to_owned(),
    }
}

/// A rate as a whole percentage (`70 %` in French, `70%` in English), `—` when undefined.
pub(crate) fn percent(rate: Option<f64>, lang: &str) -> String {
    match rate {
        Some(r) if lang == "fr" => format!("{:.0}\u{a0}%", r * 100.0),
        Some(r) => format!("{:.0}%", r * 100.0),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_keep_repeated_keys_and_trim() {
        let form = Form::parse(b"departement=59&departement=62&nom=+Vague+&vide=+&mdp=+a+");
        assert_eq!(form.all("departement"), ["59", "62"]);
        assert_eq!(form.get("nom"), Some("Vague"));
        assert_eq!(form.get("vide"), None);
        assert_eq!(form.get("absent"), None);
        assert_eq!(form.raw("mdp"), " a ");
    }

    #[test]
    fn dates_and_rates_read_in_french() {
        assert_eq!(day("2014-07-15", "fr"), "15/07/2014");
        assert_eq!(day("2014-07-15", "en"), "2014-07-15");
        assert_eq!(moment("2014-09-12T10:31:00Z", "fr"), "12/09/2014 10:31 UTC");
        assert_eq!(percent(Some(0.698), "fr"), "70\u{a0}%");
        assert_eq!(percent(None, "fr"), "—");
    }

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
