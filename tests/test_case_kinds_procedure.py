"""The procedure kinds over case files (quiet, precondition, prescription), at their boundaries.

Cases are built directly with a small builder that indexes events in the given order and sorts
them by time as the case loader does; the examples of rules/cases/procedure.yaml go through the
real case-file reader. Parameters are built here too, so that a test can give a parameter two
dated values and see which one a check reads.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cases.loader import parse_case
from checker.cases.model import DEBTOR_KINDS, Case, Claim, Event, Installment, Party
from checker.kinds.base import PackData, PrepareError
from checker.kinds.case_base import CaseContext, CaseHit
from checker.kinds.precondition import Precondition, attempt_status, med_status
from checker.kinds.prescription import Prescription, add_years, expiry_dates
from checker.kinds.quiet import Quiet, first_overdue_day
from checker.model import Basis, Rule
from checker.rules.data import DatedValue, Parameter, ParamView
from checker.rules.schemas import validator
from checker.yamlsrc import load_one

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")
KINDS: dict[str, Any] = {k.name: k for k in (Quiet(), Precondition(), Prescription())}
BY_CREDITOR = ["creancier", "agence", "avocat", "commissaire_de_justice"]
CONTACTS = ["appel", "email", "sms", "courrier", "lrar", "lre", "visite"]
AS_OF = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
"""The fixed check date for the examples of CAS-PRESCRIPTION-PROCHE (see the rule file)."""
D = datetime.date
PLACEHOLDER = re.compile(r"\{(\w+)\}")


# -- builders ---------------------------------------------------------------------------------


def ev(at: str, kind: str = "appel", **fields: Any) -> dict[str, Any]:
    """One event as a case file gives it: `at` a day "YYYY-MM-DD" or local "YYYY-MM-DDTHH:MM"."""
    return {"at": at, "kind": kind, **fields}


def _event(index: int, spec: dict[str, Any]) -> Event:
    text = spec["at"]
    has_time = "T" in text
    if has_time:
        at = datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)
    else:
        at = datetime.datetime.combine(D.fromisoformat(text), datetime.time(0, 0), tzinfo=PARIS)
    kind = spec["kind"]
    received = spec.get("received")
    return Event(
        index=index, at=at, has_time=has_time, kind=kind,
        by=spec.get("by", "debiteur" if kind in DEBTOR_KINDS else "creancier"),
        to=spec.get("to", "debiteur"), stage=spec.get("stage"), channel=spec.get("channel"),
        deadline_days=spec.get("deadline_days"),
        received=D.fromisoformat(received) if received else None,
        amount=Decimal(str(spec["amount"])) if "amount" in spec else None,
        installments=tuple(Installment(D.fromisoformat(due), Decimal(str(amount)))
                           for due, amount in spec.get("installments", ())),
        line=index + 10,
    )


def build(*events: dict[str, Any], debtor: str = "particulier", creditor: str = "professionnel",
          lawyer: str | None = None, claims: tuple[tuple[str, str, str], ...] = (
              ("F-2025-0412", "1840.00", "2025-12-31"),)) -> Case:
    """A case with these events, indexed in the given order and sorted by time as loaded.

    Claims are (ref, amount, due), issued a month before they are due.
    """
    built = sorted((_event(i, spec) for i, spec in enumerate(events)),
                   key=lambda e: (e.at.timestamp(), e.index))
    return Case(
        path="dossier.yaml", dossier="D-TEST",
        creditor=Party("Atelier Mercier SARL", creditor),
        debtor=Party("Jeanne Roux", debtor, "69007", lawyer),
        agency=None,
        claims=tuple(Claim(ref, Decimal(amount), D.fromisoformat(due) - datetime.timedelta(30),
                           D.fromisoformat(due)) for ref, amount, due in claims),
        events=tuple(built), timezone="Europe/Paris",
    )


def param(ident: str, unit: str, *values: tuple[str, Any]) -> Parameter:
    basis = Basis("politique_interne", "Essai")
    return Parameter(ident, ident, unit, tuple(
        DatedValue(D.fromisoformat(start), value, basis) for start, value in values))


def rule(check: dict[str, Any], start: str = "2000-01-01", ident: str = "CAS-ESSAI") -> Rule:
    return Rule(
        id=ident, title="Règle d'essai", category="procedure", severity="error",
        basis=(Basis("politique_interne", "Essai"),), applies={},
        effective_from=D.fromisoformat(start), effective_to=None,
        check=check, message="{value}", fix="Corriger.", pass_examples=(), fail_examples=(),
        source="essai.yaml", line=1,
    )


SEUIL = param("seuil_750_1", "EUR", ("2023-10-01", 5000))
CONSUMER = param("prescription_consommateur_ans", "years", ("2008-06-19", 2))
COMMON = param("prescription_droit_commun_ans", "years", ("2008-06-19", 5))
WARN = param("prescription_alerte_jours", "days", ("2008-06-19", 90))
PARAMS = {p.id: p for p in (SEUIL, CONSUMER, COMMON, WARN)}


def hits(the_rule: Rule, case: Case, params: dict[str, Parameter] | None = None,
         as_of: datetime.datetime = AS_OF) -> list[CaseHit]:
    known = PARAMS if params is None else params
    kind = KINDS[the_rule.kind]
    prepared = kind.prepare(the_rule, PackData(known, {}, {}))
    return list(kind.run(the_rule, prepared, case, CaseContext(known, as_of)))


def run(the_rule: Rule, case: Case, params: dict[str, Parameter] | None = None,
        as_of: datetime.datetime = AS_OF) -> list[tuple[int | None, dict[str, str]]]:
    """(event index, values) of every hit, in the order the kind reports them."""
    return [(h.event.index if h.event else None, h.values)
            for h in hits(the_rule, case, params, as_of)]


def fired(the_rule: Rule, case: Case, **kwargs: Any) -> list[int | None]:
    return [index for index, _ in run(the_rule, case, **kwargs)]


def quiet(after: str, **events: list[str]) -> Rule:
    return rule({"kind": "quiet", "after": after,
                 "events": events or {"kinds": CONTACTS, "by": BY_CREDITOR}})


# -- quiet: paid_in_full ----------------------------------------------------------------------


PAID = quiet("paid_in_full")


def test_paid_in_full_fires_from_the_payment_that_reaches_the_total() -> None:
    case = build(ev("2026-01-20", "paiement", amount="1000.00"), ev("2026-01-22T10:00"),
                 ev("2026-02-10", "paiement", amount="840.00"), ev("2026-02-16T10:30", "sms"),
                 ev("2026-02-20", "courrier"))
    assert run(PAID, case) == [(3, {"value": "sms", "since": "10/02/2026"}),
                               (4, {"value": "courrier", "since": "10/02/2026"})]


def test_paid_in_full_one_cent_short_stays_silent() -> None:
    case = build(ev("2026-01-20", "paiement", amount="1839.99"), ev("2026-02-16T10:30", "sms"))
    assert fired(PAID, case) == []


def test_paid_in_full_overpayment_and_several_claims() -> None:
    case = build(ev("2026-02-20", "paiement", amount="2500.00"), ev("2026-03-25", "courrier"),
                 claims=(("A", "1840.00", "2025-12-31"), ("B", "260.00", "2026-02-04")))
    assert fired(PAID, case) == [1]


def test_paid_in_full_only_matching_events_and_only_later_ones() -> None:
    case = build(ev("2026-01-10T10:00"), ev("2026-01-20T09:00", "paiement", amount="1840.00"),
                 ev("2026-01-21T10:00", by="debiteur"), ev("2026-01-22T10:00", to="avocat"),
                 ev("2026-01-23T10:00", "paiement", amount="1.00"), ev("2026-01-24T10:00"))
    assert fired(PAID, case) == [3, 5]


def test_paid_in_full_same_day_order_follows_the_file() -> None:
    """A day-only payment sorts at the start of its day: a timed call that day comes after it."""
    assert fired(PAID, build(ev("2026-01-20", "paiement", amount="1840.00"),
                             ev("2026-01-20T15:00"))) == [1]
    assert fired(PAID, build(ev("2026-01-20T15:00"),
                             ev("2026-01-20T16:00", "paiement", amount="1840.00"))) == []


def test_quiet_judges_an_event_only_when_the_rule_was_in_force_that_day() -> None:
    late = rule({"kind": "quiet", "after": "paid_in_full", "events": {"kinds": ["appel"]}},
                start="2026-02-01")
    case = build(ev("2026-01-10", "paiement", amount="1840.00"), ev("2026-01-31T10:00"),
                 ev("2026-02-01T10:00"))
    assert fired(late, case) == [2]


# -- quiet: payment_plan ----------------------------------------------------------------------


PLAN = quiet("payment_plan")
TWO_INSTALMENTS = {"installments": [("2026-02-28", "920.00"), ("2026-03-31", "920.00")]}


def test_plan_silence_while_honoured() -> None:
    case = build(ev("2026-01-20", "courrier"), ev("2026-02-01", "echeancier", **TWO_INSTALMENTS),
                 ev("2026-02-27", "paiement", amount="920.00"), ev("2026-03-10T11:00", "sms"),
                 ev("2026-03-31T11:00"))
    assert run(PLAN, case) == [(3, {"value": "sms", "since": "01/02/2026"}),
                               (4, {"value": "appel", "since": "01/02/2026"})]


def test_plan_due_day_is_not_overdue_but_the_next_day_is() -> None:
    plan = ev("2026-02-01", "echeancier", **TWO_INSTALMENTS)
    assert fired(PLAN, build(plan, ev("2026-02-28T18:00"))) == [1]
    assert fired(PLAN, build(plan, ev("2026-03-01T10:00"))) == []


def test_plan_once_overdue_contacts_stay_allowed_until_a_new_plan() -> None:
    case = build(ev("2026-02-01", "echeancier", **TWO_INSTALMENTS),
                 ev("2026-03-02", "paiement", amount="920.00"), ev("2026-03-05T10:00"),
                 ev("2026-03-10", "echeancier", installments=[("2026-04-30", "920.00")]),
                 ev("2026-03-20T10:00"), ev("2026-05-01T10:00"))
    assert run(PLAN, case) == [(4, {"value": "appel", "since": "10/03/2026"})]


def test_plan_payment_on_the_day_after_due_counts_for_that_day() -> None:
    case = build(ev("2026-02-01", "echeancier", **TWO_INSTALMENTS),
                 ev("2026-03-01", "paiement", amount="920.00"), ev("2026-03-01T17:00"))
    assert fired(PLAN, case) == [2]


def test_plan_payments_before_the_plan_do_not_count() -> None:
    case = build(ev("2026-01-25", "paiement", amount="920.00"),
                 ev("2026-02-01", "echeancier", **TWO_INSTALMENTS), ev("2026-03-05T10:00"))
    assert fired(PLAN, case) == []


def test_plan_instalments_due_on_the_same_day_add_up() -> None:
    instalments = [(D(2026, 2, 28), Decimal("100")), (D(2026, 2, 28), Decimal("50"))]
    plan = tuple(Installment(due, amount) for due, amount in instalments)
    assert first_overdue_day(plan, [(D(2026, 2, 27), Decimal("120"))]) == D(2026, 3, 1)
    assert first_overdue_day(plan, [(D(2026, 2, 27), Decimal("150"))]) is None


# -- quiet: dispute, opposition, lawyer -------------------------------------------------------


DISPUTE = quiet("dispute", kinds=CONTACTS, by=BY_CREDITOR, to=["debiteur"])


def test_dispute_silence_until_the_answer_and_again_after_a_new_dispute() -> None:
    case = build(ev("2026-02-10", "contestation"), ev("2026-02-16T10:30"),
                 ev("2026-02-18", "contestation"), ev("2026-02-20", "reponse"),
                 ev("2026-02-25", "courrier"), ev("2026-03-01", "contestation"),
                 ev("2026-03-03", "email"), ev("2026-03-04", "assignation"))
    assert run(DISPUTE, case) == [(1, {"value": "appel", "since": "10/02/2026"}),
                                  (6, {"value": "email", "since": "01/03/2026"})]


OPPOSITION = quiet("opposition")


def test_opposition_only_the_refused_kind_and_for_good() -> None:
    case = build(ev("2026-01-12T10:30"), ev("2026-01-12T10:35", "opposition", channel="appel"),
                 ev("2026-01-20", "sms"), ev("2026-01-26T10:00"),
                 ev("2026-01-28", "opposition", channel="courrier"), ev("2026-02-02", "lrar"),
                 ev("2026-02-05", "courrier"), ev("2027-06-01T10:00"))
    assert run(OPPOSITION, case) == [(3, {"value": "appel", "since": "12/01/2026"}),
                                     (6, {"value": "courrier", "since": "28/01/2026"}),
                                     (7, {"value": "appel", "since": "12/01/2026"})]


def test_opposition_without_channel_and_debtor_calls_are_ignored() -> None:
    case = build(ev("2026-01-12", "opposition"), ev("2026-01-13T10:00"),
                 ev("2026-01-14", "opposition", channel="appel"),
                 ev("2026-01-15T10:00", by="debiteur"))
    assert fired(OPPOSITION, case) == []


LAWYER = quiet("lawyer")


def test_lawyer_known_from_the_parties_covers_the_whole_file() -> None:
    case = build(ev("2026-01-20T10:30"), ev("2026-01-22", "courrier", to="avocat"),
                 ev("2026-01-25", "courrier", to="employeur"), lawyer="Me Durand")
    assert run(LAWYER, case) == [(0, {"value": "appel", "since": "20/01/2026"})]


def test_lawyer_known_from_the_first_event_addressed_to_a_lawyer() -> None:
    case = build(ev("2026-01-20T10:30"), ev("2026-02-05", "courrier", to="avocat"),
                 ev("2026-02-16T11:00", "sms", by="agence"), ev("2026-02-17", "lrar", to="avocat"),
                 ev("2026-02-18T10:00", by="debiteur"))
    assert run(LAWYER, case) == [(2, {"value": "sms", "since": "05/02/2026"})]


def test_quiet_refuses_an_unknown_mode() -> None:
    with pytest.raises(PrepareError) as err:
        Quiet().prepare(rule({"kind": "quiet", "after": "silence", "events": {}}),
                        PackData(PARAMS, {}, {}))
    assert err.value.at == ("after",)


# -- precondition: mise en demeure ------------------------------------------------------------


MED = rule({"kind": "precondition", "before": ["assignation"], "requires": "mise_en_demeure"})


def notice(at: str = "2026-02-25", kind: str = "lrar", **fields: Any) -> dict[str, Any]:
    return ev(at, kind, stage="mise_en_demeure", **fields)


def test_med_missing_notice_proof_and_deadline() -> None:
    court = ev("2026-03-25", "assignation", by="avocat")
    assert run(MED, build(ev("2026-01-20", "courrier", stage="relance"), court)) == [
        (1, {"value": "assignation", "missing": "aucune mise en demeure", "ready": ""})]
    unproved = {"value": "assignation", "missing": "mise en demeure sans preuve de réception",
                "ready": ""}
    assert run(MED, build(notice(kind="courrier", deadline_days=15), court)) == [(1, unproved)]
    assert run(MED, build(notice(kind="email", received="2026-02-26"), court)) == [(1, unproved)]
    assert run(MED, build(notice(deadline_days=15), court)) == [(1, unproved)]


def test_med_deadline_runs_from_receipt_and_ends_the_day_before_the_step() -> None:
    med = notice(deadline_days=15, received="2026-02-27")
    assert fired(MED, build(med, ev("2026-03-15", "assignation"))) == []
    assert run(MED, build(med, ev("2026-03-14", "assignation"))) == [(1, {
        "value": "assignation", "ready": "15/03/2026",
        "missing": "délai de la mise en demeure non expiré (jusqu'au 14/03/2026)"})]


def test_med_without_deadline_needs_receipt_and_one_day() -> None:
    med = notice(received="2026-02-27")
    assert fired(MED, build(med, ev("2026-02-27T18:00", "assignation"))) == [1]
    assert fired(MED, build(med, ev("2026-02-28", "assignation"))) == []


def test_med_served_by_a_commissaire_de_justice_proves_itself_from_its_day() -> None:
    for served in (notice("2026-03-02", "signification", deadline_days=8),
                   notice("2026-03-02", "courrier", by="commissaire_de_justice",
                          deadline_days=8)):
        assert fired(MED, build(served, ev("2026-03-10", "assignation"))) == [1]
        assert fired(MED, build(served, ev("2026-03-11", "assignation"))) == []


def test_med_any_qualifying_notice_is_enough_and_later_notices_do_not_count() -> None:
    case = build(notice("2026-02-01", "courrier", deadline_days=8),
                 notice("2026-02-10", deadline_days=8, received="2026-02-12"),
                 ev("2026-03-01", "assignation"))
    assert fired(MED, case) == []
    case = build(ev("2026-03-01", "assignation"),
                 notice("2026-02-20", deadline_days=30, received="2026-02-22"),
                 notice("2026-02-25", deadline_days=8, received="2026-02-26"))
    assert run(MED, case)[0][1]["ready"] == "07/03/2026"
    late = build(ev("2026-03-01T10:00", "assignation"),
                 notice("2026-03-01T11:00", deadline_days=0, received="2026-03-01"))
    assert run(MED, late)[0][1]["missing"] == "aucune mise en demeure"


def test_med_only_before_the_listed_steps_and_only_when_in_force() -> None:
    case = build(ev("2016-09-30", "assignation"), ev("2026-03-25", "injonction_de_payer"),
                 ev("2026-03-26", "assignation"))
    ruled = dataclasses.replace(MED, effective_from=D(2016, 10, 1))
    assert fired(ruled, case) == [2]


def test_med_status_helper_for_readiness() -> None:
    case = build(notice(deadline_days=15, received="2026-02-27"))
    view = ParamView(PARAMS, D(2026, 3, 1))
    assert med_status(case, D(2026, 3, 1), view) == (
        False, "délai de la mise en demeure non expiré (jusqu'au 14/03/2026)", D(2026, 3, 15))
    assert med_status(case, D(2026, 3, 15), view) == (True, "", D(2026, 3, 15))
    assert med_status(build(), D(2026, 3, 15)) == (False, "aucune mise en demeure", None)


# -- precondition: amicable attempt (CPC 750-1) -----------------------------------------------


ATTEMPT = rule({"kind": "precondition", "before": ["assignation"],
                "requires": "amicable_attempt", "threshold": {"param": "seuil_750_1"}})


def test_attempt_threshold_is_inclusive() -> None:
    court = ev("2026-03-25", "assignation")
    five = build(court, claims=(("A", "3000.00", "2025-12-31"), ("B", "2000.00", "2026-01-31")))
    found = run(ATTEMPT, five)
    assert [i for i, _ in found] == [0] and found[0][1]["ready"] == ""
    assert found[0][1]["missing"].startswith("aucune tentative préalable de conciliation")
    assert "5\u202f000,00\u00a0€" in found[0][1]["missing"]
    assert fired(ATTEMPT, build(court, claims=(("A", "5000.01", "2025-12-31"),))) == []


def test_attempt_must_come_before_the_assignation() -> None:
    for kind in ("conciliation", "mediation", "procedure_participative"):
        assert fired(ATTEMPT, build(ev("2026-03-01", kind), ev("2026-03-25", "assignation"))) == []
    assert fired(ATTEMPT, build(ev("2026-03-25", "assignation"),
                                ev("2026-04-01", "conciliation"))) == [0]


def test_attempt_not_required_for_an_injonction_de_payer() -> None:
    assert fired(ATTEMPT, build(ev("2026-03-25", "injonction_de_payer"))) == []


def test_attempt_threshold_read_as_of_the_court_day() -> None:
    assert fired(ATTEMPT, build(ev("2023-09-30", "assignation"))) == []
    assert fired(ATTEMPT, build(ev("2023-10-01", "assignation"))) == [0]
    moving = {"seuil_750_1": param("seuil_750_1", "EUR", ("2023-10-01", 1000),
                                   ("2026-01-01", 5000))}
    case = build(ev("2025-12-31", "assignation"), ev("2026-01-01", "assignation"))
    assert fired(ATTEMPT, case, params=moving) == [1]
    assert attempt_status(case, D(2025, 12, 31), 1000.0) == (True, "")
    assert attempt_status(case, D(2026, 1, 1), None) == (True, "")
    assert attempt_status(case, D(2026, 1, 1), 5000.0)[0] is False


def test_precondition_checks_its_parameters() -> None:
    bad = rule({"kind": "precondition", "before": ["assignation"],
                "requires": "amicable_attempt", "threshold": {"param": "inconnu"}})
    with pytest.raises(PrepareError) as err:
        Precondition().prepare(bad, PackData(PARAMS, {}, {}))
    assert err.value.at == ("threshold", "param")


# -- prescription ------------------------------------------------------------------------------


RESTART = ["reconnaissance_de_dette", "injonction_de_payer", "assignation", "signification"]
YEARS = {"consumer_years": {"param": "prescription_consommateur_ans"},
         "other_years": {"param": "prescription_droit_commun_ans"}, "restart": RESTART}
EXPIRED = rule({"kind": "prescription", "mode": "expired", **YEARS})
NEARING = rule({"kind": "prescription", "mode": "nearing", **YEARS,
                "warn_days": {"param": "prescription_alerte_jours"}})
CLAIM_2024 = (("F-2023-1187", "1840.00", "2024-01-15"),)


def test_add_years_keeps_the_day_and_clamps_29_february() -> None:
    assert add_years(D(2024, 1, 15), 2) == D(2026, 1, 15)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2023, 8, 31), 0.5) == D(2024, 2, 29)


def test_expired_from_the_anniversary_of_the_due_date() -> None:
    on_time = build(ev("2026-01-14", "injonction_de_payer"), claims=CLAIM_2024)
    assert fired(EXPIRED, on_time) == []
    late = build(ev("2026-01-15", "injonction_de_payer"), claims=CLAIM_2024)
    assert run(EXPIRED, late) == [(0, {"value": "F-2023-1187", "expiry": "15/01/2026"})]


def test_expired_period_depends_on_both_parties() -> None:
    step = ev("2026-03-25", "assignation")
    assert fired(EXPIRED, build(step, claims=CLAIM_2024)) == [0]
    assert fired(EXPIRED, build(step, claims=CLAIM_2024, debtor="professionnel")) == []
    assert fired(EXPIRED, build(step, claims=CLAIM_2024, creditor="particulier")) == []


def test_expired_restarts_only_on_restart_events_before_expiry() -> None:
    step = ev("2026-03-25", "assignation")
    acknowledged = build(ev("2025-10-01", "reconnaissance_de_dette"), step, claims=CLAIM_2024)
    assert fired(EXPIRED, acknowledged) == []
    noticed = build(ev("2025-10-01", "lrar", stage="mise_en_demeure", received="2025-10-02"),
                    ev("2025-11-01", "paiement", amount="10.00"), step, claims=CLAIM_2024)
    assert fired(EXPIRED, noticed) == [2]
    too_late = build(ev("2026-01-15", "reconnaissance_de_dette"), step, claims=CLAIM_2024)
    assert fired(EXPIRED, too_late) == [1]
    last_day = build(ev("2026-01-14", "reconnaissance_de_dette"), step, claims=CLAIM_2024)
    assert fired(EXPIRED, last_day) == []


def test_expired_a_court_step_restarts_the_period_for_later_steps() -> None:
    first = ev("2025-06-01", "injonction_de_payer")
    assert fired(EXPIRED, build(first, ev("2027-05-31", "assignation"), claims=CLAIM_2024)) == []
    late = build(first, ev("2027-06-01", "assignation"), claims=CLAIM_2024)
    assert run(EXPIRED, late) == [(1, {"value": "F-2023-1187", "expiry": "01/06/2027"})]


def test_expired_one_finding_per_barred_claim() -> None:
    claims = (("OLD", "100.00", "2023-01-10"), ("NEW", "200.00", "2025-06-30"))
    case = build(ev("2025-09-01", "assignation"), claims=claims)
    assert run(EXPIRED, case) == [(0, {"value": "OLD", "expiry": "10/01/2025"})]


def test_expired_period_read_as_of_each_start() -> None:
    changing = dict(PARAMS, prescription_consommateur_ans=param(
        "prescription_consommateur_ans", "years", ("2008-06-19", 2), ("2025-01-01", 3)))
    claims = (("C", "100.00", "2024-01-15"),)
    assert fired(EXPIRED, build(ev("2026-02-01", "assignation"), claims=claims),
                 params=changing) == [0]
    restarted = build(ev("2025-02-01", "reconnaissance_de_dette"),
                      ev("2027-12-01", "assignation"), claims=claims)
    assert fired(EXPIRED, restarted, params=changing) == []
    assert fired(EXPIRED, build(ev("2007-06-01", "assignation"),
                                claims=(("C", "1.00", "2005-01-01"),))) == []


def test_nearing_one_case_level_finding_per_claim_within_warn_days() -> None:
    claims = (("A", "100.00", "2024-12-15"), ("B", "100.00", "2024-12-31"),
              ("C", "100.00", "2025-06-30"))
    case = build(ev("2025-02-03", "courrier"), claims=claims)
    assert run(NEARING, case) == [(None, {"value": "A", "expiry": "15/12/2026"}),
                                  (None, {"value": "B", "expiry": "31/12/2026"})]


def test_nearing_boundaries() -> None:
    case = build(claims=(("A", "100.00", "2024-12-15"),))
    at = datetime.datetime(2026, 9, 16, 9, 0, tzinfo=PARIS)
    assert fired(NEARING, case, as_of=at) == [None]
    assert fired(NEARING, case, as_of=at - datetime.timedelta(days=1)) == []
    assert fired(NEARING, case, as_of=datetime.datetime(2026, 12, 14, 23, 0, tzinfo=PARIS)) == [
        None]
    assert fired(NEARING, case, as_of=datetime.datetime(2026, 12, 15, 0, 1, tzinfo=PARIS)) == []


def test_nearing_uses_the_debtors_calendar_day() -> None:
    case = build(claims=(("A", "100.00", "2024-12-15"),))
    utc = datetime.datetime(2026, 9, 15, 22, 30, tzinfo=datetime.UTC)
    assert fired(NEARING, case, as_of=utc) == [None]


def test_nearing_restarts_up_to_the_check_date_only() -> None:
    claims = (("A", "100.00", "2023-06-30"),)
    acknowledged = build(ev("2024-12-15", "reconnaissance_de_dette"),
                         ev("2025-06-02", "lrar", stage="mise_en_demeure"), claims=claims)
    assert run(NEARING, acknowledged) == [(None, {"value": "A", "expiry": "15/12/2026"})]
    future = build(ev("2024-12-15", "reconnaissance_de_dette"),
                   ev("2026-12-01", "reconnaissance_de_dette"), claims=claims)
    assert fired(NEARING, future) == [None]


def test_nearing_silent_after_a_court_step_or_full_payment() -> None:
    claims = (("A", "100.00", "2024-12-31"),)
    assert fired(NEARING, build(ev("2025-03-10", "injonction_de_payer"), claims=claims)) == []
    assert fired(NEARING, build(ev("2026-12-20", "assignation"), claims=claims)) == [None]
    assert fired(NEARING, build(ev("2025-03-10", "paiement", amount="100.00"),
                                claims=claims)) == []


def test_nearing_in_force_on_the_check_date() -> None:
    case = build(claims=(("A", "100.00", "2024-12-15"),))
    assert fired(dataclasses.replace(NEARING, effective_from=D(2027, 1, 1)), case) == []


def test_expiry_dates_helper() -> None:
    case = build(ev("2024-12-15", "reconnaissance_de_dette"),
                 claims=(("A", "100.00", "2023-06-30"), ("B", "100.00", "2025-01-31")))

    def params_at(day: datetime.date) -> ParamView:
        return ParamView(PARAMS, day)

    assert expiry_dates(case, params_at) == {"A": D(2026, 12, 15), "B": D(2027, 1, 31)}
    assert expiry_dates(case, params_at, until=D(2024, 12, 14)) == {
        "A": D(2025, 6, 30), "B": D(2027, 1, 31)}
    assert expiry_dates(case, params_at, restart=()) == {"A": D(2025, 6, 30),
                                                          "B": D(2027, 1, 31)}


def test_prescription_checks_its_parameters() -> None:
    with pytest.raises(PrepareError) as err:
        Prescription().prepare(rule({"kind": "prescription", "mode": "nearing", **YEARS,
                                     "warn_days": {"param": "absent"}}),
                               PackData(PARAMS, {}, {}))
    assert err.value.at == ("warn_days", "param")


# -- order of the file ------------------------------------------------------------------------


ALL_RULES = {"paid": PAID, "plan": PLAN, "dispute": DISPUTE, "opposition": OPPOSITION,
             "lawyer": LAWYER, "med": MED, "attempt": ATTEMPT, "expired": EXPIRED,
             "nearing": NEARING}
EVENT_KINDS = ["appel", "sms", "courrier", "lrar", "paiement", "echeancier", "contestation",
               "reponse", "opposition", "conciliation", "reconnaissance_de_dette",
               "injonction_de_payer", "assignation", "signification"]


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Events at distinct moments (same-moment events legitimately follow the file's order)."""
    minutes = draw(st.lists(st.integers(0, 3 * 365 * 24 * 60), min_size=1, max_size=14,
                            unique=True))
    start = datetime.datetime(2024, 1, 1)
    events = []
    for offset in minutes:
        kind = draw(st.sampled_from(EVENT_KINDS))
        spec = ev((start + datetime.timedelta(minutes=offset)).isoformat(timespec="minutes"),
                  kind)
        if kind == "paiement":
            spec["amount"] = draw(st.sampled_from(["100.00", "920.00", "1840.00"]))
        if kind == "echeancier":
            spec["installments"] = [("2025-03-31", "920.00"), ("2025-06-30", "920.00")]
        if kind == "opposition":
            spec["channel"] = draw(st.sampled_from(["appel", "sms", "courrier"]))
        if kind in ("courrier", "lrar"):
            spec["to"] = draw(st.sampled_from(["debiteur", "avocat"]))
            if draw(st.booleans()):
                spec["stage"] = "mise_en_demeure"
                spec["deadline_days"] = 8
                spec["received"] = spec["at"][:10]
        events.append(spec)
    return events


def _findings(case: Case) -> list[tuple[str, str | None, tuple[tuple[str, str], ...]]]:
    found = []
    for name, the_rule in ALL_RULES.items():
        for hit in hits(the_rule, case, as_of=datetime.datetime(2025, 6, 1, tzinfo=PARIS)):
            when = hit.event.at.isoformat() if hit.event else None
            found.append((name, when, tuple(sorted(hit.values.items()))))
    return sorted(found, key=repr)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.randoms(use_true_random=False))
def test_input_order_does_not_change_findings(events: list[dict[str, Any]],
                                              rnd: random.Random) -> None:
    shuffled = list(events)
    rnd.shuffle(shuffled)
    claims = (("A", "1840.00", "2023-06-30"), ("B", "920.00", "2024-03-31"))
    assert _findings(build(*events, claims=claims)) == _findings(build(*shuffled, claims=claims))


# -- the rule file ----------------------------------------------------------------------------


def _load(path: Path) -> Any:
    """A pack file as the rule loader reads it (dates as ISO strings)."""
    return load_one(path.read_text(encoding="utf-8"), str(path)).value


def _pack_params() -> dict[str, Parameter]:
    found = {}
    for path in sorted((ROOT / "rules" / "params").glob("*.yaml")):
        data = _load(path)
        found[data["id"]] = Parameter(data["id"], data["title"], data["unit"], tuple(
            DatedValue(D.fromisoformat(v["from"]), v["value"], Basis(**v["basis"]))
            for v in data["values"]))
    return found


RULE_FILE: list[dict[str, Any]] = _load(ROOT / "rules" / "cases" / "procedure.yaml")
NEW_PARAMS = ("seuil_750_1", "prescription_consommateur_ans", "prescription_droit_commun_ans",
              "prescription_alerte_jours")


def test_new_parameters_follow_their_schema() -> None:
    check = validator("parameter")
    for name in NEW_PARAMS:
        assert list(check.iter_errors(_load(ROOT / "rules" / "params" / f"{name}.yaml"))) == []


@pytest.mark.parametrize("item", RULE_FILE, ids=[r["id"] for r in RULE_FILE])
def test_rule_examples(item: dict[str, Any]) -> None:
    """Each rule fires on its `fail` examples and not on its `pass` ones (as of 23/11/2026)."""
    assert list(validator("rule").iter_errors(item)) == []
    the_rule = Rule(
        id=item["id"], title=item["title"], category=item["category"],
        severity=item["severity"], basis=tuple(Basis(**b) for b in item["basis"]),
        applies={k: tuple(v) for k, v in item.get("applies", {}).items()},
        effective_from=D.fromisoformat(item["effective"]["from"]), effective_to=None,
        check=item["check"], message=item["message"], fix=item["fix"],
        pass_examples=(), fail_examples=(), source="procedure.yaml", line=1)
    params = _pack_params()
    for outcome in ("pass", "fail"):
        for n, example in enumerate(item["examples"][outcome]):
            case = parse_case(example, f"{item['id']}-{outcome}-{n}.yaml")
            found = hits(the_rule, case, params)
            assert bool(found) == (outcome == "fail"), (outcome, n, found)
            for hit in found:
                assert set(PLACEHOLDER.findall(the_rule.message)) <= set(hit.values)
