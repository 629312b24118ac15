"""The parts of a letter (greeting, closing, subject line) and where a missing mention belongs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.letters.document import Letter


@dataclass(frozen=True, slots=True)
class Inference:
    value: str
    patterns: tuple[re.Pattern[str], ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Layout:
    greeting: tuple[re.Pattern[str], ...]
    closing: tuple[re.Pattern[str], ...]
    subject: tuple[re.Pattern[str], ...]
    inference: dict[str, tuple[Inference, ...]]
    defaults: dict[str, tuple[str | None, str]]

    def _first_line(self, letter: Letter, patterns: tuple[re.Pattern[str], ...],
                    after: int = 0) -> int | None:
        for line, start, end in letter.norm_lines():
            if line <= after:
                continue
            text = letter.norm.text[start:end].strip()
            if any(p.search(text) for p in patterns):
                return line
        return None

    def subject_lines(self, letter: Letter) -> set[int]:
        lines = set()
        for line, start, end in letter.norm_lines():
            if any(p.search(letter.norm.text[start:end].strip()) for p in self.subject):
                lines.add(line)
        return lines

    def place_line(self, letter: Letter, place: str) -> tuple[int, str]:
        """The line where a missing mention belongs, and a French phrase naming that place."""
        first, last = letter.body_lines
        if place == "top":
            return first, "en tête de lettre"
        if place == "end":
            return last, "en fin de lettre"
        greeting = self._first_line(letter, self.greeting)
        if place == "after_greeting":
            if greeting is None:
                return first, "en tête de lettre (aucune formule d'appel trouvée)"
            following = [b.first_line for b in letter.body_blocks if b.first_line > greeting]
            return (following[0] if following else greeting), "après la formule d'appel"
        closing = self._first_line(letter, self.closing, after=greeting or 0)
        if closing is None:
            return last, "en fin de lettre (aucune formule de politesse trouvée)"
        return closing, "avant la formule de politesse"
