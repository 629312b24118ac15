"""Shared fixtures: the loaded rule pack (once per session) and a CLI runner."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine import check_letter, parse_letter
from checker.model import FileReport
from checker.rules.loader import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "letters_samples"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_rules()


@pytest.fixture()
def check_text(ruleset: RuleSet) -> Callable[..., FileReport]:
    """Check a letter given as text (dedented), with metadata as keyword arguments."""

    def run(text: str, name: str = "lettre.md", **metadata: str) -> FileReport:
        letter = parse_letter(name, textwrap.dedent(text).lstrip("\n"))
        return check_letter(letter, ruleset, metadata, datetime.date(2026, 3, 2))

    return run


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `amiable ARGS` in-process; return exit code, stdout and stderr."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def rule_ids(report: FileReport) -> list[str]:
    return sorted(f.rule for f in report.findings)


@pytest.fixture(autouse=True, scope="session")
def _private_rule_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never write into the user's cache directory."""
    import os

    os.environ["AMIABLE_CACHE_DIR"] = str(tmp_path_factory.mktemp("amiable-cache"))
