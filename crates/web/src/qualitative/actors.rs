//! `/qualitatif/acteurs`: the organisations met, in and outside the study's territory, with
//! the roles of the people met. Names and emails are personal data: they reach the template
//! only for leads and administrators. Leads import an actors file pasted in a textarea (or
//! the 2014 study's annex), and edit an organisation or its people one at a time.

use super::{Problems, import_refused, pasted, refused_by_store};
use crate::extract::{Form, Posted, Query, Study};
use crate::page::{render, see_other, ser};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use lettre::Address;
use mutu_domain::lifecycle::Role;
use mutu_domain::qualitative::{BODY_TYPES, BodyType, Organisation, Person};
use mutu_import::qualitative::{ACTOR_COLUMNS, EXAMPLE_ACTORS_CSV, read_actors};
use serde::Serialize;

/// Where the page goes back to after a change.
const PAGE: &str = "/qualitatif/acteurs";

/// A person met as the page shows them: the role to everyone, name and email to leads only.
#[derive(Debug, Serialize)]
struct PersonView {
    key: String,
    role: String,
    name: Option<String>,
    email: Option<String>,
}

/// An organisation met with its people; `index` builds the ids of its edit forms.
#[derive(Debug, Serialize)]
struct OrganisationView {
    index: usize,
    name: String,
    body_type: &'static str,
    in_territory: bool,
    people: Vec<PersonView>,
}

/// What a refused form leaves on the page: the pasted text, and which organisation's edit
/// panel stays open.
#[derive(Debug, Default)]
struct Draft<'a> {
    text: &'a str,
    open: Option<usize>,
}

/// The organisations and their people, names kept only when `personal` (a lead).
fn views(organisations: Vec<Organisation>, people: Vec<Person>, personal: bool) -> Vec<OrganisationView> {
    organisations
        .into_iter()
        .enumerate()
        .map(|(index, o)| OrganisationView {
            index,
            body_type: o.body_type.code(),
            in_territory: o.in_territory,
            people: people
                .iter()
                .filter(|p| p.organisation == o.name)
                .map(|p| PersonView {
                    key: p.key.clone(),
                    role: p.role.clone(),
                    name: personal.then(|| p.name.clone()).filter(|n| !n.is_empty()),
                    email: if personal { p.email.clone() } else { None },
                })
                .collect(),
            name: o.name,
        })
        .collect()
}

/// The confirmation after a change, from the redirect's query string (anything else ignored).
fn notice(state: &AppState, lang: &str, form: &Form) -> Option<String> {
    let count = |name: &str| form.get(name).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0).to_string();
    let key = match form.get("ok")? {
        "import" => "qual-actors-imported",
        "organisation" => "qual-actors-saved",
        "suppression" => "qual-actors-deleted",
        "personne" => "qual-actors-person-added",
        _ => return None,
    };
    Some(state.templates.message(lang, key, &[("organisations", count("organisations")), ("people", count("people"))]))
}

async fn actors_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    problems: Problems,
    draft: Draft<'_>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let lead = user.user.role.includes(Role::Lead);
    let list = views(state.store.organisations().await?, state.store.people_met().await?, lead);
    let inside = list.iter().filter(|o| o.in_territory).count();
    let people: usize = list.iter().map(|o| o.people.len()).sum();
    let context = minijinja::context! {
        organisations => ser(&list),
        inside => inside,
        outside => list.len() - inside,
        people => people,
        body_types => BODY_TYPES.iter().map(|b| b.code()).collect::<Vec<_>>(),
        columns => ACTOR_COLUMNS.join(","),
        errors => ser(&problems),
        text => draft.text,
        open => draft.open,
        notice => notice,
        current => "acteurs",
    };
    render(state, lang, status, "qualitative/actors.html", Some(user), context)
}

/// `GET /qualitatif/acteurs` (every logged-in user).
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let notice = notice(&state, lang, &query);
    actors_page(&state, lang, &user, StatusCode::OK, Problems::none(), Draft::default(), notice).await
}

/// The redirect after an import of `organisations` and `people`.
fn imported(organisations: u64, people: u64) -> Response {
    see_other(&format!("{PAGE}?ok=import&organisations={organisations}&people={people}"))
}

/// `POST /qualitatif/acteurs/import`: an actors file pasted in the textarea, all or nothing.
pub(super) async fn import(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let text = form.raw("acteurs");
    let refusal = match read_actors(&pasted(&state, lang), text) {
        Ok(actors) if actors.organisations.is_empty() => state.templates.message(lang, "qual-error-empty", &[]),
        Ok(actors) => match state.store.import_actors(&actors.organisations, &actors.people).await {
            Ok((organisations, people)) => {
                state.store.audit(&user.user.email, "actors.import", &format!("{organisations}/{people}")).await?;
                return Ok(imported(organisations, people));
            }
            Err(e) => refused_by_store(&state, lang, e)?,
        },
        Err(e) => import_refused(&state, lang, &e),
    };
    let draft = Draft { text, open: None };
    let problems = Problems::one("acteurs", refusal);
    actors_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, problems, draft, None).await
}

/// `POST /qualitatif/acteurs/exemple`: loads the 2014 study's annex (roles, no names).
pub(super) async fn example(s: Study) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let actors = read_actors("actors.csv", EXAMPLE_ACTORS_CSV).map_err(|e| WebError::Internal(e.to_string()))?;
    let (organisations, people) = state.store.import_actors(&actors.organisations, &actors.people).await?;
    state.store.audit(&user.user.email, "actors.import_example", &format!("{organisations}/{people}")).await?;
    Ok(imported(organisations, people))
}

/// The position of the organisation called `name` in the page's list: its forms' ids.
async fn index_of(state: &AppState, name: &str) -> Result<usize, WebError> {
    state.store.organisations().await?.iter().position(|o| o.name == name).ok_or(WebError::NotFound)
}

/// Re-renders the page with `problems` on the organisation `index`, its panel open.
async fn refused(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    index: usize,
    problems: Problems,
) -> Result<Response, WebError> {
    let draft = Draft { text: "", open: Some(index) };
    actors_page(state, lang, user, StatusCode::UNPROCESSABLE_ENTITY, problems, draft, None).await
}

/// `POST /qualitatif/acteurs/organisation`: changes the name, kind or territory of one.
pub(super) async fn update_organisation(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let current = form.get("nom_actuel").ok_or(WebError::NotFound)?;
    let index = index_of(&state, current).await?;
    let message = |key: &str| state.templates.message(lang, key, &[]);
    let mut problems = Problems::none();
    let name = form.get("nom").unwrap_or_default();
    if name.is_empty() {
        problems.add(format!("o{index}-nom"), message("qual-error-required"));
    }
    let body_type = form.get("type").and_then(BodyType::parse);
    if body_type.is_none() {
        problems.add(format!("o{index}-type"), message("qual-error-body-type"));
    }
    if let (true, Some(body_type)) = (problems.is_empty(), body_type) {
        let changed = Organisation { name: name.to_owned(), in_territory: form.get("territoire").is_some(), body_type };
        match state.store.update_organisation(current, &changed).await {
            Ok(()) => {
                state.store.audit(&user.user.email, "organisation.update", name).await?;
                return Ok(see_other(&format!("{PAGE}?ok=organisation")));
            }
            Err(e) => problems.add(format!("o{index}-nom"), refused_by_store(&state, lang, e)?),
        }
    }
    refused(&state, lang, &user, index, problems).await
}

/// `POST /qualitatif/acteurs/organisation/supprimer`: removes one with its people (refused
/// while it has interviews).
pub(super) async fn delete_organisation(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let name = form.get("nom").ok_or(WebError::NotFound)?;
    let index = index_of(&state, name).await?;
    match state.store.delete_organisation(name).await {
        Ok(()) => {
            state.store.audit(&user.user.email, "organisation.delete", name).await?;
            Ok(see_other(&format!("{PAGE}?ok=suppression")))
        }
        Err(e) => {
            let problems = Problems::one(format!("o{index}-supprimer"), refused_by_store(&state, lang, e)?);
            refused(&state, lang, &user, index, problems).await
        }
    }
}

/// Whether a person key can be used in an interviews file (participants are `;`-separated).
fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().count() <= 64 && key.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c))
}

/// `POST /qualitatif/acteurs/personnes`: adds a person met to an organisation.
pub(super) async fn add_person(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let organisation = form.get("organisation").ok_or(WebError::NotFound)?;
    let index = index_of(&state, organisation).await?;
    let message = |key: &str| state.templates.message(lang, key, &[]);
    let mut problems = Problems::none();
    let key = form.get("cle").unwrap_or_default();
    if !valid_key(key) {
        problems.add(format!("o{index}-cle"), message("qual-error-key"));
    }
    let role = form.get("fonction").unwrap_or_default();
    if role.is_empty() {
        problems.add(format!("o{index}-fonction"), message("qual-error-required"));
    }
    let email = form.get("courriel");
    if email.is_some_and(|e| e.parse::<Address>().is_err()) {
        problems.add(format!("o{index}-courriel"), message("qual-error-email"));
    }
    if problems.is_empty() {
        let person = Person {
            key: key.to_owned(),
            organisation: organisation.to_owned(),
            name: form.get("nom").unwrap_or_default().to_owned(),
            role: role.to_owned(),
            email: email.map(str::to_owned),
        };
        match state.store.add_person(&person).await {
            Ok(()) => {
                state.store.audit(&user.user.email, "person.add", key).await?;
                return Ok(see_other(&format!("{PAGE}?ok=personne")));
            }
            Err(e) => problems.add(format!("o{index}-cle"), refused_by_store(&state, lang, e)?),
        }
    }
    refused(&state, lang, &user, index, problems).await
}

/// `POST /qualitatif/acteurs/personnes/supprimer`: removes a person met.
pub(super) async fn delete_person(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    let key = form.get("cle").ok_or(WebError::NotFound)?;
    state.store.delete_person(key).await?;
    state.store.audit(&user.user.email, "person.delete", key).await?;
    Ok(see_other(&format!("{PAGE}?ok=suppression")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        let person = |key: &str, name: &str, email: Option<&str>| Person {
            key: key.into(),
            organisation: "Conseil régional".into(),
            name: name.into(),
            role: "DSI".into(),
            email: email.map(Into::into),
        };
        vec![person("r-1", "Anne Martin", Some("a@region.fr")), person("r-2", "", None)]
    }

    #[test]
    fn names_and_emails_reach_leads_only() {
        let org =
            || vec![Organisation { name: "Conseil régional".into(), in_territory: true, body_type: BodyType::Region }];
        let viewer = serde_json::to_string(&views(org(), people(), false)).unwrap();
        assert!(!viewer.contains("Anne") && !viewer.contains("a@region.fr") && viewer.contains("DSI"), "{viewer}");
        let lead = views(org(), people(), true);
        assert_eq!(lead[0].people[0].name.as_deref(), Some("Anne Martin"));
        assert_eq!(lead[0].people[1].name, None, "an empty name is no name");
    }

    #[test]
    fn person_keys_fit_an_interviews_file() {
        assert!(valid_key("region-8") && valid_key("sictiam_1.b"));
        for bad in ["", "a;b", "a,b", "a b", "<x>"] {
            assert!(!valid_key(bad), "{bad}");
        }
    }
}
