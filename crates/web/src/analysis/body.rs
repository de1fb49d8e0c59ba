//! Each body's own page: its answers next to the figures of its size class and of its
//! département, as a reason to answer next year. The respondent sees it after submitting
//! (`GET /reponse/comparaison`, small counts suppressed as on the public pages: the figures
//! of the others are not theirs to see in detail); a lead sees it for any target
//! (`GET /vagues/{code}/cibles/{respondent}`).
//!
//! The comparison figures are two analyses, one filtered on the body's size class, one on
//! its main département, and the body's profile by theme beside the median of its size class
//! ([`super::profile`]); nothing is counted here.

use crate::extract::{Lang, Study, TargetPath, WavePath, format_in};
use crate::page::{render, see_other, ser};
use crate::session::RespondentSession;
use crate::{AppState, WebError};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::analysis::{Analysis, CountItem, Filters, Secrecy};
use mutu_domain::answers::{Answer, Response as Answered, ResponseStatus, ServiceStatus};
use mutu_domain::catalogue::OptionList;
use mutu_domain::codes::CampaignCode;
use mutu_render::Format;
use serde::Serialize;

/// A rate and the count behind it: `60 % (6/10)`; `–` when undefined or masked.
fn share(count: u64, of: u64, rate: Option<f64>, fmt: &Format) -> String {
    match rate {
        Some(_) => format!("{} ({}/{})", fmt.percent(rate), fmt.thousands(count), fmt.thousands(of)),
        None => fmt.percent(None),
    }
}

/// One service: the body's status and the deployment rate around it.
#[derive(Debug, Serialize)]
struct ServiceLine {
    label: String,
    status: &'static str,
    class: String,
    departement: String,
}

/// A theme of the catalogue and its services.
#[derive(Debug, Serialize)]
struct ThemeBlock {
    label: String,
    services: Vec<ServiceLine>,
}

/// One option of a choice question (themes, obstacles): chosen or not, and how often
/// around it.
#[derive(Debug, Serialize)]
struct ChoiceLine {
    label: String,
    chosen: bool,
    class: String,
    departement: String,
}

fn status_code(status: Option<ServiceStatus>) -> &'static str {
    match status {
        Some(ServiceStatus::Deployed) => "deployed",
        Some(ServiceStatus::Studied) => "studied",
        Some(ServiceStatus::None) => "none",
        None => "unanswered",
    }
}

/// A service the body needs and the neighbours, by name, that already pool it.
#[derive(Debug, Serialize)]
struct NeighbourLine {
    service: String,
    neighbours: Vec<String>,
}

/// The page's figures for `respondent` of `wave`, and whether its answer is submitted;
/// `public` suppresses small counts. The two analyses around the body come from the
/// server's cache of the wave; its own answer is read alone.
async fn context(
    state: &AppState,
    code: &CampaignCode,
    respondent: &str,
    public: bool,
    fmt: &Format,
) -> Result<(minijinja::Value, bool), WebError> {
    let (snapshot, meta, own, names) = tokio::try_join!(
        async { Ok::<_, WebError>(state.waves.wave(&state.store, code).await?) },
        async { Ok(state.store.campaign_meta(code).await?) },
        async { Ok(state.store.response(code, respondent).await?) },
        async { Ok(state.store.departement_names().await?) },
    )?;
    let campaign = &snapshot.campaign;
    let secrecy = if public { Secrecy::PUBLIC } else { Secrecy::NONE };
    let target = campaign.targets.iter().find(|t| t.code == respondent).ok_or(WebError::NotFound)?;
    let class = campaign.size_classes.class_of(target.population);
    let of_class = Filters { size_classes: vec![class.code.clone()], ..Filters::default() };
    let of_departement = Filters { departements: vec![target.departement.clone()], ..Filters::default() };
    let (by_class, by_dep) = tokio::join!(snapshot.analysis(&of_class), snapshot.analysis(&of_departement));
    let profile = super::profile::profile_view(&snapshot, respondent, secrecy).await?;
    let target_names = campaign.target_index();
    let neighbours: Vec<NeighbourLine> = snapshot
        .pooling_neighbours(&state.store, respondent)
        .await?
        .into_iter()
        .map(|p| NeighbourLine {
            service: campaign.catalogue.label(OptionList::Services, &p.service).to_owned(),
            neighbours: p
                .neighbours
                .iter()
                .map(|c| target_names.get(c.as_str()).map_or_else(|| c.clone(), |t| t.name.clone()))
                .collect(),
        })
        .collect();
    // The working groups of this body only (the respondent's page is its own body's).
    let groups = crate::groups::of_body(&state.store, campaign, respondent).await?;
    let (by_class, by_dep): (Analysis, Analysis) = (secrecy.mask_rates(&by_class), secrecy.mask_rates(&by_dep));
    let response: Option<&Answered> = own.as_ref().map(|stored| &stored.response);
    let answer = |list: OptionList| {
        let id = campaign.questionnaire.question_for(list).map(|q| q.id.as_str())?;
        response.and_then(|r| r.answers.get(id))
    };
    let matrix = match answer(OptionList::Services) {
        Some(Answer::Matrix(m)) => Some(m),
        _ => None,
    };
    let (class_n, dep_n) = (by_class.participation.total.respondents, by_dep.participation.total.respondents);
    let service_rate = |a: &Analysis, n: u64, code: &str| {
        a.services
            .iter()
            .find(|s| s.service == code)
            .map_or_else(|| fmt.percent(None), |s| share(s.deployed, n, s.deployment_rate, fmt))
    };
    let themes: Vec<ThemeBlock> = campaign
        .catalogue
        .themes
        .iter()
        .map(|theme| ThemeBlock {
            label: theme.label.clone(),
            services: campaign
                .catalogue
                .services
                .iter()
                .filter(|s| s.theme == theme.code)
                .map(|s| ServiceLine {
                    label: s.label.clone(),
                    status: status_code(matrix.and_then(|m| m.get(&s.code)).map(|a| a.status)),
                    class: service_rate(&by_class, class_n, &s.code),
                    departement: service_rate(&by_dep, dep_n, &s.code),
                })
                .collect(),
        })
        .filter(|t| !t.services.is_empty())
        .collect();
    let choices = |list: OptionList, of: fn(&Analysis) -> &Vec<CountItem>| -> Vec<ChoiceLine> {
        let chosen: &[String] = match answer(list) {
            Some(Answer::Choices(codes)) => codes,
            _ => &[],
        };
        let rate = |a: &Analysis, n: u64, code: &str| {
            of(a).iter().find(|i| i.code == code).map_or_else(|| fmt.percent(None), |i| share(i.count, n, i.rate, fmt))
        };
        campaign
            .catalogue
            .codes(list)
            .into_iter()
            .map(|code| ChoiceLine {
                label: campaign.catalogue.label(list, code).to_owned(),
                chosen: chosen.iter().any(|c| c == code),
                class: rate(&by_class, class_n, code),
                departement: rate(&by_dep, dep_n, code),
            })
            .collect()
    };
    let submitted = response.is_some_and(|r| r.status == ResponseStatus::Complete);
    let context = minijinja::context! {
        wave => ser(&meta),
        target => minijinja::context! { code => target.code.clone(), name => target.name.clone() },
        submitted => submitted,
        class_label => class.label.clone(),
        departement_label => names.get(target.departement.as_str()).map_or_else(
            || target.departement.to_string(),
            |n| format!("{n} ({})", target.departement)
        ),
        class_respondents => class_n,
        departement_respondents => dep_n,
        themes => ser(&themes),
        theme_choices => ser(&choices(OptionList::Themes, |a| &a.themes)),
        obstacles => ser(&choices(OptionList::Obstacles, |a| &a.obstacles)),
        profile => profile,
        neighbours => ser(&neighbours),
        groups => ser(&groups),
        public => public,
    };
    Ok((context, submitted))
}

/// `GET /vagues/{code}/cibles/{respondent}`: any target, for leads and viewers.
pub(super) async fn lead_page(
    s: Study,
    wave: WavePath,
    TargetPath(respondent): TargetPath,
) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let (context, _) = context(&state, &wave.code, &respondent, false, &format_in(lang)).await?;
    render(&state, lang, StatusCode::OK, "analysis/body.html", Some(&user), context)
}

/// `GET /reponse/comparaison`: the respondent's own page, once its answer is submitted.
pub(super) async fn respondent_page(
    State(state): State<AppState>,
    own: RespondentSession,
    Lang(lang): Lang,
) -> Result<Response, WebError> {
    let (context, submitted) = context(&state, &own.campaign, &own.respondent, true, &format_in(lang)).await?;
    if !submitted {
        return Ok(see_other("/reponse"));
    }
    render(&state, lang, StatusCode::OK, "analysis/body.html", None, context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_with_their_counts() {
        assert_eq!(share(6, 10, Some(0.6), &Format::FR), "60 % (6/10)");
        assert_eq!(share(1, 10, None, &Format::FR), "–");
        assert_eq!(status_code(Some(ServiceStatus::Studied)), "studied");
        assert_eq!(status_code(None), "unanswered");
    }
}
