//! `/qualitatif/entretiens`: the interviews of the study (date, duration, organisation,
//! participants, notes), for leads and administrators only — the notes are private to the
//! study team, so a viewer gets `403` here and no other page reads them. Interviews are
//! imported from a pasted interviews file, or added, edited and removed one at a time.

use super::{Problems, import_refused, pasted, refused_by_store};
use crate::extract::{Form, Posted, Query, Study, format_in};
use crate::page::{render, see_other, ser};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::qualitative::{Interview, check_day};
use mutu_import::qualitative::{INTERVIEW_COLUMNS, read_interviews};
use serde::Serialize;
use std::collections::HashSet;

/// The list's address.
const PAGE: &str = "/qualitatif/entretiens";

/// An interview's fields as typed in the form (kept as typed when refused).
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
struct Fields {
    code: String,
    organisation: String,
    date: String,
    duration: String,
    participants: Vec<String>,
    notes: String,
}

/// The longest interview a form accepts, in minutes (a day).
const MAX_MINUTES: u32 = 24 * 60;

impl Fields {
    fn from_form(form: &Form, code: &str) -> Self {
        Fields {
            code: code.to_owned(),
            organisation: form.get("organisation").unwrap_or_default().to_owned(),
            date: form.get("date").unwrap_or_default().to_owned(),
            duration: form.get("duree").unwrap_or_default().to_owned(),
            participants: form.all("participants").into_iter().map(str::to_owned).collect(),
            notes: form.raw("notes").trim().to_owned(),
        }
    }

    fn from_interview(i: &Interview) -> Self {
        Fields {
            code: i.code.clone(),
            organisation: i.organisation.clone(),
            date: i.date.clone(),
            duration: i.duration_minutes.to_string(),
            participants: i.participants.clone(),
            notes: i.notes.clone(),
        }
    }

    /// The interview, or the refused fields as `(field id, message key)`.
    fn check(&self, organisations: &HashSet<String>, people: &HashSet<String>) -> Result<Interview, Vec<Refusal>> {
        let mut refused = vec![];
        if !organisations.contains(&self.organisation) {
            refused.push(("organisation", "qual-error-organisation"));
        }
        if check_day(&self.date).is_err() {
            refused.push(("date", "qual-error-date"));
        }
        let minutes = self.duration.parse::<u32>().ok().filter(|m| (1..=MAX_MINUTES).contains(m));
        if minutes.is_none() {
            refused.push(("duree", "qual-error-duration"));
        }
        if self.participants.iter().any(|p| !people.contains(p)) {
            refused.push(("participants", "qual-error-participants"));
        }
        match minutes {
            Some(duration_minutes) if refused.is_empty() => Ok(Interview {
                code: self.code.clone(),
                organisation: self.organisation.clone(),
                date: self.date.clone(),
                duration_minutes,
                participants: self.participants.clone(),
                notes: self.notes.clone(),
            }),
            _ => Err(refused),
        }
    }
}

/// A refused field: its id and the message key.
type Refusal = (&'static str, &'static str);

/// Whether a new interview's code can be used in a URL and a file (`E01`, `2014-dsi_3`).
fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= 32
        && code.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
}

/// An interview in the list.
#[derive(Debug, Serialize)]
struct InterviewView {
    code: String,
    organisation: String,
    date: String,
    duration: u32,
    participants: Vec<String>,
    notes: String,
}

/// A person met as an option of the participants' list: `role — name (key)`.
#[derive(Debug, Serialize)]
struct PersonOption {
    key: String,
    label: String,
    organisation: String,
}

/// What the form needs: the organisations and people to choose from.
#[derive(Debug, Serialize)]
struct Choices {
    organisations: Vec<String>,
    people: Vec<PersonOption>,
}

async fn choices(state: &AppState) -> Result<Choices, WebError> {
    let organisations = state.store.organisations().await?.into_iter().map(|o| o.name).collect();
    let people = state
        .store
        .people_met()
        .await?
        .into_iter()
        .map(|p| {
            let who = if p.name.is_empty() { p.role } else { format!("{} — {}", p.role, p.name) };
            PersonOption { label: format!("{who} ({})", p.key), key: p.key, organisation: p.organisation }
        })
        .collect();
    Ok(Choices { organisations, people })
}

impl Choices {
    fn sets(&self) -> (HashSet<String>, HashSet<String>) {
        (self.organisations.iter().cloned().collect(), self.people.iter().map(|p| p.key.clone()).collect())
    }
}

/// Translates refused fields.
fn problems(state: &AppState, lang: &str, refused: &[Refusal]) -> Problems {
    let mut problems = Problems::none();
    for (field, key) in refused {
        problems.add(*field, state.templates.message(lang, key, &[]));
    }
    problems
}

/// What the list page shows besides the interviews.
#[derive(Debug, Default)]
struct ListDraft<'a> {
    fields: Fields,
    text: &'a str,
    notice: Option<String>,
}

async fn list_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    problems: Problems,
    draft: ListDraft<'_>,
) -> Result<Response, WebError> {
    let choices = choices(state).await?;
    let label =
        |key: &str| choices.people.iter().find(|p| p.key == key).map_or_else(|| key.to_owned(), |p| p.label.clone());
    let interviews: Vec<InterviewView> = state
        .store
        .interviews()
        .await?
        .into_iter()
        .map(|i| InterviewView {
            participants: i.participants.iter().map(|k| label(k)).collect(),
            date: calendar_day(&i.date).map_or_else(|| i.date.clone(), |d| format_in(lang).short_date(d)),
            duration: i.duration_minutes,
            code: i.code,
            organisation: i.organisation,
            notes: i.notes,
        })
        .collect();
    let context = minijinja::context! {
        interviews => ser(&interviews),
        choices => ser(&choices),
        fields => ser(&draft.fields),
        text => draft.text,
        columns => INTERVIEW_COLUMNS.join(","),
        errors => ser(&problems),
        notice => draft.notice,
        current => "entretiens",
    };
    render(state, lang, status, "qualitative/interviews.html", Some(user), context)
}

/// An interview's `YYYY-MM-DD` as a day, when it is one.
fn calendar_day(text: &str) -> Option<time::Date> {
    time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// The confirmation after a change, from the redirect's query string.
fn notice(state: &AppState, lang: &str, form: &Form) -> Option<String> {
    let count = |name: &str| form.get(name).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0).to_string();
    let key = match form.get("ok")? {
        "import" => "qual-interviews-imported",
        "enregistre" => "qual-interviews-saved",
        "suppression" => "qual-interviews-deleted",
        _ => return None,
    };
    Some(state.templates.message(lang, key, &[("count", count("n")), ("verbatims", count("verbatims"))]))
}

/// `GET /qualitatif/entretiens` (leads and administrators).
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let draft = ListDraft { notice: notice(&state, lang, &query), ..ListDraft::default() };
    list_page(&state, lang, &user, StatusCode::OK, Problems::none(), draft).await
}

/// `POST /qualitatif/entretiens/import`: an interviews file pasted in the textarea, all or nothing.
pub(super) async fn import(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let text = form.raw("entretiens");
    let (organisations, people) = choices(&state).await?.sets();
    let refusal = match read_interviews(&pasted(&state, lang), text, &organisations, &people) {
        Ok(list) if list.is_empty() => state.templates.message(lang, "qual-error-empty", &[]),
        Ok(list) => match state.store.import_interviews(&list).await {
            Ok(n) => {
                state.store.audit(&user.user.email, "interviews.import", &n.to_string()).await?;
                return Ok(see_other(&format!("{PAGE}?ok=import&n={n}")));
            }
            Err(e) => refused_by_store(&state, lang, e)?,
        },
        Err(e) => import_refused(&state, lang, &e),
    };
    let draft = ListDraft { text, ..ListDraft::default() };
    list_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, Problems::one("entretiens", refusal), draft).await
}

/// `POST /qualitatif/entretiens`: adds one interview (its code must be new).
pub(super) async fn add(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let fields = Fields::from_form(&form, form.get("code").unwrap_or_default());
    let (organisations, people) = choices(&state).await?.sets();
    let checked = fields.check(&organisations, &people);
    let mut refused = checked.as_ref().err().cloned().unwrap_or_default();
    if !valid_code(&fields.code) {
        refused.insert(0, ("code", "qual-error-code"));
    } else if state.store.interviews().await?.iter().any(|i| i.code == fields.code) {
        refused.insert(0, ("code", "qual-error-code-taken"));
    }
    if let (true, Ok(interview)) = (refused.is_empty(), checked) {
        state.store.import_interviews(&[interview]).await?;
        state.store.audit(&user.user.email, "interview.add", &fields.code).await?;
        return Ok(see_other(&format!("{PAGE}?ok=enregistre")));
    }
    let problems = problems(&state, lang, &refused);
    list_page(
        &state,
        lang,
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        problems,
        ListDraft { fields, ..Default::default() },
    )
    .await
}

async fn edit_form(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    fields: &Fields,
    problems: Problems,
) -> Result<Response, WebError> {
    let context = minijinja::context! {
        choices => ser(&choices(state).await?),
        fields => ser(fields),
        errors => ser(&problems),
        current => "entretiens",
    };
    render(state, lang, status, "qualitative/interview.html", Some(user), context)
}

/// The stored interview `code`, or the uniform 404.
async fn interview(state: &AppState, code: &str) -> Result<Interview, WebError> {
    state.store.interviews().await?.into_iter().find(|i| i.code == code).ok_or(WebError::NotFound)
}

/// `GET /qualitatif/entretiens/{code}`: the edit form of one interview.
pub(super) async fn edit_page(s: Study, Path(code): Path<String>) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let fields = Fields::from_interview(&interview(&state, &code).await?);
    edit_form(&state, lang, &user, StatusCode::OK, &fields, Problems::none()).await
}

/// `POST /qualitatif/entretiens/{code}`: saves the edit form.
pub(super) async fn update(s: Study, Path(code): Path<String>, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let stored = interview(&state, &code).await?;
    let fields = Fields::from_form(&form, &stored.code);
    let (organisations, people) = choices(&state).await?.sets();
    match fields.check(&organisations, &people) {
        Ok(changed) => {
            state.store.import_interviews(&[changed]).await?;
            state.store.audit(&user.user.email, "interview.update", &stored.code).await?;
            Ok(see_other(&format!("{PAGE}?ok=enregistre")))
        }
        Err(refused) => {
            let problems = problems(&state, lang, &refused);
            edit_form(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &fields, problems).await
        }
    }
}

/// `POST /qualitatif/entretiens/{code}/supprimer`: removes it with the verbatims quoting it.
pub(super) async fn delete(s: Study, Path(code): Path<String>) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let verbatims = state.store.delete_interview(&code).await?;
    state.store.audit(&user.user.email, "interview.delete", &code).await?;
    Ok(see_other(&format!("{PAGE}?ok=suppression&verbatims={verbatims}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_form_becomes_an_interview_or_names_its_fields() {
        let form = Form::parse(b"organisation=SICTIAM&date=2014-09-10&duree=90&participants=s-1&notes=+Vu+");
        let fields = Fields::from_form(&form, "E01");
        let interview = fields.check(&set(&["SICTIAM"]), &set(&["s-1"])).unwrap();
        assert_eq!((interview.duration_minutes, interview.notes.as_str()), (90, "Vu"));
        assert_eq!(Fields::from_interview(&interview), fields);
        let form = Form::parse(b"organisation=Ailleurs&date=10%2F09%2F2014&duree=0&participants=x");
        let refused = Fields::from_form(&form, "E02").check(&set(&["SICTIAM"]), &set(&["s-1"])).unwrap_err();
        let ids: Vec<&str> = refused.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["organisation", "date", "duree", "participants"]);
    }

    #[test]
    fn new_codes_fit_a_url() {
        assert!(valid_code("E01") && valid_code("2014-dsi_3"));
        for bad in ["", "E 01", "E/01", "é1", "<b>"] {
            assert!(!valid_code(bad), "{bad}");
        }
    }
}
