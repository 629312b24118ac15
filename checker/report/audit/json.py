"""Audit report as JSON (version 1), written incrementally: `{"version", "dossiers", "summary"}`.

Each dossier carries its verdict and the full reports of the case and its letters, in the same
shape as `amiable check --format json` files.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from checker.report import OUTPUT_VERSION
from checker.report.audit import AuditSummary, DossierResult


def _report(report: Any) -> dict[str, Any]:
    meta = report.metadata
    metadata = ({**meta.values, "sources": dict(meta.sources)} if report.kind == "letter"
                else dict(meta.values))
    return {"path": report.path, "kind": report.kind, "metadata": metadata,
            "findings": [f.as_dict() for f in report.findings]}


class JsonWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True

    def start(self) -> None:
        self.out.write(f'{{"version": {OUTPUT_VERSION}, "dossiers": [')

    def dossier(self, result: DossierResult) -> None:
        data = {
            "path": result.path, "dossier": result.dossier, "verdict": result.verdict,
            "missing": list(result.missing), "ready_on": result.ready_on,
            "rules": list(result.rules),
            "summary": {s: result.count(s) for s in ("error", "warning", "info")},
            "files": [_report(r) for r in result.reports],
        }
        self.out.write(("\n" if self.first else ",\n") + json.dumps(data, ensure_ascii=False))
        self.first = False

    def end(self, summary: AuditSummary) -> None:
        errors = [{"path": e.path, "line": e.line, "column": e.column, "message": e.message}
                  for e in summary.errors]
        tail = {"summary": {**summary.verdicts, "errors": len(summary.errors)}, "errors": errors}
        self.out.write("\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n")
