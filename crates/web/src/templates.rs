//! Page templates (minijinja), embedded in the binary, with a `t(key, …)` function that
//! translates in the request's language. Autoescaping is on for every `.html` template, so
//! a respondent's text can never become markup.

use crate::WebError;
use crate::i18n::I18n;
use axum::response::Html;
use minijinja::value::Kwargs;
use minijinja::{Environment, State, Value};
use std::sync::Arc;

/// The shared templates: the layout and the form macros. Each page module brings its own
/// list (`TEMPLATES`), added in [`Templates::load`].
const SHARED: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("pager.html", include_str!("../templates/pager.html")),
];

/// The template environment and the translations.
pub struct Templates {
    env: Environment<'static>,
    i18n: Arc<I18n>,
}

impl Templates {
    /// Loads the embedded templates; more can be added with [`Templates::add`].
    pub fn load() -> Result<Self, WebError> {
        let i18n = Arc::new(I18n::load().map_err(|e| WebError::Internal(e.to_string()))?);
        let mut env = Environment::new();
        for (name, source) in SHARED
            .iter()
            .chain(crate::lead::TEMPLATES)
            .chain(crate::respondent::TEMPLATES)
            .chain(crate::analysis::TEMPLATES)
            .chain(crate::public::TEMPLATES)
            .chain(crate::opportunities::TEMPLATES)
            .chain(crate::groups::TEMPLATES)
            .chain(crate::offers::TEMPLATES)
            .chain(crate::qualitative::TEMPLATES)
            .chain(crate::lost_link::TEMPLATES)
        {
            env.add_template(name, source)?;
        }
        let for_t = Arc::clone(&i18n);
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let lang = state.lookup("lang").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| "fr".into());
            let mut args = Vec::new();
            for name in kwargs.args() {
                let value: Value = kwargs.get(name)?;
                args.push((name, value.to_string()));
            }
            Ok(for_t.message(&lang, key, &args))
        });
        Ok(Templates { env, i18n })
    }

    /// Renders a page in `lang`.
    pub fn render(&self, name: &str, lang: &str, context: Value) -> Result<Html<String>, WebError> {
        let context = minijinja::context! { lang => lang, ..context };
        Ok(Html(self.env.get_template(name)?.render(context)?))
    }

    /// A message in `lang`, for text built outside templates.
    pub fn message(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        self.i18n.message(lang, key, args)
    }
}
