"""Rewrite a parsed template so that rendering it also says where its output and branches came from.

Two things are added to Jinja2's syntax tree before it is compiled:

* before every piece of output (literal text, `{{ … }}`) a marker, see linemap.py;
* at the start of every branch body (`{% if %}`, `{% elif %}`, `{% else %}`, `{% for %}` and its
  `{% else %}`) a call that records the branch as reached and prints nothing.

Markers are only put where output goes straight to the letter. Inside a macro, a `{% call %}`,
a `{% filter %}` block or a `{% set %}` block, output is captured as a string that the template
may still test, measure or transform, and a marker there could change what is rendered; that
output is placed at the tag or `{{` that prints it instead. Branch probes have no output, so they
go everywhere.

The syntax tree has lines but no columns, and no node for `{% else %}`: columns and tag texts
come from the lexer (source.py), matched to the tree in source order. Both walk the template
from top to bottom, so the n-th data run, expression or `{% if %}` of one is the n-th of the
other; any disagreement is a bug, reported as such rather than as a wrong position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import nodes

from checker.templates.linemap import MAX_MARKERS, Piece, piece_marker
from checker.templates.source import Lexed, Tag, TemplateText

PROBE = "amiable_reach"
"""Method of the rendering environment called by branch probes (see render.py)."""

_CAPTURING = (nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock)
_BLOCK_KEYWORDS = {"if": "endif", "for": "endfor"}


class MatchError(RuntimeError):
    """The lexer and the parser disagree on the template: a bug in this module."""


@dataclass(frozen=True, slots=True)
class Branch:
    """A branch body, placed at the tag that opens it."""

    line: int
    column: int
    end_column: int
    source: str


@dataclass
class Instrumented:
    template: nodes.Template
    pieces: list[Piece] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)


def _branch_groups(tags: tuple[Tag, ...]) -> dict[str, list[list[Tag]]]:
    """For each `if` and `for` tag, in source order: the tag and its `elif`/`else` tags."""
    groups: dict[str, list[list[Tag]]] = {"if": [], "for": []}
    stack: list[list[Tag]] = []
    for tag in tags:
        if tag.keyword in _BLOCK_KEYWORDS:
            group = [tag]
            groups[tag.keyword].append(group)
            stack.append(group)
        elif tag.keyword in ("elif", "else") and stack:
            stack[-1].append(tag)
        elif tag.keyword in _BLOCK_KEYWORDS.values() and stack:
            stack.pop()
    return groups


class _Rewriter:
    def __init__(self, source: TemplateText, lexed: Lexed) -> None:
        self.source = source
        self.lexed = lexed
        self.line_shift = source.body_line - 1
        self.groups = _branch_groups(lexed.tags)
        self.keyword_tags: dict[str, list[Tag]] = {"call": [], "filter": []}
        for tag in lexed.tags:
            if tag.keyword in self.keyword_tags:
                self.keyword_tags[tag.keyword].append(tag)
        self.seen = {"data": 0, "expression": 0, "if": 0, "for": 0, "call": 0, "filter": 0}
        self.pieces: list[Piece] = []
        self.branches: list[Branch] = []

    # -- matching with the lexer -----------------------------------------------------------

    def _next(self, kind: str, available: int) -> int:
        index = self.seen[kind]
        if index >= available:
            raise MatchError(f"template instrumentation: more {kind} nodes than tokens")
        self.seen[kind] = index + 1
        return index

    def _piece(self, start: int, end: int | None) -> tuple[int, int]:
        """Register a piece; return its index and its line in the body (for node linenos)."""
        if len(self.pieces) >= MAX_MARKERS:
            raise OverflowError("too many pieces of output")
        line, column = self.source.line_col(start)
        if end is None:
            self.pieces.append(Piece(line, column, True, line, column))
        else:
            end_line, end_column = self.source.line_col(end)
            self.pieces.append(Piece(line, column, False, end_line, end_column))
        return len(self.pieces) - 1, line - self.line_shift

    def _marker(self, index: int, lineno: int) -> nodes.TemplateData:
        return nodes.TemplateData(piece_marker(index), lineno=lineno)

    def _tag_marker(self, tag: Tag) -> nodes.Output:
        index, lineno = self._piece(tag.start, tag.end)
        return nodes.Output([self._marker(index, lineno)], lineno=lineno)

    def _probe(self, tag: Tag) -> nodes.ExprStmt:
        line, column = self.source.line_col(tag.start)
        end_line, end_column = self.source.line_col(tag.end)
        if end_line != line:
            end_column = len(self.source.line_text(line)) + 1
        self.branches.append(Branch(line, column, end_column, tag.source))
        lineno = line - self.line_shift
        call = nodes.Call(nodes.EnvironmentAttribute(PROBE, lineno=lineno),
                          [nodes.Const(len(self.branches) - 1, lineno=lineno)], [], None, None,
                          lineno=lineno)
        return nodes.ExprStmt(call, lineno=lineno)

    # -- walking ---------------------------------------------------------------------------

    def body(self, statements: list[nodes.Node], capturing: bool) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for node in statements:
            if isinstance(node, nodes.Output):
                result.append(self._output(node, capturing))
            elif isinstance(node, nodes.If):
                result.append(self._if(node, capturing))
            elif isinstance(node, nodes.For):
                tag, *rest = self._group("for")
                if node.recursive and not capturing:
                    result.append(self._tag_marker(tag))
                inner = capturing or node.recursive
                node.body = [self._probe(tag), *self.body(node.body, inner)]
                if rest:
                    node.else_ = [self._probe(rest[-1]), *self.body(node.else_, inner)]
                elif node.else_:
                    raise MatchError("template instrumentation: for-else without its tag")
                result.append(node)
            else:
                if isinstance(node, (nodes.CallBlock, nodes.FilterBlock)):
                    keyword = "call" if isinstance(node, nodes.CallBlock) else "filter"
                    tags = self.keyword_tags[keyword]
                    tag = tags[self._next(keyword, len(tags))]
                    if not capturing:
                        result.append(self._tag_marker(tag))
                self._children(node, capturing or isinstance(node, _CAPTURING))
                result.append(node)
        return result

    def _children(self, node: nodes.Node, capturing: bool) -> None:
        for name in node.fields:
            value = getattr(node, name)
            if isinstance(value, list) and any(isinstance(v, nodes.Stmt) for v in value):
                setattr(node, name, self.body(value, capturing))

    def _group(self, keyword: str) -> list[Tag]:
        groups = self.groups[keyword]
        return groups[self._next(keyword, len(groups))]

    def _if(self, node: nodes.If, capturing: bool) -> nodes.If:
        tag, *rest = self._group("if")
        elifs = [t for t in rest if t.keyword == "elif"]
        otherwise = [t for t in rest if t.keyword == "else"]
        if len(elifs) != len(node.elif_) or (node.else_ and not otherwise):
            raise MatchError("template instrumentation: if/elif/else tags do not match")
        node.body = [self._probe(tag), *self.body(node.body, capturing)]
        for elif_tag, elif_node in zip(elifs, node.elif_, strict=True):
            elif_node.body = [self._probe(elif_tag), *self.body(elif_node.body, capturing)]
        if otherwise:
            node.else_ = [self._probe(otherwise[-1]), *self.body(node.else_, capturing)]
        return node

    def _output(self, node: nodes.Output, capturing: bool) -> nodes.Output:
        children: list[nodes.Expr] = []
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                index = self._next("data", len(self.lexed.data))
                offset, text = self.lexed.data[index]
                if text != child.data:
                    raise MatchError("template instrumentation: literal text does not match")
                if not capturing:
                    piece, lineno = self._piece(offset, None)
                    children.append(self._marker(piece, lineno))
            else:
                index = self._next("expression", len(self.lexed.expressions))
                if not capturing:
                    piece, lineno = self._piece(*self.lexed.expressions[index])
                    children.append(self._marker(piece, lineno))
            children.append(child)
        node.nodes = children
        return node


def instrument(template: nodes.Template, source: TemplateText, lexed: Lexed) -> Instrumented:
    """Add markers and probes to `template` (modified in place) and say what they stand for."""
    rewriter = _Rewriter(source, lexed)
    template.body = rewriter.body(template.body, False)
    counts = {"data": len(lexed.data), "expression": len(lexed.expressions),
              "if": len(rewriter.groups["if"]), "for": len(rewriter.groups["for"])}
    for kind, count in counts.items():
        if rewriter.seen[kind] != count:
            raise MatchError(f"template instrumentation: {kind} tokens left unmatched")
    return Instrumented(template, rewriter.pieces, rewriter.branches)
