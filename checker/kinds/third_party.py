"""`third_party`: contacts with the debtor's employer, family, neighbours or others about the debt.

A debt is the debtor's private matter (C. civ. 9): telling anyone else about it is the harm, so a
single contact is enough and nothing is counted or timed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import PackData
from checker.kinds.case_base import CaseContext, CaseHit, Selector, in_force, matches, selector

if TYPE_CHECKING:
    from checker.cases.model import Case
    from checker.model import Rule


@dataclass(frozen=True, slots=True)
class ThirdPartySpec:
    to: frozenset[str]
    events: Selector


class ThirdParty:
    name: ClassVar[str] = "third_party"

    def prepare(self, rule: Rule, pack: PackData) -> ThirdPartySpec:
        return ThirdPartySpec(frozenset(rule.check["to"]), selector(rule.check.get("events")))

    def run(self, rule: Rule, prepared: ThirdPartySpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        return [CaseHit(event, {"value": event.to}) for event in case.events
                if event.to in prepared.to and matches(event, prepared.events)
                and in_force(rule, event)]
