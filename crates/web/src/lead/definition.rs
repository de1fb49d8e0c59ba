//! Editing a wave's definition before it opens: its catalogue (CSV) and questionnaire (TOML),
//! versioned so every answer can be traced to the exact questionnaire it was given; and its
//! announced dates, which may change at any time (a deadline is often extended).

use super::waves::read_dates;
use crate::extract::{Posted, Query, Study, WavePath};
use crate::page::{Invalid, render, see_other, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::questionnaire::Questionnaire;
use mutu_storage::CampaignMeta;

/// The catalogue as the CSV [`Catalogue::from_csv`] reads (`kind,code,theme,label,previous`).
pub(super) fn catalogue_csv(catalogue: &Catalogue) -> Result<String, WebError> {
    let mut out = csv::Writer::from_writer(vec![]);
    let fail = |e: csv::Error| WebError::Internal(format!("catalogue CSV : {e}"));
    out.write_record(["kind", "code", "theme", "label", "previous"]).map_err(fail)?;
    for item in &catalogue.themes {
        out.write_record(["theme", &item.code, "", &item.label, ""]).map_err(fail)?;
    }
    for s in &catalogue.services {
        out.write_record(["service", &s.code, &s.theme, &s.label, &s.previous.join("|")]).map_err(fail)?;
    }
    let lists = [
        ("type", &catalogue.types),
        ("actor", &catalogue.actors),
        ("obstacle", &catalogue.obstacles),
        ("support", &catalogue.support),
    ];
    for (kind, items) in lists {
        for item in items {
            out.write_record([kind, &item.code, "", &item.label, ""]).map_err(fail)?;
        }
    }
    let bytes = out.into_inner().map_err(|e| WebError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| WebError::Internal(e.to_string()))
}

/// The questionnaire as TOML that [`Questionnaire::from_toml`] reads back.
pub(super) fn questionnaire_toml(questionnaire: &Questionnaire) -> Result<String, WebError> {
    toml::to_string_pretty(questionnaire).map_err(|e| WebError::Internal(format!("questionnaire TOML : {e}")))
}

/// Reads an edited definition against the current one: the new catalogue and questionnaire,
/// the questionnaire's version raised past the current one whenever anything changed.
/// `None` when nothing changed.
pub(super) fn revise(
    current: &Campaign,
    catalogue_text: &str,
    questionnaire_text: &str,
) -> Result<Option<(Catalogue, Questionnaire)>, Vec<Invalid>> {
    let catalogue = Catalogue::from_csv(catalogue_text).map_err(|e| {
        vec![Invalid::new("catalogue", "lead-error-csv").arg("line", e.line.to_string()).arg("detail", e.message)]
    })?;
    let mut questionnaire = Questionnaire::from_toml(questionnaire_text, &catalogue).map_err(|e| {
        vec![Invalid::new("questionnaire", "lead-error-toml").arg("line", e.line.to_string()).arg("detail", e.message)]
    })?;
    let unchanged = catalogue == current.catalogue
        && Questionnaire { version: current.questionnaire.version, ..questionnaire.clone() } == current.questionnaire;
    if unchanged {
        return Ok(None);
    }
    // A version typed as the largest number could not be raised: refused, never wrapped to 0.
    let next = current.questionnaire.version.checked_add(1).ok_or_else(|| {
        vec![
            Invalid::new("questionnaire", "lead-error-toml")
                .arg("line", "1")
                .arg("detail", format!("la version {} ne peut plus être relevée", current.questionnaire.version)),
        ]
    })?;
    questionnaire.version = questionnaire.version.max(next);
    Ok(Some((catalogue, questionnaire)))
}

/// What the definition page shows besides the wave.
struct Shown<'a> {
    catalogue: &'a str,
    questionnaire: &'a str,
    opens_on: &'a str,
    closes_on: &'a str,
    errors: &'a [Invalid],
    saved: bool,
}

/// The announced days as the form's fields hold them (`YYYY-MM-DD`, empty when unset).
fn days(meta: &CampaignMeta) -> (String, String) {
    let text = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    (text(meta.opens_on), text(meta.closes_on))
}

async fn definition_form(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    meta: &CampaignMeta,
    version: u32,
    shown: Shown<'_>,
) -> Result<Response, WebError> {
    let context = minijinja::context! {
        wave => ser(meta),
        editable => meta.state.definition_editable(),
        version => version,
        catalogue => shown.catalogue,
        questionnaire => shown.questionnaire,
        opens_on => shown.opens_on,
        closes_on => shown.closes_on,
        errors => ser(&translate(state, lang, shown.errors)),
        saved => shown.saved,
    };
    render(state, lang, status, "lead/definition.html", Some(user), context)
}

/// `GET /vagues/{code}/questionnaire`.
pub(super) async fn page(s: Study, wave: WavePath, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let campaign = state.store.campaign(&wave.code).await?;
    let (opens_on, closes_on) = days(&wave.meta);
    let shown = Shown {
        catalogue: &catalogue_csv(&campaign.catalogue)?,
        questionnaire: &questionnaire_toml(&campaign.questionnaire)?,
        opens_on: &opens_on,
        closes_on: &closes_on,
        errors: &[],
        saved: query.get("enregistre").is_some(),
    };
    let version = campaign.questionnaire.version;
    definition_form(&state, lang, &user, StatusCode::OK, &wave.meta, version, shown).await
}

/// `POST /vagues/{code}/questionnaire`: replaces the definition of a wave in preparation.
pub(super) async fn update(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (code, meta) = (&wave.code, &wave.meta);
    let campaign = state.store.campaign(code).await?;
    if !meta.state.definition_editable() {
        return Err(WebError::Conflict(format!(
            "La vague {code} est {} : sa définition est figée.",
            meta.state.label()
        )));
    }
    let (catalogue_text, questionnaire_text) = (form.raw("catalogue"), form.raw("questionnaire"));
    match revise(&campaign, catalogue_text, questionnaire_text) {
        Ok(Some((catalogue, questionnaire))) => {
            state.store.update_campaign_definition(code, &catalogue, &questionnaire).await?;
            let action = format!("campaign.definition.v{}", questionnaire.version);
            state.store.audit(&user.user.email, &action, code.as_str()).await?;
            Ok(see_other(&format!("/vagues/{code}/questionnaire?enregistre=1")))
        }
        Ok(None) => Ok(see_other(&format!("/vagues/{code}/questionnaire"))),
        Err(errors) => {
            let (opens_on, closes_on) = days(meta);
            let shown = Shown {
                catalogue: catalogue_text,
                questionnaire: questionnaire_text,
                opens_on: &opens_on,
                closes_on: &closes_on,
                errors: &errors,
                saved: false,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            definition_form(&state, lang, &user, status, meta, campaign.questionnaire.version, shown).await
        }
    }
}

/// `POST /vagues/{code}/dates`: the announced opening and closing days, in any state.
pub(super) async fn set_dates(s: Study, wave: WavePath, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let code = &wave.code;
    let (opens_text, closes_text) =
        (form.get("ouverture").unwrap_or_default(), form.get("cloture").unwrap_or_default());
    match read_dates(opens_text, closes_text) {
        Ok((opens_on, closes_on)) => {
            state.store.set_campaign_dates(code, opens_on, closes_on).await?;
            state.store.audit(&user.user.email, "campaign.dates", code.as_str()).await?;
            Ok(see_other(&format!("/vagues/{code}/questionnaire?enregistre=1")))
        }
        Err(errors) => {
            let campaign = state.store.campaign(code).await?;
            let shown = Shown {
                catalogue: &catalogue_csv(&campaign.catalogue)?,
                questionnaire: &questionnaire_toml(&campaign.questionnaire)?,
                opens_on: opens_text,
                closes_on: closes_text,
                errors: &errors,
                saved: false,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            definition_form(&state, lang, &user, status, &wave.meta, campaign.questionnaire.version, shown).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use mutu_domain::testing::WaveBuilder;

    fn campaign() -> Campaign {
        WaveBuilder::new("x-2025").name("X").build()
    }

    #[test]
    fn the_definition_round_trips_through_its_texts() {
        let c = campaign();
        let csv = catalogue_csv(&c.catalogue).unwrap();
        let toml = questionnaire_toml(&c.questionnaire).unwrap();
        assert_eq!(Catalogue::from_csv(&csv).unwrap(), c.catalogue);
        assert_eq!(Questionnaire::from_toml(&toml, &c.catalogue).unwrap(), c.questionnaire);
        assert_eq!(revise(&c, &csv, &toml), Ok(None), "nothing changed, no new version");
    }

    #[test]
    fn an_edit_raises_the_version() {
        let c = campaign();
        let csv = catalogue_csv(&c.catalogue).unwrap().replace("Site internet institutionnel", "Site internet");
        let toml = questionnaire_toml(&c.questionnaire).unwrap();
        let (catalogue, questionnaire) = revise(&c, &csv, &toml).unwrap().unwrap();
        assert_eq!(catalogue.services[0].label, "Site internet");
        assert_eq!(questionnaire.version, c.questionnaire.version + 1);
    }

    #[test]
    fn the_largest_version_is_refused_rather_than_wrapped() {
        let mut c = campaign();
        c.questionnaire.version = u32::MAX;
        let csv = catalogue_csv(&c.catalogue).unwrap().replace("Site internet institutionnel", "Site internet");
        let toml = questionnaire_toml(&c.questionnaire).unwrap();
        let refused = revise(&c, &csv, &toml).unwrap_err();
        assert_eq!(refused[0].field, "questionnaire");
    }

    #[test]
    fn errors_name_the_text_and_its_line() {
        let c = campaign();
        let csv = catalogue_csv(&c.catalogue).unwrap();
        let toml = questionnaire_toml(&c.questionnaire).unwrap();
        let bad_csv = format!("{csv}service,Mauvais Code,administration,X,\n");
        let errors = revise(&c, &bad_csv, &toml).unwrap_err();
        assert_eq!(errors[0].field, "catalogue");
        let lines = csv.lines().count() + 1;
        assert!(errors[0].args.contains(&("line", lines.to_string())), "{errors:?}");
        let errors = revise(&c, &csv, "id = \"x\"\nversion = 1\ntitle = 3\n").unwrap_err();
        assert_eq!(errors[0].field, "questionnaire");
        assert!(errors[0].args.contains(&("line", "3".into())), "{errors:?}");
    }
}
