"""What the check kinds over case files (contact histories) share.

A case kind is one module with one class, like the letter kinds: `prepare` once at load time,
`run` over one case. It returns `CaseHit`s naming the event that breaks the rule (or none, for a
finding about the whole file); the engine turns them into findings located at the event's line.

Every legal threshold is a dated parameter: a kind reads it as of the date of the event it judges
(`CaseContext.params_at`), and judges an event only if the rule was in force that day
(`in_force`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from checker.rules.data import ParamView

if TYPE_CHECKING:
    from checker.cases.model import Case, Event
    from checker.kinds.base import PackData
    from checker.letters.document import Letter
    from checker.model import Rule
    from checker.rules.data import Parameter


@dataclass(frozen=True, slots=True)
class CaseHit:
    """The event a rule fires on (None: the case as a whole), and values for the message."""

    event: Event | None
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseContext:
    """What a case check needs besides the case.

    `as_of` is the moment the case is judged ("now", or `--at`): rules about what is about to
    happen (prescription nearing, readiness) measure from it. `letters` maps an event index to the
    parsed letter of its `letter:` key, for the kinds that compare the two.
    """

    params: dict[str, Parameter]
    as_of: datetime.datetime
    letters: dict[int, Letter] = field(default_factory=dict)

    def params_at(self, day: datetime.date) -> ParamView:
        return ParamView(self.params, day)


class CaseKind(Protocol):
    name: ClassVar[str]

    def prepare(self, rule: Rule, pack: PackData) -> Any: ...

    def run(self, rule: Rule, prepared: Any, case: Case, ctx: CaseContext) -> list[CaseHit]: ...


@dataclass(frozen=True, slots=True)
class Selector:
    """An `events`-style filter `{kinds, by, to, stage}` (all optional), as sets built once at
    load time: rules test it on every event of every case. None (or empty) lets anything pass."""

    kinds: frozenset[str] | None = None
    by: frozenset[str] | None = None
    to: frozenset[str] | None = None
    stage: frozenset[str | None] | None = None


def selector(spec: dict[str, list[str]] | None) -> Selector:
    """The Selector of a rule's `events` filter."""
    spec = spec or {}
    return Selector(*(frozenset(spec[key]) if spec.get(key) else None
                      for key in ("kinds", "by", "to", "stage")))


def matches(event: Event, selector: Selector) -> bool:
    """Whether an event passes an `events`-style filter."""
    return ((selector.kinds is None or event.kind in selector.kinds)
            and (selector.by is None or event.by in selector.by)
            and (selector.to is None or event.to in selector.to)
            and (selector.stage is None or event.stage in selector.stage))


def in_force(rule: Rule, event: Event) -> bool:
    return rule.in_force(event.day)


def number_on(ctx: CaseContext, spec: Any) -> Callable[[datetime.date], float | None]:
    """`ctx.params_at(day).number(spec)` as a function of the day, for kinds that read a
    parameter on every event of a case: the same value, without a ParamView per event."""
    if isinstance(spec, (int, float)):
        literal = float(spec)
        return lambda day: literal
    name: str = spec["param"]
    factor = float(spec.get("factor", 1))
    params = ctx.params

    def number(day: datetime.date) -> float | None:
        dated = params[name].at(day)
        return None if dated is None else float(dated.value) * factor

    return number


def raw_on(ctx: CaseContext, spec: dict[str, Any]) -> Callable[[datetime.date], Any]:
    """`ctx.params_at(day).raw(spec)` as a function of the day (see `number_on`)."""
    name: str = spec["param"]
    params = ctx.params

    def raw(day: datetime.date) -> Any:
        dated = params[name].at(day)
        return None if dated is None else dated.value

    return raw


def french_date(day: datetime.date) -> str:
    """dd/mm/yyyy, as strftime("%d/%m/%Y") writes it, in less than half the time (findings and
    their messages show many dates); years before 1000 are left to strftime, whose %Y does not
    pad them on every platform."""
    if day.year < 1000:
        return day.strftime("%d/%m/%Y")
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
