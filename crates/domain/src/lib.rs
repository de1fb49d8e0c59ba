//! mutu's pure core: the territory, the catalogue, the questionnaire, answers and their
//! validation, the analysis of a wave, and what turns it into action: pooling
//! opportunities, working groups and the register of offers.
//!
//! Nothing here does I/O: every other layer (storage, import, rendering, web, CLI) feeds it
//! plain data and shows what it returns, so a figure is computed in one place only.

pub mod analysis;
pub mod answers;
pub mod campaign;
pub mod catalogue;
pub mod codes;
pub mod geography;
pub mod groups;
pub mod lifecycle;
pub mod offers;
pub mod opportunities;
pub mod qualitative;
pub mod questionnaire;
pub mod size_class;
pub mod synth;
pub mod territory;
pub mod testing;
