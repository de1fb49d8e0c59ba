//! The answers file and the `datapackage.json` descriptor (Frictionless Data Package v1:
//! one tabular Data Resource per CSV file, each with its Table Schema).

use super::{Field, Kind, OpenDataOptions, Resource, Value, field};
use crate::cell::Cell;
use crate::export::{ExportOptions, Layout};
use mutu_domain::analysis::Analysis;
use mutu_domain::answers::{Response, ResponseStatus};
use mutu_domain::campaign::Campaign;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// The complete answers, one row per body by code (the last response of a body is the one
/// that counts, as in the analysis), in the columns of the CSV export less the personal ones.
pub(super) fn answers(campaign: &Campaign, responses: &[Response]) -> Resource {
    let mut latest: BTreeMap<&str, &Response> = BTreeMap::new();
    for response in responses {
        latest.insert(response.respondent.as_str(), response);
    }
    let layout = Layout::new(campaign, &ExportOptions { include_personal: false });
    let fields: Vec<Field> = layout
        .headers()
        .zip(layout.descriptions())
        .map(|(name, (description, numeric))| {
            field(&name, if numeric { Kind::Number } else { Kind::String }, description)
        })
        .collect();
    let rows = latest
        .into_values()
        .filter(|r| r.status == ResponseStatus::Complete)
        .map(|r| {
            layout
                .row(r)
                .map(|cell| match cell {
                    Cell::Text(text) => Value::Text(text.into_owned()),
                    Cell::Number(n) => Value::Number(Some(n)),
                })
                .collect()
        })
        .collect();
    Resource {
        name: "reponses",
        title: "Réponses".into(),
        description: "Les réponses complètes au questionnaire, une ligne par collectivité (organisme public, \
                      identifié par son code). Les questions personnelles (nom, fonction et courriel de la \
                      personne qui a répondu) sont exclues. Choix multiples : codes séparés par « | » ; la \
                      matrice des services occupe cinq colonnes par service."
            .into(),
        fields,
        primary_key: vec!["respondent"],
        rows,
    }
}

/// The descriptor of the whole package.
pub(super) fn descriptor(
    analysis: &Analysis,
    campaign: &Campaign,
    options: &OpenDataOptions,
    resources: &[Resource],
) -> Json {
    let code = &analysis.campaign;
    let min = options.secrecy.min_count();
    json!({
        "profile": "tabular-data-package",
        "name": format!("mutu-{code}"),
        "title": format!("Mutualisation des services numériques des collectivités — {}", campaign.name),
        "description": format!(
            "Données ouvertes de la vague « {code} » de l'observatoire mutu : réponses des collectivités et chiffres \
             de l'analyse (participation, couverture, thématiques, services, types de mutualisation, acteurs, freins, \
             aides attendues, estimations pondérées par classe de taille avec leur intervalle de confiance à 95 %). Fichiers CSV en UTF-8, séparateur virgule, point décimal, taux en fractions (0.75 = 75 %). \
             Seuil de diffusion : un effectif inférieur à {min} est masqué avec son taux (cellules vides, colonne \
             masque à true). Les textes commençant par =, +, -, @ sont précédés d'une apostrophe pour qu'aucune \
             cellule ne s'exécute comme une formule dans un tableur."
        ),
        "created": crate::rfc3339(options.generated_at),
        "keywords": ["mutualisation", "services numériques", "collectivités territoriales", "EPCI", "enquête"],
        "licenses": [{
            "name": "etalab-2.0",
            "title": "Licence Ouverte / Open Licence 2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
        }],
        "sources": [{ "title": format!("Enquête mutu, vague {code} : {}", campaign.name) }],
        "resources": resources.iter().map(resource).collect::<Vec<_>>(),
    })
}

fn resource(resource: &Resource) -> Json {
    let fields: Vec<Json> = resource
        .fields
        .iter()
        .map(|f| json!({ "name": f.name, "type": f.kind.name(), "description": f.description }))
        .collect();
    json!({
        "profile": "tabular-data-resource",
        "name": resource.name,
        "path": format!("{}.csv", resource.name),
        "title": resource.title,
        "description": resource.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
        "schema": {
            "fields": fields,
            "primaryKey": resource.primary_key,
            "missingValues": [""],
        },
    })
}
