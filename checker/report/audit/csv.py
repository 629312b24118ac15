"""Audit report as CSV, one row per dossier, for spreadsheets and portfolio tools."""

from __future__ import annotations

import csv
from typing import TextIO

from checker.report.audit import AuditSummary, DossierResult

COLUMNS = ("dossier", "chemin", "verdict", "pret_le", "manques", "regles", "erreurs",
           "avertissements")


class CsvWriter:
    def __init__(self, out: TextIO) -> None:
        self.writer = csv.writer(out, lineterminator="\n")

    def start(self) -> None:
        self.writer.writerow(COLUMNS)

    def dossier(self, result: DossierResult) -> None:
        self.writer.writerow((result.dossier, result.path, result.verdict, result.ready_on or "",
                              " | ".join(result.missing), " ".join(result.rules),
                              result.count("error"), result.count("warning")))

    def end(self, summary: AuditSummary) -> None:
        return None
