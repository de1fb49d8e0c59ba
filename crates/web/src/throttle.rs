//! Throttles on guessing: failed logins and failed invitation-link lookups, counted in the
//! database ([`mutu_storage::Store::record_throttle`]) so that several `mutu serve` behind
//! one address refuse the sixth wrong password whichever of them receives it.
//!
//! - **Login, per email**: after [`MAX_FAILURES_PER_EMAIL`] (5) failed logins for one email
//!   within [`EMAIL_WINDOW`] (15 minutes), every login for that email is answered
//!   `429 Too Many Requests` — even with the right password — until the oldest of those
//!   failures is 15 minutes old. A successful login clears the email's failures.
//! - **Login, global**: after [`MAX_FAILURES_GLOBAL`] (100) failed logins within
//!   [`GLOBAL_WINDOW`] (1 minute), whatever the emails, every login is answered 429 until the
//!   minute has passed: this slows one password tried against many accounts.
//! - **Invitation links, per client**: after [`MAX_LINK_FAILURES`] (10) unknown or dead
//!   links within [`LINK_WINDOW`] (1 minute) from one client address, its lookups are
//!   answered 429. A token holds 256 random bits, so the limit is not what keeps tokens
//!   secret: it keeps a scanner from hammering the database, while an agent who mistypes a
//!   link is never blocked.
//!
//! Failures count whether the email exists or not, so the answer tells nothing about
//! accounts. Every window slides; attempts older than the longest window are forgotten as
//! new ones are recorded. The client address is the peer's, or — when the peer is a
//! reverse proxy named by `--trusted-proxy` — the last address its `X-Forwarded-For` adds
//! that is not itself a trusted proxy ([`client_address`]).

use crate::WebError;
use axum::http::HeaderMap;
use ipnet::IpNet;
use mutu_storage::Store;
use std::net::IpAddr;
use std::time::Duration;
use time::OffsetDateTime;

/// Failed logins for one email before that email is refused.
pub const MAX_FAILURES_PER_EMAIL: u64 = 5;
/// How long a failed login counts against its email.
pub const EMAIL_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed logins, all emails together, before every login is refused.
pub const MAX_FAILURES_GLOBAL: u64 = 100;
/// How long a failed login counts in the global bucket.
pub const GLOBAL_WINDOW: Duration = Duration::from_secs(60);
/// Failed invitation lookups a client may make per [`LINK_WINDOW`].
pub const MAX_LINK_FAILURES: u64 = 10;
/// The counting window of [`MAX_LINK_FAILURES`].
pub const LINK_WINDOW: Duration = Duration::from_secs(60);

/// The bucket of every login failure.
const ALL_LOGINS: &str = "login:*";

fn ago(now: OffsetDateTime, window: Duration) -> OffsetDateTime {
    now - window
}

fn login_bucket(email: &str) -> String {
    format!("login:{}", email.trim().to_lowercase())
}

fn link_bucket(client: Option<IpAddr>) -> String {
    client.map_or_else(|| "lien:inconnu".to_owned(), |ip| format!("lien:{ip}"))
}

/// Records failures in `buckets` at `now`, forgetting what no window still counts.
async fn record(store: &Store, buckets: &[&str], now: OffsetDateTime) -> Result<(), WebError> {
    store.record_throttle(buckets, now, ago(now, EMAIL_WINDOW.max(GLOBAL_WINDOW).max(LINK_WINDOW))).await?;
    Ok(())
}

/// Refuses a login for `email` at `now` when either limit is reached.
///
/// # Errors
///
/// `TooManyRequests` past a limit; a database error.
pub async fn check_login(store: &Store, email: &str, now: OffsetDateTime) -> Result<(), WebError> {
    let bucket = login_bucket(email);
    let (for_email, all) = tokio::try_join!(
        store.throttle_count(&bucket, ago(now, EMAIL_WINDOW)),
        store.throttle_count(ALL_LOGINS, ago(now, GLOBAL_WINDOW))
    )?;
    if for_email >= MAX_FAILURES_PER_EMAIL || all >= MAX_FAILURES_GLOBAL {
        return Err(WebError::TooManyRequests);
    }
    Ok(())
}

/// Counts a failed login for `email` at `now`.
///
/// # Errors
///
/// A database error.
pub async fn login_failed(store: &Store, email: &str, now: OffsetDateTime) -> Result<(), WebError> {
    record(store, &[&login_bucket(email), ALL_LOGINS], now).await
}

/// Clears the failures of `email` after it logged in.
///
/// # Errors
///
/// A database error.
pub async fn login_succeeded(store: &Store, email: &str) -> Result<(), WebError> {
    store.clear_throttle(&login_bucket(email)).await?;
    Ok(())
}

/// Whether `client` has used up its failed invitation lookups at `now`.
///
/// # Errors
///
/// A database error.
pub async fn link_blocked(store: &Store, client: Option<IpAddr>, now: OffsetDateTime) -> Result<bool, WebError> {
    Ok(store.throttle_count(&link_bucket(client), ago(now, LINK_WINDOW)).await? >= MAX_LINK_FAILURES)
}

/// Counts a failed invitation lookup of `client` at `now`.
///
/// # Errors
///
/// A database error.
pub async fn link_failed(store: &Store, client: Option<IpAddr>, now: OffsetDateTime) -> Result<(), WebError> {
    record(store, &[&link_bucket(client)], now).await
}

/// The client's address: the peer's, unless the peer is a trusted proxy, in which case the
/// rightmost address of `X-Forwarded-For` that is not a trusted proxy (the rightmost is the
/// one the nearest proxy saw; those left of it are whatever the client claimed).
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("mutu.db").display());
        (Store::open(&url).await.expect("store"), dir)
    }

    #[tokio::test]
    async fn five_failures_lock_an_email_for_its_window_and_a_success_clears_them() {
        let (store, _dir) = store().await;
        let t0 = OffsetDateTime::now_utc();
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            assert!(check_login(&store, "Anne@x.fr", t0).await.is_ok());
            login_failed(&store, "anne@x.fr ", t0).await.expect("record");
        }
        assert!(matches!(check_login(&store, "anne@x.fr", t0).await, Err(WebError::TooManyRequests)));
        assert!(check_login(&store, "bob@x.fr", t0).await.is_ok(), "other emails are not locked");
        assert!(check_login(&store, "anne@x.fr", t0 + EMAIL_WINDOW).await.is_ok(), "the window passes");
        login_succeeded(&store, "ANNE@x.fr").await.expect("clear");
        assert!(check_login(&store, "anne@x.fr", t0).await.is_ok(), "a success clears the count");
    }

    #[tokio::test]
    async fn a_hundred_failures_a_minute_lock_every_login() {
        let (store, _dir) = store().await;
        let t0 = OffsetDateTime::now_utc();
        for i in 0..MAX_FAILURES_GLOBAL {
            login_failed(&store, &format!("u{i}@x.fr"), t0).await.expect("record");
        }
        assert!(matches!(check_login(&store, "new@x.fr", t0).await, Err(WebError::TooManyRequests)));
        assert!(check_login(&store, "new@x.fr", t0 + GLOBAL_WINDOW).await.is_ok());
    }

    #[tokio::test]
    async fn link_failures_count_per_client() {
        let (store, _dir) = store().await;
        let t0 = OffsetDateTime::now_utc();
        let (a, b) = (Some("192.0.2.1".parse().expect("ip")), Some("192.0.2.2".parse().expect("ip")));
        for _ in 0..MAX_LINK_FAILURES {
            assert!(!link_blocked(&store, a, t0).await.expect("count"));
            link_failed(&store, a, t0).await.expect("record");
        }
        assert!(link_blocked(&store, a, t0).await.expect("count"));
        assert!(!link_blocked(&store, b, t0).await.expect("count"), "another client is not blocked");
        assert!(!link_blocked(&store, a, t0 + LINK_WINDOW).await.expect("count"), "the window slides");
    }

    #[test]
    fn the_client_is_read_through_trusted_proxies_only() {
        let proxy: IpAddr = "10.0.0.5".parse().expect("ip");
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.7, 10.0.0.9"));
        assert_eq!(client_address(Some(proxy), &headers, &trusted), Some("203.0.113.7".parse().expect("ip")));
        let stranger: IpAddr = "198.51.100.1".parse().expect("ip");
        assert_eq!(client_address(Some(stranger), &headers, &trusted), Some(stranger), "a client cannot claim");
        assert_eq!(client_address(Some(proxy), &headers, &[]), Some(proxy), "no trusted proxy, no header read");
        assert_eq!(client_address(Some(proxy), &HeaderMap::new(), &trusted), Some(proxy));
        assert_eq!(client_address(None, &headers, &trusted), None);
    }
}
