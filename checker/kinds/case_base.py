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


def matches(event: Event, selector: dict[str, list[str]] | None) -> bool:
    """Whether an event passes an `events`-style filter: `{kinds, by, to, stage}`, all optional."""
    if not selector:
        return True
    return ((not selector.get("kinds") or event.kind in selector["kinds"])
            and (not selector.get("by") or event.by in selector["by"])
            and (not selector.get("to") or event.to in selector["to"])
            and (not selector.get("stage") or event.stage in selector["stage"]))


def in_force(rule: Rule, event: Event) -> bool:
    return rule.in_force(event.day)


def french_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
