"""`metric`: a measure (deadline in days, words in capitals, exclamation marks) against bounds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import (Context, Hit, PackData, PrepareError, check_param_refs, compare,
                                format_number)
from checker.letters.facts import Deadline
from checker.letters.normalize import normalize_phrase

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule

Measure = Callable[[Any, "Letter", Context], Iterator[tuple[int, int, float]]]

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TWO_CAPS_WORDS = re.compile(r"[^\W\d_a-zà-ÿ]{2,}[\s,;:'’-]+[^\W\d_a-zà-ÿ]{2,}")
_BANGS = re.compile(r"!(?:[ \t]*!)*")


def _deadlines(_prepared: Any, letter: Letter, _ctx: Context) -> Iterator[tuple[int, int, float]]:
    for fact in letter.facts_of("deadline"):
        value = fact.value
        if isinstance(value, Deadline) and value.days is not None:
            yield fact.start, fact.end, float(value.days)


def _uppercase_runs(sigles: frozenset[str], letter: Letter,
                    ctx: Context) -> Iterator[tuple[int, int, float]]:
    """Runs of words in capitals inside the body's paragraphs.

    Headings, the subject line and the letter head (addresses, often in capitals, before the
    greeting) are not shouting; nor are acronyms (lexicon `sigles`). Single letters, numbers and
    acronyms neither count nor break a run.
    """
    skip = letter.heading_lines() | ctx.layout.subject_lines(letter)
    greeting, _ = ctx.layout.place_line(letter, "after_greeting")
    for block in letter.body_blocks:
        if block.kind == "heading" or block.last_line < greeting:
            continue
        text = letter.source[block.start:block.end]
        if not _TWO_CAPS_WORDS.search(text):
            continue
        run: list[tuple[int, int]] = []
        for match in _WORD.finditer(text):
            word = match.group()
            line, _ = letter.line_col(block.start + match.start())
            letters = [c for c in word if c.isalpha()]
            neutral = len(letters) < 2 or normalize_phrase(word) in sigles or line in skip
            if neutral:
                continue
            if word.isupper():
                run.append((block.start + match.start(), block.start + match.end()))
                continue
            if run:
                yield run[0][0], run[-1][1], float(len(run))
            run = []
        if run:
            yield run[0][0], run[-1][1], float(len(run))


def _exclamations(_prepared: Any, letter: Letter,
                  _ctx: Context) -> Iterator[tuple[int, int, float]]:
    text = letter.norm.text
    for match in _BANGS.finditer(text):
        start, end = letter.to_original(match.start(), match.end())
        yield start, end, float(match.group().count("!"))


class Metric:
    name: ClassVar[str] = "metric"

    def prepare(self, rule: Rule, pack: PackData) -> tuple[Measure, Any]:
        for op, spec in rule.check["when"].items():
            check_param_refs(spec, pack, ("when", op))
        measure = rule.check["measure"]
        if measure == "uppercase_run":
            if "sigles" not in pack.lexicons:
                raise PrepareError(("measure",), "la mesure uppercase_run exige le lexique « sigles »")
            sigles = frozenset(normalize_phrase(t) for t in pack.lexicons["sigles"].terms)
            return (lambda _p, letter, ctx: _uppercase_runs(sigles, letter, ctx)), None
        return {"deadline_days": _deadlines, "exclamation_run": _exclamations}[measure], None

    def run(self, rule: Rule, prepared: tuple[Measure, Any], letter: Letter,
            ctx: Context) -> list[Hit]:
        measure, data = prepared
        hits = []
        for start, end, value in measure(data, letter, ctx):
            fires, limit = compare(value, rule.check["when"], ctx.params)
            if fires:
                hits.append(Hit(start, end, {
                    "value": format_number(value),
                    "limit": format_number(limit) if limit is not None else "",
                }))
        return hits
