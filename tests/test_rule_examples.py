"""Every rule proves itself: it fires on each `fail` example and stays silent on each `pass`."""

from __future__ import annotations

import pytest

from checker.rules.loader import RuleSet, load_rules
from checker.rules_commands import example_fires

RULES = load_rules().rules


def test_every_rule_has_pass_and_fail_examples() -> None:
    for rule in RULES:
        assert rule.pass_examples, f"{rule.id} has no pass example"
        assert rule.fail_examples, f"{rule.id} has no fail example"


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_examples(rule_id: str, ruleset: RuleSet) -> None:
    rule = ruleset.get(rule_id)
    assert rule is not None
    for index, example in enumerate(rule.fail_examples, 1):
        assert example_fires(rule, example, ruleset), f"{rule_id} silent on fail example {index}"
    for index, example in enumerate(rule.pass_examples, 1):
        assert not example_fires(rule, example, ruleset), f"{rule_id} fires on pass example {index}"


def test_every_basis_kind_is_honest_about_practice() -> None:
    """A rule whose only basis is practice or policy cannot be an error without saying so."""
    for rule in RULES:
        kinds = {b.kind for b in rule.basis}
        assert kinds, rule.id
        if kinds <= {"pratique", "politique_interne"} and rule.severity == "error":
            assert any(b.note for b in rule.basis), f"{rule.id}: practice-only error needs a note"
