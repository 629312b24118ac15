"""Dated parameters, dated legal texts and lexicons: the legal data rules refer to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from checker.model import Basis


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: datetime.date
    value: Any
    basis: Basis


def _in_force(values: tuple[DatedValue, ...], day: datetime.date) -> DatedValue | None:
    current = None
    for item in values:
        if item.start <= day:
            current = item
    return current


@dataclass(frozen=True, slots=True)
class Parameter:
    """A legal number, one value per start date (OpenFisca style)."""

    id: str
    title: str
    unit: str
    values: tuple[DatedValue, ...]

    def at(self, day: datetime.date) -> DatedValue | None:
        return _in_force(self.values, day)


@dataclass(frozen=True, slots=True)
class LegalText:
    """A legal text a verbatim rule requires, one version per start date."""

    id: str
    title: str
    versions: tuple[DatedValue, ...]

    def at(self, day: datetime.date) -> DatedValue | None:
        return _in_force(self.versions, day)


@dataclass(frozen=True, slots=True)
class Lexicon:
    id: str
    title: str
    terms: tuple[str, ...]


class ParamView:
    """Parameters as of one date: what a check sees."""

    def __init__(self, params: dict[str, Parameter], day: datetime.date) -> None:
        self._params = params
        self.day = day

    def number(self, spec: Any) -> float | None:
        """A literal, or `{param, factor?}` resolved on this view's date (None: not in force)."""
        if isinstance(spec, (int, float)):
            return float(spec)
        value = self._params[spec["param"]].at(self.day)
        if value is None:
            return None
        return float(value.value) * float(spec.get("factor", 1))

    def raw(self, spec: dict[str, Any]) -> Any:
        """The value of a non-numeric parameter (weekdays, time ranges) on this date, or None."""
        value = self._params[spec["param"]].at(self.day)
        return None if value is None else value.value


def basis_from(data: dict[str, Any]) -> Basis:
    return Basis(kind=data["kind"], ref=data["ref"], url=data.get("url"), note=data.get("note"))
