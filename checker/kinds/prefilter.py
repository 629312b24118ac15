"""Cheap literal pre-checks in front of regular expressions.

Most rule patterns cannot match a given letter, and Python's `re` scans every position of the
text to find that out, which costs tens of microseconds per pattern when the pattern starts with
`\\b` or a group. Like grep tools do, we extract from each pattern a set of literal strings one of
which must occur in any match (`plainte` in `\\b(port|depos)[a-z]* plainte\\b`; one of `prison`,
`emprisonnement` in `\\b(prison|emprisonnement)\\b`) and test them with `str.__contains__` first.
A pattern with no such literal is always run.

When every match of a pattern begins with one of a set of literals (its *anchors*: `inform`,
`contact`, … in `\\b(inform|contact)[a-z]* (a|de) votre employeur\\b`), the pattern is not
scanned over the whole letter either: it is tried only where an anchor occurs (`str.find`), with
`re.match` at that offset, which gives the same matches as `finditer` (lookbehinds and `\\b` still
see the characters before the offset).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from heapq import heapify, heappop, heapreplace
from itertools import chain
from typing import Any

import ahocorasick

from checker.rules.regex_safety import sre_constants, sre_parse

_MIN_LITERAL = 3

Occurrences = dict[str, list[int]]
"""Start offsets of every indexed literal found in a text (LiteralIndex.present)."""


def _branch_literals(branches: list[Any]) -> set[str] | None:
    result: set[str] = set()
    for branch in branches:
        found = _required(branch)
        if found is None:
            return None
        result |= found
    return result


def _score(literals: set[str] | None) -> int:
    return min((len(s) for s in literals), default=0) if literals else 0


def _required(items: Any) -> set[str] | None:
    """A set of literals one of which occurs in every match of `items`, or None."""
    best: set[str] | None = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best, run
        if run:
            candidate = {"".join(run)}
            if _score(candidate) > _score(best):
                best = candidate
        run = []

    for op, arg in items:
        if op is sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        close_run()
        candidate: set[str] | None = None
        if op is sre_constants.SUBPATTERN:
            candidate = _required(arg[-1])
        elif op is sre_constants.BRANCH:
            candidate = _branch_literals(arg[1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:
            candidate = _required(arg[2])
        if _score(candidate) > _score(best):
            best = candidate
    close_run()
    return best


_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_MAX_ANCHORS = 256
_SHORT_TEXT = 200
_MAX_CLASS = 10
_ANCHOR_ENOUGH = 4
"""Anchors are not extended past a non-literal item once they are all this long."""


def _class_chars(items: Any) -> set[str] | None:
    """The characters of a small character class (`[ .]`, `[2-9]`), or None."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre_constants.LITERAL:
            chars.add(chr(value))
        elif kind is sre_constants.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:
            return None
    return chars if 0 < len(chars) <= _MAX_CLASS else None


def _prefixes(items: Any) -> tuple[set[str] | None, bool]:
    """Literals one of which every match of `items` starts with (None: unknown), and whether
    every match is exactly one of them (then what follows may extend them)."""
    prefixes = {""}
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.LITERAL:
            prefixes = {p + chr(arg) for p in prefixes}
            continue
        if min(map(len, prefixes)) >= _ANCHOR_ENOUGH:
            return prefixes, False
        found: set[str] | None
        if op is sre_constants.SUBPATTERN:
            found, complete = _prefixes(arg[-1])
        elif op is sre_constants.BRANCH:
            found, complete = set(), True
            for branch in arg[1]:
                sub, sub_complete = _prefixes(branch)
                if sub is None:
                    found = None
                    break
                found |= sub
                complete = complete and sub_complete
        elif op is sre_constants.IN:
            found, complete = _class_chars(arg), True
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[:2] == (0, 1):
            found, complete = _prefixes(arg[2])
            if found is not None:
                found.add("")
        else:
            return prefixes, False
        if found is None or len(prefixes) * len(found) > _MAX_ANCHORS:
            return prefixes, False
        prefixes = {p + f for p in prefixes for f in found}
        if not complete:
            return prefixes, False
    return prefixes, True


def anchor_literals(pattern: str) -> tuple[str, ...]:
    """Literals one of which every match of `pattern` starts with; empty when none is found or
    one is shorter than the minimum."""
    try:
        found, _ = _prefixes(sre_parse.parse(pattern))
    except (re.error, RecursionError):
        return ()
    if not found or min(len(p) for p in found) < _MIN_LITERAL:
        return ()
    return tuple(sorted(found))


def required_literals(pattern: str) -> tuple[str, ...]:
    """Literals one of which any match of `pattern` contains; empty when none is long enough."""
    try:
        found = _required(sre_parse.parse(pattern))
    except (re.error, RecursionError):
        return ()
    if not found or _score(found) < _MIN_LITERAL:
        return ()
    return tuple(sorted(found))


class Prefiltered:
    """A pattern that first checks for its required literals, compiled on first real use.

    Most patterns of a rule set never get past their literal check on a given letter, so they are
    only compiled (and `re` only pays for them) when a letter could match them. `present` maps
    the indexed literals found in the whole text by one Aho-Corasick pass (LiteralIndex) to their
    offsets; when it is not given (a slice of the text), the literals are looked for one by one.
    """

    __slots__ = ("pattern", "flags", "literals", "anchors", "indexed", "_regex")

    def __init__(self, pattern: str, flags: int, literals: tuple[str, ...],
                 anchors: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self.flags = flags
        self.literals = literals
        self.anchors = anchors
        self.indexed = False
        self._regex: re.Pattern[str] | None = None

    def __getstate__(self) -> tuple[str, int, tuple[str, ...], tuple[str, ...], bool]:
        return self.pattern, self.flags, self.literals, self.anchors, self.indexed

    def __setstate__(self, state: tuple[str, int, tuple[str, ...], tuple[str, ...], bool]) -> None:
        self.pattern, self.flags, self.literals, self.anchors, self.indexed = state
        self._regex = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    def possible(self, text: str, present: Occurrences | None = None) -> bool:
        """False when the text cannot hold a match: it lacks every required literal, or (known
        from the index) every anchor."""
        if present is not None and self.indexed:
            found = present.keys()
            return (not self.literals or not found.isdisjoint(self.literals)) \
                and (not self.anchors or not found.isdisjoint(self.anchors))
        if not self.literals:
            return True
        return any(lit in text for lit in self.literals)

    def search(self, text: str, pos: int = 0, endpos: int | None = None,
               present: Occurrences | None = None) -> re.Match[str] | None:
        whole = pos == 0 and endpos is None
        if not self.possible(text if whole else text[pos:endpos], present if whole else None):
            return None
        if whole and self._anchoring(text, present):
            return next(self._anchored(text, present), None)
        if endpos is None:
            return self.regex.search(text, pos)
        return self.regex.search(text, pos, endpos)

    def finditer(self, text: str,
                 present: Occurrences | None = None) -> Iterator[re.Match[str]]:
        if not self.possible(text, present):
            return iter(())
        if self._anchoring(text, present):
            return self._anchored(text, present)
        return self.regex.finditer(text)

    def _anchoring(self, text: str, present: Occurrences | None) -> bool:
        """Whether to try the pattern at its anchors only: worth it on a letter, not on a short
        string such as a fact's label, where a plain search is quicker."""
        return bool(self.anchors) and (present is not None or len(text) >= _SHORT_TEXT)

    def _anchored(self, text: str, present: Occurrences | None) -> Iterator[re.Match[str]]:
        """The matches `finditer` would give, tried only where an anchor occurs."""
        regex = self.regex
        resume = 0
        for start in self._anchor_starts(text, present):
            if start < resume:
                continue
            match = regex.match(text, start)
            if match is not None:
                resume = max(match.end(), start + 1)
                yield match
            else:
                resume = start + 1

    def _anchor_starts(self, text: str, present: Occurrences | None) -> Iterator[int]:
        """Offsets where an anchor occurs, in order (repeats possible).

        From the index when the letter's occurrences are known; otherwise each anchor's next
        occurrence is found on demand and merged in a heap, so that `search`, which wants the
        first match only, looks for few of them.
        """
        if present is not None and self.indexed:
            found = [present[anchor] for anchor in self.anchors if anchor in present]
            yield from (found[0] if len(found) == 1 else sorted(chain.from_iterable(found)))
            return
        heap = []
        for anchor in self.anchors:
            at = text.find(anchor)
            if at >= 0:
                heap.append((at, anchor))
        heapify(heap)
        while heap:
            start, anchor = heap[0]
            following = text.find(anchor, start + 1)
            if following >= 0:
                heapreplace(heap, (following, anchor))
            else:
                heappop(heap)
            yield start


def prefiltered(pattern: str, flags: int = 0) -> Prefiltered:
    """A prefiltered pattern; the caller has already checked that it compiles."""
    if flags & re.IGNORECASE:
        return Prefiltered(pattern, flags, ())
    return Prefiltered(pattern, flags, required_literals(pattern), anchor_literals(pattern))


def collect(value: Any) -> Iterator[Prefiltered]:
    """Every Prefiltered inside prepared rule data (containers and dataclasses)."""
    if isinstance(value, Prefiltered):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from collect(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from collect(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from collect(getattr(value, field.name))


class LiteralIndex:
    """All the literals of a rule set in one Aho-Corasick automaton (pyahocorasick).

    One pass over a letter tells which literals occur in it, instead of one substring search per
    literal per pattern: with a couple of hundred literals, that is ten times faster.
    """

    def __init__(self, matchers: list[Prefiltered]) -> None:
        self.literals = sorted({lit for m in matchers for lit in m.literals + m.anchors})
        for matcher in matchers:
            matcher.indexed = True
        self._automaton: Any = None

    def __getstate__(self) -> list[str]:
        return self.literals

    def __setstate__(self, literals: list[str]) -> None:
        self.literals = literals
        self._automaton = None

    def present(self, text: str) -> Occurrences:
        """Every indexed literal found in `text`, with the offsets where it starts (ascending)."""
        if not self.literals:
            return {}
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, (literal, len(literal) - 1))
            automaton.make_automaton()
            self._automaton = automaton
        occurrences: Occurrences = {}
        for end, (literal, back) in self._automaton.iter(text):
            starts = occurrences.get(literal)
            if starts is None:
                occurrences[literal] = [end - back]
            else:
                starts.append(end - back)
        return occurrences
