//! The query parameters the provider sends the browser back with.

use std::fmt;

/// The query parameters of the callback (`PUBLIC_URL/oidc/retour?code=…&state=…`).
#[derive(Clone, Default, serde::Deserialize)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` sent at `begin`, echoed.
    pub state: Option<String>,
    /// The issuer, when the provider tells it (RFC 9207).
    pub iss: Option<String>,
    /// An OAuth error code instead of a code (`access_denied`…).
    pub error: Option<String>,
    /// The provider's description of that error.
    pub error_description: Option<String>,
}

impl Callback {
    /// Reads the callback's query string (without the `?`).
    pub fn from_query(query: &str) -> Callback {
        let mut callback = Callback::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match name.as_ref() {
                "code" => &mut callback.code,
                "state" => &mut callback.state,
                "iss" => &mut callback.iss,
                "error" => &mut callback.error,
                "error_description" => &mut callback.error_description,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        callback
    }
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("code", &self.code.as_ref().map(|_| "[redacted]"))
            .field("iss", &self.iss)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_query_is_read_and_its_code_not_shown() {
        let callback = Callback::from_query("code=abc&state=s%20t&iss=https%3A%2F%2Fop&other=1");
        assert_eq!(callback.code.as_deref(), Some("abc"));
        assert_eq!(callback.state.as_deref(), Some("s t"));
        assert_eq!(callback.iss.as_deref(), Some("https://op"));
        assert!(!format!("{callback:?}").contains("abc"));
        let refused = Callback::from_query("error=access_denied&error_description=non&state=x");
        assert_eq!(refused.error.as_deref(), Some("access_denied"));
        assert_eq!(refused.code, None);
    }
}
