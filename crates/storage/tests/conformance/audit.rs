//! Conformance of the audit journal's reading: pages newest first with a cursor, filters by
//! actor and by action prefix (compared as text on both engines), the list of actors.

use anyhow::Result;
use mutu_storage::{AuditFilter, Store};

pub(super) async fn audit_pages_are_filtered_and_follow_a_cursor(store: &Store) -> Result<()> {
    for i in 0..7 {
        let actor = if i % 2 == 0 { "anne@example.fr" } else { "cli" };
        store.audit(actor, &format!("campaign.step{i}"), &format!("vague-{i}")).await?;
    }
    store.audit("anne@example.fr", "user.add.lead", "bob@example.fr").await?;
    // `_` and `%` are LIKE wildcards: a prefix compared as text must not treat them so.
    store.audit("cli", "campaignXstep", "joker").await?;

    let subjects = |page: &mutu_storage::AuditPage| page.entries.iter().map(|e| e.subject.clone()).collect::<Vec<_>>();
    let first = store.audit_page(&AuditFilter { limit: 4, ..AuditFilter::default() }).await?;
    assert_eq!(subjects(&first), ["joker", "bob@example.fr", "vague-6", "vague-5"], "newest first");
    let cursor = first.older.expect("older entries remain");
    let second = store.audit_page(&AuditFilter { limit: 4, before: Some(cursor), ..AuditFilter::default() }).await?;
    assert_eq!(subjects(&second), ["vague-4", "vague-3", "vague-2", "vague-1"]);
    let third = store.audit_page(&AuditFilter { limit: 4, before: second.older, ..AuditFilter::default() }).await?;
    assert_eq!(subjects(&third), ["vague-0"]);
    assert_eq!(third.older, None, "the last page says so");

    let anne = AuditFilter { actor: Some("anne@example.fr".into()), ..AuditFilter::default() };
    let page = store.audit_page(&anne).await?;
    assert_eq!(subjects(&page), ["bob@example.fr", "vague-6", "vague-4", "vague-2", "vague-0"]);
    assert!(page.entries.iter().all(|e| e.actor == "anne@example.fr"));

    let campaigns = AuditFilter { action_prefix: Some("campaign.".into()), ..AuditFilter::default() };
    assert_eq!(store.audit_page(&campaigns).await?.entries.len(), 7, "campaignXstep is not campaign.");
    let wildcard = AuditFilter { action_prefix: Some("campaign_".into()), ..AuditFilter::default() };
    assert!(store.audit_page(&wildcard).await?.entries.is_empty(), "_ is not a wildcard");
    let upper = AuditFilter { action_prefix: Some("CAMPAIGN".into()), ..AuditFilter::default() };
    assert!(store.audit_page(&upper).await?.entries.is_empty(), "the prefix is case-sensitive on both engines");
    let both = AuditFilter {
        actor: Some("cli".into()),
        action_prefix: Some("campaign.".into()),
        limit: 2,
        ..AuditFilter::default()
    };
    let page = store.audit_page(&both).await?;
    assert_eq!(subjects(&page), ["vague-5", "vague-3"]);
    assert!(page.older.is_some());

    assert_eq!(store.audit_actors().await?, ["anne@example.fr", "cli"]);
    Ok(())
}
