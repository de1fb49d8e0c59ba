//! `/offres`: the register of offers. Every logged-in user reads the table; leads add an
//! offer, remove one, or replace the register with a pasted file. Each change rewrites the
//! register whole in one transaction ([`mutu_storage::Store::replace_offers`]), so a refused
//! form leaves it exactly as it was.
//!
//! A removal names the offer by its position in the table *and* by its structure, service
//! and vehicle: when the register changed since the page was shown (another lead's import),
//! the position no longer names the same offer and nothing is removed.

use crate::extract::{Form, Posted, Query, Study};
use crate::page::{Invalid, departement_label, render, see_other, ser, translate};
use crate::session::UserSession;
use crate::{AppState, WebError};
use axum::http::StatusCode;
use axum::response::Response;
use mutu_domain::catalogue::{Catalogue, OptionList};
use mutu_domain::lifecycle::Role;
use mutu_domain::offers::{Area, Offer, OfferError};
use mutu_import::{OFFER_COLUMNS, read_offers};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the page goes back to after a change.
const PAGE: &str = "/offres";

/// The catalogue offers are checked against: the default one, whose codes are stable across
/// waves, as `mutu offers import` does.
fn catalogue() -> Catalogue {
    Catalogue::default_catalogue()
}

/// An offer as the table shows it, with what its removal form sends back.
#[derive(Debug, Serialize)]
struct OfferView {
    position: usize,
    structure: String,
    service: String,
    service_label: String,
    vehicle: String,
    vehicle_label: String,
    price_model: String,
    /// `None` for every département.
    departements: Option<Vec<String>>,
}

fn views(offers: &[Offer], catalogue: &Catalogue, names: &BTreeMap<String, String>) -> Vec<OfferView> {
    offers
        .iter()
        .enumerate()
        .map(|(position, o)| OfferView {
            position,
            structure: o.structure.clone(),
            service: o.service.to_string(),
            service_label: catalogue.label(OptionList::Services, o.service.as_str()).to_owned(),
            vehicle: o.vehicle.to_string(),
            vehicle_label: catalogue.label(OptionList::Types, o.vehicle.as_str()).to_owned(),
            price_model: o.price_model.clone(),
            departements: match &o.area {
                Area::All => None,
                Area::Departements(codes) => Some(codes.iter().map(|d| departement_label(names, d.as_str())).collect()),
            },
        })
        .collect()
}

/// A theme of the catalogue with its services: the `<optgroup>` of the service picker.
#[derive(Debug, Serialize)]
struct ThemeChoices {
    label: String,
    services: Vec<(String, String)>,
}

fn service_choices(catalogue: &Catalogue) -> Vec<ThemeChoices> {
    catalogue
        .themes
        .iter()
        .map(|theme| ThemeChoices {
            label: theme.label.clone(),
            services: catalogue
                .services
                .iter()
                .filter(|s| s.theme == theme.code)
                .map(|s| (s.code.clone(), s.label.clone()))
                .collect(),
        })
        .filter(|t| !t.services.is_empty())
        .collect()
}

/// The register in the file's form (`structure,service,vehicle,price_model,departements`),
/// to start from when replacing it.
fn as_csv(offers: &[Offer]) -> Result<String, WebError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| WebError::Internal(format!("registre en CSV : {e}"));
    writer.write_record(OFFER_COLUMNS).map_err(internal)?;
    for o in offers {
        let area = o.area.to_string();
        writer
            .write_record([
                o.structure.as_str(),
                o.service.as_str(),
                o.vehicle.as_str(),
                o.price_model.as_str(),
                area.as_str(),
            ])
            .map_err(internal)?;
    }
    let bytes = writer.into_inner().map_err(|e| WebError::Internal(format!("registre en CSV : {e}")))?;
    String::from_utf8(bytes).map_err(|e| WebError::Internal(e.to_string()))
}

/// What a refused form leaves on the page: its fields as typed, and the pasted file.
#[derive(Debug, Default, Serialize)]
struct Draft {
    structure: String,
    service: String,
    vehicle: String,
    price_model: String,
    departements: String,
    /// The pasted register, when an import was refused.
    text: Option<String>,
}

impl Draft {
    fn of_offer(form: &Form) -> Draft {
        let field = |name: &str| form.get(name).unwrap_or_default().to_owned();
        Draft {
            structure: field("structure"),
            service: field("service"),
            vehicle: field("vehicle"),
            price_model: field("price_model"),
            departements: field("departements"),
            text: None,
        }
    }
}

/// The confirmation after a change, from the redirect's query string (anything else ignored).
fn notice(state: &AppState, lang: &str, query: &Form) -> Option<String> {
    let count = query.get("n").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0).to_string();
    let key = match query.get("ok")? {
        "ajout" => "offers-added",
        "suppression" => "offers-removed",
        "import" => "offers-imported",
        _ => return None,
    };
    Some(state.templates.message(lang, key, &[("count", count)]))
}

async fn register_page(
    state: &AppState,
    lang: &str,
    user: &UserSession,
    status: StatusCode,
    invalid: &[Invalid],
    draft: Draft,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let catalogue = catalogue();
    let (offers, names) = tokio::try_join!(state.store.offers(), state.store.departement_names())?;
    let lead = user.user.role.includes(Role::Lead);
    let text = match (&draft.text, lead) {
        (Some(text), _) => Some(text.clone()),
        (None, true) if !offers.is_empty() => Some(as_csv(&offers)?),
        (None, _) => None,
    };
    let context = minijinja::context! {
        offers => ser(&views(&offers, &catalogue, &names)),
        themes => ser(&service_choices(&catalogue)),
        vehicles => ser(&catalogue.types),
        columns => OFFER_COLUMNS.join(","),
        errors => ser(&translate(state, lang, invalid)),
        draft => ser(&draft),
        text => text,
        notice => notice,
    };
    render(state, lang, status, "offers/register.html", Some(user), context)
}

/// `GET /offres` (every logged-in user).
pub(super) async fn page(s: Study, Query(query): Query) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let notice = notice(&state, lang, &query);
    register_page(&state, lang, &user, StatusCode::OK, &[], Draft::default(), notice).await
}

/// The id of the add form's input for a field of [`Offer`], as [`OfferError`] names it.
fn field_id(field: &str) -> &'static str {
    match field {
        "service" => "offre-service",
        "vehicle" => "offre-vehicle",
        "price_model" => "offre-price_model",
        "departements" => "offre-departements",
        _ => "offre-structure",
    }
}

/// An offer refused by the domain, on its field.
fn refused_offer(e: &OfferError) -> Invalid {
    Invalid::new(field_id(e.field), "offers-error-field").arg("detail", e.to_string())
}

/// Whether `offer` repeats one of `offers`: the same structure (whatever the case) offering
/// the same service by the same vehicle, which the import refuses too.
fn duplicate<'a>(offers: &'a [Offer], offer: &Offer) -> Option<&'a Offer> {
    let structure = offer.structure.to_lowercase();
    offers
        .iter()
        .find(|o| o.structure.to_lowercase() == structure && o.service == offer.service && o.vehicle == offer.vehicle)
}

/// The offer of the add form, checked as a line of the file is.
fn read_offer(form: &Form, catalogue: &Catalogue, offers: &[Offer]) -> Result<Offer, Vec<Invalid>> {
    let field = |name: &str| form.get(name).unwrap_or_default();
    // The fields first, then the area: a form left blank hears about both.
    let offer =
        Offer::new(field("structure"), field("service"), field("vehicle"), field("price_model"), Area::All, catalogue);
    let area = Area::parse(field("departements"));
    let offer = match (offer, area) {
        (Ok(offer), Ok(area)) => Offer { area, ..offer },
        (offer, area) => {
            return Err([offer.err(), area.err()].iter().flatten().map(refused_offer).collect());
        }
    };
    if let Some(existing) = duplicate(offers, &offer) {
        return Err(vec![
            Invalid::new("offre-structure", "offers-error-duplicate")
                .arg("structure", existing.structure.clone())
                .arg("service", catalogue.label(OptionList::Services, offer.service.as_str()).to_owned())
                .arg("vehicle", catalogue.label(OptionList::Types, offer.vehicle.as_str()).to_owned()),
        ]);
    }
    Ok(offer)
}

/// `POST /offres`: adds one offer at the end of the register.
pub(super) async fn add(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let catalogue = catalogue();
    let mut offers = state.store.offers().await?;
    match read_offer(&form, &catalogue, &offers) {
        Ok(offer) => {
            let detail = format!("{} / {} / {}", offer.structure, offer.service, offer.vehicle);
            offers.push(offer);
            let count = state.store.replace_offers(&offers).await?;
            state.store.audit(&user.user.email, "offers.add", &detail).await?;
            Ok(see_other(&format!("{PAGE}?ok=ajout&n={count}#registre")))
        }
        Err(invalid) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            register_page(&state, lang, &user, status, &invalid, Draft::of_offer(&form), None).await
        }
    }
}

/// The offer a removal form names, if the register still holds it at that position.
fn named<'a>(offers: &'a [Offer], form: &Form) -> Option<(usize, &'a Offer)> {
    let position = form.get("position")?.parse::<usize>().ok()?;
    let offer = offers.get(position)?;
    let same = form.get("structure") == Some(offer.structure.trim())
        && form.get("service") == Some(offer.service.as_str())
        && form.get("vehicle") == Some(offer.vehicle.as_str());
    same.then_some((position, offer))
}

/// `POST /offres/suppression`: removes the offer at `position`, if it is still the one the
/// page showed there; otherwise nothing changes and the page says why (`409`).
pub(super) async fn remove(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let mut offers = state.store.offers().await?;
    let Some((position, offer)) = named(&offers, &form) else {
        let invalid = [Invalid::new("registre", "offers-error-stale")];
        return register_page(&state, lang, &user, StatusCode::CONFLICT, &invalid, Draft::default(), None).await;
    };
    let detail = format!("{} / {} / {}", offer.structure, offer.service, offer.vehicle);
    offers.remove(position);
    let count = state.store.replace_offers(&offers).await?;
    state.store.audit(&user.user.email, "offers.remove", &detail).await?;
    Ok(see_other(&format!("{PAGE}?ok=suppression&n={count}#registre")))
}

/// `POST /offres/import`: the pasted register replaces the stored one, all or nothing.
pub(super) async fn import(s: Study, Posted(form): Posted) -> Result<Response, WebError> {
    let Study { state, user, lang } = s;
    let text = form.raw("registre");
    let source = state.templates.message(lang, "offers-pasted", &[]);
    match read_offers(&source, text.as_bytes(), &catalogue()) {
        Ok(offers) => {
            let count = state.store.replace_offers(&offers).await?;
            state.store.audit(&user.user.email, "offers.import", &count.to_string()).await?;
            Ok(see_other(&format!("{PAGE}?ok=import&n={count}#registre")))
        }
        Err(e) => {
            let invalid = [Invalid::new("offres-registre", "offers-error-import").arg("detail", e.to_string())];
            let draft = Draft { text: Some(text.to_owned()), ..Draft::default() };
            register_page(&state, lang, &user, StatusCode::UNPROCESSABLE_ENTITY, &invalid, draft, None).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::parse(form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish().as_bytes())
    }

    fn offer(structure: &str, service: &str, vehicle: &str) -> Offer {
        Offer::new(structure, service, vehicle, "Adhésion", Area::All, &catalogue()).expect("offer")
    }

    #[test]
    fn an_offer_is_read_as_a_line_of_the_file_and_duplicates_are_refused() {
        let catalogue = catalogue();
        let fields = [
            ("structure", " Mégalis Bretagne "),
            ("service", "sig"),
            ("vehicle", "syndicat"),
            ("price_model", "Cotisation par habitant"),
            ("departements", "22|29"),
        ];
        let read = read_offer(&form(&fields), &catalogue, &[]).expect("valid");
        assert_eq!((read.structure.as_str(), read.area.to_string().as_str()), ("Mégalis Bretagne", "22|29"));
        let again = read_offer(&form(&fields), &catalogue, &[offer("MÉGALIS BRETAGNE", "sig", "syndicat")]);
        assert_eq!(again.expect_err("duplicate")[0].field, "offre-structure");
        let mut bad = fields;
        bad[2] = ("vehicle", "inconnu");
        assert_eq!(read_offer(&form(&bad), &catalogue, &[]).expect_err("vehicle")[0].field, "offre-vehicle");
        bad = fields;
        bad[4] = ("departements", "");
        assert_eq!(read_offer(&form(&bad), &catalogue, &[]).expect_err("area")[0].field, "offre-departements");
    }

    #[test]
    fn a_removal_names_the_offer_still_at_its_position() {
        let offers = [offer("A", "sig", "syndicat"), offer("B", "sig", "syndicat")];
        let asked = |position: &str, structure: &str| {
            let f =
                form(&[("position", position), ("structure", structure), ("service", "sig"), ("vehicle", "syndicat")]);
            named(&offers, &f).map(|(p, o)| (p, o.structure.clone()))
        };
        assert_eq!(asked("1", "B"), Some((1, "B".to_owned())));
        assert_eq!(asked("0", "B"), None, "the page showed B there: the register changed");
        assert_eq!(asked("2", "B"), None);
        assert_eq!(asked("x", "A"), None);
    }

    #[test]
    fn the_register_reads_back_from_its_own_csv() {
        let offers = vec![
            Offer::new(
                "Syndicat, mixte",
                "sig",
                "syndicat",
                "« Gratuit »",
                Area::parse("59|62").unwrap(),
                &catalogue(),
            )
            .unwrap(),
            offer("GIP", "actes", "groupement_commandes"),
        ];
        let text = as_csv(&offers).unwrap();
        assert_eq!(read_offers("registre", text.as_bytes(), &catalogue()).unwrap(), offers);
    }
}
