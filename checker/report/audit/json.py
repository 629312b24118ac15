"""Audit report as JSON (version 1), written incrementally: `{"version", "dossiers", "summary"}`.

Each dossier carries its verdict and the full reports of the case and its letters, in the same
shape as `amiable check --format json` files.
"""

from __future__ import annotations

import json

from checker.report import OUTPUT_VERSION
from checker.report.audit import AuditSummary, DossierResult
from checker.report.json import file_data


class JsonWriter:
    separator = ",\n"

    def header(self) -> str:
        return f'{{"version": {OUTPUT_VERSION}, "dossiers": [\n'

    def dossier(self, result: DossierResult) -> str:
        data = {
            "path": result.path, "dossier": result.dossier, "verdict": result.verdict,
            "missing": list(result.missing), "ready_on": result.ready_on,
            "rules": list(result.rules),
            "summary": {s: result.count(s) for s in ("error", "warning", "info")},
            "files": [file_data(r) for r in result.reports],
        }
        return json.dumps(data, ensure_ascii=False)

    def footer(self, summary: AuditSummary) -> str:
        errors = [{"path": e.path, "line": e.line, "column": e.column, "message": e.message}
                  for e in summary.errors]
        tail = {"summary": {**summary.verdicts, "errors": len(summary.errors)}, "errors": errors}
        return "\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n"
