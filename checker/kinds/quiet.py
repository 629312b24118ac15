"""`quiet`: contacts made while the creditor's side should keep quiet.

Some facts of a file end, or suspend, the right to pursue the debtor: the debt is paid, an agreed
payment plan is being honoured, the debt is disputed and awaits the creditor's answer, the debtor
refused a channel, or a lawyer now speaks for him. A contact after such a fact is an unwanted
solicitation (C. consom. L121-7 3°) or goes against the practice the profession committed to
(Accord ASF 2004). Each `after` mode below finds the periods of silence; the rule's `events`
filter says which events count as a contact.

"Later" always means later in the file's order (time, then position): an event given as a day
sorts at the start of that day, so a timed contact on the same day as a day-only trigger counts
as after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import PackData, PrepareError
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
    from checker.cases.model import Case, Event, Installment
    from checker.model import Rule

Silence = Iterator[tuple["Event", datetime.date]]
"""Events that fall in a period of silence, each with the day that period began."""


@dataclass(frozen=True, slots=True)
class QuietSpec:
    after: str
    events: Selector


def _paid_in_full(case: Case) -> Silence:
    """From the payment that brings the total paid up to the total claimed, for good.

    A file with nothing claimed is never "paid in full": there is nothing to measure against.
    """
    total = case.total_claimed
    if total <= 0:
        return
    paid = Decimal("0")
    since: datetime.date | None = None
    for event in case.events:
        if since is not None:
            yield event, since
        elif event.kind == "paiement" and event.amount is not None:
            paid += event.amount
            if paid >= total:
                since = event.day


def _due(installment: Installment) -> datetime.date:
    return installment.due


def first_overdue_day(installments: tuple[Installment, ...],
                      payments: list[tuple[datetime.date, Decimal]]) -> datetime.date | None:
    """The first day an instalment of a plan is overdue, or None while the plan is honoured.

    On day D the instalments due before D must be covered by the payments made since the plan,
    up to and including D (a file gives payments as days, so a payment on D counts for all of D).
    The shortfall only grows on the day after a due date and only shrinks with a payment, so the
    first overdue day, if any, is the day after some due date.
    """
    due_total = Decimal("0")
    for due, group in groupby(sorted(installments, key=_due), key=_due):
        due_total += sum((i.amount for i in group), Decimal("0"))
        day = due + datetime.timedelta(days=1)
        paid = sum((amount for paid_on, amount in payments if paid_on <= day), Decimal("0"))
        if paid < due_total:
            return day
    return None


def _payment_plan(case: Case) -> Silence:
    """From each `echeancier` until its first overdue instalment or the next `echeancier`.

    Once an instalment is overdue the plan no longer protects the debtor, even if he catches up
    later; a new plan starts a new silence. A plan without instalments cannot be seen to be
    honoured, so it imposes no silence.
    """
    events = case.events
    starts = [i for i, e in enumerate(events) if e.kind == "echeancier"]
    for n, start in enumerate(starts):
        plan = events[start]
        if not plan.installments:
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(events)
        span = events[start + 1:end]
        payments = [(e.day, e.amount) for e in span
                    if e.kind == "paiement" and e.amount is not None]
        overdue = first_overdue_day(plan.installments, payments)
        for event in span:
            if overdue is None or event.day < overdue:
                yield event, plan.day


def _dispute(case: Case) -> Silence:
    """From a `contestation` not yet answered until the creditor's next `reponse`.

    A second dispute raised before any answer does not move the start of the silence.
    """
    since: datetime.date | None = None
    for event in case.events:
        if event.kind == "reponse":
            since = None
            continue
        if since is not None:
            yield event, since
        elif event.kind == "contestation":
            since = event.day


def _opposition(case: Case) -> Silence:
    """From an `opposition` on a channel, events of exactly that kind, for good.

    Kinds are compared as they are: an opposition to `courrier` does not cover an `lrar`. The
    rule's message says so, since a registered letter is also a letter to the debtor.
    """
    refused: dict[str, datetime.date] = {}
    for event in case.events:
        if event.kind in refused:
            yield event, refused[event.kind]
        if event.kind == "opposition" and event.channel and event.channel not in refused:
            refused[event.channel] = event.day


def _lawyer(case: Case) -> Silence:
    """Once a lawyer is known, events addressed to the debtor himself.

    A lawyer named in the file's parties is known from its first event; otherwise from the first
    event addressed to a lawyer.
    """
    since: datetime.date | None = None
    if case.debtor.lawyer and case.events:
        since = case.events[0].day
    for event in case.events:
        if since is None:
            if event.to == "avocat":
                since = event.day
            continue
        if event.to == "debiteur":
            yield event, since


MODES: dict[str, Callable[[Case], Silence]] = {
    "paid_in_full": _paid_in_full,
    "payment_plan": _payment_plan,
    "dispute": _dispute,
    "opposition": _opposition,
    "lawyer": _lawyer,
}


class Quiet:
    name: ClassVar[str] = "quiet"

    def prepare(self, rule: Rule, pack: PackData) -> QuietSpec:
        after = rule.check.get("after")
        if after not in MODES:
            raise PrepareError(("after",), f"période de silence inconnue « {after} » "
                                           f"(attendu : {', '.join(MODES)})")
        return QuietSpec(str(after), selector(rule.check.get("events")))

    def run(self, rule: Rule, prepared: QuietSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        return [CaseHit(event, {"value": event.kind, "since": french_date(since)})
                for event, since in MODES[prepared.after](case)
                if matches(event, prepared.events) and in_force(rule, event)]
