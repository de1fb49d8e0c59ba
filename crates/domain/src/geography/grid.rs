//! A hand-made territory for tests: a 3 × 3 grid of square communes in three EPCI.
//!
//! Communes `59001` … `59009` run row by row from the south-west corner (lon 3.00, lat
//! 50.00), each 0.01° square. The EPCI are the columns: `200000001` (west, Nord),
//! `200000002` (middle, Nord) and `200000003` (east, Pas-de-Calais). Populations are
//! 1 000 × the commune's number.

use crate::testing::WaveBuilder;

use super::Contours;
use crate::campaign::{Campaign, TargetLevel, build_targets};
use crate::codes::{CommuneCode, DepartementCode, EpciCode, RegionCode};
use crate::territory::{Commune, Departement, Epci, Region, Territory};
use geo::{MultiPolygon, Rect};

/// Side of a commune, degrees.
pub const SIDE: f64 = 0.01;

/// The code of the commune at (row, column).
pub fn commune(row: usize, col: usize) -> String {
    format!("59{:03}", row * 3 + col + 1)
}

/// The code of the EPCI of a column.
pub fn epci(col: usize) -> String {
    format!("20000000{}", col + 1)
}

/// The grid's territory.
pub fn territory() -> Territory {
    let dep = |c: &str| DepartementCode::parse(c).unwrap();
    let departement = |col: usize| dep(if col == 2 { "62" } else { "59" });
    Territory {
        regions: vec![Region { code: RegionCode::parse("32").unwrap(), name: "Hauts-de-France".into() }],
        departements: ["59", "62"]
            .iter()
            .map(|c| Departement { code: dep(c), name: format!("Dép. {c}"), region: RegionCode::parse("32").unwrap() })
            .collect(),
        epci: (0..3)
            .map(|col| Epci {
                code: EpciCode::parse(&epci(col)).unwrap(),
                name: format!("CC colonne {}", col + 1),
                nature: None,
                departement: departement(col),
                population: None,
            })
            .collect(),
        communes: (0..9)
            .map(|i| Commune {
                code: CommuneCode::parse(&commune(i / 3, i % 3)).unwrap(),
                name: format!("Commune {}", i + 1),
                departement: departement(i % 3),
                epci: Some(EpciCode::parse(&epci(i % 3)).unwrap()),
                population: 1_000 * (i as u64 + 1),
                siren: None,
            })
            .collect(),
        population_year: Some(2022),
    }
}

/// The square of the commune at (row, column), (lon, lat).
pub fn square(row: usize, col: usize) -> MultiPolygon {
    let (x, y) = (3.0 + SIDE * col as f64, 50.0 + SIDE * row as f64);
    MultiPolygon::new(vec![Rect::new((x, y), (x + SIDE, y + SIDE)).to_polygon()])
}

/// Contours of the nine communes.
pub fn contours() -> Contours {
    (0..9).map(|i| (commune(i / 3, i % 3), square(i / 3, i % 3))).collect()
}

/// A wave over the grid's targets at `level`.
pub fn campaign(level: TargetLevel) -> Campaign {
    WaveBuilder::new("grille")
        .name("Grille")
        .level(level)
        .targets(build_targets(&territory(), level, &[], &[]).unwrap())
        .population_year(2022)
        .build()
}
