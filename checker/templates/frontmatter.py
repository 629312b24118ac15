"""A template's front matter: its letter metadata, its fixtures, and what the rendered letter keeps.

The front matter is not templated: it says what kind of letter every rendering is. The rendered
letter keeps it, line for line, without the `fixtures` list (the letter checker would refuse an
unknown key) and with a fixture's own `metadata` in place of the keys it overrides. Each kept line
is mapped back to its line in the template, so that a finding about metadata points there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from checker.errors import InputError
from checker.model import METADATA_FIELDS
from checker.rules.schemas import validation_errors
from checker.templates.fixtures import Fixture, read_fixtures
from checker.templates.linemap import Piece
from checker.templates.source import TemplateText
from checker.yamlsrc import load_all


@dataclass(frozen=True, slots=True)
class Header:
    """What the front matter of one template gives."""

    fixtures: list[Fixture]
    lines: tuple[tuple[int, str], ...]
    """Every YAML line (its line in the template, its text), fixtures included."""
    keys: dict[str, tuple[int, int]]
    """Each top-level key -> the range [first, end) of its entries in `lines`."""


def _key_ranges(text: str) -> dict[str, tuple[int, int]]:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    ranges: dict[str, tuple[int, int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            end = value.end_mark.line + (1 if value.end_mark.column else 0)
            ranges[str(key.value)] = (key.start_mark.line, max(end, key.start_mark.line + 1))
    return ranges


def read_header(template: TemplateText) -> Header:
    """Validate the front matter (metadata and fixtures), located in the template file."""
    fm = template.front_matter
    if fm is None:
        return Header([], (), {})
    texts = fm.yaml.split("\n")
    if texts[-1] == "":
        texts.pop()
    lines = tuple((fm.first_line + index, text) for index, text in enumerate(texts))
    if not fm.yaml.strip():
        return Header([], lines, {})
    docs = load_all(fm.yaml, template.path, line_offset=fm.first_line - 1, strict=True)
    if len(docs) != 1 or not isinstance(docs[0].value, dict):
        raise InputError(template.path,
                         "en-tête YAML invalide : un mapping `clé: valeur` est attendu",
                         fm.first_line, 1)
    doc = docs[0]
    fixtures = read_fixtures(doc, ("fixtures",)) if "fixtures" in doc.value else []
    metadata = {key: value for key, value in doc.value.items() if key != "fixtures"}
    allowed = sorted([*METADATA_FIELDS, "fixtures"])
    for key in metadata:
        if key not in allowed:
            raise doc.error((key,), f"clé inconnue « {key} » dans l'en-tête du modèle "
                                    f"(clés permises : {', '.join(allowed)})")
    errors = validation_errors("letter-metadata", doc, (), metadata)
    if errors:
        raise errors[0]
    return Header(fixtures, lines, _key_ranges(fm.yaml))


def render_header(template: TemplateText, header: Header, fixture: Fixture | None
                  ) -> tuple[str, list[int], list[Piece]]:
    """The front matter of one rendering: its text and, per line, where it comes from."""
    overrides = fixture.metadata if fixture is not None else {}
    fm = template.front_matter
    if fm is None and not overrides:
        return "", [], []
    opening, closing = (fm.opening, fm.closing) if fm is not None else ("---", "---")
    first_line = fm.first_line if fm is not None else 1
    dropped: set[int] = set()
    for key in ("fixtures", *overrides):
        first, end = header.keys.get(key, (0, 0))
        dropped.update(range(first, end))
    closing_line = first_line + len(header.lines)
    entries = [(1, opening)]
    entries += [(line, text) for index, (line, text) in enumerate(header.lines)
                if index not in dropped]
    override_line = fixture.metadata_line if fixture is not None \
        and fixture.path == template.path else closing_line
    entries += [(override_line, f"{key}: {json.dumps(value, ensure_ascii=False)}")
                for key, value in overrides.items()]
    entries.append((closing_line, closing))
    parts: list[str] = []
    starts: list[int] = []
    pieces: list[Piece] = []
    size = 0
    for line, text in entries:
        starts.append(size)
        pieces.append(Piece(line, 1, True, line, 1))
        parts.append(text + "\n")
        size += len(text) + 1
    return "".join(parts), starts, pieces
