"""`--baseline`: report only the findings that a previous JSON report did not have.

A firm adopting Amiable on an existing template library cannot fix every letter before turning
the check on in CI; with a baseline, the pipeline fails on what a change introduces, and the old
findings are dealt with over time. Findings are matched by fingerprint (checker/fingerprint.py:
rule, file, the words the finding is about, rank), not by line, so that text added above a known
finding does not make it new again.

Accountability: the findings a baseline hides are not dropped silently; they are counted, by
rule, in the report's `suppressed` tally, like those a waiver suppresses.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from typing import Any

from checker.errors import InputError
from checker.fingerprint import fingerprints
from checker.model import FileReport
from checker.paths import display_path
from checker.yamlsrc import load_one

Baseline = frozenset[tuple[str, str]]
"""(path as written in the previous report, fingerprint) pairs."""




def _locate(text: str, shown: str, at: tuple[str | int, ...], message: str) -> InputError:
    """An error at the JSON value `at`: JSON parsers keep no positions, so the text is read
    again as YAML (a superset of JSON) only to find the line, once something is wrong."""
    try:
        line, column = load_one(text, shown).where(at)
    except InputError:
        line, column = 0, 0
    return InputError(shown, message, line, column)


def _pairs(data: Any, text: str, shown: str) -> set[tuple[str, str]]:
    def fail(at: tuple[str | int, ...], message: str) -> InputError:
        return _locate(text, shown, at, f"{message} : un rapport `amiable check --format json` "
                                        "est attendu")

    if not isinstance(data, dict) or "files" not in data or "version" not in data:
        raise fail((), "pas un rapport JSON d'Amiable (clés « version » et « files » absentes)")
    files = data["files"]
    if not isinstance(files, list):
        raise fail(("files",), "« files » doit être une liste")
    pairs: set[tuple[str, str]] = set()
    for i, entry in enumerate(files):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise fail(("files", i), f"files/{i} : « path » manquant")
        findings = entry.get("findings")
        if not isinstance(findings, list):
            raise fail(("files", i), f"files/{i} : « findings » manquant")
        for j, finding in enumerate(findings):
            fingerprint = finding.get("fingerprint") if isinstance(finding, dict) else None
            if not isinstance(fingerprint, str) or not fingerprint:
                raise fail(("files", i, "findings", j),
                           f"files/{i}/findings/{j} : pas d'empreinte « fingerprint » (rapport "
                           "d'une version antérieure ? régénérez-le)")
            pairs.add((entry["path"], fingerprint))
    return pairs


def load_baseline(path: str) -> Baseline:
    """The (path, fingerprint) pairs of a previous `amiable check --format json` report.

    A file that cannot be read, is not JSON, or is not such a report is an input error with
    the line where it goes wrong.
    """
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError(shown, "rapport de référence (baseline) introuvable") from None
    except UnicodeDecodeError as exc:
        raise InputError(shown, f"encodage invalide, UTF-8 attendu (octet {exc.start})") from None
    except OSError as exc:
        raise InputError(shown, f"lecture impossible : {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"JSON invalide : {exc.msg} ; un rapport `amiable check "
                                "--format json` est attendu", exc.lineno, exc.colno) from None
    return frozenset(_pairs(data, text, shown))


def _same_file(path: str) -> str:
    """A path in a comparable form: `./a.md`, `a.md` and its absolute form below the working
    directory are the same file for a baseline made from another invocation."""
    path = path.replace("\\", "/")
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    return os.path.normpath(path).replace("\\", "/")


def filter_new(report: FileReport, baseline: Baseline) -> FileReport:
    """The report with only the findings whose fingerprint the baseline does not have for the
    same file; the others are counted in `suppressed`.

    Fingerprints hash the path as the report wrote it, so they are computed again with the
    baseline's own spelling of the path (`./a.md` or `a.md`) when it differs.
    """
    if not report.findings or not baseline:
        return report
    key = _same_file(report.path)
    spellings = {p for p, _ in baseline if p == report.path or _same_file(p) == key}
    if not spellings:
        return report
    known = [False] * len(report.findings)
    for spelling in spellings:
        for i, fingerprint in enumerate(fingerprints(spelling, report.findings)):
            if (spelling, fingerprint) in baseline:
                known[i] = True
    if not any(known):
        return report
    counts = Counter(report.suppressed)
    counts.update(f.rule for f, old in zip(report.findings, known, strict=True) if old)
    kept = tuple(f for f, old in zip(report.findings, known, strict=True) if not old)
    return dataclasses.replace(report, findings=kept, suppressed=dict(sorted(counts.items())))
