//! Small hand-made waves for the tests of the figures beside `analyse` (weighted estimates,
//! profiles, series): targets of chosen populations, answers of chosen service statuses.

use crate::answers::{Answer, Answers, Mutualisation, Response, ResponseStatus, ServiceAnswer, ServiceStatus};
use crate::campaign::{Campaign, Target};
use crate::codes::{DepartementCode, RegionCode};
use crate::testing::WaveBuilder;

/// A target of the given population, in Nord.
pub fn target(code: &str, population: u64) -> Target {
    Target {
        code: code.into(),
        name: format!("EPCI {code}"),
        nature: None,
        departement: DepartementCode::parse("59").unwrap(),
        region: RegionCode::parse("32").unwrap(),
        population,
        communes: 1,
    }
}

/// A wave of the default catalogue, questionnaire and size classes over `targets`.
pub fn wave(code: &str, targets: Vec<Target>) -> Campaign {
    WaveBuilder::new(code).name(code).targets(targets).population_year(2011).build()
}

/// `n` targets named `{prefix}01`… of one population.
pub fn targets(prefix: &str, n: usize, population: u64) -> Vec<Target> {
    (1..=n).map(|i| target(&format!("{prefix}{i:02}"), population)).collect()
}

/// A service row: `d` deployed, `dm` deployed and pooled, `s` studied.
pub fn row(kind: &str) -> ServiceAnswer {
    let (status, mutualisation) = match kind {
        "d" => (ServiceStatus::Deployed, Mutualisation::None),
        "dm" => (ServiceStatus::Deployed, Mutualisation::Implemented),
        "dp" => (ServiceStatus::Deployed, Mutualisation::Planned),
        "s" => (ServiceStatus::Studied, Mutualisation::None),
        _ => (ServiceStatus::None, Mutualisation::None),
    };
    let pooled = mutualisation != Mutualisation::None;
    ServiceAnswer {
        status,
        mutualisation,
        types: if pooled { vec!["service_commun".into()] } else { vec![] },
        actors: if pooled { vec!["epci".into()] } else { vec![] },
        partners: String::new(),
    }
}

/// A complete response with the given service rows (`("sig", "d")`…).
pub fn answer(respondent: &str, rows: &[(&str, &str)]) -> Response {
    let mut answers = Answers::new();
    answers.insert("themes".into(), Answer::Choices(vec!["administration".into()]));
    answers.insert(
        "services".into(),
        Answer::Matrix(rows.iter().map(|(service, kind)| ((*service).to_owned(), row(kind))).collect()),
    );
    Response { respondent: respondent.into(), status: ResponseStatus::Complete, submitted_at: None, answers }
}
