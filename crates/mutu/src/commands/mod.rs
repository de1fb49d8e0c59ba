//! One module per group of subcommands; each turns arguments into calls to the library crates.

pub mod analyse;
pub mod backup;
pub mod campaign;
pub mod contacts;
pub mod contours;
pub mod demo;
pub mod groups;
pub mod invitations;
pub mod mail;
pub mod offers;
pub mod opendata;
pub mod opportunities;
pub mod people;
pub mod qualitative;
pub mod report;
pub mod responses;
pub mod serve;
pub mod structures;
pub mod synth;
pub mod territory;
pub mod user;
pub mod worker;

use anyhow::Context;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use mutu_domain::codes::CampaignCode;
use std::path::Path;
use std::time::Duration;

/// A spinner on stderr for long work; invisible when stderr is not a terminal.
pub fn spinner(message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Parses a wave code given on the command line.
pub fn campaign_code(code: &str) -> anyhow::Result<CampaignCode> {
    Ok(CampaignCode::parse(code)?)
}

/// Reads a whole file, naming it on failure.
pub fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("lecture de {}", path.display()))
}

/// The file name shown in error messages.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Output formats of reports on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tableaux lisibles.
    Text,
    /// JSON (sur la sortie standard, et rien d'autre).
    Json,
}
