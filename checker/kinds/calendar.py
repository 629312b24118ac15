"""`calendar`: contacts on forbidden days or at forbidden hours, in the debtor's local time.

The benchmark (C. consom. D223-9, by analogy) speaks of the consumer's days and hours: a call at
09:30 UTC on the last Sunday of March is 11:30 in Paris, and a Good Friday is a holiday in Metz but
not in Paris. So every event is judged on its local wall time, and holidays are those of the
debtor's place (`holidays` library, subdivision from the postal code). An event recorded as a day
alone has no hour to judge: only its day is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from checker.cases.places import holiday_subdivision
from checker.cases.public_holidays import holidays_of
from checker.kinds.base import PackData, PrepareError, check_param_refs
from checker.kinds.case_base import (
    CaseContext,
    CaseHit,
    Selector,
    french_date,
    in_force,
    matches,
    raw_on,
    selector,
)

if TYPE_CHECKING:
    from checker.cases.model import Case, Event
    from checker.model import Rule
    from checker.rules.data import Parameter

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

HOLIDAY_NAMES = {
    "New Year's Day": "Jour de l'an",
    "Good Friday": "Vendredi saint",
    "Easter Monday": "Lundi de Pâques",
    "Labor Day": "Fête du Travail",
    "Victory Day": "Victoire 1945",
    "Ascension Day": "Ascension",
    "Pentecost Monday": "Lundi de Pentecôte",
    "National Day": "Fête nationale",
    "Assumption Day": "Assomption",
    "All Saints' Day": "Toussaint",
    "Armistice Day": "Armistice",
    "Christmas Day": "Noël",
    "Saint Stephen's Day": "Saint-Étienne",
    "Abolition of Slavery": "Abolition de l'esclavage",
    "Mi-Careme": "Mi-Carême",
    "Victor Schoelcher Day": "Fête Victor Schœlcher",
    "Citizenship Day": "Fête de la Citoyenneté",
    "Territory Day": "Fête du Territoire",
    "Internal Autonomy Day": "Fête de l'autonomie",
    "Missionary Day": "Arrivée de l'Évangile",
    "Feast of Saint Peter Chanel": "Saint Pierre Chanel",
    "Saints Peter and Paul Day": "Saints Pierre et Paul",
}
"""French names of the library's (English) holiday names; an unknown one is a plain holiday."""


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    events: Selector
    weekdays: dict[str, Any]
    hours: dict[str, Any]
    holidays: bool


class Calendar:
    name: ClassVar[str] = "calendar"

    def prepare(self, rule: Rule, pack: PackData) -> CalendarSpec:
        check = rule.check
        for key, unit in (("weekdays", "weekdays"), ("hours", "time_ranges")):
            check_param_refs(check[key], pack, (key,))
            _check_parameter(pack.params[check[key]["param"]], unit, (key, "param"))
        return CalendarSpec(selector(check.get("events")), dict(check["weekdays"]),
                            dict(check["hours"]), bool(check.get("holidays", False)))

    def run(self, rule: Rule, prepared: CalendarSpec, case: Case,
            ctx: CaseContext) -> list[CaseHit]:
        subdivision = holiday_subdivision(case.debtor.postal_code) if prepared.holidays else None
        zone = _zone(case.timezone)
        weekdays_on = raw_on(ctx, prepared.weekdays)
        ranges_on = raw_on(ctx, prepared.hours)
        hits: list[CaseHit] = []
        read: list[list[str]] | None = None
        minutes: list[tuple[int, int]] = []
        outside = ""
        for event in case.events:
            if not matches(event, prepared.events) or not in_force(rule, event):
                continue
            local = event.at.astimezone(zone) if event.has_time else event.at
            day = local.date() if event.has_time else event.day
            weekdays = weekdays_on(day)
            ranges = ranges_on(day)
            if weekdays is None or ranges is None:
                continue
            if ranges is not read:  # parsed once per value in force, not once per event
                read, minutes = ranges, [(_minutes(start), _minutes(end)) for start, end in ranges]
                outside = f"en dehors des plages {_ranges_text(ranges)}"
            reasons = []
            if day.isoweekday() not in weekdays:
                reasons.append(WEEKDAYS[day.weekday()])
            if prepared.holidays:
                holiday = _holiday(day, subdivision)
                if holiday is not None:
                    reasons.append(holiday)
            if event.has_time and not _within(local.time(), minutes):
                reasons.append(outside)
            if reasons:
                hits.append(CaseHit(event, {"value": _when(event, local),
                                            "reason": ", ".join(reasons)}))
        return hits


def _check_parameter(param: Parameter, unit: str, at: tuple[str | int, ...]) -> None:
    """The parameter must hold weekdays or time ranges on every date, not a number.

    The parameter schema accepts any of the value shapes for any unit; a calendar rule reading a
    number as a list of weekdays would fail on the first case, so the mismatch is a load error.
    """
    if param.unit != unit:
        raise PrepareError(at, f"le paramètre « {param.id} » doit avoir l'unité {unit} "
                               f"(et non {param.unit})")
    for dated in param.values:
        value = dated.value
        if unit == "weekdays":
            valid = isinstance(value, list) and all(isinstance(d, int) for d in value)
        else:
            valid = isinstance(value, list) and all(
                isinstance(pair, list) and len(pair) == 2
                and all(isinstance(t, str) and ":" in t for t in pair)
                and _minutes(pair[0]) < _minutes(pair[1]) for pair in value)
        if not valid:
            shape = ("une liste de jours ISO (1 = lundi)" if unit == "weekdays"
                     else "une liste de plages [début, fin] avec début < fin")
            raise PrepareError(at, f"le paramètre « {param.id} » (valeur du "
                                   f"{dated.start.isoformat()}) doit être {shape}")


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _within(moment: datetime.time, ranges: list[tuple[int, int]]) -> bool:
    """Whether a wall time falls in one of the ranges, each [start, end) in minutes of the day:
    20:00 is already out."""
    minutes = moment.hour * 60 + moment.minute + (moment.second + moment.microsecond / 1e6) / 60
    return any(start <= minutes < end for start, end in ranges)


def _clock(text: str) -> str:
    return text.replace(":", "h")


def _ranges_text(ranges: list[list[str]]) -> str:
    """« 10h00–13h00 et 14h00–20h00 »."""
    parts = [f"{_clock(start)}–{_clock(end)}" for start, end in ranges]
    return " et ".join(part for part in (", ".join(parts[:-1]), parts[-1]) if part)


def _when(event: Event, local: datetime.datetime) -> str:
    """« samedi 14/03/2026 à 21h30 », or the day alone for an event without time."""
    day = local.date() if event.has_time else event.day
    text = f"{WEEKDAYS[day.weekday()]} {french_date(day)}"
    return f"{text} à {local.hour:02d}h{local.minute:02d}" if event.has_time else text


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@cache
def _holidays(year: int, subdivision: str | None) -> dict[datetime.date, str]:
    """Public holidays of one year and place, with English names whatever the system locale.

    Read on first use (letter checks never need them), from the cache when it has them: see
    `checker.cases.public_holidays`."""
    return holidays_of(year, subdivision)


def _holiday(day: datetime.date, subdivision: str | None) -> str | None:
    """« jour férié (Lundi de Pâques) » if the day is a public holiday there, else None."""
    name = _holidays(day.year, subdivision).get(day)
    if name is None:
        return None
    french = [HOLIDAY_NAMES[part] for part in name.split("; ") if part in HOLIDAY_NAMES]
    return f"jour férié ({', '.join(french)})" if french else "jour férié"
