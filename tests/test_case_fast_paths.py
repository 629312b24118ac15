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
