"""Holiday tables come from the cache exactly as the `holidays` library gives them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from checker.cases import public_holidays
from checker.cases.places import holiday_subdivision

_SUBDIVISIONS = sorted({holiday_subdivision(code) for code in (
    "69007", "57000", "67000", "68100", "97110", "97133", "97150", "97200", "97300", "97400",
    "97500", "97600", "98600", "98700", "98800")}, key=str)


def test_cached_tables_are_the_library_tables(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("AMIABLE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AMIABLE_NO_CACHE", raising=False)
    assert len(_SUBDIVISIONS) >= 8
    expected = {(year, place): public_holidays.from_library(year, place)
                for year in (2019, 2026) for place in _SUBDIVISIONS}
    assert expected[(2026, "57")][datetime.date(2026, 12, 26)] == "Saint Stephen's Day"
    for (year, place), days in expected.items():
        assert public_holidays.holidays_of(year, place) == days  # computed, then stored

    def unavailable(year: int, subdivision: str | None) -> dict[datetime.date, str]:
        raise AssertionError("library used")

    monkeypatch.setattr(public_holidays, "from_library", unavailable)
    for (year, place), days in expected.items():
        assert public_holidays.holidays_of(year, place) == days  # from the cache
    with pytest.raises(AssertionError, match="library used"):
        public_holidays.holidays_of(2031, None)  # not cached yet


def test_without_the_cache_the_library_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMIABLE_NO_CACHE", "1")
    asked: list[int] = []

    def library(year: int, subdivision: str | None) -> dict[datetime.date, str]:
        asked.append(year)
        return {}

    monkeypatch.setattr(public_holidays, "from_library", library)
    public_holidays.holidays_of(2026, None)
    public_holidays.holidays_of(2026, None)
    assert asked == [2026, 2026]


def test_each_year_and_place_has_its_own_key() -> None:
    keys = {public_holidays._key(year, place) for year in (2025, 2026) for place in (None, "57")}
    assert None not in keys and len(keys) == 4
