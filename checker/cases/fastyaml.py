"""Reading the common shape of a YAML case file without composing a PyYAML node tree.

Composing a node tree (a Python object and two marks per scalar) and walking it costs about half a
millisecond for a 30-event case file, more than all the case rules together. Nearly every case
file is written the same way: top-level `key: value` lines, block lists (`- …`), block mappings,
and one-line flow mappings such as `- {at: 2026-01-08, kind: appel}`. This module reads that
subset directly with a few regular expressions, giving the values and the locations
(`Located.where`) that `yamlsrc.load_one(text, path, strict=True)` gives; the places of the
scalars inside event lines are worked out only if an error needs one.

It never reports an error itself: anything outside the subset, or anything the strict loader would
refuse or warn about (a duplicate key, a YAML 1.1 trap, an explicit tag, an anchor, a comment after
a plain value, a multi-line scalar, an unusual character), makes `read_case_yaml` return None, and
the caller reads the file with PyYAML, which words the error. tests/test_fast_case_yaml.py checks
that both readers agree, on the sample dossiers and on generated files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from checker.yamlsrc import PLAIN_TAG, Located, Path, ScalarRefused, strict_scalar

if TYPE_CHECKING:
    import yaml

_UNUSUAL_ASCII = re.compile("[^\n\x20-\x7e]")
_UNUSUAL = "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
"""Characters left to PyYAML: tabs, controls, the other line breaks YAML knows (NEL, U+2028,
U+2029), a byte-order mark inside the text, lone surrogates. Compiled on first use (5 ms): most
case files are ASCII."""

_BLOCK_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): +")
_PLAIN_IN_FLOW = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\s:,\[\]{}#]*(?:(?::+| +)[^\s:,\[\]{}#]+)*"
"""A plain scalar inside `{…}` or `[…]`: no flow indicator, no `#`, `:` and spaces only between
words (so never `: `, and no trailing space)."""
_FLOW_PLAIN = re.compile(_PLAIN_IN_FLOW)
_FLAT_ENTRY = r"""([A-Za-z_][A-Za-z0-9_]*): +("[^"\\]*"|'(?:[^']|'')*'|""" + _PLAIN_IN_FLOW + ")"
_FLAT_MAX = 8
_FLAT_MAPPING = re.compile(r"\{ *" + _FLAT_ENTRY
                           + "".join(f"(?: *, *{_FLAT_ENTRY}" for _ in range(_FLAT_MAX - 1))
                           + ")?" * (_FLAT_MAX - 1) + r" *\}")
"""A one-line flow mapping of up to eight scalars, the usual event (`{at: 2026-01-08, kind:
appel}`), matched whole by one regular expression: entry i is groups 2i+1 (key) and 2i+2 (value,
quotes included)."""
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_SPACES = re.compile(r" *")
_END = re.compile(r"(?: +#.*)?$")
"""What may follow a complete value on its line: spaces, then a comment."""
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MEMO_LIMIT = 4096


class _Outside(Exception):
    """The text is outside the subset read here: PyYAML reads it."""


class _PlainScalar(NamedTuple):
    """What `strict_scalar` reads of a node: its tag and its text (PyYAML is not imported)."""

    value: str
    tag: str = PLAIN_TAG


_NOT_READ = object()
_plain_memo: dict[str, Any] = {}


def _plain(text: str) -> Any:
    """A plain scalar resolved as `strict_scalar` does (memoised: kinds and keys repeat)."""
    value = _plain_memo.get(text, _NOT_READ)
    if value is _NOT_READ:
        try:
            value = strict_scalar(cast("yaml.ScalarNode", _PlainScalar(text)))
        except ScalarRefused:
            raise _Outside from None
        if len(_plain_memo) >= _MEMO_LIMIT:
            _plain_memo.clear()
        _plain_memo[text] = value
    return value


_key_memo: dict[str, str] = {}


def _key(text: str) -> str:
    """A plain key as the strict loader reads it (`true` is the key "True")."""
    key = _key_memo.get(text)
    if key is None:
        key = str(_plain(text))
        if len(_key_memo) >= _MEMO_LIMIT:
            _key_memo.clear()
        _key_memo[text] = key
    return key


@cache
def _unusual() -> re.Pattern[str]:
    return re.compile(_UNUSUAL)


def read_case_yaml(text: str, path: str) -> Located | None:
    """The document `load_one(text, path, strict=True)` would give, or None (see module doc)."""
    if (_UNUSUAL_ASCII if text.isascii() else _unusual()).search(text):
        return None
    doc = _LaterLocated(None, path, text=text)
    try:
        doc.value = _Reader(text, doc, scalars=False).document()
    except (_Outside, RecursionError):
        return None
    return doc


@dataclass
class _LaterLocated(Located):
    """A document whose scalars inside one-line flow mappings are located only when asked for.

    Only errors ask for them, and recording the place of every scalar of every event was a fifth
    of the reading. Any path not yet in the table makes the text be read again, recording
    everything, before answering as `Located` does.
    """

    text: str = ""
    complete: bool = False

    def where(self, at: Path) -> tuple[int, int]:
        if not self.complete and tuple(at) not in self.lines:
            full = Located(None, self.path)
            _Reader(self.text, full, scalars=True).document()
            self.lines, self.complete = full.lines, True
        return super().where(at)


class _Reader:
    """Block structure by indentation, one logical line at a time; flow mappings by regex.

    `scalars` False leaves out the places of the scalars of one-line flow mappings."""

    def __init__(self, text: str, doc: Located, scalars: bool) -> None:
        self.scalars = scalars
        rows = []
        for number, raw in enumerate(text.split("\n"), 1):
            content = raw.lstrip(" ")
            if content and content[0] != "#":
                rows.append((number, len(raw) - len(content), content.rstrip(" ")))
        self.rows = rows
        self.lines = doc.lines
        self.k = 0

    def document(self) -> Any:
        rows = self.rows
        if not rows or rows[0][1] != 0:
            raise _Outside
        value = self.block(0, ())
        if self.k != len(rows):
            raise _Outside
        return value

    def block(self, indent: int, at: Path, indentless: bool = False) -> Any:
        """The block node starting on the current row, at column `indent`."""
        content = self.rows[self.k][2]
        if content[0] == "-" and (len(content) == 1 or content[1] == " "):
            return self.sequence(indent, at, indentless)
        if _BLOCK_KEY.match(content):
            return self.mapping(self.rows[self.k], at)
        raise _Outside

    def mapping(self, first: tuple[int, int, str], at: Path) -> dict[str, Any]:
        """A block mapping whose first key is `first` (a row, or the rest of a `- ` row)."""
        number, indent, content = first
        self.lines[at] = (number, indent + 1)
        result: dict[str, Any] = {}
        rows = self.rows
        while True:
            match = _BLOCK_KEY.match(content)
            if match is None:
                raise _Outside
            key = _key(match[1])
            if key in result:
                raise _Outside
            rest = content[match.end():]
            self.k += 1
            if rest:
                result[key] = self.inline(rest, number, indent + match.end(), at + (key,))
            elif self.k < len(rows) and rows[self.k][1] > indent:
                result[key] = self.block(rows[self.k][1], at + (key,))
            elif self.k < len(rows) and rows[self.k][1] == indent and rows[self.k][2][0] == "-":
                result[key] = self.block(indent, at + (key,), indentless=True)
            else:
                raise _Outside  # an empty value: left to PyYAML
            if self.k == len(rows) or rows[self.k][1] < indent:
                return result
            number, row_indent, content = rows[self.k]
            if row_indent != indent:
                raise _Outside

    def sequence(self, indent: int, at: Path, indentless: bool) -> list[Any]:
        """A block sequence of `- ` items at column `indent`."""
        rows = self.rows
        self.lines[at] = (rows[self.k][0], indent + 1)
        result: list[Any] = []
        while True:
            number, _, content = rows[self.k]
            rest = content[1:].lstrip(" ")
            if not rest:
                raise _Outside
            column = indent + len(content) - len(rest)
            item = at + (len(result),)
            if rest[0] == "{":
                flat = _FLAT_MAPPING.match(rest)
                if flat is not None and flat.end() == len(rest):  # the usual event line
                    self.k += 1
                    self.lines[item] = (number, column + 1)
                    result.append(self.flat_mapping(flat, number, column, item))
                else:
                    self.k += 1
                    result.append(self.inline(rest, number, column, item))
            elif rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
                raise _Outside
            elif _BLOCK_KEY.match(rest):
                result.append(self.mapping((number, column, rest), item))
            else:
                self.k += 1
                result.append(self.inline(rest, number, column, item))
            if self.k == len(rows) or rows[self.k][1] < indent:
                return result
            row_indent, content = rows[self.k][1], rows[self.k][2]
            if row_indent != indent:
                raise _Outside
            if content[0] != "-" or (len(content) > 1 and content[1] != " "):
                if indentless:
                    return result
                raise _Outside

    def inline(self, text: str, number: int, column: int, at: Path) -> Any:
        """A value that ends on its row: flow collection, quoted or plain scalar."""
        if text[0] in "{[\"'":
            value, end = self.flow(text, 0, number, column, at)
            if not _END.match(text, end):
                raise _Outside
            return value
        if text[0] in _PLAIN_START or " #" in text or ": " in text or text[-1] == ":":
            raise _Outside
        self.lines[at] = (number, column + 1)
        return _plain(text)

    def flow(self, text: str, pos: int, number: int, column: int, at: Path) -> tuple[Any, int]:
        """The flow value at `text[pos]` and the position after it."""
        if pos == len(text):
            raise _Outside
        self.lines[at] = (number, column + pos + 1)
        first = text[pos]
        if first == "{":
            flat = _FLAT_MAPPING.match(text, pos)
            if flat is not None:
                return self.flat_mapping(flat, number, column, at), flat.end()
            return self.flow_mapping(text, pos + 1, number, column, at)
        if first == "[":
            return self.flow_sequence(text, pos + 1, number, column, at)
        if first == '"':
            match = _DOUBLE.match(text, pos)
            if match is None:
                raise _Outside
            return match[1], match.end()
        if first == "'":
            match = _SINGLE.match(text, pos)
            if match is None:
                raise _Outside
            return match[1].replace("''", "'"), match.end()
        match = _FLOW_PLAIN.match(text, pos)
        if match is None:
            raise _Outside
        return _plain(match[0]), match.end()

    def flat_mapping(self, flat: re.Match[str], number: int, column: int,
                     at: Path) -> dict[str, Any]:
        """The entries of a flow mapping of scalars matched by `_FLAT_MAPPING`."""
        result: dict[str, Any] = {}
        lines = self.lines
        scalars = self.scalars
        memo = _plain_memo
        groups = flat.groups()
        count = 0
        for index in range(0, 2 * _FLAT_MAX, 2):
            name = groups[index]
            if name is None:
                break
            count += 1
            key = _key_memo.get(name)
            if key is None:
                key = _key(name)
            token = groups[index + 1]
            first = token[0]
            if first == '"':
                value = token[1:-1]
            elif first == "'":
                value = token[1:-1].replace("''", "'")
            else:
                value = memo.get(token, _NOT_READ)
                if value is _NOT_READ:
                    value = _plain(token)
            result[key] = value
            if scalars:
                lines[at + (key,)] = (number, column + flat.start(index + 2) + 1)
        if len(result) != count:
            raise _Outside  # a duplicate key
        return result

    def flow_mapping(self, text: str, pos: int, number: int, column: int,
                     at: Path) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("}", pos):
            return result, pos + 1
        while True:
            match = _FLOW_KEY.match(text, pos)
            if match is None:
                raise _Outside
            key = _key(match[1])
            if key in result:
                raise _Outside
            result[key], pos = self.flow(text, match.end(), number, column, at + (key,))
            pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("}", pos):
                return result, pos + 1
            if not text.startswith(",", pos):
                raise _Outside
            pos = _SPACES.match(text, pos + 1).end()  # type: ignore[union-attr]

    def flow_sequence(self, text: str, pos: int, number: int, column: int,
                      at: Path) -> tuple[list[Any], int]:
        result: list[Any] = []
        pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("]", pos):
            return result, pos + 1
        while True:
            value, pos = self.flow(text, pos, number, column, at + (len(result),))
            result.append(value)
            pos = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("]", pos):
                return result, pos + 1
            if not text.startswith(",", pos):
                raise _Outside
            pos = _SPACES.match(text, pos + 1).end()  # type: ignore[union-attr]
