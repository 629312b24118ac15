"""The parts of a letter (greeting, closing, subject line) and where a missing mention belongs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.kinds.prefilter import Prefiltered
    from checker.letters.document import Letter


@dataclass(frozen=True, slots=True)
class Inference:
    value: str
    patterns: tuple[Prefiltered, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Layout:
    greeting: tuple[Prefiltered, ...]
    closing: tuple[Prefiltered, ...]
    subject: tuple[Prefiltered, ...]
    inference: dict[str, tuple[Inference, ...]]
    defaults: dict[str, tuple[str | None, str]]

    def _matching_lines(self, letter: Letter, part: str) -> tuple[int, ...]:
        """Lines of the letter matching one of the patterns of `part` (computed once a letter)."""
        key = f"layout:{part}"
        if key not in letter.memo:
            text, origin = letter.norm.text, letter.norm.origin
            lines = {letter.line_col(origin[m.start()])[0]
                     for pattern in getattr(self, part)
                     for m in pattern.finditer(text, letter.present)
                     if m.start() < len(text)}
            letter.memo[key] = tuple(sorted(lines))
        found: tuple[int, ...] = letter.memo[key]  # type: ignore[assignment]
        return found

    def _first_line(self, letter: Letter, part: str, after: int = 0) -> int | None:
        return next((line for line in self._matching_lines(letter, part) if line > after), None)

    def subject_lines(self, letter: Letter) -> frozenset[int]:
        return frozenset(self._matching_lines(letter, "subject"))

    def place_line(self, letter: Letter, place: str) -> tuple[int, str]:
        """The line where a missing mention belongs, and a French phrase naming that place."""
        first, last = letter.body_lines
        if place == "top":
            return first, "en tête de lettre"
        if place == "end":
            return last, "en fin de lettre"
        greeting = self._first_line(letter, "greeting")
        if place == "after_greeting":
            if greeting is None:
                return first, "en tête de lettre (aucune formule d'appel trouvée)"
            following = [b.first_line for b in letter.body_blocks if b.first_line > greeting]
            return (following[0] if following else greeting), "après la formule d'appel"
        closing = self._first_line(letter, "closing", after=greeting or 0)
        if closing is None:
            return last, "en fin de lettre (aucune formule de politesse trouvée)"
        return closing, "avant la formule de politesse"
