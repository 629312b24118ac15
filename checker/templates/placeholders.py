"""Placeholder mode: check a template that has no fixtures by rendering sample values.

A firm's template library rarely comes with test data. Most placeholders, though, have telling
names (`facture.numero`, `montant_total`, `date_echeance`), and `rules/templates/placeholders.yaml`
maps common names to the fact they stand for and a sample value of that fact, written the way a
letter writes it. Rendering the samples lets the letter rules judge the template's own wording: a
`{{ facture.numero }}` after « facture n° » is read as an invoice reference, exactly as the real
number would be. A placeholder the mapping does not know renders as nothing and is reported, so
that nothing is taken for granted.

Names are compared without case or accents, indexes removed (`factures[0].numero` is
`factures.numero`), and, when the full name is unknown, by its last segments: `agence.telephone`
is found as `telephone`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.rules.pack import pack_dir
from checker.rules.schemas import validation_errors
from checker.templates.linemap import MAX_MARKERS, unmapped_marker
from checker.yamlsrc import load_one, read_text

_NOT_NAME = re.compile(r"[^a-z0-9]+")

TEXT = "text"
"""Kind of a placeholder that stands for ordinary text (a name, an address), not a fact."""


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    sample: str


class PlaceholderMapping:
    """Placeholder names -> what they stand for and the sample rendered in their place."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries

    def lookup(self, name: str) -> Entry | None:
        segments = normalize_name(name).split(".")
        for first in range(len(segments)):
            entry = self.entries.get(".".join(segments[first:]))
            if entry is not None:
                return entry
        return None


def normalize_name(name: str) -> str:
    """`Facture["N°-pièce"][0]` is `facture.n_piece`."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    segments = []
    for segment in plain.replace("[", ".").replace("]", "").split("."):
        if segment and not segment.isdigit():
            segments.append(_NOT_NAME.sub("_", segment).strip("_"))
    return ".".join(s for s in segments if s)


def mapping_path() -> Path:
    return pack_dir() / "templates" / "placeholders.yaml"


@cache
def load_mapping(path: str | None = None) -> PlaceholderMapping:
    """The mapping file, validated by `rules/schema/placeholders.schema.json`."""
    where = str(path or mapping_path())
    doc = load_one(read_text(where), where)
    errors = validation_errors("placeholders", doc)
    if errors:
        raise errors[0]
    samples: dict[str, str] = doc.value["samples"]
    entries: dict[str, Entry] = {}
    for name, spec in doc.value["placeholders"].items():
        key = normalize_name(name)
        if key != name:
            raise doc.error(("placeholders", name),
                            f"nom d'espace réservé « {name} » non normalisé : écrivez « {key} »")
        if isinstance(spec, str):
            entries[key] = Entry(spec, samples[spec])
        elif TEXT in spec:
            entries[key] = Entry(TEXT, spec[TEXT])
        else:
            entries[key] = Entry(spec["fact"], spec.get("sample", samples[spec["fact"]]))
    return PlaceholderMapping(entries)


class PlaceholderScope:
    """One rendering in placeholder mode: the mapping and the unmapped names met so far."""

    def __init__(self, mapping: PlaceholderMapping) -> None:
        self.mapping = mapping
        self.unmapped: list[str] = []
        self._index: dict[str, int] = {}

    def value(self, name: str) -> PlaceholderValue:
        return PlaceholderValue(name, self)

    def text(self, name: str) -> str:
        entry = self.mapping.lookup(name)
        if entry is not None:
            return entry.sample
        index = self._index.get(name)
        if index is None:
            if len(self.unmapped) >= MAX_MARKERS:
                raise OverflowError("trop d'espaces réservés inconnus dans le modèle")
            index = self._index[name] = len(self.unmapped)
            self.unmapped.append(name)
        return unmapped_marker(index)

    def known(self, name: str) -> bool:
        return self.mapping.lookup(name) is not None


_NOT_CHILDREN = frozenset({"jinja_pass_arg", "unsafe_callable", "alters_data"})
"""Attributes that Jinja2 and its sandbox probe for on objects: never placeholders."""


class PlaceholderValue:
    """What a template variable is in placeholder mode.

    Printed, it is its sample (or an unmapped marker); in a condition, true when mapped; any
    attribute or item is a placeholder with the longer name; iterated, it gives one item
    (`lignes[]`), so that a loop body is rendered once. Everything else (arithmetic, comparison
    with numbers) fails, and the template needs fixtures.
    """

    __slots__ = ("_name", "_scope")

    def __init__(self, name: str, scope: PlaceholderScope) -> None:
        self._name = name
        self._scope = scope

    def __str__(self) -> str:
        return self._scope.text(self._name)

    def __repr__(self) -> str:
        return f"<espace réservé {self._name}>"

    def __bool__(self) -> bool:
        return self._scope.known(self._name)

    def __iter__(self) -> Iterator[PlaceholderValue]:
        yield PlaceholderValue(f"{self._name}[]", self._scope)

    def __getattr__(self, attribute: str) -> PlaceholderValue:
        if attribute.startswith("_") or attribute in _NOT_CHILDREN:
            raise AttributeError(attribute)
        return PlaceholderValue(f"{self._name}.{attribute}", self._scope)

    def __getitem__(self, key: Any) -> PlaceholderValue:
        if isinstance(key, str):
            return PlaceholderValue(f"{self._name}.{key}", self._scope)
        return PlaceholderValue(f"{self._name}[]", self._scope)
