//! The check the XSS test makes on every page in Chromium (`crate::chromium`): no dialog, no
//! element or attribute made by a payload, the payloads shown as text.

use super::payloads::fields_shown_whole;
use fantoccini::Client;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Runs in the page: what a payload would have made (elements `id="xss-…"`, attributes
/// `data-xss`, any `on…` handler attribute — mutu writes none, its CSP forbids them —,
/// `javascript:` URLs, inline scripts, frames, objects, `<base>`, `<meta http-equiv>`), and
/// the text a payload shows as: the text of the page and the values of attributes and fields.
const DOM_CHECK: &str = r#"
const made = [];
const parts = [document.documentElement.textContent];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  for (const a of el.attributes) {
    parts.push(a.value);
    const name = a.name.toLowerCase();
    if (name.startsWith('on')) made.push(`<${tag} ${name}>`);
    if (name === 'data-xss' || (name === 'id' && a.value.startsWith('xss-'))) made.push(`<${tag} ${name}="${a.value}">`);
    if (/^(href|src|action|formaction|xlink:href|data)$/.test(name) && /^\s*javascript:/i.test(a.value)) {
      made.push(`<${tag} ${name}="${a.value}">`);
    }
  }
  if (tag === 'script' && !el.hasAttribute('src') && el.getAttribute('type') !== 'application/json') {
    made.push('<script> inline: ' + el.textContent.slice(0, 80));
  }
  if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) made.push(`<${tag}>`);
  if (tag === 'meta' && el.hasAttribute('http-equiv')) made.push('<meta http-equiv>');
  if ('value' in el && typeof el.value === 'string') parts.push(el.value);
}
return {made, text: parts.join('\n'), title: document.title};
"#;

/// The pages visited and what was found on them.
#[derive(Default)]
pub struct Visits {
    /// Pages (and reports, and drawings) checked.
    pub pages: usize,
    /// Dialogs seen (`alert`, `confirm`, `prompt`): must stay 0.
    pub dialogs: Vec<String>,
    /// Elements or attributes made by a payload, by page: must stay empty.
    pub made: Vec<String>,
    /// Pages where the payloads of a field they show were not all there, as text: must stay
    /// empty.
    pub missing: Vec<String>,
    /// Fields whose payloads were all shown, by page, for the summary.
    pub shown: Vec<(String, BTreeSet<String>)>,
}

impl Visits {
    /// Checks the page the browser shows now, known as `page`; returns the fields shown whole.
    /// `expected` must all be among them: the payloads reached the page and stayed text.
    pub async fn check(&mut self, client: &Client, page: &str, expected: &[&str]) -> BTreeSet<String> {
        self.pages += 1;
        if let Ok(text) = client.get_alert_text().await {
            self.dialogs.push(format!("{page}: dialog « {text} »"));
            client.dismiss_alert().await.expect("dismiss");
        }
        let result = match client.execute(DOM_CHECK, vec![]).await {
            Ok(result) => result,
            Err(e) => {
                // An open dialog blocks scripts; anything else is a broken test.
                assert!(e.to_string().contains("alert"), "{page}: {e}");
                self.dialogs.push(format!("{page}: {e}"));
                let _ = client.dismiss_alert().await;
                client.execute(DOM_CHECK, vec![]).await.expect("DOM check")
            }
        };
        for made in result["made"].as_array().into_iter().flatten() {
            self.made.push(format!("{page}: {}", made.as_str().unwrap_or_default()));
        }
        let text = result["text"].as_str().unwrap_or_default();
        // The error pages (built without a template) are titled by their status alone.
        let title = result["title"].as_str().unwrap_or_default();
        let status = title.strip_suffix(" — mutu").filter(|t| t.len() == 3 && t.chars().all(|c| c.is_ascii_digit()));
        assert!(status.is_none(), "{page} is an error page ({title}): {:.600}", text.trim());
        let shown = fields_shown_whole(text);
        let missing: Vec<&&str> = expected.iter().filter(|f| !shown.contains(**f)).collect();
        if !missing.is_empty() {
            self.missing.push(format!("{page}: payloads of {missing:?} not shown whole as text (shown: {shown:?})"));
        }
        self.shown.push((page.to_owned(), shown.clone()));
        shown
    }

    /// Opens `url` then checks it (see [`Visits::check`]).
    pub async fn visit(&mut self, client: &Client, url: &str, page: &str, expected: &[&str]) -> BTreeSet<String> {
        if let Err(e) = client.goto(url).await {
            assert!(e.to_string().contains("alert"), "{page}: {e}");
            self.dialogs.push(format!("{page}: {e}"));
        }
        self.check(client, page, expected).await
    }

    /// Fills the text fields `fields` of the form whose action is `action` and submits it as a
    /// person would (`requestSubmit`: the browser's own POST), then checks the answer.
    pub async fn submit(
        &mut self,
        client: &Client,
        action: &str,
        fields: &[(&str, &str)],
        page: &str,
        expected: &[&str],
    ) -> BTreeSet<String> {
        let before = client.current_url().await.expect("url");
        let fill = "const form = document.querySelector(`form[action=\"${arguments[0]}\"]`);\
            for (const [name, value] of arguments[1]) {\
              const field = form.querySelector(`[name=\"${name}\"]`);\
              if (field.type === 'date' || field.type === 'email') field.type = 'text';\
              for (const a of ['pattern', 'required', 'maxlength']) field.removeAttribute(a);\
              field.value = value; }\
            document.body.dataset.avant = '1'; form.requestSubmit();";
        client.execute(fill, vec![json!(action), json!(fields)]).await.expect("fill and submit");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let fresh = client
                .execute("return document.readyState === 'complete' && !document.body.dataset.avant;", vec![])
                .await;
            if matches!(fresh, Ok(Value::Bool(true))) {
                break;
            }
            assert!(Instant::now() < deadline, "{page}: the form of {before} was not answered");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.check(client, page, expected).await
    }
}
