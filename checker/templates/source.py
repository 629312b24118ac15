"""A template file as text: its front matter, its Jinja2 body, and where each tag stands.

Jinja2's syntax tree knows lines but not columns, and has no node at all for `{% else %}`. Both
are needed to point a finding at the exact `{{` or tag, so the body is also read through
Jinja2's own lexer, and each token is found again in the source to recover its offset. Only
whitespace can lie between two tokens: what `{%-` and `-%}` strip.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from jinja2 import Environment

from checker.errors import InputError

_OPENING = re.compile(r"-{3,}")
_CLOSING = re.compile(r" {0,3}(-{3,})[ \t]*|\.\.\.[ \t]*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The YAML between the `---` lines; lines are 1-based, in the template file."""

    opening: str
    closing: str
    yaml: str
    first_line: int
    """Line of the first YAML line (the one after the opening `---`)."""


@dataclass(frozen=True, slots=True)
class TemplateText:
    path: str
    text: str
    line_starts: tuple[int, ...]
    front_matter: FrontMatter | None
    body_start: int
    """Offset in `text` where the Jinja2 body begins."""

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def body_line(self) -> int:
        return self.line_col(self.body_start)[0]

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]


def split(path: str, text: str) -> TemplateText:
    """Separate the front matter the way the letter reader does (markdown-it's plugin)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    opening = _OPENING.match(lines[0])
    if opening:
        for index in range(1, len(lines)):
            closing = _CLOSING.fullmatch(lines[index])
            if closing is None:
                continue
            if closing.group(1) is not None and len(closing.group(1)) < len(opening.group()):
                continue
            body_start = starts[index + 1] if index + 1 < len(starts) else len(text)
            yaml_text = text[starts[1]:starts[index]] if index > 1 else ""
            fm = FrontMatter(lines[0], lines[index], yaml_text, 2)
            return TemplateText(path, text, tuple(starts), fm, body_start)
    return TemplateText(path, text, tuple(starts), None, 0)


@dataclass(frozen=True, slots=True)
class Tag:
    """One `{% … %}` tag of the body; offsets are in the template file."""

    keyword: str
    start: int
    end: int
    source: str
    """The tag as written, white space collapsed: `{% elif montant > 0 %}`."""


@dataclass(frozen=True, slots=True)
class Lexed:
    """Offsets (in the template file) of what the syntax tree cannot place."""

    data: tuple[tuple[int, str], ...]
    """Every non-empty run of literal text: its offset and its text."""
    expressions: tuple[tuple[int, int], ...]
    """Every `{{ … }}`: the offset of `{{` and the offset just past `}}`."""
    tags: tuple[Tag, ...]


def lex(env: Environment, template: TemplateText) -> Lexed:
    """Find every data run, expression and tag of the body in the template file.

    Call only once the body has parsed: the lexer's errors are reported by the parser.
    """
    body = template.body
    base = template.body_start
    data: list[tuple[int, str]] = []
    expressions: list[tuple[int, int]] = []
    tags: list[Tag] = []
    pos = 0
    opened = 0
    keyword: str | None = None
    for _line, kind, value in env.lex(body):
        at = body.find(value, pos)
        if at < 0 or body[pos:at].strip():
            raise InputError(template.path, "modèle illisible : jeton introuvable dans le source",
                             *template.line_col(base + pos))
        pos = at + len(value)
        if kind == "data" and value:
            data.append((base + at, value))
        elif kind in ("variable_begin", "block_begin"):
            opened = at
            keyword = None
        elif kind == "name" and keyword is None:
            keyword = value
        elif kind == "variable_end":
            expressions.append((base + opened, base + at + value.index("}}") + 2))
        elif kind == "block_end":
            end = at + value.index("%}") + 2
            text = _SPACES.sub(" ", body[opened:end])
            tags.append(Tag(keyword or "", base + opened, base + end, text))
    return Lexed(tuple(data), tuple(expressions), tuple(tags))
