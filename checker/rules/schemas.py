"""The JSON Schemas shipped in the rule pack, loaded once and cross-referenced."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from checker.rules.pack import pack_dir
from checker.yamlsrc import Located
from checker.errors import InputError


@cache
def _registry() -> tuple[Registry, dict[str, dict[str, Any]]]:
    by_name: dict[str, dict[str, Any]] = {}
    registry: Registry = Registry()
    for path in sorted((pack_dir() / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        by_name[path.name.removesuffix(".schema.json")] = schema
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry, by_name


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for `rules/schema/<name>.schema.json`, with format checks on."""
    registry, by_name = _registry()
    return jsonschema.Draft202012Validator(
        by_name[name], registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def schema_path(name: str) -> Path:
    return pack_dir() / "schema" / f"{name}.schema.json"


def _best_message(error: jsonschema.ValidationError) -> str:
    """Turn a jsonschema error into French a rule author can act on."""
    where = "/".join(str(p) for p in error.absolute_path) or "racine"
    validator_name = error.validator
    if validator_name == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"clé inconnue {', '.join(extra)} dans {where} (clés permises : {allowed})"
    if validator_name == "required":
        return f"champ obligatoire manquant dans {where} : {error.message.split(' is a required')[0]}"
    if validator_name == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"valeur « {error.instance} » invalide pour {where} (valeurs permises : {allowed})"
    if validator_name == "pattern":
        return f"valeur « {error.instance} » invalide pour {where} (format attendu : {error.validator_value})"
    if validator_name == "format":
        return f"valeur « {error.instance} » invalide pour {where} (date AAAA-MM-JJ attendue)"
    if validator_name == "type":
        return f"type invalide pour {where} : {error.validator_value} attendu"
    return f"{where} : {error.message}"


def validation_errors(name: str, doc: Located, at: tuple[str | int, ...] = (),
                      value: Any = None) -> list[InputError]:
    """Every schema violation of `value` (default: the whole document) as a located error."""
    instance = doc.value if value is None else value
    errors: list[InputError] = []
    for error in validator(name).iter_errors(instance):
        deepest = error
        if error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if deepest.validator in ("not", "oneOf", "anyOf"):
                deepest = error
        errors.append(doc.error(at + tuple(deepest.absolute_path), _best_message(deepest)))
    errors.sort(key=lambda e: (e.line, e.column))
    return errors
