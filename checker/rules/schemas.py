"""The JSON Schemas shipped in the rule pack, loaded once and cross-referenced.

jsonschema is imported only when a full validation runs (a rule pack not yet in the cache, or an
input that fails the quick check): it costs more to import than the whole check of one letter.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.rules.pack import pack_dir
from checker.yamlsrc import Located

if TYPE_CHECKING:
    import jsonschema


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((pack_dir() / "schema").glob("*.schema.json"))}


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for `rules/schema/<name>.schema.json`, with format checks on."""
    import jsonschema
    from referencing import Registry, Resource

    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in _schemas().values())
    return jsonschema.Draft202012Validator(
        _schemas()[name], registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def schema_path(name: str) -> Path:
    return pack_dir() / "schema" / f"{name}.schema.json"


def _quick_property(spec: dict[str, Any], value: Any) -> bool | None:
    if set(spec) <= {"enum", "description"} and "enum" in spec:
        return value in spec["enum"]
    if set(spec) <= {"type", "pattern", "format", "description"} and spec.get("type") == "string":
        if not isinstance(value, str):
            return False
        if "pattern" in spec and not re.search(spec["pattern"], value):
            return False
        if spec.get("format") == "date":
            import datetime
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return False
        return spec.get("format") in (None, "date")
    return None


@cache
def _quick_schema(name: str) -> dict[str, Any] | None:
    """The schema if it is a flat object of enums and dated strings, else None."""
    schema = _schemas()[name]
    flat = (schema.get("type") == "object" and schema.get("additionalProperties") is False
            and set(schema) <= {"$schema", "$id", "title", "description", "type",
                                "additionalProperties", "properties"})
    return schema if flat else None


def quick_valid(name: str, instance: Any) -> bool:
    """True when `instance` certainly satisfies a flat schema, checked without jsonschema.

    False means "not proven": the caller then runs the full validator, which also words the error.
    """
    schema = _quick_schema(name)
    if schema is None or not isinstance(instance, dict):
        return False
    properties = schema.get("properties", {})
    for key, value in instance.items():
        if key not in properties or _quick_property(properties[key], value) is not True:
            return False
    return True


def best_message(error: jsonschema.ValidationError) -> str:
    """Turn a jsonschema error into French a rule author can act on."""
    schema: Any = error.schema
    where = "/".join(str(p) for p in error.absolute_path) or "racine"
    validator_name = error.validator
    if validator_name == "additionalProperties":
        instance: Any = error.instance
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"clé inconnue {', '.join(extra)} dans {where} (clés permises : {allowed})"
    if validator_name == "required":
        field = error.message.split(" is a required")[0]
        return f"champ obligatoire manquant dans {where} : {field}"
    if validator_name == "enum":
        values: Any = error.validator_value
        allowed = ", ".join(str(v) for v in values)
        return f"valeur « {error.instance} » invalide pour {where} (valeurs permises : {allowed})"
    if validator_name == "pattern":
        expected = error.validator_value
        return f"valeur « {error.instance} » invalide pour {where} (format attendu : {expected})"
    if validator_name == "format":
        return f"valeur « {error.instance} » invalide pour {where} (date AAAA-MM-JJ attendue)"
    if validator_name == "type":
        return f"type invalide pour {where} : {error.validator_value} attendu"
    return f"{where} : {error.message}"


def validation_errors(name: str, doc: Located, at: tuple[str | int, ...] = (),
                      value: Any = None) -> list[InputError]:
    """Every schema violation of `value` (default: the whole document) as a located error."""
    instance = doc.value if value is None else value
    if quick_valid(name, instance):
        return []
    errors: list[InputError] = []
    for error in validator(name).iter_errors(instance):
        deepest = error
        if error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if deepest.validator in ("not", "oneOf", "anyOf"):
                deepest = error
        errors.append(doc.error(at + tuple(deepest.absolute_path), best_message(deepest)))
    errors.sort(key=lambda e: (e.line, e.column))
    return errors
