"""Audit report as a Markdown table, to paste into a memo or a ticket."""

from __future__ import annotations

from typing import TextIO

from checker.report.audit import VERDICT_LABELS, AuditSummary, DossierResult, summary_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class MarkdownWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def start(self) -> None:
        self.out.write("| Dossier | Verdict | Prêt le | Manques ou règles | Erreurs | "
                       "Avertissements |\n|---|---|---|---|---|---|\n")

    def dossier(self, result: DossierResult) -> None:
        detail = "; ".join(result.missing) if result.missing else ", ".join(result.rules)
        self.out.write(f"| {_cell(result.dossier)} | {VERDICT_LABELS[result.verdict]} | "
                       f"{result.ready_on or ''} | {_cell(detail)} | {result.count('error')} | "
                       f"{result.count('warning')} |\n")

    def end(self, summary: AuditSummary) -> None:
        self.out.write(f"\n{summary_line(summary)}\n")
