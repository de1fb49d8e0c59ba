-- A commune's SIREN (issue 15), not its INSEE code: an agent signing in through ProConnect
-- carries their body's SIRET, whose first nine digits lead to the commune's answer. Empty when
-- the imported referential does not give it (a territory CSV without the `siren` column, some
-- collectivités d'outre-mer). One commune per SIREN: the import takes a SIREN away from a
-- commune held before when it gives it to another.
ALTER TABLE commune ADD COLUMN siren TEXT;
CREATE UNIQUE INDEX commune_siren ON commune (siren);
