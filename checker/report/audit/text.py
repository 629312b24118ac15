"""Audit report for a terminal: one line per dossier, what is missing, and a summary."""

from __future__ import annotations

from checker.report.audit import VERDICT_LABELS, AuditSummary, DossierResult, summary_line


class TextWriter:
    separator = ""

    def header(self) -> str:
        return ""

    def dossier(self, result: DossierResult) -> str:
        counts = f"{result.count('error')} erreur(s), {result.count('warning')} avertissement(s)"
        lines = [f"{result.path}: {result.dossier} — {VERDICT_LABELS[result.verdict]} ({counts})"]
        if result.verdict == "irregulier":
            lines.append(f"    conduite irrégulière : {', '.join(result.rules)}")
        lines.extend(f"    manque : {missing}" for missing in result.missing)
        if result.ready_on:
            lines.append(f"    prêt au plus tôt le {result.ready_on}")
        return "\n".join(lines) + "\n"

    def footer(self, summary: AuditSummary) -> str:
        return summary_line(summary) + "\n"
