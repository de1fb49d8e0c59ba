-- From the study to action (issue 16). Working groups: bodies of a wave gathered around one
-- service or theme (subject_kind `service` or `theme`), with a status that follows the
-- project from a proposal to a pooled service (the domain's GroupStatus decides the moves),
-- an optional facilitator (kind and name, both or neither), the next meeting, dated notes and
-- decisions, and links to documents. Members are targets of the group's wave. The register of
-- offers: what pooling structures offer, per service code, by which legal vehicle (a pooling
-- type code), at which price in words, in which départements (`*`, or codes joined by `|`);
-- it is replaced whole by each import.
CREATE TABLE working_group (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    facilitator_kind TEXT,
    facilitator_name TEXT,
    next_meeting TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (subject_kind IN ('service', 'theme')),
    CHECK ((facilitator_kind IS NULL) = (facilitator_name IS NULL))
);
CREATE INDEX working_group_campaign ON working_group (campaign_id, id);
CREATE TABLE group_member (
    group_id BIGINT NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    campaign_id BIGINT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (group_id, code),
    FOREIGN KEY (campaign_id, code) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
CREATE INDEX group_member_target ON group_member (campaign_id, code);
CREATE TABLE group_note (
    group_id BIGINT NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    noted_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
);
CREATE TABLE group_document (
    group_id BIGINT NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
);
CREATE TABLE offer (
    id INTEGER PRIMARY KEY,
    structure TEXT NOT NULL,
    service TEXT NOT NULL,
    vehicle TEXT NOT NULL,
    price_model TEXT NOT NULL,
    departements TEXT NOT NULL
);
