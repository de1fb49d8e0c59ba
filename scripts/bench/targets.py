#!/usr/bin/env python3
"""Targets CSV (code,name,population) of a national wave, read from the bundled referential.

    python3 scripts/bench/targets.py epci|commune [-o TARGETS.csv]

`mutu campaign invitations` gives codes and names but not populations, and nothing under
`crates/` may change for the benchmark, so this reader redoes what `mutu territory import
--bundled` keeps (crates/import/src/national/convert.rs): zones metro and drom only (no
collectivités d'outre-mer), communes of type `commune-actuelle`, an EPCI's population being
the sum of its kept member communes (the referential's own `populationMunicipale` is not
read), EPCI without a kept member left out. `scripts/bench.py` checks the result against the
targets the wave snapshotted in the database (count and total population).
"""
import argparse
import csv
import gzip
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENTIAL = os.path.join(ROOT, "data", "referential", "france.json.gz")
KEPT_ZONES = {"metro", "drom"}


def targets(level, path=REFERENTIAL):
    """[(code, name, population)] of every target of a national wave at `level`."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    communes = {}
    for c in data["communes"]:
        if c.get("type") != "commune-actuelle" or c.get("zone") not in KEPT_ZONES:
            continue
        communes[c["code"]] = (c["nom"], int(c.get("population") or 0))
    if level == "commune":
        return [(code, name, pop) for code, (name, pop) in sorted(communes.items())]
    out = []
    for e in data["epci"]:
        members = [m["code"] for m in e.get("membres", []) if m["code"] in communes]
        if members:
            out.append((e["code"], e["nom"], sum(communes[m][1] for m in members)))
    return sorted(out)


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "population"])
        w.writerows(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("level", choices=["epci", "commune"])
    p.add_argument("-o", "--output", default="-")
    a = p.parse_args()
    rows = targets(a.level)
    if a.output == "-":
        w = csv.writer(sys.stdout)
        w.writerow(["code", "name", "population"])
        w.writerows(rows)
    else:
        write_csv(rows, a.output)


if __name__ == "__main__":
    main()
