//! mutu's use cases: what the command line and the web both do, in one place, so a wave
//! made, read or reported through one door reads the same through the other.
//!
//! Each use case takes the [`Store`](mutu_storage::Store) and plain values, calls the
//! domain, the importers and the renderers, and answers with an [`AppError`] the two doors
//! show in their own way (one line on the terminal, a page or a JSON error on the web). No
//! use case knows about HTTP, templates or the terminal.

pub mod cache;
pub mod demo;
mod error;
pub mod groups;
pub mod invitations;
pub mod lost_links;
pub mod mail;
pub mod opportunities;
pub mod passwords;
pub mod report;
pub mod secrets;
pub mod territory;
pub mod waves;

pub use error::{AppError, Result};
