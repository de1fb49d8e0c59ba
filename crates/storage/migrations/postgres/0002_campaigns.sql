-- Survey waves, their snapshot of targets, and the answers.
CREATE TABLE campaign (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    size_classes TEXT NOT NULL,
    catalogue TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    population_year BIGINT,
    created_at TEXT NOT NULL
);
CREATE TABLE target (
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    nature TEXT,
    departement TEXT NOT NULL,
    region TEXT NOT NULL,
    population BIGINT NOT NULL,
    communes BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, code)
);
CREATE TABLE response (
    campaign_id BIGINT NOT NULL,
    respondent TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, respondent),
    FOREIGN KEY (campaign_id, respondent) REFERENCES target (campaign_id, code) ON DELETE CASCADE
);
