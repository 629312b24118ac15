"""The fast case-file reader gives what the strict PyYAML reader gives, or declines.

`read_case_yaml` may return None for anything; when it returns a document, its values (with their
types: int, Decimal, bool, None, str) and its table of locations must be exactly those of
`load_one(text, path, strict=True)`, and that reader must not have refused the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker.cases.loader as loader
from checker.cases.fastyaml import read_case_yaml
from checker.errors import InputError
from checker.yamlsrc import load_one

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CASES = sorted((ROOT / "letters_samples" / "dossiers").rglob("dossier*.yaml"))


def _typed(value: Any) -> Any:
    """Values with their types, so that 1 == True == Decimal(1) do not hide a difference."""
    if isinstance(value, dict):
        return ("dict", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, str(value))


def _agree(text: str) -> bool:
    """Whether the fast reader took the text; fails if it read it differently."""
    fast = read_case_yaml(text, "d.yaml")
    if fast is None:
        return False
    slow = load_one(text, "d.yaml", strict=True)
    assert _typed(fast.value) == _typed(slow.value)
    assert fast.path == slow.path
    for at in [*slow.lines, ("nowhere",), ("events", 99, "at")]:
        assert fast.where(at) == slow.where(at), at
    assert fast.lines == slow.lines  # complete once a scalar was asked for
    return True


def test_the_sample_dossiers_are_read_fast_and_alike() -> None:
    assert len(SAMPLE_CASES) >= 30
    for path in SAMPLE_CASES:
        text = loader.read_source(str(path))
        assert _agree(text), path


def test_every_yaml_file_of_the_repository_is_read_alike_or_declined() -> None:
    for path in sorted([*ROOT.glob("letters_samples/**/*.y*ml"), *ROOT.glob("rules/**/*.yaml")]):
        text = path.read_text(encoding="utf-8-sig")
        try:
            load_one(text, str(path), strict=True)
        except InputError:
            assert read_case_yaml(text, str(path)) is None, path
            continue
        _agree(text)


def test_parse_case_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With PyYAML's reader unavailable, the sample dossiers still load: the fast one read them."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("PyYAML reader used")

    monkeypatch.setattr(loader, "load_one", refuse)
    for path in SAMPLE_CASES:
        assert loader.load_case(str(path)).events is not None


def test_a_usual_case_file() -> None:
    text = ("# a comment\ndossier: D-1\n"
            "creditor: {name: Atelier Mercier SARL, kind: professionnel}\n"
            'debtor:\n  name: Jeanne Roux\n  kind: particulier\n  postal_code: "69007"\n'
            "claims:\n- {ref: F-1, amount: 1840.00, issued: 2025-12-01, due: 2025-12-31}\n"
            "events:\n  - {at: 2026-01-08T10:15, kind: appel, note: 'l''appel'}\n"
            "  - at: \"2026-01-09\"\n    kind: echeancier\n"
            "    installments: [{due: 2026-02-01, amount: 10}, {due: 2026-03-01, amount: 10.5}]\n"
            "  -   {}   # nothing\n")
    assert _agree(text)
    doc = read_case_yaml(text, "d.yaml")
    assert doc is not None
    assert doc.where(("events", 1, "installments", 1, "amount")) == (14, 77)
    assert doc.value["events"][0]["note"] == "l'appel"


def test_event_scalars_are_located_only_when_asked_for() -> None:
    text = "dossier: D-1\nevents:\n  - {at: 2026-01-08, kind: appel}\n"
    doc = read_case_yaml(text, "d.yaml")
    assert doc is not None
    assert doc.lines == {(): (1, 1), ("dossier",): (1, 10), ("events",): (3, 3),
                         ("events", 0): (3, 5)}
    assert doc.where(("events", 0)) == (3, 5)
    assert ("events", 0, "kind") not in doc.lines
    assert doc.where(("events", 0, "kind")) == (3, 28)
    assert doc.lines == load_one(text, "d.yaml", strict=True).lines
    assert doc.error(("events", 0, "at"), "x").column == 10


@pytest.mark.parametrize("text", [
    "dossier: D-1\ndossier: D-2\n",  # duplicate key
    "events:\n  - {at: 2026-01-08, at: 2026-01-09}\n",  # duplicate key in a flow mapping
    "a: 10:15\n", "a: no\n", "a: 01000\n", "a: 1_840\n", "a: 2026-01-08 10:15\n", "a: !!int 3\n",
    "{a: 1}\n", "a: &x 1\nb: *x\n", "a: b # note\n", "a:\n  b\n", "a: |\n  b\n",
    "a: 'b\n  c'\n", "a: \"b\\tc\"\n", "a: {b: 1,\n  c: 2}\n", "a:\tb\n", "a: b\r\n", "  a: b\n",
    "---\na: b\n", "a:\nb: c\n", "a: {b: }\n", "a: [b, ]\n", "a: x: y\n", "yes: 1\n",
    "a:\n  - b\n  c: d\n", "a: b\n   c\n", "? a\n: b\n", "a: @b\n", "a: \u2028\n", "a: [\n",
    "a: {\n", "a: [b,\n", "a: {b: [\n", "a: \"b\n",
])
def test_what_it_does_not_read_is_left_to_pyyaml(text: str) -> None:
    assert read_case_yaml(text, "d.yaml") is None


_KEY = st.sampled_from(["at", "kind", "note", "amount", "due", "by", "to", "stage", "name", "ref",
                        "a_b", "x1", "Kind"] * 20 + ["yes", "null", "true", "Off", "0", "on", "n"])
_SAFE = ["appel", "Jeanne Roux", "2026-01-08", "2026-01-08T10:15", "2026-01-08T10:15+01:00",
         "1840.00", "1840", "-5", "+3", ".5", "1e3", "0", "~", "null", "Null", "true", "False",
         "a b  c", "a:b", "a::b", "a#b", "é à", "l'appel", "\"quoted\"", "\"q: 1, b\"",
         "'single'", "'it''s'", "\"\"", "''", "[]", "{}", "[a, b]", "{x: 1}", "{x: [1, 2]}",
         "[{x: 1}, {y: 2}]", "a,b", "a]", "a}", "x \u00e9\U0001f600", ".inf", ".nan", "1.2.3",
         "2026-02-30", "12,50", "0x1F", "0o17", "-", "a ", "\"2026-01-08T10:15\""]
_TRICKY = ["10:15", "1_840", "01000", "no", "YES", "off", "2026-01-08 10:15", "a: b", "a #b",
           "\"a\\\"b\"", "!!str x", "!x y", "&a b", "*a", "- x", "?x", "? x", ":x", "%x", "@x",
           "`x`", "|", ">", "{a: 1, a: 2}", " a", "", "\t", "a\u2028b", "\"a\u0085\"", "[", "{",
           "[a", "[a,", "{a: 1", "{a: 1,", "\"a", "'a", "{a: [", "[{"]
_SCALAR = st.sampled_from(_SAFE * 20 + _TRICKY)
_GAP = st.sampled_from(["", " ", "  "])


def _flow(pairs: list[tuple[str, str]], gaps: list[str]) -> str:
    inner = ", ".join(f"{key}:{gaps[i % len(gaps)] or ' '}{value}"
                      for i, (key, value) in enumerate(pairs))
    return "{" + gaps[0] + inner + gaps[-1] + "}"


_FLOW = st.builds(_flow, st.lists(st.tuples(_KEY, _SCALAR), max_size=4),
                  st.lists(_GAP, min_size=1, max_size=3))
_VALUE = st.one_of(_SCALAR, _FLOW)


@st.composite
def _document(draw: st.DrawFn) -> str:
    """A case-file-like text: top-level keys with scalar, flow, block-mapping or list values."""
    lines: list[str] = []
    for key in draw(st.lists(_KEY, min_size=1, max_size=5, unique=True)):
        shape = draw(st.sampled_from(["inline", "mapping", "list", "comment", "blank"]))
        if shape == "inline":
            lines.append(f"{key}:{draw(st.sampled_from([' ', '  ']))}{draw(_VALUE)}")
        elif shape == "mapping":
            indent = " " * draw(st.integers(min_value=1, max_value=3))
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                lines.append(f"{indent}{draw(_KEY)}: {draw(_VALUE)}")
        elif shape == "list":
            indent = " " * draw(st.integers(min_value=0, max_value=3))
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                if draw(st.booleans()):
                    lines.append(f"{indent}-{draw(st.sampled_from([' ', '  ']))}{draw(_VALUE)}")
                else:
                    lines.append(f"{indent}- {draw(_KEY)}: {draw(_VALUE)}")
                    lines.append(f"{indent}  {draw(_KEY)}: {draw(_VALUE)}")
        elif shape == "comment":
            lines.append(draw(st.sampled_from(["# note", "  # indented note", "#"])))
        else:
            lines.append(draw(st.sampled_from(["", "  "])))
        if draw(st.integers(min_value=0, max_value=19)) == 0:
            lines.append(draw(st.sampled_from(["  stray: line", "   x", "- y", "..."])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=1500, deadline=None)
@given(_document())
def test_generated_documents_are_read_alike_or_declined(text: str) -> None:
    try:
        load_one(text, "d.yaml", strict=True)
    except InputError:
        assert read_case_yaml(text, "d.yaml") is None
        return
    _agree(text)


_EVENT_VALUE = st.sampled_from(["appel", "email", "2026-01-08", '"2026-01-08T10:15"', "relance",
                                "avocat", "15", "300.00", "Mme Roux", '"promet de rappeler"',
                                "'l''appel'"])
_EVENT_KEY = st.sampled_from(["at", "kind", "by", "to", "stage", "note", "amount",
                              "deadline_days", "received"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(_EVENT_KEY, _EVENT_VALUE, min_size=1, max_size=8), min_size=1,
                max_size=6),
       st.sampled_from(["", "  ", "    "]))
def test_usual_case_files_take_the_fast_path(events: list[dict[str, str]], indent: str) -> None:
    """Files written the usual way must not fall back to PyYAML: that would be correct but slow."""
    lines = ["dossier: D-1",
             "debtor: {name: Jeanne Roux, kind: particulier, postal_code: \"69007\"}", "events:"]
    lines += [f"{indent}- {{{', '.join(f'{k}: {v}' for k, v in event.items())}}}"
              for event in events]
    assert _agree("\n".join(lines) + "\n")
