-- A wave's targets also as one JSON snapshot on the wave (sorted by code, byte order):
-- reading a national wave (34 875 targets) is then one row instead of 34 875
-- (docs/performance.md). The target table stays: answers, invitations and contacts
-- reference its rows. Targets never change once the wave is created.
ALTER TABLE campaign ADD COLUMN targets_snapshot TEXT;
UPDATE campaign c SET targets_snapshot = COALESCE((
    SELECT json_agg(json_build_object(
        'code', t.code, 'name', t.name, 'nature', t.nature, 'departement', t.departement,
        'region', t.region, 'population', t.population, 'communes', t.communes) ORDER BY t.code COLLATE "C")::text
    FROM target t WHERE t.campaign_id = c.id), '[]');
