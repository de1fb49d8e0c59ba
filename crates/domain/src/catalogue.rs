//! The catalogue: themes, services and the option lists the questionnaire draws from.
//!
//! Codes are stable across waves; labels are what respondents read. A wave stores the
//! catalogue it ran with, so a later edit never rewrites earlier figures.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The default catalogue, rebuilt from the seed (11 themes, 46 services…).
pub const DEFAULT_CATALOGUE_CSV: &str = include_str!("../data/catalogue.csv");

/// A coded option with its French label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable code.
    pub code: String,
    /// Label shown to people.
    pub label: String,
}

/// A service, use or technical means, and the theme it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Stable code.
    pub code: String,
    /// Code of its theme.
    pub theme: String,
    /// Label shown to people.
    pub label: String,
    /// Codes this service had in earlier catalogues, so waves stay comparable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<String>,
}

/// The option lists a questionnaire can draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionList {
    /// Themes.
    Themes,
    /// Services.
    Services,
    /// Pooling types.
    Types,
    /// Actors taking part in pooling.
    Actors,
    /// Obstacles.
    Obstacles,
    /// Kinds of expected support.
    Support,
}

/// A whole catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Themes, in display order.
    pub themes: Vec<Item>,
    /// Services, in catalogue order.
    pub services: Vec<Service>,
    /// Pooling types.
    pub types: Vec<Item>,
    /// Actors.
    pub actors: Vec<Item>,
    /// Obstacles.
    pub obstacles: Vec<Item>,
    /// Kinds of expected support.
    pub support: Vec<Item>,
}

/// A catalogue file that cannot be used, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("catalogue, ligne {line} : {message}")]
pub struct CatalogueError {
    /// Line number in the file (1 is the header).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
struct Row {
    kind: String,
    code: String,
    #[serde(default)]
    theme: String,
    label: String,
    #[serde(default)]
    previous: String,
}

impl Catalogue {
    /// Reads a catalogue CSV (`kind,code,theme,label[,previous]`).
    pub fn from_csv(text: &str) -> Result<Self, CatalogueError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let mut catalogue = Catalogue {
            themes: vec![],
            services: vec![],
            types: vec![],
            actors: vec![],
            obstacles: vec![],
            support: vec![],
        };
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let headers = reader.headers().map_err(|e| CatalogueError { line: 1, message: e.to_string() })?.clone();
        for record in reader.records() {
            let record = record.map_err(|e| CatalogueError {
                line: e.position().map_or(0, |p| line_of(text, p.byte())),
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| line_of(text, p.byte()));
            let fail = |message: String| CatalogueError { line, message };
            let row: Row = record.deserialize(Some(&headers)).map_err(|e| fail(e.to_string()))?;
            if !valid_code(&row.code) {
                return Err(fail(format!("code « {} » invalide (a-z, 0-9, _)", row.code)));
            }
            if row.label.is_empty() {
                return Err(fail(format!("libellé vide pour « {} »", row.code)));
            }
            if !seen.insert((row.kind.clone(), row.code.clone())) {
                return Err(fail(format!("{} « {} » en double", row.kind, row.code)));
            }
            let item = Item { code: row.code.clone(), label: row.label.clone() };
            match row.kind.as_str() {
                "theme" => catalogue.themes.push(item),
                "service" => {
                    if !catalogue.themes.iter().any(|t| t.code == row.theme) {
                        return Err(fail(format!("thème « {} » inconnu pour le service « {} »", row.theme, row.code)));
                    }
                    catalogue.services.push(Service {
                        code: row.code,
                        theme: row.theme,
                        label: row.label,
                        previous: row.previous.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                    });
                }
                "type" => catalogue.types.push(item),
                "actor" => catalogue.actors.push(item),
                "obstacle" => catalogue.obstacles.push(item),
                "support" => catalogue.support.push(item),
                other => return Err(fail(format!("type de ligne « {other} » inconnu"))),
            }
        }
        Ok(catalogue)
    }

    /// The default catalogue shipped with mutu.
    pub fn default_catalogue() -> Self {
        Self::from_csv(DEFAULT_CATALOGUE_CSV).expect("the bundled catalogue is valid")
    }

    /// The codes of one option list, in catalogue order.
    pub fn codes(&self, list: OptionList) -> Vec<&str> {
        match list {
            OptionList::Services => self.services.iter().map(|s| s.code.as_str()).collect(),
            other => self.items(other).iter().map(|i| i.code.as_str()).collect(),
        }
    }

    /// The label of a code in a list, or the code itself when unknown.
    pub fn label<'a>(&'a self, list: OptionList, code: &'a str) -> &'a str {
        match list {
            OptionList::Services => self.services.iter().find(|s| s.code == code).map(|s| s.label.as_str()),
            other => self.items(other).iter().find(|i| i.code == code).map(|i| i.label.as_str()),
        }
        .unwrap_or(code)
    }

    fn items(&self, list: OptionList) -> &[Item] {
        match list {
            OptionList::Themes => &self.themes,
            OptionList::Types => &self.types,
            OptionList::Actors => &self.actors,
            OptionList::Obstacles => &self.obstacles,
            OptionList::Support => &self.support,
            OptionList::Services => &[],
        }
    }
}

/// The 1-based line of a record starting at byte `offset`. The csv crate's own line count
/// lags one behind on CRLF files (BurntSushi/rust-csv#395): there the record's offset is the
/// `\n` ending the line before.
fn line_of(text: &str, offset: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    if bytes.get(end) == Some(&b'\n') {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_catalogue_has_the_seed_counts() {
        let c = Catalogue::default_catalogue();
        assert_eq!(
            (c.themes.len(), c.services.len(), c.types.len(), c.actors.len(), c.obstacles.len(), c.support.len()),
            (11, 46, 12, 6, 13, 7)
        );
        assert_eq!(c.label(OptionList::Actors, "etat"), "État");
    }

    #[test]
    fn errors_name_the_line() {
        let err = Catalogue::from_csv("kind,code,theme,label\ntheme,a,,A\nservice,s,zz,S\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("zz"), "{err}");
        let err = Catalogue::from_csv("kind,code,theme,label\ntheme,a,,A\ntheme,a,,B\n").unwrap_err();
        assert_eq!(err.to_string(), "catalogue, ligne 3 : theme « a » en double");
        let crlf = "kind,code,theme,label\r\ntheme,a,,A\r\ntheme,b,,B\r\nservice,s,zz,S\r\n";
        assert_eq!(Catalogue::from_csv(crlf).unwrap_err().line, 4);
    }
}
