"""Fixtures: the named cases a template is rendered with, from its front matter or `--data FILE`.

A fixture is `{name, data, metadata?}`: `data` holds the template's variables; `metadata`
(optional; `type`, `date`, `channel`, `sender`, `debtor`) overrides the template's front matter
for that case, so that a template whose `{% if %}` writes to a consumer or to a business is
checked under the debtor regime each branch is meant for. Fixture files are read as strict YAML
(see yamlsrc.py): an amount stays exact and a postal code with a leading zero is not silently
turned into an octal number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.errors import InputError
from checker.rules.schemas import validation_errors
from checker.templates.linemap import MARKERS
from checker.yamlsrc import Located, load_one, read_text
from checker.yamlsrc import Path as KeyPath

_KEYS = ("name", "data", "metadata")


@dataclass(frozen=True, slots=True)
class Fixture:
    name: str
    data: dict[str, Any]
    metadata: dict[str, str]
    path: str
    line: int
    metadata_line: int
    """Line of `metadata`, where the letter's overridden keys are placed (else `line`)."""


def _reserved_characters(doc: Located, at: KeyPath, value: Any) -> None:
    """Marker characters (private use, see linemap.py) in data would be read as positions."""
    if isinstance(value, str):
        found = MARKERS.search(value)
        if found:
            raise doc.error(at, f"caractère réservé U+{ord(found.group()):X} (zone d'usage privé) "
                                "interdit dans les données d'une fixture")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reserved_characters(doc, at + (key,), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reserved_characters(doc, at + (index,), item)


def read_fixtures(doc: Located, at: KeyPath) -> list[Fixture]:
    """Validate the list at `at` in `doc` and return its fixtures, each with its line."""
    value: Any = doc.value
    for key in at:
        value = value[key]
    if not isinstance(value, list) or not value:
        raise doc.error(at, "`fixtures` doit être une liste non vide de cas "
                            "`{name, data}` (par exemple `- name: relance-simple`)")
    fixtures: list[Fixture] = []
    lines: dict[str, int] = {}
    for index, item in enumerate(value):
        where = at + (index,)
        if not isinstance(item, dict):
            raise doc.error(where, "fixture invalide : un mapping `{name, data}` est attendu")
        for key in item:
            if key not in _KEYS:
                raise doc.error(where + (key,), f"clé inconnue « {key} » dans une fixture "
                                                f"(clés permises : {', '.join(_KEYS)})")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise doc.error(where + ("name",) if "name" in item else where,
                            "chaque fixture doit avoir un nom (`name`) non vide")
        line = doc.where(where)[0]
        if name in lines:
            raise doc.error(where + ("name",), f"fixture « {name} » en double (déjà définie "
                                               f"ligne {lines[name]}) : les noms sont uniques")
        lines[name] = line
        if "data" not in item:
            raise doc.error(where, f"fixture « {name} » sans `data` : donnez les variables du "
                                   "modèle (`data: {}` s'il n'en a aucune)")
        data = item["data"]
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise doc.error(where + ("data",), f"fixture « {name} » : `data` doit être un mapping "
                                               "`variable: valeur`")
        _reserved_characters(doc, where + ("data",), data)
        metadata = item.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise doc.error(where + ("metadata",),
                            f"fixture « {name} » : `metadata` doit être un mapping "
                            "(type, date, channel, sender, debtor)")
        errors = validation_errors("letter-metadata", doc, where + ("metadata",), metadata)
        if errors:
            raise errors[0]
        fixtures.append(Fixture(name, data, {k: str(v) for k, v in metadata.items()},
                                doc.path, line, doc.where(where + ("metadata",))[0]))
    return fixtures


def load_data_file(path: str) -> list[Fixture]:
    """`--data FILE`: a YAML mapping whose only key is `fixtures`."""
    doc = load_one(read_text(path), path, strict=True)
    if not isinstance(doc.value, dict):
        raise InputError(path, "fichier de fixtures invalide : un mapping avec la clé `fixtures` "
                               "est attendu", *doc.where(()))
    for key in doc.value:
        if key != "fixtures":
            raise doc.error((key,), f"clé inconnue « {key} » dans le fichier de fixtures "
                                    "(clé permise : fixtures)")
    if "fixtures" not in doc.value:
        raise InputError(path, "fichier de fixtures sans clé `fixtures`", 1, 1)
    return read_fixtures(doc, ("fixtures",))
