"""`verbatim`: a legal text that must be reproduced, tolerant of typography and line breaks.

Both texts are normalised and split into words. A letter holding the text word for word (any
punctuation, line breaks or typography between the words) passes at once; otherwise its words
are searched for the stretch that best matches the legal text (difflib on word sequences). A
stretch matching at least half of the text counts as a reproduction: if it differs, the finding
names the missing or changed words at that place, in the letter's and the law's own spelling;
otherwise the text is missing and is reported where it belongs. A letter that does not even hold
half of the text's words (counted with their repeats) cannot have such a stretch, so it is
reported missing without an alignment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import Context, Hit, PackData, PrepareError
from checker.kinds.prefilter import Prefiltered, prefiltered
from checker.letters.normalize import NormalizedText, normalize

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule
    from checker.rules.data import LegalText

_WORDS = re.compile(r"[a-z0-9]+")
PRESENT_RATIO = 0.5


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A legal text folded once: its words, their spans, and a regex finding it word for word."""

    legal: NormalizedText
    spans: list[tuple[int, int]]
    words: list[str]
    counts: Counter[str]
    exact: Prefiltered
    """Tried only where the text's first word occurs (prefilter.py)."""


@lru_cache(maxsize=64)
def _wanted(value: str) -> _Wanted:
    legal = normalize(value)
    spans = [(m.start(), m.end()) for m in _WORDS.finditer(legal.text)]
    words = [legal.text[s:e] for s, e in spans]
    exact = prefiltered("(?<![a-z0-9])" + "[^a-z0-9]+".join(map(re.escape, words))
                        + "(?![a-z0-9])")
    return _Wanted(legal, spans, words, Counter(words), exact)


def _best_window(letter_words: list[str],
                 wanted: list[str]) -> tuple[int, int, SequenceMatcher[str]]:
    """Start, end (word indices) and matcher of the letter stretch most like `wanted`.

    The longest common run of words anchors the search; the stretch around it, half a text
    wide on each side, is then aligned and trimmed to its first and last matching word.
    """
    longest = SequenceMatcher(None, letter_words, wanted, autojunk=False).find_longest_match(
        0, len(letter_words), 0, len(wanted))
    if longest.size == 0:
        return 0, 0, SequenceMatcher(None, [], wanted, autojunk=False)
    slack = len(wanted) // 2
    low = max(0, longest.a - longest.b - slack)
    high = min(len(letter_words), longest.a + len(wanted) - longest.b + slack)
    window = letter_words[low:high]
    blocks = [b for b in SequenceMatcher(None, window, wanted, autojunk=False)
              .get_matching_blocks() if b.size]
    first, last = blocks[0], blocks[-1]
    trimmed = window[first.a:last.a + last.size]
    return low + first.a, low + last.a + last.size, SequenceMatcher(None, trimmed, wanted,
                                                                     autojunk=False)


def _shown(text: str) -> str:
    return " ".join(text.split())


def _changes(matcher: SequenceMatcher[str], letter: Letter, spans: list[tuple[int, int]],
             legal: NormalizedText, legal_spans: list[tuple[int, int]]) -> str:
    """The differences, quoted in the letter's and the law's own spelling."""

    def in_letter(i: int, j: int) -> str:
        first, last = letter.to_original(spans[i][0], spans[j - 1][1])
        return _shown(letter.source[first:last])

    def in_law(i: int, j: int) -> str:
        first, last = legal.span_to_original(legal_spans[i][0], legal_spans[j - 1][1])
        return _shown(legal.original[first:last])

    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace":
            changes.append(f"« {in_letter(a1, a2)} » au lieu de « {in_law(b1, b2)} »")
        elif op == "delete":
            changes.append(f"« {in_letter(a1, a2)} » en trop")
        elif op == "insert":
            changes.append(f"« {in_law(b1, b2)} » manquant")
    return " ; ".join(changes)


class Verbatim:
    name: ClassVar[str] = "verbatim"

    def prepare(self, rule: Rule, pack: PackData) -> list[LegalText]:
        texts = []
        for i, name in enumerate(rule.check["texts"]):
            if name not in pack.texts:
                known = ", ".join(sorted(pack.texts)) or "aucun"
                raise PrepareError(("texts", i),
                                   f"texte légal inconnu « {name} » (textes : {known})")
            texts.append(pack.texts[name])
        return texts

    def run(self, rule: Rule, prepared: list[LegalText], letter: Letter,
            ctx: Context) -> list[Hit]:
        text = letter.norm.text
        spans: list[tuple[int, int]] = []
        letter_words: list[str] = []
        counts: Counter[str] = Counter()
        missing: list[str] = []
        hits: list[Hit] = []
        for legal_text in prepared:
            version = legal_text.at(ctx.params.day)
            if version is None:
                continue
            wanted = _wanted(str(version.value))
            if wanted.exact.search(text):
                continue
            if not counts:
                counts = Counter(_WORDS.findall(text))
            shared = sum(min(n, counts[word]) for word, n in wanted.counts.items())
            if shared < PRESENT_RATIO * len(wanted.words):
                missing.append(legal_text.title)
                continue
            if not spans:
                spans = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
                letter_words = [text[s:e] for s, e in spans]
            start, end, matcher = _best_window(letter_words, wanted.words)
            matched = sum(b.size for b in matcher.get_matching_blocks())
            if matched < PRESENT_RATIO * len(wanted.words):
                missing.append(legal_text.title)
                continue

            changes = _changes(matcher, letter, spans[start:end], wanted.legal, wanted.spans)
            first, last = letter.to_original(spans[start][0], spans[end - 1][1])
            hits.append(Hit(first, last, {
                "missing": f"{legal_text.title} reproduit avec des différences : {changes}"}))
        if missing:
            line, where = ctx.layout.place_line(letter, rule.check["place"])
            line_start, line_end = letter.line_span(line)
            hits.append(Hit(line_start, line_end, {
                "missing": f"{' et '.join(missing)} absent(s)", "place": where}))
        return hits
