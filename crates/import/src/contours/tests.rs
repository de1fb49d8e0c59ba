//! The TopoJSON and GeoJSON readers of commune contours.

use super::*;
use mutu_domain::geography::geo::Area;

/// Two unit squares side by side sharing arc 1 (the border x = 1), quantized.
const TOPO: &str = r#"{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[2,40]},
  "arcs":[[[2,0],[-2,0],[0,2],[2,0]],[[2,2],[0,-2]],[[2,0],[2,0],[0,2],[-2,0]]],
  "objects":{"communes":{"type":"GeometryCollection","geometries":[
    {"type":"Polygon","id":"59001","arcs":[[0,1]]},
    {"type":"MultiPolygon","id":"59002","arcs":[[[2,-2]]]}]}}}"#;

#[test]
fn topojson_arcs_become_closed_rings_sharing_their_border() {
    let contours = read_topojson("t.json", TOPO).unwrap();
    let west = &contours["59001"];
    let east = &contours["59002"];
    assert_eq!(west.unsigned_area(), 1.0);
    assert_eq!(east.unsigned_area(), 1.0);
    let ring = west.0[0].exterior();
    assert_eq!(ring.0.first(), ring.0.last(), "closed");
    assert!(east.0[0].exterior().0.contains(&Coord { x: 3.0, y: 41.0 }));
}

#[test]
fn the_bundled_contours_cover_the_current_communes() {
    let contours = bundled_contours().unwrap();
    assert!(contours.len() > 34_800, "{}", contours.len());
    let lille = &contours["59350"];
    let centre = lille.0[0].exterior().0[0];
    assert!((2.9..3.2).contains(&centre.x) && (50.5..50.8).contains(&centre.y), "{centre:?}");
}

const GEOJSON: &str = r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"insee":"59001","code":"x"},
   "geometry":{"type":"Polygon","coordinates":[[[3,50],[3.1,50],[3.1,50.1],[3,50.1],[3,50]]]}},
  {"type":"Feature","properties":{"insee":59002},
   "geometry":{"type":"MultiPolygon","coordinates":[[[[3.1,50],[3.2,50],[3.2,50.1],[3.1,50]]]]}}]}"#;

#[test]
fn geojson_features_are_read_by_the_chosen_property() {
    let contours = read_geojson_contours("c.geojson", GEOJSON, "insee").unwrap();
    assert_eq!(contours.keys().collect::<Vec<_>>(), ["59001", "59002"]);
}

#[test]
fn a_bad_feature_is_named_and_nothing_is_read() {
    let e = read_geojson_contours("c.geojson", GEOJSON, "code").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("features[0] (x)"), "{e}");
    let e = read_geojson_contours("c.geojson", GEOJSON, "nom").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("features[0].properties.nom"));
    let doubled = GEOJSON.replace("59002", "\"59001\"");
    let e = read_geojson_contours("c.geojson", &doubled, "insee").unwrap_err();
    assert!(e.to_string().contains("59001 en double"), "{e}");
    let open = GEOJSON.replace("[3.1,50],[3.2,50],[3.2,50.1],[3.1,50]", "[3.1,50],[3.1,50]");
    let e = read_geojson_contours("c.geojson", &open, "insee").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("features[1] (59002).geometry.coordinates"));
}
