"""The samples produce exactly the findings listed in letters_samples/expected.yaml.

Letters and case files are checked together, as `amiable check letters_samples/` does: a letter
attached to a case file is judged through it. Case files are judged as of a fixed moment so that
rules about what is about to happen (prescription nearing) give stable results.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter

import pytest
import yaml

from checker.batch import check_paths
from checker.model import FileReport
from checker.report import RunResult
from checker.rules.loader import RuleSet
from tests.conftest import SAMPLES

EXPECTED: dict[str, list[str]] = yaml.safe_load(
    (SAMPLES / "expected.yaml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 11, 23)
AT = "2026-11-23T12:00"


@pytest.fixture(scope="module")
def run(ruleset: RuleSet) -> RunResult:
    return check_paths([str(SAMPLES)], ruleset, {}, TODAY, AT)


@pytest.fixture(scope="module")
def by_name(run: RunResult) -> dict[str, FileReport]:
    return {os.path.relpath(os.path.realpath(r.path), os.path.realpath(SAMPLES)): r
            for r in run.files}


def test_every_sample_has_an_expectation_and_the_reverse(run: RunResult,
                                                         by_name: dict[str, FileReport]) -> None:
    assert run.errors == []
    assert sorted(by_name) == sorted(EXPECTED)
    assert sum(1 for r in run.files if r.kind == "letter") >= 30
    assert sum(1 for r in run.files if r.kind == "case") >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_findings_are_exactly_the_expected_ones(name: str,
                                                       by_name: dict[str, FileReport]) -> None:
    found = sorted(f.rule for f in by_name[name].findings)
    assert Counter(found) == Counter(EXPECTED[name] or []), (
        f"{name}: found {found}, expected {sorted(EXPECTED[name] or [])}")


def test_samples_cover_every_rule(ruleset: RuleSet) -> None:
    covered = {rule for ids in EXPECTED.values() for rule in (ids or [])}
    uncovered = {r.id for r in ruleset.rules} - covered
    assert uncovered <= {"CAS-PRESCRIPTION-PROCHE"}, uncovered


def test_compliant_samples_have_no_error_or_warning(by_name: dict[str, FileReport]) -> None:
    compliant = [n for n in EXPECTED if "conforme" in n and "non-conforme" not in n]
    assert compliant
    for name in compliant:
        assert [f.rule for f in by_name[name].findings if f.severity != "info"] == [], name


def test_a_valid_waiver_is_counted_not_dropped(by_name: dict[str, FileReport]) -> None:
    assert by_name["derogations/derogation-valide.md"].suppressed == {"TON-EXCLAMATION": 1}
