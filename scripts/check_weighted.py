#!/usr/bin/env python3
"""The weighted estimates and the bodies' profiles of a wave, computed apart from mutu.

    python3 scripts/check_weighted.py tests/fixtures/npdc-2014/territory.csv \\
        tests/fixtures/npdc-2014/responses.jsonl > out.json
    python3 scripts/check_weighted.py … --part weighted   # only the `weighted` block
    python3 scripts/check_weighted.py --referential data/referential/france.json.gz \
        --region 32 answers.jsonl                          # a région's EPCI, from the referential

Python 3 standard library only. Reads a territory CSV (format of the spec's interfaces.md:
`kind,code,name,region,departement,epci,population`, comma or semicolon, BOM accepted) and
answers one JSON document a line, and prints one JSON document: `weighted` and `profiles`
with the keys, order and numbers of mutu's `weighted()` and `profiles()`
(crates/domain/src/analysis/weighted.rs, profiles.rs), so that a test can compare the two to
the last digit.

The wave it assumes is the default one: every EPCI of the file is a target (its population
is the one given, or the sum of its communes' when empty), the default size classes
(< 10 000, 10 000 - 24 999, 25 000 - 89 999, >= 90 000), the default catalogue
(crates/domain/data/catalogue.csv, or --catalogue) and the matrix question `services`.
With `--referential` (the bundled @etalab/decoupage-administratif file) and `--region`, the
targets are that région's EPCI read from the file itself: an EPCI belongs to the région of its
main département (the one holding most of its member communes' population, the smallest
code on a tie) and its population is the sum of all its member communes', as mutu's
national import and `campaign create --targets epci --region R` define them.
Only answers with status `complete` whose respondent is a target count; where a respondent
has several lines, the last one wins.

The formulas are those of the spec's analysis.md, "Weighted estimates" and "A body's
profile", in the order mutu applies them (floating point is not associative):
W_h = N_h / sum N; p_h = x_h / n_h; P = sum of W_h * p_h in ascending class order from 0;
V = sum of W_h * W_h * (1 - n_h / N_h) * p_h * (1 - p_h) / (n_h - 1), strata of one adding
nothing; interval [max(0, P - 1.96 sqrt V), min(1, P + 1.96 sqrt V)]. A peer median is
(a + b) / (2 * services) with a, b the two middle deployed counts (the same one twice when
their number is odd).
"""
import argparse
import csv
import gzip
import io
import json
import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLASSES = [("lt10k", 0, 9999), ("10k_25k", 10000, 24999), ("25k_90k", 25000, 89999), ("ge90k", 90000, None)]


def size_class(population):
    """Index of the class a population falls in."""
    for i, (_, low, high) in enumerate(CLASSES):
        if high is None or population <= high:
            return i
    return len(CLASSES) - 1


def read_csv(path):
    text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]


def targets(territory):
    """The EPCI of the territory: code -> population, by code."""
    rows = read_csv(territory)
    communes = {}
    for row in rows:
        if row["kind"] == "commune" and row["epci"]:
            communes.setdefault(row["epci"], []).append(int(row["population"]))
    out = {}
    for row in rows:
        if row["kind"] == "epci":
            given = row["population"]
            out[row["code"]] = int(given) if given else sum(communes.get(row["code"], []))
    return dict(sorted(out.items()))


def referential_targets(path, region):
    """A région's EPCI in the bundled referential: code -> population, by code."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    region_of = {d["code"]: d["region"] for d in data["departements"]}
    communes = {c["code"]: c for c in data["communes"] if c.get("type", "commune-actuelle") == "commune-actuelle"}
    out = {}
    for epci in data["epci"]:
        by_departement = {}
        for member in epci["membres"]:
            commune = communes.get(member["code"])
            if commune is not None:
                dep = commune["departement"]
                by_departement[dep] = by_departement.get(dep, 0) + (commune.get("population") or 0)
        if not by_departement:
            continue
        main = min(by_departement, key=lambda d: (-by_departement[d], d))
        if region_of.get(main) == region:
            out[epci["code"]] = sum(by_departement.values())
    return dict(sorted(out.items()))


def catalogue(path):
    """(themes in order, services in order as (code, theme))."""
    rows = read_csv(path)
    themes = [r["code"] for r in rows if r["kind"] == "theme"]
    services = [(r["code"], r["theme"]) for r in rows if r["kind"] == "service"]
    return themes, services


def respondents(answers, target_codes, matrix):
    """Complete respondents that are targets: code -> their service rows, by code."""
    latest = {}
    with open(answers, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                latest[doc["respondent"]] = doc
    out = {}
    for code in target_codes:
        doc = latest.get(code)
        if doc and doc["status"] == "complete":
            rows = doc["answers"].get(matrix)
            out[code] = rows if isinstance(rows, dict) else {}
    return out


def has(row, prop):
    status = row.get("status", "none")
    if prop == "deployed":
        return status == "deployed"
    if prop == "studied":
        return status == "studied"
    return status == "deployed" and row.get("mutualisation") == "implemented"


def estimate(strata):
    """strata: [(N_h, n_h, x_h)] of the strata kept, ascending."""
    total = sum(s[0] for s in strata)
    if not strata or total == 0:
        return {"estimate": None, "ci95": None}
    p = 0.0
    v = 0.0
    for big_n, n, x in strata:
        w = big_n / total
        share = x / n
        p += w * share
        if n > 1:
            v += w * w * (1.0 - n / big_n) * share * (1.0 - share) / (n - 1)
    half = 1.96 * math.sqrt(v)
    return {"estimate": p, "ci95": [max(0.0, p - half), min(1.0, p + half)]}


def weighted(population, answered, services):
    k = len(CLASSES)
    big_n = [0] * k
    n = [0] * k
    for code, pop in population.items():
        big_n[size_class(pop)] += 1
        if code in answered:
            n[size_class(pop)] += 1
    kept = [h for h in range(k) if n[h] > 0]
    kept_total = sum(big_n[h] for h in kept)
    out_services = []
    for service, _ in services:
        entry = {"service": service}
        for prop in ("deployed", "studied", "mutualised"):
            x = [0] * k
            for code, rows in answered.items():
                row = rows.get(service)
                if row is not None and has(row, prop):
                    x[size_class(population[code])] += 1
            entry[prop] = estimate([(big_n[h], n[h], x[h]) for h in kept])
        out_services.append(entry)
    return {
        "strata": "size_class",
        "uncovered_targets": sum(big_n[h] for h in range(k) if n[h] == 0),
        "thin_strata": [CLASSES[h][0] for h in kept if n[h] == 1],
        "by_stratum": [
            {
                "size_classes": [CLASSES[h][0]],
                "targets": big_n[h],
                "respondents": n[h],
                "weight": big_n[h] / kept_total if n[h] > 0 else None,
            }
            for h in range(k)
        ],
        "services": out_services,
    }


def profiles(population, answered, themes, services):
    counted = [(t, [s for s, theme in services if theme == t]) for t in themes]
    counted = [(t, codes) for t, codes in counted if codes]
    per = {}
    for code, rows in answered.items():
        per[code] = [
            (
                sum(1 for s in codes if has(rows.get(s, {}), "deployed")),
                sum(1 for s in codes if has(rows.get(s, {}), "mutualised")),
            )
            for _, codes in counted
        ]
    medians = {}
    for h in range(len(CLASSES)):
        peers = [per[c] for c in answered if size_class(population[c]) == h]
        for t, (_, codes) in enumerate(counted):
            values = sorted(p[t][0] for p in peers)
            if values:
                m = len(values)
                medians[(h, t)] = (values[(m - 1) // 2] + values[m // 2]) / (2 * len(codes))
    return [
        {
            "respondent": code,
            "size_class": CLASSES[size_class(population[code])][0],
            "themes": [
                {
                    "theme": theme,
                    "deployed": per[code][t][0],
                    "mutualised": per[code][t][1],
                    "services": len(codes),
                    "peer_median": medians[(size_class(population[code]), t)],
                }
                for t, (theme, codes) in enumerate(counted)
            ],
        }
        for code in sorted(answered)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="TERRITORY.csv ANSWERS.jsonl, or ANSWERS.jsonl alone with --referential")
    parser.add_argument("--referential", help="the bundled referential (data/referential/france.json.gz)")
    parser.add_argument("--region", help="with --referential: the région whose EPCI are the targets")
    parser.add_argument("--catalogue", default=str(ROOT / "crates/domain/data/catalogue.csv"))
    parser.add_argument("--matrix", default="services", help="id of the service matrix question")
    parser.add_argument("--part", choices=["weighted", "profiles"], help="print only this part, unwrapped")
    args = parser.parse_args()
    if args.referential:
        if len(args.files) != 1 or not args.region:
            parser.error("--referential takes --region and one file, the answers")
        population, args.answers = referential_targets(args.referential, args.region), args.files[0]
    else:
        if len(args.files) != 2:
            parser.error("expected TERRITORY.csv ANSWERS.jsonl")
        population, args.answers = targets(args.files[0]), args.files[1]
    themes, services = catalogue(args.catalogue)
    answered = respondents(args.answers, population, args.matrix)
    out = {"weighted": weighted(population, answered, services), "profiles": profiles(population, answered, themes, services)}
    if args.part:
        out = out[args.part]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
