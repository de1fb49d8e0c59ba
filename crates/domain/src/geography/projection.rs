//! Map projections from WGS84 longitude/latitude to plane metres.
//!
//! Maps and lengths need a plane: Lambert-93 (EPSG:2154, the official projection of
//! metropolitan France) for areas inside the metropole, and an equirectangular projection
//! scaled by the cosine of the area's mean latitude elsewhere (overseas départements), where
//! Lambert-93 would distort badly. Both are a few lines of closed formulas, so no PROJ.

use geo::{Coord, MapCoords, MultiPolygon, Rect};

/// Mean radius of the Earth, metres, for the equirectangular projection.
const EARTH_RADIUS: f64 = 6_371_008.8;

/// A projection from (longitude, latitude) in degrees to (x, y) in metres, y northward.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Projection {
    /// Lambert-93 (EPSG:2154): conic conformal on GRS80, standard parallels 44° and 49°.
    Lambert93,
    /// Equirectangular around a reference point: x = R·Δλ·cos φ₀, y = R·φ.
    Equirectangular {
        /// Reference longitude, degrees.
        lon0: f64,
        /// Reference latitude, degrees; its cosine scales the longitudes.
        lat0: f64,
    },
}

/// Constants of Lambert-93 derived once from its definition.
struct Lambert {
    e: f64,
    n: f64,
    c: f64,
    lon0: f64,
    x0: f64,
    y0: f64,
}

fn lambert() -> Lambert {
    let a: f64 = 6_378_137.0;
    let f: f64 = 1.0 / 298.257_222_101;
    let e = (2.0 * f - f * f).sqrt();
    let m = |phi: f64| phi.cos() / (1.0 - e * e * phi.sin().powi(2)).sqrt();
    let t = |phi: f64| {
        (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - e * phi.sin()) / (1.0 + e * phi.sin())).powf(e / 2.0)
    };
    let (phi1, phi2, phi0) = (44f64.to_radians(), 49f64.to_radians(), 46.5f64.to_radians());
    let n = (m(phi1).ln() - m(phi2).ln()) / (t(phi1).ln() - t(phi2).ln());
    let big_f = m(phi1) / (n * t(phi1).powf(n));
    let c = a * big_f;
    let rho0 = c * t(phi0).powf(n);
    Lambert { e, n, c, lon0: 3f64.to_radians(), x0: 700_000.0, y0: 6_600_000.0 + rho0 }
}

impl Lambert {
    fn project(&self, lon: f64, lat: f64) -> Coord {
        let phi = lat.to_radians();
        let e_sin = self.e * phi.sin();
        let t = (std::f64::consts::FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - e_sin) / (1.0 + e_sin)).powf(self.e / 2.0);
        let rho = self.c * t.powf(self.n);
        let theta = self.n * (lon.to_radians() - self.lon0);
        Coord { x: self.x0 + rho * theta.sin(), y: self.y0 - rho * theta.cos() }
    }
}

/// Whether a (lon, lat) box lies in metropolitan France and its close surroundings.
fn metropolitan(bounds: &Rect) -> bool {
    bounds.min().x >= -6.0 && bounds.max().x <= 10.0 && bounds.min().y >= 41.0 && bounds.max().y <= 51.5
}

impl Projection {
    /// The projection fitting an area given by its (lon, lat) bounds: Lambert-93 in the
    /// metropole, equirectangular around the box's centre elsewhere.
    pub fn fitting(bounds: &Rect) -> Projection {
        if metropolitan(bounds) {
            Projection::Lambert93
        } else {
            let centre = bounds.center();
            Projection::Equirectangular { lon0: centre.x, lat0: centre.y }
        }
    }

    /// Projects one (lon, lat) coordinate.
    pub fn project(&self, c: Coord) -> Coord {
        match *self {
            Projection::Lambert93 => lambert().project(c.x, c.y),
            Projection::Equirectangular { lon0, lat0 } => Coord {
                x: EARTH_RADIUS * (c.x - lon0).to_radians() * lat0.to_radians().cos(),
                y: EARTH_RADIUS * c.y.to_radians(),
            },
        }
    }

    /// Projects a whole geometry (computing Lambert-93's constants once).
    pub fn project_shape(&self, shape: &MultiPolygon) -> MultiPolygon {
        match *self {
            Projection::Lambert93 => {
                let l = lambert();
                shape.map_coords(|c| l.project(c.x, c.y))
            }
            Projection::Equirectangular { .. } => shape.map_coords(|c| self.project(c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert93_matches_the_reference_points() {
        // The projection's origin maps to its false easting and northing.
        let origin = Projection::Lambert93.project(Coord { x: 3.0, y: 46.5 });
        assert!((origin.x - 700_000.0).abs() < 0.01 && (origin.y - 6_600_000.0).abs() < 0.01, "{origin:?}");
        // The scale is true along both standard parallels: 0.01° of longitude there spans
        // the ellipsoid's parallel arc, N·cos φ·Δλ.
        let (a, e2) = (6_378_137.0f64, 0.006_694_380_022_903_416f64);
        for lat in [44.0f64, 49.0] {
            let p = Projection::Lambert93.project(Coord { x: 2.995, y: lat });
            let q = Projection::Lambert93.project(Coord { x: 3.005, y: lat });
            let measured = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt();
            let phi = lat.to_radians();
            let arc = a / (1.0 - e2 * phi.sin().powi(2)).sqrt() * phi.cos() * 0.01f64.to_radians();
            assert!((measured - arc).abs() < 0.01, "{lat}: {measured} vs {arc}");
        }
    }

    #[test]
    fn overseas_areas_get_an_equirectangular_projection() {
        let reunion = Rect::new(Coord { x: 55.2, y: -21.4 }, Coord { x: 55.9, y: -20.8 });
        assert!(matches!(Projection::fitting(&reunion), Projection::Equirectangular { .. }));
        let hdf = Rect::new(Coord { x: 1.3, y: 48.8 }, Coord { x: 4.3, y: 51.1 });
        assert_eq!(Projection::fitting(&hdf), Projection::Lambert93);
    }
}
