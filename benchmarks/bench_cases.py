"""Speed and memory of `amiable audit` on generated case files (measured, not asserted).

Generates N dossiers of E events each (YAML files in a temporary directory), then times
`amiable audit DIR --format csv` in a fresh process with --jobs 1 and --jobs 2, and reports
events per second and the peak memory of the auditing process. Memory should stay flat as the
batch grows: the audit streams dossiers, so the peak for N/5 dossiers is measured too.

Run: `make bench` (or `python benchmarks/bench_cases.py --dossiers 10000 --events 30`).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ["appel", "email", "sms", "courrier", "appel", "email"]


def write_case(path: Path, number: int, events: int, rng: random.Random) -> None:
    start = datetime.datetime(2025, 1, 6, 10, 0) + datetime.timedelta(days=rng.randrange(300))
    lines = [
        f"dossier: D-BENCH-{number:06d}",
        "creditor: {name: Atelier Mercier SARL, kind: professionnel}",
        f"debtor: {{name: Client {number}, kind: {rng.choice(['particulier', 'professionnel'])},"
        f' postal_code: "{rng.choice(["69007", "75011", "57000", "97110"])}"}}',
        "claims:",
        f"  - {{ref: F-{number:06d}, amount: {rng.randrange(200, 9000)}.00, "
        f"issued: {(start - datetime.timedelta(days=60)).date()}, "
        f"due: {(start - datetime.timedelta(days=30)).date()}}}",
        "events:",
    ]
    at = start
    for index in range(events - 2):
        at += datetime.timedelta(days=rng.randrange(1, 6), minutes=rng.randrange(0, 600, 15))
        kind = rng.choice(KINDS)
        stage = ", stage: relance" if kind in ("email", "courrier") and index % 5 == 0 else ""
        lines.append(f'  - {{at: "{at:%Y-%m-%dT%H:%M}", kind: {kind}{stage}}}')
    at += datetime.timedelta(days=3)
    lines.append(f"  - {{at: {at.date()}, kind: lrar, stage: mise_en_demeure, "
                 f"deadline_days: 15, received: {(at + datetime.timedelta(days=2)).date()}}}")
    at += datetime.timedelta(days=30)
    lines.append(f"  - {{at: {at.date()}, kind: assignation, by: avocat}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(directory: Path, dossiers: int, events: int) -> None:
    rng = random.Random(20261123)
    for number in range(dossiers):
        write_case(directory / f"d{number:06d}.yaml", number, events, rng)


def audit(directory: Path, jobs: int) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one `amiable audit` process (children included)."""
    command = [sys.executable, "-c",
               "import resource, sys; from checker.cli import main; code = main(sys.argv[1:]); "
               "usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
               "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "print(usage, file=sys.stderr); sys.exit(code)",
               "audit", str(directory), "--format", "csv", "--jobs", str(jobs),
               "--at", "2026-11-23"]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    elapsed = time.perf_counter() - start
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10000)
    parser.add_argument("--events", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {datetime.date.today().isoformat()}")
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "small"), Path(tmp, "large")
        small.mkdir()
        large.mkdir()
        generate(small, max(1, args.dossiers // 5), args.events)
        generate(large, args.dossiers, args.events)
        total_events = args.dossiers * args.events
        for jobs in (1, 2):
            elapsed, peak = audit(large, jobs)
            print(f"audit --jobs {jobs}: {args.dossiers} dossiers x {args.events} events in "
                  f"{elapsed:.1f} s: {total_events / elapsed:,.0f} events/s, peak {peak:.0f} MiB "
                  f"(target >= 100,000 events/s on one core)")
        elapsed, peak_small = audit(small, 1)
        print(f"memory: peak {peak_small:.0f} MiB for {args.dossiers // 5} dossiers "
              f"(flat if close to the peak for {args.dossiers})")


if __name__ == "__main__":
    main()
