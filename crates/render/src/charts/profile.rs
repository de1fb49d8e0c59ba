//! A body's profile (`analysis.md`, "A body's profile") as a chart with its table: per theme,
//! the share of the theme's services the body deploys, beside the median of the bodies of
//! its size class.
//!
//! This is what a body gets back for its answers: where it stands among bodies of its size,
//! never a rank among them. The chart is one of the crate's bar charts (two series, rates on
//! a 0–100 % axis), so it carries the same text alternative, patterns and table as the
//! seed's. Under a secrecy rule, a median over fewer peers than the threshold is not shown:
//! with two peers it would give away the other body's answers.

use super::{Chart, Figure, Layout, Series, Table, Unit, level_noun};
use crate::format::Format;
use mutu_domain::analysis::{Profile, Secrecy};
use mutu_domain::campaign::Campaign;
use mutu_domain::catalogue::OptionList;

/// The id of the profile figure: the prefix of the ids in its SVG.
const PROFILE_ID: &str = "profil";

/// The profile of one body of `campaign` as a figure: the chart, its SVG and its table.
/// `peers` counts the complete respondents of its size class (itself included), which the
/// median is taken over; under `secrecy`, the median reads `–` when they are fewer than the
/// threshold. The figure is numbered 1: it stands alone on a body's page.
pub fn profile_figure(profile: &Profile, campaign: &Campaign, peers: u64, secrecy: Secrecy) -> Figure {
    let fmt = Format::FR;
    let catalogue = &campaign.catalogue;
    let body = campaign.targets.iter().find(|t| t.code == profile.respondent).map_or(&profile.respondent, |t| &t.name);
    let class = campaign
        .size_classes
        .get(&profile.size_class)
        .map_or(profile.size_class.as_str(), |i| campaign.size_classes.classes()[i].label.as_str());
    let level = level_noun(campaign.level);
    let title = format!("Part des services de chaque thème déployés : {body} et médiane des {level} de sa taille");
    let peers_name = format!("Médiane des {level} de {class} habitants");
    let plural = if peers > 1 { "s" } else { "" };
    let source = format!(
        "Source : enquête mutu, vague {} — {} répondant{plural} de la même classe de taille",
        campaign.code,
        fmt.thousands(peers)
    );
    let own: Vec<Option<f64>> = profile.themes.iter().map(|t| Some(t.deployed as f64 / t.services as f64)).collect();
    let medians: Vec<Option<f64>> = profile.themes.iter().map(|t| secrecy.rate(peers, Some(t.peer_median))).collect();
    let categories: Vec<String> =
        profile.themes.iter().map(|t| catalogue.label(OptionList::Themes, &t.theme).to_owned()).collect();
    let mut table = Table::new(
        format!("Données du graphique : {title}"),
        vec![
            "Thème".into(),
            "Services déployés".into(),
            "Dont mutualisés".into(),
            "Part déployée".into(),
            peers_name.clone(),
        ],
    );
    for ((t, category), (share, median)) in profile.themes.iter().zip(&categories).zip(own.iter().zip(&medians)) {
        table.row(
            category.clone(),
            vec![
                format!("{} sur {}", t.deployed, t.services),
                fmt.thousands(t.mutualised),
                fmt.percent(*share),
                fmt.percent(*median),
            ],
        );
    }
    let chart = Chart {
        layout: Layout::Grouped,
        unit: Unit::Rate,
        title: title.clone(),
        source,
        categories,
        series: vec![Series { name: body.clone(), values: own }, Series { name: peers_name, values: medians }],
    };
    Figure { id: PROFILE_ID, number: 1, title, svg: chart.svg(PROFILE_ID), chart, table }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use mutu_domain::analysis::profiles;

    /// The profile of `code` in the fixture wave, with its peers.
    fn figure(code: &str, secrecy: Secrecy) -> Figure {
        let campaign = fixtures::campaign();
        let all = profiles(&campaign, &fixtures::responses());
        let profile = all.iter().find(|p| p.respondent == code).expect("a complete respondent");
        let peers = all.iter().filter(|p| p.size_class == profile.size_class).count() as u64;
        profile_figure(profile, &campaign, peers, secrecy)
    }

    #[test]
    fn profile_chart_snapshot() {
        insta::assert_snapshot!("profil_svg", figure("200000001", Secrecy::NONE).svg);
    }

    #[test]
    fn the_table_gives_the_body_and_the_median_of_its_size_class() {
        let f = figure("200000001", Secrecy::NONE);
        assert_eq!(f.table.columns[4], "Médiane des EPCI de < 10 000 habitants");
        let catalogue = fixtures::campaign().catalogue;
        let administration = &f.table.rows[0];
        assert_eq!(administration.header, catalogue.label(OptionList::Themes, "administration"));
        // Two of the theme's services deployed; the only peer is itself.
        let services = catalogue.services.iter().filter(|s| s.theme == "administration").count();
        let share = Format::FR.percent(Some(2.0 / services as f64));
        assert_eq!(administration.cells, [format!("2 sur {services}"), "1".into(), share.clone(), share]);
        assert!(f.svg.contains("role=\"img\"") && f.svg.contains("aria-labelledby=\"profil-titre profil-desc\""));
        assert!(f.svg.contains("CC des Monts"), "the body names its own series");
        assert!(f.svg.contains("1 répondant de la même classe de taille"), "{}", f.svg);
    }

    #[test]
    fn secrecy_hides_a_median_over_too_few_peers() {
        let f = figure("200000001", Secrecy::PUBLIC);
        assert!(f.table.rows.iter().all(|r| r.cells[3] == "–"), "{:?}", f.table.rows);
        assert_eq!(f.chart.series[1].values.iter().flatten().count(), 0);
        assert!(f.table.rows[0].cells[2] != "–", "the body's own share stays");
    }
}
