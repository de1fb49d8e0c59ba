-- The study's qualitative material: organisations and people met, interviews (their notes are
-- private to the study team), the editable list of verbatim themes, and verbatims coded by
-- theme for a wave. The personal data here is listed in docs/personal-data.md.
CREATE TABLE organisation (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    in_territory BIGINT NOT NULL,
    body_type TEXT NOT NULL
);
CREATE TABLE person (
    id BIGSERIAL PRIMARY KEY,
    person_key TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    email TEXT
);
CREATE TABLE interview (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE interview_participant (
    interview_id BIGINT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, person_id)
);
CREATE TABLE verbatim_theme (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE TABLE verbatim (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,
    interview_id BIGINT REFERENCES interview (id) ON DELETE CASCADE,
    respondent TEXT,
    question TEXT,
    quote TEXT NOT NULL,
    themes TEXT NOT NULL,
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE,
    CHECK ((interview_id IS NOT NULL AND respondent IS NULL AND question IS NULL)
        OR (interview_id IS NULL AND respondent IS NOT NULL AND question IS NOT NULL))
);
CREATE INDEX verbatim_campaign ON verbatim (campaign_id, source_key);
