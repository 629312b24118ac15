"""A letter as the checks see it: original text, blocks with their lines, normalised text, facts.

Markdown is split into blocks as markdown-it-py sees them (markdown_blocks.py); plain text by
blank lines. Front matter and code blocks are masked with spaces before normalisation, so offsets
into the normalised text map straight back to the file and nothing in them is ever matched.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING

from checker.letters.facts import Fact, extract_facts
from checker.letters.markdown_blocks import Block, FrontMatter, line_offset, markdown_blocks
from checker.letters.normalize import NormalizedText, normalize

if TYPE_CHECKING:
    from checker.kinds.prefilter import Occurrences
    from checker.model import Metadata

_MASKED = {"code", "comment"}
"""Blocks nobody reads in the rendered letter: code, and HTML comments (waivers live there)."""
_NOT_NEWLINE = re.compile(r"[^\n]")
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_NON_BLANK_LINE = re.compile(r"[^\n]*[^\n ][^\n]*")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_CAPS_TITLE = re.compile(r"^[^a-zà-ÿ]{2,80}$")


def _mask(source: str, spans: list[tuple[int, int]]) -> str:
    """`source` with every character of `spans` but line breaks turned into spaces.

    Offsets and line numbers stay the same, so nothing in front matter or code is ever matched.
    """
    if not spans:
        return source
    pieces, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        pieces.append(source[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", source[start:end]))
        last = max(last, end)
    pieces.append(source[last:])
    return "".join(pieces)


class Letter:
    """One letter, parsed once; every check reads the same instance."""

    def __init__(self, path: str, source: str, markdown: bool, line_blocks: bool = False) -> None:
        """`line_blocks`: every non-blank line is a block of its own (Word documents, whose
        paragraphs are lines with no blank line between them)."""
        self.line_blocks = line_blocks
        self.path = path
        self.source = source
        self.markdown = markdown
        self.line_starts = list(accumulate([len(line) + 1 for line in source.split("\n")][:-1],
                                           initial=0))
        """Offset of the first character of every line."""
        self.front_matter: FrontMatter | None = None
        blocks = self._markdown_blocks() if markdown else self._text_blocks()
        self.blocks = tuple(blocks)
        hidden = [(0, line_offset(source, self.line_starts, self.front_matter.last_line))] \
            if self.front_matter else []
        hidden += [(b.start, b.end) for b in self.blocks if b.kind in _MASKED]
        self.norm: NormalizedText = normalize(_mask(source, hidden))
        self.body_blocks = tuple(b for b in self.blocks if b.kind not in _MASKED)
        self._block_starts = [b.start for b in self.body_blocks]
        self.metadata: Metadata | None = None
        self.present: Occurrences | None = None
        """Rule-set literals found in the normalised text (set by the engine, see prefilter.py)."""
        self.memo: dict[str, object] = {}
        """Per-letter results of derived lookups (layout anchors), filled by their owners."""

    # -- parsing -------------------------------------------------------------------------

    def _markdown_blocks(self) -> list[Block]:
        self.front_matter, blocks = markdown_blocks(self.source, self.line_starts)
        return blocks

    def _text_blocks(self) -> list[Block]:
        blocks: list[Block] = []
        pattern = _LINE if self.line_blocks else _PARAGRAPH
        for match in pattern.finditer(self.source):
            first = bisect_right(self.line_starts, match.start())
            last = bisect_right(self.line_starts, match.end() - 1)
            text = match.group()
            kind = "paragraph"
            if first == last and _CAPS_TITLE.match(text.strip()) and len(text.split()) <= 8 \
                    and any(c.isalpha() for c in text):
                kind = "heading"
            blocks.append(Block(kind, match.start(), match.end(), first, last))
        return blocks

    # -- positions -----------------------------------------------------------------------

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset in the original text."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.source.find("\n", start)
        return self.source[start:] if end < 0 else self.source[start:end]

    def line_span(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line - 1]
        return start, start + len(self.line_text(line))

    def to_norm(self, offset: int) -> int:
        """The normalised offset of the first normalised char produced at or after `offset`."""
        return bisect_left(self.norm.origin, offset)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span_to_original(start, end)

    def block_at(self, offset: int) -> Block | None:
        index = bisect_right(self._block_starts, offset) - 1
        if index >= 0 and self.body_blocks[index].start <= offset <= self.body_blocks[index].end:
            return self.body_blocks[index]
        return None

    def sentence_around(self, nstart: int, nend: int) -> tuple[int, int]:
        """The sentence holding normalised span [nstart, nend): bounded by its block and . ! ?"""
        block = self.block_at(self.norm.origin[nstart] if nstart < len(self.norm.text) else 0)
        text = self.norm.text
        low, high = 0, len(text)
        if block is not None:
            low, high = self.to_norm(block.start), self.to_norm(block.end)
        start = low
        for match in _SENTENCE_END.finditer(text, low, nstart):
            start = match.end()
        end_match = _SENTENCE_END.search(text, nend, high)
        end = end_match.end() if end_match else high
        return start, end

    # -- derived views -------------------------------------------------------------------

    @cached_property
    def facts(self) -> tuple[Fact, ...]:
        day = self.metadata.date if self.metadata else None
        return tuple(extract_facts(self.norm, day))

    @cached_property
    def _facts_by_kind(self) -> dict[str, tuple[Fact, ...]]:
        grouped: dict[str, list[Fact]] = {}
        for fact in self.facts:
            grouped.setdefault(fact.kind, []).append(fact)
        return {kind: tuple(facts) for kind, facts in grouped.items()}

    def facts_of(self, kind: str) -> tuple[Fact, ...]:
        """The facts of one kind, in text order."""
        return self._facts_by_kind.get(kind, ())

    @cached_property
    def body_lines(self) -> tuple[int, int]:
        """First and last line of the body (after the front matter), for placing findings."""
        if not self.body_blocks:
            first = self.front_matter.last_line + 1 if self.front_matter else 1
            return first, first
        return self.body_blocks[0].first_line, self.body_blocks[-1].last_line

    @cached_property
    def heading_lines(self) -> frozenset[int]:
        return frozenset({line for b in self.body_blocks if b.kind == "heading"
                for line in range(b.first_line, b.last_line + 1)})

    @cached_property
    def lines(self) -> tuple[tuple[int, int, int], ...]:
        """Every non-blank line of the body as (line number, normalised start, normalised end)."""
        result = []
        origin = self.norm.origin
        for match in _NON_BLANK_LINE.finditer(self.norm.text):
            line = bisect_right(self.line_starts, origin[match.start()])
            result.append((line, match.start(), match.end()))
        return tuple(result)
