//! Creating a wave from the browser (area, target level, questionnaire, dates) and moving it
//! through its states: a lead opens it to respondents and closes it.
//!
//! The form is read by [`build_wave`], a plain function over the territory, so every refusal
//! is tested without a server; each refusal is tied to the input at fault.

use crate::extract::{Form, Posted, Study, WavePath};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_app::waves;
use mutu_domain::campaign::{Campaign, CampaignError, TargetLevel, build_targets};
use mutu_domain::catalogue::Catalogue;
use mutu_domain::codes::{CampaignCode, DepartementCode, RegionCode};
use mutu_domain::lifecycle::CampaignState;
use mutu_domain::questionnaire::Questionnaire;
use mutu_domain::size_class::SizeClasses;
use mutu_domain::territory::Territory;
use mutu_storage::StoreError;
use serde::Serialize;
use time::Date;

/// What the lead typed in the new wave form, kept to fill the form again after an error.
#[derive(Debug, Default, Serialize)]
pub(super) struct WaveInput {
    code: String,
    name: String,
    level: String,
    regions: Vec<String>,
    departements: Vec<String>,
    questionnaire: String,
    opens_on: String,
    closes_on: String,
}

impl WaveInput {
    fn from_form(form: &Form) -> Self {
        let text = |name| form.get(name).unwrap_or_default().to_owned();
        WaveInput {
            code: text("code"),
            name: text("nom"),
            level: text("niveau"),
            regions: form.all("region").into_iter().map(str::to_owned).collect(),
            departements: form.all("departement").into_iter().map(str::to_owned).collect(),
            questionnaire: form.raw("questionnaire").to_owned(),
            opens_on: text("ouverture"),
            closes_on: text("cloture"),
        }
    }
}

/// Reads the announced opening and closing days (`YYYY-MM-DD`, each optional), refusing a
/// malformed day on its field and a closing before the opening on the closing field.
pub(super) fn read_dates(opens_on: &str, closes_on: &str) -> Result<(Option<Date>, Option<Date>), Vec<Invalid>> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut errors = vec![];
    let mut parse = |value: &str, field| {
        if value.is_empty() {
            return None;
        }
        match time::Date::parse(value, &format) {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(Invalid::new(field, "lead-error-date").arg("value", value));
                None
            }
        }
    };
    let (opens, closes) = (parse(opens_on, "ouverture"), parse(closes_on, "cloture"));
    if let (Some(o), Some(c)) = (opens, closes)
        && c < o
    {
        errors.push(Invalid::new("cloture", "lead-error-dates-order"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((opens, closes))
}

/// Builds the wave the form describes over `territory`: the default catalogue, the default
/// questionnaire or the one pasted, the seed's size classes, the targets of the chosen area.
pub(super) fn build_wave(input: &WaveInput, territory: &Territory) -> Result<Campaign, Vec<Invalid>> {
    let mut errors = vec![];
    let code = match CampaignCode::parse(&input.code) {
        // `/vagues/nouvelle` is the form's own address.
        Ok(code) if code.as_str() == "nouvelle" => {
            errors.push(Invalid::new("code", "lead-error-code-reserved"));
            None
        }
        Ok(code) => Some(code),
        Err(_) => {
            errors.push(Invalid::new("code", "lead-error-code"));
            None
        }
    };
    if input.name.is_empty() {
        errors.push(Invalid::new("nom", "lead-error-required"));
    }
    let level = TargetLevel::parse(&input.level);
    if level.is_none() {
        errors.push(Invalid::new("niveau-epci", "lead-error-level"));
    }
    let regions: Vec<RegionCode> = input.regions.iter().filter_map(|r| RegionCode::parse(r).ok()).collect();
    let departements: Vec<DepartementCode> =
        input.departements.iter().filter_map(|d| DepartementCode::parse(d).ok()).collect();
    if regions.len() != input.regions.len() || departements.len() != input.departements.len() {
        errors.push(Invalid::new("regions", "lead-error-area"));
    }
    let catalogue = Catalogue::default_catalogue();
    let questionnaire = if input.questionnaire.trim().is_empty() {
        Questionnaire::default_questionnaire(&catalogue)
    } else {
        Questionnaire::from_toml(&input.questionnaire, &catalogue)
    }
    .map_err(|e| {
        errors.push(
            Invalid::new("questionnaire", "lead-error-toml").arg("line", e.line.to_string()).arg("detail", e.message),
        )
    })
    .ok();
    if let Err(mut dates) = read_dates(&input.opens_on, &input.closes_on) {
        errors.append(&mut dates);
    }
    let targets = level
        .map(|level| build_targets(territory, level, &regions, &departements))
        .transpose()
        .map_err(|e| {
            let field = if matches!(e, CampaignError::NoTarget(_)) { "niveau-epci" } else { "regions" };
            errors.push(Invalid::new(field, "lead-error-targets").arg("detail", e.to_string()));
        })
        .ok()
        .flatten();
    match (code, level, questionnaire, targets) {
        (Some(code), Some(level), Some(questionnaire), Some(targets)) if errors.is_empty() => Ok(Campaign {
            code,
            name: input.name.clone(),
            level,
            size_classes: SizeClasses::default(),
            catalogue,
            questionnaire,
            targets,
            population_year: territory.population_year,
        }),
        _ => Err(errors),
    }
}

/// Renders the new wave form, with what was typed and the errors.
async fn wave_form(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    input: &WaveInput,
    errors: &[Invalid],
) -> Result<Response, WebError> {
    let territory = state.store.territory().await?;
    let context = minijinja::context! {
        input => ser(input),
        errors => ser(&translate(state, lang, errors)),
        regions => ser(&territory.regions),
        departements => ser(&territory.departements),
    };
    render(state, lang, status, "lead/wave_new.html", Some(user), context)
}

/// `GET /vagues/nouvelle`.
pub(super) async fn new_page(s: Study) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let input = WaveInput { level: "epci".into(), ..WaveInput::default() };
    wave_form(&state, lang, &user, StatusCode::OK, &input, &[]).await
}

/// `POST /vagues`: creates the wave (in preparation) and its dates, then shows its follow-up.
pub(super) async fn create(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let input = WaveInput::from_form(&form);
    let territory = state.store.territory().await?;
    let campaign = match build_wave(&input, &territory) {
        Ok(campaign) => campaign,
        Err(errors) => return wave_form(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &input, &errors).await,
    };
    let (opens_on, closes_on) = read_dates(&input.opens_on, &input.closes_on).unwrap_or_default();
    match waves::create(&state.store, &campaign, opens_on, closes_on, &user.user.email).await {
        Ok(()) => {}
        Err(mutu_app::AppError::Store(StoreError::Conflict(_))) => {
            let errors = [Invalid::new("code", "lead-error-code-taken").arg("code", campaign.code.to_string())];
            return wave_form(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &input, &errors).await;
        }
        Err(e) => return Err(e.into()),
    }
    // The targets' neighbourhood (seconds for a national wave) is computed in the background,
    // so the opportunities page is ready when the lead gets there; that page computes it
    // itself if it is asked first.
    let (store, to) = (state.store.clone(), format!("/vagues/{}", campaign.code));
    tokio::spawn(async move {
        if let Err(e) = waves::compute_neighbourhood(&store, &campaign).await {
            tracing::warn!(wave = %campaign.code, error = %e, "voisinages de la vague non calculés");
        }
    });
    Ok(see_other(&to))
}

/// `POST /vagues/{code}/ouvrir`: respondents may answer (from preparation, or again after closing).
pub(super) async fn open(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    waves::move_to(&state.store, &wave.code, CampaignState::Open, &user.user.email).await?;
    Ok(see_other(&format!("/vagues/{}", wave.code)))
}

/// `POST /vagues/{code}/fermer`: answers are closed.
pub(super) async fn close(s: Study, wave: WavePath) -> Result<Response, WebError> {
    let Study { state, user, .. } = s;
    waves::move_to(&state.store, &wave.code, CampaignState::Closed, &user.user.email).await?;
    Ok(see_other(&format!("/vagues/{}", wave.code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_domain::territory::{Departement, Region};

    fn territory() -> Territory {
        let csv = "kind,code,name,region,departement,epci,population\n\
            region,32,Hauts-de-France,,,,\n\
            departement,59,Nord,32,,,\n\
            departement,62,Pas-de-Calais,32,,,\n\
            epci,245900410,CU de Lille,32,59,,\n\
            commune,59350,Lille,32,59,245900410,227560\n\
            epci,246200364,CA Arras,32,62,,\n\
            commune,62041,Arras,32,62,246200364,41000\n";
        let t = mutu_import::read_territory_csv("t.csv", csv.as_bytes()).unwrap();
        assert_eq!(t.regions, vec![Region { code: RegionCode::parse("32").unwrap(), name: "Hauts-de-France".into() }]);
        assert!(t.departements.contains(&Departement {
            code: DepartementCode::parse("62").unwrap(),
            name: "Pas-de-Calais".into(),
            region: RegionCode::parse("32").unwrap()
        }));
        t
    }

    fn input() -> WaveInput {
        WaveInput { code: "npdc-2025".into(), name: "Vague 2025".into(), level: "epci".into(), ..Default::default() }
    }

    fn fields(errors: &[Invalid]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_wave_draws_its_targets_from_the_chosen_area() {
        let t = territory();
        let all = build_wave(&input(), &t).unwrap();
        assert_eq!(all.targets.len(), 2);
        assert_eq!(all.questionnaire.id, "mutu-defaut");
        let one = build_wave(&WaveInput { departements: vec!["62".into()], ..input() }, &t).unwrap();
        assert_eq!(one.targets.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(), ["246200364"]);
        let communes = build_wave(&WaveInput { level: "commune".into(), ..input() }, &t).unwrap();
        assert_eq!(communes.targets.len(), 2);
    }

    #[test]
    fn each_refusal_names_its_field() {
        let t = territory();
        let bad = WaveInput {
            code: "Pas un code !".into(),
            name: String::new(),
            level: "region".into(),
            ..Default::default()
        };
        let errors = build_wave(&bad, &t).unwrap_err();
        assert_eq!(fields(&errors), ["code", "nom", "niveau-epci"]);
        let unknown = build_wave(&WaveInput { departements: vec!["75".into()], ..input() }, &t).unwrap_err();
        assert_eq!(fields(&unknown), ["regions"]);
        let toml = WaveInput { questionnaire: "id = \"x\"\nversion = \"deux\"\n".into(), ..input() };
        let errors = build_wave(&toml, &t).unwrap_err();
        assert_eq!(fields(&errors), ["questionnaire"]);
        assert!(errors[0].args.contains(&("line", "2".into())), "{errors:?}");
    }

    #[test]
    fn dates_are_days_and_the_closing_follows_the_opening() {
        assert_eq!(read_dates("", ""), Ok((None, None)));
        let days = (Some(time::macros::date!(2025 - 03 - 01)), Some(time::macros::date!(2025 - 04 - 30)));
        assert_eq!(read_dates("2025-03-01", "2025-04-30"), Ok(days));
        assert_eq!(fields(&read_dates("01/03/2025", "").unwrap_err()), ["ouverture"]);
        assert_eq!(fields(&read_dates("2025-05-01", "2025-04-30").unwrap_err()), ["cloture"]);
    }
}
