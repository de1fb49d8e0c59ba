-- A wave's targets also as one JSON snapshot on the wave (sorted by code): reading a
-- national wave (34 875 targets) is then one row instead of 34 875 (docs/performance.md).
-- The target table stays: answers, invitations and contacts reference its rows. Targets
-- never change once the wave is created, so the two cannot drift apart.
ALTER TABLE campaign ADD COLUMN targets_snapshot TEXT;
UPDATE campaign SET targets_snapshot = (
    SELECT json_group_array(json_object(
        'code', code, 'name', name, 'nature', nature, 'departement', departement,
        'region', region, 'population', population, 'communes', communes))
    FROM (SELECT * FROM target t WHERE t.campaign_id = campaign.id ORDER BY t.code)
);
