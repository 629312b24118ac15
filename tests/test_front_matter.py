"""Simple front matter read without PyYAML gives what the YAML reader gives, or declines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.letters.metadata import simple_front_matter
from checker.yamlsrc import load_all


def _yaml(text: str, first_line: int) -> tuple[object, dict]:
    docs = load_all(text, "lettre.md", line_offset=first_line - 1)
    return docs[0].value, docs[0].lines


def test_a_usual_front_matter_is_read_directly() -> None:
    text = "type: mise_en_demeure\ndate: 2026-03-02\n\nsender:  agence \ndebtor: particulier"
    doc = simple_front_matter(text, "lettre.md", 2)
    assert doc is not None
    assert (doc.value, doc.lines) == _yaml(text, 2)
    assert doc.value["date"] == "2026-03-02" and doc.lines[("sender",)] == (5, 10)


def test_an_impossible_date_stays_the_text_written() -> None:
    doc = simple_front_matter("date: 2026-02-30", "lettre.md", 2)
    assert doc is not None and (doc.value, doc.lines) == _yaml("date: 2026-02-30", 2)


def test_what_yaml_reads_differently_is_left_to_yaml() -> None:
    for text in ("debtor: no", "on: relance", "type: null", "type: 'relance'", "type: relance # x",
                 "type:\trelance", "type: relance\ntype: relance", "  type: relance", "- relance",
                 "date: 2026-3-2", "type: Relance", "", "\n  \n"):
        assert simple_front_matter(text, "lettre.md", 2) is None, text


_KEYS = st.sampled_from(["type", "date", "sender", "debtor", "channel", "on", "no", "a_b", "Type"])
_VALUES = st.sampled_from(["relance", "mise_en_demeure", "lrar", "2026-03-02", "2026-02-30",
                           "no", "off", "true", "null", "~", "12", "2026-3-2", "'lrar'",
                           "lrar # commentaire", "a b", "x_y"])
_LINE = st.one_of(st.tuples(_KEYS, st.sampled_from([": ", ":  ", ":", ":\t"]), _VALUES,
                            st.sampled_from(["", " ", "  "])).map("".join),
                  st.sampled_from(["", " ", "# note"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6), st.integers(min_value=2, max_value=4))
def test_generated_front_matter_agrees_with_yaml(lines: list[str], first_line: int) -> None:
    text = "\n".join(lines)
    doc = simple_front_matter(text, "lettre.md", first_line)
    if doc is not None:
        assert (doc.value, doc.lines) == _yaml(text, first_line)
