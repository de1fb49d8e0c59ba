-- Signing in through ProConnect / OpenID Connect (issue 15).
-- `oidc_pending`: what a browser's trip to the provider waits on, kept server-side and never
-- in the browser: a login's state, nonce and PKCE verifier (purpose `login`), or a logout's
-- state (purpose `logout`). Keyed by the hash of a random cookie, taken (read and deleted)
-- once, so a callback cannot be replayed; unusable after `expires_at`.
-- `oidc_session`: the ID token of a session opened through the provider, sent back as the
-- logout's `id_token_hint`; it goes with its session.
CREATE TABLE oidc_pending (
    id_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    payload TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX oidc_pending_expires ON oidc_pending (expires_at);
CREATE TABLE oidc_session (
    session_hash TEXT PRIMARY KEY REFERENCES sessions (id_hash) ON DELETE CASCADE,
    id_token TEXT NOT NULL
);
