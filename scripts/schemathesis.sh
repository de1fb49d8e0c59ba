#!/usr/bin/env bash
# Fuzzes the respondent's JSON API of a live `mutu serve` with Schemathesis, against the
# OpenAPI description the server itself serves at /api/v1/openapi.json (issue 9).
#
# Scenario, in a temporary folder: the seed's 2014 territory, one open wave over its EPCI,
# invitation links; respondent A's link is opened with curl for A's session cookie, then:
#   1. Schemathesis, A's cookie, on A's own answers (every phase: examples, coverage,
#      fuzzing, stateful through the description's ETag -> If-Match links; every check but
#      `ignored_auth`, see below): zero server errors, zero schema violations, no
#      undocumented status, header or content type, invalid data refused, valid data accepted;
#   2. Schemathesis, respondent B's cookie, on A's answers: every reply must be the one 404
#      body a request without any session gets (custom check `isolation`), and A's answers
#      must read back unchanged afterwards.
# `ignored_auth` is left out on purpose: it wants 401/403 without credentials, while
# interfaces.md wants the same 404 for "no session" as for "someone else's respondent" (so
# that nobody learns which codes exist); run 2 checks that property instead.
#
# Needs: python3, curl, `pip install schemathesis==4.32.5`. Builds the debug binary (CI has it
# warm) unless MUTU_BIN names one. SCHEMATHESIS_MAX_TIME bounds each run (seconds, default 60);
# SCHEMATHESIS_SEED (default 9) makes a CI failure replayable.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
max_time=${SCHEMATHESIS_MAX_TIME:-60}
seed=${SCHEMATHESIS_SEED:-9}
command -v schemathesis >/dev/null || { echo "schemathesis manquant : pip install schemathesis==4.32.5" >&2; exit 1; }
if [ -z "${MUTU_BIN:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
    (cd "$root" && cargo build --quiet -p mutu)
    MUTU_BIN=$CARGO_TARGET_DIR/debug/mutu
fi

work=$(mktemp -d)
server=
cleanup() {
    local status=$?
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ "$status" -ne 0 ] && [ -s "$work/serve.log" ]; then
        echo "--- mutu serve's log" >&2
        tail -n 40 "$work/serve.log" >&2
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export MUTU_DATABASE_URL="sqlite://$work/mutu.db"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
wave=fuzz-2026
"$MUTU_BIN" territory import "$root/tests/fixtures/npdc-2014/territory.csv" >/dev/null
"$MUTU_BIN" campaign create "$wave" --name "Vague de fuzzing" --targets epci >/dev/null
"$MUTU_BIN" campaign open "$wave" >/dev/null
"$MUTU_BIN" campaign invitations --campaign "$wave" --public-url "$base" -o "$work/links.csv" >/dev/null
# Respondent code and link of the first two targets.
read -r a_code a_link b_code b_link < <(python3 - "$work/links.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(rows[0]["respondent"], rows[0]["url"], rows[1]["respondent"], rows[1]["url"])
EOF
)

"$MUTU_BIN" serve --bind "127.0.0.1:$port" --public-url "$base" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$base/api/v1/openapi.json" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
done

# The session cookie (`mutu_session=…`) set by an invitation link's 303.
session_of() {
    curl -sS -o /dev/null -D - "$1" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(mutu_session=[^;]*\);.*/\1/p' | head -n 1
}
export A_COOKIE B_COOKIE WAVE=$wave A_CODE=$a_code
A_COOKIE=$(session_of "$a_link")
B_COOKIE=$(session_of "$b_link")
[ -n "$A_COOKIE" ] && [ -n "$B_COOKIE" ] || { echo "no session cookie from the invitation links" >&2; exit 1; }
answers="$base/api/v1/campaigns/$wave/answers/$a_code"
export NOT_FOUND_BODY
NOT_FOUND_BODY=$(curl -sS "$answers")

cat >"$work/own.toml" <<'EOF'
# Respondent A on A's own answers.
[parameters]
"path.code" = "${WAVE}"
"path.respondent" = "${A_CODE}"

[auth.openapi.respondentSession]
api_key = "${A_COOKIE_VALUE}"

# Valid data can still be refused for what a static description cannot know: the wave's own
# questionnaire (422 naming the field), the version stored now (412), submitted answers (409).
# 400, 415 and 428 stay failures: the request was well formed.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "409", "412", "422"]

# The one required header is If-Match: without it, 428 Precondition Required.
[checks.missing_required_header]
expected-statuses = ["428"]
EOF
export A_COOKIE_VALUE=${A_COOKIE#mutu_session=} B_COOKIE_VALUE=${B_COOKIE#mutu_session=}

# Schemathesis keeps its cache in ./.schemathesis: keep it in the temporary folder.
cd "$work"
echo "== 1. Schemathesis, respondent $a_code on its own answers ($max_time s at most)"
schemathesis --config-file "$work/own.toml" run "$base/api/v1/openapi.json" \
    --checks all --exclude-checks ignored_auth --max-time "$max_time" --workers 1 \
    --seed "$seed"

before=$(curl -sS -H "Cookie: $A_COOKIE" "$answers")
cat >"$work/isolation.py" <<'EOF_PY'
"""Respondent B's session on respondent A's answers: one 404 body, whatever B sends."""
import os

import schemathesis

EXPECTED = os.environ["NOT_FOUND_BODY"]


@schemathesis.check
def isolation(ctx, response, case):
    # An undescribed method (TRACE…) is refused by the router before any session is read: 405.
    if not case.path.startswith("/api/v1/campaigns/") or case.method.upper() != case.operation.method.upper():
        return None
    if response.status_code != 404 or response.text != EXPECTED:
        raise AssertionError(f"B reached A's answers: {response.status_code} {response.text[:200]}")
    return None
EOF_PY
cat >"$work/isolation.toml" <<EOF_TOML
# Respondent B on respondent A's answers.
hooks = "$work/isolation.py"

[parameters]
"path.code" = "\${WAVE}"
"path.respondent" = "\${A_CODE}"

[auth.openapi.respondentSession]
api_key = "\${B_COOKIE_VALUE}"
EOF_TOML

echo "== 2. Schemathesis, respondent $b_code on the answers of $a_code ($max_time s at most)"
schemathesis --config-file "$work/isolation.toml" run "$base/api/v1/openapi.json" \
    --exclude-path /api/v1/openapi.json \
    --checks isolation,not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-time "$max_time" --workers 1 --seed "$seed"
after=$(curl -sS -H "Cookie: $A_COOKIE" "$answers")
[ "$before" = "$after" ] || { echo "A's answers changed under B's session: $before -> $after" >&2; exit 1; }
echo "A's answers unchanged by B's run: $after"
# Zero server errors, seen from the server too: every 5xx of mutu logs at ERROR level.
if grep -q "ERROR" "$work/serve.log"; then
    echo "mutu serve logged errors during the runs:" >&2
    grep "ERROR" "$work/serve.log" | head -n 20 >&2
    exit 1
fi
echo "schemathesis.sh: both runs passed, no error in the server's log"
