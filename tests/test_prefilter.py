"""Literal prefilters and anchored matching give exactly what the plain regex gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine import parse_letter
from checker.kinds.prefilter import (
    LiteralIndex,
    Prefiltered,
    anchor_literals,
    collect,
    prefiltered,
    required_literals,
)
from checker.rules.loader import load_rules

SAMPLES = Path(__file__).resolve().parent.parent / "letters_samples"


@pytest.mark.parametrize("pattern, anchors", [
    (r"\b(inform|contact)[a-z]* votre employeur", ("contact", "inform")),
    (r"(?<!\w)(?:mise\s+en\s+demeure|acte d['’]huissier)(?!\w)", ("acte d", "mise")),
    (r"(?<!\w)(?:de[ \n]merde|escroc)", ("de\nmerde", "de merde", "escroc")),
    (r"^(madame|monsieur)\b", ("madame", "monsieur")),
    (r"\bmet(s|tons)? en demeure", ("met en demeure", "mets en demeure", "mettons en demeure")),
    (r"\b0 ?8[ .]?[19]", ("0 8 1", "0 8 9", "0 8.1", "0 8.9", "0 81", "0 89",
                          "08 1", "08 9", "08.1", "08.9", "081", "089")),
    (r"ab?c", ()),                      # too short before the optional part
    (r"[a-z]+ment", ()),                # starts with a class
    (r"(plainte|)", ()),                # an empty alternative
])
def test_anchor_literals(pattern: str, anchors: tuple[str, ...]) -> None:
    assert anchor_literals(pattern) == anchors


def test_required_literals_pick_the_longest_shortest() -> None:
    assert required_literals(r"\b(port|depos)[a-z]* plainte\b") == (" plainte",)
    assert required_literals(r"\w+") == ()


def _rule_matchers() -> list[Prefiltered]:
    ruleset = load_rules()
    prepared = [ruleset.prepared[rule.id] for rule in ruleset.letter_rules]
    return [m for m in collect(prepared) if m.anchors or m.literals]


def _spans(matcher: Prefiltered, text: str, present: frozenset[str] | None) -> list[tuple]:
    return [m.span() for m in matcher.finditer(text, present)]


def test_anchored_matching_agrees_on_every_sample_and_rule() -> None:
    matchers = _rule_matchers()
    assert sum(1 for m in matchers if m.anchors) >= 20, "anchors must actually be in use"
    index = LiteralIndex(matchers)
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix not in (".md", ".txt"):
            continue
        text = parse_letter(path.name, path.read_text(encoding="utf-8")).norm.text
        present = index.present(text)
        for matcher in matchers:
            expected = [m.span() for m in matcher.regex.finditer(text)]
            assert _spans(matcher, text, present) == expected, (path.name, matcher.pattern)
            assert _spans(matcher, text, None) == expected, (path.name, matcher.pattern)
            first = matcher.search(text, present=present)
            assert (first.span() if first else None) == (expected[0] if expected else None)


_WORDS = st.sampled_from(["inform", "informer", "contact", "votre", "employeur", "vos", "a",
                          "de", "mise", "en", "demeure", "huissier", "acte", "d'huissier",
                          "xinform", "prendre", "madame", "monsieur", ",", ".", "\n", "  ",
                          "0", "8", "08", "1", "9", "081", "12", "3", "mets", "met"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30))
def test_anchored_matching_agrees_on_generated_text(words: list[str]) -> None:
    text = " ".join(words)
    for pattern in (r"\b(inform|contact)[a-z]* (a |de )?(votre|vos) employeur\b",
                    r"(?<!\w)(?:mise\s+en\s+demeure|acte d'huissier|huissier)(?!\w)",
                    r"^(madame|monsieur)\b[^\n]{0,20},?\s*$", r"(inform|informer)",
                    r"\b0 ?8[ .]?[129](?:[ .]?\d){2}\b", r"\bmet(s|tons)? en demeure\b"):
        matcher = prefiltered(pattern, re.MULTILINE)
        assert matcher.anchors
        expected = [m.span() for m in matcher.regex.finditer(text)]
        assert _spans(matcher, text, None) == expected
        assert [m.span() for m in matcher._anchored(text, None)] == expected  # noqa: SLF001
        index = LiteralIndex([matcher])
        assert _spans(matcher, text, index.present(text)) == expected
