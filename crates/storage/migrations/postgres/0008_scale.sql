-- National scale and several servers on one database.
-- complete_version: raised by every write that changes a wave's complete answers or its
-- definition (a submit, a reopening, an import, an erasure, a definition edit), never by a
-- draft's autosave: servers cache a wave's analysis per version.
ALTER TABLE campaign ADD COLUMN complete_version BIGINT NOT NULL DEFAULT 0;
-- Throttles shared by every server: one row per failed attempt in a bucket.
CREATE TABLE throttle_event (
    bucket TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX throttle_event_bucket_at ON throttle_event (bucket, at);
