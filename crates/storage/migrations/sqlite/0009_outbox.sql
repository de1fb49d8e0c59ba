-- The outbox: one row per mail to send (invitation or reminder), written when the lead
-- queues them and sent later by a worker (`mutu worker`, or the one inside `mutu serve`).
-- A row moves queued → sending (claimed by one worker, with a lease) → sent or failed; a
-- transient failure puts it back to queued with a later next_attempt_at. The rendered
-- subject and body and the new link's token hash are written just before the mail is handed
-- to SMTP (handed_at), so a mail caught in flight by a crash is sent again with the same
-- Message-ID and link, and flagged resent. The body holds the personal link in clear: it is
-- emptied once the mail is sent or has failed for good.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by TEXT,
    lease_until TEXT,
    handed_at TEXT,
    subject TEXT,
    body TEXT,
    token_hash TEXT,
    error TEXT,
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    resent BIGINT NOT NULL DEFAULT 0,
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_lease ON outbox (state, lease_until);
CREATE INDEX outbox_wave ON outbox (campaign_id, state, respondent);
-- The days a wave's reminders go out by themselves: on each day, once, the worker queues a
-- reminder to every target with a contact and without a complete answer (done_at and the
-- count queued are written in the same transaction as the mails).
CREATE TABLE reminder_day (
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    done_at TEXT,
    queued BIGINT,
    PRIMARY KEY (campaign_id, day)
);
CREATE INDEX reminder_day_due ON reminder_day (done_at, day);
