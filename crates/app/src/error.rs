//! The one error type of the use cases. What a layer below said stays as it was (the
//! store's, the importer's, the renderer's errors, already phrased for a person); the use
//! cases add what only they know: a thing asked for that is not there, an operation the
//! wave's state refuses.
//!
//! The command line prints these messages; the web maps each variant to its status and
//! page.

use mutu_domain::campaign::CampaignError;
use mutu_domain::codes::CodeError;
use mutu_domain::opportunities::CostError;
use mutu_domain::questionnaire::QuestionnaireError;
use mutu_import::ImportError;
use mutu_render::RenderError;
use mutu_storage::StoreError;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// An output could not be made.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A code is malformed.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// A wave's targets cannot be drawn from the territory.
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    /// A questionnaire does not fit its catalogue.
    #[error(transparent)]
    Questionnaire(#[from] QuestionnaireError),
    /// A cost model is malformed.
    #[error(transparent)]
    Costs(#[from] CostError),
    /// Something asked for is not there (`la cible 59350 de la vague npdc-2014`).
    #[error("{0} introuvable")]
    NotFound(String),
    /// The wave's state refuses the operation (`la vague x est close : …`).
    #[error("{0}")]
    State(String),
    /// A setting or value given is not acceptable (a sender that is not an address…).
    #[error("valeur refusée : {0}")]
    Invalid(String),
    /// Anything else: a bug or the machine (a worker thread that panicked…).
    #[error("erreur interne : {0}")]
    Internal(String),
}

/// The result of a use case.
pub type Result<T> = std::result::Result<T, AppError>;
