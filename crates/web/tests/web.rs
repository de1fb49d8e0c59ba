//! The web layer's integration tests: the router driven in-process, a real server on
//! loopback, and a headless Chromium. Shared set-up lives in `web/common.rs`.

#[path = "web/analysis.rs"]
mod analysis;
#[path = "web/audit.rs"]
mod audit;
#[path = "web/browser.rs"]
mod browser;
#[path = "web/chromium.rs"]
mod chromium;
#[path = "web/common.rs"]
mod common;
#[path = "web/lead.rs"]
mod lead;
#[path = "web/mail.rs"]
mod mail;
#[path = "web/matrix.rs"]
mod matrix;
#[path = "web/openapi.rs"]
mod openapi;
#[path = "web/opportunities.rs"]
mod opportunities;
#[path = "web/qualitative.rs"]
mod qualitative;
#[path = "web/respondent.rs"]
mod respondent;
#[path = "web/sweeps.rs"]
mod sweeps;
#[path = "web/xss.rs"]
mod xss;
