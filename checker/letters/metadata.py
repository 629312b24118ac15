"""What a letter is (type, date, channel, sender, debtor): given, inferred, or assumed.

Precedence: command-line options, then front matter, then what the case file says of the letter
(for a letter attached to an event), then inference from the text (layout.yaml), then the
strictest default. Inferred and defaulted fields are recorded so that the `metadata`
check kind can say so in an info finding: the checker never guesses silently.
"""

from __future__ import annotations

import datetime
from typing import Any

from checker.errors import InputError
from checker.letters.document import Letter
from checker.letters.layout import Layout
from checker.model import METADATA_FIELDS, Metadata
from checker.rules.schemas import validation_errors
from checker.yamlsrc import Located, load_all


def front_matter_values(letter: Letter) -> tuple[dict[str, Any], dict[str, int]]:
    """Validated front matter values and the line of each key."""
    fm = letter.front_matter
    if fm is None or not fm.text.strip():
        return {}, {}
    docs = load_all(fm.text, letter.path, line_offset=fm.first_line - 1)
    if len(docs) != 1 or not isinstance(docs[0].value, dict):
        raise InputError(letter.path,
                         "en-tête YAML invalide : un mapping `clé: valeur` est attendu",
                         fm.first_line, 1)
    doc = docs[0]
    errors = validation_errors("letter-metadata", doc)
    if errors:
        raise errors[0]
    lines = {key: doc.where((key,))[0] for key in doc.value}
    return dict(doc.value), lines


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
                if any(p.search(text) for p in inference.patterns):
                    values[name], sources[name] = inference.value, "inferred"
                    reasons[name] = inference.reason
                    break
            else:
                default, reason = layout.defaults[name]
                values[name] = default if default is not None else today.isoformat()
                sources[name], reasons[name] = "default", reason
    return Metadata(values, sources, reasons, lines)
