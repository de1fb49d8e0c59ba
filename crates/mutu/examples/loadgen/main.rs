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
//! **Several servers**: `--base` given twice or more spreads the agents over the servers
//! (one database behind them), and `--agents N` puts N agents on each link — two people of
//! one body saving at once through different servers. At the end every respondent's answers
//! are read back and checked against what was acknowledged: no two `200` for the same
//! version, and the stored answers are the last acknowledged save. A save acknowledged and
//! then not there is a **lost update**, counted and reported.
//!
//! It prints the requests, the errors by status and the latency percentiles (p50, p90, p99,
//! max) of autosaves and page views; `--json FILE` writes the same for `scripts/bench.py`.
//! It refuses any base URL that is not loopback: it is a benchmark, not a tool against others.

mod report;

use anyhow::{Context, bail};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use report::{Kind, Sample, Summary};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH};
use reqwest::{StatusCode, Url};
use serde_json::json;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Command-line options.
#[derive(Debug, clap::Parser)]
struct Options {
    /// Base URL of a server, loopback only (e.g. http://127.0.0.1:8080); repeat it for
    /// several servers on one database.
    #[arg(long, required = true)]
    base: Vec<String>,
    /// Invitations CSV (respondent,name,email,url) from `mutu campaign invitations`.
    #[arg(long)]
    invitations: PathBuf,
    /// Concurrent virtual respondents (each one takes one invitation).
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Agents sharing each respondent's link, each on the next server in turn.
    #[arg(long, default_value_t = 1)]
    agents: usize,
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

/// What one agent saw.
#[derive(Debug, Default)]
struct Outcome {
    samples: Vec<Sample>,
    conflicts: u64,
    skipped: bool,
    /// Each acknowledged save: the version the server gave it and the value saved.
    acknowledged: Vec<(u64, &'static str)>,
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
    bases: Vec<Url>,
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

    /// `path` on server `server` (taken in turn).
    fn on(&self, server: usize, path: &str) -> anyhow::Result<Url> {
        Ok(self.bases[server % self.bases.len()].join(path.trim_start_matches('/'))?)
    }

    /// The answers of `respondent` on server `server`.
    fn answers(&self, server: usize, respondent: &str) -> anyhow::Result<Url> {
        self.on(server, &format!("api/v1/campaigns/{}/answers/{respondent}", self.campaign))
    }
}

/// The version an `ETag` (`"12"`) names.
fn version_of(tag: &str) -> Option<u64> {
    tag.trim_start_matches("W/").trim_matches('"').parse().ok()
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

/// A client with its own cookie session.
fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build()?)
}

/// One agent of a respondent on server `server`: opens the link there, then autosaves until
/// the run ends. `index` seeds its pacing.
async fn agent(
    run: Arc<Run>,
    invitation: Arc<Invitation>,
    server: usize,
    index: usize,
) -> anyhow::Result<(Outcome, reqwest::Client)> {
    let client = client()?;
    let mut out = Outcome::default();
    let answers = run.answers(server, &invitation.respondent)?;
    let page = run.on(server, "reponse")?;
    let link = run.on(server, invitation.url.path())?;
    // People neither open their link nor save in lockstep: with a think time, each one starts
    // at a random moment of the first period and then waits think × U(0.5, 1.5) between
    // saves (seeded by its index, so runs are comparable). Without, the first second would
    // be 200 opens at once and every later second a burst of 200 saves.
    let mut rng = StdRng::seed_from_u64(index as u64);
    if !run.think.is_zero() {
        tokio::time::sleep(run.think.mul_f64(rng.random_range(0.0..1.0))).await;
    }
    match timed(&mut out, Kind::Open, client.get(link)).await {
        Some((status, _)) if status.is_success() => {}
        _ => return Ok((out, client)),
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
            Some((status, tag)) if status.is_success() => {
                if let Some(v) = tag.as_deref().and_then(version_of) {
                    out.acknowledged.push((v, choice));
                }
                version = tag;
            }
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
    Ok((out, client))
}

/// Lost updates of one respondent: acknowledged saves that share a version (one overwrote
/// the other without a `412`), plus one when the stored answers are not the last
/// acknowledged save. `stored` is the version and value read back at the end.
fn lost_updates(mut acknowledged: Vec<(u64, &'static str)>, stored: Option<(u64, String)>) -> u64 {
    if acknowledged.is_empty() {
        return 0;
    }
    acknowledged.sort_unstable();
    let shared = acknowledged.windows(2).filter(|w| w[0].0 == w[1].0).count() as u64;
    let last = acknowledged[acknowledged.len() - 1];
    let kept = stored.is_some_and(|(version, value)| version == last.0 && value == last.1);
    shared + u64::from(!kept)
}

/// The version and `site_internet` status stored for a respondent, read with an agent's
/// session on the first server.
async fn stored(run: &Run, client: &reqwest::Client, respondent: &str) -> anyhow::Result<Option<(u64, String)>> {
    let response = client.get(run.answers(0, respondent)?).send().await?;
    if !response.status().is_success() {
        return Ok(None);
    }
    let version = etag(&response).as_deref().and_then(version_of);
    let body: serde_json::Value = response.json().await?;
    let value = body["answers"]["services"]["site_internet"]["status"].as_str().map(str::to_owned);
    Ok(version.zip(value))
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
    let mut bases = Vec::new();
    for base in &options.base {
        let url = Url::parse(base).with_context(|| format!("adresse illisible : {base}"))?;
        require_loopback(&url)?;
        bases.push(if url.path().ends_with('/') { url } else { Url::parse(&format!("{url}/"))? });
    }
    let campaign = campaign_of(&options)?;
    let invitations = read_invitations(&options.invitations)?;
    if invitations.len() < options.concurrency {
        bail!("{} invitations pour {} répondants simultanés", invitations.len(), options.concurrency);
    }
    let agents = options.agents.max(1);
    let started = Instant::now();
    let run = Arc::new(Run {
        bases,
        campaign,
        deadline: started + options.duration,
        budget: options.max_requests,
        issued: AtomicU64::new(0),
        think: Duration::from_millis(options.think_ms),
        page_every: options.page_every,
    });
    let mut respondents = Vec::new();
    for (i, invitation) in invitations.into_iter().take(options.concurrency).enumerate() {
        let invitation = Arc::new(invitation);
        let tasks: Vec<_> = (0..agents)
            .map(|a| tokio::spawn(agent(run.clone(), invitation.clone(), i * agents + a, i * agents + a)))
            .collect();
        respondents.push((invitation, tasks));
    }
    let mut samples = Vec::new();
    let (mut conflicts, mut skipped, mut acknowledged, mut lost) = (0u64, 0u64, 0u64, 0u64);
    let mut checks = Vec::new();
    for (invitation, tasks) in respondents {
        let mut saves = Vec::new();
        let mut reader = None;
        for task in tasks {
            let (outcome, client) = task.await??;
            samples.extend(outcome.samples);
            conflicts += outcome.conflicts;
            skipped += u64::from(outcome.skipped);
            acknowledged += outcome.acknowledged.len() as u64;
            saves.extend(outcome.acknowledged);
            reader.get_or_insert(client);
        }
        checks.push((invitation, saves, reader));
    }
    let wall = started.elapsed().as_secs_f64();
    for (invitation, saves, reader) in checks {
        let Some(client) = reader else { continue };
        lost += lost_updates(saves, stored(&run, &client, &invitation.respondent).await?);
    }
    let summary = Summary {
        bases: options.base.clone(),
        concurrency: options.concurrency,
        agents,
        duration: options.duration,
        think_ms: options.think_ms,
        wall,
        conflicts,
        skipped,
        acknowledged,
        lost_updates: lost,
    };
    let report = report::summarise(&summary, &samples);
    report::print_report(&report);
    if let Some(path) = &options.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("écriture de {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_acknowledged_twice_or_not_kept_is_lost() {
        assert_eq!(lost_updates(vec![], None), 0);
        assert_eq!(lost_updates(vec![(3, "deployed"), (4, "studied")], Some((4, "studied".into()))), 0);
        assert_eq!(lost_updates(vec![(4, "deployed"), (4, "studied")], Some((4, "studied".into()))), 1);
        assert_eq!(lost_updates(vec![(3, "deployed"), (4, "studied")], Some((4, "deployed".into()))), 1);
        assert_eq!(lost_updates(vec![(5, "deployed")], None), 1);
        assert_eq!((version_of("\"12\""), version_of("W/\"7\""), version_of("x")), (Some(12), Some(7), None));
    }
}
