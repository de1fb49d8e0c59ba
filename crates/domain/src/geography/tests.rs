//! Dissolve, adjacency and their rule on the 3 × 3 grid of `grid.rs`.

use super::grid::{self, SIDE, commune, epci};
use super::*;
use crate::campaign::TargetLevel;
use geo::{Area, MapCoords, MultiPolygon};

fn pairs(adjacency: &Adjacency) -> Vec<(String, String)> {
    adjacency.pairs().map(|(a, b)| (a.to_owned(), b.to_owned())).collect()
}

#[test]
fn epci_outlines_are_the_union_of_their_communes() {
    let territory = grid::territory();
    let contours = grid::contours();
    let campaign = grid::campaign(TargetLevel::Epci);
    let parts = TargetParts::collect(&campaign, &territory, &contours);
    assert!(parts.missing.is_empty());
    let outlines = parts.outlines();
    assert_eq!(outlines.len(), 3);
    for col in 0..3 {
        let outline = &outlines[&epci(col)];
        assert_eq!(outline.0.len(), 1, "one piece");
        assert!(outline.0[0].interiors().is_empty(), "no sliver hole");
        assert!((outline.unsigned_area() - 3.0 * SIDE * SIDE).abs() < 1e-12);
    }
}

#[test]
fn a_commune_without_contour_is_reported_and_its_epci_drawn_from_the_rest() {
    let territory = grid::territory();
    let mut contours = grid::contours();
    contours.remove(&commune(1, 0));
    let campaign = grid::campaign(TargetLevel::Epci);
    let parts = TargetParts::collect(&campaign, &territory, &contours);
    assert_eq!(parts.missing, vec![commune(1, 0)]);
    let outline = &parts.outlines()[&epci(0)];
    assert_eq!(outline.0.len(), 2, "the west column is now two squares");
}

#[test]
fn epci_columns_touch_their_neighbours_only() {
    let adjacency = wave_adjacency(&grid::campaign(TargetLevel::Epci), &grid::territory(), &grid::contours());
    assert_eq!(pairs(&adjacency), vec![(epci(0), epci(1)), (epci(1), epci(2))]);
}

#[test]
fn communes_touching_at_a_corner_only_are_not_neighbours() {
    let adjacency = wave_adjacency(&grid::campaign(TargetLevel::Commune), &grid::territory(), &grid::contours());
    assert_eq!(adjacency.len(), 12, "6 horizontal and 6 vertical borders");
    assert!(adjacency.contains(&commune(0, 0), &commune(0, 1)));
    assert!(adjacency.contains(&commune(1, 0), &commune(0, 0)));
    assert!(!adjacency.contains(&commune(0, 0), &commune(1, 1)), "diagonal");
    assert_eq!(adjacency.neighbours()[commune(1, 1).as_str()].len(), 4);
}

#[test]
fn slivers_narrower_than_the_tolerance_neither_break_nor_create_borders() {
    let rule = AdjacencyRule { tolerance: 0.05, min_shared: 0.25, max_piece: 0.1 };
    let unit = |x: f64, y: f64| MultiPolygon::from(geo::Rect::new((x, y), (x + 1.0, y + 1.0)).to_polygon());
    let shifted = |s: &MultiPolygon, dx: f64, dy: f64| s.map_coords(|c| geo::Coord { x: c.x + dx, y: c.y + dy });
    let a = unit(0.0, 0.0);
    // A gap of 0.02 and an overlap of 0.02: still one border.
    let gap = shifted(&unit(1.0, 0.0), 0.02, 0.0);
    let overlap = shifted(&unit(0.0, 1.0), 0.0, -0.02);
    // A corner touch, and a square 0.28 away from `gap`: no border.
    let corner = unit(-1.0, -1.0);
    let apart = unit(2.3, 0.0);
    let shapes = [("a", &a), ("gap", &gap), ("overlap", &overlap), ("corner", &corner), ("apart", &apart)];
    let found = adjacency(shapes, &rule);
    let expected = [("a", "gap"), ("a", "overlap")].map(|(x, y)| (x.to_owned(), y.to_owned()));
    assert_eq!(pairs(&found), expected.to_vec());
}
