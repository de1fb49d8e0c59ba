//! The receipt of a body's answer: after submitting, the agent downloads a PDF of what their
//! body answered, to file it or pass it on (issue 15). Typeset by typst as the report is,
//! from a template that reads its texts from a virtual `data.json`, so an answer reading
//! `#panic()` or `<script>` is printed as it is.
//!
//! The caller (the respondent's pages) puts the answers in words; this module lays them out.

use super::world::ReportWorld;
use super::{report_date, typeset};
use crate::error::RenderError;
use serde::Serialize;

/// The template of the receipt.
const RECEIPT_TEMPLATE: &str = include_str!("../../templates/receipt.typ");

/// A body's submitted answer, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Code of the wave.
    pub wave_code: String,
    /// Name of the wave.
    pub wave: String,
    /// Name of the body.
    pub body: String,
    /// Its code (SIREN of an EPCI, INSEE code of a commune).
    pub body_code: String,
    /// When it was submitted, in words (« 12 mars 2026 à 10 h 04 »).
    pub submitted_at: String,
    /// The questionnaire's sections, in order.
    pub sections: Vec<ReceiptSection>,
}

/// One section of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptSection {
    /// Its title.
    pub title: String,
    /// Its questions shown to the body.
    pub items: Vec<ReceiptItem>,
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptItem {
    /// The question's wording.
    pub question: String,
    /// The answer, one line per choice or service; empty: no answer.
    pub answer: Vec<String>,
}

/// The PDF of `receipt`, dated `generated_at`, made by mutu `version`.
///
/// # Errors
///
/// [`RenderError::Pdf`] when typst fails (a bug of the template: the data cannot make it fail).
pub fn receipt_pdf(
    receipt: &Receipt,
    generated_at: time::OffsetDateTime,
    version: &str,
) -> Result<Vec<u8>, RenderError> {
    let today = report_date(generated_at);
    let files = vec![("data.json".to_owned(), serde_json::to_vec(receipt)?)];
    let world = ReportWorld::new(RECEIPT_TEMPLATE, files, today).map_err(RenderError::Pdf)?;
    let ident = format!("mutu-accuse-{}-{}", receipt.wave_code, receipt.body_code);
    typeset(&world, &ident, version, today).map(|(pdf, _)| pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_receipt_prints_every_answer_as_text() {
        let receipt = Receipt {
            wave_code: "npdc-2014".into(),
            wave: "Enquête 2014".into(),
            body: "CC du Pays de Lumbres".into(),
            body_code: "246200364".into(),
            submitted_at: "12 mars 2026".into(),
            sections: vec![ReceiptSection {
                title: "Services".into(),
                items: vec![
                    ReceiptItem {
                        question: "Quels services ?".into(), answer: vec!["Site internet : déployé".into()]
                    },
                    ReceiptItem { question: "Besoins".into(), answer: vec!["#panic(\"x\") <script>".into()] },
                    ReceiptItem { question: "Autre".into(), answer: vec![] },
                ],
            }],
        };
        let pdf = receipt_pdf(&receipt, time::OffsetDateTime::UNIX_EPOCH, "0.1.0").expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        let Some(text) = crate::fixtures::pdf_text(&pdf) else { return };
        for needle in ["Accusé de réception", "CC du Pays de Lumbres", "246200364", "Site internet : déployé"] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
        assert!(text.contains("#panic(\"x\") <script>"), "printed as it is: {text}");
        assert!(text.contains("Sans réponse"), "{text}");
    }
}
