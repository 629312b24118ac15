"""Reading a case file (dossier) into a validated `Case`, or an InputError at the offending line.

A case file is judged by lawyers on the strength of what it says, so nothing in it may be read
loosely: the YAML is resolved the YAML 1.2 way with the YAML 1.1 traps refused (see
`checker.yamlsrc.strict_scalar`), the structure is checked against `rules/schema/case.schema.json`,
and what a schema cannot express (impossible dates, an event before the claim existed, a letter
outside the folder) is checked here, each error located at the line of the value at fault.

The same steps serve the flat event logs (`checker.cases.eventlog`): `check_case_schema` and
`case_header` for the parties and claims of a dossier, `check_event_schema` and `case_event` for
each event, `with_events` to assemble them.

Times: an `at` with a time and no offset is the debtor's wall-clock time, in the zone given by the
debtor's postal code; an `at` with an offset is converted to that zone; a day alone is kept as
midnight local with `has_time` False. A wall-clock time that does not exist (the hour skipped when
clocks go forward) is read with the offset in force before the change, as zoneinfo does with
fold=0, so 02:30 on the last Sunday of March in Paris becomes 03:30 summer time; a time that occurs
twice (the hour repeated in October) is its first occurrence, in summer time. Writing an offset
selects the other reading.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from checker.cases.fastyaml import read_case_yaml
from checker.cases.model import DEBTOR_KINDS, Case, Claim, Event, Installment, Party
from checker.cases.places import timezone_for
from checker.errors import InputError
from checker.letters.reader import decode, read_capped
from checker.rules.schemas import best_message, schema_path, validator
from checker.yamlsrc import Located, Path, load_one

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.protocols import Validator

MAX_CASE_BYTES = 16 * 1024 * 1024
"""Largest case file read whole (16 MiB). Longer histories belong in a flat event log, which is
streamed."""

CASE_SCHEMA_ID = "https://amiable.example/schema/case.schema.json"
_UTC = datetime.UTC
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WINDOWS_ABSOLUTE = re.compile(r"[A-Za-z]:[\\/]|[\\/]")
_SPACED = re.compile(r"(\d{4}-\d{2}-\d{2})[ \t]+(\d{1,2}:\d{2}.*)")
_JSON_MESSAGES = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets doubles "
                                                         "attendu",
    "Extra data": "données en trop après la fin du document",
    "Unterminated string starting at": "chaîne non terminée",
    "Invalid control character": "caractère de contrôle dans une chaîne",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence d'échappement invalide",
}
"""The json module's messages (by their start), in French."""


def looks_like_case(data: object) -> bool:
    """A mapping with `dossier` and `events`: how `amiable check` tells case files from other
    YAML or JSON files (configuration, expectations) met in a folder."""
    return isinstance(data, Mapping) and "dossier" in data and "events" in data


def load_case(path: str) -> Case:
    """Read, decode and parse one case file."""
    return parse_case(read_source(path), path)


def parse_case(text: str, path: str) -> Case:
    """A case file's text (JSON when `path` ends in .json, YAML otherwise) as a validated Case.

    Letters named by the events are looked up relative to the folder of `path`.
    """
    doc = load_document(text, path)
    if not isinstance(doc.value, dict):
        raise InputError(path, "un dossier est attendu : un mapping avec les clés dossier, "
                               "creditor, debtor, claims et events", *doc.where(()))
    check_case_schema(doc, (), doc.value)
    header = case_header(doc, (), doc.value, path)
    scope = event_scope(header, os.path.dirname(path))
    events = [case_event(doc, ("events", index), value, index, scope)
              for index, value in enumerate(doc.value["events"])]
    return with_events(header, events, path, 1)


def read_source(path: str, what: str = "un dossier") -> str:
    """A data file's text, after the size, emptiness, binary and encoding checks."""
    data = read_capped(path, MAX_CASE_BYTES, lambda size: (
        f"fichier trop volumineux ({size // (1024 * 1024)} Mio, "
        f"{MAX_CASE_BYTES // (1024 * 1024)} Mio au plus pour un fichier lu "
        "en entier) : utilisez un journal CSV ou JSON Lines, lu au fil de "
        "l'eau, avec un fichier de dossiers .jsonl"))
    if not data.strip():
        raise InputError(path, f"fichier vide : {what} en YAML ou en JSON est attendu", 1, 1)
    if b"\x00" in data[:8192]:
        raise InputError(path, f"fichier binaire : {what} en YAML ou en JSON est attendu")
    return decode(data, path)


def load_document(text: str, path: str) -> Located:
    """JSON (by the .json suffix) or strict YAML, with the line and column of every value.

    JSON is first parsed as JSON, so that YAML-only syntax is not accepted in a .json file, then
    composed by the YAML loader (JSON is YAML 1.2) to get positions and refuse duplicate keys. In
    the rare JSON that libyaml cannot read (a lone surrogate escape), values are kept and every
    error points at line 1.
    """
    if not path.lower().endswith(".json"):
        return read_case_yaml(text, path) or load_one(text, path, strict=True)
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise json_error(path, exc, exc.lineno, exc.colno) from None
    try:
        return load_one(_SURROGATE_PAIR.sub(_join_pair, text), path, strict=True)
    except InputError as exc:
        if not exc.message.startswith("YAML invalide"):
            raise
        return Located(value, path, {(): (1, 1)})


_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
"""A JSON escape of a character beyond U+FFFF (`\\ud83d\\ude00`), which libyaml refuses."""


def _join_pair(match: re.Match[str]) -> str:
    high, low = int(match[2], 16), int(match[3], 16)
    return match[1] + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def json_error(path: str, exc: json.JSONDecodeError, line: int, column: int) -> InputError:
    message = next((french for english, french in _JSON_MESSAGES.items()
                    if exc.msg.startswith(english)), exc.msg)
    return InputError(path, f"JSON invalide : {message}", line, column)


# Schema validation ---------------------------------------------------------------------------


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path("case").read_text(encoding="utf-8"))
    return loaded


@cache
def _event_validator() -> Validator:
    return validator("case").evolve(schema={"$ref": f"{CASE_SCHEMA_ID}#/$defs/event"})


def check_case_schema(doc: Located, at: Path, value: dict[str, Any]) -> None:
    """Raise the first schema violation of a whole case (or a dossier entry with `events: []`)."""
    if not _quick_check(None)(value):
        _raise_first(validator("case"), doc, at, value)


def check_event_schema(doc: Located, at: Path, value: Any) -> None:
    """Raise the first schema violation of one event."""
    if not _quick_check("event")(value):
        _raise_first(_event_validator(), doc, at, value)


def _raise_first(checker: Validator, doc: Located, at: Path,
                 value: Any) -> None:
    errors = [doc.error(at + _culprit(error), _message(error))
              for error in checker.iter_errors(value)]
    if errors:
        raise min(errors, key=lambda e: (e.line, e.column))


def _culprit(error: jsonschema.ValidationError) -> Path:
    """Where an error points: the value at fault, or for an unknown key the key's own value."""
    path = tuple(error.absolute_path)
    instance: Any = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        schema: Any = error.schema
        known = schema.get("properties", {})
        extra = [key for key in instance if key not in known]
        if extra:
            return path + (extra[0],)
    return path


Check = Callable[[Any], bool]

_QUICK_KEYWORDS = frozenset({
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "required",
    "additionalProperties", "properties", "items", "minItems", "minLength", "pattern", "format",
    "exclusiveMinimum", "minimum",
})


@cache
def _quick_check(name: str | None) -> Check:
    """A predicate that is True when a value certainly satisfies the case schema (`name` None) or
    one of its `$defs`, checked without jsonschema.

    jsonschema costs tens of microseconds per event, too much for logs of millions of rows. The
    schema is compiled once into closures covering the keywords it uses; for anything else the
    predicate answers False, and the caller runs the real validator, which also words the error.
    """
    root = _schema()
    return _compile(root if name is None else root["$defs"][name])


def _never(value: Any) -> bool:
    return False


def _compile(schema: dict[str, Any]) -> Check:
    if not _QUICK_KEYWORDS.issuperset(schema):
        return _never
    checks: list[Check] = []
    if "$ref" in schema:
        ref: str = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            return _never
        checks.append(_quick_check(ref.removeprefix("#/$defs/")))
    if "enum" in schema:
        allowed = frozenset(schema["enum"])
        if not all(isinstance(v, str) for v in allowed):
            return _never
        checks.append(lambda value: isinstance(value, str) and value in allowed)
    kind = schema.get("type")
    if kind == "object":
        checks.append(_object_check(schema))
    elif kind == "array":
        checks.append(_array_check(schema))
    elif kind == "string":
        checks.append(_string_check(schema))
    elif kind in ("number", "integer"):
        checks.append(_number_check(schema, integer=kind == "integer"))
    elif kind is not None or not checks:
        return _never
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _object_check(schema: dict[str, Any]) -> Check:
    properties = {key: _compile(spec) for key, spec in schema.get("properties", {}).items()}
    enums = {key: frozenset(_enum(spec)) for key, spec in schema.get("properties", {}).items()
             if _enum(spec)}
    required = frozenset(schema.get("required", ()))
    closed = schema.get("additionalProperties") is False

    def check(value: Any) -> bool:
        if type(value) is not dict or not required <= value.keys():
            return False
        for key, item in value.items():
            allowed = enums.get(key)
            if allowed is not None:
                if type(item) is not str or item not in allowed:
                    return False
                continue
            item_check = properties.get(key)
            if item_check is None:
                if closed:
                    return False
            elif not item_check(item):
                return False
        return True

    return check


def _enum(spec: dict[str, Any]) -> list[str]:
    """The values of a plain enum of strings (no other constraint), else []."""
    values = spec.get("enum", [])
    plain = set(spec) <= {"enum", "description"} and all(isinstance(v, str) for v in values)
    return values if plain else []


def _array_check(schema: dict[str, Any]) -> Check:
    items = _compile(schema["items"]) if "items" in schema else None
    least: int = schema.get("minItems", 0)
    return lambda value: (type(value) is list and len(value) >= least
                          and (items is None or all(items(item) for item in value)))


def _string_check(schema: dict[str, Any]) -> Check:
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    least: int = schema.get("minLength", 0)
    is_date = schema.get("format") == "date"
    if schema.get("format") not in (None, "date"):
        return _never
    return lambda value: (type(value) is str and len(value) >= least
                          and (pattern is None or pattern.search(value) is not None)
                          and (not is_date or _is_date(value)))


def _number_check(schema: dict[str, Any], integer: bool) -> Check:
    above = schema.get("exclusiveMinimum")
    least = schema.get("minimum")
    kinds: tuple[type, ...] = (int,) if integer else (int, Decimal)
    return lambda value: (type(value) in kinds and (above is None or value > above)
                          and (least is None or value >= least))


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_TYPE_NAMES = {"object": "un mapping (clé: valeur)", "array": "une liste", "string": "un texte",
               "number": "un nombre", "integer": "un nombre entier"}


def _message(error: jsonschema.ValidationError) -> str:
    """French for a schema error in a case file, saying what to write instead where we can."""
    schema: Any = error.schema
    instance: Any = error.instance
    path = list(error.absolute_path)
    where = "/".join(str(p) for p in path) or "racine"
    name = path[-1] if path else ""
    rule = error.validator
    if rule in ("format", "pattern") and schema.get("format") == "date":
        if isinstance(instance, str) and _DATE.fullmatch(instance):
            return f"date impossible pour {where} : {instance} n'existe pas dans le calendrier"
        return (f"date invalide pour {where} : « {instance} » (AAAA-MM-JJ attendu, par exemple "
                "2026-01-08)")
    if rule == "pattern" and name == "at":
        spaced = _SPACED.fullmatch(instance)
        if spaced:
            return (f"date et heure séparées par une espace pour {where} (« {instance} ») : "
                    f"écrivez {spaced[1]}T{spaced[2]}, avec un T entre la date et l'heure")
        return (f"date invalide pour {where} : « {instance} » (écrivez un jour, 2026-01-08, ou un "
                "jour et une heure, 2026-01-08T10:15, éventuellement avec un décalage, "
                "2026-01-08T10:15+01:00)")
    if rule == "pattern" and name == "postal_code":
        return (f"code postal invalide pour {where} : « {instance} » (cinq chiffres entre "
                'guillemets attendus, par exemple "69007")')
    if rule == "exclusiveMinimum":
        return (f"montant invalide pour {where} : {instance} (un montant strictement positif est "
                "attendu)")
    if rule == "minimum":
        return f"valeur invalide pour {where} : {instance} (un nombre positif ou nul est attendu)"
    if rule == "minItems":
        return f"liste vide pour {where} : au moins un élément est attendu"
    if rule == "minLength":
        return f"texte vide pour {where}"
    if rule == "type":
        return _type_message(where, str(error.validator_value), instance)
    message = best_message(error)
    if rule == "enum" and isinstance(instance, str):
        close = difflib.get_close_matches(instance, [str(v) for v in schema["enum"]], n=1)
        if close:
            message += f" ; vouliez-vous dire « {close[0]} » ?"
    return message


def _type_message(where: str, expected: str, instance: Any) -> str:
    if expected == "number" and isinstance(instance, str):
        return (f"montant non numérique pour {where} : « {instance} » (écrivez un nombre avec un "
                "point décimal, sans espace ni symbole €, par exemple 1840.00)")
    if expected == "string" and isinstance(instance, bool | int | Decimal):
        written = str(instance).lower() if isinstance(instance, bool) else str(instance)
        return (f"texte attendu pour {where} : écrivez la valeur entre guillemets "
                f'("{written}")')
    if expected == "integer" and isinstance(instance, Decimal | str):
        return f"nombre entier attendu pour {where} : « {instance} »"
    return f"type invalide pour {where} : {_TYPE_NAMES.get(expected, expected)} est attendu"


# Semantic checks and building ----------------------------------------------------------------


def case_header(doc: Located, at: Path, value: dict[str, Any], path: str) -> Case:
    """The parties and claims of a schema-valid case, as a Case without events."""
    creditor = _party(doc, at + ("creditor",), value["creditor"])
    debtor = _party(doc, at + ("debtor",), value["debtor"])
    agency_value = value.get("agency")
    agency = None
    if agency_value is not None:
        agency = Party(agency_value["name"], "professionnel",
                       line=doc.where(at + ("agency",))[0])
    claims = []
    for index, item in enumerate(value["claims"]):
        where = at + ("claims", index)
        issued = datetime.date.fromisoformat(item["issued"])
        due = datetime.date.fromisoformat(item["due"])
        if due < issued:
            raise doc.error(where + ("due",), f"échéance (due) du {_fr(due)} antérieure à "
                            f"l'émission (issued) du {_fr(issued)} pour la créance {item['ref']}")
        claims.append(Claim(item["ref"], _decimal(item["amount"]), issued, due,
                            doc.where(where)[0]))
    return Case(path, value["dossier"], creditor, debtor, agency, tuple(claims), (),
                timezone_for(debtor.postal_code), doc.where(at)[0])


def _party(doc: Located, at: Path, value: dict[str, Any]) -> Party:
    return Party(value["name"], value["kind"], value.get("postal_code"), value.get("lawyer"),
                 doc.where(at)[0])


@dataclass(frozen=True, slots=True)
class EventScope:
    """What checking an event needs from its case, worked out once per case."""

    header: Case
    zone: ZoneInfo
    first_claim: Claim
    base_dir: str
    """The folder `letter:` paths are relative to, and may not leave."""


def event_scope(header: Case, base_dir: str) -> EventScope:
    return EventScope(header, ZoneInfo(header.timezone),
                      min(header.claims, key=lambda claim: claim.issued), base_dir)


_KIND_KEYS = {"channel": "opposition", "installments": "echeancier", "amount": "paiement"}
"""Keys that belong to one kind of event, and are required there."""
_KIND_OWNERS = frozenset(_KIND_KEYS.values())
_KIND_KEY_SET = frozenset(_KIND_KEYS)


def case_event(doc: Located, at: Path, value: dict[str, Any], index: int,
               scope: EventScope) -> Event:
    """One schema-valid event, checked against its case and completed with the defaults."""
    kind: str = value["kind"]
    moment, has_time = _moment(doc, at, value["at"], scope.zone)
    if kind in _KIND_OWNERS or not _KIND_KEY_SET.isdisjoint(value):
        _check_kind_keys(doc, at, value, kind)
    day = moment.date()
    first = scope.first_claim
    if day < first.issued:
        raise doc.error(at + ("at",), f"événement antérieur à la créance : {kind} du {_fr(day)}, "
                        f"avant l'émission de {first.ref} le {_fr(first.issued)} ; vérifiez la "
                        "date de l'événement ou celle de la créance")
    received = None
    if "received" in value:
        received = datetime.date.fromisoformat(value["received"])
        if received < day:
            raise doc.error(at + ("received",), f"réception (received) du {_fr(received)} "
                            f"antérieure à l'envoi du {_fr(day)}")
    letter = None
    if "letter" in value:
        letter = resolve_letter(doc, at + ("letter",), value["letter"], scope.base_dir)
    amount = value.get("amount")
    installments = value.get("installments")
    return Event(
        index, moment, has_time, kind,
        value.get("by", "debiteur" if kind in DEBTOR_KINDS else "creancier"),
        value.get("to", "debiteur"), value.get("stage"), value.get("channel"), letter,
        value.get("deadline_days"), received, None if amount is None else _decimal(amount),
        () if installments is None else tuple(
            Installment(datetime.date.fromisoformat(item["due"]), _decimal(item["amount"]))
            for item in installments),
        value.get("note", ""), (doc.lines.get(at) or doc.where(at))[0],
    )


def _check_kind_keys(doc: Located, at: Path, value: dict[str, Any], kind: str) -> None:
    """`channel`, `installments` and `amount` each belong to one kind, and are required there."""
    if kind == "opposition" and "channel" not in value:
        raise doc.error(at, "une opposition doit indiquer le canal que le débiteur refuse : "
                            "ajoutez channel (appel, email, sms, courrier ou visite)")
    if kind == "echeancier" and "installments" not in value:
        raise doc.error(at, "un échéancier doit détailler ses échéances : ajoutez installments "
                            "(par exemple [{due: 2026-04-01, amount: 300.00}])")
    if kind == "paiement" and "amount" not in value:
        raise doc.error(at, "un paiement doit indiquer son montant : ajoutez amount")
    if kind != "opposition" and "channel" in value:
        raise doc.error(at + ("channel",), "channel ne s'emploie qu'avec kind: opposition (le "
                        "canal refusé par le débiteur) ; le canal d'un contact est son kind")
    if kind != "echeancier" and "installments" in value:
        raise doc.error(at + ("installments",),
                        "installments ne s'emploie qu'avec kind: echeancier")
    if kind != "paiement" and "amount" in value:
        raise doc.error(at + ("amount",), "amount ne s'emploie qu'avec kind: paiement (les "
                        "montants d'un échéancier vont dans installments)")


def with_events(header: Case, events: list[Event], path: str, line: int) -> Case:
    """The case with its events in time order (the same instant: file order).

    Sorted on the instant (`timestamp()`), not on the wall-clock time that comparing two datetimes
    of one zone uses, so that the repeated autumn hour keeps its true order. When no event is the
    second occurrence of a repeated hour (fold 1) the wall-clock order is the order of instants,
    and times in whole seconds have exact timestamps: the datetimes are then compared as they
    are, without a timestamp per event.
    """
    if all(event.at.fold == 0 and event.at.microsecond == 0 for event in events):
        ordered = tuple(sorted(events, key=_WALL_CLOCK_ORDER))
    else:
        ordered = tuple(sorted(events, key=lambda event: (event.at.timestamp(), event.index)))
    return replace(header, path=path, events=ordered, line=line)


_WALL_CLOCK_ORDER = attrgetter("at", "index")


def _moment(doc: Located, event: Path, text: str,
            zone: ZoneInfo) -> tuple[datetime.datetime, bool]:
    """The `at` value of the event at `event` (shape already checked by the schema) as an aware
    time in `zone`."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        at = event + ("at",)
        if not _is_date(text[:10]):
            raise doc.error(at, f"date impossible : {text[:10]} n'existe pas dans le "
                                "calendrier") from None
        raise doc.error(at, f"heure impossible : « {text[11:]} » (de 00:00 à 23:59 ; décalage "
                            "de -23:59 à +23:59)") from None
    if moment.tzinfo is None:
        return _local(moment, zone), len(text) > 10
    return moment.astimezone(zone), True


def _local(naive: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """A wall-clock time in `zone` (fold=0), normalised through UTC so that a time in the spring
    gap becomes the existing time it denotes (02:30 → 03:30). (`combine` is
    `naive.replace(tzinfo=zone)`, fold included, in a quarter of the time.)"""
    return datetime.datetime.combine(naive, naive.time(), zone).astimezone(_UTC).astimezone(zone)


def resolve_letter(doc: Located, at: Path, letter: str, base_dir: str) -> str:
    """The path of an event's letter, refused if absolute, outside `base_dir` or missing.

    Containment is judged on real paths (`..` and symbolic links resolved): a case file must not
    make the checker read files elsewhere on the machine.
    """
    if os.path.isabs(letter) or _WINDOWS_ABSOLUTE.match(letter):
        raise doc.error(at, f"chemin de lettre absolu « {letter} » : écrivez-le relativement au "
                            "dossier du fichier (par exemple lettres/relance-1.md)")
    folder = os.path.realpath(base_dir or os.curdir)
    target = os.path.realpath(os.path.join(folder, letter))
    if os.path.commonpath([folder, target]) != folder:
        raise doc.error(at, f"la lettre « {letter} » sort du dossier du fichier : le chemin "
                            f"résolu {target} n'est pas dans {folder}")
    if not os.path.isfile(target):
        missing = "n'est pas un fichier" if os.path.exists(target) else "est introuvable"
        raise doc.error(at, f"la lettre « {letter} » {missing} (chemin résolu : {target})")
    return os.path.normpath(os.path.join(base_dir, letter))


def _decimal(value: int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
