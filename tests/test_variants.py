"""Typography does not change the verdict: case, accents, apostrophes and spaces."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine import check_letter, parse_letter
from checker.rules.loader import load_rules
from tests.conftest import SAMPLES

RULESET = load_rules()
TODAY = datetime.date(2026, 11, 23)
LETTERS = sorted(p for p in SAMPLES.glob("*.md") if not p.name.upper().startswith("README"))
CASE_SENSITIVE = {"TON-MAJUSCULES"}
"""Shouting is about capitals: the one rule whose verdict depends on case by design."""


def findings(name: str, text: str, ignore: set[str]) -> Counter[str]:
    report = check_letter(parse_letter(name, text), RULESET, {}, TODAY)
    return Counter(f.rule for f in report.findings if f.rule not in ignore)


def split(text: str) -> tuple[str, str]:
    """Front matter (kept as is: it is data, not prose) and body."""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        return text[:end], text[end:]
    return "", text


def apostrophes(body: str, curly: bool) -> str:
    return body.replace("'", "’") if curly else body.replace("’", "'")


def spaces(body: str, kind: int) -> str:
    """Double spaces, or non-breaking spaces, or narrow non-breaking spaces between words."""
    replacement = ["  ", "\u00a0", "\u202f"][kind]
    lines = body.split("\n")
    return "\n".join(line if line.lstrip().startswith(("|", "-", "#", "*")) or line[:1] == " "
                     else line.replace(" ", replacement) for line in lines)


def strip_accents_of_words(body: str, words: list[str]) -> str:
    import unicodedata

    for word in words:
        bare = "".join(c for c in unicodedata.normalize("NFD", word)
                       if unicodedata.category(c) != "Mn")
        body = body.replace(word, bare)
    return body


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(LETTERS), curly=st.booleans(), kind=st.integers(0, 2))
def test_apostrophes_and_spaces_do_not_change_findings(path: Path, curly: bool,
                                                       kind: int) -> None:
    head, body = split(path.read_text(encoding="utf-8"))
    base = findings(path.name, head + body, set())
    varied = findings(path.name, head + spaces(apostrophes(body, curly), kind), set())
    assert varied == base


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(LETTERS), upper=st.booleans())
def test_case_does_not_change_findings_except_shouting(path: Path, upper: bool) -> None:
    head, body = split(path.read_text(encoding="utf-8"))
    lines = body.split("\n")
    varied_lines = [(line.upper() if upper else line.lower()) if i % 3 == 1 else line
                    for i, line in enumerate(lines)]
    base = findings(path.name, head + body, CASE_SENSITIVE)
    varied = findings(path.name, head + "\n".join(varied_lines), CASE_SENSITIVE)
    assert varied == base


@settings(max_examples=30, deadline=None)
@given(path=st.sampled_from(LETTERS))
def test_missing_accents_do_not_change_findings(path: Path) -> None:
    head, body = split(path.read_text(encoding="utf-8"))
    accented = sorted({w for w in body.split() if any(c in "éèêàùçôîâëïü" for c in w)})
    base = findings(path.name, head + body, set())
    varied = findings(path.name, head + strip_accents_of_words(body, accented), set())
    assert varied == base
