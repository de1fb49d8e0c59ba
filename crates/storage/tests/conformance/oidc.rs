//! Conformance of what signing in through an OpenID Connect provider keeps: a pending trip is
//! taken once (read and deleted), never after it expires nor for another purpose, and
//! concurrent takers never both get it; a session's ID token goes with its session.

use anyhow::Result;
use mutu_domain::lifecycle::Role;
use mutu_storage::{SessionSubject, Store, StoreError};
use std::time::Duration;
use time::OffsetDateTime;

pub(super) async fn a_pending_sign_in_is_taken_once(store: &Store) -> Result<()> {
    let later = OffsetDateTime::now_utc() + Duration::from_secs(1800);
    store.put_oidc_pending("h1", "login", "{\"state\":\"s\"}", later).await?;
    assert!(matches!(store.put_oidc_pending("h1", "login", "x", later).await, Err(StoreError::Conflict(_))));
    // Another purpose does not find it, nor take it.
    assert_eq!(store.take_oidc_pending("h1", "logout").await?, None);
    assert_eq!(store.take_oidc_pending("h1", "login").await?.as_deref(), Some("{\"state\":\"s\"}"));
    assert_eq!(store.take_oidc_pending("h1", "login").await?, None, "taken once");
    assert_eq!(store.take_oidc_pending("inconnu", "login").await?, None);

    // An expired trip is not given, and is gone too; storing a new one forgets expired ones.
    let past = OffsetDateTime::now_utc() - Duration::from_secs(1);
    store.put_oidc_pending("old", "logout", "", past).await?;
    assert_eq!(store.take_oidc_pending("old", "logout").await?, None);
    store.put_oidc_pending("old2", "logout", "", past).await?;
    store.put_oidc_pending("h2", "logout", "etat", later).await?;
    store.put_oidc_pending("old2", "logout", "", later).await?;
    assert_eq!(store.take_oidc_pending("old2", "logout").await?.as_deref(), Some(""), "the expired row was purged");

    // Ten concurrent takers of one trip: exactly one gets it.
    store.put_oidc_pending("h3", "login", "p", later).await?;
    let takers: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.take_oidc_pending("h3", "login").await })
        })
        .collect();
    let mut got = 0;
    for taker in takers {
        got += usize::from(taker.await??.is_some());
    }
    assert_eq!(got, 1, "one taker gets the pending sign-in");
    Ok(())
}

pub(super) async fn a_session_keeps_its_id_token_until_it_ends(store: &Store) -> Result<()> {
    let uid = store.create_user("alice@example.fr", Role::Lead, "h").await?;
    store.create_session("s1", &SessionSubject::User(uid), "csrf").await?;
    assert_eq!(store.session_id_token("s1").await?, None);
    store.set_session_id_token("s1", "eyJ.jeton.signe").await?;
    assert_eq!(store.session_id_token("s1").await?.as_deref(), Some("eyJ.jeton.signe"));
    assert!(matches!(store.set_session_id_token("absente", "x").await, Err(StoreError::NotFound(_))));
    store.delete_session("s1").await?;
    assert_eq!(store.session_id_token("s1").await?, None, "the token goes with its session");
    Ok(())
}
