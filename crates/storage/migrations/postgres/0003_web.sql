-- The web layer: a wave's lifecycle, study-side accounts, sessions that survive a restart,
-- respondents' invitations (tokens stored hashed), their contacts, mail, and an audit trail.
ALTER TABLE campaign ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE campaign ADD COLUMN opens_on TEXT;
ALTER TABLE campaign ADD COLUMN closes_on TEXT;
ALTER TABLE response ADD COLUMN entered_by TEXT;
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    campaign_id BIGINT REFERENCES campaign (id) ON DELETE CASCADE,
    respondent TEXT,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE,
    CHECK ((user_id IS NOT NULL AND campaign_id IS NULL AND respondent IS NULL)
        OR (user_id IS NULL AND campaign_id IS NOT NULL AND respondent IS NOT NULL))
);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_respondent ON sessions (campaign_id, respondent);
CREATE TABLE invitation (
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    PRIMARY KEY (campaign_id, respondent),
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
CREATE TABLE contact (
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (campaign_id, respondent),
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
CREATE TABLE mail_template (
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, kind)
);
CREATE TABLE mail_log (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    respondent TEXT NOT NULL,
    email TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    ok BIGINT NOT NULL,
    error TEXT
);
CREATE INDEX mail_log_campaign ON mail_log (campaign_id, sent_at);
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL
);
