"""`metric`: a measure (deadline in days, words in capitals, exclamation marks) against bounds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import (
    Context,
    Hit,
    PackData,
    PrepareError,
    check_param_refs,
    compare,
    format_number,
)
from checker.letters.facts import Deadline
from checker.letters.normalize import normalize_phrase

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule

Measure = Callable[[Any, "Letter", Context], Iterator[tuple[int, int, float]]]

_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_CAPS_WORD = rf"(?<![^\W\d_])[{_UPPER}]+(?:['’-][{_UPPER}]+)*(?![^\W\d_])"
_CAPS_ZONE = re.compile(rf"[{_UPPER}]{{2}}[^a-zß-öø-ÿœ\n]*")
"""Text with no lower-case letter and no line break, from two capitals on: a candidate run."""
_CAPS_WORDS = re.compile(_CAPS_WORD)
_LATIN1_CAPITALS = bytes(code for code in range(256) if re.fullmatch(f"[{_UPPER}]", chr(code)))
_CAPITALS_TO_A = bytes.maketrans(_LATIN1_CAPITALS, b"A" * len(_LATIN1_CAPITALS))
"""Latin-1 capitals to `A`, every other byte unchanged."""


def caps_zones(source: str, start: int) -> Iterator[tuple[int, int]]:
    """The spans `_CAPS_ZONE.finditer(source, start)` gives, found faster.

    `re` tries the pattern at every character, about 25 µs a letter; a bytes copy with every
    capital turned into `A` finds the two capitals that start a zone with one `bytes.find`.
    Œ and Ÿ are not Latin-1: a text holding one goes the regex way.
    """
    if "Œ" in source or "Ÿ" in source:
        yield from (found.span() for found in _CAPS_ZONE.finditer(source, start))
        return
    shape = source.encode("latin-1", "replace").translate(_CAPITALS_TO_A)
    at = shape.find(b"AA", start)
    while at >= 0:
        zone = _CAPS_ZONE.match(source, at)
        assert zone is not None
        yield zone.span()
        at = shape.find(b"AA", zone.end())
_BANGS = re.compile(r"!(?:[ \t]*!)*")


def _deadlines(_prepared: Any, letter: Letter, _ctx: Context) -> Iterator[tuple[int, int, float]]:
    """Deadlines still ahead; one already over is a consistency matter (deadline_after_letter)."""
    for fact in letter.facts_of("deadline"):
        value = fact.value
        if isinstance(value, Deadline) and value.days is not None and value.days > 0:
            yield fact.start, fact.end, float(value.days)


def _uppercase_runs(sigles: frozenset[str], letter: Letter,
                    ctx: Context) -> Iterator[tuple[int, int, float]]:
    """Runs of words in capitals inside the body's paragraphs.

    Headings, the subject line and the letter head (addresses, often in capitals, before the
    greeting) are not shouting; nor are acronyms (lexicon `sigles`). Single letters, numbers and
    acronyms neither count nor break a run. French capitals only (A-Z, accented, Œ, Ÿ).
    """
    skip = letter.heading_lines | ctx.layout.subject_lines(letter)
    first_line, _ = ctx.layout.place_line(letter, "after_greeting")
    source = letter.source
    for run_start, run_end in caps_zones(source, letter.line_starts[first_line - 1]):
        block = letter.block_at(run_start)
        if block is None or block.kind == "heading":
            continue
        words = [(m.start(), m.end()) for m in _CAPS_WORDS.finditer(source, run_start, run_end)
                 if m.end() - m.start() >= 2 and normalize_phrase(m.group()) not in sigles]
        if words and letter.line_col(words[0][0])[0] not in skip:
            yield words[0][0], words[-1][1], float(len(words))


def _exclamations(_prepared: Any, letter: Letter,
                  _ctx: Context) -> Iterator[tuple[int, int, float]]:
    text = letter.norm.text
    for match in _BANGS.finditer(text):
        start, end = letter.to_original(match.start(), match.end())
        yield start, end, float(match.group().count("!"))


MEASURES: dict[str, Measure] = {
    "deadline_days": _deadlines,
    "uppercase_run": _uppercase_runs,
    "exclamation_run": _exclamations,
}


class Metric:
    name: ClassVar[str] = "metric"

    def prepare(self, rule: Rule, pack: PackData) -> Any:
        for op, spec in rule.check["when"].items():
            check_param_refs(spec, pack, ("when", op))
        if rule.check["measure"] == "uppercase_run":
            if "sigles" not in pack.lexicons:
                raise PrepareError(("measure",),
                                   "la mesure uppercase_run exige le lexique « sigles »")
            return frozenset(normalize_phrase(t) for t in pack.lexicons["sigles"].terms)
        return None

    def run(self, rule: Rule, prepared: Any, letter: Letter, ctx: Context) -> list[Hit]:
        measure = MEASURES[rule.check["measure"]]
        hits = []
        for start, end, value in measure(prepared, letter, ctx):
            fires, limit = compare(value, rule.check["when"], ctx.params)
            if fires:
                hits.append(Hit(start, end, {
                    "value": format_number(value),
                    "limit": format_number(limit) if limit is not None else "",
                }))
        return hits
