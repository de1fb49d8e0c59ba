//! `mutu report`: the report of a wave, as one self-contained HTML file, a PDF or an XLSX
//! workbook, assembled by [`mutu_app::report`] as the web's downloads are: the whole
//! restitution (maps and pooling opportunities when the territory has contours, the study's
//! qualitative material as the store has it, the benchmark of the six pooling structures).

use super::{campaign_code, display_name, read_file, spinner};
use anyhow::Context;
use clap::{Args, ValueEnum};
use mutu_app::report;
use mutu_render::Audience;
use mutu_storage::Store;
use std::path::PathBuf;

/// Formats of `mutu report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Une page HTML autonome, à ouvrir dans un navigateur ou à imprimer.
    Html,
    /// Un document PDF A4, composé par mutu (polices embarquées).
    Pdf,
    /// Un classeur Excel : un onglet par tableau, puis les réponses.
    Xlsx,
}

/// Arguments of `mutu report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Code de la vague.
    #[arg(long)]
    pub campaign: String,
    /// Format du rapport.
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Fichier à écrire.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Modèle à utiliser à la place de celui de mutu : HTML (minijinja) pour --format html,
    /// typst pour --format pdf ; copiez crates/render/templates/report.html ou report.typ,
    /// dont le premier commentaire liste les variables.
    #[arg(long)]
    pub template: Option<PathBuf>,
}

/// Runs `mutu report`.
pub async fn run(store: &Store, args: ReportArgs) -> anyhow::Result<()> {
    let template = match &args.template {
        Some(path) if matches!(args.format, ReportFormat::Html | ReportFormat::Pdf) => {
            let name = display_name(path);
            Some((String::from_utf8(read_file(path)?).with_context(|| format!("{name} : UTF-8 invalide"))?, name))
        }
        Some(_) => anyhow::bail!("--template ne s'applique qu'aux rapports HTML et PDF"),
        None => None,
    };
    let template_name = |kind: &str| template.as_ref().map_or_else(|| format!("rapport {kind}"), |(_, n)| n.clone());
    let code = campaign_code(&args.campaign)?;
    let bar = spinner("Assemblage du rapport…");
    let assembled = report::assemble(store, &code, Audience::Study).await;
    bar.finish_and_clear();
    let assembled = assembled?;
    let (report, output) = (&assembled.report, &args.output);
    let text = template.as_ref().map(|(t, _)| t.as_str());
    match args.format {
        ReportFormat::Html => {
            let html = report.html(text).with_context(|| template_name("HTML"))?;
            std::fs::write(output, html).with_context(|| format!("écriture de {}", output.display()))?;
        }
        ReportFormat::Pdf => {
            let pdf = report.pdf(text).with_context(|| template_name("PDF"))?;
            std::fs::write(output, pdf).with_context(|| format!("écriture de {}", output.display()))?;
        }
        ReportFormat::Xlsx => report.write_xlsx(&assembled.responses, output)?,
    }
    let total = &assembled.analysis().participation.total;
    println!(
        "Rapport de la vague {code} écrit dans {} ({} répondants sur {}).",
        output.display(),
        total.respondents,
        total.targets
    );
    Ok(())
}
