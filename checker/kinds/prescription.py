"""`prescription`: court steps on time-barred claims, and claims about to become time-barred.

A professional's action against a consumer is barred after two years (C. consom. L218-2), any
other after five (C. civ. 2224, C. com. L110-4). Suing on a barred claim, or threatening to, is
one of the abuses the DGCCRF keeps finding (fiche §4); a claim close to its end needs either a
court step or an acknowledgement now, and the audit warns about it.

The model, per claim:

- the period starts on the claim's due date and its length is read as of that date;
- an event of a `restart` kind (acknowledgement, court claim, enforcement act: C. civ. 2240,
  2241, 2244) on a day before the current expiry starts a new full period from its day, whose
  length is read as of that day (C. civ. 2231); a reminder or a mise en demeure never restarts it
  (Cass. com. 18 mai 2022); an event after expiry cannot revive a barred claim;
- the expiry is the anniversary of the start: a court step on that day or later is late. This is
  one day stricter than counting the start day out and the last day in (C. civ. 2228-2229), a
  deliberate margin;
- adding years to 29 February lands on 28 February when the target year has no 29 February.

The 2-year period applies when the debtor is a `particulier` and the creditor a professional:
L218-2 only governs "l'action des professionnels" against consumers; a private creditor has the
general five years.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker.cases.model import COURT_KINDS
from checker.kinds.base import PackData, PrepareError, check_param_refs
from checker.kinds.case_base import CaseContext, CaseHit, french_date, in_force

if TYPE_CHECKING:
    from checker.cases.model import Case, Claim, Event
    from checker.model import Rule
    from checker.rules.data import ParamView

MODES = ("expired", "nearing")
DEFAULT_CONSUMER_YEARS: dict[str, Any] = {"param": "prescription_consommateur_ans"}
DEFAULT_OTHER_YEARS: dict[str, Any] = {"param": "prescription_droit_commun_ans"}
DEFAULT_RESTART = frozenset({"reconnaissance_de_dette", "injonction_de_payer", "assignation",
                             "signification"})

YearsAt = Callable[[datetime.date], "float | None"]
"""The period's length in years for a period starting on a day (None: no value in force)."""


@dataclass(frozen=True, slots=True)
class PrescriptionSpec:
    mode: str
    consumer_years: Any
    other_years: Any
    warn_days: Any
    restart: frozenset[str]


def add_years(day: datetime.date, years: float) -> datetime.date:
    """`day` plus a number of years, counted in whole months; 29 Feb + 1 year is 28 Feb."""
    months = day.month - 1 + round(years * 12)
    year, month = day.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def consumer_period(case: Case) -> bool:
    """Whether the short consumer period applies: a professional creditor against a consumer."""
    return case.debtor.kind == "particulier" and case.creditor.kind != "particulier"


def claim_expiry(claim: Claim, events: Iterable[Event], years_at: YearsAt,
                 restart: frozenset[str]) -> datetime.date | None:
    """The claim's expiry after the restarts among `events` (in time order); None: no period.

    A claim due before its period's parameter has a value (before the 2008 reform) has no
    computable period and is left alone.
    """
    years = years_at(claim.due)
    if years is None:
        return None
    expiry = add_years(claim.due, years)
    for event in events:
        if event.kind in restart and claim.due <= event.day < expiry:
            renewed = years_at(event.day)
            if renewed is not None:
                expiry = add_years(event.day, renewed)
    return expiry


def _years_at(case: Case, params_at: Callable[[datetime.date], ParamView],
              consumer_years: Any, other_years: Any) -> YearsAt:
    spec = consumer_years if consumer_period(case) else other_years

    def years_at(day: datetime.date) -> float | None:
        return params_at(day).number(spec)

    return years_at


def expiry_dates(case: Case, params_at: Callable[[datetime.date], ParamView], *,
                 consumer_years: Any = None, other_years: Any = None,
                 restart: Iterable[str] = DEFAULT_RESTART,
                 until: datetime.date | None = None) -> dict[str, datetime.date]:
    """Claim reference -> expiry, given every restart in the file (or those up to `until`).

    `params_at` is `CaseContext.params_at`. The period parameters default to the pack's
    `prescription_consommateur_ans` and `prescription_droit_commun_ans`. Claims without a
    computable period are left out.
    """
    years_at = _years_at(case, params_at, consumer_years or DEFAULT_CONSUMER_YEARS,
                         other_years or DEFAULT_OTHER_YEARS)
    events = [e for e in case.events if until is None or e.day <= until]
    kinds = frozenset(restart)
    result: dict[str, datetime.date] = {}
    for claim in case.claims:
        expiry = claim_expiry(claim, events, years_at, kinds)
        if expiry is not None:
            result[claim.ref] = expiry
    return result


def local_day(moment: datetime.datetime, timezone: str) -> datetime.date:
    """The calendar day of a moment in the case's time zone (the debtor's)."""
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.date()


def _paid_in_full(case: Case, day: datetime.date) -> bool:
    paid = sum((e.amount for e in case.events
                if e.kind == "paiement" and e.amount is not None and e.day <= day), Decimal("0"))
    return case.total_claimed > 0 and paid >= case.total_claimed


class Prescription:
    name: ClassVar[str] = "prescription"

    def prepare(self, rule: Rule, pack: PackData) -> PrescriptionSpec:
        check = rule.check
        mode = check.get("mode")
        if mode not in MODES:
            raise PrepareError(("mode",), f"mode inconnu « {mode} » (attendu : expired, nearing)")
        for key in ("consumer_years", "other_years", "warn_days"):
            if key in check:
                check_param_refs(check[key], pack, (key,))
        if mode == "nearing" and "warn_days" not in check:
            raise PrepareError(("warn_days",), "le mode nearing demande warn_days")
        restart = check.get("restart")
        return PrescriptionSpec(str(mode), check["consumer_years"], check["other_years"],
                                check.get("warn_days"),
                                DEFAULT_RESTART if restart is None else frozenset(restart))

    def run(self, rule: Rule, prepared: PrescriptionSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        years_at = _years_at(case, ctx.params_at, prepared.consumer_years, prepared.other_years)
        if prepared.mode == "expired":
            return self._expired(rule, prepared, case, years_at)
        return self._nearing(rule, prepared, case, ctx, years_at)

    @staticmethod
    def _expired(rule: Rule, prepared: PrescriptionSpec, case: Case,
                 years_at: YearsAt) -> list[CaseHit]:
        """Each court step against each claim, with the restarts before the step itself."""
        hits: list[CaseHit] = []
        for position, event in enumerate(case.events):
            if event.kind not in COURT_KINDS or not in_force(rule, event):
                continue
            earlier = case.events[:position]
            for claim in case.claims:
                expiry = claim_expiry(claim, earlier, years_at, prepared.restart)
                if expiry is not None and event.day >= expiry:
                    hits.append(CaseHit(event, {"value": claim.ref,
                                                "expiry": french_date(expiry)}))
        return hits

    @staticmethod
    def _nearing(rule: Rule, prepared: PrescriptionSpec, case: Case, ctx: CaseContext,
                 years_at: YearsAt) -> list[CaseHit]:
        """One finding per claim expiring within `warn_days` after the day of the check.

        Nothing once a court step was taken (the claim is before a judge, or the late step is
        `expired`'s business) or once the file is paid in full (nothing is left to lose).
        """
        today = local_day(ctx.as_of, case.timezone)
        if not rule.in_force(today):
            return []
        known = [e for e in case.events if e.day <= today]
        if any(e.kind in COURT_KINDS for e in known) or _paid_in_full(case, today):
            return []
        warn_days = ctx.params_at(today).number(prepared.warn_days)
        if warn_days is None:
            return []
        hits: list[CaseHit] = []
        for claim in case.claims:
            expiry = claim_expiry(claim, known, years_at, prepared.restart)
            if expiry is not None and today < expiry and (expiry - today).days <= warn_days:
                hits.append(CaseHit(None, {"value": claim.ref, "expiry": french_date(expiry)}))
        return hits
