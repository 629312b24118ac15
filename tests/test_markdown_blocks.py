"""The fast block splitter agrees with markdown-it-py wherever it answers, and answers often."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.letters.markdown_blocks import full_blocks, plain_blocks

SAMPLES = Path(__file__).resolve().parent.parent / "letters_samples"


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", source)]


def _both(source: str) -> tuple[object, object]:
    starts = _line_starts(source)
    return plain_blocks(source, starts), full_blocks(source, starts)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.md")), ids=lambda p: p.name)
def test_samples_agree(path: Path) -> None:
    fast, full = _both(path.read_text(encoding="utf-8"))
    assert fast is None or fast == full


def test_fast_path_takes_most_sample_letters() -> None:
    """Without this the agreement tests above could pass with a splitter that always declines."""
    letters = [p for p in SAMPLES.glob("*.md") if p.name != "README.md"]
    taken = [p for p in letters if plain_blocks(text := p.read_text(encoding="utf-8"),
                                                _line_starts(text)) is not None]
    assert len(taken) >= 0.8 * len(letters)


@pytest.mark.parametrize("source, kinds", [
    ("---\ntype: relance\n---\n# Objet\nMadame,\n\nligne 1\nligne 2\n- item\nsuite\n- item 2\n",
     ["heading", "paragraph", "paragraph", "paragraph", "paragraph"]),
    ("Madame,\n\n\n\nMerci.", ["paragraph", "paragraph"]),
    ("#Objet\n####### sept\n", ["paragraph"]),
    ("---\n---\nTexte", ["paragraph"]),
    ("", []),
])
def test_fast_path_blocks(source: str, kinds: list[str]) -> None:
    fast, full = _both(source)
    assert fast is not None and fast == full
    assert [b.kind for b in fast[1]] == kinds


@pytest.mark.parametrize("source, kinds", [
    ("| Élément | Montant |\n|---|--:|\n| Principal | 486,00\u00a0€ |\n| Total | 490,08 € |\n",
     ["table_row", "table_row", "table_row"]),
    ("Décompte :\n\n|a|b|\n| :-: | --- |\n\nMerci.", ["paragraph", "table_row", "paragraph"]),
    ("| a | b\n|---|---\n| c\n", ["table_row", "table_row"]),
])
def test_fast_path_tables(source: str, kinds: list[str]) -> None:
    """Plain pipe tables (the usual breakdown of a claim) stay on the fast path."""
    fast, full = _both(source)
    assert fast is not None and fast == full
    assert [b.kind for b in fast[1]] == kinds


@pytest.mark.parametrize("source", [
    "| a | b |\n|---|\n", "| a \\| b |\n|---|\n", "Texte\n| a |\n|---|\n",
    "| a |\n|---|\n- item\n", "|\n| |\n", "| a |\n||\n", "| a |\n|---||---|\n",
    "| a |\u00a0\n|---|\n",
    "Texte\n    code\n", "> cité\n", "```\nx\n```\n", "<!-- amiable: ignore -->\n", "a | b\n",
    "1. premier\n", "Titre\n===\n", "Titre\n-\n", "***\n", "- \n", "-\tx\n", "- > q\n",
    "- 1. x\n", "[a]: http://x\n", "a\r\nb\n", "---\nx: 1\n", "---x\n", "---\n  ---\n---\n",
])
def test_fast_path_declines_what_it_does_not_know(source: str) -> None:
    assert plain_blocks(source, _line_starts(source)) is None


_SIMPLE = [
    "", " ", "\t", "Madame, Monsieur,", "Nous vous prions de régler 1 200,00 €.", "# Objet",
    "## Relance", "#sans espace", "####### sept", "- Principal : 1 000 €", "* Intérêts",
    "+ Indemnité", "-10 % de remise", "*Objet* : facture", "**Important**", "12 factures",
    "\u00a0insécable", "texte # dièse", "=x", "...",
]
"""Lines the fast path knows: any document made of them alone must take it."""
_TRICKY = [
    "1. premier", "2) second", "> citation", "    code indenté", "  deux espaces", "```", "~~~",
    "<!-- amiable: ignore TON-INSULTE -->", "<div>", "| a | b |", "|---|---|", "---", "***",
    "___", "- - -", "===", "-", "--", "=", "[ref]: http://exemple.fr", "- ", "-\titem",
    "-  deux espaces", "- # titre", "- 1. imbriqué", "Texte avec | barre", "- - x",
    "|:--|--:|", "| x |", "|a|b|c|", "| --- | :-: |", "|-|", "| a \\| b |", "|", "| |",
    "| a | b", "|--- | ---", "| x |\u00a0", "|---|---|---|",
]
_FRONT = st.sampled_from(["", "---\ntype: relance\n---\n", "---\n---\n", "--- \na: 1\n...\n",
                          "---\nb: 2\n-----\n"])


@settings(max_examples=300, deadline=None)
@given(_FRONT, st.lists(st.sampled_from(_SIMPLE), max_size=16), st.booleans())
def test_simple_documents_take_the_fast_path(front: str, lines: list[str], newline: bool) -> None:
    fast, full = _both(front + "\n".join(lines) + ("\n" if newline else ""))
    assert fast is not None and fast == full


@settings(max_examples=300, deadline=None)
@given(_FRONT, st.lists(st.sampled_from(_SIMPLE * 3 + _TRICKY), max_size=12), st.booleans())
def test_generated_documents_agree(front: str, lines: list[str], newline: bool) -> None:
    fast, full = _both(front + "\n".join(lines) + ("\n" if newline else ""))
    assert fast is None or fast == full


_CELL = st.sampled_from(["a", " Principal ", "486,00\u00a0€", "", " ", "**Total**", "x | y"])
_DELIMITER_CELLS = st.sampled_from(["---", ":--", "--:", ":-:", " - ", "", "-", ": -"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=4), st.lists(_DELIMITER_CELLS, min_size=1, max_size=4),
       st.lists(st.lists(_CELL, max_size=5), max_size=4), st.booleans(), st.booleans(),
       st.sampled_from(["", "Madame,\n\n", "Madame,\n", "- item\n\n"]),
       st.sampled_from(["", "\n\nMerci.", "\nMerci.", "\n- item"]))
def test_generated_tables_agree(header: list[str], delimiter: list[str], body: list[list[str]],
                                closed: bool, open_delimiter: bool, before: str,
                                after: str) -> None:
    def row(cells: list[str], closing: bool) -> str:
        return "|" + "|".join(cells) + ("|" if closing else "")

    rows = [row(header, closed), row(delimiter, not open_delimiter)]
    rows += [row(cells, closed) for cells in body]
    fast, full = _both(before + "\n".join(rows) + after)
    assert fast is None or fast == full
    if fast is None and not before.endswith(",\n") and after[:2] not in ("\nM", "\n-") \
            and len(header) == len(delimiter) and "" not in delimiter and " - " not in delimiter \
            and ": -" not in delimiter and not any("|" in cell for cell in header) \
            and (closed or header[-1].strip()):
        raise AssertionError("a plain table left the fast path")
