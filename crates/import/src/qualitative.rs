//! Readers of the study's qualitative files: organisations and people met (`actors.csv`),
//! interviews, and coded verbatims, plus the writer of the verbatims sheet a lead fills in
//! (the same columns, so a sheet goes out and comes back). Every error names the file, the
//! line and the field; a file is taken whole or not at all.

use crate::error::ImportError;
use mutu_domain::campaign::Campaign;
use mutu_domain::qualitative::{
    BodyType, FreeText, Interview, Organisation, Person, Theme, Verbatim, VerbatimSource, check_day,
};
use std::collections::{HashMap, HashSet};

/// The seed's annex of organisations and people met (roles only, no names), as example data.
pub const EXAMPLE_ACTORS_CSV: &str = include_str!("../../../data/qualitative/actors.csv");

/// Columns of an actors file.
pub const ACTOR_COLUMNS: [&str; 7] = ["key", "organisation", "in_territory", "body_type", "name", "role", "email"];
/// Columns of an interviews file (participants: person keys separated by `;`).
pub const INTERVIEW_COLUMNS: [&str; 6] = ["code", "organisation", "date", "duration_minutes", "participants", "notes"];
/// Columns of a verbatims file (themes: codes separated by `;`).
pub const VERBATIM_COLUMNS: [&str; 6] = ["source", "interview", "respondent", "question", "quote", "themes"];

/// The organisations and people of an actors file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Actors {
    /// Organisations, in order of first appearance.
    pub organisations: Vec<Organisation>,
    /// People met (lines with a key).
    pub people: Vec<Person>,
}

/// A line of a CSV file: its number and its fields by column name.
type Line = (usize, HashMap<String, String>);

/// Rows of a CSV file as maps by column, with their line numbers; checks the header.
fn rows(file: &str, text: &str, columns: &[&str]) -> Result<Vec<Line>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> =
        reader.headers().map_err(|e| ImportError::line(file, 1, e.to_string()))?.iter().map(str::to_owned).collect();
    if let Some(missing) = columns.iter().find(|c| !header.iter().any(|h| h == *c)) {
        return Err(ImportError::at(file, 1, missing, format!("colonne absente (attendu : {})", columns.join(","))));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            ImportError::line(file, line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        out.push((line, header.iter().cloned().zip(record.iter().map(str::to_owned)).collect()));
    }
    Ok(out)
}

fn list(value: &str) -> Vec<String> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Reads an actors file: one line per person met (`key` empty for an organisation without
/// anyone listed). `in_territory` is `oui` or `non`; `body_type` a code of [`BodyType`].
pub fn read_actors(file: &str, text: &str) -> Result<Actors, ImportError> {
    let mut actors = Actors::default();
    let mut keys = HashSet::new();
    for (line, row) in rows(file, text, &ACTOR_COLUMNS)? {
        let at = |field: &str, m: String| ImportError::at(file, line, field, m);
        let name = row["organisation"].clone();
        if name.is_empty() {
            return Err(at("organisation", "obligatoire".into()));
        }
        let in_territory = match row["in_territory"].to_lowercase().as_str() {
            "oui" | "true" | "1" => true,
            "non" | "false" | "0" => false,
            other => return Err(at("in_territory", format!("« {other} » : oui ou non attendu"))),
        };
        let body_type = BodyType::parse(&row["body_type"])
            .ok_or_else(|| at("body_type", format!("type d'organisme « {} » inconnu", row["body_type"])))?;
        let organisation = Organisation { name: name.clone(), in_territory, body_type };
        match actors.organisations.iter().find(|o| o.name == name) {
            Some(earlier) if *earlier != organisation => {
                return Err(at("organisation", format!("« {name} » déjà décrite autrement plus haut")));
            }
            Some(_) => {}
            None => actors.organisations.push(organisation),
        }
        let key = row["key"].clone();
        if key.is_empty() {
            continue;
        }
        if !keys.insert(key.clone()) {
            return Err(at("key", format!("la clé {key} est en double")));
        }
        if row["role"].is_empty() {
            return Err(at("role", "la fonction est obligatoire".into()));
        }
        let email = Some(row["email"].clone()).filter(|e| !e.is_empty());
        if email.as_deref().is_some_and(|e| !e.contains('@')) {
            return Err(at("email", "courriel invalide".into()));
        }
        actors.people.push(Person {
            key,
            organisation: name,
            name: row["name"].clone(),
            role: row["role"].clone(),
            email,
        });
    }
    Ok(actors)
}

/// Reads an interviews file; organisations and participants must be among those known.
pub fn read_interviews(
    file: &str,
    text: &str,
    organisations: &HashSet<String>,
    people: &HashSet<String>,
) -> Result<Vec<Interview>, ImportError> {
    let mut out: Vec<Interview> = Vec::new();
    for (line, row) in rows(file, text, &INTERVIEW_COLUMNS)? {
        let at = |field: &str, m: String| ImportError::at(file, line, field, m);
        let code = row["code"].clone();
        if code.is_empty() || out.iter().any(|i| i.code == code) {
            return Err(at("code", format!("code « {code} » vide ou en double")));
        }
        if !organisations.contains(&row["organisation"]) {
            return Err(at(
                "organisation",
                format!("« {} » inconnue (importez d'abord les acteurs)", row["organisation"]),
            ));
        }
        check_day(&row["date"]).map_err(|e| at("date", e.0))?;
        let duration_minutes = row["duration_minutes"].parse::<u32>().map_err(|_| {
            at("duration_minutes", format!("« {} » n'est pas un nombre de minutes", row["duration_minutes"]))
        })?;
        let participants = list(&row["participants"]);
        if let Some(unknown) = participants.iter().find(|p| !people.contains(*p)) {
            return Err(at("participants", format!("personne « {unknown} » inconnue")));
        }
        out.push(Interview {
            code,
            organisation: row["organisation"].clone(),
            date: row["date"].clone(),
            duration_minutes,
            participants,
            notes: row["notes"].clone(),
        });
    }
    Ok(out)
}

/// Reads a verbatims file for a wave. `source` is `entretien` (with `interview`) or
/// `reponse` (with `respondent` and `question`, a target and a question of the wave). Lines
/// without themes are not coded yet: they are skipped and counted.
pub fn read_verbatims(
    file: &str,
    text: &str,
    campaign: &Campaign,
    themes: &[Theme],
    interviews: &HashSet<String>,
) -> Result<(Vec<Verbatim>, usize), ImportError> {
    let targets = campaign.target_index();
    let (mut out, mut skipped) = (Vec::new(), 0);
    for (line, row) in rows(file, text, &VERBATIM_COLUMNS)? {
        let at = |field: &str, m: String| ImportError::at(file, line, field, m);
        let coded = list(&row["themes"]);
        if coded.is_empty() {
            skipped += 1;
            continue;
        }
        if let Some(unknown) = coded.iter().find(|c| !themes.iter().any(|t| &t.code == *c)) {
            let known: Vec<&str> = themes.iter().map(|t| t.code.as_str()).collect();
            return Err(at("themes", format!("thème « {unknown} » inconnu (attendu : {})", known.join(", "))));
        }
        if row["quote"].is_empty() {
            return Err(at("quote", "la citation est vide".into()));
        }
        let source = match row["source"].as_str() {
            "entretien" if interviews.contains(&row["interview"]) => {
                VerbatimSource::Interview { code: row["interview"].clone() }
            }
            "entretien" => return Err(at("interview", format!("entretien « {} » inconnu", row["interview"]))),
            "reponse" if !targets.contains_key(row["respondent"].as_str()) => {
                return Err(at("respondent", format!("« {} » n'est pas une cible de la vague", row["respondent"])));
            }
            "reponse" if campaign.questionnaire.question(&row["question"]).is_none() => {
                return Err(at("question", format!("question « {} » absente du questionnaire", row["question"])));
            }
            "reponse" => {
                VerbatimSource::Answer { respondent: row["respondent"].clone(), question: row["question"].clone() }
            }
            other => return Err(at("source", format!("« {other} » : entretien ou reponse attendu"))),
        };
        out.push(Verbatim { source, quote: row["quote"].clone(), themes: coded });
    }
    Ok((out, skipped))
}

/// The sheet of free texts to code: the verbatims file's columns, `themes` left empty.
pub fn write_coding_sheet(texts: &[FreeText]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(VERBATIM_COLUMNS)?;
    for t in texts {
        writer.write_record(["reponse", "", &t.respondent, &t.question, &t.text, ""])?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests;
