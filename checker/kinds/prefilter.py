"""Cheap literal pre-checks in front of regular expressions.

Most rule patterns cannot match a given letter, and Python's `re` scans every position of the
text to find that out, which costs tens of microseconds per pattern when the pattern starts with
`\\b` or a group. Like grep tools do, we extract from each pattern a set of literal strings one of
which must occur in any match (`plainte` in `\\b(port|depos)[a-z]* plainte\\b`; one of `prison`,
`emprisonnement` in `\\b(prison|emprisonnement)\\b`) and test them with `str.__contains__` first.
A pattern with no such literal is always run.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import ahocorasick

from checker.rules.regex_safety import sre_constants, sre_parse

_MIN_LITERAL = 3


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
    only compiled (and `re` only pays for them) when a letter could match them. `present` is the
    set of indexed literals found in the whole text by one Aho-Corasick pass (LiteralIndex); when
    it is not given (a slice of the text), the literals are looked for one by one.
    """

    __slots__ = ("pattern", "flags", "literals", "indexed", "_regex")

    def __init__(self, pattern: str, flags: int, literals: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.flags = flags
        self.literals = literals
        self.indexed = False
        self._regex: re.Pattern[str] | None = None

    def __getstate__(self) -> tuple[str, int, tuple[str, ...], bool]:
        return self.pattern, self.flags, self.literals, self.indexed

    def __setstate__(self, state: tuple[str, int, tuple[str, ...], bool]) -> None:
        self.pattern, self.flags, self.literals, self.indexed = state
        self._regex = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    def possible(self, text: str, present: frozenset[str] | None = None) -> bool:
        if not self.literals:
            return True
        if present is not None and self.indexed:
            return not present.isdisjoint(self.literals)
        return any(lit in text for lit in self.literals)

    def search(self, text: str, pos: int = 0, endpos: int | None = None,
               present: frozenset[str] | None = None) -> re.Match[str] | None:
        whole = pos == 0 and endpos is None
        if not self.possible(text if whole else text[pos:endpos], present if whole else None):
            return None
        if endpos is None:
            return self.regex.search(text, pos)
        return self.regex.search(text, pos, endpos)

    def finditer(self, text: str, present: frozenset[str] | None = None) -> Iterator[re.Match[str]]:
        if not self.possible(text, present):
            return iter(())
        return self.regex.finditer(text)


def prefiltered(pattern: str, flags: int = 0) -> Prefiltered:
    """A prefiltered pattern; the caller has already checked that it compiles."""
    literals = () if flags & re.IGNORECASE else required_literals(pattern)
    return Prefiltered(pattern, flags, literals)


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
        self.literals = sorted({lit for m in matchers for lit in m.literals})
        for matcher in matchers:
            matcher.indexed = True
        self._automaton: Any = None

    def __getstate__(self) -> list[str]:
        return self.literals

    def __setstate__(self, literals: list[str]) -> None:
        self.literals = literals
        self._automaton = None

    def present(self, text: str) -> frozenset[str]:
        if not self.literals:
            return frozenset()
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        return frozenset(found for _end, found in self._automaton.iter(text))
