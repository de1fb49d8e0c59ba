//! What the templates get of the analysis: figures with their drawing and data table as
//! markup already escaped by `mutu_render`, and the verbatims with their anonymous
//! attribution (kind of body and size class, never a name).

use minijinja::Value;
use mutu_domain::analysis::Analysis;
use mutu_domain::campaign::Campaign;
use mutu_render::Figure;

/// Every figure for a template, in order: id, number, title, and its SVG and data table as
/// safe markup.
pub(crate) fn figure_views(figures: &[Figure]) -> Vec<Value> {
    figures
        .iter()
        .map(|figure| {
            minijinja::context! {
                id => figure.id,
                number => figure.number,
                title => figure.title.clone(),
                svg => Value::from_safe_string(figure.svg.clone()),
                table => Value::from_safe_string(figure.table.html()),
            }
        })
        .collect()
}

/// Verbatims shown per question on a page: a national wave has thousands, which the
/// report's spreadsheet lists in full.
const VERBATIMS_SHOWN: usize = 30;

/// The verbatims by question: `{label, items: [{text, who}]}`, texts left to autoescaping.
pub(crate) fn verbatim_views(analysis: &Analysis, campaign: &Campaign) -> Vec<Value> {
    analysis
        .verbatims
        .iter()
        .map(|group| {
            let items: Vec<Value> = group
                .items
                .iter()
                .take(VERBATIMS_SHOWN)
                .map(|v| {
                    let who = mutu_render::attribution(analysis, campaign, v);
                    minijinja::context! { text => v.text.clone(), who => who }
                })
                .collect();
            minijinja::context! {
                question => group.question.clone(),
                label => group.label.clone(),
                shown => items.len(),
                total => group.items.len(),
                items => items,
            }
        })
        .collect()
}
