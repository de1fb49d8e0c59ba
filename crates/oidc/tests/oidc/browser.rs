//! A headless browser for the provider: follows its redirects with cookies, signs an account
//! in at its interaction page (`?account=ID`), and stops at mutu's callback.

use mutu_oidc::Callback;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use url::Url;

/// A person's browser: one cookie jar.
pub struct Browser {
    http: reqwest::Client,
}

impl Browser {
    /// A browser without cookies yet.
    pub fn new() -> Browser {
        let http = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
        Browser { http }
    }

    /// Goes to `url`, follows redirects, signs `account` in when asked, and returns the URL
    /// the provider finally sends the browser to outside itself (mutu's callback).
    pub async fn visit(&self, url: &Url, account: &str) -> Url {
        let mut url = url.clone();
        for _ in 0..10 {
            let response = self.http.get(url.clone()).send().await.expect("request to the provider");
            let status = response.status();
            let Some(location) = response.headers().get("location") else {
                panic!("{url} answered {status} without a redirect: {}", response.text().await.unwrap_or_default());
            };
            let mut next = url.join(location.to_str().unwrap()).unwrap();
            if next.origin() != url.origin() {
                return next;
            }
            if next.path().starts_with("/interaction/") {
                next.query_pairs_mut().append_pair("account", account);
            }
            url = next;
        }
        panic!("too many redirects");
    }

    /// Signs `account` in from `authorize_url` and returns mutu's callback.
    pub async fn sign_in(&self, authorize_url: &Url, account: &str) -> Callback {
        let callback = self.visit(authorize_url, account).await;
        assert_eq!(callback.path(), "/oidc/retour", "{callback}");
        Callback::from_query(callback.query().unwrap_or_default())
    }

    /// Logs out at the provider through `logout_url`, confirming on its page; returns where
    /// the provider sends the browser back.
    pub async fn log_out(&self, logout_url: &Url) -> Url {
        let response = self.http.get(logout_url.clone()).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "the provider refused the logout request");
        let page = response.text().await.unwrap();
        let field = |name: &str| {
            let start =
                page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no {name} in {page}"));
            let rest = &page[start + name.len() + 15..];
            rest[..rest.find('"').unwrap()].to_owned()
        };
        let action = logout_url.join("/session/end/confirm").unwrap();
        let form = [("xsrf", field("xsrf")), ("logout", "yes".to_owned())];
        let response = self.http.post(action).form(&form).send().await.unwrap();
        let location = response.headers().get("location").expect("a redirect after logout").to_str().unwrap();
        logout_url.join(location).unwrap()
    }
}
