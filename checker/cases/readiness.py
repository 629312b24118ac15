"""Is a case ready for court, and when may the next contact lawfully happen?

Both questions are answered by the rules themselves, not by logic of their own: readiness asks
which procedure rules would fire on an `assignation` filed at the date of the audit; the next
contact is the first moment at which a contact of the given kind would fire no contact rule.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from checker.cases.engine import applies_to_case
from checker.cases.model import Case, Event
from checker.engine import render
from checker.kinds import CASE_KINDS
from checker.kinds.case_base import CaseContext, CaseHit
from checker.letters.document import Letter
from checker.model import FileReport, Rule
from checker.rules.loader import RuleSet

VERDICTS = ("pret", "non_pret", "irregulier")
READINESS_KINDS = ("precondition", "prescription")
"""Rule kinds that say whether a court step may be taken."""
COURT_STEP = "assignation"
NEXT_SEARCH_DAYS = 366
NEXT_STEP_MINUTES = 30


@dataclass(frozen=True, slots=True)
class Readiness:
    verdict: str
    missing: tuple[str, ...]
    ready_on: datetime.date | None
    rules: tuple[str, ...]
    """Rules that stand in the way (the irregular conduct, or the missing proofs)."""


def _with_event(case: Case, event: Event) -> Case:
    events = tuple(sorted((*case.events, event), key=lambda e: (e.at, e.index)))
    return dataclasses.replace(case, events=events)


def _virtual(case: Case, kind: str, at: datetime.datetime, by: str) -> Event:
    return Event(index=len(case.events), at=at, has_time=True, kind=kind, by=by, to="debiteur")


def _hits_on(event: Event, rules: list[Rule], case: Case, ruleset: RuleSet,
             ctx: CaseContext) -> list[tuple[Rule, CaseHit]]:
    found = []
    for rule in rules:
        if not applies_to_case(rule, case):
            continue
        for hit in CASE_KINDS[rule.kind].run(rule, ruleset.prepared[rule.id], case, ctx):
            if hit.event is not None and hit.event.index == event.index:
                found.append((rule, hit))
    return found


def readiness(case: Case, reports: list[FileReport], ruleset: RuleSet,
              as_of: datetime.datetime, letters: dict[int, Letter]) -> Readiness:
    """The verdict on a case, from its findings and from the rules themselves.

    `irregulier`: an error other than a procedural one was found in the case or its letters
    (unlawful conduct: a contact that should not have happened, a letter missing a mention whose
    omission is an offence). Else `non_pret` when a procedural error was found on a step already
    taken (a court step filed too early), or when a readiness rule would fire on an assignation
    filed at the date of the audit; the missing items are listed and, when each is only a matter
    of time, the first day the case would be ready. Else `pret`.
    """
    misconduct = sorted({f.rule for r in reports for f in r.findings
                         if f.severity == "error" and f.category != "procedure"})
    if misconduct:
        return Readiness("irregulier", (), None, tuple(misconduct))
    past = [f for r in reports if r.kind == "case" for f in r.findings
            if f.severity == "error" and f.category == "procedure"]
    court = _virtual(case, COURT_STEP, as_of, "avocat")
    rules = [r for r in ruleset.case_rules if r.kind in READINESS_KINDS and r.severity == "error"]
    hits = _hits_on(court, rules, _with_event(case, court), ruleset,
                    CaseContext(ruleset.data.params, as_of, letters))
    if not hits and not past:
        return Readiness("pret", (), None, ())
    missing = tuple(dict.fromkeys(
        [f.message for f in past]
        + [hit.values.get("missing") or rule.title for rule, hit in hits]))
    ready_days = [hit.values.get("ready", "") for _, hit in hits]
    ready_on = None
    if hits and not past and all(ready_days):
        ready_on = max(datetime.datetime.strptime(d, "%d/%m/%Y").date() for d in ready_days)
    rule_ids = {f.rule for f in past} | {r.id for r, _ in hits}
    return Readiness("non_pret", missing, ready_on, tuple(sorted(rule_ids)))


@dataclass(frozen=True, slots=True)
class NextContact:
    at: datetime.datetime | None
    """The first lawful moment, or None when none was found within the search horizon."""
    bounding: tuple[tuple[str, str], ...]
    """(rule id, message) of the rules that ruled out earlier moments."""


def next_contact(case: Case, ruleset: RuleSet, kind: str, start: datetime.datetime,
                 letters: dict[int, Letter]) -> NextContact:
    """The first moment from `start`, on a half-hour grid, at which a contact of `kind` fires no
    contact rule (any case rule other than the readiness ones)."""
    rules = [r for r in ruleset.case_rules if r.kind not in READINESS_KINDS
             and r.kind != "letter_link"]
    ctx = CaseContext(ruleset.data.params, start, letters)
    bounding: dict[str, str] = {}
    zone = start.tzinfo
    candidate = start
    end = start + datetime.timedelta(days=NEXT_SEARCH_DAYS)
    while candidate <= end:
        event = _virtual(case, kind, candidate, "creancier")
        hits = _hits_on(event, rules, _with_event(case, event), ruleset, ctx)
        if not hits:
            return NextContact(candidate, tuple(bounding.items()))
        for rule, hit in hits:
            bounding.setdefault(rule.id, render(rule.message, hit.values))
        if all(rule.kind != "calendar" for rule, _ in hits):
            next_day = candidate.date() + datetime.timedelta(days=1)
            candidate = datetime.datetime.combine(next_day, datetime.time(0, 0), tzinfo=zone)
        else:
            minutes = NEXT_STEP_MINUTES - candidate.minute % NEXT_STEP_MINUTES
            candidate = (candidate + datetime.timedelta(minutes=minutes)).replace(
                second=0, microsecond=0)
    return NextContact(None, tuple(bounding.items()))
