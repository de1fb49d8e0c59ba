-- Geography: commune contours, and the adjacency graph of each wave's targets.
-- A contour is WGS84 (lon, lat) as compact text: "x y,x y,…" per ring, rings joined by
-- ";", polygons by "|", 6 decimals.
CREATE TABLE commune_contour (
    commune_code TEXT PRIMARY KEY,
    geometry TEXT NOT NULL
);
-- A wave's graph is computed once from the contours and kept with the wave, like its
-- targets: a later import of contours does not change an earlier wave's groups.
CREATE TABLE campaign_adjacency_state (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    computed_at TEXT NOT NULL
);
CREATE TABLE campaign_adjacency (
    campaign_id BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (campaign_id, a, b)
);
