"""The JSON report: a versioned contract, schema in rules/schema/output.schema.json."""

from __future__ import annotations

import json
from typing import Any

from checker.fingerprint import fingerprints
from checker.model import FileReport
from checker.report import OUTPUT_VERSION, RunResult


def file_data(report: FileReport) -> dict[str, Any]:
    """One file of the report: also the shape `amiable audit --format json` uses."""
    data: dict[str, Any] = {
        "path": report.path,
        "kind": report.kind,
        "metadata": ({**report.metadata.values, "sources": dict(report.metadata.sources)}
                     if report.kind != "case" else dict(report.metadata.values)),
        "findings": [{**f.as_dict(), "fingerprint": fp} for f, fp in
                     zip(report.findings, fingerprints(report.path, report.findings),
                         strict=True)],
    }
    if report.suppressed:
        data["suppressed"] = dict(sorted(report.suppressed.items()))
    return data


def as_data(result: RunResult) -> dict[str, Any]:
    return {
        "version": OUTPUT_VERSION,
        "files": [file_data(report) for report in result.files],
        "errors": [
            {"path": e.path, "line": e.line, "column": e.column, "message": e.message}
            for e in result.errors
        ],
        "summary": {**result.summary(), "suppressed": result.suppressed()},
    }


def render(result: RunResult, color: bool = False) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2) + "\n"
