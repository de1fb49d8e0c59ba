//! Conformance of what agents signed in through ProConnect leave (issue 15): a respondent's
//! session keeps the agent's e-mail until it ends, each write of a shared answer records the
//! agent who made it (never relabelling a later write), the people's-data export and erasure
//! cover that e-mail, and the e-mail domains let in as viewers are kept.

use super::{answers, campaign, territory};
use anyhow::Result;
use mutu_storage::{SessionSubject, Store, StoreError};

pub(super) async fn each_write_of_a_shared_answer_records_its_agent(store: &Store) -> Result<()> {
    let c = campaign(&territory(236_710), "hdf-2026");
    store.create_campaign(&c).await?;
    let body = || SessionSubject::Respondent { campaign: c.code.clone(), respondent: "200033579".into() };

    // The session keeps the agent (lowercased); a link's session keeps nobody.
    store.create_session_as("dave", &body(), "csrf", Some(" Dave@Arras.fr ")).await?;
    store.create_session("link", &body(), "csrf").await?;
    assert_eq!(store.session("dave").await?.and_then(|s| s.agent_email).as_deref(), Some("dave@arras.fr"));
    assert_eq!(store.session("link").await?.and_then(|s| s.agent_email), None);

    // Dave saves, then Erin: each write names its agent.
    let v1 = store.save_draft(&c.code, "200033579", &answers(&["culture"]), 0).await?;
    assert!(store.record_agent(&c.code, "200033579", v1, Some("dave@arras.fr")).await?);
    assert_eq!(store.last_agent(&c.code, "200033579").await?.as_deref(), Some("dave@arras.fr"));
    let v2 = store.save_draft(&c.code, "200033579", &answers(&["tourisme"]), v1).await?;
    assert!(store.record_agent(&c.code, "200033579", v2, Some("erin@arras.fr")).await?);
    assert_eq!(store.last_agent(&c.code, "200033579").await?.as_deref(), Some("erin@arras.fr"));
    // A late record for an older write does not relabel the newer one.
    assert!(!store.record_agent(&c.code, "200033579", v1, Some("dave@arras.fr")).await?);
    assert_eq!(store.last_agent(&c.code, "200033579").await?.as_deref(), Some("erin@arras.fr"));
    let agents = store.last_agents(&c.code, &["200033579".into(), "200093201".into()]).await?;
    assert_eq!(agents.len(), 1);
    assert_eq!(agents.get("200033579").map(String::as_str), Some("erin@arras.fr"));
    assert!(store.last_agents(&c.code, &[]).await?.is_empty());

    // A write through the link names nobody; the submit through an agent's session names them.
    let v3 = store.save_draft(&c.code, "200033579", &answers(&["culture"]), v2).await?;
    assert!(store.record_agent(&c.code, "200033579", v3, None).await?);
    assert_eq!(store.last_agent(&c.code, "200033579").await?, None);
    let submitted = store.submit(&c.code, "200033579").await?;
    store.record_agent(&c.code, "200033579", submitted.version, Some("dave@arras.fr")).await?;
    assert_eq!(store.last_agent(&c.code, "200033579").await?.as_deref(), Some("dave@arras.fr"));
    assert_eq!(store.last_agent(&c.code, "200093201").await?, None, "nothing stored");

    // Export and erasure cover the agent's e-mail.
    let held = store.personal_data("DAVE@arras.fr").await?;
    assert_eq!(held.agent_saves.len(), 1);
    assert_eq!(
        (held.agent_saves[0].campaign.as_str(), held.agent_saves[0].respondent.as_str()),
        ("hdf-2026", "200033579")
    );
    let erased = store.erase_person("dave@arras.fr").await?;
    assert_eq!(erased.agent_saves, 1);
    assert!(erased.leftovers.is_empty(), "{:?}", erased.leftovers);
    assert_eq!(store.last_agent(&c.code, "200033579").await?.as_deref(), Some(erased.pseudonym.as_str()));
    assert_eq!(store.session("dave").await?, None, "the agent's sessions end");
    assert!(store.session("link").await?.is_some());
    assert!(store.personal_data("dave@arras.fr").await?.agent_saves.is_empty());

    // The agent's e-mail goes with the session.
    store.create_session_as("erin", &body(), "csrf", Some("erin@arras.fr")).await?;
    store.delete_session("erin").await?;
    assert!(store.find_text("erin@arras.fr").await?.iter().all(|o| o.table != "sessions"));
    Ok(())
}

pub(super) async fn viewer_domains_are_kept_once_and_match_emails(store: &Store) -> Result<()> {
    assert!(store.viewer_domains().await?.is_empty());
    assert!(!store.is_viewer_domain("bob@exemple.fr").await?);
    assert_eq!(store.add_viewer_domain(" @Exemple.FR ", "admin@region.fr").await?, "exemple.fr");
    assert!(matches!(store.add_viewer_domain("exemple.fr", "x@y.fr").await, Err(StoreError::Conflict(_))));
    for bad in ["", "exemple", "ex ample.fr", "-x.fr", "a..fr", "x@y.fr"] {
        assert!(matches!(store.add_viewer_domain(bad, "x@y.fr").await, Err(StoreError::Invalid(_))), "{bad}");
    }
    store.add_viewer_domain("region-exemple.fr", "admin@region.fr").await?;
    let domains = store.viewer_domains().await?;
    assert_eq!(domains.iter().map(|d| d.domain.as_str()).collect::<Vec<_>>(), ["exemple.fr", "region-exemple.fr"]);
    assert_eq!(domains[0].added_by, "admin@region.fr");

    assert!(store.is_viewer_domain("Bob.Durand@EXEMPLE.fr").await?);
    assert!(!store.is_viewer_domain("bob@sous.exemple.fr").await?, "a subdomain is another domain");
    assert!(!store.is_viewer_domain("bob@exemple.fr.evil.com").await?);
    assert!(!store.is_viewer_domain("exemple.fr").await?, "not an e-mail");

    assert!(store.remove_viewer_domain("EXEMPLE.fr").await?);
    assert!(!store.remove_viewer_domain("exemple.fr").await?, "removed once");
    assert!(!store.remove_viewer_domain("pas un domaine").await?);
    assert!(!store.is_viewer_domain("bob@exemple.fr").await?);
    assert_eq!(store.viewer_domains().await?.len(), 1);
    Ok(())
}
