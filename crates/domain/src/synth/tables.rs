//! The shape of the seed's survey, embedded as small tables: how often each service of the
//! default catalogue was deployed, studied and pooled, and which pooling types, actors,
//! obstacles and kinds of support came up most.
//!
//! The generator draws from these so fictitious waves look like the 2014 one; codes they do
//! not know (a custom catalogue) fall back to neutral values.

/// Per service code: share of respondents that deployed it, that studied it, and share of
/// its deployments already pooled (the seed's NPdC 2014 answers, rounded).
pub const SERVICES: &[(&str, f64, f64, f64)] = &[
    ("site_internet", 0.95, 0.05, 0.17),
    ("gru", 0.14, 0.02, 0.10),
    ("teleservices", 0.51, 0.08, 0.32),
    ("paiement_en_ligne", 0.24, 0.08, 0.10),
    ("portail_famille", 0.41, 0.14, 0.10),
    ("marches_publics", 0.89, 0.11, 0.45),
    ("actes", 0.84, 0.11, 0.39),
    ("chaine_comptable", 0.81, 0.11, 0.33),
    ("parapheur", 0.32, 0.03, 0.17),
    ("archivage", 0.08, 0.03, 0.33),
    ("assemblees", 0.16, 0.03, 0.17),
    ("sig", 0.76, 0.05, 0.43),
    ("ads", 0.35, 0.03, 0.62),
    ("logiciels_metiers", 0.73, 0.02, 0.30),
    ("hebergement", 0.57, 0.03, 0.43),
    ("visioconference", 0.30, 0.02, 0.18),
    ("open_data", 0.05, 0.08, 0.10),
    ("conseils_en_ligne", 0.11, 0.03, 0.10),
    ("participation_citoyenne", 0.02, 0.24, 0.10),
    ("signalement", 0.02, 0.11, 0.10),
    ("information_habitants", 0.68, 0.11, 0.08),
    ("teleassistance", 0.19, 0.11, 0.10),
    ("telemedecine", 0.02, 0.11, 0.10),
    ("coordination_domicile", 0.02, 0.03, 0.10),
    ("epn", 0.46, 0.05, 0.18),
    ("mediation_numerique", 0.02, 0.16, 0.10),
    ("wifi_public", 0.27, 0.14, 0.20),
    ("mediatheques", 0.59, 0.14, 0.23),
    ("patrimoine_numerise", 0.16, 0.14, 0.10),
    ("billetterie", 0.22, 0.05, 0.25),
    ("site_touristique", 0.65, 0.05, 0.10),
    ("sig_tourisme", 0.38, 0.08, 0.14),
    ("suivi_energie", 0.02, 0.19, 0.10),
    ("renovation_energetique", 0.02, 0.14, 0.10),
    ("eclairage_iot", 0.02, 0.05, 0.10),
    ("logement_social", 0.02, 0.08, 0.10),
    ("transport_demande", 0.14, 0.03, 0.10),
    ("information_voyageurs", 0.02, 0.08, 0.10),
    ("covoiturage", 0.02, 0.19, 0.10),
    ("ent", 0.08, 0.05, 0.67),
    ("equipement_ecoles", 0.24, 0.14, 0.10),
    ("formation_distance", 0.02, 0.05, 0.10),
    ("portail_economique", 0.43, 0.14, 0.06),
    ("tiers_lieux", 0.02, 0.14, 0.10),
    ("commerce_numerique", 0.02, 0.03, 0.10),
    ("zae_thd", 0.02, 0.22, 0.10),
];

/// Rates of a service the tables do not know: deployed, studied, pooled.
pub const UNKNOWN_SERVICE: (f64, f64, f64) = (0.30, 0.08, 0.25);

/// Mentions of each pooling type among the seed's pooled pairs.
pub const TYPES: &[(&str, f64)] = &[
    ("syndicat", 46.0),
    ("groupement_commandes", 45.0),
    ("service_commun", 37.0),
    ("mise_a_disposition", 27.0),
    ("prestation_services", 24.0),
    ("centrale_achat", 20.0),
    ("transfert_competence", 15.0),
    ("entente", 13.0),
    ("spl", 13.0),
    ("gip", 7.0),
    ("association", 2.0),
    ("autre", 1.0),
];

/// Mentions of each actor among the seed's pooled pairs.
pub const ACTORS: &[(&str, f64)] =
    &[("epci", 177.0), ("region", 50.0), ("communes", 36.0), ("departement", 36.0), ("autres", 31.0), ("etat", 30.0)];

/// Respondents citing each obstacle in the seed.
pub const OBSTACLES: &[(&str, f64)] = &[
    ("agents", 11.0),
    ("portage_politique", 11.0),
    ("temps", 11.0),
    ("accompagnement", 9.0),
    ("competences", 9.0),
    ("autonomie_communes", 8.0),
    ("cout", 7.0),
    ("juridique", 7.0),
    ("heterogeneite_si", 6.0),
    ("gouvernance", 5.0),
    ("strategie", 5.0),
    ("autre", 4.0),
    ("debit", 4.0),
];

/// Respondents citing each kind of expected support in the seed.
pub const SUPPORT: &[(&str, f64)] = &[
    ("assistance_technique", 15.0),
    ("formation_agents", 12.0),
    ("services_prets_emploi", 12.0),
    ("negociation_commerciale", 11.0),
    ("montage_dossiers", 10.0),
    ("sensibilisation_elus", 10.0),
    ("autre", 1.0),
];

/// Partners named with the actor `autres`, as in the seed.
pub const PARTNERS: &[&str] = &[
    "SM Fibre numérique",
    "Centre de gestion 59",
    "CAF",
    "Pôle Emploi",
    "CCI",
    "Offices de tourisme",
    "Chambre de métiers",
    "CNFPT",
    "Mission locale",
    "Agence d'urbanisme",
];

/// Short paraphrases of the seed's verbatims, for the free-text needs.
pub const NEEDS: &[&str] = &[
    "Un plan d'ensemble et une structure d'animation pour coordonner les projets.",
    "Cartographier d'abord les services existants, puis choisir ce qui peut être mutualisé.",
    "Partir des besoins des usagers plutôt que de produire des services numériques bruts.",
    "Les petites communes manquent de compétences informatiques.",
    "Former les agents, surtout les secrétaires de mairie, et sensibiliser les élus.",
    "Une centrale d'achat régionale qui organiserait les groupements de commandes.",
    "Une gouvernance d'ensemble : aujourd'hui chacun lance ses propres initiatives.",
    "Des services prêts à l'emploi à intégrer à nos sites web.",
    "Mutualiser dans une logique de solidarité entre collectivités.",
];

/// Precisions given with an « autre » option.
pub const OTHER_PRECISIONS: &[&str] = &[
    "Calendrier électoral et fusions d'intercommunalités.",
    "Départ de l'agent référent numérique.",
    "Réorganisation des services en cours.",
    "Priorités budgétaires ailleurs cette année.",
];

/// Looks a code up in a weight table.
pub fn weight(table: &[(&str, f64)], code: &str) -> Option<f64> {
    table.iter().find(|(c, _)| *c == code).map(|&(_, w)| w)
}
