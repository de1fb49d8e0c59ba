//! Conformance of the bulk reads of a wave: the complete answers the analysis decodes on
//! every core, the row-by-row stream of the exports, and the one-target wave of a
//! respondent's page all agree with the plain reads, on both engines.

use mutu_domain::testing::WaveBuilder;

use super::{answers, code, territory};
use anyhow::Result;
use futures_util::TryStreamExt;
use mutu_domain::answers::{Response, ResponseStatus};
use mutu_domain::campaign::{Campaign, TargetLevel};
use mutu_domain::codes::{CommuneCode, DepartementCode};
use mutu_domain::territory::Commune;
use mutu_storage::Store;

/// Enough communes for the reads to split their decoding over several threads.
const COMMUNES: usize = 1_500;

/// A commune wave over the test territory plus `COMMUNES` generated communes, with an answer
/// from every commune: complete for two in three, a draft for the others.
async fn large_wave(store: &Store) -> Result<Campaign> {
    let mut t = territory(236_710);
    t.communes.extend((0..COMMUNES).map(|i| {
        let departement = if i < 1_000 { "59" } else { "62" };
        Commune {
            code: code(CommuneCode::parse, &format!("{departement}{:03}", i % 1_000)),
            name: format!("Commune {i}"),
            departement: code(DepartementCode::parse, departement),
            epci: None,
            population: 100 + i as u64,
            siren: None,
        }
    }));
    // Stable sort: the test territory's own communes come first and are the ones kept.
    t.communes.sort_by(|a, b| a.code.cmp(&b.code));
    t.communes.dedup_by(|a, b| a.code == b.code);
    store.import_territory(&t).await?;
    let campaign = WaveBuilder::new("communes-2026")
        .name("Vague des communes")
        .level(TargetLevel::Commune)
        .targets_from(&t)
        .build();
    store.create_campaign(&campaign).await?;
    let responses: Vec<Response> = campaign
        .targets
        .iter()
        .enumerate()
        .map(|(i, target)| Response {
            respondent: target.code.clone(),
            status: if i % 3 == 2 { ResponseStatus::Partial } else { ResponseStatus::Complete },
            submitted_at: None,
            answers: answers(if i % 2 == 0 { &["culture"] } else { &["tourisme", "education"] }),
        })
        .collect();
    store.import_responses(&campaign.code, &responses).await?;
    Ok(campaign)
}

pub async fn bulk_reads_agree_with_plain_reads(store: &Store) -> Result<()> {
    let campaign = large_wave(store).await?;
    assert!(campaign.targets.len() > 1_024, "the parallel decoding is exercised");
    let all = store.stored_responses(&campaign.code).await?;
    assert_eq!(all.len(), campaign.targets.len());

    let complete = store.complete_responses(&campaign.code).await?;
    let expected: Vec<Response> =
        all.iter().map(|s| s.response.clone()).filter(|r| r.status == ResponseStatus::Complete).collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(complete, expected, "complete answers, in respondent order, decoded as stored");

    let streamed: Vec<_> = store.response_stream(&campaign.code).await?.try_collect().await?;
    assert_eq!(streamed, all, "the stream gives every response with its version, in order");

    let one = &campaign.targets[7];
    let wave = store.campaign_for(&campaign.code, &one.code).await?.expect("a target of the wave");
    assert_eq!(wave.targets, vec![one.clone()]);
    assert_eq!((&wave.questionnaire, &wave.catalogue), (&campaign.questionnaire, &campaign.catalogue));
    assert!(store.campaign_for(&campaign.code, "99999").await?.is_none(), "not a target: nothing");
    Ok(())
}
