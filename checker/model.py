"""Plain data passed between the stages: rules, letter metadata and findings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
"""Errors first when findings at one place are sorted."""

METADATA_FIELDS = ("type", "date", "channel", "sender", "debtor")
"""The letter metadata vocabulary, in the order it is shown to users."""


@dataclass(frozen=True, slots=True)
class Basis:
    """One legal or practical reference a rule rests on."""

    kind: str
    ref: str
    url: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, str]:
        data = {"kind": self.kind, "ref": self.ref}
        if self.url:
            data["url"] = self.url
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    metadata: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)
    """Case rules: the files (letters) the example case file refers to, by relative path."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as loaded from YAML; `check` keeps the kind's raw parameters."""

    id: str
    title: str
    category: str
    severity: Severity
    basis: tuple[Basis, ...]
    applies: dict[str, tuple[str, ...]]
    effective_from: datetime.date
    effective_to: datetime.date | None
    check: dict[str, Any]
    message: str
    fix: str
    pass_examples: tuple[Example, ...]
    fail_examples: tuple[Example, ...]
    source: str
    line: int
    origin: Literal["pack", "house"] = "pack"
    waivable: bool = True

    @property
    def kind(self) -> str:
        return str(self.check["kind"])

    def in_force(self, day: datetime.date) -> bool:
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a letter is: its values, and for each field where the value came from."""

    values: dict[str, str]
    sources: dict[str, str]
    reasons: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.values["date"])

    def get(self, name: str) -> str:
        return self.values[name]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place, with everything a reader needs to act on it."""

    rule: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    basis: tuple[Basis, ...]
    fix: str
    event: dict[str, Any] | None = None
    """For a case file: the event the finding is about (index in the file, date, kind)."""
    fixture: str | None = None
    """For a template: the fixture whose rendering produced the finding."""

    def as_dict(self) -> dict[str, Any]:
        data = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
            "basis": [b.as_dict() for b in self.basis],
            "fix": self.fix,
        }
        if self.event is not None:
            data["event"] = self.event
        if self.fixture is not None:
            data["fixture"] = self.fixture
        return data


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    kind: str
    metadata: Metadata
    findings: tuple[Finding, ...]
    suppressed: dict[str, int] = field(default_factory=dict)
    """Findings a waiver suppressed, counted by rule: shown in every report, never dropped."""
