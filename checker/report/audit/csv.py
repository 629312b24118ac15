"""Audit report as CSV, one row per dossier, for spreadsheets and portfolio tools."""

from __future__ import annotations

import csv
import io

from checker.report.audit import AuditSummary, DossierResult

COLUMNS = ("dossier", "chemin", "verdict", "pret_le", "manques", "regles", "erreurs",
           "avertissements")


def _row(values: tuple[object, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


class CsvWriter:
    separator = ""

    def header(self) -> str:
        return _row(COLUMNS)

    def dossier(self, result: DossierResult) -> str:
        return _row((result.dossier, result.path, result.verdict, result.ready_on or "",
                     " | ".join(result.missing), " ".join(result.rules),
                     result.count("error"), result.count("warning")))

    def footer(self, summary: AuditSummary) -> str:
        return ""
