//! The web layer's integration tests: the router driven in-process, a real server on
//! loopback, and a headless Chromium. Shared set-up lives in `web/common.rs`.

mod analysis;
mod audit;
mod browser;
mod chromium;
mod common;
mod estimates;
mod figures;
mod groups;
mod lead;
mod lost_link;
mod mail;
mod matrix;
mod offers;
mod oidc;
mod openapi;
mod opportunities;
mod qualitative;
mod receipt;
mod reopen;
mod respondent;
mod series;
mod sweeps;
mod xss;
