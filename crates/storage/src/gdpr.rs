//! Personal data (RGPD): what is held about an email address, its erasure everywhere in one
//! transaction, and the purge of what has outlived its retention period. The register of
//! what is held and why is `mutu_domain::qualitative::REGISTER` (`docs/personal-data.md`).
//!
//! Answers keep their figures: only the personal questions of the wave's questionnaire are
//! removed from the stored answers, and the response's version is raised as for any write.

use crate::audit::AuditEntry;
use crate::contacts::Contact;
use crate::error::{Result, corrupt};
use crate::mail::{MailKind, MailLogEntry};
use crate::users::User;
use crate::{Backend, Store, now};
use mutu_domain::answers::{Answer, Answers};
use mutu_domain::qualitative::{Interview, Person};
use mutu_domain::questionnaire::Questionnaire;
use serde::Serialize;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

mod purge;

/// A contact held for one wave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldContact {
    /// Code of the wave.
    pub campaign: String,
    /// The contact.
    pub contact: Contact,
}

/// The personal fields of one stored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalAnswers {
    /// Code of the wave.
    pub campaign: String,
    /// Code of the target.
    pub respondent: String,
    /// The personal questions' answers, by question id.
    pub fields: Answers,
}

/// A person met, with the interviews they took part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMet {
    /// The person.
    pub person: Person,
    /// Their interviews, notes included (the person has a right to them).
    pub interviews: Vec<Interview>,
}

/// A mail log line of one wave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldMail {
    /// Code of the wave.
    pub campaign: String,
    /// The line.
    pub entry: MailLogEntry,
}

/// Everything held about an email address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalData {
    /// The address, as searched (trimmed, lowercased).
    pub email: String,
    /// Study-team accounts.
    pub users: Vec<User>,
    /// Contacts of waves' targets.
    pub contacts: Vec<HeldContact>,
    /// People met.
    pub people_met: Vec<PersonMet>,
    /// Personal fields of answers holding the address.
    pub answers: Vec<PersonalAnswers>,
    /// Mail sent to the address.
    pub mail_log: Vec<HeldMail>,
    /// Mail to the address in the outbox, waiting, sent or failed.
    pub outbox: Vec<crate::outbox::OutboxMail>,
    /// Audit lines naming the address.
    pub audit: Vec<AuditEntry>,
    /// Answers whose last save the address made, as an agent signed in through ProConnect.
    pub agent_saves: Vec<crate::AgentSave>,
    /// Requests for a fresh link made with the address (« J'ai perdu mon lien »).
    pub link_requests: Vec<crate::link_requests::HeldLinkRequest>,
}

/// Where a text was found: a column of a table, and in how many rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// Rows holding it.
    pub rows: i64,
}

/// What an erasure did, counted, and what it could not reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// The pseudonym written in place of the address.
    pub pseudonym: String,
    /// Accounts deleted.
    pub users: u64,
    /// Contacts deleted.
    pub contacts: u64,
    /// Answers whose personal fields were removed.
    pub answers: u64,
    /// People met pseudonymised.
    pub people_met: u64,
    /// Mail log lines pseudonymised.
    pub mail_log: u64,
    /// Mails to the address deleted from the outbox (unsent ones are not sent).
    pub outbox: u64,
    /// Audit lines pseudonymised.
    pub audit: u64,
    /// Requests for a fresh link made with the address, deleted.
    pub link_requests: u64,
    /// Answers whose « entered by » was pseudonymised.
    pub entered_by: u64,
    /// Answers whose last save by the address, as an agent through ProConnect, was
    /// pseudonymised (the agent's sessions end too).
    pub agent_saves: u64,
    /// Where the address still is (hand-typed notes, quotes, templates): to review by hand.
    pub leftovers: Vec<Occurrence>,
}

pub use purge::Purge;

/// Name given to a person met whose data was erased.
const ERASED_NAME: &str = "Personne effacée";

fn normalize(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `text` with every occurrence of `needle` (lowercase) replaced, ignoring case.
fn replace_ci(text: &str, needle: &str, with: &str) -> String {
    if !text.is_ascii() {
        return text.replace(needle, with);
    }
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, _) in lower.match_indices(needle) {
        out.push_str(&text[last..start]);
        out.push_str(with);
        last = start + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

/// The ids of a questionnaire's personal questions.
fn personal_ids(questionnaire: &str) -> Result<Vec<String>> {
    let q: Questionnaire = serde_json::from_str(questionnaire)?;
    Ok(q.questions().filter(|q| q.personal).map(|q| q.id.clone()).collect())
}

/// Answers split into the personal fields and the rest, when `email` is `None` or one of the
/// personal fields holds it.
fn split_personal(answers: &str, personal: &[String], email: Option<&str>) -> Result<Option<(Answers, Answers)>> {
    let mut kept: Answers = serde_json::from_str(answers)?;
    let matches = |a: &Answer| matches!(a, Answer::Text(t) if Some(normalize(t).as_str()) == email);
    if email.is_some() && !personal.iter().any(|id| kept.get(id).is_some_and(matches)) {
        return Ok(None);
    }
    let removed: Answers = personal.iter().filter_map(|id| kept.remove_entry(id)).collect();
    Ok((!removed.is_empty()).then_some((removed, kept)))
}

/// Every wave's id, code and personal question ids.
async fn waves(tx: &mut Transaction<'static, Any>, filter: &str, day: &str) -> Result<Vec<(i64, String, Vec<String>)>> {
    let sql = format!("SELECT id, code, questionnaire FROM campaign {filter} ORDER BY id");
    let mut query = sqlx::query(AssertSqlSafe(sql));
    if !filter.is_empty() {
        query = query.bind(day.to_owned());
    }
    query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, personal_ids(&r.try_get::<String, _>(2)?)?)))
        .collect()
}

/// Removes the personal fields of a wave's answers (those holding `email`, or all); returns
/// what was removed, by respondent, and raises each touched response's version. The
/// submitted copy a reopened answer keeps for the analysis is stripped alike (what it held
/// is reported with the draft's).
async fn strip_answers(
    tx: &mut Transaction<'static, Any>,
    wave: i64,
    personal: &[String],
    email: Option<&str>,
    write: bool,
) -> Result<Vec<(String, Answers)>> {
    let pattern = format!("%{}%", email.unwrap_or_default());
    let rows = sqlx::query(
        "SELECT respondent, answers, submitted_answers FROM response WHERE campaign_id = $1 \
         AND (LOWER(answers) LIKE $2 OR LOWER(COALESCE(submitted_answers, '')) LIKE $2)",
    )
    .bind(wave)
    .bind(pattern)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let respondent: String = r.try_get(0)?;
        let answers: String = r.try_get(1)?;
        let copy: Option<String> = r.try_get(2)?;
        let draft = split_personal(&answers, personal, email)?;
        let submitted = copy.as_deref().map(|c| split_personal(c, personal, email)).transpose()?.flatten();
        if draft.is_none() && submitted.is_none() {
            continue;
        }
        let mut removed = Answers::new();
        if let Some((gone, _)) = &submitted {
            removed.extend(gone.clone());
        }
        if let Some((gone, _)) = &draft {
            removed.extend(gone.clone());
        }
        if write {
            let kept = match draft {
                Some((_, kept)) => serde_json::to_string(&kept)?,
                None => answers,
            };
            let kept_copy = match (submitted, copy) {
                (Some((_, kept)), _) => Some(serde_json::to_string(&kept)?),
                (None, copy) => copy,
            };
            sqlx::query(
                "UPDATE response SET answers = $1, submitted_answers = $2, version = version + 1, updated_at = $3 \
                 WHERE campaign_id = $4 AND respondent = $5",
            )
            .bind(kept)
            .bind(kept_copy)
            .bind(now())
            .bind(wave)
            .bind(respondent.clone())
            .execute(&mut **tx)
            .await?;
            crate::versions::raise(tx, wave).await?;
        }
        out.push((respondent, removed));
    }
    Ok(out)
}

/// Replaces `email` by `pseudonym` in the text columns of `table` (rows keyed by `id`);
/// `nullable` columns stay NULL when they were.
async fn pseudonymise(
    tx: &mut Transaction<'static, Any>,
    table: &str,
    columns: &[&str],
    nullable: &[&str],
    email: &str,
    pseudonym: &str,
) -> Result<u64> {
    let read = columns.iter().map(|c| format!("COALESCE({c}, '')")).collect::<Vec<_>>().join(", ");
    let filter = columns.iter().map(|c| format!("LOWER({c}) LIKE $1")).collect::<Vec<_>>().join(" OR ");
    let sql = format!("SELECT id, {read} FROM {table} WHERE {filter}");
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(format!("%{email}%")).fetch_all(&mut **tx).await?;
    let set =
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if nullable.contains(c) { format!("{c} = NULLIF(${}, '')", i + 1) } else { format!("{c} = ${}", i + 1) }
            })
            .collect::<Vec<_>>()
            .join(", ");
    for r in &rows {
        let sql = format!("UPDATE {table} SET {set} WHERE id = ${}", columns.len() + 1);
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for i in 0..columns.len() {
            q = q.bind(replace_ci(&r.try_get::<String, _>(i + 1)?, email, pseudonym));
        }
        q.bind(r.try_get::<i64, _>(0)?).execute(&mut **tx).await?;
    }
    Ok(rows.len() as u64)
}

/// Every text column of every table of mutu (migrations' own table left out).
async fn text_columns(tx: &mut Transaction<'static, Any>, backend: Backend) -> Result<Vec<(String, String)>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND UPPER(p.type) = 'TEXT' ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND data_type = 'text' ORDER BY table_name, ordinal_position"
        }
    };
    let rows = sqlx::query(sql).fetch_all(&mut **tx).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
        .filter(|c: &Result<(String, String)>| c.as_ref().map_or(true, |(t, _)| !t.starts_with("_sqlx")))
        .collect()
}

/// Where `needle` (any case) appears, by table and column.
async fn find_text(tx: &mut Transaction<'static, Any>, backend: Backend, needle: &str) -> Result<Vec<Occurrence>> {
    let mut found = Vec::new();
    for (table, column) in text_columns(tx, backend).await? {
        if !table.chars().chain(column.chars()).all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(corrupt(format!("nom de colonne inattendu {table}.{column}")));
        }
        let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE LOWER(\"{column}\") LIKE $1");
        let rows: i64 = sqlx::query_scalar(AssertSqlSafe(sql)).bind(format!("%{needle}%")).fetch_one(&mut **tx).await?;
        if rows > 0 {
            found.push(Occurrence { table, column, rows });
        }
    }
    Ok(found)
}

impl Store {
    /// Everything held about `email` (any case, surrounding spaces ignored).
    pub async fn personal_data(&self, email: &str) -> Result<PersonalData> {
        let email = normalize(email);
        let users = self.user_by_email(&email).await?.into_iter().collect();
        let mut tx = self.pool.begin().await?;
        let contacts = sqlx::query(
            "SELECT c.code, ct.respondent, ct.email, ct.name FROM contact ct JOIN campaign c ON c.id = ct.campaign_id \
             WHERE LOWER(TRIM(ct.email)) = $1 ORDER BY c.code, ct.respondent",
        )
        .bind(email.clone())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            let contact = Contact { respondent: r.try_get(1)?, email: r.try_get(2)?, name: r.try_get(3)? };
            Ok(HeldContact { campaign: r.try_get(0)?, contact })
        })
        .collect::<Result<_>>()?;
        let mut answers = Vec::new();
        for (id, code, personal) in waves(&mut tx, "", "").await? {
            for (respondent, fields) in strip_answers(&mut tx, id, &personal, Some(&email), false).await? {
                answers.push(PersonalAnswers { campaign: code.clone(), respondent, fields });
            }
        }
        let mail_log = sqlx::query(
            "SELECT c.code, m.respondent, m.email, m.kind, m.subject, m.sent_at, m.ok, m.error FROM mail_log m \
             JOIN campaign c ON c.id = m.campaign_id WHERE LOWER(TRIM(m.email)) = $1 ORDER BY m.sent_at, m.id",
        )
        .bind(email.clone())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get(3)?;
            let entry = MailLogEntry {
                respondent: r.try_get(1)?,
                email: r.try_get(2)?,
                kind: MailKind::parse(&kind).ok_or_else(|| corrupt(format!("type de courriel « {kind} »")))?,
                subject: r.try_get(4)?,
                sent_at: crate::moments::read_stamp(&r.try_get::<String, _>(5)?)?,
                ok: r.try_get::<i64, _>(6)? != 0,
                error: r.try_get(7)?,
            };
            Ok(HeldMail { campaign: r.try_get(0)?, entry })
        })
        .collect::<Result<_>>()?;
        let audit = sqlx::query(
            "SELECT at, actor, action, subject FROM audit_log WHERE LOWER(actor) LIKE $1 OR LOWER(subject) LIKE $1 \
             ORDER BY id",
        )
        .bind(format!("%{email}%"))
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                at: crate::moments::read_stamp(&r.try_get::<String, _>(0)?)?,
                actor: r.try_get(1)?,
                action: r.try_get(2)?,
                subject: r.try_get(3)?,
            })
        })
        .collect::<Result<_>>()?;
        let outbox = crate::outbox::held(&mut tx, &email).await?;
        let agent_saves = crate::agents::agent_saves(&mut tx, &email).await?;
        let link_requests = crate::link_requests::held(&mut tx, &email).await?;
        tx.commit().await?;
        let interviews = self.interviews().await?;
        let people_met = self
            .people_met()
            .await?
            .into_iter()
            .filter(|p| p.email.as_deref().is_some_and(|e| normalize(e) == email))
            .map(|person| {
                let interviews = interviews.iter().filter(|i| i.participants.contains(&person.key)).cloned().collect();
                PersonMet { person, interviews }
            })
            .collect();
        Ok(PersonalData {
            email,
            users,
            contacts,
            people_met,
            answers,
            mail_log,
            outbox,
            audit,
            agent_saves,
            link_requests,
        })
    }

    /// Erases or pseudonymises everything held about `email`, in one transaction: accounts
    /// deleted (sessions with them), contacts and mails of the outbox deleted, personal fields of matching answers
    /// removed, people met pseudonymised, the address replaced by a pseudonym in the mail
    /// log, the audit log, « entered by » and an agent's last saves (their sessions end). Then
    /// lists where the address still appears.
    pub async fn erase_person(&self, email: &str) -> Result<Erasure> {
        let email = normalize(email);
        let pseudonym = format!("personne-effacee-{}@mutu.invalid", now().replace(|c: char| !c.is_ascii_digit(), ""));
        let mut tx = self.write().await?;
        let users =
            sqlx::query("DELETE FROM users WHERE LOWER(email) = $1").bind(email.clone()).execute(&mut *tx).await?;
        let contacts = sqlx::query("DELETE FROM contact WHERE LOWER(TRIM(email)) = $1")
            .bind(email.clone())
            .execute(&mut *tx)
            .await?;
        let mut answers = 0;
        for (id, _, personal) in waves(&mut tx, "", "").await? {
            answers += strip_answers(&mut tx, id, &personal, Some(&email), true).await?.len() as u64;
        }
        let people_met = sqlx::query("UPDATE person SET name = $1, email = NULL WHERE LOWER(TRIM(email)) = $2")
            .bind(ERASED_NAME)
            .bind(email.clone())
            .execute(&mut *tx)
            .await?;
        let outbox = crate::outbox::erase(&mut tx, &email).await?;
        let link_requests = crate::link_requests::erase(&mut tx, &email).await?;
        let mail_log =
            pseudonymise(&mut tx, "mail_log", &["email", "subject", "error"], &["error"], &email, &pseudonym).await?;
        let audit = pseudonymise(&mut tx, "audit_log", &["actor", "subject"], &[], &email, &pseudonym).await?;
        let entered_by = sqlx::query("UPDATE response SET entered_by = $1 WHERE LOWER(entered_by) = $2")
            .bind(pseudonym.clone())
            .bind(email.clone())
            .execute(&mut *tx)
            .await?;
        let agent_saves = crate::agents::erase_agent(&mut tx, &email, &pseudonym).await?;
        let leftovers = find_text(&mut tx, self.backend, &email).await?;
        tx.commit().await?;
        Ok(Erasure {
            pseudonym,
            users: users.rows_affected(),
            contacts: contacts.rows_affected(),
            answers,
            people_met: people_met.rows_affected(),
            mail_log,
            outbox,
            audit,
            link_requests,
            entered_by: entered_by.rows_affected(),
            agent_saves,
            leftovers,
        })
    }

    /// Where `text` (any case) appears in the database: every text column of every table.
    pub async fn find_text(&self, text: &str) -> Result<Vec<Occurrence>> {
        let mut tx = self.pool.begin().await?;
        let found = find_text(&mut tx, self.backend, &text.to_lowercase()).await?;
        tx.commit().await?;
        Ok(found)
    }
}
