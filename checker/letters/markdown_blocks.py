"""Markdown letters split into leaf blocks (headings, paragraphs, table rows, code, HTML).

markdown-it-py is the reference parser, but its block pass costs about 350 µs on a 2 KB letter
and importing it about 45 ms, more than everything else a check does. Most letters use only a
sliver of Markdown: front matter, paragraphs, `#` headings, `- ` bullet items and pipe tables
(the breakdown of a claim), none indented. For those, `plain_blocks` gives the same blocks with
one regular-expression pass; anything else (indentation, block quotes, fences, HTML, a `|`
outside a plain table, numbered or nested lists, setext underlines, thematic breaks, link
reference definitions, CR or NUL characters) goes to markdown-it-py, which is imported only
then. tests/test_markdown_blocks.py checks that both agree wherever the fast path answers, on
every sample letter and on generated documents (tables included).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple


class Block(NamedTuple):
    """A leaf block: its kind, offsets into the source, first and last line (1-based)."""

    kind: str
    start: int
    end: int
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    text: str
    first_line: int
    last_line: int


_LEAF_BLOCKS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "tr_open": "table_row",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}

_NEEDS_FULL_PARSER = re.compile(
    # Every alternative follows a line break: `re` then jumps from one to the next instead of
    # trying the whole pattern at every character (the text is searched with "\n" in front).
    r"\n(?:[ \t]+[^ \t\n]"                           # indented: code, list continuation
    r"|[>`~<\[]"                                     # block quote, fence, HTML, link reference
    r"|\d{1,9}[.)](?:[ \t]|$)"                       # ordered list
    r"|[-+*](?:[ \t]*$|\t| [ \t]"                    # empty item, tab or more spaces after marker
    r"| (?:[-+*>#`~<\[]|\d{1,9}[.)](?:[ \t]|$)))"     # an item opening another block
    r"|(?:=+|-+)[ \t]*$"                             # setext underline
    r"|([-*_])[ \t]*(?:\1[ \t]*){2,}$)",              # thematic break
    re.MULTILINE,
)
_FULL_PARSER_CHARS = ("\r", "\x00")
"""Characters markdown-it rewrites before parsing."""
_DELIMITER_CELL = re.compile(r":?-+:?")
_MAX_AUTOCOMPLETED_CELLS = 0x10000
"""markdown-it-py stops a table whose short rows would make it fill in more cells than this."""
_RUN = re.compile(r"[^\n]*[^ \t\n][^\n]*(?:\n[^\n]*[^ \t\n][^\n]*)*")
"""Consecutive non-blank lines: one paragraph, unless a heading or an item starts inside."""
_STARTS = re.compile(r"\n(?:#|[-+*] )")
"""Lines that may start a heading or a list item (a closer look decides); searched, like
_NEEDS_FULL_PARSER, in the text with "\n" in front, so a match starts at the line's offset."""
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(?:-{3,}|\.\.\.)[ \t]*$", re.MULTILINE)
_UNSURE_CLOSING = re.compile(r"^[ \t]+(?:-|\.\.\.)", re.MULTILINE)


def plain_blocks(source: str,
                 line_starts: list[int]) -> tuple[FrontMatter | None, list[Block]] | None:
    """Blocks of a letter that uses only simple Markdown, or None when it needs the full parser."""
    front_matter = None
    body = 0
    if source.startswith("---"):
        opening = _OPENING.match(source)
        if opening is None:
            return None
        inside = opening.end()
        closing = _CLOSING.search(source, inside)
        if closing is None or _UNSURE_CLOSING.search(source, inside, closing.start()):
            return None
        closing_line = bisect_right(line_starts, closing.start()) - 1
        front_matter = FrontMatter(source[inside:max(inside, closing.start() - 1)], 2,
                                   closing_line + 1)
        body = line_offset(source, line_starts, closing_line + 1)
    lined = "\n" + source
    if any(char in source for char in _FULL_PARSER_CHARS) or _NEEDS_FULL_PARSER.search(lined, body):
        return None
    pipes = "|" in source[body:]
    blocks: list[Block] = []
    starts = [m.start() for m in _STARTS.finditer(lined, body)]
    for run in _RUN.finditer(source, body):
        start, end = run.span()
        first = bisect_right(line_starts, start)
        text = run.group()
        below = bisect_left(starts, start)
        if pipes and "|" in text:
            if not _table_rows(text, start, first, blocks):
                return None
        elif below == len(starts) or starts[below] >= end:
            blocks.append(Block("paragraph", start, end, first,
                                bisect_right(line_starts, end - 1)))
        else:
            _split_run(text, start, first, blocks)
    return front_matter, blocks


def _table_rows(text: str, offset: int, first_line: int, blocks: list[Block]) -> bool:
    """The rows of a pipe table that is a whole run of lines, one block each, as markdown-it-py
    splits it (GFM tables); False, adding nothing, for any other run holding a `|`.

    Only the plain form is taken: every line starts with `|`, no backslash (escaped pipes), a
    delimiter row of as many cells as the header. markdown-it-py then makes one row of every
    line but the delimiter, and nothing in a line that starts with `|` can end the table early.
    """
    rows = text.split("\n")
    if len(rows) < 2 or "\\" in text or not all(row.startswith("|") for row in rows):
        return False
    delimiter = rows[1]
    if len(delimiter) < 2 or delimiter.strip("|-: \t"):
        return False
    cells = delimiter.split("|")
    for index, cell in enumerate(cells):
        cell = cell.strip(" \t")
        if cell:
            if not _DELIMITER_CELL.fullmatch(cell):
                return False
        elif 0 < index < len(cells) - 1:
            return False
    columns = sum(1 for cell in cells if cell.strip(" \t"))
    header = rows[0].rstrip(" \t")
    if header[-1] != "|" and header[-1].isspace():
        return False  # markdown-it may trim this character too: let it count the cells
    if columns == 0 or header.count("|") - (header[-1] == "|") != columns \
            or (len(rows) - 2) * columns > _MAX_AUTOCOMPLETED_CELLS:
        return False
    position, line = offset, first_line
    for index, row in enumerate(rows):
        if index != 1:
            blocks.append(Block("table_row", position, position + len(row), line, line))
        position += len(row) + 1
        line += 1
    return True


def _split_run(text: str, offset: int, first_line: int, blocks: list[Block]) -> None:
    """Blocks of consecutive non-blank lines holding `#` headings or `- ` items (1-based lines)."""
    para_start = para_end = -1
    para_first = 0
    line = first_line
    position = offset
    for row in text.split("\n"):
        row_end = position + len(row)
        heading = _HEADING.match(row) is not None
        if heading or row[:2] in ("- ", "+ ", "* "):
            if para_start >= 0:
                blocks.append(Block("paragraph", para_start, para_end, para_first, line - 1))
                para_start = -1
            if heading:
                blocks.append(Block("heading", position, row_end, line, line))
            else:
                para_start, para_first = position, line
        elif para_start < 0:
            para_start, para_first = position, line
        para_end = row_end
        line += 1
        position = row_end + 1
    if para_start >= 0:
        blocks.append(Block("paragraph", para_start, para_end, para_first, line - 1))


def line_offset(source: str, line_starts: list[int], line_index: int) -> int:
    """Offset of the start of line `line_index` (0-based); the end of the text past the last."""
    return line_starts[line_index] if line_index < len(line_starts) else len(source)


@cache
def _markdown_it() -> Any:
    """The block-level markdown-it-py parser, built on first use (its import is the slow part)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")
    parser.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    return parser


def full_blocks(source: str, line_starts: list[int]) -> tuple[FrontMatter | None, list[Block]]:
    """Blocks of any Markdown letter, by markdown-it-py (block level only: inline parsing is not
    needed and costs as much again)."""
    front_matter = None
    blocks: list[Block] = []
    for token in _markdown_it().parse(source):
        if token.type == "front_matter" and token.map:
            front_matter = FrontMatter(token.content, token.map[0] + 2, token.map[1])
            continue
        kind = _LEAF_BLOCKS.get(token.type)
        if kind is None or not token.map:
            continue
        if kind == "html" and token.content.lstrip().startswith("<!--"):
            kind = "comment"
        first, last = token.map
        start = line_offset(source, line_starts, first)
        end = line_offset(source, line_starts, last)
        if end > start and source[end - 1] == "\n":
            end -= 1
        if kind == "paragraph" and blocks and blocks[-1].kind == "table_row" \
                and blocks[-1].start == start:
            continue
        blocks.append(Block(kind, start, end, first + 1, last))
    return front_matter, blocks


def markdown_blocks(source: str,
                    line_starts: list[int]) -> tuple[FrontMatter | None, list[Block]]:
    return plain_blocks(source, line_starts) or full_blocks(source, line_starts)
