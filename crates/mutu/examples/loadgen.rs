//! Load generator for the respondent side of `mutu serve`, on loopback only.
//!
//! ```sh
//! cargo run --release -p mutu --example loadgen -- --base http://127.0.0.1:8080 \
//!     --invitations invitations.csv --concurrency 200 --duration 20s [--think-ms 0] [--json out.json]
//! ```
//!
//! Each virtual respondent takes one line of the invitations CSV written by
//! `mutu campaign invitations` (`respondent,name,email,url`), opens its own link (a cookie
//! session of its own), then loops until the time or the request budget runs out: `GET` its
//! answers (the `ETag` is the version), `PUT` a small draft with `If-Match` (on `412` it reads
//! the answers again), and every few saves `GET /reponse`, the form page. Respondents whose
//! answers are already submitted cannot autosave: they are counted as skipped and stop.
//!
//! It prints the requests, the errors by status and the latency percentiles (p50, p90, p99,
//! max) of autosaves and page views; `--json FILE` writes the same for `scripts/bench.py`.
//! It refuses any base URL that is not loopback: it is a benchmark, not a tool against others.

use anyhow::{Context, bail};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH};
use reqwest::{StatusCode, Url};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Command-line options.
#[derive(Debug, clap::Parser)]
struct Options {
    /// Base URL of the server, loopback only (e.g. http://127.0.0.1:8080).
    #[arg(long)]
    base: String,
    /// Invitations CSV (respondent,name,email,url) from `mutu campaign invitations`.
    #[arg(long)]
    invitations: PathBuf,
    /// Concurrent virtual respondents (each one takes one invitation).
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// How long the loops run, e.g. 20s, 500ms, 2m.
    #[arg(long, default_value = "20s", value_parser = parse_duration)]
    duration: Duration,
    /// Upper bound on the number of requests of the loops, all respondents together.
    #[arg(long, default_value_t = 1_000_000)]
    max_requests: u64,
    /// Pause of each respondent after each autosave, in milliseconds (0: back to back).
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// A page view (`GET /reponse`) every N autosaves of a respondent.
    #[arg(long, default_value_t = 5)]
    page_every: u64,
    /// Writes the results as JSON to this file too.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Code of the wave (default: CODE of an invitations file named `invitations-CODE.csv`).
    #[arg(long)]
    campaign: Option<String>,
}

/// Parses `20s`, `500ms`, `2m` or a bare number of seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number.parse().map_err(|_| format!("durée illisible : {text}"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("unité inconnue dans {text} (ms, s ou m)")),
    };
    Ok(Duration::from_secs_f64(seconds))
}

/// The kinds of request whose latency is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
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
    fn name(self) -> &'static str {
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
struct Sample {
    kind: Kind,
    elapsed: Duration,
    status: u16,
}

/// What one virtual respondent saw.
#[derive(Debug, Default)]
struct Outcome {
    samples: Vec<Sample>,
    conflicts: u64,
    skipped: bool,
}

/// One invitation of the CSV.
#[derive(Debug, Clone)]
struct Invitation {
    respondent: String,
    url: Url,
}

/// Refuses a URL whose host is not loopback (127.0.0.0/8, ::1 or localhost).
fn require_loopback(url: &Url) -> anyhow::Result<()> {
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    };
    if !loopback {
        bail!("{url} n'est pas une adresse de bouclage (127.0.0.1, ::1, localhost) : refusé");
    }
    Ok(())
}

/// Reads the invitations CSV, keeping only links on loopback.
fn read_invitations(path: &PathBuf) -> anyhow::Result<Vec<Invitation>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("lecture de {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).with_context(|| format!("colonne {name} absente"));
    let (respondent, url) = (column("respondent")?, column("url")?);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let url = Url::parse(&record[url]).with_context(|| format!("lien illisible : {}", &record[url]))?;
        require_loopback(&url)?;
        out.push(Invitation { respondent: record[respondent].to_owned(), url });
    }
    Ok(out)
}

/// The value of an `ETag` header, as sent back in `If-Match`.
fn etag(response: &reqwest::Response) -> Option<String> {
    response.headers().get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Shared state of the run.
struct Run {
    base: Url,
    campaign: String,
    deadline: Instant,
    budget: u64,
    issued: AtomicU64,
    think: Duration,
    page_every: u64,
}

impl Run {
    /// Takes one request from the budget; false once the time or the budget is spent.
    fn take(&self) -> bool {
        Instant::now() < self.deadline && self.issued.fetch_add(1, Ordering::Relaxed) < self.budget
    }
}

/// Sends a request and records it.
async fn timed(
    out: &mut Outcome,
    kind: Kind,
    request: reqwest::RequestBuilder,
) -> Option<(StatusCode, Option<String>)> {
    let started = Instant::now();
    let result = request.send().await;
    let (status, tag) = match result {
        Ok(response) => {
            let status = response.status();
            let tag = etag(&response);
            // The whole body is read: the latency is that of the full answer.
            match response.bytes().await {
                Ok(_) => (Some(status), tag),
                Err(_) => (None, None),
            }
        }
        Err(_) => (None, None),
    };
    out.samples.push(Sample { kind, elapsed: started.elapsed(), status: status.map_or(0, |s| s.as_u16()) });
    status.map(|s| (s, tag))
}

/// One virtual respondent: opens its link, then autosaves until the run ends.
async fn respondent(run: Arc<Run>, invitation: Invitation, index: usize) -> anyhow::Result<Outcome> {
    let client = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build()?;
    let mut out = Outcome::default();
    let answers = run.base.join(&format!("api/v1/campaigns/{}/answers/{}", run.campaign, invitation.respondent))?;
    let page = run.base.join("reponse")?;
    // People neither open their link nor save in lockstep: with a think time, each one starts
    // at a random moment of the first period and then waits think × U(0.5, 1.5) between
    // saves (seeded by its index, so runs are comparable). Without, the first second would
    // be 200 opens at once and every later second a burst of 200 saves.
    let mut rng = StdRng::seed_from_u64(index as u64);
    if !run.think.is_zero() {
        tokio::time::sleep(run.think.mul_f64(rng.random_range(0.0..1.0))).await;
    }
    match timed(&mut out, Kind::Open, client.get(invitation.url.clone())).await {
        Some((status, _)) if status.is_success() => {}
        _ => return Ok(out),
    }
    let mut version: Option<String> = None;
    let mut saves = 0u64;
    while run.take() {
        let Some(tag) = version.take() else {
            match timed(&mut out, Kind::ReadAnswers, client.get(answers.clone())).await {
                Some((status, tag)) if status.is_success() => version = tag,
                _ => {}
            }
            continue;
        };
        // A small draft that changes with every save.
        let choice = if (saves + index as u64).is_multiple_of(2) { "deployed" } else { "studied" };
        let body = json!({ "answers": { "services": { "site_internet": { "status": choice } } } }).to_string();
        let request =
            client.put(answers.clone()).header(CONTENT_TYPE, "application/json").header(IF_MATCH, tag).body(body);
        match timed(&mut out, Kind::Autosave, request).await {
            Some((status, tag)) if status.is_success() => version = tag,
            Some((StatusCode::PRECONDITION_FAILED, _)) => out.conflicts += 1,
            Some((StatusCode::CONFLICT, _)) => {
                // Submitted answers or a closed wave: this respondent cannot autosave.
                out.skipped = true;
                break;
            }
            _ => {}
        }
        saves += 1;
        if saves.is_multiple_of(run.page_every.max(1)) && run.take() {
            timed(&mut out, Kind::PageView, client.get(page.clone())).await;
        }
        if !run.think.is_zero() {
            tokio::time::sleep(run.think.mul_f64(rng.random_range(0.5..1.5))).await;
        }
    }
    Ok(out)
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

/// The wave code: `--campaign`, else read from a file name `invitations-CODE.csv` (the links
/// themselves, `/i/{token}`, do not name the wave).
fn campaign_of(options: &Options) -> anyhow::Result<String> {
    if let Some(code) = &options.campaign {
        return Ok(code.clone());
    }
    let stem = options.invitations.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    match stem.rsplit_once("invitations-") {
        Some((_, code)) if !code.is_empty() => Ok(code.to_owned()),
        _ => bail!("code de la vague inconnu : nommez le fichier invitations-CODE.csv ou passez --campaign"),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = <Options as clap::Parser>::parse();
    let base = Url::parse(&options.base).with_context(|| format!("adresse illisible : {}", options.base))?;
    require_loopback(&base)?;
    let base = if base.path().ends_with('/') { base } else { Url::parse(&format!("{base}/"))? };
    let campaign = campaign_of(&options)?;
    let invitations = read_invitations(&options.invitations)?;
    if invitations.len() < options.concurrency {
        bail!("{} invitations pour {} répondants simultanés", invitations.len(), options.concurrency);
    }
    let started = Instant::now();
    let run = Arc::new(Run {
        base,
        campaign,
        deadline: started + options.duration,
        budget: options.max_requests,
        issued: AtomicU64::new(0),
        think: Duration::from_millis(options.think_ms),
        page_every: options.page_every,
    });
    let tasks: Vec<_> = invitations
        .into_iter()
        .take(options.concurrency)
        .enumerate()
        .map(|(i, invitation)| tokio::spawn(respondent(run.clone(), invitation, i)))
        .collect();
    let mut samples = Vec::new();
    let (mut conflicts, mut skipped) = (0u64, 0u64);
    for task in tasks {
        let outcome = task.await??;
        samples.extend(outcome.samples);
        conflicts += outcome.conflicts;
        skipped += u64::from(outcome.skipped);
    }
    let wall = started.elapsed().as_secs_f64();
    let report = summarise(&options, &samples, conflicts, skipped, wall);
    print_report(&report);
    if let Some(path) = &options.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("écriture de {}", path.display()))?;
    }
    Ok(())
}

/// The results: counts, errors by status and latency percentiles by kind.
fn summarise(options: &Options, samples: &[Sample], conflicts: u64, skipped: u64, wall: f64) -> serde_json::Value {
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
        "base": options.base,
        "concurrency": options.concurrency,
        "duration_s": options.duration.as_secs_f64(),
        "think_ms": options.think_ms,
        "wall_s": wall,
        "requests": samples.len(),
        "requests_per_s": samples.len() as f64 / wall.max(f64::EPSILON),
        "statuses": statuses,
        "errors": errors,
        "error_count": errors.values().sum::<u64>(),
        "conflicts_412": conflicts,
        "skipped_respondents": skipped,
        "latency": latency,
    })
}

/// Prints the results for a person.
fn print_report(report: &serde_json::Value) {
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
