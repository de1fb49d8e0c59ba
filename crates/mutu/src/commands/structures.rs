//! `mutu structures list`: the benchmark of pooling structures with their MOOF, as JSON or
//! as a side-by-side comparison table.

use super::Format;
use clap::Subcommand;
use mutu_domain::catalogue::Catalogue;
use mutu_domain::qualitative::{MoofItem, PoolingStructure, default_structures};

/// `mutu structures …`
#[derive(Debug, Subcommand)]
pub enum StructuresCommand {
    /// Les six structures de mutualisation de l'étude : forme juridique, création, territoire,
    /// membres, services (codes du catalogue), gouvernance, modèle économique, MOOF, sources.
    List {
        /// Format de sortie (text : tableau comparatif).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Width of a column of the comparison table.
const WIDTH: usize = 24;

/// Cuts a text into lines of at most `WIDTH` characters, at spaces.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WIDTH => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn moof(items: &[MoofItem]) -> String {
    items
        .iter()
        .map(|i| format!("• {}{}", i.text, if i.judgement { " (avis)" } else { "" }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row of the comparison table: what a structure shows in it.
type Field = fn(&PoolingStructure, &Catalogue) -> String;

/// The comparison table: one row per field, one column per structure.
fn table(structures: &[PoolingStructure]) -> String {
    let catalogue = Catalogue::default_catalogue();
    let rows: [(&str, Field); 9] = [
        ("Structure", |s, _| s.name.clone()),
        ("Type", |s, c| {
            c.types.iter().find(|t| t.code == s.pooling_type).map_or(s.pooling_type.clone(), |t| t.label.clone())
        }),
        ("Création", |s, _| s.creation_year.to_string()),
        ("Territoire", |s, _| s.territory.clone()),
        ("Services", |s, _| s.services.join(", ")),
        ("Forces", |s, _| moof(&s.strengths)),
        ("Faiblesses", |s, _| moof(&s.weaknesses)),
        ("Opportunités", |s, _| moof(&s.opportunities)),
        ("Menaces", |s, _| moof(&s.threats)),
    ];
    let mut out = String::new();
    for (label, field) in rows {
        let cells: Vec<Vec<String>> = structures.iter().map(|s| wrap(&field(s, &catalogue))).collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        for line in 0..height {
            let head = if line == 0 { label } else { "" };
            out.push_str(&format!("{head:<13}"));
            for cell in &cells {
                out.push_str(&format!(" │ {:<WIDTH$}", cell.get(line).map_or("", String::as_str)));
            }
            out.push('\n');
        }
        out.push_str(&format!("{}\n", "─".repeat(13 + structures.len() * (WIDTH + 3))));
    }
    out.push_str("(avis) : appréciation de l'équipe d'étude, non un fait sourcé. Sources : --format json.\n");
    out
}

/// Runs a structures subcommand.
pub fn run(command: StructuresCommand) -> anyhow::Result<()> {
    let StructuresCommand::List { format } = command;
    let structures = default_structures();
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&structures)?),
        Format::Text => print!("{}", table(&structures)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_wrap_at_the_column_width() {
        let lines = wrap("Syndicat mixte ouvert à la carte, opérateur public de services numériques");
        assert!(lines.len() > 2 && lines.iter().all(|l| l.chars().count() <= WIDTH), "{lines:?}");
    }

    #[test]
    fn the_table_compares_the_six() {
        let text = table(&default_structures());
        for name in ["GIP e-Bourgogne", "SICTIAM", "CSI-Piemonte", "Forces", "Menaces", "(avis)"] {
            assert!(text.contains(name), "{name} missing in\n{text}");
        }
    }
}
