-- The territory referential: régions → départements → EPCI → communes.
CREATE TABLE region (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE departement (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES region (code)
);
CREATE TABLE epci (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    nature TEXT,
    departement_code TEXT NOT NULL REFERENCES departement (code),
    population BIGINT
);
CREATE TABLE commune (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    departement_code TEXT NOT NULL REFERENCES departement (code),
    epci_code TEXT REFERENCES epci (code),
    population BIGINT NOT NULL
);
CREATE INDEX commune_epci ON commune (epci_code);
CREATE TABLE territory_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
