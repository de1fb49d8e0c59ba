//! « J'ai perdu mon lien » (issue 15): requests for a fresh personal link made on the public
//! form by an agent who names their body and gives their professional e-mail, and the
//! e-mail domains a lead registers for a body so that such a request is answered at once.
//!
//! A request belongs to one target of one wave (it goes with it). It is `pending` until a
//! lead sends the fresh link (`sent`) or dismisses it (`dismissed`); one answered at once
//! through a registered domain is `auto`. Closing a request is one conditional `UPDATE`, so
//! two leads clicking at once send one link, not two.
//!
//! The e-mail is personal data: [`crate::gdpr`] exports and erases it.

use crate::error::{Result, StoreError, refused};
use crate::moments::read_stamp;
use crate::{Store, now};
use mutu_domain::codes::CampaignCode;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LinkRequestState {
    /// Waiting for a lead.
    Pending,
    /// A lead sent the fresh link.
    Sent,
    /// A lead dismissed it.
    Dismissed,
    /// Sent at once: the e-mail's domain is registered for the body.
    Auto,
}

impl LinkRequestState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            LinkRequestState::Pending => "pending",
            LinkRequestState::Sent => "sent",
            LinkRequestState::Dismissed => "dismissed",
            LinkRequestState::Auto => "auto",
        }
    }

    fn parse(code: &str) -> Result<Self> {
        Ok(match code {
            "pending" => LinkRequestState::Pending,
            "sent" => LinkRequestState::Sent,
            "dismissed" => LinkRequestState::Dismissed,
            "auto" => LinkRequestState::Auto,
            other => return Err(crate::error::corrupt(format!("état de demande de lien « {other} »"))),
        })
    }
}

/// A request for a fresh link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRequest {
    /// Its id.
    pub id: i64,
    /// The target's code.
    pub respondent: String,
    /// The target's name.
    pub name: String,
    /// The e-mail the agent gave (trimmed, lowercase).
    pub email: String,
    /// When it was made.
    pub requested_at: OffsetDateTime,
    /// Where it stands.
    pub state: LinkRequestState,
}

/// A target of an open wave, as the public form resolves what the agent typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenTarget {
    /// The wave.
    pub campaign: CampaignCode,
    /// The target's code.
    pub respondent: String,
    /// The target's name.
    pub name: String,
}

/// A lead-registered e-mail domain of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkDomain {
    /// The target's code.
    pub respondent: String,
    /// The target's name.
    pub name: String,
    /// The domain, lowercase (`mairie-exemple.fr`).
    pub domain: String,
}

fn read_request(r: &sqlx::any::AnyRow) -> Result<LinkRequest> {
    Ok(LinkRequest {
        id: r.try_get(0)?,
        respondent: r.try_get(1)?,
        name: r.try_get(2)?,
        email: r.try_get(3)?,
        requested_at: read_stamp(&r.try_get::<String, _>(4)?)?,
        state: LinkRequestState::parse(&r.try_get::<String, _>(5)?)?,
    })
}

/// `NotFound` unless `respondent` is a target of the wave (one indexed read, whatever the
/// wave's size).
async fn is_target(tx: &mut Transaction<'static, Any>, id: i64, code: &CampaignCode, respondent: &str) -> Result<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM target WHERE campaign_id = $1 AND code = $2")
            .bind(id)
            .bind(respondent.to_owned())
            .fetch_optional(&mut **tx)
            .await?;
    found.map(|_| ()).ok_or_else(|| StoreError::NotFound(format!("{respondent} parmi les cibles de la vague {code}")))
}

const SELECT_REQUEST: &str = "SELECT r.id, r.respondent, t.name, r.email, r.requested_at, r.state FROM link_request r \
     JOIN target t ON t.campaign_id = r.campaign_id AND t.code = r.respondent";

impl Store {
    /// The targets of the open waves whose code is `code` or whose name is `name` (compared
    /// in lowercase), newest wave first, at most `limit`.
    pub async fn open_targets_matching(&self, code: &str, name: &str, limit: u32) -> Result<Vec<OpenTarget>> {
        sqlx::query(
            "SELECT c.code, t.code, t.name FROM target t JOIN campaign c ON c.id = t.campaign_id \
             WHERE c.state = 'open' AND (t.code = $1 OR LOWER(t.name) = $2) ORDER BY c.id DESC, t.code LIMIT $3",
        )
        .bind(code.to_owned())
        .bind(name.trim().to_lowercase())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let campaign: String = r.try_get(0)?;
            Ok(OpenTarget {
                campaign: CampaignCode::parse(&campaign).map_err(|e| crate::error::corrupt(e.to_string()))?,
                respondent: r.try_get(1)?,
                name: r.try_get(2)?,
            })
        })
        .collect()
    }

    /// Records a request of `email` (stored trimmed and lowercase) for `respondent` of the
    /// wave, in `state` (`Pending`, or `Auto` when it is answered at once); returns its id.
    /// A respondent that is not a target is `NotFound`.
    pub async fn add_link_request(
        &self,
        code: &CampaignCode,
        respondent: &str,
        email: &str,
        state: LinkRequestState,
    ) -> Result<i64> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        is_target(&mut tx, id, code, respondent).await?;
        let handled = (state != LinkRequestState::Pending).then(now);
        let handled_by = (state == LinkRequestState::Auto).then_some("domaine enregistré");
        let request: i64 = sqlx::query_scalar(
            "INSERT INTO link_request (campaign_id, respondent, email, requested_at, state, handled_at, handled_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(respondent.to_owned())
        .bind(email.trim().to_lowercase())
        .bind(now())
        .bind(state.code())
        .bind(handled)
        .bind(handled_by)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The requests of a wave waiting for a lead, oldest first.
    pub async fn pending_link_requests(&self, code: &CampaignCode) -> Result<Vec<LinkRequest>> {
        let id = self.campaign_id(code).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT_REQUEST} WHERE r.campaign_id = $1 AND r.state = 'pending' ORDER BY r.id"
        )))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(read_request)
        .collect()
    }

    /// One request of a wave, whatever its state; `NotFound` when the wave has no such request.
    pub async fn link_request(&self, code: &CampaignCode, request: i64) -> Result<LinkRequest> {
        let id = self.campaign_id(code).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT_REQUEST} WHERE r.campaign_id = $1 AND r.id = $2")))
            .bind(id)
            .bind(request)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la demande de lien {request} de la vague {code}")))?;
        read_request(&row)
    }

    /// Closes a pending request as `state` (`Sent` or `Dismissed`) by `actor`; `false` when
    /// it was no longer pending (another lead was quicker), `NotFound` when the wave has no
    /// such request.
    pub async fn close_link_request(
        &self,
        code: &CampaignCode,
        request: i64,
        state: LinkRequestState,
        actor: &str,
    ) -> Result<bool> {
        if state == LinkRequestState::Pending {
            return Err(StoreError::Invalid("une demande se clôt envoyée ou ignorée".into()));
        }
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM link_request WHERE campaign_id = $1 AND id = $2")
            .bind(id)
            .bind(request)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("la demande de lien {request} de la vague {code}")));
        }
        let done = sqlx::query(
            "UPDATE link_request SET state = $1, handled_at = $2, handled_by = $3 \
             WHERE campaign_id = $4 AND id = $5 AND state = 'pending'",
        )
        .bind(state.code())
        .bind(now())
        .bind(actor.to_owned())
        .bind(id)
        .bind(request)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Registers `domain` (stored lowercase) for `respondent` of the wave; registering it
    /// twice changes nothing. A respondent that is not a target is `NotFound`.
    pub async fn add_link_domain(&self, code: &CampaignCode, respondent: &str, domain: &str) -> Result<()> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        is_target(&mut tx, id, code, respondent).await?;
        sqlx::query(
            "INSERT INTO link_domain (campaign_id, respondent, domain) VALUES ($1, $2, $3) \
             ON CONFLICT (campaign_id, respondent, domain) DO NOTHING",
        )
        .bind(id)
        .bind(respondent.to_owned())
        .bind(domain.trim().to_lowercase())
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            refused(e, || format!("{respondent} parmi les cibles de la vague {code}"), || "ce domaine".into())
        })?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws `domain` from `respondent` of the wave; `false` when it was not registered.
    pub async fn remove_link_domain(&self, code: &CampaignCode, respondent: &str, domain: &str) -> Result<bool> {
        let id = self.campaign_id(code).await?;
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM link_domain WHERE campaign_id = $1 AND respondent = $2 AND domain = $3")
            .bind(id)
            .bind(respondent.to_owned())
            .bind(domain.trim().to_lowercase())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The registered domains of a wave's bodies, by body then domain.
    pub async fn link_domains(&self, code: &CampaignCode) -> Result<Vec<LinkDomain>> {
        let id = self.campaign_id(code).await?;
        sqlx::query(
            "SELECT d.respondent, t.name, d.domain FROM link_domain d \
             JOIN target t ON t.campaign_id = d.campaign_id AND t.code = d.respondent \
             WHERE d.campaign_id = $1 ORDER BY d.respondent, d.domain",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok(LinkDomain { respondent: r.try_get(0)?, name: r.try_get(1)?, domain: r.try_get(2)? }))
        .collect()
    }

    /// Whether `domain` is registered for `respondent` of the wave.
    pub async fn link_domain_registered(&self, code: &CampaignCode, respondent: &str, domain: &str) -> Result<bool> {
        let id = self.campaign_id(code).await?;
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(1 AS BIGINT) FROM link_domain WHERE campaign_id = $1 AND respondent = $2 AND domain = $3",
        )
        .bind(id)
        .bind(respondent.to_owned())
        .bind(domain.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}

/// A request held about an e-mail, for the person's right of access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldLinkRequest {
    /// Code of the wave.
    pub campaign: String,
    /// The target's code.
    pub respondent: String,
    /// The e-mail.
    pub email: String,
    /// When it was made.
    pub requested_at: OffsetDateTime,
    /// Where it stands (`pending`, `sent`, `dismissed`, `auto`).
    pub state: String,
}

/// Every request made with `email` (lowercase, trimmed).
pub(crate) async fn held(tx: &mut Transaction<'static, Any>, email: &str) -> Result<Vec<HeldLinkRequest>> {
    sqlx::query(
        "SELECT c.code, r.respondent, r.email, r.requested_at, r.state FROM link_request r \
         JOIN campaign c ON c.id = r.campaign_id WHERE LOWER(TRIM(r.email)) = $1 ORDER BY r.id",
    )
    .bind(email.to_owned())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        Ok(HeldLinkRequest {
            campaign: r.try_get(0)?,
            respondent: r.try_get(1)?,
            email: r.try_get(2)?,
            requested_at: read_stamp(&r.try_get::<String, _>(3)?)?,
            state: r.try_get(4)?,
        })
    })
    .collect()
}

/// Deletes every request made with `email` (lowercase, trimmed) inside the erasure's
/// transaction.
pub(crate) async fn erase(tx: &mut Transaction<'static, Any>, email: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM link_request WHERE LOWER(TRIM(email)) = $1")
        .bind(email.to_owned())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}
