//! The HTML report: the report's view given as is to a minijinja template. Escaping is on for
//! every value the template prints, so a quote such as `<script>` stays text; only the
//! drawings, made by mutu, are printed as markup (`|safe`).

use super::{REPORT_TEMPLATE, ReportView};
use crate::error::RenderError;

/// Renders `view` with the default template or `template`.
pub(super) fn render(view: &ReportView, template: Option<&str>) -> Result<String, RenderError> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.add_template("report.html", template.unwrap_or(REPORT_TEMPLATE))?;
    Ok(env.get_template("report.html")?.render(minijinja::Value::from(minijinja::value::Serde(view)))?)
}
