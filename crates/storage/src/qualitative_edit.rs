//! Editing the qualitative material one item at a time, as the study-side pages do: rename
//! or re-describe an organisation met, add or remove a person met, remove an organisation or
//! an interview. Imports (in [`crate::qualitative`]) update by natural key; these are the
//! changes a key-based re-import cannot express (a new name, a removal).
//!
//! An organisation with interviews is not removed until they are (an interview is study
//! material, not a detail of its organisation); an interview goes with the verbatims that
//! quote it, and says how many.

use crate::Store;
use crate::error::{Result, StoreError, refused};
use mutu_domain::qualitative::{Organisation, Person};
use sqlx::{Any, Transaction};

/// The id of the organisation called `name`, `NotFound` naming it otherwise.
async fn organisation_id(tx: &mut Transaction<'static, Any>, name: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM organisation WHERE name = $1")
        .bind(name.to_owned())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("l'organisation « {name} »")))
}

impl Store {
    /// Changes the organisation called `name` into `changed` (name, kind, in the territory or
    /// not); its people and interviews follow. `NotFound` for an unknown name, `Conflict`
    /// when the new name is another organisation's.
    pub async fn update_organisation(&self, name: &str, changed: &Organisation) -> Result<()> {
        let mut tx = self.write().await?;
        let id = organisation_id(&mut tx, name).await?;
        sqlx::query("UPDATE organisation SET name = $1, in_territory = $2, body_type = $3 WHERE id = $4")
            .bind(changed.name.clone())
            .bind(i64::from(changed.in_territory))
            .bind(changed.body_type.code())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| refused(e, String::new, || format!("l'organisation « {} »", changed.name)))?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the organisation called `name` with the people met there. Refused (`Invalid`)
    /// while interviews with it are recorded: remove them first.
    pub async fn delete_organisation(&self, name: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let id = organisation_id(&mut tx, name).await?;
        let interviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interview WHERE organisation_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if interviews > 0 {
            return Err(StoreError::Invalid(format!("l'organisation « {name} » a {interviews} entretien(s)")));
        }
        sqlx::query("DELETE FROM person WHERE organisation_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM organisation WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds one person met. Unlike an import, an existing key is not overwritten: `Conflict`.
    /// An unknown organisation is `NotFound`.
    pub async fn add_person(&self, person: &Person) -> Result<()> {
        let mut tx = self.write().await?;
        let organisation = organisation_id(&mut tx, &person.organisation).await?;
        sqlx::query("INSERT INTO person (person_key, organisation_id, name, role, email) VALUES ($1, $2, $3, $4, $5)")
            .bind(person.key.clone())
            .bind(organisation)
            .bind(person.name.clone())
            .bind(person.role.clone())
            .bind(person.email.clone())
            .execute(&mut *tx)
            .await
            .map_err(|e| refused(e, String::new, || format!("la personne rencontrée « {} »", person.key)))?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the person met with `key`; the interviews they took part in lose them as a
    /// participant and are otherwise kept.
    pub async fn delete_person(&self, key: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM person WHERE person_key = $1")
            .bind(key.to_owned())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("la personne rencontrée « {key} »")))?;
        sqlx::query("DELETE FROM interview_participant WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM person WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the interview `code` with its list of participants and the verbatims that
    /// quote it (in every wave); returns how many verbatims went with it.
    pub async fn delete_interview(&self, code: &str) -> Result<u64> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM interview WHERE code = $1")
            .bind(code.to_owned())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("l'entretien {code}")))?;
        let quotes = sqlx::query("DELETE FROM verbatim WHERE interview_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM interview_participant WHERE interview_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM interview WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(quotes)
    }
}
