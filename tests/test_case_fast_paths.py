"""Shortcuts taken when reading case files and logs give what the plain code gives.

Each shortcut is compared with the expression it replaces, on generated inputs.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cases import eventlog, loader
from checker.cases.model import Case, Event, Party
from checker.cases.places import timezone_for

_UTC = datetime.UTC


def _outcome(call: Any, text: str) -> tuple[str, Any]:
    try:
        value = call(text)
    except (ValueError, TypeError) as exc:
        return type(exc).__name__, str(exc)
    return "value", json.dumps(value, default=repr, sort_keys=False)


_JSON_PIECES = st.sampled_from([
    '{"at": "2026-01-08", "kind": "appel"}', '{"amount": 12.50}', '{"amount": 1e400}',
    '{"a": 1, "a": 2}', '{"a": NaN}', '{"a": -Infinity}', '[1, 2.0]', '"x"', "{", "",
    '{"a": {"b": [1.10, {"c": null}]}}', '\ufeff{"a": 1}', '{"a": 1} x', '  {"a": "\\u00e9"}  ',
])


@settings(max_examples=200)
@given(st.one_of(_JSON_PIECES, st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=3),
    max_leaves=8).map(json.dumps)))
def test_the_shared_json_decoder_is_json_loads(text: str) -> None:
    def reference(source: str) -> Any:
        return json.loads(source, parse_float=Decimal, parse_constant=str,
                          object_pairs_hook=eventlog._unique)

    assert _outcome(eventlog._json_value, text) == _outcome(reference, text)


_ZONES = sorted({timezone_for(code) for code in ("69007", "97110", "97133", "97150", "97200",
                                                  "97300", "97400", "97500", "97600", "98600",
                                                  "98700", "98800", "57000")})


@settings(max_examples=400)
@given(st.datetimes(min_value=datetime.datetime(1900, 1, 1),
                    max_value=datetime.datetime(2100, 1, 1)),
       st.sampled_from(_ZONES), st.booleans())
def test_local_time_is_the_replace_round_trip(naive: datetime.datetime, zone_name: str,
                                              near_change: bool) -> None:
    zone = ZoneInfo(zone_name)
    if near_change:  # around 02:00-03:00 on the last Sundays of March and October
        naive = naive.replace(month=naive.month % 2 * 7 + 3, day=25 + naive.day % 7,
                              hour=1 + naive.hour % 3)
    expected = naive.replace(tzinfo=zone).astimezone(_UTC).astimezone(zone)
    local = loader._local(naive, zone)
    assert (local, local.fold, local.tzinfo, local.utcoffset()) == (
        expected, expected.fold, expected.tzinfo, expected.utcoffset())


_PARTY = Party("Jeanne Roux", "particulier")
_CHANGES = [datetime.datetime(2026, 10, 25, 1, 0, tzinfo=_UTC),  # Paris: 03:00 -> 02:00
            datetime.datetime(2026, 3, 29, 1, 0, tzinfo=_UTC),  # Paris: 02:00 -> 03:00
            datetime.datetime(2026, 11, 1, 5, 0, tzinfo=_UTC)]  # Miquelon


@settings(max_examples=300)
@given(st.sampled_from(["Europe/Paris", "America/Miquelon", "America/Martinique"]),
       st.sampled_from(_CHANGES),
       st.lists(st.tuples(st.integers(min_value=-12, max_value=12),
                          st.sampled_from([0, 0, 0, 30, 59]),
                          st.sampled_from([0, 0, 0, 1, 500000])), max_size=12))
def test_events_sorted_by_wall_clock_are_in_the_order_of_instants(
        zone_name: str, change: datetime.datetime, offsets: list[tuple[int, int, int]]) -> None:
    zone = ZoneInfo(zone_name)
    events = [Event(index, (change + datetime.timedelta(minutes=quarters * 15 + minutes,
                                                        microseconds=micro)).astimezone(zone),
                    True, "appel", "creancier")
              for index, (quarters, minutes, micro) in enumerate(offsets)]
    header = Case("d.yaml", "D-1", _PARTY, _PARTY, None, (), (), zone_name)
    reference = sorted(events, key=lambda event: (event.at.timestamp(), event.index))
    assert list(loader.with_events(header, events, "d.yaml", 1).events) == reference


def test_the_wall_clock_order_is_used_unless_an_hour_repeats(monkeypatch: Any) -> None:
    calls: list[Event] = []

    def order(event: Event) -> Any:
        calls.append(event)
        return (event.at, event.index)

    monkeypatch.setattr(loader, "_WALL_CLOCK_ORDER", order)
    zone = ZoneInfo("Europe/Paris")
    first, second = (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=_UTC).astimezone(zone),
                     datetime.datetime(2026, 10, 25, 1, 10, tzinfo=_UTC).astimezone(zone))
    assert (first.fold, second.fold, second < first) == (0, 1, True)  # 02:30, then 02:10 again
    header = Case("d.yaml", "D-1", _PARTY, _PARTY, None, (), (), "Europe/Paris")
    plain = [Event(0, first, True, "appel", "creancier")]
    loader.with_events(header, plain, "d.yaml", 1)
    assert calls == plain
    calls.clear()
    repeated = [Event(0, second, True, "appel", "creancier"), *plain]
    assert [e.at for e in loader.with_events(header, repeated, "d.yaml", 1).events] == [
        first, second]
    assert calls == []
