//! Conformance of geography: commune contours and each wave's adjacency graph.

use super::{campaign, territory};
use anyhow::Result;
use mutu_domain::codes::CampaignCode;
use mutu_domain::geography::geo::{MultiPolygon, Rect, polygon};
use mutu_domain::geography::{Adjacency, Contours};
use mutu_storage::{Store, StoreError, decode_shape, encode_shape};

fn square(x: f64, y: f64) -> MultiPolygon {
    MultiPolygon::new(vec![Rect::new((x, y), (x + 0.01, y + 0.01)).to_polygon()])
}

pub(super) async fn contours_round_trip_and_unknown_communes_are_refused(store: &Store) -> Result<()> {
    store.import_territory(&territory(236_710)).await?;
    let with_hole = MultiPolygon::new(vec![
        polygon!(exterior: [(x: 3.0, y: 50.0), (x: 3.1, y: 50.0), (x: 3.1, y: 50.1), (x: 3.0, y: 50.0)],
                 interiors: [[(x: 3.05, y: 50.01), (x: 3.06, y: 50.01), (x: 3.06, y: 50.02), (x: 3.05, y: 50.01)]]),
        polygon![(x: 3.2, y: 50.0), (x: 3.3, y: 50.0), (x: 3.3, y: 50.1), (x: 3.2, y: 50.0)],
    ]);
    let mut contours =
        Contours::from([("59350".to_owned(), with_hole.clone()), ("59512".to_owned(), square(3.1, 50.6))]);
    assert_eq!(store.import_contours(&contours).await?, 2);
    assert_eq!(store.contours().await?, contours);
    assert_eq!(decode_shape(&encode_shape(&with_hole)), Some(with_hole));
    assert_eq!(store.communes_without_contour().await?, ["62001", "62041"]);

    contours.insert("62041".to_owned(), square(2.7, 50.2));
    contours.insert("99999".to_owned(), square(0.0, 0.0));
    let refused = store.import_contours(&contours).await;
    assert!(matches!(&refused, Err(StoreError::NotFound(m)) if m.contains("99999")), "{refused:?}");
    assert_eq!(store.communes_without_contour().await?, ["62001", "62041"], "nothing written");
    Ok(())
}

pub(super) async fn wave_adjacency_is_kept_with_the_wave(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let wave = campaign(&t, "hdf-2026");
    store.create_campaign(&wave).await?;
    assert_eq!(store.wave_adjacency(&wave.code).await?, None, "never computed");
    store.set_wave_adjacency(&wave.code, &Adjacency::default()).await?;
    assert_eq!(store.wave_adjacency(&wave.code).await?, Some(Adjacency::default()), "computed, empty");
    let graph = Adjacency::from_pairs([("200093201".to_owned(), "200033579".to_owned())]);
    store.set_wave_adjacency(&wave.code, &graph).await?;
    assert_eq!(store.wave_adjacency(&wave.code).await?, Some(graph));
    let unknown = CampaignCode::parse("nope").expect("code");
    assert!(matches!(store.wave_adjacency(&unknown).await, Err(StoreError::NotFound(_))));
    Ok(())
}

pub(super) async fn adjacency_is_computed_on_first_use_and_kept(store: &Store) -> Result<()> {
    let t = territory(236_710);
    store.import_territory(&t).await?;
    let wave = campaign(&t, "hdf-2026");
    store.create_campaign(&wave).await?;
    assert_eq!(store.adjacency_for(&wave).await?, None, "no contour, nothing to compute");
    assert!(store.wave_outlines(&wave).await?.is_empty());
    // Lille and Roubaix (one EPCI) side by side, Arras (another) east of Roubaix.
    let contours: Contours =
        [("59350", square(3.0, 50.0)), ("59512", square(3.01, 50.0)), ("62041", square(3.02, 50.0))]
            .into_iter()
            .map(|(code, shape)| (code.to_owned(), shape))
            .collect();
    store.import_contours(&contours).await?;
    let graph = Adjacency::from_pairs([("200033579".to_owned(), "200093201".to_owned())]);
    assert_eq!(store.adjacency_for(&wave).await?, Some(graph.clone()), "computed on first use");
    assert_eq!(store.wave_adjacency(&wave.code).await?, Some(graph.clone()), "and stored");
    let outlines = store.wave_outlines(&wave).await?;
    assert_eq!(outlines.keys().collect::<Vec<_>>(), ["200033579", "200093201"]);
    assert_eq!(outlines["200093201"].0.len(), 1, "Lille and Roubaix dissolved into one piece");
    store.import_contours(&Contours::from([("62041".to_owned(), square(5.0, 50.0))])).await?;
    assert_eq!(store.adjacency_for(&wave).await?, Some(graph), "later contours change nothing");
    Ok(())
}
