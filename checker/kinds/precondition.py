"""`precondition`: what a court step needs before it is taken.

Two things are judged, each on the day of the court step:

- `mise_en_demeure`: a creditor goes to court on a debtor who was put on notice (C. civ. 1344,
  1231) and given the time that notice announced. What counts is what the creditor can *prove*:
  a registered letter (paper or electronic) with a date of receipt, or an act served by a
  commissaire de justice. The deadline runs from receipt (from the day of the act when served).
- `amicable_attempt`: for a claim up to the CPC art. 750-1 threshold, a conciliation, mediation or
  participatory procedure must come first. The threshold is a dated parameter: before it has a
  value (1 October 2023) the requirement does not exist and nothing fires.

`med_status` and `attempt_status` are the same tests, usable on a day with no court step yet (the
audit's readiness verdict, `amiable next`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from checker.cases.model import AMICABLE_ATTEMPT_KINDS
from checker.kinds.base import PackData, PrepareError, check_param_refs
from checker.kinds.case_base import CaseContext, CaseHit, french_date, in_force
from checker.letters.facts import format_amount

if TYPE_CHECKING:
    from checker.cases.model import Case, Event
    from checker.model import Rule
    from checker.rules.data import ParamView

REQUIREMENTS = ("mise_en_demeure", "amicable_attempt")
NO_NOTICE = "aucune mise en demeure"
NO_PROOF = "mise en demeure sans preuve de réception"
NO_ATTEMPT = ("aucune tentative préalable de conciliation, de médiation ou de procédure "
              "participative")


@dataclass(frozen=True, slots=True)
class PreconditionSpec:
    before: frozenset[str]
    requires: str
    threshold: Any
    """A number or `{param}`; None unless `requires` is `amicable_attempt`."""


def proof_day(event: Event) -> datetime.date | None:
    """The day a mise en demeure's deadline runs from, if its receipt can be proved.

    Served by a commissaire de justice: the act proves itself, from the day of service (or the
    `received` date if one was recorded). By registered letter, paper or electronic: only with
    a recorded date of receipt (for a letter left unclaimed, the first presentation, which is a
    valid notice: Cass. 1re civ., 20 janv. 2021). Anything else proves nothing.
    """
    if event.kind == "signification" or event.by == "commissaire_de_justice":
        return event.received or event.day
    if event.kind in ("lrar", "lre"):
        return event.received
    return None


def _notice_status(earlier: Iterable[Event],
                   court_day: datetime.date) -> tuple[bool, str, datetime.date | None]:
    """The mise en demeure test over the events before the court step.

    With several notices any one that qualifies is enough; when none does, the one that will be
    over first gives the missing text and the ready day. A missing `deadline_days` counts as no
    deadline at all: the step may follow the day after receipt.
    """
    notices = [e for e in earlier if e.stage == "mise_en_demeure"]
    if not notices:
        return False, NO_NOTICE, None
    ready_days = []
    for notice in notices:
        start = proof_day(notice)
        if start is not None:
            deadline = notice.deadline_days or 0
            ready_days.append(start + datetime.timedelta(days=deadline + 1))
    if not ready_days:
        return False, NO_PROOF, None
    ready = min(ready_days)
    if court_day >= ready:
        return True, "", ready
    last = ready - datetime.timedelta(days=1)
    return False, f"délai de la mise en demeure non expiré (jusqu'au {french_date(last)})", ready


def med_status(case: Case, court_day: datetime.date,
               params: ParamView | None = None) -> tuple[bool, str, datetime.date | None]:
    """Whether a court step on `court_day` has its proved and expired mise en demeure.

    Returns (satisfied, what is missing in French, first day the step could lawfully be taken, or
    None when no proved notice allows computing it). Events of the court day itself are looked
    at, though a notice of that day can never be over yet. `params` (as of `court_day`) is
    accepted for uniformity with the other readiness tests; the notice's own deadline is the only
    number this test reads.
    """
    return _notice_status((e for e in case.events if e.day <= court_day), court_day)


def attempt_status(case: Case, court_day: datetime.date,
                   threshold: float | None) -> tuple[bool, str]:
    """Whether a court claim on `court_day` meets CPC art. 750-1 (satisfied, missing text).

    `threshold` is the parameter's value as of `court_day`; None (no value in force: before
    1 October 2023) means the requirement does not exist yet.
    """
    return _attempt_status(case, (e for e in case.events if e.day <= court_day), threshold)


def _attempt_status(case: Case, earlier: Iterable[Event],
                    threshold: float | None) -> tuple[bool, str]:
    total = case.total_claimed
    if threshold is None or total > Decimal(str(threshold)):
        return True, ""
    if any(e.kind in AMICABLE_ATTEMPT_KINDS for e in earlier):
        return True, ""
    limit = format_amount(Decimal(str(threshold)))
    return False, f"{NO_ATTEMPT} (demande de {format_amount(total)}, seuil {limit})"


class Precondition:
    name: ClassVar[str] = "precondition"

    def prepare(self, rule: Rule, pack: PackData) -> PreconditionSpec:
        check = rule.check
        requires = check.get("requires")
        if requires not in REQUIREMENTS:
            raise PrepareError(("requires",), f"condition inconnue « {requires} » "
                                              f"(attendu : {', '.join(REQUIREMENTS)})")
        threshold = check.get("threshold")
        if requires == "amicable_attempt":
            if threshold is None:
                raise PrepareError(("threshold",), "un seuil (threshold) est requis")
            check_param_refs(threshold, pack, ("threshold",))
        return PreconditionSpec(frozenset(check["before"]), str(requires), threshold)

    def run(self, rule: Rule, prepared: PreconditionSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        """Each court step of a `before` kind, against the events before it in the file.

        `ready` is a dd/mm/yyyy date, or empty when no date can be computed (no proved notice;
        an amicable attempt has no date): the readiness verdict reads it as a date.
        """
        hits: list[CaseHit] = []
        for position, event in enumerate(case.events):
            if event.kind not in prepared.before or not in_force(rule, event):
                continue
            earlier = case.events[:position]
            ready: datetime.date | None = None
            if prepared.requires == "mise_en_demeure":
                ok, missing, ready = _notice_status(earlier, event.day)
            else:
                threshold = ctx.params_at(event.day).number(prepared.threshold)
                ok, missing = _attempt_status(case, earlier, threshold)
            if not ok:
                hits.append(CaseHit(event, {"value": event.kind, "missing": missing,
                                            "ready": french_date(ready) if ready else ""}))
        return hits
