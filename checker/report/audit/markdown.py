"""Audit report as a Markdown table, to paste into a memo or a ticket."""

from __future__ import annotations

from checker.report.audit import VERDICT_LABELS, AuditSummary, DossierResult, summary_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class MarkdownWriter:
    separator = ""

    def header(self) -> str:
        return ("| Dossier | Verdict | Prêt le | Manques ou règles | Erreurs | Avertissements |\n"
                "|---|---|---|---|---|---|\n")

    def dossier(self, result: DossierResult) -> str:
        detail = "; ".join(result.missing) if result.missing else ", ".join(result.rules)
        return (f"| {_cell(result.dossier)} | {VERDICT_LABELS[result.verdict]} | "
                f"{result.ready_on or ''} | {_cell(detail)} | {result.count('error')} | "
                f"{result.count('warning')} |\n")

    def footer(self, summary: AuditSummary) -> str:
        return f"\n{summary_line(summary)}\n"
