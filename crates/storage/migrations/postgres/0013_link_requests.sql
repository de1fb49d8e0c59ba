-- « J'ai perdu mon lien / mon collègue est parti » (issue 15): an agent without ProConnect
-- names their body (a target of an open wave) and gives their professional e-mail on the
-- public form; the request waits here until a lead sends that e-mail a fresh personal link
-- (state 'sent') or dismisses it ('dismissed'). A request whose e-mail's domain the lead
-- registered for that body (`link_domain`) gets its link at once ('auto'). Personal data:
-- the e-mail is exported and erased by `mutu people`, and goes with the wave.
CREATE TABLE link_request (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    email TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    state TEXT NOT NULL,
    handled_at TEXT,
    handled_by TEXT,
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
CREATE INDEX link_request_wave ON link_request (campaign_id, state);
CREATE TABLE link_domain (
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    domain TEXT NOT NULL,
    PRIMARY KEY (campaign_id, respondent, domain),
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
