//! Turning the rows of a territory CSV into units, then checking the links between them.
//!
//! Kept apart from the CSV reading itself: this is where the rules of each kind of unit live
//! (what is required, what may be left empty), and where a parent that comes later in the
//! file is found before a child is refused.

use super::{NATURE_COLUMN, Row, SIREN_COLUMN};
use crate::error::ImportError;
use mutu_domain::codes::{CodeError, CommuneCode, DepartementCode, EpciCode, RegionCode, Siren};
use mutu_domain::territory::{Commune, Departement, Epci, Nature, Region, Territory};
use std::collections::{HashMap, HashSet};

/// A unit and where it was read: the line, and the `region` it claims, checked later.
struct Placed<T> {
    line: usize,
    unit: T,
    region: Option<RegionCode>,
}

/// The units read so far, and the line each code first appeared on, per kind.
#[derive(Default)]
pub(super) struct Units {
    regions: Vec<Placed<Region>>,
    departements: Vec<Placed<Departement>>,
    epci: Vec<Placed<Epci>>,
    communes: Vec<Placed<Commune>>,
    seen: HashMap<(Kind, String), usize>,
    /// The line each commune's SIREN first appeared on.
    sirens: HashMap<String, usize>,
}

/// The four kinds of unit a line can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Region,
    Departement,
    Epci,
    Commune,
}

impl Kind {
    fn parse(value: &str) -> Option<Self> {
        match value.to_lowercase().as_str() {
            "region" => Some(Kind::Region),
            "departement" => Some(Kind::Departement),
            "epci" => Some(Kind::Epci),
            "commune" => Some(Kind::Commune),
            _ => None,
        }
    }

    /// The unit with its article, for messages.
    fn what(self) -> &'static str {
        match self {
            Kind::Region => "une région",
            Kind::Departement => "un département",
            Kind::Epci => "un EPCI",
            Kind::Commune => "une commune",
        }
    }
}

/// One row being read: builds its errors and parses its fields.
struct Fields<'a> {
    file: &'a str,
    row: &'a Row<'a>,
    kind: Kind,
}

impl<'a> Fields<'a> {
    fn fault(&self, field: &str, message: impl Into<String>) -> ImportError {
        ImportError::at(self.file, self.row.line, field, message)
    }

    fn required(&self, field: &str, value: &'a str) -> Result<&'a str, ImportError> {
        if value.is_empty() {
            Err(self.fault(field, format!("valeur obligatoire pour {}", self.kind.what())))
        } else {
            Ok(value)
        }
    }

    fn code<T>(&self, field: &str, value: &'a str, parse: fn(&str) -> Result<T, CodeError>) -> Result<T, ImportError> {
        parse(self.required(field, value)?).map_err(|e| self.fault(field, e.to_string()))
    }

    fn optional_code<T>(
        &self,
        field: &str,
        value: &str,
        parse: fn(&str) -> Result<T, CodeError>,
    ) -> Result<Option<T>, ImportError> {
        if value.is_empty() {
            return Ok(None);
        }
        parse(value).map(Some).map_err(|e| self.fault(field, e.to_string()))
    }

    fn population(&self, value: &str) -> Result<u64, ImportError> {
        parse_population(value).map_err(|m| self.fault("population", m))
    }

    /// Refuses a column naming another unit of the row's own kind.
    fn same(&self, field: &str, value: &str, code: &str) -> Result<(), ImportError> {
        if value.is_empty() || value == code {
            Ok(())
        } else {
            Err(self.fault(field, format!("« {value} » diffère du code {code} de la ligne ({} ne peut appartenir à une autre unité de même niveau)", self.kind.what())))
        }
    }
}

impl Units {
    /// Reads one data row into its unit; links to other units are checked at the end.
    pub(super) fn add(&mut self, file: &str, row: &Row) -> Result<(), ImportError> {
        let line = row.line;
        let kind = Kind::parse(row.kind).ok_or_else(|| {
            let message = format!("« {} » inconnu (attendu : region, departement, epci ou commune)", row.kind);
            ImportError::at(file, line, "kind", message)
        })?;
        let f = Fields { file, row, kind };
        let region = f.optional_code("region", row.region, RegionCode::parse)?;
        match kind {
            Kind::Region => {
                let code = f.code("code", row.code, RegionCode::parse)?;
                f.same("region", row.region, code.as_str())?;
                let name = f.required("name", row.name)?.to_owned();
                self.first(&f, code.as_str())?;
                self.regions.push(Placed { line, unit: Region { code, name }, region: None });
            }
            Kind::Departement => {
                let code = f.code("code", row.code, DepartementCode::parse)?;
                f.same("departement", row.departement, code.as_str())?;
                let name = f.required("name", row.name)?.to_owned();
                let region = f.code("region", row.region, RegionCode::parse)?;
                self.first(&f, code.as_str())?;
                let unit = Departement { code, name, region };
                self.departements.push(Placed { line, unit, region: None });
            }
            Kind::Epci => {
                let code = f.code("code", row.code, EpciCode::parse)?;
                f.same("epci", row.epci, code.as_str())?;
                f.same(SIREN_COLUMN, row.siren, code.as_str())?;
                let name = f.required("name", row.name)?.to_owned();
                let departement = f.code("departement", row.departement, DepartementCode::parse)?;
                let nature = match row.nature {
                    "" => Nature::from_name(&name),
                    given => Some(given.parse::<Nature>().map_err(|m| f.fault(NATURE_COLUMN, m))?),
                };
                let population = match row.population {
                    "" => None,
                    given => Some(f.population(given)?),
                };
                self.first(&f, code.as_str())?;
                let unit = Epci { code, name, nature, departement, population };
                self.epci.push(Placed { line, unit, region });
            }
            Kind::Commune => {
                let code = f.code("code", row.code, CommuneCode::parse)?;
                let name = f.required("name", row.name)?.to_owned();
                let departement = f.code("departement", row.departement, DepartementCode::parse)?;
                let epci = f.optional_code("epci", row.epci, EpciCode::parse)?;
                let population = f.population(f.required("population", row.population)?)?;
                let siren = f.optional_code(SIREN_COLUMN, row.siren, Siren::parse)?;
                self.first(&f, code.as_str())?;
                if let Some(siren) = &siren {
                    self.first_siren(&f, siren)?;
                }
                let unit = Commune { code, name, departement, epci, population, siren };
                self.communes.push(Placed { line, unit, region });
            }
        }
        Ok(())
    }

    /// Records the first line of a code, refusing a code given twice for one kind.
    fn first(&mut self, f: &Fields, code: &str) -> Result<(), ImportError> {
        match self.seen.insert((f.kind, code.to_owned()), f.row.line) {
            Some(earlier) => Err(f.fault("code", format!("{code} déjà donné ligne {earlier}"))),
            None => Ok(()),
        }
    }

    /// Records the line of a commune's SIREN, refusing one given to two communes.
    fn first_siren(&mut self, f: &Fields, siren: &Siren) -> Result<(), ImportError> {
        match self.sirens.insert(siren.as_str().to_owned(), f.row.line) {
            Some(earlier) => Err(f.fault(SIREN_COLUMN, format!("{siren} déjà donné ligne {earlier}"))),
            None => Ok(()),
        }
    }

    /// Checks every link, reporting the child's line (the earliest line at fault), then
    /// builds the territory.
    pub(super) fn into_territory(self, file: &str) -> Result<Territory, ImportError> {
        let regions: HashSet<&RegionCode> = self.regions.iter().map(|r| &r.unit.code).collect();
        let region_of: HashMap<&DepartementCode, &RegionCode> =
            self.departements.iter().map(|d| (&d.unit.code, &d.unit.region)).collect();
        let epci: HashSet<&EpciCode> = self.epci.iter().map(|e| &e.unit.code).collect();
        let mut faults: Vec<ImportError> = Vec::new();
        for d in &self.departements {
            if !regions.contains(&d.unit.region) {
                let message = format!("région {} absente du fichier", d.unit.region);
                faults.push(ImportError::at(file, d.line, "region", message));
            }
        }
        // A unit placed in a département: it must exist, and agree with a région if given.
        let mut check_place = |line: usize, departement: &DepartementCode, claimed: &Option<RegionCode>| match region_of
            .get(departement)
        {
            None => {
                let message = format!("département {departement} absent du fichier");
                faults.push(ImportError::at(file, line, "departement", message));
            }
            Some(actual) => {
                if let Some(claimed) = claimed.as_ref().filter(|c| c != actual) {
                    let message =
                        format!("région {claimed} différente de celle du département {departement} ({actual})");
                    faults.push(ImportError::at(file, line, "region", message));
                }
            }
        };
        for e in &self.epci {
            check_place(e.line, &e.unit.departement, &e.region);
        }
        for c in &self.communes {
            check_place(c.line, &c.unit.departement, &c.region);
        }
        for c in &self.communes {
            if let Some(parent) = c.unit.epci.as_ref().filter(|p| !epci.contains(p)) {
                let message = format!("EPCI {parent} absent du fichier");
                faults.push(ImportError::at(file, c.line, "epci", message));
            }
        }
        if let Some(first) = faults.into_iter().min_by_key(|e| e.line) {
            return Err(first);
        }
        let territory = Territory {
            regions: self.regions.into_iter().map(|p| p.unit).collect(),
            departements: self.departements.into_iter().map(|p| p.unit).collect(),
            epci: self.epci.into_iter().map(|p| p.unit).collect(),
            communes: self.communes.into_iter().map(|p| p.unit).collect(),
            population_year: None,
        };
        territory.check().map_err(|e| ImportError::file(file, format!("territoire incohérent : {e}")))?;
        Ok(territory)
    }
}

/// Reads a population: a non-negative integer, spaces between thousands accepted (as
/// spreadsheets write them).
fn parse_population(value: &str) -> Result<u64, String> {
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().map_err(|_| format!("« {value} » est trop grand pour une population"))
    } else if digits.strip_prefix('-').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
        Err(format!("« {value} » : une population ne peut pas être négative"))
    } else {
        Err(format!("« {value} » n'est pas un nombre entier"))
    }
}
