//! Storage of the study's qualitative material: organisations and people met, interviews,
//! the editable theme list and the verbatims of a wave. Imports are all or nothing and
//! re-importing updates by natural key (organisation name, person key, interview code), so a
//! corrected file can be loaded again. Verbatims come back with their anonymised attribution.

use crate::Store;
use crate::error::{Result, StoreError, corrupt, refused};
use mutu_domain::campaign::TargetLevel;
use mutu_domain::codes::CampaignCode;
use mutu_domain::qualitative::{
    AttributedVerbatim, Attribution, BodyType, Interview, Organisation, Person, Theme, Verbatim, VerbatimSource,
    default_themes,
};
use sqlx::{Any, Row, Transaction};
use std::collections::{BTreeSet, HashMap};

/// Separator of theme codes in the `themes` column.
const THEME_SEPARATOR: char = ';';

fn body_type(code: &str) -> Result<BodyType> {
    BodyType::parse(code).ok_or_else(|| corrupt(format!("type d'organisme « {code} »")))
}

/// The key grouping a wave's verbatims by source: a re-import replaces a source's verbatims.
fn source_key(source: &VerbatimSource) -> String {
    match source {
        VerbatimSource::Interview { code } => format!("entretien:{code}"),
        VerbatimSource::Answer { respondent, question } => format!("reponse:{respondent}:{question}"),
    }
}

async fn id_of(tx: &mut Transaction<'static, Any>, sql: &'static str, key: &str, what: String) -> Result<i64> {
    sqlx::query_scalar(sql).bind(key.to_owned()).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound(what))
}

impl Store {
    /// Adds or updates organisations (by name) and the people met (by key), all or nothing;
    /// returns how many of each. A person of an organisation that is nowhere is `NotFound`.
    pub async fn import_actors(&self, organisations: &[Organisation], people: &[Person]) -> Result<(u64, u64)> {
        let mut tx = self.write().await?;
        for o in organisations {
            sqlx::query(
                "INSERT INTO organisation (name, in_territory, body_type) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET in_territory = excluded.in_territory, body_type = excluded.body_type",
            )
            .bind(o.name.clone())
            .bind(i64::from(o.in_territory))
            .bind(o.body_type.code())
            .execute(&mut *tx)
            .await?;
        }
        for p in people {
            let missing = format!("l'organisation « {} »", p.organisation);
            let org = id_of(&mut tx, "SELECT id FROM organisation WHERE name = $1", &p.organisation, missing).await?;
            sqlx::query(
                "INSERT INTO person (person_key, organisation_id, name, role, email) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (person_key) DO UPDATE SET organisation_id = excluded.organisation_id, \
                 name = excluded.name, role = excluded.role, email = excluded.email",
            )
            .bind(p.key.clone())
            .bind(org)
            .bind(p.name.clone())
            .bind(p.role.clone())
            .bind(p.email.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((organisations.len() as u64, people.len() as u64))
    }

    /// Every organisation met: those of the study's territory first, then by name.
    pub async fn organisations(&self) -> Result<Vec<Organisation>> {
        sqlx::query("SELECT name, in_territory, body_type FROM organisation ORDER BY in_territory DESC, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Organisation {
                    name: r.try_get(0)?,
                    in_territory: r.try_get::<i64, _>(1)? != 0,
                    body_type: body_type(&r.try_get::<String, _>(2)?)?,
                })
            })
            .collect()
    }

    /// Every person met, in the order they were first imported.
    pub async fn people_met(&self) -> Result<Vec<Person>> {
        sqlx::query(
            "SELECT p.person_key, o.name, p.name, p.role, p.email FROM person p \
             JOIN organisation o ON o.id = p.organisation_id ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Person {
                key: r.try_get(0)?,
                organisation: r.try_get(1)?,
                name: r.try_get(2)?,
                role: r.try_get(3)?,
                email: r.try_get(4)?,
            })
        })
        .collect()
    }

    /// Adds or updates interviews (by code) with their participants, all or nothing; an
    /// unknown organisation or person is `NotFound`, named.
    pub async fn import_interviews(&self, interviews: &[Interview]) -> Result<u64> {
        let mut tx = self.write().await?;
        for i in interviews {
            let missing = format!("l'organisation « {} »", i.organisation);
            let org = id_of(&mut tx, "SELECT id FROM organisation WHERE name = $1", &i.organisation, missing).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO interview (code, organisation_id, held_on, duration_minutes, notes) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET organisation_id = excluded.organisation_id, \
                 held_on = excluded.held_on, duration_minutes = excluded.duration_minutes, notes = excluded.notes \
                 RETURNING id",
            )
            .bind(i.code.clone())
            .bind(org)
            .bind(i.date.clone())
            .bind(i64::from(i.duration_minutes))
            .bind(i.notes.clone())
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM interview_participant WHERE interview_id = $1").bind(id).execute(&mut *tx).await?;
            let keys: BTreeSet<&String> = i.participants.iter().collect();
            for key in keys {
                let missing = format!("la personne rencontrée « {key} »");
                let person = id_of(&mut tx, "SELECT id FROM person WHERE person_key = $1", key, missing).await?;
                sqlx::query("INSERT INTO interview_participant (interview_id, person_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(person)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(interviews.len() as u64)
    }

    /// Every interview with its participants' keys and its notes (private to the study team).
    pub async fn interviews(&self) -> Result<Vec<Interview>> {
        let rows = sqlx::query(
            "SELECT i.id, i.code, o.name, i.held_on, i.duration_minutes, i.notes FROM interview i \
             JOIN organisation o ON o.id = i.organisation_id ORDER BY i.held_on, i.code",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut participants: HashMap<i64, Vec<String>> = HashMap::new();
        for r in sqlx::query(
            "SELECT ip.interview_id, p.person_key FROM interview_participant ip \
             JOIN person p ON p.id = ip.person_id ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?
        {
            participants.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
        }
        rows.iter()
            .map(|r| {
                let minutes: i64 = r.try_get(4)?;
                Ok(Interview {
                    code: r.try_get(1)?,
                    organisation: r.try_get(2)?,
                    date: r.try_get(3)?,
                    duration_minutes: u32::try_from(minutes).map_err(corrupt)?,
                    participants: participants.remove(&r.try_get::<i64, _>(0)?).unwrap_or_default(),
                    notes: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// The theme list verbatims are coded with: the one set by the study team, else the default.
    pub async fn verbatim_themes(&self) -> Result<Vec<Theme>> {
        let themes: Vec<Theme> = sqlx::query("SELECT code, label FROM verbatim_theme ORDER BY position")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(Theme { code: r.try_get(0)?, label: r.try_get(1)? }))
            .collect::<Result<_>>()?;
        Ok(if themes.is_empty() { default_themes() } else { themes })
    }

    /// Replaces the theme list. Verbatims coded with a code no longer listed keep it (they
    /// show under that code).
    pub async fn set_verbatim_themes(&self, themes: &[Theme]) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM verbatim_theme").execute(&mut *tx).await?;
        for (position, t) in themes.iter().enumerate() {
            sqlx::query("INSERT INTO verbatim_theme (code, label, position) VALUES ($1, $2, $3)")
                .bind(t.code.clone())
                .bind(t.label.clone())
                .bind(position as i64)
                .execute(&mut *tx)
                .await
                .map_err(|e| refused(e, String::new, || format!("le thème {}", t.code)))?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores a wave's coded verbatims, all or nothing: the verbatims of each source given
    /// (an interview, or a respondent's answer to one question) replace that source's
    /// earlier ones. A theme not in the list is `Invalid`; an unknown interview or respondent
    /// is `NotFound`.
    pub async fn import_verbatims(&self, code: &CampaignCode, verbatims: &[Verbatim]) -> Result<u64> {
        let campaign = self.campaign_id(code).await?;
        let themes = self.verbatim_themes().await?;
        if let Some(unknown) = verbatims.iter().flat_map(|v| &v.themes).find(|c| !themes.iter().any(|t| &t.code == *c))
        {
            return Err(StoreError::Invalid(format!("thème « {unknown} » absent de la liste des thèmes")));
        }
        let mut tx = self.write().await?;
        let sources: BTreeSet<String> = verbatims.iter().map(|v| source_key(&v.source)).collect();
        for key in &sources {
            sqlx::query("DELETE FROM verbatim WHERE campaign_id = $1 AND source_key = $2")
                .bind(campaign)
                .bind(key.clone())
                .execute(&mut *tx)
                .await?;
        }
        for v in verbatims {
            let (interview, respondent, question) = match &v.source {
                VerbatimSource::Interview { code } => {
                    let missing = format!("l'entretien {code}");
                    (Some(id_of(&mut tx, "SELECT id FROM interview WHERE code = $1", code, missing).await?), None, None)
                }
                VerbatimSource::Answer { respondent, question } => {
                    (None, Some(respondent.clone()), Some(question.clone()))
                }
            };
            let themes = v.themes.join(&THEME_SEPARATOR.to_string());
            sqlx::query(
                "INSERT INTO verbatim (campaign_id, source_key, interview_id, respondent, question, quote, themes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(campaign)
            .bind(source_key(&v.source))
            .bind(interview)
            .bind(respondent.clone())
            .bind(question)
            .bind(v.quote.clone())
            .bind(themes)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                let who = respondent.clone().unwrap_or_default();
                refused(e, || format!("le répondant {who} parmi les cibles de la vague {code}"), String::new)
            })?;
        }
        tx.commit().await?;
        Ok(verbatims.len() as u64)
    }

    /// A wave's verbatims in import order, each with its anonymised attribution: the body
    /// type of the organisation met, or the wave's level and the target's size class.
    pub async fn verbatims(&self, code: &CampaignCode) -> Result<Vec<AttributedVerbatim>> {
        let campaign = self.campaign(code).await?;
        let id = self.campaign_id(code).await?;
        let targets = campaign.target_index();
        let level = match campaign.level {
            TargetLevel::Epci => BodyType::Epci,
            TargetLevel::Commune => BodyType::Commune,
        };
        sqlx::query(
            "SELECT i.code, o.body_type, v.respondent, v.question, v.quote, v.themes FROM verbatim v \
             LEFT JOIN interview i ON i.id = v.interview_id LEFT JOIN organisation o ON o.id = i.organisation_id \
             WHERE v.campaign_id = $1 ORDER BY v.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let interview: Option<String> = r.try_get(0)?;
            let (source, attribution) = match interview {
                Some(code) => {
                    let body = body_type(&r.try_get::<String, _>(1)?)?;
                    (VerbatimSource::Interview { code }, Attribution { body_type: body, size_class: None })
                }
                None => {
                    let respondent: String = r.try_get(2)?;
                    let size_class = targets
                        .get(respondent.as_str())
                        .map(|t| campaign.size_classes.class_of(t.population).label.clone());
                    let source = VerbatimSource::Answer { respondent, question: r.try_get(3)? };
                    (source, Attribution { body_type: level, size_class })
                }
            };
            let themes: String = r.try_get(5)?;
            let themes = themes.split(THEME_SEPARATOR).filter(|t| !t.is_empty()).map(str::to_owned).collect();
            Ok(AttributedVerbatim { verbatim: Verbatim { source, quote: r.try_get(4)?, themes }, attribution })
        })
        .collect()
    }
}
