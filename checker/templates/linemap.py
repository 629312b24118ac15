"""From offsets in a rendered template back to the template's own lines and columns.

A finding is only useful to a template author if it names the line of the template to edit, not
a line of a letter that exists only in memory. While rendering, every piece of output (a run of
literal template text, or the output of one `{{ … }}`) is preceded by one invisible marker: a
private-use character that no letter contains, whose code point numbers the piece. Stripping the
markers afterwards leaves the real rendered text and, for each piece, the offset where its output
starts. Literal text keeps its own line breaks, so a position inside it is computed from the
piece's start; the output of an expression has no line of its own in the template, so all of it
is placed at the expression's `{{`.

A second family of markers stands for placeholders that the placeholder mapping does not know:
they render as nothing, and where they stood says which `{{` used them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

PIECE_BASE = 0x100000
"""Supplementary Private Use Area-B: one code point per output piece."""
UNMAPPED_BASE = 0xF0000
"""Supplementary Private Use Area-A: one code point per unmapped placeholder name."""
MAX_MARKERS = 0xFFFE
"""Code points available in each area (U+xFFFE and U+xFFFF are noncharacters)."""

MARKERS = re.compile("[\U000F0000-\U0010FFFF]")
"""Every character a marker may use; also what is refused in fixture data."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Where one piece of output comes from in the template file (1-based).

    For literal text, (line, column) is where the text starts. For an expression, it is the
    `{{` and (end_line, end_column) is just past the closing `}}`.
    """

    line: int
    column: int
    literal: bool
    end_line: int
    end_column: int


def piece_marker(index: int) -> str:
    return chr(PIECE_BASE + index)


def unmapped_marker(index: int) -> str:
    return chr(UNMAPPED_BASE + index)


@dataclass(frozen=True, slots=True)
class Unmapped:
    """An unmapped placeholder met in the output: its index and the piece that printed it."""

    index: int
    piece: Piece | None


class LineMap:
    """Rendered offset -> template (line, column), from the start offset of each piece."""

    def __init__(self, text: str, starts: Sequence[int], pieces: Sequence[Piece]) -> None:
        self.text = text
        self._starts = list(starts)
        self._pieces = list(pieces)

    def _segment(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        index = self._segment(offset)
        if index < 0:
            return 1, 1
        piece, start = self._pieces[index], self._starts[index]
        if not piece.literal:
            return piece.line, piece.column
        breaks = self.text.count("\n", start, offset)
        if not breaks:
            return piece.line, piece.column + offset - start
        return piece.line + breaks, offset - self.text.rfind("\n", start, offset)

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """Template (line, column, end_line, end_column) of the rendered span [start, end).

        The end is exclusive, like the checker's own spans. A span that ends in the output of an
        expression ends after its `}}`, so that the whole expression is underlined.
        """
        line, column = self.position(start)
        if end <= start:
            return line, column, line, column
        index = self._segment(end - 1)
        if index >= 0 and not self._pieces[index].literal:
            piece = self._pieces[index]
            return line, column, piece.end_line, piece.end_column
        end_line, end_column = self.position(end - 1)
        return line, column, end_line, end_column + 1

    def shifted(self, prefix: str, starts: Sequence[int], pieces: Sequence[Piece]) -> LineMap:
        """This map behind `prefix`, whose own pieces are given: the front matter of a letter."""
        moved = [start + len(prefix) for start in self._starts]
        return LineMap(prefix + self.text, list(starts) + moved, list(pieces) + self._pieces)


def strip_markers(raw: str, pieces: Sequence[Piece]) -> tuple[LineMap, list[Unmapped]]:
    """The rendered text without markers, its line map, and the unmapped placeholders met.

    Consecutive markers with no text between them keep only the last: an empty piece owns
    nothing.
    """
    parts: list[str] = []
    starts: list[int] = []
    owners: list[Piece] = []
    unmapped: list[Unmapped] = []
    size = 0
    last = 0
    current: Piece | None = None
    for match in MARKERS.finditer(raw):
        text = raw[last:match.start()]
        if text:
            parts.append(text)
            size += len(text)
        last = match.end()
        code = ord(match.group())
        if code >= PIECE_BASE:
            current = pieces[code - PIECE_BASE]
            if starts and starts[-1] == size:
                owners[-1] = current
            else:
                starts.append(size)
                owners.append(current)
        else:
            unmapped.append(Unmapped(code - UNMAPPED_BASE, current))
    parts.append(raw[last:])
    return LineMap("".join(parts), starts, owners), unmapped
