#!/usr/bin/env bash
# Rebuilds the bundled national referential from the npm registry package.
# Needs node and npm; writes data/referential/france.json.gz. Bump VERSION to refresh the data.
set -euo pipefail
VERSION="${VERSION:-6.0.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --no-audit --no-fund --silent "@etalab/decoupage-administratif@${VERSION}" >/dev/null)
node "$here/scripts/build-referential.mjs" "$work/node_modules/@etalab/decoupage-administratif/data" \
  "$here/data/referential/france.json.gz"
