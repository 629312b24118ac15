"""What `amiable check` (on case files), `amiable audit` and `amiable next` do with cases.

I/O lives here (reading files, pools of workers, progress on stderr); the judging is in
engine.py and readiness.py.
"""

from __future__ import annotations

import datetime
import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from checker.cases.engine import check_case, check_case_and_letters, check_letters
from checker.cases.eventlog import read_event_log
from checker.cases.loader import parse_case, read_source
from checker.cases.model import Case
from checker.cases.readiness import NextContact, next_contact, readiness
from checker.errors import InputError
from checker.files import SKIPPED_DIRS, looks_like_case_file
from checker.model import FileReport
from checker.paths import display_path
from checker.report.audit import AuditFormat, AuditSummary, DossierResult, formats
from checker.rules.loader import RuleSet, load_rules

LOG_SUFFIXES = (".csv", ".jsonl")
PROGRESS_MIN = 20
"""Batches smaller than this get no progress bar."""


def parse_at(text: str | None) -> datetime.datetime | None:
    """`--at`: an ISO date or date-time, naive (local to each debtor) or with an offset."""
    if text is None:
        return None
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise InputError("--at", f"date « {text} » invalide : AAAA-MM-JJ ou "
                                 "AAAA-MM-JJTHH:MM attendu") from None


def as_of_for(case: Case, at: datetime.datetime | None) -> datetime.datetime:
    """The moment a case is judged, in the debtor's time zone."""
    zone = ZoneInfo(case.timezone)
    if at is None:
        return datetime.datetime.now(zone).replace(second=0, microsecond=0)
    if at.tzinfo is None:
        return at.replace(tzinfo=zone)
    return at.astimezone(zone)


def read_case(path: str) -> tuple[Case, list[str]]:
    """A case file and its lines (for excerpts in findings)."""
    text = read_source(path)
    return parse_case(text, path), text.splitlines()


def check_case_file(path: str, ruleset: RuleSet,
                    at: datetime.datetime | None) -> list[FileReport]:
    case, lines = read_case(path)
    return check_case(case, ruleset, as_of_for(case, at), lines)


# -- audit -------------------------------------------------------------------------------

_RULESET: RuleSet | None = None
_FORMAT: AuditFormat | None = None


def _init_worker(house_dirs: list[str], fmt: str) -> None:
    global _RULESET, _FORMAT
    _RULESET = load_rules(house_dirs)
    _FORMAT = formats()[fmt]()



def judge(item: tuple[str, Any], at: datetime.datetime | None,
          ruleset: RuleSet) -> DossierResult:
    """The verdict on one dossier: a path to load, or a case read from a log."""
    kind, value = item
    case, lines = read_case(value) if kind == "path" else (value, None)
    as_of = as_of_for(case, at)
    reports, letters = check_case_and_letters(case, ruleset, as_of, lines)
    verdict = readiness(case, reports, ruleset, as_of, letters)
    ready = verdict.ready_on.strftime("%d/%m/%Y") if verdict.ready_on else None
    return DossierResult(display_path(case.path), case.dossier, verdict.verdict, verdict.missing,
                         ready, verdict.rules, tuple(reports))


Job = tuple[tuple[str, Any], datetime.datetime | None]


def _audit_one(args: Job) -> tuple[str, str] | InputError:
    """In a worker: the verdict and the dossier's piece of the report, already rendered, so
    that only short strings travel back to the writing process."""
    assert _RULESET is not None and _FORMAT is not None
    try:
        result = judge(args[0], args[1], _RULESET)
    except InputError as exc:
        return exc
    return result.verdict, _FORMAT.dossier(result)


def audit_items(target: str, dossiers: str | None) -> Iterator[tuple[str, Any] | InputError]:
    path = Path(target)
    if path.suffix.lower() in LOG_SUFFIXES:
        if dossiers is None:
            yield InputError(target, "un journal d'événements exige --dossiers FICHIER "
                                     "(parties et créances de chaque dossier)")
            return
        for entry in read_event_log(target, dossiers):
            yield entry if isinstance(entry, InputError) else ("case", entry)
        return
    if path.is_dir():
        for found in sorted(path.rglob("*")):
            parts = found.relative_to(path).parts
            if (found.suffix.lower() in (".yaml", ".yml", ".json") and found.is_file()
                    and not SKIPPED_DIRS.intersection(parts)
                    and not any(p.startswith(".") for p in parts)
                    and looks_like_case_file(found)):
                yield ("path", str(found))
        return
    if path.is_file():
        yield ("path", target)
        return
    yield InputError(target, "fichier ou dossier introuvable")


class Progress:
    """A progress bar on stderr, only on a terminal and for batches of PROGRESS_MIN or more.

    With a known total (a directory) it is a bar with a count; for a log, whose length is not
    known in advance, a count alone.
    """

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self.stream = stream
        self.total = total
        self.enabled = stream.isatty() and (total is None or total >= PROGRESS_MIN)
        self.count = 0

    def line(self) -> str:
        if self.total:
            filled = self.WIDTH * self.count // self.total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            return f"[{bar}] {self.count}/{self.total} dossiers"
        return f"{self.count} dossiers vérifiés…"

    def step(self) -> None:
        self.count += 1
        if self.enabled and (self.count % 10 == 0 or self.count == self.total):
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            self.stream.write("\r" + " " * len(self.line()) + "\r")
            self.stream.flush()


def run_audit(target: str, dossiers: str | None, at: datetime.datetime | None, jobs: int,
              house_dirs: list[str], fmt: str, out: TextIO) -> AuditSummary:
    """Judge every dossier of `target` and write the report to `out` as results come in."""
    summary = AuditSummary()
    items: Iterator[tuple[str, Any] | InputError] | list[tuple[str, Any] | InputError]
    items = audit_items(target, dossiers)
    total = None
    if Path(target).is_dir() and sys.stderr.isatty():
        # The bar needs the count first; otherwise the folder is walked as dossiers are judged,
        # so that workers start at once instead of after a walk of the whole folder.
        items = list(items)
        total = len(items)
    progress = Progress(sys.stderr, total)
    writer = formats()[fmt]()
    out.write(writer.header())
    written = 0

    def consume(result: tuple[str, str] | InputError) -> None:
        nonlocal written
        if isinstance(result, InputError):
            summary.errors.append(result)
            print(f"amiable: {result}", file=sys.stderr)
        else:
            verdict, text = result
            summary.verdicts[verdict] += 1
            out.write((writer.separator if written else "") + text)
            written += 1
        progress.step()

    def work() -> Iterator[Job]:
        for item in items:
            if isinstance(item, InputError):
                consume(item)
            else:
                yield item, at

    if jobs <= 1:
        _init_worker(house_dirs, fmt)
        for args in work():
            consume(_audit_one(args))
    else:
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        with context.Pool(jobs, initializer=_init_worker, initargs=(house_dirs, fmt)) as pool:
            for result in pool.imap(_audit_one, work(), chunksize=16):
                consume(result)
    progress.done()
    out.write(writer.footer(summary))
    return summary


# -- next --------------------------------------------------------------------------------

def run_next(path: str, ruleset: RuleSet, kind: str,
             at: datetime.datetime | None) -> tuple[Case, NextContact]:
    case, _ = read_case(path)
    start = as_of_for(case, at)
    letters, _reports = check_letters(case, ruleset, start.date())
    return case, next_contact(case, ruleset, kind, start, letters)
