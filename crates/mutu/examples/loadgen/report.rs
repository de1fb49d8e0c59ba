//! What the load generator reports: every request's kind, latency and status, summed up as
//! counts, errors by status and latency percentiles by kind, for a person and for
//! `scripts/bench.py`.

use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// The kinds of request whose latency is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `GET /i/{token}` and its redirect to the form.
    Open,
    /// `GET …/answers/{respondent}`.
    ReadAnswers,
    /// `PUT …/answers/{respondent}` with `If-Match`.
    Autosave,
    /// `GET /reponse`.
    PageView,
}

impl Kind {
    /// Name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Open => "invitation_open",
            Kind::ReadAnswers => "answers_get",
            Kind::Autosave => "autosave_put",
            Kind::PageView => "page_view",
        }
    }
}

/// One request made: its kind, how long it took, its status (0: no HTTP answer).
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub kind: Kind,
    pub elapsed: Duration,
    pub status: u16,
}

/// Percentiles of a list of latencies, in milliseconds.
fn percentiles(mut values: Vec<Duration>) -> serde_json::Value {
    if values.is_empty() {
        return json!({ "count": 0 });
    }
    values.sort_unstable();
    let at = |q: f64| {
        let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
        values[rank - 1].as_secs_f64() * 1000.0
    };
    json!({
        "count": values.len(),
        "p50_ms": at(0.50),
        "p90_ms": at(0.90),
        "p99_ms": at(0.99),
        "max_ms": values[values.len() - 1].as_secs_f64() * 1000.0,
    })
}

/// What a run was and what it found besides its samples.
pub struct Summary {
    /// The servers' base URLs.
    pub bases: Vec<String>,
    /// Respondents.
    pub concurrency: usize,
    /// Agents sharing each respondent's link.
    pub agents: usize,
    /// Length asked for.
    pub duration: Duration,
    /// Pause after each autosave.
    pub think_ms: u64,
    /// Wall time of the run, seconds.
    pub wall: f64,
    /// `412` answers (another agent saved first: the protocol working).
    pub conflicts: u64,
    /// Respondents whose answers were already submitted.
    pub skipped: u64,
    /// Saves answered `200`.
    pub acknowledged: u64,
    /// Acknowledged saves that the stored answers do not hold (see `main.rs`).
    pub lost_updates: u64,
}

/// The results: counts, errors by status and latency percentiles by kind.
pub fn summarise(run: &Summary, samples: &[Sample]) -> serde_json::Value {
    let mut by_kind: BTreeMap<Kind, Vec<Duration>> = BTreeMap::new();
    let mut statuses: BTreeMap<String, u64> = BTreeMap::new();
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    for s in samples {
        by_kind.entry(s.kind).or_default().push(s.elapsed);
        let status = if s.status == 0 { "transport".to_owned() } else { s.status.to_string() };
        *statuses.entry(status.clone()).or_default() += 1;
        // 412 is the protocol working (another tab saved first), not an error.
        if s.status == 0 || (s.status >= 400 && s.status != 412) {
            *errors.entry(format!("{} {status}", s.kind.name())).or_default() += 1;
        }
    }
    let latency: serde_json::Map<String, serde_json::Value> =
        by_kind.into_iter().map(|(kind, values)| (kind.name().to_owned(), percentiles(values))).collect();
    json!({
        "base": run.bases,
        "concurrency": run.concurrency,
        "agents_per_respondent": run.agents,
        "duration_s": run.duration.as_secs_f64(),
        "think_ms": run.think_ms,
        "wall_s": run.wall,
        "requests": samples.len(),
        "requests_per_s": samples.len() as f64 / run.wall.max(f64::EPSILON),
        "statuses": statuses,
        "errors": errors,
        "error_count": errors.values().sum::<u64>(),
        "conflicts_412": run.conflicts,
        "skipped_respondents": run.skipped,
        "acknowledged_saves": run.acknowledged,
        "lost_updates": run.lost_updates,
        "latency": latency,
    })
}

/// Prints the results for a person.
pub fn print_report(report: &serde_json::Value) {
    println!(
        "{} requests in {:.1} s ({:.0}/s), {} respondents, think {} ms",
        report["requests"],
        report["wall_s"].as_f64().unwrap_or(0.0),
        report["requests_per_s"].as_f64().unwrap_or(0.0),
        report["concurrency"],
        report["think_ms"]
    );
    println!("statuses: {}", report["statuses"]);
    println!("errors: {} {}", report["error_count"], report["errors"]);
    println!("412 conflicts: {}, skipped respondents: {}", report["conflicts_412"], report["skipped_respondents"]);
    println!("acknowledged saves: {}, lost updates: {}", report["acknowledged_saves"], report["lost_updates"]);
    println!("{:<16} {:>8} {:>9} {:>9} {:>9} {:>9}", "kind", "count", "p50 ms", "p90 ms", "p99 ms", "max ms");
    if let Some(latency) = report["latency"].as_object() {
        for (kind, p) in latency {
            let ms = |key: &str| p[key].as_f64().map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
            println!(
                "{kind:<16} {:>8} {:>9} {:>9} {:>9} {:>9}",
                p["count"],
                ms("p50_ms"),
                ms("p90_ms"),
                ms("p99_ms"),
                ms("max_ms")
            );
        }
    }
}
