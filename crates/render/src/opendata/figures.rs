//! The figures of the analysis as open data files, in long form (one count and its rate per
//! row) so each row carries one `masque` flag for the one count it publishes.

use super::{Field, Kind, OpenDataOptions, Resource, Value, field};
use mutu_domain::analysis::{Analysis, Count, CountItem, Covered, Mention, Mentions};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::{Catalogue, OptionList};

/// The figure files, in the order of the seed.
pub(super) fn resources(analysis: &Analysis, campaign: &Campaign, options: &OpenDataOptions) -> Vec<Resource> {
    let ctx = Ctx { analysis, catalogue: &campaign.catalogue, options };
    vec![
        participation(&ctx),
        coverage(&ctx),
        counted(&ctx, Counted::Themes),
        services(&ctx),
        mentions(&ctx, "types_mutualisation", "type", &analysis.mutualisation_types, OptionList::Types),
        mentions(&ctx, "acteurs", "acteur", &analysis.actors, OptionList::Actors),
        counted(&ctx, Counted::Obstacles),
        counted(&ctx, Counted::Support),
    ]
}

struct Ctx<'a> {
    analysis: &'a Analysis,
    catalogue: &'a Catalogue,
    options: &'a OpenDataOptions,
}

impl Ctx<'_> {
    /// Whether the secrecy rule masks a count.
    fn masked(&self, count: u64) -> bool {
        self.options.secrecy.count(count).shown().is_none()
    }

    /// A count, its rate and the mask: both empty when the count is masked.
    fn counted(&self, count: u64, rate: Option<f64>) -> [Value; 3] {
        let secrecy = self.options.secrecy;
        let shown = secrecy.count(count).shown();
        [Value::Integer(shown), Value::Number(secrecy.rate(count, rate)), Value::Boolean(shown.is_none())]
    }

    /// The `masque` column.
    fn mask_field(&self) -> Field {
        let min = self.options.secrecy.min_count();
        field(
            "masque",
            Kind::Boolean,
            format!(
                "Vrai quand l'effectif est inférieur au seuil de diffusion ({min}) : l'effectif et le taux sont alors vides"
            ),
        )
    }

    fn class_label(&self, code: &str) -> String {
        self.analysis.size_classes.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.label.clone())
    }

    fn departement(&self, code: &str) -> String {
        self.options.departement_names.get(code).cloned().unwrap_or_else(|| format!("Département {code}"))
    }
}

fn participation(ctx: &Ctx) -> Resource {
    let p = &ctx.analysis.participation;
    let mut rows = Vec::new();
    let mut row = |kind: &str, code: &str, label: String, c: &Count| {
        let mut cells = vec![Value::text(kind), Value::text(code), Value::text(label), Value::Integer(Some(c.targets))];
        cells.extend(ctx.counted(c.respondents, c.rate));
        rows.push(cells);
    };
    for class in &p.by_size_class {
        row("classe_taille", &class.size_class, ctx.class_label(&class.size_class), &class.count);
    }
    for dep in &p.by_departement {
        row("departement", dep.departement.as_str(), ctx.departement(dep.departement.as_str()), &dep.count);
    }
    row("ensemble", "ensemble", "Ensemble".into(), &p.total);
    Resource {
        name: "participation",
        title: "Participation".into(),
        description: "Cibles de la vague et répondants (réponses complètes), par classe de taille, par département \
                      principal et au total."
            .into(),
        fields: vec![
            field("perimetre", Kind::String, "classe_taille, departement ou ensemble"),
            field("code", Kind::String, "Code de la classe de taille ou du département ; ensemble pour le total"),
            field("libelle", Kind::String, "Libellé de la classe de taille ou nom du département"),
            field("cibles", Kind::Integer, "Nombre de collectivités interrogées"),
            field("repondants", Kind::Integer, "Nombre de collectivités ayant répondu à tout le questionnaire"),
            field("taux_participation", Kind::Number, "repondants / cibles (fraction entre 0 et 1)"),
            ctx.mask_field(),
        ],
        primary_key: vec!["perimetre", "code"],
        rows,
    }
}

fn coverage(ctx: &Ctx) -> Resource {
    let c = &ctx.analysis.coverage;
    let p = &ctx.analysis.participation;
    let mut rows = Vec::new();
    let mut rows_of =
        |kind: &str, code: &str, label: String, respondents: u64, communes: &Covered, people: &Covered| {
            let masked = ctx.masked(respondents);
            for (measure, covered) in [("communes", communes), ("habitants", people)] {
                rows.push(vec![
                    Value::text(kind),
                    Value::text(code),
                    Value::text(label.clone()),
                    Value::text(measure),
                    Value::Integer((!masked).then_some(covered.covered)),
                    Value::Integer(Some(covered.total)),
                    Value::Number(covered.rate.filter(|_| !masked)),
                    Value::Boolean(masked),
                ]);
            }
        };
    for dep in &c.by_departement {
        let code = dep.departement.as_str();
        let respondents =
            p.by_departement.iter().find(|d| d.departement == dep.departement).map_or(0, |d| d.count.respondents);
        rows_of("departement", code, ctx.departement(code), respondents, &dep.communes, &dep.population);
    }
    rows_of("ensemble", "ensemble", "Ensemble".into(), p.total.respondents, &c.communes, &c.population);
    let min = ctx.options.secrecy.min_count();
    Resource {
        name: "couverture",
        title: "Couverture".into(),
        description: "Communes et habitants que représentent les répondants, par département principal et au total."
            .into(),
        fields: vec![
            field("perimetre", Kind::String, "departement ou ensemble"),
            field("code", Kind::String, "Code du département ; ensemble pour le total"),
            field("libelle", Kind::String, "Nom du département"),
            field("mesure", Kind::String, "communes ou habitants"),
            field("couvert", Kind::Integer, "Communes (ou habitants) des répondants"),
            field("total", Kind::Integer, "Communes (ou habitants) de toutes les cibles"),
            field("taux_couverture", Kind::Number, "couvert / total (fraction entre 0 et 1)"),
            field(
                "masque",
                Kind::Boolean,
                format!("Vrai quand le périmètre compte moins de {min} répondants : couvert et taux sont alors vides"),
            ),
        ],
        primary_key: vec!["perimetre", "code", "mesure"],
        rows,
    }
}

/// The questions answered by choosing codes.
#[derive(Clone, Copy)]
enum Counted {
    Themes,
    Obstacles,
    Support,
}

/// Respondents citing each code, overall then within each size class.
fn counted(ctx: &Ctx, which: Counted) -> Resource {
    let (name, key, items, list, title, description): (_, _, &[CountItem], _, _, _) = match which {
        Counted::Themes => (
            "thematiques",
            "theme",
            &ctx.analysis.themes,
            OptionList::Themes,
            "Thématiques",
            "Répondants ayant déployé au moins un service de la thématique, au total et par classe de taille.",
        ),
        Counted::Obstacles => (
            "freins",
            "frein",
            &ctx.analysis.obstacles,
            OptionList::Obstacles,
            "Freins et contraintes",
            "Répondants citant chaque frein à la mutualisation, au total et par classe de taille.",
        ),
        Counted::Support => (
            "aides_attendues",
            "aide",
            &ctx.analysis.expected_support,
            OptionList::Support,
            "Aides attendues",
            "Répondants citant chaque aide attendue d'un niveau supra-communautaire, au total et par classe de taille.",
        ),
    };
    let mut rows = Vec::new();
    for item in items {
        let label = ctx.catalogue.label(list, &item.code);
        let mut overall =
            vec![Value::text(&item.code), Value::text(label), Value::text("ensemble"), Value::text("Ensemble")];
        overall.extend(ctx.counted(item.count, item.rate));
        rows.push(overall);
        for class in &item.by_size_class {
            let mut cells = vec![
                Value::text(&item.code),
                Value::text(label),
                Value::text(&class.size_class),
                Value::text(ctx.class_label(&class.size_class)),
            ];
            cells.extend(ctx.counted(class.count, class.rate));
            rows.push(cells);
        }
    }
    Resource {
        name,
        title: title.into(),
        description: description.into(),
        fields: vec![
            field(key, Kind::String, "Code (voir le catalogue)"),
            field("libelle", Kind::String, "Libellé"),
            field("classe_taille", Kind::String, "Code de la classe de taille ; ensemble pour tous les répondants"),
            field("classe_libelle", Kind::String, "Libellé de la classe de taille"),
            field("repondants", Kind::Integer, "Répondants qui le citent"),
            field("taux", Kind::Number, "repondants / répondants de la classe (fraction entre 0 et 1)"),
            ctx.mask_field(),
        ],
        primary_key: vec![key, "classe_taille"],
        rows,
    }
}

/// Per service of the catalogue, four rows: deployed, studied, already pooled, planned.
fn services(ctx: &Ctx) -> Resource {
    let mut rows = Vec::new();
    for s in &ctx.analysis.services {
        let label = ctx.catalogue.label(OptionList::Services, &s.service);
        let first = [Value::text(&s.service), Value::text(label), Value::text(&s.theme)];
        let indicators = [
            ("deploye", s.deployed, s.deployment_rate, false),
            ("etudie", s.studied, None, false),
            // Its rate is mutualised / deployed: masked too when the deployed count is.
            ("mutualise", s.mutualised, s.mutualisation_rate, ctx.masked(s.deployed)),
            ("prevu", s.planned, None, false),
        ];
        for (indicator, count, rate, base_masked) in indicators {
            let masked = base_masked || ctx.masked(count);
            let mut cells = first.to_vec();
            cells.extend([
                Value::text(indicator),
                Value::Integer((!masked).then_some(count)),
                Value::Number(rate.filter(|_| !masked)),
                Value::Boolean(masked),
            ]);
            rows.push(cells);
        }
    }
    Resource {
        name: "services",
        title: "Services, usages et moyens techniques".into(),
        description: "Pour chaque service du catalogue : répondants qui l'ont déployé, qui l'étudient, qui le \
                      mutualisent déjà (parmi ceux qui l'ont déployé) et qui prévoient de le mutualiser."
            .into(),
        fields: vec![
            field("service", Kind::String, "Code du service (voir le catalogue)"),
            field("libelle", Kind::String, "Libellé du service"),
            field("theme", Kind::String, "Code de sa thématique"),
            field(
                "indicateur",
                Kind::String,
                "deploye, etudie, mutualise (déployé et déjà mutualisé) ou prevu (mutualisation prévue)",
            ),
            field("repondants", Kind::Integer, "Répondants concernés"),
            field(
                "taux",
                Kind::Number,
                "deploye : part des répondants ; mutualise : part de ceux qui l'ont déployé ; vide sinon",
            ),
            ctx.mask_field(),
        ],
        primary_key: vec!["service", "indicateur"],
        rows,
    }
}

/// Mentions by pooled pairs, overall, by size class and (pooling types) by theme.
fn mentions(ctx: &Ctx, name: &'static str, key: &'static str, mentions: &Mentions, list: OptionList) -> Resource {
    let mut rows = Vec::new();
    let mut push = |kind: &str, code: &str, label: String, items: &[Mention]| {
        for m in items {
            let mut cells = vec![
                Value::text(kind),
                Value::text(code),
                Value::text(label.clone()),
                Value::text(&m.code),
                Value::text(ctx.catalogue.label(list, &m.code)),
            ];
            cells.extend(ctx.counted(m.mentions, m.share));
            rows.push(cells);
        }
    };
    push("ensemble", "ensemble", "Ensemble".into(), &mentions.total);
    for class in &mentions.by_size_class {
        push("classe_taille", &class.size_class, ctx.class_label(&class.size_class), &class.items);
    }
    for theme in mentions.by_theme.iter().flatten() {
        push("theme", &theme.theme, ctx.catalogue.label(OptionList::Themes, &theme.theme).to_owned(), &theme.items);
    }
    let (title, what) = match list {
        OptionList::Types => ("Types de mutualisation", "type de mutualisation"),
        _ => ("Acteurs des mutualisations", "acteur"),
    };
    let scopes =
        if mentions.by_theme.is_some() { "classe_taille, theme ou ensemble" } else { "classe_taille ou ensemble" };
    Resource {
        name,
        title: title.into(),
        description: format!(
            "Mentions de chaque {what} par les services mutualisés ou dont la mutualisation est prévue, et leur part \
             dans toutes les mentions du périmètre."
        ),
        fields: vec![
            field("perimetre", Kind::String, scopes),
            field(
                "perimetre_code",
                Kind::String,
                "Code de la classe de taille ou de la thématique ; ensemble pour le total",
            ),
            field("perimetre_libelle", Kind::String, "Libellé du périmètre"),
            field(key, Kind::String, "Code (voir le catalogue)"),
            field("libelle", Kind::String, "Libellé"),
            field("mentions", Kind::Integer, "Nombre de mentions"),
            field("part", Kind::Number, "mentions / toutes les mentions du périmètre (fraction entre 0 et 1)"),
            ctx.mask_field(),
        ],
        primary_key: vec!["perimetre", "perimetre_code", key],
        rows,
    }
}
