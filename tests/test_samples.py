"""The sample letters produce exactly the findings listed in letters_samples/expected.yaml."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest
import yaml

from checker.engine import check_file
from checker.files import collect
from checker.rules.loader import RuleSet
from tests.conftest import SAMPLES

EXPECTED: dict[str, list[str]] = yaml.safe_load(
    (SAMPLES / "expected.yaml").read_text(encoding="utf-8"))
FILES = [str(Path(p).relative_to(SAMPLES)) for p in collect([str(SAMPLES)])[0]]
TODAY = datetime.date(2026, 11, 23)


def test_every_sample_has_an_expectation_and_the_reverse() -> None:
    assert sorted(FILES) == sorted(EXPECTED)
    assert len(FILES) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_findings_are_exactly_the_expected_ones(name: str, ruleset: RuleSet) -> None:
    report = check_file(str(SAMPLES / name), ruleset, {}, TODAY)
    found = sorted(f.rule for f in report.findings)
    assert Counter(found) == Counter(EXPECTED[name] or []), (
        f"{name}: found {found}, expected {sorted(EXPECTED[name] or [])}")


def test_samples_cover_every_rule(ruleset: RuleSet) -> None:
    covered = {rule for ids in EXPECTED.values() for rule in (ids or [])}
    assert {r.id for r in ruleset.rules} - covered == set()


def test_compliant_samples_have_no_error_or_warning(ruleset: RuleSet) -> None:
    compliant = [name for name, ids in EXPECTED.items() if "conforme" in name and "non" not in name]
    assert compliant
    for name in compliant:
        report = check_file(str(SAMPLES / name), ruleset, {}, TODAY)
        assert [f.rule for f in report.findings if f.severity != "info"] == [], name
