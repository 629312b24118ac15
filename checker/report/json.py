"""The JSON report: a versioned contract, schema in rules/schema/output.schema.json."""

from __future__ import annotations

import json
from typing import Any

from checker.report import OUTPUT_VERSION, RunResult


def as_data(result: RunResult) -> dict[str, Any]:
    return {
        "version": OUTPUT_VERSION,
        "files": [
            {
                "path": report.path,
                "kind": report.kind,
                "metadata": ({**report.metadata.values, "sources": dict(report.metadata.sources)}
                             if report.kind == "letter" else dict(report.metadata.values)),
                "findings": [f.as_dict() for f in report.findings],
            }
            for report in result.files
        ],
        "errors": [
            {"path": e.path, "line": e.line, "column": e.column, "message": e.message}
            for e in result.errors
        ],
        "summary": result.summary(),
    }


def render(result: RunResult, color: bool = False) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=2) + "\n"
