"""The contact kinds over case files (window, interval, calendar, third_party), at their boundaries.

Cases are built directly (a small builder below sorts events the way the case loader does), so
that a test states its events in a line each; the rule file's examples and the DST test go through
the real case-file reader.
"""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import random
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cases.loader import parse_case
from checker.cases.model import DEBTOR_KINDS, Case, Claim, Event, Party
from checker.kinds import calendar as calendar_module
from checker.kinds.base import PackData, PrepareError
from checker.kinds.calendar import Calendar
from checker.kinds.case_base import CaseContext
from checker.kinds.interval import Interval
from checker.kinds.third_party import ThirdParty
from checker.kinds.window import Window
from checker.model import Basis, Rule
from checker.rules.data import DatedValue, Parameter
from checker.rules.schemas import validator

ROOT = Path(__file__).resolve().parent.parent
PARIS = "Europe/Paris"
KINDS: dict[str, Any] = {k.name: k for k in (Window(), Interval(), Calendar(), ThirdParty())}
BY_CREDITOR = ["creancier", "agence", "avocat", "commissaire_de_justice"]


# -- builders ---------------------------------------------------------------------------------


def ev(at: str | datetime.date | datetime.datetime, kind: str = "appel",
       **fields: Any) -> dict[str, Any]:
    """One event as a case file gives it: `at` local "YYYY-MM-DDTHH:MM", aware, or a day."""
    return {"at": at, "kind": kind, **fields}


def _when(value: Any, zone: ZoneInfo) -> tuple[datetime.datetime, bool]:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(0, 0), tzinfo=zone), False
    elif "T" in str(value):
        moment = datetime.datetime.fromisoformat(str(value))
    else:
        day = datetime.date.fromisoformat(str(value))
        return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zone), False
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone), True
    return moment.astimezone(zone), True


def _day(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def build(*events: dict[str, Any], postal_code: str | None = "69007",
          debtor: str = "particulier", timezone: str = PARIS) -> Case:
    """A case with these events, indexed in the given order and sorted by time as loaded."""
    zone = ZoneInfo(timezone)
    built = []
    for index, spec in enumerate(events):
        at, has_time = _when(spec["at"], zone)
        kind = spec["kind"]
        built.append(Event(
            index=index, at=at, has_time=has_time, kind=kind,
            by=spec.get("by", "debiteur" if kind in DEBTOR_KINDS else "creancier"),
            to=spec.get("to", "debiteur"), stage=spec.get("stage"),
            deadline_days=spec.get("deadline_days"), received=_day(spec.get("received")),
            line=index + 10,
        ))
    built.sort(key=lambda e: (e.at.timestamp(), e.index))
    return Case(
        path="dossier.yaml", dossier="D-TEST",
        creditor=Party("Atelier Mercier SARL", "professionnel"),
        debtor=Party("Jeanne Roux", debtor, postal_code),
        agency=None,
        claims=(Claim("F-2025-0412", Decimal("1840.00"),
                      datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)),),
        events=tuple(built), timezone=timezone,
    )


def param(ident: str, unit: str, *values: tuple[str, Any]) -> Parameter:
    basis = Basis("politique_interne", "Essai")
    return Parameter(ident, ident, unit, tuple(
        DatedValue(datetime.date.fromisoformat(start), value, basis) for start, value in values))


def rule(check: dict[str, Any], start: str = "2000-01-01", end: str | None = None,
         ident: str = "CAS-ESSAI", applies: dict[str, tuple[str, ...]] | None = None) -> Rule:
    return Rule(
        id=ident, title="Règle d'essai", category="contact", severity="warning",
        basis=(Basis("politique_interne", "Essai"),), applies=applies or {},
        effective_from=datetime.date.fromisoformat(start),
        effective_to=datetime.date.fromisoformat(end) if end else None,
        check=check, message="{value}", fix="Corriger.", pass_examples=(), fail_examples=(),
        source="essai.yaml", line=1,
    )


def run(the_rule: Rule, case: Case, *params: Parameter) -> list[tuple[int, dict[str, str]]]:
    """(event index, values) of every hit, in the order the kind reports them."""
    known = {p.id: p for p in params}
    kind = KINDS[the_rule.kind]
    prepared = kind.prepare(the_rule, PackData(known, {}, {}))
    ctx = CaseContext(known, datetime.datetime(2026, 6, 1, tzinfo=ZoneInfo(PARIS)))
    hits = kind.run(the_rule, prepared, case, ctx)
    return [(hit.event.index, hit.values) for hit in hits]


def fired(the_rule: Rule, case: Case, *params: Parameter) -> list[int]:
    return [index for index, _ in run(the_rule, case, *params)]


CALLS = {"kinds": ["appel"], "by": BY_CREDITOR, "to": ["debiteur"]}
MAX_CALLS = param("appels_max_periode", "count", ("2023-03-01", 4))
CALL_DAYS = param("appels_periode_jours", "days", ("2023-03-01", 30))
CALL_WINDOW = rule({"kind": "window", "events": CALLS, "max": {"param": "appels_max_periode"},
                    "days": {"param": "appels_periode_jours"}}, start="2023-03-01")
WEEKDAYS = param("jours_contact", "weekdays", ("2023-03-01", [1, 2, 3, 4, 5]))
HOURS = param("plages_horaires_contact", "time_ranges",
              ("2023-03-01", [["10:00", "13:00"], ["14:00", "20:00"]]))
CALENDAR = rule({"kind": "calendar", "events": {"kinds": ["appel", "sms", "visite"]},
                 "weekdays": {"param": "jours_contact"},
                 "hours": {"param": "plages_horaires_contact"}, "holidays": True},
                start="2023-03-01")
RELANCES = rule({"kind": "interval", "first": {"stage": ["relance"]},
                 "then": {"stage": ["relance"]}, "min_days": {"param": "intervalle"}})
INTERVAL = param("intervalle", "days", ("2000-01-01", 15))
DEADLINE = rule({"kind": "interval", "first": {"stage": ["mise_en_demeure"]},
                 "then": {"kinds": ["injonction_de_payer", "assignation"]},
                 "min_days_from": "deadline"})


def calendar_hits(case: Case, the_rule: Rule = CALENDAR,
                  *params: Parameter) -> list[tuple[int, dict[str, str]]]:
    return run(the_rule, case, *(params or (WEEKDAYS, HOURS)))


# -- window -----------------------------------------------------------------------------------


def test_window_exactly_max_in_the_period_does_not_fire() -> None:
    case = build(*(ev(f"2026-01-{d:02d}T10:15") for d in (5, 12, 19, 26)))
    assert fired(CALL_WINDOW, case, MAX_CALLS, CALL_DAYS) == []


def test_window_fires_at_the_call_after_max_within_the_period() -> None:
    case = build(*(ev(f"2026-01-{d:02d}T10:15") for d in (5, 12, 19, 26)),
                 ev("2026-02-03T10:15"))
    assert run(CALL_WINDOW, case, MAX_CALLS, CALL_DAYS) == [
        (4, {"value": "5", "limit": "4", "days": "30", "channel": "appel"})]


def test_window_of_d_days_ending_on_day_d_starts_on_day_d_minus_d_plus_1() -> None:
    calls = [ev(f"2026-01-{d:02d}T10:15") for d in (5, 12, 19, 26)]
    assert fired(CALL_WINDOW, build(*calls, ev("2026-02-03T23:59")), MAX_CALLS, CALL_DAYS) == [4]
    assert fired(CALL_WINDOW, build(*calls, ev("2026-02-04T00:00")), MAX_CALLS, CALL_DAYS) == []


def test_window_counts_calendar_days_not_hours() -> None:
    """A call late on 5 January and one early on 3 February are 30 calendar days apart."""
    calls = [ev("2026-01-05T19:50"), ev("2026-01-12T10:15"), ev("2026-01-19T10:15"),
             ev("2026-01-26T10:15"), ev("2026-02-03T10:01")]
    assert fired(CALL_WINDOW, build(*calls), MAX_CALLS, CALL_DAYS) == [4]


def test_window_fires_at_every_call_beyond_max_and_later_ones_on_the_same_day() -> None:
    case = build(*(ev(f"2026-01-12T{h:02d}:00") for h in (10, 11, 12, 14, 15, 16)))
    assert fired(CALL_WINDOW, case, MAX_CALLS, CALL_DAYS) == [4, 5]


def test_window_same_instant_follows_file_order() -> None:
    case = build(*(ev("2026-01-12T10:00") for _ in range(5)))
    assert fired(CALL_WINDOW, case, MAX_CALLS, CALL_DAYS) == [4]


def test_window_counts_only_matching_events() -> None:
    case = build(ev("2026-01-05T10:15"), ev("2026-01-06T10:15", by="debiteur"),
                 ev("2026-01-07T10:15", to="avocat"), ev("2026-01-08T10:15", "sms"),
                 ev("2026-01-12T10:15"), ev("2026-01-19T10:15"), ev("2026-01-26T10:15"))
    assert fired(CALL_WINDOW, case, MAX_CALLS, CALL_DAYS) == []


def test_window_per_channel_counts_each_event_kind_apart() -> None:
    check = {"kind": "window", "events": {"kinds": ["appel", "sms", "email"]}, "max": 7,
             "days": 7}
    sms = [ev(f"2026-03-0{d}T10:30", "sms") for d in range(2, 9)]
    emails = [ev(f"2026-03-0{d}T11:00", "email") for d in range(2, 9)]
    assert fired(rule({**check, "per_channel": True}), build(*sms, *emails)) == []
    mixed = fired(rule({**check, "per_channel": False}), build(*sms, *emails))
    assert len(mixed) == 7
    over = build(*sms, *emails, ev("2026-03-08T16:00", "sms"))
    assert run(rule({**check, "per_channel": True}), over) == [
        (14, {"value": "8", "limit": "7", "days": "7", "channel": "sms"})]


def test_window_judges_only_events_in_force_but_counts_earlier_ones() -> None:
    late_rule = rule(CALL_WINDOW.check, start="2026-02-01")
    case = build(*(ev(f"2026-01-{d}T10:15") for d in (20, 21, 22, 23, 24)),
                 ev("2026-02-02T10:15"))
    assert run(late_rule, case, MAX_CALLS, CALL_DAYS) == [
        (5, {"value": "6", "limit": "4", "days": "30", "channel": "appel"})]
    ended = rule(CALL_WINDOW.check, start="2023-03-01", end="2026-01-23")
    assert fired(ended, case, MAX_CALLS, CALL_DAYS) == []


def test_window_reads_parameters_as_of_each_event_day() -> None:
    stricter = param("appels_max_periode", "count", ("2023-03-01", 4), ("2026-01-15", 2))
    longer = param("appels_periode_jours", "days", ("2023-03-01", 30), ("2026-03-01", 60))
    case = build(ev("2026-01-10T10:15"), ev("2026-01-12T10:15"), ev("2026-01-14T10:15"),
                 ev("2026-01-16T10:15"))
    assert run(CALL_WINDOW, case, stricter, CALL_DAYS) == [
        (3, {"value": "4", "limit": "2", "days": "30", "channel": "appel"})]
    spaced = build(*(ev(f"2026-{m:02d}-{d:02d}T10:15")
                     for m, d in ((1, 5), (1, 20), (2, 5), (2, 20), (3, 2))))
    assert fired(CALL_WINDOW, spaced, MAX_CALLS, CALL_DAYS) == []
    assert run(CALL_WINDOW, spaced, MAX_CALLS, longer) == [
        (4, {"value": "5", "limit": "4", "days": "60", "channel": "appel"})]


def test_window_does_not_apply_before_its_parameter_exists() -> None:
    future = param("appels_max_periode", "count", ("2027-01-01", 1))
    case = build(*(ev(f"2026-01-{d:02d}T10:15") for d in range(5, 15)))
    assert fired(CALL_WINDOW, case, future, CALL_DAYS) == []


def test_window_unknown_parameter_is_a_prepare_error() -> None:
    with pytest.raises(PrepareError) as error:
        Window().prepare(CALL_WINDOW, PackData({"appels_max_periode": MAX_CALLS}, {}, {}))
    assert error.value.at == ("days", "param")


# -- interval ---------------------------------------------------------------------------------


def test_interval_exactly_min_days_apart_does_not_fire() -> None:
    case = build(ev("2026-01-08", "courrier", stage="relance"),
                 ev("2026-01-23", "email", stage="relance"))
    assert fired(RELANCES, case, INTERVAL) == []


def test_interval_one_day_short_fires_with_its_values() -> None:
    case = build(ev("2026-01-08", "courrier", stage="relance"),
                 ev("2026-01-22T09:00", "email", stage="relance"))
    assert run(RELANCES, case, INTERVAL) == [
        (1, {"value": "14", "limit": "15", "first_date": "08/01/2026",
             "start_date": "08/01/2026"})]


def test_interval_counts_local_days_whatever_the_hour() -> None:
    case = build(ev("2026-01-08T23:30", "email", stage="relance"),
                 ev("2026-01-23T00:10", "email", stage="relance"))
    assert fired(RELANCES, case, INTERVAL) == []


def test_interval_measures_from_the_latest_earlier_step_only() -> None:
    case = build(ev("2026-01-01", "courrier", stage="relance"),
                 ev("2026-01-20", "courrier", stage="relance"),
                 ev("2026-01-25", "email", stage="relance"))
    assert run(RELANCES, case, INTERVAL) == [
        (2, {"value": "5", "limit": "15", "first_date": "20/01/2026",
             "start_date": "20/01/2026"})]


def test_interval_never_compares_an_event_with_itself() -> None:
    assert fired(RELANCES, build(ev("2026-01-08", "courrier", stage="relance")), INTERVAL) == []
    same_day = build(ev("2026-01-08T10:00", "email", stage="relance"),
                     ev("2026-01-08T11:00", "sms", stage="relance"))
    assert fired(RELANCES, same_day, INTERVAL) == [1]


def test_interval_reads_min_days_as_of_the_later_event() -> None:
    changing = param("intervalle", "days", ("2000-01-01", 15), ("2026-02-01", 30))
    case = build(ev("2026-01-01", "courrier", stage="relance"),
                 ev("2026-01-20", "courrier", stage="relance"),
                 ev("2026-02-10", "courrier", stage="relance"))
    assert run(RELANCES, case, changing) == [
        (2, {"value": "21", "limit": "30", "first_date": "20/01/2026",
             "start_date": "20/01/2026"})]


def test_interval_judges_only_later_events_in_force() -> None:
    case = build(ev("2026-01-01", "courrier", stage="relance"),
                 ev("2026-01-03", "courrier", stage="relance"),
                 ev("2026-01-05", "courrier", stage="relance"))
    assert fired(rule(RELANCES.check, start="2026-01-04"), case, INTERVAL) == [2]


def test_interval_deadline_runs_through_its_last_day_counted_from_receipt() -> None:
    """15 days from a receipt on 4 February: the deadline runs through 19 February inclusive."""
    med = ev("2026-02-02", "lrar", stage="mise_en_demeure", deadline_days=15,
             received="2026-02-04")
    assert fired(DEADLINE, build(med, ev("2026-02-20", "injonction_de_payer"))) == []
    assert run(DEADLINE, build(med, ev("2026-02-19T16:00", "assignation"))) == [
        (1, {"value": "15", "limit": "15", "first_date": "02/02/2026",
             "start_date": "04/02/2026", "end_date": "19/02/2026"})]


def test_interval_deadline_counts_from_sending_when_receipt_unknown() -> None:
    med = ev("2026-02-02", "email", stage="mise_en_demeure", deadline_days=8)
    assert fired(DEADLINE, build(med, ev("2026-02-11", "assignation"))) == []
    assert fired(DEADLINE, build(med, ev("2026-02-10", "assignation"))) == [1]


def test_interval_deadline_court_step_before_receipt_fires() -> None:
    med = ev("2026-02-02", "lrar", stage="mise_en_demeure", deadline_days=8,
             received="2026-02-12")
    assert run(DEADLINE, build(med, ev("2026-02-10", "injonction_de_payer")))[0][1]["value"] == "-2"


def test_interval_deadline_unknown_is_not_judged() -> None:
    med = ev("2026-02-02", "lrar", stage="mise_en_demeure")
    assert fired(DEADLINE, build(med, ev("2026-02-03", "assignation"))) == []
    assert fired(DEADLINE, build(ev("2026-02-03", "assignation"))) == []


def test_interval_deadline_uses_the_latest_mise_en_demeure() -> None:
    case = build(ev("2026-01-02", "lrar", stage="mise_en_demeure", deadline_days=8),
                 ev("2026-02-02", "lrar", stage="mise_en_demeure", deadline_days=15),
                 ev("2026-02-10", "assignation"))
    assert fired(DEADLINE, case) == [2]
    assert fired(DEADLINE, build(*(ev("2026-01-02", "lrar", stage="mise_en_demeure",
                                      deadline_days=d) for d in (30, 8)),
                                 ev("2026-01-11", "assignation"))) == []


# -- calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("time", "fires"), [
    ("09:59", True), ("10:00", False), ("12:59", False), ("13:00", True), ("13:59", True),
    ("14:00", False), ("19:59", False), ("20:00", True), ("21:30", True),
])
def test_calendar_hours_are_half_open_ranges(time: str, fires: bool) -> None:
    case = build(ev(f"2026-03-12T{time}"))
    assert bool(calendar_hits(case)) is fires


def test_calendar_seconds_before_the_end_are_within() -> None:
    inside = datetime.datetime(2026, 3, 12, 19, 59, 59, tzinfo=ZoneInfo(PARIS))
    assert calendar_hits(build(ev(inside))) == []


def test_calendar_weekend_and_hours_give_every_reason() -> None:
    assert calendar_hits(build(ev("2026-03-14T21:30"))) == [
        (0, {"value": "samedi 14/03/2026 à 21h30",
             "reason": "samedi, en dehors des plages 10h00–13h00 et 14h00–20h00"})]
    assert calendar_hits(build(ev("2026-03-15T11:00", "visite"))) == [
        (0, {"value": "dimanche 15/03/2026 à 11h00", "reason": "dimanche"})]


def test_calendar_event_without_time_is_judged_on_its_day_only() -> None:
    assert calendar_hits(build(ev("2026-03-12", "sms"))) == []
    assert calendar_hits(build(ev("2026-03-15", "sms"))) == [
        (0, {"value": "dimanche 15/03/2026", "reason": "dimanche"})]


def test_calendar_only_judges_matching_events_in_force() -> None:
    assert calendar_hits(build(ev("2026-03-14T21:30", "email"))) == []
    assert calendar_hits(build(ev("2023-02-25T21:30"))) == []


def test_calendar_dst_an_utc_time_is_judged_in_local_time() -> None:
    """09:30 UTC on 29 March 2026 (the day clocks go forward) is 11:30 in Paris."""
    utc = datetime.UTC
    every_day = param("tous_les_jours", "weekdays", ("2000-01-01", [1, 2, 3, 4, 5, 6, 7]))
    morning = param("matin", "time_ranges", ("2000-01-01", [["10:00", "13:00"]]))
    the_rule = rule({**CALENDAR.check, "weekdays": {"param": "tous_les_jours"},
                     "hours": {"param": "matin"}})
    case = build(ev(datetime.datetime(2026, 3, 29, 9, 30, tzinfo=utc)))
    assert case.events[0].at.hour == 11
    assert run(the_rule, case, every_day, morning) == []
    assert calendar_hits(case) == [
        (0, {"value": "dimanche 29/03/2026 à 11h30", "reason": "dimanche"})]
    monday = build(ev("2026-03-30T08:30+00:00"), ev("2026-03-30T18:30+00:00"))
    assert calendar_hits(monday) == [
        (1, {"value": "lundi 30/03/2026 à 20h30",
             "reason": "en dehors des plages 10h00–13h00 et 14h00–20h00"})]


def test_calendar_dst_in_a_case_file() -> None:
    """Offsets in a case file: winter time on Friday 27 March 2026, summer time on the 29th."""
    case = parse_case(textwrap.dedent("""\
        dossier: D-TEST
        creditor: {name: Atelier Mercier SARL, kind: professionnel}
        debtor: {name: Jeanne Roux, kind: particulier, postal_code: "69007"}
        claims:
          - {ref: F-2025-0412, amount: 1840.00, issued: 2025-12-01, due: 2025-12-31}
        events:
          - {at: "2026-03-29T09:30+00:00", kind: appel}
          - {at: "2026-03-27T08:30+00:00", kind: appel}
        """), "dossier.yaml")
    assert calendar_hits(case) == [
        (1, {"value": "vendredi 27/03/2026 à 09h30",
             "reason": "en dehors des plages 10h00–13h00 et 14h00–20h00"}),
        (0, {"value": "dimanche 29/03/2026 à 11h30", "reason": "dimanche"})]


def test_calendar_converts_times_not_given_in_the_debtors_zone() -> None:
    """08:30 UTC on Monday 30 March 2026 is 10:30 in Paris (summer time), within the hours."""
    utc = datetime.UTC
    event = Event(index=0, at=datetime.datetime(2026, 3, 30, 8, 30, tzinfo=utc),
                  has_time=True, kind="appel", by="creancier")
    case = dataclasses.replace(build(), events=(event,))
    assert calendar_hits(case) == []
    late = dataclasses.replace(event, at=datetime.datetime(2026, 3, 30, 18, 30, tzinfo=utc))
    assert calendar_hits(dataclasses.replace(case, events=(late,)))[0][1]["value"] == (
        "lundi 30/03/2026 à 20h30")


def test_calendar_national_holiday() -> None:
    assert calendar_hits(build(ev("2026-04-06T11:00"))) == [
        (0, {"value": "lundi 06/04/2026 à 11h00", "reason": "jour férié (Lundi de Pâques)"})]
    assert calendar_hits(build(ev("2026-05-14", "sms"))) == [
        (0, {"value": "jeudi 14/05/2026", "reason": "jour férié (Ascension)"})]


def test_calendar_holidays_can_be_left_out() -> None:
    the_rule = rule({**CALENDAR.check, "holidays": False})
    assert calendar_hits(build(ev("2026-04-06T11:00")), the_rule) == []


@pytest.mark.parametrize("postal_code", ["57000", "67000", "68100"])
def test_calendar_alsace_moselle_holidays(postal_code: str) -> None:
    case = build(ev("2025-12-26T11:00"), ev("2026-04-03T11:00"), postal_code=postal_code)
    assert [values["reason"] for _, values in calendar_hits(case)] == [
        "jour férié (Saint-Étienne)", "jour férié (Vendredi saint)"]


@pytest.mark.parametrize("postal_code", ["75011", "69007", None])
def test_calendar_alsace_moselle_days_are_worked_elsewhere(postal_code: str | None) -> None:
    case = build(ev("2025-12-26T11:00"), ev("2026-04-03T11:00"), postal_code=postal_code)
    assert calendar_hits(case) == []


def test_calendar_overseas_abolition_of_slavery() -> None:
    guadeloupe = build(ev("2026-05-27T11:00"), postal_code="97110",
                       timezone="America/Guadeloupe")
    assert calendar_hits(guadeloupe) == [
        (0, {"value": "mercredi 27/05/2026 à 11h00",
             "reason": "jour férié (Abolition de l'esclavage)"})]
    assert calendar_hits(build(ev("2026-05-27T11:00"), postal_code="75011")) == []
    martinique = build(ev("2026-05-22T11:00"), ev("2026-05-27T11:00"), postal_code="97200",
                       timezone="America/Martinique")
    assert [i for i, _ in calendar_hits(martinique)] == [0]


def test_calendar_unknown_and_combined_holiday_names(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {datetime.date(2026, 5, 27): "Abolition of Slavery; Pentecost Monday",
             datetime.date(2026, 5, 28): "Some New Day"}
    monkeypatch.setattr(calendar_module, "_holidays", lambda year, subdivision: names)
    case = build(ev("2026-05-27T11:00"), ev("2026-05-28T11:00"))
    assert [values["reason"] for _, values in calendar_hits(case)] == [
        "jour férié (Abolition de l'esclavage, Lundi de Pentecôte)", "jour férié"]


def test_calendar_reads_parameters_as_of_each_event_day() -> None:
    hours = param("plages_horaires_contact", "time_ranges",
                  ("2023-03-01", [["10:00", "13:00"], ["14:00", "20:00"]]),
                  ("2026-04-01", [["09:00", "19:00"]]))
    case = build(ev("2026-03-12T09:30"), ev("2026-04-02T09:30"), ev("2026-04-02T19:30"))
    assert [i for i, _ in calendar_hits(case, CALENDAR, WEEKDAYS, hours)] == [0, 2]
    later = param("jours_contact", "weekdays", ("2026-04-01", [1, 2, 3, 4, 5]))
    assert [i for i, _ in calendar_hits(case, CALENDAR, later, hours)] == [2]


def test_calendar_prepare_checks_parameter_units_and_shapes() -> None:
    with pytest.raises(PrepareError) as error:
        Calendar().prepare(CALENDAR, PackData({"jours_contact": WEEKDAYS}, {}, {}))
    assert error.value.at == ("hours", "param")
    wrong_unit = param("plages_horaires_contact", "hours", ("2023-03-01", 8))
    with pytest.raises(PrepareError, match="time_ranges"):
        Calendar().prepare(CALENDAR, PackData(
            {"jours_contact": WEEKDAYS, "plages_horaires_contact": wrong_unit}, {}, {}))
    reversed_range = param("plages_horaires_contact", "time_ranges",
                           ("2023-03-01", [["20:00", "14:00"]]))
    with pytest.raises(PrepareError, match="début < fin"):
        Calendar().prepare(CALENDAR, PackData(
            {"jours_contact": WEEKDAYS, "plages_horaires_contact": reversed_range}, {}, {}))


# -- third_party ------------------------------------------------------------------------------

THIRD = rule({"kind": "third_party", "to": ["employeur", "famille", "voisin", "tiers"],
              "events": {"kinds": ["appel", "email", "sms", "courrier", "lrar", "lre", "visite"]}},
             start="2016-07-01")


def test_third_party_fires_at_each_contact_with_a_third_party() -> None:
    case = build(ev("2026-01-08T10:15"), ev("2026-01-09T10:15", to="employeur"),
                 ev("2026-01-10", "courrier", to="famille"), ev("2026-01-11T10:15", to="avocat"),
                 ev("2026-01-12", "visite", to="voisin"))
    assert run(THIRD, case) == [(1, {"value": "employeur"}), (2, {"value": "famille"}),
                                (4, {"value": "voisin"})]


def test_third_party_respects_the_event_filter_and_dates() -> None:
    case = build(ev("2026-01-09", "signification", to="employeur"),
                 ev("2016-06-30T10:00", to="tiers"), ev("2016-07-01T10:00", to="tiers"))
    assert fired(THIRD, case) == [2]


# -- properties -------------------------------------------------------------------------------

_START = datetime.datetime(2026, 1, 5)
_slots = st.tuples(st.integers(0, 90), st.integers(8 * 60, 21 * 60 + 59))
_kinds = st.sampled_from(["appel", "appel", "sms", "email", "courrier"])
_stages = st.sampled_from([None, None, "relance", "mise_en_demeure"])
_tos = st.sampled_from(["debiteur", "debiteur", "debiteur", "employeur"])


@st.composite
def histories(draw: st.DrawFn, min_size: int = 0) -> list[dict[str, Any]]:
    """Events at distinct local instants (ties would make order, hence the excess, arbitrary)."""
    slots = draw(st.lists(_slots, min_size=min_size, max_size=25, unique=True))
    events = []
    for day, minute in slots:
        stage = draw(_stages)
        kind = "lrar" if stage == "mise_en_demeure" else draw(_kinds)
        spec = ev(_START + datetime.timedelta(days=day, minutes=minute), kind, to=draw(_tos))
        if stage:
            spec["stage"] = stage
        if stage == "mise_en_demeure":
            spec["deadline_days"] = draw(st.integers(1, 30))
            if draw(st.booleans()):
                spec["received"] = (spec["at"] + datetime.timedelta(days=draw(
                    st.integers(0, 5)))).date()
        if draw(st.integers(0, 9)) == 0:
            spec["kind"] = draw(st.sampled_from(["assignation", "injonction_de_payer"]))
            spec.pop("stage", None)
        events.append(spec)
    return events


SMALL_WINDOW = rule({"kind": "window", "events": {"kinds": ["appel", "sms"]}, "max": 2,
                     "days": 5})
CHANNEL_WINDOW = rule({"kind": "window", "events": {"kinds": ["appel", "sms", "email"]},
                       "max": 1, "days": 3, "per_channel": True})
LITERAL_RELANCES = rule({**RELANCES.check, "min_days": 10})
PROPERTY_RULES = (SMALL_WINDOW, CHANNEL_WINDOW, LITERAL_RELANCES, DEADLINE, THIRD, CALENDAR)
_settings = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _signature(case: Case, index: int) -> tuple[Any, ...]:
    event = next(e for e in case.events if e.index == index)
    return (event.at, event.kind, event.to, event.stage)


@_settings
@given(histories(), st.randoms(use_true_random=False))
def test_property_input_order_does_not_change_findings(events: list[dict[str, Any]],
                                                       rnd: random.Random) -> None:
    shuffled = list(events)
    rnd.shuffle(shuffled)
    for the_rule in PROPERTY_RULES:
        params = (WEEKDAYS, HOURS) if the_rule is CALENDAR else ()
        results = []
        for order in (events, shuffled):
            case = build(*order)
            results.append(sorted(
                (_signature(case, index), sorted(values.items()))
                for index, values in run(the_rule, case, *params)))
        assert results[0] == results[1], the_rule.check


@_settings
@given(histories(), st.integers(-30, 30))
def test_property_shifting_by_whole_weeks_keeps_window_and_interval_findings(
        events: list[dict[str, Any]], weeks: int) -> None:
    delta = datetime.timedelta(weeks=weeks)
    shifted = []
    for spec in events:
        moved = {**spec, "at": spec["at"] + delta}
        if spec.get("received") is not None:
            moved["received"] = spec["received"] + delta
        shifted.append(moved)
    for the_rule in (SMALL_WINDOW, CHANNEL_WINDOW, LITERAL_RELANCES, DEADLINE):
        assert fired(the_rule, build(*events)) == fired(the_rule, build(*shifted))


@_settings
@given(histories(), _slots, _kinds)
def test_property_adding_a_contact_never_removes_a_window_finding(
        events: list[dict[str, Any]], slot: tuple[int, int], kind: str) -> None:
    extra = ev(_START + datetime.timedelta(days=slot[0], minutes=slot[1]), kind)
    for the_rule in (SMALL_WINDOW, CHANNEL_WINDOW, CALL_WINDOW):
        params = (MAX_CALLS, CALL_DAYS)
        before = set(fired(the_rule, build(*events), *params))
        after = set(fired(the_rule, build(*events, extra), *params))
        assert before <= after


# -- the rule file and its parameters ---------------------------------------------------------

CONTACT_RULES = ROOT / "rules" / "cases" / "contacts.yaml"
NEW_PARAMS = ("appels_max_periode", "appels_periode_jours", "contacts_max_semaine",
              "contacts_semaine_jours", "intervalle_relances_jours", "jours_contact",
              "plages_horaires_contact")


def _pack_params() -> dict[str, Parameter]:
    params = {}
    for path in sorted((ROOT / "rules" / "params").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        params[data["id"]] = Parameter(data["id"], data["title"], data["unit"], tuple(sorted(
            (DatedValue(datetime.date.fromisoformat(str(v["from"])), v["value"],
                        Basis(v["basis"]["kind"], v["basis"]["ref"])) for v in data["values"]),
            key=lambda v: v.start)))
    return params


def _rules_from_file() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(CONTACT_RULES.read_text(encoding="utf-8"))
    return items


def _case_from_example(text: str) -> Case:
    return parse_case(text, "exemple.yaml")


def _example_rule(item: dict[str, Any]) -> Rule:
    effective = item["effective"]
    return rule(item["check"], start=effective["from"], end=effective.get("to"), ident=item["id"],
                applies={k: tuple(v) for k, v in item.get("applies", {}).items()})


def test_rule_file_and_parameters_match_their_schemas() -> None:
    rule_errors = [(item["id"], error.message) for item in _rules_from_file()
                   for error in validator("rule").iter_errors(item)]
    assert rule_errors == []
    for name in NEW_PARAMS:
        data = yaml.safe_load((ROOT / "rules" / "params" / f"{name}.yaml").read_text("utf-8"))
        assert data["id"] == name
        assert list(validator("parameter").iter_errors(data)) == []


def test_prepared_data_survives_the_rule_cache() -> None:
    """Prepared data is pickled into the rule-set cache: plain data, no closures."""
    params = _pack_params()
    for item in _rules_from_file():
        the_rule = _example_rule(item)
        prepared = KINDS[the_rule.kind].prepare(the_rule, PackData(params, {}, {}))
        assert pickle.loads(pickle.dumps(prepared)) == prepared


def test_rule_file_holds_the_catalogued_rules() -> None:
    assert [item["id"] for item in _rules_from_file()] == [
        "CAS-TIERS", "CAS-FREQUENCE-APPELS", "CAS-FREQUENCE-CONTACTS",
        "CAS-INTERVALLE-RELANCES", "CAS-DELAI-MED", "CAS-HORAIRES"]
    for item in _rules_from_file():
        assert set(item.get("applies", {})) <= {"debtor"}


_EXAMPLES = [(item["id"], outcome, n, text) for item in _rules_from_file()
             for outcome in ("pass", "fail") for n, text in enumerate(item["examples"][outcome])]


@pytest.mark.parametrize(("rule_id", "outcome", "number", "text"), _EXAMPLES,
                         ids=[f"{r}-{o}-{n}" for r, o, n, _ in _EXAMPLES])
def test_rule_examples(rule_id: str, outcome: str, number: int, text: str) -> None:
    item = next(i for i in _rules_from_file() if i["id"] == rule_id)
    the_rule = _example_rule(item)
    case = _case_from_example(text)
    params = _pack_params()
    applies = case.debtor.kind in the_rule.applies.get("debtor", (case.debtor.kind,))
    hits = run(the_rule, case, *params.values()) if applies else []
    assert bool(hits) is (outcome == "fail"), hits
    for _, values in hits:
        message = item["message"]
        for key, value in values.items():
            message = message.replace("{" + key + "}", value)
        assert "{" not in message, message
