//! Translations with Fluent: French first, English available. The language comes from the
//! `lang` cookie, else the browser's `Accept-Language`, else French.

use axum::http::{HeaderMap, header};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// Languages the interface speaks, French first.
pub const LANGUAGES: [&str; 2] = ["fr", "en"];

/// French messages: shared, study side, respondent side, analysis and public pages,
/// opportunities, qualitative material, the register of offers and group purchases.
const FR: &[&str] = &[
    include_str!("../locales/fr/main.ftl"),
    include_str!("../locales/fr/lead.ftl"),
    include_str!("../locales/fr/respondent.ftl"),
    include_str!("../locales/fr/analysis.ftl"),
    include_str!("../locales/fr/opportunities.ftl"),
    include_str!("../locales/fr/qualitative.ftl"),
    include_str!("../locales/fr/groups.ftl"),
    include_str!("../locales/fr/oidc.ftl"),
    include_str!("../locales/fr/offers.ftl"),
    include_str!("../locales/fr/lost_link.ftl"),
];
/// English messages, the same files.
const EN: &[&str] = &[
    include_str!("../locales/en/main.ftl"),
    include_str!("../locales/en/lead.ftl"),
    include_str!("../locales/en/respondent.ftl"),
    include_str!("../locales/en/analysis.ftl"),
    include_str!("../locales/en/opportunities.ftl"),
    include_str!("../locales/en/qualitative.ftl"),
    include_str!("../locales/en/groups.ftl"),
    include_str!("../locales/en/oidc.ftl"),
    include_str!("../locales/en/offers.ftl"),
    include_str!("../locales/en/lost_link.ftl"),
];

/// The message bundles.
pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// A translation file that does not parse (a bug caught by the tests).
#[derive(Debug, thiserror::Error)]
#[error("traductions {lang} illisibles : {message}")]
pub struct I18nError {
    lang: &'static str,
    message: String,
}

fn bundle(
    lang: &'static str,
    id: LanguageIdentifier,
    sources: &[&str],
) -> Result<FluentBundle<FluentResource>, I18nError> {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new((*source).to_owned())
            .map_err(|(_, errors)| I18nError { lang, message: format!("{errors:?}") })?;
        bundle.add_resource(resource).map_err(|errors| I18nError { lang, message: format!("{errors:?}") })?;
    }
    Ok(bundle)
}

impl I18n {
    /// Loads the embedded translations.
    pub fn load() -> Result<Self, I18nError> {
        Ok(I18n { fr: bundle("fr", langid!("fr"), FR)?, en: bundle("en", langid!("en"), EN)? })
    }

    /// The message `key` in `lang` with its arguments; falls back to French, then to the key.
    pub fn message(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        let bundles = if lang == "en" { [&self.en, &self.fr] } else { [&self.fr, &self.fr] };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // A number only when it reads back the same: codes such as `01001` stay text.
            match value.parse::<f64>() {
                Ok(n) if n.to_string() == *value => fluent_args.set(*name, FluentValue::from(n)),
                _ => fluent_args.set(*name, FluentValue::from(value.clone())),
            }
        }
        for bundle in bundles {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = vec![];
                return bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
            }
        }
        key.to_owned()
    }

    /// Every key of the French bundle is in the English one: for the tests.
    pub fn missing_in_english(&self) -> Vec<String> {
        FR.iter()
            .flat_map(|source| source.lines())
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
            .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' ') && !k.starts_with('.'))
            .filter(|k| self.en.get_message(k).is_none())
            .map(str::to_owned)
            .collect()
    }
}

/// The language of a request: the `lang` cookie set by the language switch, else French.
/// The browser's `Accept-Language` is not followed: mutu's users are French public agents,
/// and a page that switches to English on an English-configured browser surprises them.
pub fn negotiate(headers: &HeaderMap) -> &'static str {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("lang="))
        .and_then(|l| LANGUAGES.iter().find(|x| **x == l))
        .copied()
        .unwrap_or("fr")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn french_first_and_every_key_translated() {
        let i18n = I18n::load().unwrap();
        assert!(i18n.missing_in_english().is_empty(), "{:?}", i18n.missing_in_english());
        assert_eq!(i18n.message("fr", "skip-link", &[]), "Aller au contenu");
        assert_eq!(i18n.message("en", "skip-link", &[]), "Skip to content");
        let mut h = HeaderMap::new();
        assert_eq!(negotiate(&h), "fr");
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-GB,en;q=0.9"));
        assert_eq!(negotiate(&h), "fr", "French first, whatever the browser");
        h.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(negotiate(&h), "en");
    }
}
