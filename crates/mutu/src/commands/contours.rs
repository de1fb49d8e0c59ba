//! `mutu territory contours FILE`, the join of the bundled contours on every territory
//! import (maps and pooling groups need each commune's outline), and `mutu campaign
//! outlines`, the targets' outlines for other tools.

use super::{campaign_code, display_name, read_file, spinner};
use anyhow::Context;
use clap::Args;
use geo::MultiPolygon;
use mutu_app::territory::join_bundled_contours;
use mutu_domain::territory::Territory;
use mutu_import::read_geojson_contours;
use mutu_storage::Store;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `mutu territory contours`.
#[derive(Debug, Args)]
pub struct ContoursArgs {
    /// GeoJSON FeatureCollection des communes (Polygon ou MultiPolygon en WGS84 lon/lat).
    pub file: PathBuf,
    /// Propriété des entités qui porte le code INSEE de la commune.
    #[arg(long, default_value = "code")]
    pub property: String,
}

/// Imports contours from a GeoJSON file, all or nothing, for communes of the territory.
pub async fn import_file(store: &Store, args: ContoursArgs) -> anyhow::Result<()> {
    let bytes = read_file(&args.file)?;
    let text = String::from_utf8(bytes).with_context(|| format!("{} n'est pas en UTF-8", display_name(&args.file)))?;
    let contours = read_geojson_contours(&display_name(&args.file), &text, &args.property)?;
    let written = store.import_contours(&contours).await?;
    println!("Contours importés : {written} communes.");
    report_missing(&store.communes_without_contour().await?);
    Ok(())
}

/// Joins the bundled contours to the communes of `territory` and says which have none.
pub async fn join_bundled(store: &Store, territory: &Territory) -> anyhow::Result<()> {
    let bar = spinner("Jonction des contours des communes…");
    let joined = join_bundled_contours(store, territory).await;
    bar.finish_and_clear();
    let joined = joined?;
    println!("Contours joints : {} communes.", joined.joined);
    report_missing(&joined.missing);
    Ok(())
}

/// Names the communes without a contour (merged or created since the contours were made):
/// their EPCI is drawn from its other communes.
fn report_missing(missing: &[String]) {
    if !missing.is_empty() {
        println!(
            "{} commune(s) sans contour (fusionnée(s) ou créée(s) depuis ; leur EPCI est dessiné sans elles) : {}",
            missing.len(),
            missing.join(", ")
        );
    }
}

/// Writes the outline of every target of a wave (an EPCI's communes dissolved into one
/// shape) as a GeoJSON FeatureCollection with each target's code and name.
pub async fn write_outlines(store: &Store, code: &str, output: Option<PathBuf>) -> anyhow::Result<()> {
    let code = campaign_code(code)?;
    let campaign = store.campaign(&code).await?;
    let bar = spinner("Dissolution des contours des communes par cible…");
    let outlines = store.wave_outlines(&campaign).await?;
    bar.finish_and_clear();
    if outlines.is_empty() {
        anyhow::bail!(
            "aucun contour de commune enregistré : importez le référentiel national ou `mutu territory contours`"
        );
    }
    let names = campaign.target_index();
    let features: Vec<_> = outlines
        .iter()
        .map(|(target, shape)| {
            json!({
                "type": "Feature",
                "properties": { "code": target, "name": names.get(target.as_str()).map(|t| t.name.as_str()) },
                "geometry": { "type": "MultiPolygon", "coordinates": coordinates(shape) },
            })
        })
        .collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    match &output {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("création de {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            serde_json::to_writer(&mut out, &collection)?;
            out.flush()?;
            println!("Contours de {} cibles écrits dans {}.", outlines.len(), display_name(path));
        }
        None => println!("{collection}"),
    }
    Ok(())
}

/// GeoJSON coordinates of a multipolygon: polygons, rings, `[lon, lat]` positions.
fn coordinates(shape: &MultiPolygon) -> Vec<Vec<Vec<[f64; 2]>>> {
    shape
        .iter()
        .map(|polygon| {
            std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
                .collect()
        })
        .collect()
}
