//! mutu-oidc against a real OpenID Connect provider (`tests/oidc-provider`, built on the npm
//! package `oidc-provider`), driven headless: the whole login, then each attack refused.
//!
//! One test binary; each test starts its own provider (on a free port, in the mode it needs),
//! so that they run in parallel. Skipped, with a message, only when `node` is not installed.

mod attacks;
mod browser;
mod flow;
mod provider;
