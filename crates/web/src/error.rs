//! The one error type of the web layer, and its policy: the person sees a clear message in
//! French (what went wrong and whether retrying can help), the log gets the cause, never the
//! page. Each variant has one status. API routes answer `{"error": "…"}`; pages answer a
//! small HTML page. Errors of the layers below arrive through `From`: a thing not found is
//! the uniform 404, a stale version a 412, a full disk a 507, anything unforeseen a 500
//! whose cause is logged.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mutu_app::AppError;
use mutu_storage::StoreError;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing here, or nothing this session may see (the same answer in both cases).
    #[error("Page introuvable.")]
    NotFound,
    /// A study-side page needs a logged-in user.
    #[error("Connexion requise.")]
    LoginRequired,
    /// The user's role does not allow this.
    #[error("Votre rôle ne permet pas cette action.")]
    Forbidden,
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// A form without a valid anti-forgery token.
    #[error("Le formulaire a expiré : rechargez la page et recommencez.")]
    Csrf,
    /// A value the questionnaire refuses.
    #[error("{field} : {message}")]
    Unprocessable {
        /// Path of the field.
        field: String,
        /// Why.
        message: String,
    },
    /// A save without `If-Match`.
    #[error("En-tête If-Match requis (version de départ de la modification).")]
    PreconditionRequired,
    /// A save from a stale version.
    #[error("Un autre agent a enregistré entre-temps (version {current}).")]
    PreconditionFailed {
        /// Version now stored.
        current: i64,
    },
    /// The state forbids the action (wave closed, answer submitted…).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts.
    #[error("Trop de tentatives : réessayez dans quelques minutes.")]
    TooManyRequests,
    /// An API write whose body is not declared as JSON.
    #[error("Corps JSON attendu (Content-Type: application/json).")]
    UnsupportedMediaType,
    /// A posted form over the size a page ever sends.
    #[error("Formulaire trop volumineux.")]
    TooLarge,
    /// The database refuses writes (read-only): nothing was saved; the person may retry later.
    #[error("Base de données en lecture seule : rien n'a été enregistré. Réessayez plus tard.")]
    ReadOnly(String),
    /// The server's disk is full: nothing was saved; the person may retry later.
    #[error("Disque du serveur plein : rien n'a été enregistré. Réessayez plus tard.")]
    DiskFull(String),
    /// Anything else: logged, and shown as a generic message.
    #[error("Erreur interne : l'incident est enregistré.")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::StaleVersion { current } => WebError::PreconditionFailed { current },
            StoreError::Invalid(message) => WebError::BadRequest(message),
            StoreError::Conflict(what) => WebError::Conflict(format!("{what} existe déjà ou ne peut plus changer.")),
            StoreError::ReadOnly(cause) => WebError::ReadOnly(cause),
            StoreError::DiskFull(cause) => WebError::DiskFull(cause),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Store(e) => e.into(),
            AppError::NotFound(_) => WebError::NotFound,
            AppError::State(message) => WebError::Conflict(message),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<minijinja::Error> for WebError {
    fn from(e: minijinja::Error) -> Self {
        WebError::Internal(format!("gabarit : {e:#}"))
    }
}

impl WebError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::LoginRequired => StatusCode::UNAUTHORIZED,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            WebError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            WebError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::ReadOnly(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::DiskFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message's key in the translations (`error-not-found`…), for pages in another
    /// language than French.
    fn key(&self) -> &'static str {
        match self {
            WebError::NotFound => "error-not-found",
            WebError::LoginRequired => "error-login-required",
            WebError::Forbidden => "error-forbidden",
            WebError::BadRequest(_) => "error-bad-request",
            WebError::Csrf => "error-csrf",
            WebError::Unprocessable { .. } => "error-unprocessable",
            WebError::PreconditionRequired => "error-precondition-required",
            WebError::PreconditionFailed { .. } => "error-precondition-failed",
            WebError::Conflict(_) => "error-conflict",
            WebError::TooManyRequests => "error-too-many",
            WebError::UnsupportedMediaType => "error-media-type",
            WebError::TooLarge => "error-too-large",
            WebError::ReadOnly(_) => "error-read-only",
            WebError::DiskFull(_) => "error-disk-full",
            WebError::Internal(_) => "error-internal",
        }
    }

    /// The detail a message names (what the person asked that cannot be done), if any.
    fn detail(&self) -> Option<String> {
        match self {
            WebError::BadRequest(detail) | WebError::Conflict(detail) => Some(detail.clone()),
            WebError::Unprocessable { field, message } => Some(format!("{field} : {message}")),
            WebError::PreconditionFailed { current } => Some(current.to_string()),
            _ => None,
        }
    }

    fn log(&self) {
        match self {
            WebError::Internal(cause) => tracing::error!(%cause, "internal error"),
            WebError::ReadOnly(cause) | WebError::DiskFull(cause) => {
                tracing::error!(%cause, "write refused by the database")
            }
            _ => {}
        }
    }

    /// The error as the JSON of the API: `{"error": "…"}` (plus `field` or `version`).
    pub fn into_api(self) -> Response {
        self.log();
        let mut body = serde_json::json!({ "error": self.to_string() });
        match &self {
            WebError::Unprocessable { field, .. } => body["field"] = field.clone().into(),
            WebError::PreconditionFailed { current } => body["version"] = (*current).into(),
            _ => {}
        }
        (self.status(), Json(body)).into_response()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        if matches!(self, WebError::LoginRequired) {
            return Redirect::to("/connexion").into_response();
        }
        let status = self.status();
        let page = error_page(status, "fr", &self.to_string(), "Retour à l'accueil");
        let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
        response.extensions_mut().insert(ErrorText { key: self.key(), detail: self.detail() });
        response
    }
}

/// What an error page says, kept with the response so that the edge can write it again in
/// the request's language ([`localize`]); pages are written in French first.
#[derive(Debug, Clone)]
struct ErrorText {
    key: &'static str,
    detail: Option<String>,
}

/// The small page of an error.
fn error_page(status: StatusCode, lang: &str, message: &str, home: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{code} — mutu</title><link rel=\"stylesheet\" href=\"/static/mutu.css\"></head>\
         <body><main id=\"contenu\" class=\"page\"><h1>{code}</h1><p role=\"alert\">{message}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        code = status.as_u16(),
        message = html_escape(message),
        home = html_escape(home),
    )
}

/// The edge of translation: an error page answered to a request in another language than
/// French is written again in that language (the same status and headers).
pub async fn localize(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = crate::i18n::negotiate(request.headers());
    let mut response = next.run(request).await;
    let Some(text) = response.extensions_mut().remove::<ErrorText>() else { return response };
    if lang == "fr" {
        return response;
    }
    let args: Vec<(&str, String)> = text.detail.into_iter().map(|d| ("detail", d)).collect();
    let message = state.templates.message(lang, text.key, &args);
    let home = state.templates.message(lang, "error-home", &[]);
    let page = error_page(response.status(), lang, &message, &home);
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, axum::body::Body::from(page))
}

/// Escapes text for HTML, for the few pages built without a template.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The answer to any unknown URL: the same 404 as everything a session may not see.
pub async fn not_found() -> WebError {
    WebError::NotFound
}
