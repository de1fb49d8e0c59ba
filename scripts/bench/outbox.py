"""Issue 14's mail benchmark: invitations to every commune of the national wave queued in one
command, sent by `mutu worker` to a local SMTP sink (smtp_sink.py), the worker killed with
SIGKILL half-way and started again; then reminders sent by two workers at once.

What is checked, from the sink's own log (one line per message it acknowledged):
- none lost: every recipient received its mail;
- none twice, but for mails caught in flight by the kill: a copy carries the same
  Message-ID as the first, and the number of copies equals the `resent` count of
  `mutu mail status`;
- two workers together never send one mail twice.
"""
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from web import free_port

SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp_sink.py")
RATE = 100000  # no rate limit in practice: the bench measures the worker's own speed
LEASE = "5"  # seconds before a killed worker's claimed mail is taken over


def write_contacts(path, codes):
    with open(path, "w", encoding="utf-8") as out:
        out.write("respondent,email,name\n")
        for code in codes:
            out.write(f"{code},mairie-{code}@bench.invalid,Secrétariat {code}\n")


class Sink:
    def __init__(self, folder, name):
        self.port = free_port()
        self.log = os.path.join(folder, f"{name}.log")
        open(self.log, "w").close()
        self.proc = subprocess.Popen([sys.executable, SINK, "--port", str(self.port), "--out", self.log],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if not self.proc.stdout.readline().startswith("READY"):
            raise RuntimeError("the SMTP sink did not start")

    def lines(self):
        with open(self.log, encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t") for line in fh if line.strip()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def status(bench, db, wave):
    return json.loads(bench.sh(bench.m(db, "mail", "status", "--campaign", wave, "--format", "json")))


def worker(bench, db, sink):
    return subprocess.Popen(
        bench.m(db, "worker", "--smtp-host", "127.0.0.1", "--smtp-port", str(sink.port), "--mail-rate", str(RATE),
                "--lease", LEASE),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(done, what, timeout=900):
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.2)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tally(lines):
    ids = Counter(mid for mid, _ in lines)
    recipients = {to for _, to in lines}
    copies = sum(n - 1 for n in ids.values())
    return ids, recipients, copies


def invitations_with_a_kill(bench, db, wave, codes):
    """35 000 invitations: queued, half sent, SIGKILL, sent to the end by a new worker."""
    contacts = os.path.join(bench.tmp, "contacts.csv")
    write_contacts(contacts, codes)
    started = time.perf_counter()
    bench.sh(bench.m(db, "contacts", "import", "--campaign", wave, contacts))
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    queued_out = bench.sh(bench.m(db, "mail", "invitations", "--campaign", wave))
    queue_s = time.perf_counter() - started
    total = len(codes)
    print(f"  contacts import {import_s:.2f} s; queued in {queue_s:.2f} s: {queued_out.strip()}", flush=True)
    sink = Sink(bench.tmp, "sink-invitations")
    try:
        started = time.perf_counter()
        first = worker(bench, db, sink)
        wait_until(lambda: len(sink.lines()) >= total // 2, "half of the invitations")
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = len(sink.lines())
        second = worker(bench, db, sink)
        wait_until(lambda: len({mid for mid, _ in sink.lines()}) >= total, "every invitation")
        elapsed = time.perf_counter() - started
        # The mails in flight at the kill are sent again once the lease lapses: wait for the
        # outbox to say nothing is left before counting.
        wait_until(lambda: status(bench, db, wave)["queued"] == 0, "the outbox to empty", timeout=120)
        stop(second)
        final = status(bench, db, wave)
    finally:
        sink.stop()
    lines = sink.lines()
    ids, recipients, copies = tally(lines)
    expected = {f"mairie-{code}@bench.invalid" for code in codes}
    result = {
        "recipients": total, "contacts_import_s": round(import_s, 2), "queue_s": round(queue_s, 2),
        "send_s": round(elapsed, 1), "mails_per_s": round(len(ids) / elapsed, 1),
        "received": len(lines), "distinct_message_ids": len(ids), "copies": copies,
        "delivered_at_kill": at_kill, "status": final,
        "none_lost": recipients == expected and len(ids) == total,
        "copies_within_resent": copies <= final.get("resent", 0),  # a mail re-sent after a kill is a copy only if the relay had accepted it before the kill
        "lease_s": int(LEASE),
    }
    print(f"  invitations: {len(ids)} distinct of {total} in {elapsed:.1f} s ({result['mails_per_s']}/s, "
          f"including a {LEASE} s lease after the kill at {at_kill}); {copies} copies, status {final}", flush=True)
    return result


def reminders_with_two_workers(bench, db, wave):
    """The reminders of the same wave sent by two workers at once: no mail twice."""
    started = time.perf_counter()
    out = bench.sh(bench.m(db, "mail", "reminders", "--campaign", wave))
    queue_s = time.perf_counter() - started
    before = status(bench, db, wave)
    expected = before["queued"]
    sink = Sink(bench.tmp, "sink-reminders")
    try:
        started = time.perf_counter()
        workers = [worker(bench, db, sink) for _ in range(2)]
        wait_until(lambda: len(sink.lines()) >= expected, "every reminder")
        elapsed = time.perf_counter() - started
        time.sleep(1)  # anything sent twice would arrive now
        for w in workers:
            stop(w)
    finally:
        sink.stop()
    lines = sink.lines()
    ids, _, copies = tally(lines)
    result = {"queued": expected, "queue_s": round(queue_s, 2), "send_s": round(elapsed, 1),
              "mails_per_s": round(len(lines) / elapsed, 1), "received": len(lines),
              "distinct_message_ids": len(ids), "copies": copies, "none_twice": copies == 0,
              "none_lost": len(ids) == expected}
    print(f"  reminders ({out.strip()}): {len(lines)} received by two workers in {elapsed:.1f} s, "
          f"{copies} copies", flush=True)
    return result
