"""The interface every check kind implements, and what they share.

A kind is one module with one class: `prepare` turns a rule's `check` parameters into compiled
matchers once, at load time (and raises `PrepareError` on a bad parameter, which the loader
reports at the rule's line); `run` looks at one letter and returns hits. The engine turns hits
into findings (position, excerpt, message, basis). Adding a kind never touches the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from checker.kinds.prefilter import Prefiltered, prefiltered
from checker.letters.normalize import normalize_phrase
from checker.rules.regex_safety import check_pattern

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.letters.layout import Layout
    from checker.model import Rule
    from checker.rules.data import LegalText, Lexicon, Parameter, ParamView


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a rule fires, as offsets into the original text, and values for its message."""

    start: int
    end: int
    values: dict[str, str] = field(default_factory=dict)


class PrepareError(Exception):
    """A bad parameter in a rule's `check`; `at` is the path below `check`."""

    def __init__(self, at: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.at = at
        self.message = message


@dataclass(frozen=True, slots=True)
class PackData:
    """What rules may refer to by name."""

    params: dict[str, Parameter]
    texts: dict[str, LegalText]
    lexicons: dict[str, Lexicon]


class Kind(Protocol):
    name: ClassVar[str]

    def prepare(self, rule: Rule, pack: PackData) -> Any: ...

    def run(self, rule: Rule, prepared: Any, letter: Letter, ctx: Context) -> list[Hit]: ...


@dataclass(frozen=True, slots=True)
class Context:
    """What a check needs besides the letter: parameters as of its date, and the layout."""

    params: ParamView
    layout: Layout


def compile_pattern(pattern: str, at: tuple[str | int, ...]) -> Prefiltered:
    problem = check_pattern(pattern)
    if problem:
        raise PrepareError(at, problem)
    return prefiltered(pattern, re.MULTILINE)


def compile_terms(terms: list[str] | tuple[str, ...], at: tuple[str | int, ...]) -> Prefiltered:
    """One regex for a list of phrases: normalised, word-bounded, any white space between words.

    Normalised text has exactly one space or line break between words (normalize.py), so words
    are joined by `[ \\n]` rather than `\\s+`: the same matches, and every phrase then starts
    with a literal the prefilter can anchor on, even when its first word is short (`de ...`).
    """
    phrases = sorted({normalize_phrase(t).strip() for t in terms}, key=len, reverse=True)
    if not all(phrases):
        raise PrepareError(at, "terme vide")
    parts = ["[ \n]".join(re.escape(word) for word in phrase.split()) for phrase in phrases]
    return prefiltered(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def check_param_refs(spec: Any, pack: PackData, at: tuple[str | int, ...]) -> None:
    """A `{param: NAME}` must name a parameter of the pack."""
    if isinstance(spec, dict) and spec.get("param") not in pack.params:
        known = ", ".join(sorted(pack.params)) or "aucun"
        raise PrepareError(at + ("param",),
                           f"paramètre inconnu « {spec.get('param')} » (paramètres : {known})")


COMPARATORS = {
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


def compare(value: float, when: dict[str, Any], params: ParamView) -> tuple[bool, float | None]:
    """Whether `value` meets every comparison; also the first bound, for messages.

    A comparison whose parameter has no value in force makes the whole test false: a rule never
    fires on a number that the law did not yet define.
    """
    first: float | None = None
    for op, spec in when.items():
        bound = params.number(spec)
        if bound is None:
            return False, None
        if first is None:
            first = bound
        if not COMPARATORS[op](value, bound):
            return False, first
    return True, first


def format_number(value: float) -> str:
    """French rendering of a number for messages: 12.5 -> '12,5', 8.0 -> '8'."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
