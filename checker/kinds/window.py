"""`window`: too many contacts within a rolling period of calendar days.

Repetition is what the law blames (C. consom. L121-7 3°, C. pén. 222-16), and the practical
benchmarks that give it a number (D223-9: 4 calls in 30 days; Reg F: 7 in 7 days) count calendar
days, not hours: a window of D days ending on day d covers the local days d-D+1 .. d.
Besides `{value}`, `{limit}` and `{days}`, a hit names the event kind in `{channel}`: with
`per_channel`, the channel that was overused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import PackData, check_param_refs, format_number
from checker.kinds.case_base import CaseContext, CaseHit, Selector, matches, number_on, selector

if TYPE_CHECKING:
    from checker.cases.model import Case
    from checker.model import Rule


@dataclass(frozen=True, slots=True)
class WindowSpec:
    events: Selector
    max: Any
    days: Any
    per_channel: bool


class Window:
    name: ClassVar[str] = "window"

    def prepare(self, rule: Rule, pack: PackData) -> WindowSpec:
        check = rule.check
        check_param_refs(check["max"], pack, ("max",))
        check_param_refs(check["days"], pack, ("days",))
        return WindowSpec(selector(check.get("events")), check["max"], check["days"],
                          bool(check.get("per_channel", False)))

    def run(self, rule: Rule, prepared: WindowSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        """One hit per matching event that comes after `max` others in its window.

        Events are taken in the file's chronological order (time, then position in the file), so
        of several contacts on one day the later ones are the excess. Every matching event counts,
        even one from before the rule came into force: the law judges the contact of the day, but
        the debtor lived through the earlier ones too.
        """
        groups: dict[str, list[datetime.date]] = {}
        hits: list[CaseHit] = []
        limit_on = number_on(ctx, prepared.max)
        days_on = number_on(ctx, prepared.days)
        select = prepared.events
        span_of: dict[float, datetime.timedelta] = {}  # timedelta() costs more than the count
        for event in case.events:
            if not matches(event, select):
                continue
            day = event.day
            group = groups.setdefault(event.kind if prepared.per_channel else "", [])
            group.append(day)
            if not rule.in_force(day):
                continue
            limit = limit_on(day)
            days = days_on(day)
            if limit is None or days is None or days < 1:
                continue
            span = span_of.get(days)
            if span is None:
                span = span_of[days] = datetime.timedelta(days=int(days) - 1)
            count = _count_since(group, day - span)
            if count > limit:
                hits.append(CaseHit(event, {
                    "value": str(count),
                    "limit": format_number(limit),
                    "days": format_number(int(days)),
                    "channel": event.kind,
                }))
        return hits


def _count_since(group: list[datetime.date], first_day: datetime.date) -> int:
    """How many days of `group` (the days of events in chronological order, the judged one
    last) are on or after `first_day`."""
    count = 0
    for earlier in reversed(group):
        if earlier < first_day:
            break
        count += 1
    return count
