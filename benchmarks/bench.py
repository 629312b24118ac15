"""Speed and memory of Amiable, measured (not asserted): run with `make bench`.

1. Cold start: wall time of `python -m checker check ONE_LETTER` in a fresh process, against the
   time of `python -c "import yaml, markdown_it"` measured in the same run (target: at most 2x).
2. Throughput: letters per second and MB/s when one process checks a generated batch of letters
   of about 2 KB (target: at least 2,000 letters/s on one core), and the peak memory.

The numbers go to standard output; copy them into the README with the machine they came from.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "letters_samples"


def _median_wall(command: list[str], runs: int) -> float:
    """Median wall time of `command`, run from a neutral directory so that `python -m checker`
    imports the installed package (with its compiled bytecode), as a user's command would."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(runs: int) -> None:
    letter = str(SAMPLES / "relance-creancier-pro-conforme.md")
    baseline = _median_wall([sys.executable, "-c", "import yaml, markdown_it"], runs)
    amiable = _median_wall([sys.executable, "-m", "checker", "check", letter], runs)
    print(f"cold start (median of {runs}): import yaml, markdown_it {baseline * 1000:.0f} ms; "
          f"amiable check one letter {amiable * 1000:.0f} ms; ratio {amiable / baseline:.2f} "
          f"(target <= 2.00)")


def _batch(count: int, size: int) -> list[tuple[str, str]]:
    """`count` letters of about `size` characters, cycled from the samples."""
    sources = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".md", ".txt")
               and not p.name.upper().startswith("README")]
    letters = []
    for i in range(count):
        path = sources[i % len(sources)]
        text = path.read_text(encoding="utf-8")
        while len(text) < size:
            text += "\nNous restons à votre disposition pour tout renseignement complémentaire.\n"
        letters.append((f"lettre-{i}{path.suffix}", text))
    return letters


def throughput(count: int, size: int) -> None:
    from checker.engine import check_letter, parse_letter
    from checker.rules.loader import load_rules

    ruleset = load_rules()
    batch = _batch(count, size)
    today = datetime.date(2026, 11, 23)
    total_bytes = sum(len(text.encode("utf-8")) for _, text in batch)
    for name, text in batch[:50]:
        check_letter(parse_letter(name, text), ruleset, {}, today)
    start = time.perf_counter()
    findings = 0
    for name, text in batch:
        findings += len(check_letter(parse_letter(name, text), ruleset, {}, today).findings)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"throughput: {count} letters, {total_bytes / count / 1024:.1f} KiB each on average, "
          f"{elapsed:.2f} s: {count / elapsed:.0f} letters/s, "
          f"{total_bytes / elapsed / 1e6:.2f} MB/s, {findings} findings (target >= 2000 letters/s)")
    print(f"peak memory (max RSS of this process): {peak_kib / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold-start runs (median)")
    parser.add_argument("--letters", type=int, default=5000, help="letters in the batch")
    parser.add_argument("--size", type=int, default=2048, help="approximate letter size")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
          f", {datetime.date.today().isoformat()}")
    cold_start(args.runs)
    throughput(args.letters, args.size)


if __name__ == "__main__":
    main()
