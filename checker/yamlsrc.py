"""YAML loading that keeps the line and column of every value.

Rule files, front matter and (later) case files are validated by JSON Schema; a schema error is
only useful to a user if it points at the line that caused it. We therefore compose the YAML node
tree ourselves and build plain Python values next to a table of locations keyed by the path of
each value (the same path jsonschema reports). Duplicate keys, which PyYAML silently lets win, are
errors here. Timestamps are returned as ISO strings so that schemas can check their format.

Case files are read with `strict=True`: plain scalars are resolved the YAML 1.2 way (only
true/false are booleans, ISO dates stay strings) and the YAML 1.1 forms that other tools would
read differently (`10:15` as a number of minutes, `no` as false, `01000` as octal) are refused
with a message saying what to write, rather than silently read one way or the other.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.errors import InputError

if TYPE_CHECKING:
    import yaml

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


PLAIN_TAG = "tag:amiable.example,2026:plain"
"""Tag given to every untagged plain scalar by the strict loader, so that `strict_scalar` alone
decides what it means (PyYAML's own resolvers implement YAML 1.1)."""


class _Parsing(NamedTuple):
    yaml: Any
    loader: type[yaml.SafeLoader]
    plain_loader: type[yaml.SafeLoader]
    scalar_builder: yaml.SafeLoader


@cache
def _parsing() -> _Parsing:
    """PyYAML and the loaders built on it, imported on first use.

    A letter whose front matter is a few `key: word` lines, checked with the cached rule set,
    never reads YAML: the import (about 15 ms) would be a tenth of its cold start.
    """
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlainLoader(loader):  # type: ignore[valid-type,misc]
        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode and implicit[0]:
                return PLAIN_TAG
            resolved: str = super().resolve(kind, value, implicit)
            return resolved

    return _Parsing(yaml, loader, PlainLoader, yaml.SafeLoader(""))


class ScalarRefused(ValueError):
    """Raised by a scalar resolver to refuse a value; the loader reports it at the scalar."""


_STR_TAG = "tag:yaml.org,2002:str"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLS = {word: value for words, value in (("yes on", "vrai"), ("no off", "faux"))
                 for base in words.split() for word in (base, base.capitalize(), base.upper())}
_NUMBER_START = frozenset("0123456789+-.")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.+Z-]*)?")
"""A date or date-time in ISO form: text, whatever follows the T (the schema judges it)."""
_INT = re.compile(r"[-+]?[0-9]+")
_LEADING_ZERO_INT = re.compile(r"[-+]?0[0-9]+")
_UNDERSCORE_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?")
_DECIMAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-9]{1,2})+(\.[0-9_]*)?")
_SPACED_DATETIME = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[ \t]+([0-9]{1,2}:[0-9]{2}\S*)")


def strict_scalar(node: yaml.ScalarNode) -> Any:
    """YAML 1.2 core resolution of a scalar, refusing the forms YAML 1.1 reads differently.

    Plain scalars: null forms give None, true/false give booleans, integers give int and other
    numbers Decimal (amounts stay exact); anything else, ISO dates included, is a string. Quoted
    and block scalars are strings. A scalar with any explicit tag other than `!!str` is refused.
    """
    value: str = node.value
    if node.tag == _STR_TAG:
        return value
    if node.tag != PLAIN_TAG:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise ScalarRefused(f"étiquette YAML « {tag} » non prise en charge : retirez-la")
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value in _YAML11_BOOLS:
        raise ScalarRefused(
            f"« {value} » sans guillemets est lu comme un booléen ({_YAML11_BOOLS[value]}) en "
            f'YAML 1.1 : écrivez "{value}" entre guillemets s\'il s\'agit d\'un texte')
    if value[0] not in _NUMBER_START or _ISO_DATE.fullmatch(value):
        return value
    if _LEADING_ZERO_INT.fullmatch(value):
        raise ScalarRefused(
            f"« {value} » sans guillemets est un nombre ambigu (octal en YAML 1.1) dont le zéro "
            f'initial serait perdu : écrivez "{value}" entre guillemets')
    if _INT.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        return Decimal(value)
    if _UNDERSCORE_NUMBER.fullmatch(value):
        raise ScalarRefused(
            f"« {value} » : nombre avec soulignés, lu différemment selon la version de YAML ; "
            f"écrivez {value.replace('_', '')}")
    if _SEXAGESIMAL.fullmatch(value):
        raise ScalarRefused(
            f"« {value} » sans guillemets est lu comme un nombre en base 60 en YAML 1.1 : écrivez "
            f'l\'heure entre guillemets ("{value}") ou, avec sa date, sous la forme '
            f"AAAA-MM-JJT{value} (par exemple 2026-01-08T{value})")
    spaced = _SPACED_DATETIME.fullmatch(value)
    if spaced:
        raise ScalarRefused(
            f"date et heure séparées par une espace (« {value} ») : écrivez "
            f"{spaced[1]}T{spaced[2]}, avec un T entre la date et l'heure")
    return value


ScalarResolver = Callable[["yaml.ScalarNode"], Any]


def _scalar_at(node: yaml.ScalarNode, doc: Located, line_offset: int,
               scalar: ScalarResolver) -> Any:
    try:
        return scalar(node)
    except ScalarRefused as exc:
        raise InputError(doc.path, str(exc), node.start_mark.line + 1 + line_offset,
                         node.start_mark.column + 1) from None


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar; one that looks typed but is not valid (2020-02-30) stays a string."""
    parsing = _parsing()
    try:
        value = parsing.scalar_builder.construct_object(node, deep=True)
    except (ValueError, OverflowError, parsing.yaml.constructor.ConstructorError):
        return node.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _build(node: yaml.Node, at: Path, doc: Located, line_offset: int,
           scalar: ScalarResolver = _scalar) -> Any:
    yaml = _parsing().yaml
    doc.lines[at] = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(doc.path, "clé de mapping complexe non prise en charge",
                                 key_node.start_mark.line + 1 + line_offset,
                                 key_node.start_mark.column + 1)
            key = str(_scalar_at(key_node, doc, line_offset, scalar))
            if key in result:
                raise InputError(doc.path, f"clé « {key} » en double",
                                 key_node.start_mark.line + 1 + line_offset,
                                 key_node.start_mark.column + 1)
            result[key] = _build(value_node, at + (key,), doc, line_offset, scalar)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, at + (i,), doc, line_offset, scalar)
                for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar_at(node, doc, line_offset, scalar)


def load_all(text: str, path: str, line_offset: int = 0, *, strict: bool = False) -> list[Located]:
    """Parse every YAML document in `text`; raise InputError with the position on bad YAML.

    `strict` resolves scalars with `strict_scalar` (case files) instead of PyYAML's YAML 1.1 rules.
    """
    docs: list[Located] = []
    parsing = _parsing()
    yaml = parsing.yaml
    loader = parsing.plain_loader if strict else parsing.loader
    scalar = strict_scalar if strict else _scalar
    try:
        for node in yaml.compose_all(text, Loader=loader):
            if node is None:
                continue
            doc = Located(None, path)
            doc.value = _build(node, (), doc, line_offset, scalar)
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


def load_one(text: str, path: str, line_offset: int = 0, *, strict: bool = False) -> Located:
    """Parse a file that holds exactly one YAML document (an empty file is an error)."""
    docs = load_all(text, path, line_offset, strict=strict)
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
