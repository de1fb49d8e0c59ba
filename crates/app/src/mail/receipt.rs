//! The receipt of a submitted answer by mail (issue 15): once a body submits, its contact
//! gets the answers in words, the same [`Receipt`] the PDF typesets, through the outbox. The
//! mail is written whole when it is queued and carries no personal link: it points to the
//! receipt's PDF and to the comparison under the respondent's pages, which the agent opens
//! in their own session.

use super::queue::message_id;
use crate::error::Result;
use mutu_domain::codes::CampaignCode;
use mutu_render::Receipt;
use mutu_storage::{NewMail, PreparedMail, Store};

/// Where the receipt's PDF is downloaded, under the respondent's pages.
pub const RECEIPT_PDF: &str = "/reponse/accuse.pdf";

/// Where the body compares itself with its peers, under the respondent's pages.
pub const COMPARISON: &str = "/reponse/comparaison#profil";

/// The subject and plain-text body of the receipt mail of `receipt`.
pub fn receipt_mail(receipt: &Receipt, public_url: &str) -> (String, String) {
    let base = public_url.trim_end_matches('/');
    let subject = format!("Accusé de réception : enquête « {} »", receipt.wave);
    let mut body = format!(
        "Bonjour,\n\nLa réponse de {} ({}) à l'enquête « {} » a bien été transmise{}.\n\
         Voici les réponses transmises.\n",
        receipt.body,
        receipt.body_code,
        receipt.wave,
        if receipt.submitted_at.is_empty() { String::new() } else { format!(", {}", receipt.submitted_at) },
    );
    for section in &receipt.sections {
        body.push_str(&format!("\n== {} ==\n", section.title));
        for item in &section.items {
            body.push_str(&format!("\n{}\n", item.question));
            if item.answer.is_empty() {
                body.push_str("  (sans réponse)\n");
            }
            for line in &item.answer {
                body.push_str(&format!("  - {line}\n"));
            }
        }
    }
    body.push_str(&format!(
        "\nL'accusé de réception en PDF : {base}{RECEIPT_PDF}\n\
         La comparaison de votre structure avec les autres : {base}{COMPARISON}\n\
         (ces pages s'ouvrent une fois connecté à votre réponse ; ce message ne contient aucun lien \
         personnel).\n\n\
         Tant que l'enquête est ouverte, la réponse peut être rouverte pour la corriger ; la version \
         transmise reste comptée jusqu'à la nouvelle transmission.\n"
    ));
    (subject, body)
}

/// Queues the receipt of `respondent`'s submitted answer to the body's contact, if it has
/// one; `true` when a mail was queued (none without a contact, nor when the very same
/// receipt is already waiting).
///
/// # Errors
///
/// The store's.
pub async fn queue_receipt(
    store: &Store,
    code: &CampaignCode,
    respondent: &str,
    receipt: &Receipt,
    public_url: &str,
) -> Result<bool> {
    let Some(contact) = store.contact(code, respondent).await? else { return Ok(false) };
    let (subject, body) = receipt_mail(receipt, public_url);
    let mail = NewMail {
        respondent: respondent.to_owned(),
        email: contact.email,
        name: contact.name,
        message_id: message_id(),
    };
    Ok(store.queue_receipt_mail(code, &PreparedMail { mail, subject, body }).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutu_render::{ReceiptItem, ReceiptSection};

    #[test]
    fn the_receipt_mail_holds_the_answers_and_the_two_pages_and_no_link_token() {
        let receipt = Receipt {
            wave_code: "npdc-2014".into(),
            wave: "Nord".into(),
            body: "CA du Douaisis".into(),
            body_code: "200044618".into(),
            submitted_at: "6 déc. 2026 à 08:00".into(),
            sections: vec![ReceiptSection {
                title: "Services".into(),
                items: vec![
                    ReceiptItem { question: "Site".into(), answer: vec!["Oui".into()] },
                    ReceiptItem { question: "Note".into(), answer: vec![] },
                ],
            }],
        };
        let (subject, body) = receipt_mail(&receipt, "https://mutu.example/");
        assert!(subject.contains("Nord"));
        assert!(body.contains("CA du Douaisis") && body.contains("  - Oui") && body.contains("(sans réponse)"));
        assert!(body.contains("https://mutu.example/reponse/accuse.pdf"));
        assert!(body.contains("https://mutu.example/reponse/comparaison#profil"));
        assert!(!body.contains("/i/"));
    }
}
