"""The shortcuts the case kinds take on every event give what the general code gives.

`number_on` and `raw_on` stand for `CaseContext.params_at(day).number/raw`, `Selector` for the
`events` filter written in a rule, `french_date` for strftime("%d/%m/%Y").
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cases.model import Event
from checker.kinds.case_base import (
    CaseContext,
    french_date,
    matches,
    number_on,
    raw_on,
    selector,
)
from checker.rules.loader import RuleSet

_DAYS = [datetime.date(2000, 1, 1) + datetime.timedelta(days=d) for d in range(0, 10000, 37)]


def test_parameters_read_by_day_are_those_of_the_view(ruleset: RuleSet) -> None:
    params = ruleset.data.params
    ctx = CaseContext(params, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    numeric = 0
    for name, param in params.items():
        raw = raw_on(ctx, {"param": name})
        numbers = {}
        if all(isinstance(dated.value, int | float) for dated in param.values):
            numeric += 1
            numbers = {factor: number_on(ctx, {"param": name, "factor": factor} if factor != 1
                                         else {"param": name}) for factor in (1, 0.5, 12)}
        for day in [*_DAYS, *(dated.start for dated in param.values),
                    *(dated.start - datetime.timedelta(days=1) for dated in param.values)]:
            view = ctx.params_at(day)
            assert raw(day) == view.raw({"param": name})
            for factor, number in numbers.items():
                spec = {"param": name, "factor": factor} if factor != 1 else {"param": name}
                assert number(day) == view.number(spec)
    assert numeric >= 5
    assert number_on(ctx, 7)(datetime.date(2026, 1, 1)) == ctx.params_at(_DAYS[0]).number(7)
    assert number_on(ctx, 2.5)(datetime.date(2026, 1, 1)) == 2.5


@given(st.dates())
def test_french_date_is_strftime(day: datetime.date) -> None:
    assert french_date(day) == day.strftime("%d/%m/%Y")


def _written(event: Event, spec: dict[str, list[str]] | None) -> bool:
    """The filter as the rule format defines it, read from the dict each time."""
    if not spec:
        return True
    return ((not spec.get("kinds") or event.kind in spec["kinds"])
            and (not spec.get("by") or event.by in spec["by"])
            and (not spec.get("to") or event.to in spec["to"])
            and (not spec.get("stage") or event.stage in spec["stage"]))


_KIND = st.sampled_from(["appel", "email", "lrar", "paiement"])
_BY = st.sampled_from(["creancier", "agence", "debiteur"])
_TO = st.sampled_from(["debiteur", "avocat", "employeur"])
_STAGE = st.sampled_from([None, "relance", "mise_en_demeure"])


@settings(max_examples=300)
@given(st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "kinds": st.lists(_KIND, max_size=2), "by": st.lists(_BY, max_size=2),
    "to": st.lists(_TO, max_size=2), "stage": st.lists(_STAGE, max_size=2)})),
    _KIND, _BY, _TO, _STAGE)
def test_selector_agrees_with_the_written_filter(spec: dict[str, Any] | None, kind: str, by: str,
                                                 to: str, stage: str | None) -> None:
    moment = datetime.datetime(2026, 1, 8, 10, 15, tzinfo=datetime.UTC)
    event = Event(0, moment, True, kind, by, to, stage)
    assert matches(event, selector(spec)) is _written(event, spec)
