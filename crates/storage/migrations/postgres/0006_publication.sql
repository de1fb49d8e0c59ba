-- Publication of a wave: when a lead publishes it, its figures (small counts suppressed)
-- and its public report are readable by anyone. Who published is in the audit trail, not
-- here, so this table holds no personal data.
CREATE TABLE publication (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    published_at TEXT NOT NULL
);
