#!/usr/bin/env python3
"""National-scale benchmark of mutu (issue 8): one command, a table, a JSON file.

    python3 scripts/bench.py [--runs 3] [--out bench.json] [--no-build] [--no-http] [--no-postgres]

It builds the release binary and the load generator (`cargo build --release -p mutu`,
CARGO_TARGET_DIR honoured, default ~/.cache/mutu-target), builds the national scenario in a
temporary folder (SQLite): the bundled referential, a wave over every commune (34 875
targets) and one over every EPCI (1 255), `mutu synth` answers for 70 % of them. Then it
times each step as a whole process (median of --runs runs) with its peak memory (the child's
ru_maxrss from os.wait4), runs the DuckDB peer (scripts/duckdb_peer.py) on the same answers
and checks it finds the same figures, and loads `mutu serve` with 200 concurrent
respondents (crates/mutu/examples/loadgen/) on SQLite and on PostgreSQL. Issue 14's part
(scripts/bench/scale.py and outbox.py; `--only-scale` runs it alone after the scenario):
every lead page of the commune wave from a cold `mutu serve` on SQLite and PostgreSQL, the
demo's start, two servers on one PostgreSQL (sessions, throttles, the load generator with two
agents per link), and the outbox (35 000 invitations to a local SMTP sink with a kill -9 of
the worker half-way, reminders sent by two workers). Steps that need something the binary
lacks are reported as "not available", never faked.
See docs/performance.md for what the figures mean.
"""
import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))
import targets as referential  # noqa: E402
import outbox  # noqa: E402
import scale  # noqa: E402
from web import free_port, wait_port, wait_ready  # noqa: E402

PG_BASE = "postgres://postgres@127.0.0.1:5432/test"
COMMUNES, EPCIS, HTTP_WAVE = "bench-communes", "bench-epci", "bench-http"

# Targets of issue 8: (seconds, MiB) limits; None where the issue sets none.
TARGETS = {
    "import": (5.0, None, "≤ 5 s"),
    "contours": (10.0, None, "≤ 10 s (join and dissolve)"),
    "analyse": (1.0, 300.0, "≤ 1 s, ≤ 300 MiB, ≤ 0.5 × DuckDB"),
    "opportunities": (1.0, None, "≤ 1 s"),
    "report_pdf": (3.0, None, "≤ 3 s"),
    "export_csv": (2.0, None, "≤ 2 s, memory flat"),
}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_timed(argv, stdout=subprocess.DEVNULL, env=None, marker=None):
    """Runs argv as one child: (seconds, peak MiB, exit code, stdout text or None, marker time).

    Wall time from fork to reap; peak memory is the child's ru_maxrss (KiB on Linux) from
    os.wait4, which is that child's alone. With `marker`, stdout is read line by line and the
    time since start at which a line containing `marker` appeared is returned too.
    """
    started = time.perf_counter()
    pipe = marker is not None or stdout == subprocess.PIPE
    errfile = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE if pipe else stdout, stderr=errfile, env=env)
    text, at = None, None
    if pipe:
        lines = []
        for line in iter(proc.stdout.readline, b""):
            if marker is not None and at is None and marker in line.decode("utf-8", "replace"):
                at = time.perf_counter() - started
            lines.append(line)
        text = b"".join(lines).decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    errfile.seek(0)
    err = errfile.read()
    errfile.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode('utf-8', 'replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024.0, text, at


def copy_db(src, dst):
    """Copies a SQLite database with its WAL files."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)
        elif os.path.exists(dst + suffix):
            os.remove(dst + suffix)


class Bench:
    def __init__(self, args):
        self.args = args
        self.target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/mutu-target")
        self.mutu = args.mutu or os.path.join(self.target_dir, "release", "mutu")
        self.loadgen = os.path.join(self.target_dir, "release", "examples", "loadgen")
        self.tmp = tempfile.mkdtemp(prefix="mutu-bench-")
        self.db_path = os.path.join(self.tmp, "bench.db")
        self.db = "sqlite://" + self.db_path
        self.steps = []
        self.extra = {}

    # --- helpers -------------------------------------------------------------------------

    def m(self, db, *args):
        return [self.mutu, "--db", db, *args]

    def sh(self, argv, **kw):
        """Runs an untimed preparation command, failing loudly."""
        r = subprocess.run(argv, capture_output=True, text=True, **kw)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {r.stderr[-2000:]}")
        return r.stdout

    def help(self, *args):
        r = subprocess.run([self.mutu, *args, "--help"], capture_output=True, text=True)
        return r.stdout + r.stderr if r.returncode == 0 else ""

    def record(self, key, label, samples, target_key=None, note=None, **more):
        """Adds a measured step: samples is [(seconds, MiB)]."""
        secs = statistics.median(s for s, _ in samples)
        mib = max(m for _, m in samples)
        limit = TARGETS.get(target_key or key)
        met = None
        if limit:
            met = secs <= limit[0] and (limit[1] is None or mib <= limit[1])
        step = {
            "step": key,
            "label": label,
            "available": True,
            "median_s": round(secs, 3),
            "runs_s": [round(s, 3) for s, _ in samples],
            "peak_mib": round(mib, 1),
            "target": limit[2] if limit else "",
            "met": met,
        }
        if note:
            step["note"] = note
        step.update(more)
        self.steps.append(step)
        log(f"  {label}: {secs:.3f} s, {mib:.0f} MiB")
        return step

    def unavailable(self, key, label, why, target_key=None):
        limit = TARGETS.get(target_key or key)
        self.steps.append(
            {"step": key, "label": label, "available": False, "note": why, "target": limit[2] if limit else "",
             "met": None}
        )
        log(f"  {label}: not available ({why})")

    def time_runs(self, argv_of_run, runs=None, prepare=None, **kw):
        """[(seconds, MiB)] of `runs` runs; prepare(i) runs untimed before run i."""
        out = []
        for i in range(runs or self.args.runs):
            if prepare:
                prepare(i)
            secs, mib, _, _ = run_timed(argv_of_run(i), **kw)
            out.append((secs, mib))
        return out

    # --- steps ---------------------------------------------------------------------------

    def build(self):
        env = dict(os.environ, CARGO_TARGET_DIR=self.target_dir)
        for argv in (["cargo", "build", "--release", "-p", "mutu"],
                     ["cargo", "build", "--release", "-p", "mutu", "--example", "loadgen"]):
            log("$ " + " ".join(argv))
            subprocess.run(argv, cwd=ROOT, env=env, check=True)

    def features(self):
        top = self.help()
        territory = self.help("territory")
        report = self.help("report")
        all_help = "\n".join([top, territory, self.help("territory", "import"), self.help("campaign")])
        f = {
            "opportunities": "opportunities" in top,
            "report": "\n  report" in top,
            "pdf": "pdf" in report,
            "contours": "contours" in territory,
            "dissolve": "outlines" in self.help("campaign"),
            "serve": "\n  serve" in top,
        }
        self.extra["features"] = f
        log(f"features: {f}")
        return f

    def import_referential(self, f):
        log("referential import")
        samples, joins = [], []
        for i in range(self.args.runs):
            path = os.path.join(self.tmp, f"import-{i}.db")
            secs, mib, text, at = run_timed(self.m("sqlite://" + path, "territory", "import", "--bundled"),
                                            marker="Territoire importé")
            samples.append((secs, mib))
            if at is not None and "Contours joints" in (text or ""):
                joins.append((secs - at, mib))
            if i == 0:
                copy_db(path, self.db_path)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        note = "whole process, including the join of the bundled contours" if joins else None
        self.record("import", "national referential import (SQLite)", samples, note=note)
        if joins:
            self.record("contours", "contours join (34 875 communes; phase of the import)", joins,
                        note="from the « Territoire importé » line to exit; peak is the whole import's")
        elif f["contours"]:
            self.unavailable("contours", "contours join", "territory contours exists but the import joins none")
        else:
            self.unavailable("contours", "contours join", "no contours in this binary")

    def scenario(self, f):
        log("waves")
        # Creating a wave snapshots its targets and computes their neighbourhood from the
        # contours (what the pooling opportunities need): timed once each, a code is unique.
        for code, level, label in ((COMMUNES, "commune", "34 875"), (EPCIS, "epci", "1 255")):
            argv = self.m(self.db, "campaign", "create", code, "--name", f"Banc {level}", "--targets", level)
            secs, mib, _, _ = run_timed(argv)
            self.record(f"create_{level}", f"wave creation, {label} targets (snapshot and adjacency)", [(secs, mib)],
                        note="one run: a wave code can be created once")
        self.dissolve(f)
        self.sh(self.m(self.db, "campaign", "create", HTTP_WAVE, "--name", "Banc HTTP", "--targets", "epci"))
        log("synth")
        synth = lambda code: self.m(self.db, "synth", "--campaign", code, "--seed", "1", "--completion", "0.7")  # noqa
        self.record("synth_communes", "synth, commune wave (34 875 targets, 70 %)",
                    self.time_runs(lambda i: synth(COMMUNES)))
        self.record("synth_epci", "synth, EPCI wave (1 255 targets, 70 %)", self.time_runs(lambda i: synth(EPCIS)))
        # The referential's targets, checked against what the waves snapshotted.
        import sqlite3
        con = sqlite3.connect(self.db_path)
        for code, level in ((COMMUNES, "commune"), (EPCIS, "epci")):
            stored = dict(con.execute("SELECT t.code, t.population FROM target t JOIN campaign c "
                                      "ON c.id = t.campaign_id WHERE c.code = ?", (code,)))
            rows = referential.targets(level)
            ours = {c: p for c, _, p in rows}
            if ours != stored:
                diff = sum(1 for k in set(ours) | set(stored) if ours.get(k) != stored.get(k))
                log(f"WARNING: targets.py and the {code} wave differ on {diff} targets")
            self.extra[f"targets_{level}"] = {"count": len(rows), "matches_wave_snapshot": ours == stored}
            referential.write_csv(rows, os.path.join(self.tmp, f"targets-{level}.csv"))
        con.close()

    def dissolve(self, f):
        """The EPCI outlines dissolved from their communes' contours, written as GeoJSON."""
        if not f["dissolve"]:
            self.unavailable("dissolve", "EPCI dissolve (1 255 outlines)", "no `mutu campaign outlines` in this binary",
                             target_key="contours")
            return
        out = os.path.join(self.tmp, "epci.geojson")
        argv = self.m(self.db, "campaign", "outlines", EPCIS, "-o", out)
        step = self.record("dissolve", "EPCI dissolve, 1 255 outlines (whole process, GeoJSON written)",
                           self.time_runs(lambda i: argv), target_key="contours")
        step["output_bytes"] = os.path.getsize(out)
        join = next((s for s in self.steps if s["step"] == "contours"), None)
        if join:
            total = join["median_s"] + step["median_s"]
            step["note"] = f"join + dissolve = {total:.2f} s"
            step["met"] = join["met"] = total <= TARGETS["contours"][0]

    def analyse(self):
        log("analyse")
        argv = self.m(self.db, "analyse", "--campaign", COMMUNES, "--format", "json")
        self.record("analyse", "analysis of the commune wave (all figures, JSON)", self.time_runs(lambda i: argv))
        _, _, text, _ = run_timed(argv, stdout=subprocess.PIPE)
        self.analysis = json.loads(text)

    def opportunities(self, f):
        if not f["opportunities"]:
            self.unavailable("opportunities", "opportunities, EPCI wave (46 services)", "no opportunities command")
            return
        log("opportunities")
        argv = self.m(self.db, "opportunities", "--campaign", EPCIS, "--format", "json")
        self.record("opportunities", "opportunities, EPCI wave (46 services; adjacency stored at creation)",
                    self.time_runs(lambda i: argv))

    def reports(self, f):
        if not f["report"]:
            self.unavailable("report_html", "report HTML, EPCI wave", "no report command")
            self.unavailable("report_pdf", "report PDF, EPCI wave", "no report command")
            return
        log("reports")
        for fmt in ("html", "pdf"):
            if fmt == "pdf" and not f["pdf"]:
                self.unavailable("report_pdf", "report PDF, EPCI wave", "no pdf format in mutu report --help")
                continue
            out = os.path.join(self.tmp, f"rapport.{fmt}")
            argv = self.m(self.db, "report", "--campaign", EPCIS, "--format", fmt, "-o", out)
            self.record(f"report_{fmt}", f"report {fmt.upper()}, EPCI wave", self.time_runs(lambda i: argv),
                        output_bytes=None)
            self.steps[-1]["output_bytes"] = os.path.getsize(out)

    def exports(self):
        log("exports")
        for fmt in ("csv", "xlsx"):
            out = os.path.join(self.tmp, f"reponses.{fmt}")
            argv = self.m(self.db, "responses", "export", "--campaign", COMMUNES, "--format", fmt, "-o", out)
            self.record(f"export_{fmt}", f"answers export {fmt.upper()}, commune wave", self.time_runs(lambda i: argv),
                        target_key="export_csv" if fmt == "csv" else "export_xlsx")
            self.steps[-1]["output_bytes"] = os.path.getsize(out)
        # Memory flat? The same export of the 28 times smaller EPCI wave, for comparison.
        out = os.path.join(self.tmp, "reponses-epci.csv")
        secs, mib, _, _ = run_timed(self.m(self.db, "responses", "export", "--campaign", EPCIS, "--format", "csv",
                                           "-o", out))
        self.extra["export_csv_epci_wave"] = {"seconds": round(secs, 3), "peak_mib": round(mib, 1),
                                              "output_bytes": os.path.getsize(out)}
        # Flat: 28 times more answers may not cost more than twice the memory (plus 20 MiB).
        csv_step = next(s for s in self.steps if s["step"] == "export_csv")
        flat = csv_step["peak_mib"] <= 2 * mib + 20
        csv_step["memory_flat"] = flat
        csv_step["note"] = f"peak {csv_step['peak_mib']:.0f} MiB vs {mib:.0f} MiB for the EPCI wave's export"
        csv_step["met"] = bool(csv_step["met"]) and flat
        self.jsonl = os.path.join(self.tmp, "reponses.jsonl")
        self.sh(self.m(self.db, "responses", "export", "--campaign", COMMUNES, "--format", "jsonl", "-o", self.jsonl))

    def duckdb(self):
        log("duckdb peer")
        try:
            import duckdb  # noqa: F401
        except ImportError:
            self.unavailable("duckdb", "DuckDB peer, commune wave", "pip install duckdb")
            return
        targets_csv = os.path.join(self.tmp, "targets-commune.csv")
        argv = [sys.executable, os.path.join(ROOT, "scripts", "duckdb_peer.py"), self.jsonl, targets_csv]
        step = self.record("duckdb", "DuckDB peer, commune wave (JSONL + targets CSV → core figures)",
                           self.time_runs(lambda i: argv))
        _, _, text, _ = run_timed(argv, stdout=subprocess.PIPE)
        peer = json.loads(text)
        diffs = compare(self.analysis, peer)
        analyse = next(s for s in self.steps if s["step"] == "analyse")
        ratio = analyse["median_s"] / step["median_s"]
        analyse["ratio_to_duckdb"] = round(ratio, 3)
        analyse["met"] = bool(analyse["met"]) and ratio <= 0.5
        self.extra["duckdb"] = {"ratio_mutu_over_duckdb": round(ratio, 3), "same_figures": not diffs,
                                "differences": diffs[:50]}
        if diffs:
            log("DIFFERENCES between mutu analyse and the DuckDB peer:")
            for d in diffs[:50]:
                log("  " + d)
        else:
            log("  mutu and DuckDB give the same figures")

    # --- HTTP --------------------------------------------------------------------------

    def http(self, backend):
        log(f"HTTP load, {backend}")
        schema = None
        if backend == "sqlite":
            db = self.db
        else:
            schema = f"mutu_bench_{os.getpid()}"
            self.sh(["psql", PG_BASE, "-q", "-c", f"CREATE SCHEMA {schema}"])
            db = f"{PG_BASE}?options=-csearch_path%3D{schema}"
        server = None
        try:
            if backend == "postgres":
                secs, mib, _, _ = run_timed(self.m(db, "territory", "import", "--bundled"))
                self.extra["import_postgres"] = {"seconds": round(secs, 3), "peak_mib": round(mib, 1)}
                self.sh(self.m(db, "campaign", "create", HTTP_WAVE, "--name", "Banc HTTP", "--targets", "epci"))
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            self.sh(self.m(db, "campaign", "open", HTTP_WAVE))
            invitations = os.path.join(self.tmp, f"invitations-{backend}.csv")
            self.sh(self.m(db, "campaign", "invitations", "--campaign", HTTP_WAVE, "--public-url", base,
                           "-o", invitations))
            server = subprocess.Popen(self.m(db, "serve", "--bind", f"127.0.0.1:{port}", "--public-url", base),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_port(port, server)
            results = {}
            for think in self.args.think:
                out = os.path.join(self.tmp, f"load-{backend}-{think}.json")
                argv = [self.loadgen, "--base", base, "--invitations", invitations, "--campaign", HTTP_WAVE,
                        "--concurrency", str(self.args.concurrency), "--duration", self.args.duration,
                        "--think-ms", str(think), "--json", out]
                r = subprocess.run(argv, capture_output=True, text=True)
                if r.returncode != 0:
                    raise RuntimeError(f"loadgen failed: {r.stderr[-2000:]}")
                log(r.stdout)
                results[f"think_{think}ms"] = json.load(open(out))
            return results
        finally:
            if server is not None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            if schema:
                subprocess.run(["psql", PG_BASE, "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"],
                               capture_output=True)

    # --- issue 14: pages, servers and mail at national scale ----------------------------

    def postgres_copy(self):
        """A PostgreSQL schema holding the same national scenario: referential, the commune
        wave with the same synthetic answers, the HTTP wave. Returns (url, schema)."""
        schema = f"mutu_scale_{os.getpid()}"
        self.sh(["psql", PG_BASE, "-q", "-c", f"CREATE SCHEMA {schema}"])
        db = f"{PG_BASE}?options=-csearch_path%3D{schema}"
        self.sh(self.m(db, "territory", "import", "--bundled"))
        self.sh(self.m(db, "campaign", "create", COMMUNES, "--name", "Banc commune", "--targets", "commune"))
        self.sh(self.m(db, "synth", "--campaign", COMMUNES, "--seed", "1", "--completion", "0.7"))
        self.sh(self.m(db, "campaign", "create", HTTP_WAVE, "--name", "Banc HTTP", "--targets", "epci"))
        self.sh(self.m(db, "campaign", "open", HTTP_WAVE))
        return db, schema

    def scale(self):
        """Every lead page from a cold server, on SQLite then PostgreSQL; two servers on one
        PostgreSQL; the outbox on both."""
        out = {}
        codes = [c for c, _, _ in referential.targets("commune")]
        log("pages of the national commune wave, SQLite")
        out["pages_sqlite"] = scale.time_pages(self, self.db, COMMUNES, "sqlite")
        port = free_port()
        started = time.perf_counter()
        demo = subprocess.Popen([self.mutu, "demo", "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(port, demo)
            out["demo_start_s"] = round(time.perf_counter() - started, 2)
            wait_ready(port, demo)
            out["demo_ready_s"] = round(time.perf_counter() - started, 2)
            log(f"  mutu demo listens after {out['demo_start_s']} s, ready after {out['demo_ready_s']} s")
        finally:
            demo.kill()
            demo.wait()
        schema = None
        if not self.args.no_postgres:
            try:
                log("the same scenario on PostgreSQL")
                pg, schema = self.postgres_copy()
                log("pages of the national commune wave, PostgreSQL")
                out["pages_postgres"] = scale.time_pages(self, pg, COMMUNES, "postgres")
                if self.args.pages_only:
                    return out
                log("two servers on one PostgreSQL")
                out["shared_state"] = scale.shared_state(self, pg)
                log(f"  {out['shared_state']}")
                base = "http://127.0.0.1:1"  # links only; the load generator goes to both servers
                invitations = os.path.join(self.tmp, "invitations-two-servers.csv")
                self.sh(self.m(pg, "campaign", "invitations", "--campaign", HTTP_WAVE, "--public-url", base,
                               "-o", invitations))
                out["two_servers"] = scale.two_servers_under_load(self, pg, HTTP_WAVE, invitations,
                                                                  self.args.concurrency, self.args.duration)
                log("outbox, PostgreSQL")
                out["outbox_postgres"] = {
                    "invitations": outbox.invitations_with_a_kill(self, pg, COMMUNES, codes),
                    "reminders": outbox.reminders_with_two_workers(self, pg, COMMUNES)}
            finally:
                if schema:
                    subprocess.run(["psql", PG_BASE, "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"],
                                   capture_output=True)
        if self.args.pages_only:
            return out
        log("outbox, SQLite")
        out["outbox_sqlite"] = {"invitations": outbox.invitations_with_a_kill(self, self.db, COMMUNES, codes),
                                "reminders": outbox.reminders_with_two_workers(self, self.db, COMMUNES)}
        return out

    # --- output ------------------------------------------------------------------------

    def machine(self):
        model = ""
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
            mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
        except OSError:
            mem = 0
        load = os.getloadavg()
        return {"nproc": os.cpu_count(), "memory_gib": round(mem / 1024 / 1024, 1), "cpu": model,
                "kernel": platform.release(), "loadavg_at_start": self.load_at_start,
                "loadavg_at_end": [round(x, 2) for x in load]}

    def main(self):
        self.load_at_start = [round(x, 2) for x in os.getloadavg()]
        if not self.args.no_build:
            self.build()
        f = self.features()
        self.import_referential(f)
        self.scenario(f)
        if not self.args.only_scale:
            self.analyse()
            self.opportunities(f)
            self.reports(f)
            self.exports()
            self.duckdb()
        http = {}
        if not self.args.no_scale:
            self.extra["scale"] = self.scale()
        if not self.args.no_http and not self.args.only_scale and f["serve"]:
            http["sqlite"] = self.http("sqlite")
            if not self.args.no_postgres:
                try:
                    http["postgres"] = self.http("postgres")
                except Exception as e:  # PostgreSQL absent: say so, keep the rest
                    http["postgres"] = {"error": str(e)}
        result = {"runs": self.args.runs, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  "machine": None, "steps": self.steps, "http": http, **self.extra}
        result["machine"] = self.machine()
        if http.get("sqlite"):
            paced = http["sqlite"].get(f"think_{self.args.think[-1]}ms", {})
            p99 = paced.get("latency", {}).get("autosave_put", {}).get("p99_ms")
            result["http_target"] = {"target": "autosave p99 ≤ 50 ms, 0 errors, 200 respondents, SQLite",
                                     "think_ms": self.args.think[-1], "p99_ms": p99,
                                     "errors": paced.get("error_count"),
                                     "met": p99 is not None and p99 <= 50 and paced.get("error_count") == 0}
        with open(self.args.out, "w") as fh:
            json.dump(result, fh, indent=1, ensure_ascii=False)
        print_table(result)
        log(f"written {self.args.out}; scenario in {self.tmp}" if self.args.keep else f"written {self.args.out}")
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def compare(analysis, peer):
    """Differences between `mutu analyse --format json` and the peer, as lines."""
    diffs = []
    ours = {c["size_class"]: (c["targets"], c["respondents"]) for c in analysis["participation"]["by_size_class"]}
    theirs = {c["size_class"]: (c["targets"], c["respondents"]) for c in peer["participation"]["by_size_class"]}
    for k in sorted(set(ours) | set(theirs)):
        if ours.get(k) != theirs.get(k):
            diffs.append(f"participation {k}: mutu {ours.get(k)} duckdb {theirs.get(k)}")
    keys = ("deployed", "studied", "mutualised", "planned")
    ours = {s["service"]: tuple(s[k] for k in keys) for s in analysis["services"]}
    theirs = {s["service"]: tuple(s[k] for k in keys) for s in peer["services"]}
    zero = (0, 0, 0, 0)
    for k in sorted(set(ours) | set(theirs)):
        if ours.get(k, zero) != theirs.get(k, zero):
            diffs.append(f"service {k} {keys}: mutu {ours.get(k, zero)} duckdb {theirs.get(k, zero)}")
    return diffs


def print_table(result):
    rows = [("step", "median s", "peak MiB", "target", "met?")]
    for s in result["steps"]:
        if not s["available"]:
            rows.append((s["label"], "n/a", "n/a", s["target"], "not available: " + s["note"]))
            continue
        met = "" if s["met"] is None else ("yes" if s["met"] else "NO")
        if "ratio_to_duckdb" in s:
            met += f" (× {s['ratio_to_duckdb']} DuckDB)"
        rows.append((s["label"], f"{s['median_s']:.3f}", f"{s['peak_mib']:.0f}", s["target"], met))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    for backend, runs in result.get("http", {}).items():
        for mode, r in runs.items() if isinstance(runs, dict) and "error" not in runs else []:
            lat = r["latency"]
            put, page = lat.get("autosave_put", {}), lat.get("page_view", {})
            print(f"HTTP {backend} {mode}: {r['requests']} requests ({r['requests_per_s']:.0f}/s), "
                  f"errors {r['error_count']} {r['errors']}, 412 {r['conflicts_412']}; "
                  f"autosave p50/p90/p99/max {fmt_lat(put)} ms; page p50/p90/p99/max {fmt_lat(page)} ms")
        if isinstance(runs, dict) and "error" in runs:
            print(f"HTTP {backend}: {runs['error']}")
    sc = result.get("scale", {})
    for backend in ("sqlite", "postgres"):
        for r in sc.get(f"pages_{backend}", []):
            print(f"page [{backend}] {r['page']}: {r['status']}, cold {r['cold_s'] * 1000:.0f} ms, "
                  f"warm {r['warm_median_s'] * 1000:.1f} ms, {r['bytes'] / 1024:.0f} KiB"
                  f"{'' if r['met'] else '  NOT MET'}")
    for key in ("demo_start_s", "shared_state", "outbox_sqlite", "outbox_postgres"):
        if key in sc:
            print(f"{key}: {json.dumps(sc[key], ensure_ascii=False)}")
    if "two_servers" in sc:
        t = sc["two_servers"]
        print(f"two servers: {t.get('requests')} requests, errors {t.get('error_count')}, "
              f"412 {t.get('conflicts_412')}, lost updates {t.get('lost_updates')}")
    if "http_target" in result:
        t = result["http_target"]
        print(f"HTTP target ({t['target']}, think {t['think_ms']} ms): p99 {t['p99_ms']} ms, "
              f"errors {t['errors']} → {'met' if t['met'] else 'NOT met'}")


def fmt_lat(p):
    if not p.get("count"):
        return "-"
    return "/".join(f"{p[k]:.1f}" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="runs per step; the median is reported (default 3)")
    p.add_argument("--out", default="bench.json", help="JSON results (default bench.json)")
    p.add_argument("--no-build", action="store_true", help="use the binaries already built")
    p.add_argument("--no-http", action="store_true", help="skip the HTTP load")
    p.add_argument("--no-postgres", action="store_true", help="HTTP load on SQLite only")
    p.add_argument("--concurrency", type=int, default=200, help="concurrent respondents (default 200)")
    p.add_argument("--duration", default="20s", help="length of each load run (default 20s)")
    p.add_argument("--think", type=lambda s: [int(x) for x in s.split(",")], default=[0, 1000],
                   help="pauses after each autosave, ms, one load run each (default 0,1000; the last one "
                        "is judged against the target)")
    p.add_argument("--mutu", help="binary to measure instead of the release build (implies nothing else)")
    p.add_argument("--no-scale", action="store_true", help="skip issue 14's pages, two servers and outbox")
    p.add_argument("--only-scale", action="store_true",
                   help="after building the scenario, run issue 14's part only (pages, two servers, outbox)")
    p.add_argument("--pages-only", action="store_true",
                   help="with --only-scale: the pages and the demo's start only (no two servers, no outbox)")
    p.add_argument("--keep", action="store_true", help="keep the temporary scenario folder")
    Bench(p.parse_args()).main()


if __name__ == "__main__":
    main()
