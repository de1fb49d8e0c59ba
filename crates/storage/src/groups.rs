//! Storage of working groups (issue 16): a group of a wave's bodies around one service or
//! theme, with its members, status, facilitator, next meeting, dated notes and documents.
//!
//! The domain decides what a group may be and which moves it may make (`NewGroup::check`,
//! `set_status`, `set_members`, `add_note`); the store keeps the result. A group is written
//! whole, in one transaction: [`Store::update_group`] replaces its fields, members, notes and
//! documents together, so a reader never sees half of an edit. Members must be targets of the
//! group's wave (a foreign key says so).

use crate::error::{Result, StoreError, corrupt, refused};
use crate::{Store, now};
use mutu_domain::codes::{CampaignCode, CatalogueCode, Day, TargetCode};
use mutu_domain::groups::{
    DocumentLink, Facilitator, FacilitatorKind, GroupStatus, HttpUrl, NewGroup, Note, NoteKind, Subject, WorkingGroup,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

/// Columns of a group row, in the order [`group_row`] reads them.
const GROUP_COLUMNS: &str = "g.id, c.code, g.name, g.subject_kind, g.subject, g.status, g.facilitator_kind, \
                             g.facilitator_name, g.next_meeting";

fn subject_columns(subject: &Subject) -> (&'static str, String) {
    match subject {
        Subject::Service(code) => ("service", code.to_string()),
        Subject::Theme(code) => ("theme", code.to_string()),
    }
}

fn group_row(row: &AnyRow) -> Result<WorkingGroup> {
    let code = |value: String| CatalogueCode::parse(&value).map_err(corrupt);
    let subject = match row.try_get::<String, _>(3)?.as_str() {
        "service" => Subject::Service(code(row.try_get(4)?)?),
        "theme" => Subject::Theme(code(row.try_get(4)?)?),
        other => return Err(corrupt(format!("sujet de groupe « {other} »"))),
    };
    let status: String = row.try_get(5)?;
    let facilitator = match (row.try_get::<Option<String>, _>(6)?, row.try_get::<Option<String>, _>(7)?) {
        (Some(kind), Some(name)) => Some(Facilitator {
            kind: FacilitatorKind::parse(&kind).ok_or_else(|| corrupt(format!("animateur « {kind} »")))?,
            name,
        }),
        _ => None,
    };
    let next_meeting: Option<String> = row.try_get(8)?;
    Ok(WorkingGroup {
        id: row.try_get(0)?,
        group: NewGroup {
            campaign: CampaignCode::parse(&row.try_get::<String, _>(1)?).map_err(corrupt)?,
            name: row.try_get(2)?,
            subject,
            members: vec![],
            status: GroupStatus::parse(&status).ok_or_else(|| corrupt(format!("statut de groupe « {status} »")))?,
            facilitator,
            notes: vec![],
            next_meeting: next_meeting.map(|d| Day::parse(&d).map_err(corrupt)).transpose()?,
            documents: vec![],
        },
    })
}

/// Writes a group's members, notes and documents (the group's earlier ones already gone).
async fn write_parts(tx: &mut Transaction<'static, Any>, id: i64, campaign: i64, group: &NewGroup) -> Result<()> {
    for member in &group.members {
        sqlx::query("INSERT INTO group_member (group_id, campaign_id, code) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(campaign)
            .bind(member.to_string())
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                refused(
                    e,
                    || format!("la cible {member} dans la vague {}", group.campaign),
                    || format!("le membre {member}"),
                )
            })?;
    }
    for (position, note) in group.notes.iter().enumerate() {
        sqlx::query("INSERT INTO group_note (group_id, position, noted_on, kind, text) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(position as i64)
            .bind(note.date.to_string())
            .bind(note.kind.code())
            .bind(note.text.clone())
            .execute(&mut **tx)
            .await?;
    }
    for (position, document) in group.documents.iter().enumerate() {
        sqlx::query("INSERT INTO group_document (group_id, position, title, url) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(document.title.clone())
            .bind(document.url.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Stores a new group with its members, notes and documents; returns its id. An unknown
    /// wave, or a member that is not one of its targets, is `NotFound`.
    pub async fn create_group(&self, group: &NewGroup) -> Result<i64> {
        let campaign = self.campaign_id(&group.campaign).await?;
        let (kind, subject) = subject_columns(&group.subject);
        let at = now();
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO working_group (campaign_id, name, subject_kind, subject, status, facilitator_kind, \
             facilitator_name, next_meeting, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(campaign)
        .bind(group.name.clone())
        .bind(kind)
        .bind(subject)
        .bind(group.status.code())
        .bind(group.facilitator.as_ref().map(|f| f.kind.code()))
        .bind(group.facilitator.as_ref().map(|f| f.name.clone()))
        .bind(group.next_meeting.as_ref().map(Day::to_string))
        .bind(at.clone())
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        write_parts(&mut tx, id, campaign, group).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a stored group whole (fields, members, notes, documents), as the domain left
    /// it after its checked edits. An unknown id is `NotFound`; moving a group to another wave
    /// is `Invalid` (its members belong to its wave).
    pub async fn update_group(&self, group: &WorkingGroup) -> Result<()> {
        let (id, new) = (group.id, &group.group);
        let stored = self.group(id).await?;
        if stored.group.campaign != new.campaign {
            return Err(StoreError::Invalid(format!(
                "le groupe n° {id} appartient à la vague {}, pas à {}",
                stored.group.campaign, new.campaign
            )));
        }
        let campaign = self.campaign_id(&new.campaign).await?;
        let (kind, subject) = subject_columns(&new.subject);
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE working_group SET name = $1, subject_kind = $2, subject = $3, status = $4, facilitator_kind = $5, \
             facilitator_name = $6, next_meeting = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(new.name.clone())
        .bind(kind)
        .bind(subject)
        .bind(new.status.code())
        .bind(new.facilitator.as_ref().map(|f| f.kind.code()))
        .bind(new.facilitator.as_ref().map(|f| f.name.clone()))
        .bind(new.next_meeting.as_ref().map(Day::to_string))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        for table in ["group_member", "group_note", "group_document"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE group_id = $1")))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        write_parts(&mut tx, id, campaign, new).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One group, by id (`NotFound` when there is none).
    pub async fn group(&self, id: i64) -> Result<WorkingGroup> {
        self.read_groups("g.id = $1", Some(id))
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("le groupe de travail n° {id}")))
    }

    /// Every group, or those of one wave (an unknown wave is `NotFound`), by id.
    pub async fn groups(&self, campaign: Option<&CampaignCode>) -> Result<Vec<WorkingGroup>> {
        match campaign {
            Some(code) => {
                let id = self.campaign_id(code).await?;
                self.read_groups("g.campaign_id = $1", Some(id)).await
            }
            None => self.read_groups("1 = 1", None).await,
        }
    }

    /// The groups, of any wave, that `code` is a member of, by id: what a body's pages list
    /// (a body keeps its code from one wave to the next), without reading every group.
    pub async fn groups_of_member(&self, code: &str) -> Result<Vec<WorkingGroup>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT group_id FROM group_member WHERE code = $1 ORDER BY group_id")
                .bind(code.to_owned())
                .fetch_all(&self.pool)
                .await?;
        let mut groups = Vec::with_capacity(ids.len());
        for id in ids {
            groups.push(self.group(id).await?);
        }
        Ok(groups)
    }

    /// The groups a `filter` on `working_group g` keeps (bound to `key` when given), with
    /// their members, notes and documents, by id.
    async fn read_groups(&self, filter: &'static str, key: Option<i64>) -> Result<Vec<WorkingGroup>> {
        let bind = |sql: String| {
            let query = sqlx::query(sqlx::AssertSqlSafe(sql));
            match key {
                Some(k) => query.bind(k),
                None => query,
            }
        };
        let from = format!("FROM working_group g JOIN campaign c ON c.id = g.campaign_id WHERE {filter}");
        let rows = bind(format!("SELECT {GROUP_COLUMNS} {from} ORDER BY g.id")).fetch_all(&self.pool).await?;
        let mut groups: Vec<WorkingGroup> = rows.iter().map(group_row).collect::<Result<_>>()?;
        let index: HashMap<i64, usize> = groups.iter().enumerate().map(|(i, g)| (g.id, i)).collect();
        let at = |row: &AnyRow| -> Result<usize> {
            let id: i64 = row.try_get(0)?;
            index.get(&id).copied().ok_or_else(|| corrupt(format!("groupe n° {id}")))
        };
        let members = bind(format!(
            "SELECT g.id, m.code FROM group_member m JOIN working_group g ON g.id = m.group_id \
             WHERE {filter} ORDER BY g.id, m.code"
        ))
        .fetch_all(&self.pool)
        .await?;
        for row in &members {
            let code = TargetCode::parse(&row.try_get::<String, _>(1)?).map_err(corrupt)?;
            groups[at(row)?].group.members.push(code);
        }
        let notes = bind(format!(
            "SELECT g.id, n.noted_on, n.kind, n.text FROM group_note n JOIN working_group g ON g.id = n.group_id \
             WHERE {filter} ORDER BY g.id, n.position"
        ))
        .fetch_all(&self.pool)
        .await?;
        for row in &notes {
            let kind: String = row.try_get(2)?;
            let note = Note {
                date: Day::parse(&row.try_get::<String, _>(1)?).map_err(corrupt)?,
                kind: NoteKind::parse(&kind).ok_or_else(|| corrupt(format!("type de note « {kind} »")))?,
                text: row.try_get(3)?,
            };
            groups[at(row)?].group.notes.push(note);
        }
        let documents = bind(format!(
            "SELECT g.id, d.title, d.url FROM group_document d JOIN working_group g ON g.id = d.group_id \
             WHERE {filter} ORDER BY g.id, d.position"
        ))
        .fetch_all(&self.pool)
        .await?;
        for row in &documents {
            let url = HttpUrl::parse(&row.try_get::<String, _>(2)?).map_err(corrupt)?;
            groups[at(row)?].group.documents.push(DocumentLink { title: row.try_get(1)?, url });
        }
        Ok(groups)
    }
}
