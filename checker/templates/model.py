"""What rendering a template gives the checker: letters with their way back, and template issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from checker.templates.linemap import LineMap


@dataclass(frozen=True)
class Rendering:
    """One rendered letter: front matter (without `fixtures`) and body, in Markdown."""

    fixture: str | None
    """The fixture's name; None in placeholder mode."""
    text: str
    linemap: LineMap = field(repr=False, compare=False)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the template file, 1-based, of an offset in `text`."""
        return self.linemap.position(offset)

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) in the template of the span [start, end)."""
        return self.linemap.span(start, end)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        at = self.text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = self.text.find("\n", at + 1)
        return starts

    def offset(self, line: int, column: int) -> int:
        """The offset in `text` of a 1-based (line, column) of the rendered letter."""
        starts = self._line_starts
        index = min(max(line, 1), len(starts)) - 1
        return min(starts[index] + max(column, 1) - 1, len(self.text))

    def locate(self, line: int, column: int) -> tuple[int, int]:
        """Template (line, column) of a (line, column) of the rendered letter: a finding's."""
        return self.position(self.offset(line, column))


@dataclass(frozen=True)
class TemplateIssue:
    """A problem of the template itself rather than of a letter it renders."""

    issue: str
    """`unreached_branch` or `unmapped_placeholder`."""
    line: int
    column: int
    end_column: int
    """Exclusive, like the checker's findings."""
    values: dict[str, str]
    """`value`: the tag of the branch (`{% else %}`) or the placeholder's name."""


@dataclass(frozen=True)
class TemplateResult:
    source: str
    """The template file's text, for excerpts."""
    renderings: tuple[Rendering, ...]
    issues: tuple[TemplateIssue, ...]
