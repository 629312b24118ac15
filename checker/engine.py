"""Run a rule set over letters: pure functions from parsed input to findings."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from pathlib import Path

from checker.kinds.base import Context, Hit
from checker.letters.document import Letter
from checker.letters.metadata import resolve
from checker.letters.reader import read_letter
from checker.model import SEVERITY_RANK, FileReport, Finding, Rule
from checker.rules.data import ParamView
from checker.rules.loader import RuleSet

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=2048)
def _pieces(template: str) -> list[str]:
    """Text and placeholder names alternating (names at odd indices)."""
    return _PLACEHOLDER.split(template)


def render(template: str, values: dict[str, str]) -> str:
    """Fill `{name}` placeholders a check provides; unknown ones are left as written."""
    pieces = _pieces(template)
    if len(pieces) == 1:
        return template
    return "".join(piece if i % 2 == 0 else values.get(piece, "{" + piece + "}")
                   for i, piece in enumerate(pieces))


def parse_letter(path: str, text: str, line_blocks: bool = False) -> Letter:
    return Letter(path, text, markdown=Path(path).suffix.lower() in (".md", ".markdown"),
                  line_blocks=line_blocks)


def _finding(rule: Rule, hit: Hit, letter: Letter) -> Finding:
    line, column = letter.line_col(hit.start)
    end_line, end_column = letter.line_col(hit.end)
    fix = render(rule.fix, hit.values)
    if "place" in hit.values and "{place}" not in rule.fix:
        fix = f"À ajouter {hit.values['place']} : {fix}"
    return Finding(
        rule=rule.id, category=rule.category, severity=rule.severity,
        message=render(rule.message, hit.values),
        line=line, column=column, end_line=end_line, end_column=end_column,
        excerpt=letter.line_text(line).rstrip(), basis=rule.basis, fix=fix,
    )


def check_letter(letter: Letter, ruleset: RuleSet, overrides: dict[str, str],
                 today: datetime.date, only: set[str] | None = None,
                 fallbacks: dict[str, str] | None = None) -> FileReport:
    """Every finding of the rules in force on the letter's date that apply to it."""
    letter.present = ruleset.literals.present(letter.norm.text)
    letter.metadata = resolve(letter, ruleset.layout, overrides, today, fallbacks)
    day = letter.metadata.date
    ctx = Context(ParamView(ruleset.data.params, day), ruleset.layout)
    findings: list[Finding] = []
    for rule, run, prepared in ruleset.letter_checks_for(day, letter.metadata.values):
        if only is not None and rule.id not in only:
            continue
        for hit in run(rule, prepared, letter, ctx):
            findings.append(_finding(rule, hit, letter))
    findings.sort(key=lambda f: (f.line, f.column, SEVERITY_RANK[f.severity], f.rule))
    return FileReport(letter.path, "letter", letter.metadata, tuple(findings))


def check_file(path: str, ruleset: RuleSet, overrides: dict[str, str],
               today: datetime.date) -> FileReport:
    return check_letter(parse_letter(path, read_letter(path)), ruleset, overrides, today)
