"""Audit report for a terminal: one line per dossier, what is missing, and a summary."""

from __future__ import annotations

from typing import TextIO

from checker.report.audit import VERDICT_LABELS, AuditSummary, DossierResult, summary_line


class TextWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def start(self) -> None:
        return None

    def dossier(self, result: DossierResult) -> None:
        counts = f"{result.count('error')} erreur(s), {result.count('warning')} avertissement(s)"
        self.out.write(f"{result.path}: {result.dossier} — {VERDICT_LABELS[result.verdict]} "
                       f"({counts})\n")
        if result.verdict == "irregulier":
            self.out.write(f"    conduite irrégulière : {', '.join(result.rules)}\n")
        for missing in result.missing:
            self.out.write(f"    manque : {missing}\n")
        if result.ready_on:
            self.out.write(f"    prêt au plus tôt le {result.ready_on}\n")

    def end(self, summary: AuditSummary) -> None:
        self.out.write(summary_line(summary) + "\n")
