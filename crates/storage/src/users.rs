//! Study-side accounts: who may log in to the web pages, with which role.
//!
//! Emails are the login and are stored trimmed and lowercased, so `Anne@X.fr ` and
//! `anne@x.fr` are one account. Only a password hash is stored; hashing belongs to the use-case
//! layer.

use crate::error::{Result, StoreError, corrupt, refused};
use crate::{Store, now};
use mutu_domain::lifecycle::Role;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A study-side account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Internal id.
    pub id: i64,
    /// Login, trimmed and lowercased.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Password hash (PHC string); never serialized.
    #[serde(skip_serializing)]
    pub password_hash: String,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
}

/// The form an email is stored and looked up in.
fn normalize(email: &str) -> String {
    email.trim().to_lowercase()
}

const COLUMNS: &str = "id, email, role, password_hash, created_at";

fn read_user(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get(2)?;
    Ok(User {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        role: Role::parse(&role).ok_or_else(|| corrupt(format!("rôle « {role} »")))?,
        password_hash: row.try_get(3)?,
        created_at: crate::moments::read_stamp(&row.try_get::<String, _>(4)?)?,
    })
}

impl Store {
    /// Creates an account; returns its id. An email already used is a `Conflict`.
    pub async fn create_user(&self, email: &str, role: Role, password_hash: &str) -> Result<i64> {
        let email = normalize(email);
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!("le compte {email}")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(email.clone())
        .bind(role.code())
        .bind(password_hash.to_owned())
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| refused(e, || format!("le compte {email}"), || format!("le compte {email}")))?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates the account, or gives an existing one this role and password hash.
    pub async fn set_user_password(&self, email: &str, role: Role, password_hash: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO users (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (email) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash",
        )
        .bind(normalize(email))
        .bind(role.code())
        .bind(password_hash.to_owned())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account with this email (any case, surrounding spaces ignored), if any.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(normalize(email))
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(read_user)
            .transpose()
    }

    /// The account with this id, if any.
    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(read_user)
            .transpose()
    }

    /// Every account, by email.
    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users ORDER BY email");
        sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?.iter().map(read_user).collect()
    }

    /// Deletes an account and, with it, its sessions.
    pub async fn delete_user(&self, id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound(format!("le compte n° {id}")));
        }
        tx.commit().await?;
        Ok(())
    }
}
