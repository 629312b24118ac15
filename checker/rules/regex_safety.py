"""Refuse regular expressions that can backtrack catastrophically.

Python's `re` has no timeout, so one careless house rule such as `(\\w+\\s?)+` could hang a CI job
on a long letter. We reject, at load time, any pattern with a repetition of unbounded (or large)
count nested inside another such repetition: the classic exponential shape. Overlapping
alternations inside a repetition (`(a|a)*`) are not detected; see docs/rule-format.md.
"""

from __future__ import annotations

import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["check_pattern", "sre_constants", "sre_parse"]

_LARGE = 32
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


def _is_large(high: int) -> bool:
    return bool(high == sre_constants.MAXREPEAT or high >= _LARGE)


def _walk(items: Any, inside_large: bool) -> bool:
    for op, arg in items:
        if op in _REPEATS:
            _low, high, sub = arg
            large = _is_large(high)
            if large and inside_large:
                return True
            if _walk(sub, inside_large or large):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _walk(arg[-1], inside_large):
                return True
        elif op is sre_constants.BRANCH:
            if any(_walk(branch, inside_large) for branch in arg[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _walk(arg[1], inside_large):
                return True
    return False


def check_pattern(pattern: str) -> str | None:
    """Return a French explanation of what is wrong with `pattern`, or None if it is usable."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"expression régulière invalide : {exc}"
    if _walk(sre_parse.parse(pattern), False):
        return ("expression régulière à retour arrière catastrophique (répétition illimitée "
                "imbriquée dans une autre) : réécrivez-la sans imbriquer `+`, `*` ou `{n,}`")
    return None
