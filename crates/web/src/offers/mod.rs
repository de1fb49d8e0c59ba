//! From the study to action: the register of offers ("services prêts à l'emploi") of the
//! pooling structures, and the needs for group purchases that a wave's answers declare.
//!
//! - `/offres`: the register, not tied to a wave. Every logged-in user reads it; leads add
//!   an offer, remove one, or replace the whole register with a pasted CSV file through the
//!   same reader as `mutu offers import` (all or nothing; a refusal names the line and the
//!   field, and the register stays as it was). Codes are checked against the default
//!   catalogue, as the CLI does: the register outlives waves, and catalogue codes are stable.
//! - `/vagues/{code}/achats-groupes`: per service, the respondents citing a groupement de
//!   commandes, and apart those asking for help to set one up
//!   ([`mutu_domain::groups::purchase_needs`]); the same as a French Excel CSV, the starting
//!   list of the Région's purchasing role.

mod purchases;
mod register;

use crate::routes::{Access, RouteTable};

/// Templates of the register and of the group purchase needs.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("offers/register.html", include_str!("../../templates/offers/register.html")),
    ("offers/purchases.html", include_str!("../../templates/offers/purchases.html")),
];

/// Routes of the register and of the group purchase needs.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/offres", Access::Viewer, register::page)
        .post("/offres", Access::Lead, register::add)
        .post("/offres/suppression", Access::Lead, register::remove)
        .post("/offres/import", Access::Lead, register::import)
        .get("/vagues/{code}/achats-groupes", Access::Viewer, purchases::page)
        .get("/vagues/{code}/achats-groupes.csv", Access::Viewer, purchases::csv)
}
