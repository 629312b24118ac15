"""Output formats: one small module per format over the same result."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.errors import InputError
from checker.model import SEVERITIES, FileReport

OUTPUT_VERSION = 1


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
