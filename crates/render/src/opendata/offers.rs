//! `offres.csv`: the register of offers ("services prêts à l'emploi") published beside the
//! wave, so that a body, a Région or a data portal sees which structure already offers which
//! service, by which legal vehicle and where — the offers a group can join before anyone
//! creates a new structure. One row per offer; the whole register, not only the wave's
//! services (the register is the operator's, not a wave's).

use super::{Kind, Resource, Value, field};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;
use mutu_domain::offers::{Area, Offer};

/// The resource, in the register's order.
pub(super) fn resource(campaign: &Campaign, offers: &[Offer]) -> Resource {
    let catalogue = &campaign.catalogue;
    let rows = offers
        .iter()
        .map(|o| {
            vec![
                Value::text(&o.structure),
                Value::text(o.service.as_str()),
                Value::text(catalogue.label(OptionList::Services, o.service.as_str())),
                Value::text(o.vehicle.as_str()),
                Value::text(catalogue.label(OptionList::Types, o.vehicle.as_str())),
                Value::text(&o.price_model),
                Value::text(area(&o.area)),
            ]
        })
        .collect();
    Resource {
        name: "offres",
        title: "Registre des offres de services mutualisés".into(),
        description: "Ce que les structures de mutualisation (syndicats mixtes, GIP, centres de gestion, \
                      centrales d'achat…) proposent, service par service : le véhicule juridique pour y \
                      adhérer, le modèle de prix et les départements couverts."
            .into(),
        fields: vec![
            field("structure", Kind::String, "Nom de la structure qui propose l'offre"),
            field("service", Kind::String, "Code du service (catalogue de la vague)"),
            field("libelle_service", Kind::String, "Libellé du service"),
            field("vehicule", Kind::String, "Code du véhicule juridique (type de mutualisation)"),
            field("libelle_vehicule", Kind::String, "Libellé du véhicule juridique"),
            field("modele_prix", Kind::String, "Modèle de prix, en clair"),
            field("departements", Kind::String, "Départements couverts : * pour tous, sinon leurs codes séparés par |"),
        ],
        primary_key: vec!["structure", "service", "vehicule"],
        rows,
    }
}

/// The file form of an area: `*`, or the codes joined by `|`.
fn area(area: &Area) -> String {
    match area {
        Area::All => "*".to_owned(),
        Area::Departements(codes) => codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("|"),
    }
}
