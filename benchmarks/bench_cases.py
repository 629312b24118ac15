"""Speed and memory of `amiable audit` on generated case files (measured, not asserted).

Generates N dossiers of E events each (YAML files in a temporary directory), then times
`amiable audit DIR --format csv` in a fresh process with --jobs 1 and --jobs 2, and reports
events per second and the peak memory of the auditing process. Memory should stay flat as the
batch grows: the audit streams dossiers, so the peak for N/5 dossiers is measured too.

Run: `make bench` (or `python benchmarks/bench_cases.py --dossiers 10000 --events 30`). On a
machine shared with other work, `--runs 3` keeps the best of three runs of each measure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ["appel", "email", "sms", "courrier", "appel", "email"]


def make_case(number: int, events: int, rng: random.Random) -> tuple[dict[str, object],
                                                                     list[dict[str, object]]]:
    """One generated dossier: its header (parties, claims) and its events."""
    start = datetime.datetime(2025, 1, 6, 10, 0) + datetime.timedelta(days=rng.randrange(300))
    header: dict[str, object] = {
        "dossier": f"D-BENCH-{number:06d}",
        "creditor": {"name": "Atelier Mercier SARL", "kind": "professionnel"},
        "debtor": {"name": f"Client {number}",
                   "kind": rng.choice(["particulier", "professionnel"]),
                   "postal_code": rng.choice(["69007", "75011", "57000", "97110"])},
        "claims": [{"ref": f"F-{number:06d}", "amount": rng.randrange(200, 9000),
                    "issued": str((start - datetime.timedelta(days=60)).date()),
                    "due": str((start - datetime.timedelta(days=30)).date())}],
    }
    rows: list[dict[str, object]] = []
    at = start
    for index in range(events - 2):
        at += datetime.timedelta(days=rng.randrange(1, 6), minutes=rng.randrange(0, 600, 15))
        kind = rng.choice(KINDS)
        row: dict[str, object] = {"at": f"{at:%Y-%m-%dT%H:%M}", "kind": kind}
        if kind in ("email", "courrier") and index % 5 == 0:
            row["stage"] = "relance"
        rows.append(row)
    at += datetime.timedelta(days=3)
    rows.append({"at": str(at.date()), "kind": "lrar", "stage": "mise_en_demeure",
                 "deadline_days": 15, "received": str((at + datetime.timedelta(days=2)).date())})
    at += datetime.timedelta(days=30)
    rows.append({"at": str(at.date()), "kind": "assignation", "by": "avocat"})
    return header, rows


def _flow(value: object) -> str:
    """A YAML flow rendering of plain data, with strings that look like times quoted."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and ("T" in value or value.isdigit()):
        return f'"{value}"'
    return str(value)


def generate(directory: Path, dossiers: int, events: int) -> tuple[Path, Path]:
    """YAML case files in `directory`, and the same dossiers as a JSONL log + dossiers file."""
    rng = random.Random(20261123)
    log, heads = directory / "log.jsonl", directory / "dossiers.jsonl"
    cases = directory / "cases"
    cases.mkdir()
    with log.open("w", encoding="utf-8") as log_out, heads.open("w", encoding="utf-8") as heads_out:
        for number in range(dossiers):
            header, rows = make_case(number, events, rng)
            heads_out.write(json.dumps(header) + "\n")
            for row in rows:
                log_out.write(json.dumps({"dossier": header["dossier"], **row}) + "\n")
            claims = header["claims"]
            assert isinstance(claims, list)
            lines = [f"dossier: {header['dossier']}", f"creditor: {_flow(header['creditor'])}",
                     f"debtor: {_flow(header['debtor'])}", "claims:",
                     *(f"  - {_flow(c)}" for c in claims), "events:",
                     *(f"  - {_flow(r)}" for r in rows)]
            (cases / f"d{number:06d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log, heads


def audit(target: list[str], jobs: int) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one `amiable audit` process (children included)."""
    command = [sys.executable, "-c",
               "import resource, sys; from checker.cli import main; code = main(sys.argv[1:]); "
               "usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
               "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "print(usage, file=sys.stderr); sys.exit(code)",
               "audit", *target, "--format", "csv", "--jobs", str(jobs),
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
    parser.add_argument("--runs", type=int, default=1, help="best of N runs of each measure")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {datetime.date.today().isoformat()}")
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "small"), Path(tmp, "large")
        small.mkdir()
        large.mkdir()
        generate(small, max(1, args.dossiers // 5), args.events)
        log, heads = generate(large, args.dossiers, args.events)
        total_events = args.dossiers * args.events
        runs = [("YAML case files", [str(large / "cases")], 1),
                ("YAML case files", [str(large / "cases")], 2),
                ("JSONL event log", [str(log), "--dossiers", str(heads)], 1)]
        for label, target, jobs in runs:
            elapsed, peak = min(audit(target, jobs) for _ in range(max(1, args.runs)))
            print(f"audit {label}, --jobs {jobs}: {args.dossiers} dossiers x {args.events} events "
                  f"in {elapsed:.1f} s: {total_events / elapsed:,.0f} events/s, "
                  f"peak {peak:.0f} MiB (target >= 100,000 events/s on one core)")
        elapsed, peak_small = min(audit([str(small / "cases")], 1)
                                  for _ in range(max(1, args.runs)))
        print(f"memory: peak {peak_small:.0f} MiB for {args.dossiers // 5} dossiers "
              f"(flat if close to the peak for {args.dossiers})")


if __name__ == "__main__":
    main()
