//! Reader of a wave's answers, one JSON document a line (`interfaces.md`).
//!
//! Answers come from other tools (a form exported by a partner, a former survey converted by
//! a script). Every line goes through the domain's validation against the wave's own
//! questionnaire and catalogue, and the file is taken whole or not at all, so that a wave
//! never holds answers its questionnaire would refuse.

use crate::error::ImportError;
use mutu_domain::answers::{Response, ResponseStatus, validate};
use mutu_domain::campaign::Campaign;
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// The keys a line may hold.
const KEYS: [&str; 4] = ["respondent", "status", "submitted_at", "answers"];

/// Reads answers, one JSON object a line: `{"respondent", "status", "submitted_at"?,
/// "answers"}`; blank lines are skipped, and a UTF-8 BOM is accepted.
///
/// Each line is checked: the respondent must be a target of the wave, the status `complete`
/// or `partial`, and the answers must pass [`validate`] with the wave's questionnaire and
/// catalogue (an error then names the answer's field path, `services.sig.mutualisation`).
/// The first fault refuses the whole file. When a respondent has several lines the last one
/// wins; the result holds one [`Response`] per respondent, in the order of their first line.
pub fn read_responses(source_name: &str, text: &str, campaign: &Campaign) -> Result<Vec<Response>, ImportError> {
    let file = source_name;
    let targets: HashSet<&str> = campaign.targets.iter().map(|t| t.code.as_str()).collect();
    let mut responses: Vec<Response> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, content) in text.lines().enumerate() {
        let line = index + 1;
        if content.trim().is_empty() {
            continue;
        }
        let response = read_line(file, line, content, campaign, &targets)?;
        match position.get(&response.respondent) {
            Some(&earlier) => responses[earlier] = response,
            None => {
                position.insert(response.respondent.clone(), responses.len());
                responses.push(response);
            }
        }
    }
    Ok(responses)
}

/// Reads and validates one line.
fn read_line(
    file: &str,
    line: usize,
    content: &str,
    campaign: &Campaign,
    targets: &HashSet<&str>,
) -> Result<Response, ImportError> {
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
        Some(Json::String(time)) if time.trim().is_empty() => None,
        Some(Json::String(time)) => Some(time.trim().to_owned()),
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
    let answers =
        validate(raw, status, &campaign.questionnaire, &campaign.catalogue).map_err(|e| at(&e.field, e.message))?;
    Ok(Response { respondent, status, submitted_at, answers })
}

#[cfg(test)]
#[path = "responses_tests.rs"]
mod tests;
