#!/usr/bin/env python3
"""The core figures of a wave computed by DuckDB, as a peer for `mutu analyse`.

    pip install duckdb
    mutu responses export --campaign CODE --format jsonl -o answers.jsonl
    python3 scripts/bench/targets.py commune -o targets.csv     # code,name,population
    python3 scripts/duckdb_peer.py answers.jsonl targets.csv [--bounds 10000,25000,90000]

Prints one JSON document on stdout: participation by size class (targets, respondents) and,
per service, deployed, studied, mutualised and planned, with the rules of
crates/domain/src/analysis: only answers with status `complete` whose respondent is a target
count; a target of population p is in the first class whose upper bound exceeds p (bounds
10 000 / 25 000 / 90 000 give < 10 000, 10 000 – 24 999, 25 000 – 89 999, ≥ 90 000);
`mutualised` is status deployed with mutualisation implemented, `planned` is mutualisation
planned whatever the status. Services nobody mentions are absent (zero everywhere).
The whole process (Python start, DuckDB import, reading both files, the queries, printing)
is what scripts/bench.py times.
"""
import argparse
import json
import sys

import duckdb


def class_case(bounds):
    """SQL CASE giving the size-class code of `population`, as mutu names them."""
    names = ["lt10k", "10k_25k", "25k_90k", "ge90k"] if bounds == [10000, 25000, 90000] else None
    parts = []
    for i, b in enumerate(bounds):
        name = names[i] if names else f"class{i}"
        parts.append(f"WHEN population < {int(b)} THEN '{name}'")
    last = names[-1] if names else f"class{len(bounds)}"
    return "CASE " + " ".join(parts) + f" ELSE '{last}' END", (names or [f"class{i}" for i in range(len(bounds) + 1)])


def figures(answers, targets, bounds):
    con = duckdb.connect()
    case, classes = class_case(bounds)
    con.execute(
        f"""CREATE TABLE t AS SELECT code, population, {case} AS size_class
        FROM read_csv(?, header = true, columns = {{'code': 'VARCHAR', 'name': 'VARCHAR', 'population': 'BIGINT'}})""",
        [targets],
    )
    # The answers as raw JSON: the services object has one key per service mentioned.
    con.execute(
        """CREATE TABLE c AS
        SELECT r.respondent, t.size_class, r.answers -> '$.services' AS services
        FROM read_json(?, format = 'newline_delimited',
                       columns = {'respondent': 'VARCHAR', 'status': 'VARCHAR', 'answers': 'JSON'}) r
        JOIN t ON t.code = r.respondent
        WHERE r.status = 'complete'""",
        [answers],
    )
    participation = con.execute(
        """SELECT t.size_class, count(*) AS targets, count(c.respondent) AS respondents
        FROM t LEFT JOIN c ON c.respondent = t.code GROUP BY t.size_class"""
    ).fetchall()
    by_class = {k: (n, r) for k, n, r in participation}
    services = con.execute(
        """WITH s AS (
            SELECT unnest(json_keys(services)) AS service, services FROM c WHERE services IS NOT NULL
        ), v AS (
            SELECT service, services -> ('$."' || service || '"') AS a FROM s
        )
        SELECT service,
            count(*) FILTER (WHERE a ->> '$.status' = 'deployed') AS deployed,
            count(*) FILTER (WHERE a ->> '$.status' = 'studied') AS studied,
            count(*) FILTER (WHERE a ->> '$.status' = 'deployed' AND a ->> '$.mutualisation' = 'implemented')
                AS mutualised,
            count(*) FILTER (WHERE a ->> '$.mutualisation' = 'planned') AS planned
        FROM v GROUP BY service ORDER BY service"""
    ).fetchall()
    total_targets = sum(n for n, _ in by_class.values())
    total_respondents = sum(r for _, r in by_class.values())
    return {
        "participation": {
            "total": {"targets": total_targets, "respondents": total_respondents},
            "by_size_class": [
                {"size_class": k, "targets": by_class.get(k, (0, 0))[0], "respondents": by_class.get(k, (0, 0))[1]}
                for k in classes
            ],
        },
        "services": [
            {"service": s, "deployed": d, "studied": st, "mutualised": m, "planned": p}
            for s, d, st, m, p in services
        ],
    }


def main():
    p = argparse.ArgumentParser(description="Core figures of a wave by DuckDB (peer of mutu analyse).")
    p.add_argument("answers", help="answers as JSON lines (mutu responses export --format jsonl)")
    p.add_argument("targets", help="targets CSV: code,name,population")
    p.add_argument("--bounds", default="10000,25000,90000", help="size-class bounds (default: the study's)")
    a = p.parse_args()
    bounds = [int(b) for b in a.bounds.split(",")]
    json.dump(figures(a.answers, a.targets, bounds), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
