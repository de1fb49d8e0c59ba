//! The maps a study report places, chosen here once for every format: who answered, where
//! the most deployed services are deployed and pooled, and the opportunity groups of the
//! best-ranked services. None when the territory has no contours.

use crate::maps::{MapOutput, MapSpec, Outlines, render_map};
use mutu_domain::analysis::Analysis;
use mutu_domain::answers::Response;
use mutu_domain::campaign::Campaign;
use mutu_domain::opportunities::Opportunities;

/// How many of the most deployed services get a map of their deployment and pooling.
pub(crate) const SERVICE_MAPS: usize = 3;
/// How many of the best-ranked services with groups get a map of their groups.
pub(crate) const GROUP_MAPS: usize = 3;

/// A map with the service it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceMap {
    /// The service's code.
    pub service: String,
    /// The drawing and its table.
    pub map: MapOutput,
}

/// The maps of a report; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMaps {
    /// Who answered, target by target.
    pub(crate) participation: Option<MapOutput>,
    /// Deployment and pooling of the most deployed services, in their ranking.
    pub(crate) services: Vec<ServiceMap>,
    /// Opportunity groups of the best-ranked services that have groups.
    pub(crate) groups: Vec<ServiceMap>,
}

impl ReportMaps {
    /// Draws the maps of a wave whose targets have outlines.
    pub(crate) fn draw(
        campaign: &Campaign,
        responses: &[Response],
        analysis: &Analysis,
        opportunities: Option<&Opportunities>,
        outlines: &Outlines,
    ) -> ReportMaps {
        if outlines.is_empty() {
            return ReportMaps::default();
        }
        let services = analysis
            .rankings
            .most_deployed
            .iter()
            .take(SERVICE_MAPS)
            .map(|service| ServiceMap {
                service: service.clone(),
                map: render_map(&MapSpec::service(campaign, responses, service, outlines)),
            })
            .collect();
        let groups = opportunities
            .map(|o| {
                o.ranking
                    .iter()
                    .filter_map(|code| o.services.iter().find(|s| &s.service == code))
                    .filter(|s| !s.groups.is_empty())
                    .take(GROUP_MAPS)
                    .map(|s| ServiceMap {
                        service: s.service.clone(),
                        map: render_map(&MapSpec::groups(campaign, responses, s, outlines)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        ReportMaps {
            participation: Some(render_map(&MapSpec::participation(campaign, responses, outlines))),
            services,
            groups,
        }
    }
}
