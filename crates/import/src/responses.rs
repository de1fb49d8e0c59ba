//! Reader of a wave's answers, one JSON document a line (`interfaces.md`).
//!
//! Answers come from other tools (a form exported by a partner, a former survey converted by
//! a script). Every line goes through the domain's validation against the wave's own
//! questionnaire and catalogue, and the file is taken whole or not at all, so that a wave
//! never holds answers its questionnaire would refuse.

use crate::error::ImportError;
use mutu_domain::answers::{Required, Response, ResponseStatus, check};
use mutu_domain::campaign::Campaign;
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Answers read from a file, and how many complete ones leave each required question blank.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedResponses {
    /// One response per respondent, in the order of their first line.
    pub responses: Vec<Response>,
    /// Question id → complete answers taken without it (under [`Required::Reported`]).
    pub missing_required: BTreeMap<String, usize>,
}

/// The keys a line may hold.
const KEYS: [&str; 4] = ["respondent", "status", "submitted_at", "answers"];

/// Reads answers, one JSON object a line: `{"respondent", "status", "submitted_at"?,
/// "answers"}`; blank lines are skipped, and a UTF-8 BOM is accepted.
///
/// Each line is checked: the respondent must be a target of the wave, the status `complete`
/// or `partial`, and the answers must pass the domain's [`check`] with the wave's
/// questionnaire and catalogue (an error then names the answer's field path,
/// `services.sig.mutualisation`). The first fault refuses the whole file. When a respondent
/// has several lines the last one wins.
///
/// Answers collected elsewhere (paper, another tool, an earlier year) are what import is
/// for: with [`Required::Reported`] a complete answer that leaves a required question blank
/// is taken and counted in [`ImportedResponses::missing_required`]; with
/// [`Required::Enforced`] (`--strict`) it refuses the file at its line, as a submit would.
pub fn read_responses(
    source_name: &str,
    text: &str,
    campaign: &Campaign,
    required: Required,
) -> Result<ImportedResponses, ImportError> {
    let file = source_name;
    let targets: HashSet<&str> = campaign.targets.iter().map(|t| t.code.as_str()).collect();
    let mut responses: Vec<(Response, Vec<String>)> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, content) in text.lines().enumerate() {
        let line = index + 1;
        if content.trim().is_empty() {
            continue;
        }
        let read = read_line(file, line, content, campaign, &targets, required)?;
        match position.get(&read.0.respondent) {
            Some(&earlier) => responses[earlier] = read,
            None => {
                position.insert(read.0.respondent.clone(), responses.len());
                responses.push(read);
            }
        }
    }
    let mut missing_required: BTreeMap<String, usize> = BTreeMap::new();
    for question in responses.iter().flat_map(|(_, missing)| missing) {
        *missing_required.entry(question.clone()).or_default() += 1;
    }
    Ok(ImportedResponses { responses: responses.into_iter().map(|(r, _)| r).collect(), missing_required })
}

/// Reads and validates one line: the response and the required questions it leaves blank.
fn read_line(
    file: &str,
    line: usize,
    content: &str,
    campaign: &Campaign,
    targets: &HashSet<&str>,
    required: Required,
) -> Result<(Response, Vec<String>), ImportError> {
    let at = |field: &str, message: String| ImportError::at(file, line, field, message);
    let document: Json = serde_json::from_str(content).map_err(|e| {
        let detail = e.to_string();
        let detail = detail.split(" at line ").next().unwrap_or(&detail).to_owned();
        ImportError::line(file, line, format!("JSON invalide (colonne {}) : {detail}", e.column()))
    })?;
    let Json::Object(document) = document else {
        return Err(ImportError::line(file, line, "un objet JSON est attendu sur chaque ligne"));
    };
    if let Some(key) = document.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(at(key, format!("champ inconnu (attendu : {})", KEYS.join(", "))));
    }
    let respondent = match document.get("respondent") {
        Some(Json::String(code)) if !code.trim().is_empty() => code.trim().to_owned(),
        Some(Json::String(_)) | None | Some(Json::Null) => {
            return Err(at("respondent", "code du répondant manquant".into()));
        }
        Some(other) => {
            return Err(at("respondent", format!("{other} : le code doit être une chaîne")));
        }
    };
    if !targets.contains(respondent.as_str()) {
        return Err(at("respondent", format!("« {respondent} » n'est pas une cible de la vague {}", campaign.code)));
    }
    let status = match document.get("status") {
        Some(Json::String(code)) => ResponseStatus::parse(code)
            .ok_or_else(|| at("status", format!("« {code} » inconnu (attendu : complete ou partial)")))?,
        None | Some(Json::Null) => {
            return Err(at("status", "statut manquant (complete ou partial)".into()));
        }
        Some(other) => {
            return Err(at("status", format!("{other} inconnu (attendu : complete ou partial)")));
        }
    };
    let submitted_at = match document.get("submitted_at") {
        None | Some(Json::Null) => None,
        Some(Json::String(moment)) if moment.trim().is_empty() => None,
        Some(Json::String(moment)) => Some(
            time::OffsetDateTime::parse(moment.trim(), &time::format_description::well_known::Rfc3339)
                .map_err(|_| at("submitted_at", format!("« {moment} » : une date RFC 3339 est attendue")))?,
        ),
        Some(other) => {
            return Err(at("submitted_at", format!("{other} : une date RFC 3339 est attendue")));
        }
    };
    let empty = Map::new();
    let raw = match document.get("answers") {
        Some(Json::Object(raw)) => raw,
        None | Some(Json::Null) => &empty,
        Some(other) => return Err(at("answers", format!("{other} : un objet est attendu"))),
    };
    let checked = check(raw, status, &campaign.questionnaire, &campaign.catalogue, required)
        .map_err(|e| at(&e.field, e.problem.to_string()))?;
    Ok((Response { respondent, status, submitted_at, answers: checked.answers }, checked.missing_required))
}

#[cfg(test)]
mod tests;
