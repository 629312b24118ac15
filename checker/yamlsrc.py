"""YAML loading that keeps the line and column of every value.

Rule files, front matter and (later) case files are validated by JSON Schema; a schema error is
only useful to a user if it points at the line that caused it. We therefore compose the YAML node
tree ourselves and build plain Python values next to a table of locations keyed by the path of
each value (the same path jsonschema reports). Duplicate keys, which PyYAML silently lets win, are
errors here. Timestamps are returned as ISO strings so that schemas can check their format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.errors import InputError

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml is missing on this Python
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]


@dataclass
class Located:
    """A YAML document as plain values plus where each value stands in the file."""

    value: Any
    path: str
    lines: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, at: Path) -> tuple[int, int]:
        """Line and column (1-based) of the value at `at`, or of its nearest located parent."""
        probe = tuple(at)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), (1, 1))

    def error(self, at: Path, message: str) -> InputError:
        line, column = self.where(at)
        return InputError(self.path, message, line, column)


_scalar_builder = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar; one that looks typed but is not valid (2020-02-30) stays a string."""
    try:
        value = _scalar_builder.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return node.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _build(node: yaml.Node, at: Path, doc: Located, line_offset: int) -> Any:
    doc.lines[at] = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(doc.path, "clé de mapping complexe non prise en charge",
                                 key_node.start_mark.line + 1 + line_offset,
                                 key_node.start_mark.column + 1)
            key = str(_scalar(key_node))
            if key in result:
                raise InputError(doc.path, f"clé « {key} » en double",
                                 key_node.start_mark.line + 1 + line_offset,
                                 key_node.start_mark.column + 1)
            result[key] = _build(value_node, at + (key,), doc, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, at + (i,), doc, line_offset) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def load_all(text: str, path: str, line_offset: int = 0) -> list[Located]:
    """Parse every YAML document in `text`; raise InputError with the position on bad YAML."""
    docs: list[Located] = []
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is None:
                continue
            doc = Located(None, path)
            doc.value = _build(node, (), doc, line_offset)
            docs.append(doc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "YAML invalide"
        raise InputError(path, f"YAML invalide : {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"YAML invalide : {exc}") from None
    return docs


def load_one(text: str, path: str, line_offset: int = 0) -> Located:
    """Parse a file that holds exactly one YAML document (an empty file is an error)."""
    docs = load_all(text, path, line_offset)
    if not docs:
        raise InputError(path, "fichier YAML vide", 1, 1)
    if len(docs) > 1:
        raise InputError(path, "un seul document YAML est attendu dans ce fichier", 1, 1)
    return docs[0]


def read_text(path: str) -> str:
    """Read a data file (rules, parameters) as UTF-8, as an InputError when that fails."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise InputError(path, f"encodage invalide, UTF-8 attendu (octet {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"lecture impossible : {exc.strerror}") from None
