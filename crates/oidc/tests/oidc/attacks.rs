//! Each attack refused, and by the check meant to refuse it. Attacks a compliant provider
//! would not mount by itself come from the provider's `OP_ATTACK` modes, which tamper with one
//! thing in a real answer (re-signing with the provider's key, or with an attacker's key under
//! the provider's key id).

use crate::browser::Browser;
use crate::provider::Provider;
use mutu_oidc::{Callback, Check, Door, OidcClient, OidcError};

/// Starts a provider in `env`'s mode and signs alice in; returns the outcome of `finish`.
async fn login_with(env: &[(&str, &str)]) -> Option<Result<mutu_oidc::Identity, OidcError>> {
    let provider = Provider::start(env).await?;
    let client = provider.client().await;
    let begin = client.begin(Door::StudyLead);
    let callback = Browser::new().sign_in(&begin.authorize_url, "alice").await;
    Some(client.finish(begin.pending, &callback).await)
}

async fn id_token_refused(attack: &str, expected: Check) {
    let Some(outcome) = login_with(&[("OP_ATTACK", attack)]).await else { return };
    match outcome {
        Err(OidcError::IdTokenRefused { check, .. }) if check == expected => {}
        other => panic!("{attack}: expected the ID token refused by {expected:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn an_id_token_signed_by_another_key_is_refused() {
    id_token_refused("id-token-foreign-key", Check::Signature).await;
}

#[tokio::test]
async fn an_unsigned_id_token_is_refused() {
    id_token_refused("id-token-unsigned", Check::Signature).await;
}

#[tokio::test]
async fn an_id_token_from_another_issuer_is_refused() {
    id_token_refused("id-token-other-issuer", Check::Issuer).await;
}

#[tokio::test]
async fn an_id_token_for_another_client_is_refused() {
    id_token_refused("id-token-other-audience", Check::Audience).await;
}

#[tokio::test]
async fn an_id_token_also_for_an_untrusted_client_is_refused() {
    id_token_refused("id-token-extra-audience", Check::Audience).await;
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    // The provider issues one-second ID tokens and holds its answer two seconds.
    let env = [("OP_ID_TOKEN_TTL", "1"), ("OP_TOKEN_DELAY_MS", "2100")];
    let Some(outcome) = login_with(&env).await else { return };
    assert!(matches!(outcome, Err(OidcError::IdTokenRefused { check: Check::Expiry, .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_userinfo_signed_by_another_key_is_refused() {
    let Some(outcome) = login_with(&[("OP_ATTACK", "userinfo-foreign-key")]).await else { return };
    assert!(matches!(outcome, Err(OidcError::UserinfoRefused { check: Check::Signature, .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_userinfo_about_someone_else_is_refused() {
    let Some(outcome) = login_with(&[("OP_ATTACK", "userinfo-other-subject")]).await else { return };
    assert!(matches!(outcome, Err(OidcError::UserinfoRefused { check: Check::Subject, .. })), "{outcome:?}");
}

#[tokio::test]
async fn a_missing_wrong_or_crossed_state_is_refused_before_the_code_is_spent() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let client = provider.client().await;
    let browser = Browser::new();
    let begin = client.begin(Door::StudyLead);
    let callback = browser.sign_in(&begin.authorize_url, "alice").await;

    let missing = Callback { state: None, ..callback.clone() };
    let error = client.finish(begin.pending.clone(), &missing).await.unwrap_err();
    assert!(matches!(error, OidcError::StateMissing), "{error}");

    let wrong = Callback { state: Some("x".repeat(43)), ..callback.clone() };
    let error = client.finish(begin.pending.clone(), &wrong).await.unwrap_err();
    assert!(matches!(error, OidcError::StateMismatch), "{error}");

    // The callback of another login (its own state and code) against this pending login.
    let other = client.begin(Door::StudyLead);
    let other_callback = Browser::new().sign_in(&other.authorize_url, "alice").await;
    let error = client.finish(begin.pending.clone(), &other_callback).await.unwrap_err();
    assert!(matches!(error, OidcError::StateMismatch), "{error}");

    let elsewhere = Callback { iss: Some("https://ailleurs.example".into()), ..callback.clone() };
    let error = client.finish(begin.pending.clone(), &elsewhere).await.unwrap_err();
    assert!(matches!(error, OidcError::CallbackIssuer(_)), "{error}");

    let denied = Callback::from_query(&format!("error=access_denied&state={}", begin.pending.state()));
    let error = client.finish(begin.pending.clone(), &denied).await.unwrap_err();
    assert!(matches!(&error, OidcError::ProviderError { error, .. } if error == "access_denied"), "{error}");

    // None of these spent the code: the real callback still works.
    client.finish(begin.pending, &callback).await.expect("the genuine callback");
}

#[tokio::test]
async fn an_authorization_code_works_once() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let client = provider.client().await;
    let begin = client.begin(Door::StudyLead);
    let callback = Browser::new().sign_in(&begin.authorize_url, "alice").await;
    client.finish(begin.pending.clone(), &callback).await.expect("first use");
    let error = client.finish(begin.pending, &callback).await.unwrap_err();
    assert!(matches!(&error, OidcError::TokenExchange(detail) if detail.contains("invalid_grant")), "{error}");
}

#[tokio::test]
async fn a_nonce_changed_on_the_way_to_the_provider_is_refused() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let client = provider.client().await;
    let begin = client.begin(Door::StudyLead);
    let mut tampered = begin.authorize_url.clone();
    let pairs: Vec<(String, String)> = begin.authorize_url.query_pairs().into_owned().collect();
    tampered.query_pairs_mut().clear();
    for (name, value) in pairs {
        let value = if name == "nonce" { "n".repeat(43) } else { value };
        tampered.query_pairs_mut().append_pair(&name, &value);
    }
    let callback = Browser::new().sign_in(&tampered, "alice").await;
    let error = client.finish(begin.pending, &callback).await.unwrap_err();
    assert!(matches!(error, OidcError::IdTokenRefused { check: Check::Nonce, .. }), "{error}");
}

/// An attacker's own code slipped into a victim's callback (with the victim's state): PKCE
/// refuses it at the token endpoint; without PKCE, the nonce refuses the ID token.
async fn injected_code(client: &OidcClient) -> OidcError {
    let victim = client.begin(Door::StudyLead);
    let attacker = client.begin(Door::StudyLead);
    let attackers_callback = Browser::new().sign_in(&attacker.authorize_url, "alice").await;
    let injected = Callback { state: Some(victim.pending.state().to_owned()), ..attackers_callback };
    client.finish(victim.pending, &injected).await.unwrap_err()
}

#[tokio::test]
async fn an_injected_code_is_refused_by_pkce() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let error = injected_code(&provider.client().await).await;
    assert!(matches!(&error, OidcError::TokenExchange(detail) if detail.contains("invalid_grant")), "{error}");
}

#[tokio::test]
async fn an_injected_code_is_refused_by_the_nonce_without_pkce() {
    let Some(provider) = Provider::start(&[("OP_PKCE", "off")]).await else { return };
    let error = injected_code(&provider.client().await).await;
    assert!(matches!(error, OidcError::IdTokenRefused { check: Check::Nonce, .. }), "{error}");
}
