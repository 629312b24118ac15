"""What a letter is (type, date, channel, sender, debtor): given, inferred, or assumed.

Precedence: command-line options, then front matter, then what the case file says of the letter
(for a letter attached to an event), then inference from the text (layout.yaml), then the
strictest default. Inferred and defaulted fields are recorded so that the `metadata`
check kind can say so in an info finding: the checker never guesses silently.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from checker.errors import InputError
from checker.letters.document import Letter
from checker.letters.layout import Layout
from checker.model import METADATA_FIELDS, Metadata
from checker.rules.schemas import validation_errors
from checker.yamlsrc import Located, load_all

_SIMPLE_ENTRY = re.compile(r"([a-z_]+):[ ]+([a-z_]+|[0-9]{4}-[0-9]{2}-[0-9]{2})[ ]*")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
"""Plain words YAML 1.1 reads as booleans or null: left to PyYAML."""


def simple_front_matter(text: str, path: str, first_line: int) -> Located | None:
    """Front matter made only of `key: word` and `key: YYYY-MM-DD` lines, read without PyYAML.

    Nearly every letter's front matter is like that, and reading it directly is ten times faster
    than composing a YAML node tree. The result (values and positions) is the one `load_all`
    gives (tests/test_front_matter.py checks it); anything else returns None and goes to YAML.
    """
    doc = Located({}, path)
    for index, line in enumerate(text.split("\n")):
        if not line.strip(" "):
            continue
        entry = _SIMPLE_ENTRY.fullmatch(line)
        if entry is None:
            return None
        key, value = entry.groups()
        if key in doc.value or key in _YAML_WORDS or value in _YAML_WORDS:
            return None
        if not doc.lines:
            doc.lines[()] = (first_line + index, 1)
        doc.value[key] = value
        doc.lines[(key,)] = (first_line + index, entry.start(2) + 1)
    return doc if doc.value else None


def front_matter_values(letter: Letter) -> tuple[dict[str, Any], dict[str, int]]:
    """Validated front matter values and the line of each key."""
    fm = letter.front_matter
    if fm is None or not fm.text.strip():
        return {}, {}
    doc = simple_front_matter(fm.text, letter.path, fm.first_line) \
        or _yaml_front_matter(letter, fm.text, fm.first_line)
    errors = validation_errors("letter-metadata", doc)
    if errors:
        raise errors[0]
    lines = {key: doc.where((key,))[0] for key in doc.value}
    return dict(doc.value), lines


def _yaml_front_matter(letter: Letter, text: str, first_line: int) -> Located:
    docs = load_all(text, letter.path, line_offset=first_line - 1)
    if len(docs) != 1 or not isinstance(docs[0].value, dict):
        raise InputError(letter.path,
                         "en-tête YAML invalide : un mapping `clé: valeur` est attendu",
                         first_line, 1)
    return docs[0]


def check_overrides(overrides: dict[str, str]) -> None:
    """Command-line metadata is validated by the same schema as front matter."""
    doc = Located(dict(overrides), "ligne de commande")
    errors = validation_errors("letter-metadata", doc)
    if errors:
        raise InputError("ligne de commande", errors[0].message)


def resolve(letter: Letter, layout: Layout, overrides: dict[str, str],
            today: datetime.date, fallbacks: dict[str, str] | None = None) -> Metadata:
    """Metadata of a letter; `fallbacks` (what a case file says of the letter) come after the
    front matter and before inference."""
    given, lines = front_matter_values(letter)
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    reasons: dict[str, str] = {}
    text = letter.norm.text
    for name in METADATA_FIELDS:
        if name in overrides:
            values[name], sources[name] = overrides[name], "cli"
        elif name in given:
            values[name], sources[name] = str(given[name]), "front_matter"
        elif fallbacks and name in fallbacks:
            values[name], sources[name] = fallbacks[name], "case"
        else:
            for inference in layout.inference.get(name, ()):
                if any(p.search(text, present=letter.present) for p in inference.patterns):
                    values[name], sources[name] = inference.value, "inferred"
                    reasons[name] = inference.reason
                    break
            else:
                default, reason = layout.defaults[name]
                values[name] = default if default is not None else today.isoformat()
                sources[name], reasons[name] = "default", reason
    return Metadata(values, sources, reasons, lines)
