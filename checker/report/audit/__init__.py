"""Audit reports: one verdict per dossier, streamed as the batch is checked.

Each format is a small class turning one dossier's result into text; the report is written as
dossiers are judged, so that a portfolio of any size is reported without keeping it in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from checker.errors import InputError
from checker.model import FileReport


@dataclass(frozen=True, slots=True)
class DossierResult:
    path: str
    dossier: str
    verdict: str
    missing: tuple[str, ...]
    ready_on: str | None
    rules: tuple[str, ...]
    reports: tuple[FileReport, ...]

    def count(self, severity: str) -> int:
        return sum(1 for r in self.reports for f in r.findings if f.severity == severity)


@dataclass
class AuditSummary:
    verdicts: dict[str, int] = field(default_factory=lambda: {
        "pret": 0, "non_pret": 0, "irregulier": 0})
    errors: list[InputError] = field(default_factory=list)

    def add(self, result: DossierResult) -> None:
        self.verdicts[result.verdict] += 1


class AuditFormat(Protocol):
    """One output format. `dossier` is pure (it runs in worker processes with `--jobs`); the
    pieces are joined with `separator` by the process that writes the report."""

    separator: str

    def header(self) -> str: ...

    def dossier(self, result: DossierResult) -> str: ...

    def footer(self, summary: AuditSummary) -> str: ...


def formats() -> dict[str, type[AuditFormat]]:
    from checker.report.audit.csv import CsvWriter
    from checker.report.audit.json import JsonWriter
    from checker.report.audit.markdown import MarkdownWriter
    from checker.report.audit.text import TextWriter

    return {"text": TextWriter, "json": JsonWriter, "csv": CsvWriter, "markdown": MarkdownWriter}


VERDICT_LABELS = {"pret": "prêt", "non_pret": "non prêt", "irregulier": "irrégulier"}


def summary_line(summary: AuditSummary) -> str:
    v = summary.verdicts
    total = sum(v.values())
    line = (f"{total} dossier(s) : {v['pret']} prêt(s), {v['non_pret']} non prêt(s), "
            f"{v['irregulier']} irrégulier(s)")
    if summary.errors:
        line += f" ; {len(summary.errors)} fichier(s) illisible(s)"
    return line
