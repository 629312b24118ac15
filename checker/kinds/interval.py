"""`interval`: a step taken too soon after the step it should wait for.

Escalation must leave the debtor the time he was given: a reminder a few days after the last one
is pressure, not information (fiche §9), and a court step before the mise en demeure's own
deadline is over takes away the chance to pay that the mise en demeure announced (C. civ. 1344).
Gaps are counted in local calendar days, from day to day, like the deadlines they mirror.
Placeholders: `{value}` (days), `{limit}`, `{first_date}` (the earlier event's day), `{start_date}`
(the day the gap is counted from: the receipt, when a deadline runs from it) and, for a deadline,
`{end_date}` (its last day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import PackData, check_param_refs, format_number
from checker.kinds.case_base import (
    CaseContext,
    CaseHit,
    Selector,
    french_date,
    in_force,
    matches,
    selector,
)

if TYPE_CHECKING:
    from checker.cases.model import Case, Event
    from checker.model import Rule


@dataclass(frozen=True, slots=True)
class IntervalSpec:
    first: Selector
    then: Selector
    min_days: Any
    """A number or `{param}`; None when the gap is the earlier event's own deadline."""


class Interval:
    name: ClassVar[str] = "interval"

    def prepare(self, rule: Rule, pack: PackData) -> IntervalSpec:
        check = rule.check
        min_days = check.get("min_days")
        if min_days is not None:
            check_param_refs(min_days, pack, ("min_days",))
        return IntervalSpec(selector(check["first"]), selector(check["then"]), min_days)

    def run(self, rule: Rule, prepared: IntervalSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        """Each `then` event against the latest `first` event before it (by time, then file order).

        Only the latest one: once a new step was taken, the spacing runs from it. An event that
        matches both filters is compared with the one before it, never with itself.
        """
        hits: list[CaseHit] = []
        latest: Event | None = None
        for event in case.events:
            if latest is not None and matches(event, prepared.then) and in_force(rule, event):
                hit = self._judge(prepared, latest, event, ctx)
                if hit is not None:
                    hits.append(hit)
            if matches(event, prepared.first):
                latest = event
        return hits

    @staticmethod
    def _judge(prepared: IntervalSpec, first: Event, then: Event,
               ctx: CaseContext) -> CaseHit | None:
        """The gap between two events, against `min_days` or the first one's own deadline.

        A deadline of N days from day R runs through day R+N (the day it starts from does not
        count and the last day counts whole, as CPC art. 641 and 642 count procedural deadlines):
        a step on R+N is still inside it. This is the day `precondition` also takes as the first
        one a court step is ready. A `min_days` gap is met by exactly `min_days` days.
        """
        start = first.day
        values: dict[str, str] = {}
        if prepared.min_days is None:
            if first.deadline_days is None:
                return None
            if first.received is not None:
                start = first.received
            limit = float(first.deadline_days)
            end = start + datetime.timedelta(days=first.deadline_days)
            values["end_date"] = french_date(end)
            inside = then.day <= end
        else:
            bound = ctx.params_at(then.day).number(prepared.min_days)
            if bound is None:
                return None
            limit = bound
            inside = (then.day - start).days < limit
        if not inside:
            return None
        return CaseHit(then, {
            "value": str((then.day - start).days),
            "limit": format_number(limit),
            "first_date": french_date(first.day),
            "start_date": french_date(start),
            **values,
        })
