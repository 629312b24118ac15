"""Output formats: one small module per format over the same result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.errors import InputError
from checker.model import SEVERITIES, FileReport

OUTPUT_VERSION = 1

BASIS_KIND_LABELS = {"loi": "loi", "reglement": "règlement", "jurisprudence": "jurisprudence",
                     "pratique": "pratique", "politique_interne": "politique interne"}
"""How each kind of legal basis is named to a French reader, in every format."""


def fixtures_label(fixtures: str) -> str:
    """Template findings name every fixture that produced them, joined by commas."""
    return "jeux de données" if ", " in fixtures else "jeu de données"


def event_label(event: dict[str, Any]) -> str:
    """A case-file event as a reader names it: its number in the file, then kind and date."""
    if "index" not in event:
        return ", ".join(f"{key} : {value}" for key, value in event.items())
    details = ", ".join(str(event[key]) for key in ("kind", "date") if key in event)
    return f"n° {event['index']}" + (f" ({details})" if details else "")


@dataclass
class RunResult:
    """Everything one `amiable check` produced: reports per file and input errors."""

    files: list[FileReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def suppressed(self) -> dict[str, int]:
        """Findings suppressed by waivers (or hidden by a baseline), by rule, over all files."""
        counts: dict[str, int] = {}
        for report in self.files:
            for rule, count in report.suppressed.items():
                counts[rule] = counts.get(rule, 0) + count
        return dict(sorted(counts.items()))

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for report in self.files:
            for finding in report.findings:
                counts[finding.severity] += 1
        return counts
