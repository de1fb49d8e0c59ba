//! The login as it should go: discovery, the authorize URL, the identity, the logout.

use crate::browser::Browser;
use crate::provider::{PUBLIC_URL, Provider};
use mutu_oidc::{Door, OidcClient, OidcError, PendingLogin};
use std::collections::HashMap;
use time::OffsetDateTime;
use url::Url;

fn params(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

#[tokio::test]
async fn a_login_gives_the_identity_with_its_siret_then_logs_out_at_the_provider() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let client = provider.client().await;
    assert!(client.uses_pkce(), "the provider advertises S256");

    let begin = client.begin(Door::StudyLead);
    let query = params(&begin.authorize_url);
    assert_eq!(
        begin.authorize_url.as_str().split('?').next(),
        Some(format!("{}/authorize", provider.issuer()).as_str())
    );
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], "mutu");
    assert_eq!(query["redirect_uri"], format!("{PUBLIC_URL}oidc/retour"));
    assert_eq!(query["scope"], "openid email given_name usual_name siret");
    assert!(query["state"].len() >= 32 && query["nonce"].len() >= 32, "{query:?}");
    assert_ne!(query["state"], query["nonce"]);
    assert_eq!(query["state"], begin.pending.state());
    assert_eq!(query["code_challenge_method"], "S256");
    assert!(query["code_challenge"].len() >= 43);
    let mut names: Vec<_> = query.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "client_id",
            "code_challenge",
            "code_challenge_method",
            "nonce",
            "redirect_uri",
            "response_type",
            "scope",
            "state"
        ]
    );

    // The pending login goes through a session row as JSON, and comes back the same.
    let stored = serde_json::to_string(&begin.pending).unwrap();
    let pending: PendingLogin = serde_json::from_str(&stored).unwrap();
    assert_eq!(pending, begin.pending);

    let browser = Browser::new();
    let callback = browser.sign_in(&begin.authorize_url, "alice").await;
    let identity = client.finish(pending, &callback).await.expect("identity");
    assert_eq!(identity.sub, "alice");
    assert_eq!(identity.email, "alice.martin@region-exemple.fr");
    assert_eq!(identity.given_name.as_deref(), Some("Alice"));
    assert_eq!(identity.usual_name.as_deref(), Some("Martin"));
    let siret = identity.siret.as_ref().expect("siret");
    assert_eq!((siret.as_str(), siret.siren()), ("21590350100017", "215903501"));
    assert_eq!(identity.door, Door::StudyLead);
    assert!(identity.expires_at > OffsetDateTime::now_utc());

    let state = mutu_oidc::random_state();
    let logout = client.logout_url(&identity.id_token, &state).expect("an end_session_endpoint");
    let query = params(&logout);
    assert_eq!(query["id_token_hint"], identity.id_token);
    assert_eq!(query["state"], state);
    assert_eq!(query["post_logout_redirect_uri"], format!("{PUBLIC_URL}oidc/deconnexion"));
    let back = browser.log_out(&logout).await;
    assert_eq!(back.as_str(), format!("{PUBLIC_URL}oidc/deconnexion?state={state}"));
    assert_eq!(client.logout_url("pas un jeton", &state), None);
}

#[tokio::test]
async fn without_pkce_advertised_the_authorize_url_has_only_proconnect_parameters() {
    // In this mode the provider refuses `code_challenge` at /authorize, as ProConnect does.
    let Some(provider) = Provider::start(&[("OP_PKCE", "off")]).await else { return };
    let client = provider.client().await;
    assert!(!client.uses_pkce());
    let begin = client.begin(Door::Respondent);
    let query = params(&begin.authorize_url);
    assert!(!query.contains_key("code_challenge") && !query.contains_key("code_challenge_method"), "{query:?}");
    let callback = Browser::new().sign_in(&begin.authorize_url, "alice").await;
    let identity = client.finish(begin.pending, &callback).await.expect("identity");
    assert_eq!((identity.sub.as_str(), identity.door), ("alice", Door::Respondent));
}

#[tokio::test]
async fn another_provider_may_answer_userinfo_in_plain_json_without_siret() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let config = provider.config("mutu-json").with_scopes(["openid", "email", "profile"]);
    let client = OidcClient::discover(config).await.expect("discovery");
    let begin = client.begin(Door::StudyLead);
    assert_eq!(params(&begin.authorize_url)["scope"], "openid email profile");
    let callback = Browser::new().sign_in(&begin.authorize_url, "bob").await;
    let identity = client.finish(begin.pending, &callback).await.expect("identity");
    assert_eq!(identity.email, "bob.durand@exemple.fr");
    assert_eq!(identity.usual_name.as_deref(), Some("Durand"), "family_name stands for usual_name");
    assert_eq!(identity.siret, None);
}

#[tokio::test]
async fn a_malformed_siret_is_refused() {
    let Some(provider) = Provider::start(&[]).await else { return };
    let client = provider.client().await;
    let begin = client.begin(Door::Respondent);
    let callback = Browser::new().sign_in(&begin.authorize_url, "carol").await;
    let error = client.finish(begin.pending, &callback).await.unwrap_err();
    assert!(matches!(&error, OidcError::InvalidSiret(value) if value == "1234"), "{error}");
}

#[tokio::test]
async fn keys_rotated_after_discovery_are_fetched_again() {
    let Some(provider) = Provider::start(&[("OP_ROTATION", "1")]).await else { return };
    let client = provider.client().await;
    let rotate = reqwest::Client::new().post(format!("{}/test/rotate", provider.issuer())).send().await.unwrap();
    assert_eq!(rotate.status(), 204);
    let begin = client.begin(Door::StudyLead);
    let callback = Browser::new().sign_in(&begin.authorize_url, "alice").await;
    let identity = client.finish(begin.pending, &callback).await.expect("identity signed with the new key");
    assert_eq!(identity.sub, "alice");
}

#[tokio::test]
async fn discovery_of_a_provider_that_is_not_there_fails_clearly() {
    let public_url = Url::parse(PUBLIC_URL).unwrap();
    let config = mutu_oidc::OidcConfig::new("http://127.0.0.1:9", "mutu", "s".into(), &public_url).unwrap();
    let error = OidcClient::discover(config).await.err().expect("no provider on port 9");
    assert_eq!(error.code(), "discovery", "{error}");
}

/// The web layer runs `finish` in axum handlers, which need `Send` futures.
#[allow(dead_code)]
fn finish_can_run_in_a_handler(client: &OidcClient, pending: PendingLogin, callback: &mutu_oidc::Callback) {
    fn send<T: Send>(_: T) {}
    send(client.finish(pending, callback));
    send(OidcClient::discover(provider_config()));
    fn provider_config() -> mutu_oidc::OidcConfig {
        unreachable!()
    }
}
