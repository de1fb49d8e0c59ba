//! What signing in through an OpenID Connect provider (ProConnect) keeps in the database:
//! the pending trips to the provider (a login's state, nonce and PKCE verifier; a logout's
//! state), keyed by the hash of a random cookie and taken once, and the ID token of a session
//! opened through the provider, for its logout.
//!
//! Taking a pending trip reads **and** deletes it in one statement, so two callbacks carrying
//! the same cookie (a replay, a double click) cannot both find it: one gets it, the other
//! nothing, on both engines.

use crate::error::{Result, refused};
use crate::moments::{read_stamp, stamp};
use crate::{Store, now};
use sqlx::Row;
use time::OffsetDateTime;

impl Store {
    /// Keeps `payload` for `purpose` (`login`, `logout`) under `id_hash` until `expires_at`,
    /// and forgets every trip already expired (whoever started it).
    pub async fn put_oidc_pending(
        &self,
        id_hash: &str,
        purpose: &str,
        payload: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM oidc_pending WHERE expires_at < $1").bind(now()).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO oidc_pending (id_hash, purpose, payload, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id_hash.to_owned())
            .bind(purpose.to_owned())
            .bind(payload.to_owned())
            .bind(stamp(expires_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| refused(e, String::new, || "ce parcours de connexion".into()))?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the trip kept under `id_hash` for `purpose`: its payload if it has not expired,
    /// and in every case it is gone afterwards (a trip kept for another purpose is left).
    pub async fn take_oidc_pending(&self, id_hash: &str, purpose: &str) -> Result<Option<String>> {
        let mut tx = self.write().await?;
        let row =
            sqlx::query("DELETE FROM oidc_pending WHERE id_hash = $1 AND purpose = $2 RETURNING payload, expires_at")
                .bind(id_hash.to_owned())
                .bind(purpose.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        tx.commit().await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at = read_stamp(&row.try_get::<String, _>(1)?)?;
        Ok((expires_at > crate::moments::now()).then(|| row.try_get(0)).transpose()?)
    }

    /// Keeps the ID token of the session `session_hash`, opened through the provider.
    pub async fn set_session_id_token(&self, session_hash: &str, id_token: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO oidc_session (session_hash, id_token) VALUES ($1, $2)")
            .bind(session_hash.to_owned())
            .bind(id_token.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(|e| refused(e, || "cette session".into(), || "le jeton de cette session".into()))?;
        tx.commit().await?;
        Ok(())
    }

    /// The ID token of the session `session_hash`, when it was opened through the provider.
    pub async fn session_id_token(&self, session_hash: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT id_token FROM oidc_session WHERE session_hash = $1")
            .bind(session_hash.to_owned())
            .fetch_optional(&self.pool)
            .await?)
    }
}
