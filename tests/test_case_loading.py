"""Case files and flat event logs load into the Case model, and bad input is refused at its line.

A lawyer acts on what the checker says about a dossier, so a misread date, amount or name is worse
than an error: every trap of the input formats must end in an InputError that names the line and
says what to write instead.
"""

from __future__ import annotations

import datetime
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cases.eventlog import read_event_log
from checker.cases.loader import (
    _quick_check,
    load_case,
    load_document,
    looks_like_case,
    parse_case,
)
from checker.cases.model import EVENT_KINDS, Case, Event
from checker.cases.places import holiday_subdivision, timezone_for
from checker.errors import InputError
from checker.rules.schemas import schema_path, validator
from checker.yamlsrc import load_one

PARIS = ZoneInfo("Europe/Paris")

CASE = """\
dossier: D-2026-001
creditor: {name: Atelier Mercier SARL, kind: professionnel}
debtor: {name: Jeanne Roux, kind: particulier, postal_code: "69007"}
agency: {name: Recouvra Sud SAS}
claims:
  - {ref: F-2025-0412, amount: 1840.00, issued: 2025-12-01, due: 2025-12-31}
events:
  - {at: 2026-01-08T10:15, kind: appel, to: debiteur, note: "premier appel"}
  - {at: 2026-01-23, kind: email, stage: relance, letter: lettres/relance-1.md}
  - {at: 2026-02-25, kind: lrar, stage: mise_en_demeure, deadline_days: 15, received: 2026-02-27}
  - {at: 2026-03-25, kind: assignation, by: avocat}
  - {at: 2026-01-20T18:00, kind: paiement, amount: 200}
"""
"""Lines: parties 2-4, claim 6, events 8-12 (the last one out of order)."""

Load = Callable[[str], Case]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "lettres").mkdir()
    (tmp_path / "lettres" / "relance-1.md").write_text("Madame,\n", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def load(folder: Path) -> Load:
    """Write a case file in a folder that holds lettres/relance-1.md, and load it."""

    def run(text: str) -> Case:
        path = folder / "dossier.yaml"
        path.write_text(text, encoding="utf-8")
        return load_case(str(path))

    return run


def refused(load: Load, text: str, line: int, *fragments: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load(text)
    error = caught.value
    assert error.line == line, str(error)
    for fragment in fragments:
        assert fragment in error.message, str(error)
    return error


def event_line(at: str, rest: str = "kind: appel") -> str:
    return f"  - {{at: {at}, {rest}}}\n"


# A valid case ---------------------------------------------------------------------------------


def test_valid_case(load: Load, folder: Path) -> None:
    case = load(CASE)
    assert case.path == str(folder / "dossier.yaml")
    assert case.dossier == "D-2026-001"
    assert case.timezone == "Europe/Paris"
    assert (case.creditor.name, case.creditor.kind, case.creditor.line) == (
        "Atelier Mercier SARL", "professionnel", 2)
    assert (case.debtor.postal_code, case.debtor.lawyer, case.debtor.line) == ("69007", None, 3)
    assert case.agency is not None and case.agency.name == "Recouvra Sud SAS"
    assert case.agency.line == 4
    (claim,) = case.claims
    assert claim.amount == Decimal("1840.00") and str(claim.amount) == "1840.00"
    assert (claim.issued, claim.due, claim.line) == (
        datetime.date(2025, 12, 1), datetime.date(2025, 12, 31), 6)

    assert [(e.index, e.kind, e.line) for e in case.events] == [
        (0, "appel", 8), (4, "paiement", 12), (1, "email", 9), (2, "lrar", 10),
        (3, "assignation", 11)]
    call, payment, email, notice, summons = case.events
    assert call.at == datetime.datetime(2026, 1, 8, 10, 15, tzinfo=PARIS)
    assert call.has_time and call.note == "premier appel"
    assert (call.by, call.to) == ("creancier", "debiteur")
    assert (payment.by, payment.amount) == ("debiteur", Decimal("200"))
    assert email.letter == os.path.join(str(folder), "lettres", "relance-1.md")
    assert not email.has_time and email.at == datetime.datetime(2026, 1, 23, tzinfo=PARIS)
    assert (notice.stage, notice.deadline_days, notice.received) == (
        "mise_en_demeure", 15, datetime.date(2026, 2, 27))
    assert summons.by == "avocat" and summons.is_contact is False
    assert case.total_claimed == Decimal("1840.00")


def test_defaults_of_by() -> None:
    events = "".join(event_line("2026-01-10", f"kind: {kind}") for kind in (
        "promesse", "contestation", "reconnaissance_de_dette", "reponse", "conciliation",
        "signification"))
    case = parse_case(CASE.split("events:")[0] + "events:\n" + events, "d.yaml")
    assert {e.kind: e.by for e in case.events} == {
        "promesse": "debiteur", "contestation": "debiteur", "reconnaissance_de_dette": "debiteur",
        "reponse": "creancier", "conciliation": "creancier", "signification": "creancier"}


def with_events(*lines: str, postal_code: str = "69007") -> str:
    head = CASE.split("events:")[0].replace('"69007"', f'"{postal_code}"')
    return head + "events:\n" + "".join(lines)


@pytest.mark.parametrize(("postal_code", "zone"), [
    ("97200", "America/Martinique"), ("97133", "America/St_Barthelemy"),
    ("97400", "Indian/Reunion"), ("97500", "America/Miquelon"), ("57000", "Europe/Paris"),
])
def test_overseas_time_zone(postal_code: str, zone: str) -> None:
    case = parse_case(with_events(event_line("2026-01-08T10:15"), postal_code=postal_code),
                      "d.yaml")
    assert case.timezone == zone
    (event,) = case.events
    assert event.at == datetime.datetime(2026, 1, 8, 10, 15, tzinfo=ZoneInfo(zone))
    assert event.at.tzinfo == ZoneInfo(zone)


def test_offset_is_converted_to_the_debtor_zone() -> None:
    case = parse_case(with_events(
        event_line("2026-01-08T09:15Z"), event_line("2026-07-08T10:15+02:00", "kind: sms"),
        postal_code="97400"), "d.yaml")
    call, sms = case.events
    reunion = ZoneInfo("Indian/Reunion")
    assert call.at == datetime.datetime(2026, 1, 8, 13, 15, tzinfo=reunion)
    assert sms.at == datetime.datetime(2026, 7, 8, 12, 15, tzinfo=reunion)
    assert call.at.tzinfo is sms.at.tzinfo and call.has_time


def test_date_only_event_is_a_day() -> None:
    case = parse_case(with_events(event_line("2026-01-08")), "d.yaml")
    (event,) = case.events
    assert not event.has_time
    assert event.at == datetime.datetime(2026, 1, 8, tzinfo=PARIS)
    assert event.day == datetime.date(2026, 1, 8)


def test_daylight_saving_gap_and_fold() -> None:
    case = parse_case(with_events(
        event_line("2026-03-29T02:30"),                      # does not exist: read as 03:30 CEST
        event_line("2026-10-25T02:45", "kind: sms"),         # twice: the first, summer time
        event_line("2026-10-25T02:15+01:00", "kind: email"),  # the second 02:15, winter time
    ), "d.yaml")
    spring, autumn_summer, autumn_winter = case.events
    assert spring.at.replace(tzinfo=None) == datetime.datetime(2026, 3, 29, 3, 30)
    assert spring.at.utcoffset() == datetime.timedelta(hours=2)
    assert autumn_summer.kind == "sms"
    assert autumn_summer.at.utcoffset() == datetime.timedelta(hours=2)
    assert autumn_winter.kind == "email"
    assert autumn_winter.at.utcoffset() == datetime.timedelta(hours=1)


def test_json_case_file(folder: Path) -> None:
    data: dict[str, Any] = {
        "dossier": "D-J", "creditor": {"name": "A", "kind": "professionnel"},
        "debtor": {"name": "B", "kind": "particulier"},
        "claims": [{"ref": "F-1", "amount": 120.50, "issued": "2025-12-01", "due": "2025-12-31"}],
        "events": [{"at": "2026-01-08T10:15", "kind": "appel"},
                   {"at": "2026-01-09", "kind": "email", "letter": "lettres/relance-1.md"}],
    }
    path = folder / "dossier.json"
    text = json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    case = load_case(str(path))
    assert case.claims[0].amount == Decimal("120.5")
    at_lines = [n for n, line in enumerate(text.splitlines(), 1) if '"at"' in line]
    assert [e.line for e in case.events] == [n - 1 for n in at_lines]
    assert case.events[1].letter == os.path.join(str(folder), "lettres", "relance-1.md")
    assert looks_like_case(data) and not looks_like_case({"dossier": "x"})
    assert not looks_like_case([data])


def test_json_escapes_keep_positions() -> None:
    """json.dumps escapes characters beyond U+FFFF as surrogate pairs, which libyaml refuses."""
    data = {"dossier": "D/😀\\ud83d", "creditor": {"name": "é", "kind": "professionnel"}}
    doc = load_document(json.dumps(data, indent=1), "d.json")
    assert doc.value == data
    assert doc.where(("creditor", "name")) == (4, 11)


def test_json_syntax_error_is_located(folder: Path) -> None:
    path = folder / "dossier.json"
    path.write_text('{\n  "dossier": "D",\n  "events": [,]\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_case(str(path))
    assert (caught.value.line, caught.value.column) == (3, 14)
    assert "JSON invalide : valeur attendue" in caught.value.message


def test_json_duplicate_key(folder: Path) -> None:
    path = folder / "dossier.json"
    path.write_text('{"dossier": "D",\n "dossier": "E"}', encoding="utf-8")
    with pytest.raises(InputError, match="clé « dossier » en double") as caught:
        load_case(str(path))
    assert caught.value.line == 2


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "line", "fragments"), [
    ("issued: 2025-12-01", "issued: 2026-02-30", 6,
     ("date impossible", "2026-02-30 n'existe pas")),
    ("at: 2026-01-23,", "at: 2026-02-30,", 9, ("date impossible", "2026-02-30")),
    ("at: 2026-01-23,", "at: 2026-01-23T25:00,", 9, ("heure impossible",)),
    ("received: 2026-02-27", "received: 27/02/2026", 10, ("AAAA-MM-JJ",)),
    ("kind: appel", "kind: appl", 8, ("« appl »", "vouliez-vous dire « appel »")),
    ("amount: 200", "amount: -200", 12, ("strictement positif",)),
    ("amount: 1840.00", 'amount: "1 840,00 €"', 6, ("non numérique", "1840.00")),
    ("at: 2026-01-08T10:15", "at: 2025-11-30T10:15", 8,
     ("événement antérieur à la créance", "F-2025-0412", "01/12/2025")),
    ("due: 2025-12-31", "due: 2025-11-30", 6, ("antérieure à l'émission",)),
    ("received: 2026-02-27", "received: 2026-02-20", 10, ("antérieure à l'envoi",)),
    ("kind: assignation", "kind: opposition", 11, ("canal", "channel")),
    ("by: avocat", "by: avocat, channel: sms", 11, ("channel ne s'emploie qu'avec",)),
    ("kind: paiement, amount: 200", "kind: appel, amount: 200", 12,
     ("amount ne s'emploie qu'avec kind: paiement",)),
    ("kind: paiement, amount: 200", "kind: paiement", 12, ("montant",)),
    ("by: avocat", "by: avocat, installments: [{due: 2026-04-01, amount: 10}]", 11,
     ("installments ne s'emploie qu'avec kind: echeancier",)),
    ("kind: assignation, by: avocat", "kind: echeancier", 11, ("installments",)),
    ('postal_code: "69007"', "postal_code: 69007", 3, ("guillemets", '"69007"')),
    ("kind: particulier,", "kind: consommateur,", 3, ("particulier, professionnel",)),
    ("to: debiteur,", "to: debiteur, cc: famille,", 8, ("clé inconnue cc",)),
    ("agency: {name: Recouvra Sud SAS}", "agency: {}", 4, ("name",)),
    ("deadline_days: 15", "deadline_days: 15.5", 10, ("entier",)),
])
def test_bad_value(load: Load, old: str, new: str, line: int,
                   fragments: tuple[str, ...]) -> None:
    assert old in CASE
    refused(load, CASE.replace(old, new, 1), line, *fragments)


def test_unknown_key_is_located_at_the_key(load: Load) -> None:
    text = CASE.replace("agency: {name: Recouvra Sud SAS}\n",
                        "agency:\n  name: Recouvra Sud SAS\n  siret: 123\n")
    refused(load, text, 6, "clé inconnue siret dans agency")


def test_no_claims(load: Load) -> None:
    text = CASE.replace("  - {ref: F-2025-0412, amount: 1840.00, issued: 2025-12-01, "
                        "due: 2025-12-31}\n", "").replace("claims:", "claims: []")
    refused(load, text, 5, "liste vide", "claims")


def test_letter_outside_the_folder(load: Load, folder: Path) -> None:
    (folder.parent / "secret.md").write_text("x", encoding="utf-8")
    error = refused(load, CASE.replace("lettres/relance-1.md", "lettres/../../secret.md"), 9,
                    "sort du dossier")
    assert str(folder.parent / "secret.md") in error.message


def test_letter_symlink_outside_the_folder(load: Load, folder: Path) -> None:
    (folder.parent / "secret.md").write_text("x", encoding="utf-8")
    (folder / "lettres" / "lien.md").symlink_to(folder.parent / "secret.md")
    refused(load, CASE.replace("relance-1.md", "lien.md"), 9, "sort du dossier")


@pytest.mark.parametrize("absolute", ["{folder}/lettres/relance-1.md", "'C:\\lettres\\a.md'"])
def test_absolute_letter(load: Load, folder: Path, absolute: str) -> None:
    text = CASE.replace("lettres/relance-1.md", absolute.format(folder=folder))
    refused(load, text, 9, "absolu")


def test_missing_letter(load: Load, folder: Path) -> None:
    error = refused(load, CASE.replace("relance-1.md", "relance-2.md"), 9, "introuvable")
    assert str(folder.resolve() / "lettres" / "relance-2.md") in error.message


@pytest.mark.parametrize(("old", "new", "line", "fragments"), [
    ("at: 2026-01-08T10:15,", "at: 10:15,", 8, ("10:15", "entre guillemets", "2026-01-08T10:15")),
    ("note: \"premier appel\"", "note: 10:15", 8, ("base 60",)),
    ("name: Jeanne Roux", "name: no", 3, ("booléen", '"no"')),
    ("name: Jeanne Roux", "name: On", 3, ("booléen", '"On"')),
    ('postal_code: "69007"', "postal_code: 01000", 3, ('"01000"', "octal")),
    ("at: 2026-01-08T10:15,", "at: 2026-01-08 10:15,", 8, ("espace", "2026-01-08T10:15")),
])
def test_yaml_11_traps(load: Load, old: str, new: str, line: int,
                       fragments: tuple[str, ...]) -> None:
    assert old in CASE
    text = CASE.replace(old, new, 1)
    error = refused(load, text, line, *fragments)
    value = new.split(": ", 1)[1].rstrip(",")
    assert error.column == text.splitlines()[line - 1].index(": " + value) + 3


def test_quoted_values_are_text(load: Load) -> None:
    case = load(CASE.replace("name: Jeanne Roux", 'name: "no"')
                .replace('note: "premier appel"', 'note: "10:15"'))
    assert case.debtor.name == "no"
    assert case.events[0].note == "10:15"


def test_quoted_date_time_with_a_space(load: Load) -> None:
    refused(load, CASE.replace("at: 2026-01-23,", 'at: "2026-01-23 09:00",'), 9,
            "espace", "2026-01-23T09:00")


def test_duplicate_key(load: Load) -> None:
    text = CASE.replace("dossier: D-2026-001\n", "dossier: D-2026-001\ndossier: D-2026-002\n")
    refused(load, text, 2, "clé « dossier » en double")


def test_duplicate_key_in_an_event(load: Load) -> None:
    refused(load, CASE.replace("kind: appel,", "kind: appel, kind: sms,"), 8, "en double")


def test_yaml_syntax_error(load: Load) -> None:
    refused(load, CASE.replace("events:\n", "events:\n  - {at: 2026-01-08\n", 1), 9,
            "YAML invalide")


def test_not_a_mapping(load: Load) -> None:
    refused(load, "- a\n- b\n", 1, "mapping")


def test_empty_and_binary_files(folder: Path) -> None:
    empty = folder / "vide.yaml"
    empty.write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="fichier vide"):
        load_case(str(empty))
    binary = folder / "image.yaml"
    binary.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(InputError, match="fichier binaire"):
        load_case(str(binary))
    latin = folder / "latin.yaml"
    latin.write_bytes(CASE.replace("Jeanne Roux", "Hélène Roux").encode("cp1252"))
    with pytest.raises(InputError, match="cp1252") as caught:
        load_case(str(latin))
    assert caught.value.line == 3


def test_non_strict_yaml_is_unchanged() -> None:
    """Letters and rules keep PyYAML's reading: the strict mode is for case files only."""
    assert load_one("a: 10:15\nb: no\nc: 2026-01-08\n", "x.yaml").value == {
        "a": 615, "b": False, "c": "2026-01-08"}


# Places ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("postal_code", "zone", "subdivision"), [
    (None, "Europe/Paris", None), ("75011", "Europe/Paris", None),
    ("20000", "Europe/Paris", None), ("57000", "Europe/Paris", "57"),
    ("67000", "Europe/Paris", "6AE"), ("68100", "Europe/Paris", "6AE"),
    ("97110", "America/Guadeloupe", "971"), ("97200", "America/Martinique", "972"),
    ("97300", "America/Cayenne", "973"), ("97400", "Indian/Reunion", "974"),
    ("97500", "America/Miquelon", "PM"), ("97600", "Indian/Mayotte", "976"),
    ("97133", "America/St_Barthelemy", "BL"), ("97150", "America/Marigot", "MF"),
    ("97700", "America/St_Barthelemy", "BL"), ("97800", "America/Marigot", "MF"),
])
def test_places(postal_code: str | None, zone: str, subdivision: str | None) -> None:
    assert timezone_for(postal_code) == zone
    assert holiday_subdivision(postal_code) == subdivision
    ZoneInfo(zone)


# Schema ---------------------------------------------------------------------------------------


def test_schema_matches_the_model() -> None:
    schema = json.loads(schema_path("case").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["event"]["properties"]["kind"]["enum"]) == EVENT_KINDS

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, spec in node.get("properties", {}).items():
                assert "description" in spec, f"{where}/{name}"
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(schema, "")


EVENT_VALUES = {
    "at": st.sampled_from(["2026-01-08", "2026-01-08T10:15", "2026-01-08T10:15:30+01:00",
                           "2026-02-30", "2026-01-08 10:15", "10:15", ""]),
    "kind": st.sampled_from(["appel", "paiement", "appl", ""]),
    "by": st.sampled_from(["creancier", "debiteur", "moi"]),
    "stage": st.sampled_from(["relance", "mise_en_demeure", "rappel"]),
    "deadline_days": st.sampled_from([0, 15, -1, Decimal("1.5"), "15", True]),
    "received": st.sampled_from(["2026-01-09", "2026-13-01", "09/01/2026"]),
    "amount": st.sampled_from([Decimal("1.5"), 3, 0, Decimal("-1"), "12,50", False, None]),
    "installments": st.sampled_from([[], [{"due": "2026-02-01", "amount": 10}],
                                     [{"due": "2026-02-01"}], "x"]),
    "note": st.sampled_from(["", "ok", 12]),
    "colour": st.just("red"),
}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional=EVENT_VALUES))
def test_quick_check_agrees_with_jsonschema(event: dict[str, Any]) -> None:
    full = validator("case").evolve(
        schema={"$ref": "https://amiable.example/schema/case.schema.json#/$defs/event"})
    assert _quick_check("event")(event) == full.is_valid(event)


def test_quick_check_agrees_on_whole_cases() -> None:
    doc = load_one(CASE, "d.yaml", strict=True).value
    assert _quick_check(None)(doc) and validator("case").is_valid(doc)
    doc["claims"][0]["amount"] = Decimal("0")
    assert not _quick_check(None)(doc)
    with pytest.raises(jsonschema.ValidationError):
        validator("case").validate(doc)


# Order of events ------------------------------------------------------------------------------

SHUFFLED = [
    event_line("2026-01-08T10:15"),
    event_line("2026-01-08"),
    event_line("2026-01-08T10:15", "kind: sms"),
    event_line("2026-01-08T09:15Z", "kind: email"),
    event_line("2026-03-29T02:30", "kind: courrier"),
    event_line("2026-02-25", "kind: lrar, stage: mise_en_demeure, received: 2026-02-27"),
    event_line("2026-01-20T18:00", "kind: paiement, amount: 200"),
    event_line("2026-01-21", "kind: opposition, channel: appel"),
]


def _stripped(case: Case) -> list[Event]:
    return [replace(event, index=0, line=0) for event in case.events]


@settings(max_examples=60, deadline=None)
@given(st.permutations(SHUFFLED))
def test_order_of_events_in_the_file_does_not_matter(order: list[str]) -> None:
    reference = _stripped(parse_case(with_events(*SHUFFLED), "d.yaml"))
    shuffled = _stripped(parse_case(with_events(*order), "d.yaml"))
    assert [e.at for e in shuffled] == [e.at for e in reference]
    assert Counter(shuffled) == Counter(reference)
    distinct = [e for e in reference if sum(o.at == e.at for o in reference) == 1]
    assert [e for e in shuffled if e in distinct] == distinct


def test_same_time_keeps_file_order() -> None:
    case = parse_case(with_events(event_line("2026-01-08T10:15", "kind: sms"),
                                  event_line("2026-01-08T10:15")), "d.yaml")
    assert [(e.kind, e.index, e.line) for e in case.events] == [("sms", 0, 8), ("appel", 1, 9)]


# Flat event logs ------------------------------------------------------------------------------

DOSSIERS = """\
- dossier: D-1
  creditor: {name: Atelier Mercier SARL, kind: professionnel}
  debtor: {name: Jeanne Roux, kind: particulier, postal_code: "97200"}
  claims:
    - {ref: F-1, amount: 100.00, issued: 2025-12-01, due: 2025-12-31}
- dossier: D-2
  creditor: {name: A, kind: professionnel}
  debtor: {name: B, kind: professionnel}
  claims:
    - {ref: F-2, amount: 100.00, issued: 2025-12-01, due: 2025-12-31}
- dossier: D-3
  creditor: {name: A, kind: professionnel}
  debtor: {name: B, kind: professionnel}
  agency: {name: Recouvra}
  claims:
    - {ref: F-3, amount: 100.00, issued: 2025-12-01, due: 2025-12-31}
"""

LOG = """\
dossier,at,kind,by,amount,installments,letter,note
D-1,2026-01-08T10:15,appel,,,,,"deux
lignes"
D-1,2026-01-07,paiement,,12.50,,,
D-2,2026-01-08,appel,,,,,
D-2,2026-01-09,paiement,,"12,50",,,
D-2,2026-01-10,appel,,,,,
D-3,2026-01-08,echeancier,,,"[{""due"": ""2026-02-01"", ""amount"": 50.5}]",lettres/relance-1.md,
"""


def write_log(folder: Path, log: str = LOG, dossiers: str = DOSSIERS,
              log_name: str = "journal.csv", dossiers_name: str = "dossiers.yaml"
              ) -> tuple[str, str]:
    log_path, dossiers_path = folder / log_name, folder / dossiers_name
    log_path.write_text(log, encoding="utf-8")
    dossiers_path.write_text(dossiers, encoding="utf-8")
    return str(log_path), str(dossiers_path)


def test_csv_log(folder: Path) -> None:
    log, dossiers = write_log(folder)
    first, second, third = list(read_event_log(log, dossiers))
    assert isinstance(first, Case)
    assert first.path == f"{log}#D-1" and first.dossier == "D-1"
    assert first.timezone == "America/Martinique" and first.line == 2
    assert [(e.index, e.kind, e.line, e.has_time) for e in first.events] == [
        (1, "paiement", 4, False), (0, "appel", 2, True)]
    assert first.events[1].note == "deux\nlignes"
    assert first.events[0].amount == Decimal("12.50") and first.events[0].by == "debiteur"

    assert isinstance(second, InputError)
    assert (second.path, second.line) == (log, 6)
    assert "D-2" in second.message and "non numérique" in second.message

    assert isinstance(third, Case) and third.agency is not None
    (plan,) = third.events
    assert plan.installments[0].amount == Decimal("50.5")
    assert plan.letter == os.path.join(str(folder), "lettres", "relance-1.md")


@pytest.mark.parametrize(("old", "new", "line", "fragment"), [
    ("D-2,2026-01-08,appel", "D-2,2026-01-08,appl", 5, "« appl »"),
    ("D-2,2026-01-08,appel", "D-2,2026-02-30,appel", 5, "date impossible"),
    ("D-2,2026-01-08,appel,,,,,", "D-2,2026-01-08,appel", 5, "colonne(s) manquante(s)"),
    ("D-2,2026-01-08,appel", "D-2,2025-01-08,appel", 5, "antérieur à la créance"),
    ("D-2,2026-01-09,paiement,,\"12,50\"", "D-2,2026-01-09,paiement,,-3", 6,
     "strictement positif"),
    ("D-2,2026-01-08,appel,,,,,", "D-2,2026-01-08,appel,,,,../x.md,", 5, "sort du dossier"),
])
def test_bad_row_does_not_stop_the_next_dossiers(folder: Path, old: str, new: str, line: int,
                                                 fragment: str) -> None:
    assert old in LOG
    log, dossiers = write_log(folder, LOG.replace(old, new))
    results = list(read_event_log(log, dossiers))
    assert [type(r) for r in results] == [Case, InputError, Case]
    error = results[1]
    assert isinstance(error, InputError)
    assert error.line == line and fragment in error.message, str(error)


def test_csv_missing_column(folder: Path) -> None:
    log, dossiers = write_log(folder, LOG.replace("dossier,at,kind,", "dossier,at,type,"))
    (error,) = list(read_event_log(log, dossiers))
    assert isinstance(error, InputError)
    assert (error.line, error.path) == (1, log)
    assert "colonne obligatoire absente" in error.message and "kind" in error.message


def test_unknown_column(folder: Path) -> None:
    log, dossiers = write_log(folder, LOG.replace(",note\n", ",commentaire\n"))
    (error,) = list(read_event_log(log, dossiers))
    assert isinstance(error, InputError) and "colonne inconnue" in error.message


def test_unsorted_log(folder: Path) -> None:
    log, dossiers = write_log(folder, LOG + "D-1,2026-01-11,appel,,,,,\n")
    results = list(read_event_log(log, dossiers))
    assert [type(r) for r in results] == [Case, InputError, Case, InputError]
    error = results[-1]
    assert isinstance(error, InputError) and error.line == 9
    assert "journal non trié par dossier" in error.message and "D-1" in error.message


def test_dossier_missing_from_the_dossiers_file(folder: Path) -> None:
    log, dossiers = write_log(folder, LOG + "D-9,2026-01-11,appel,,,,,\n")
    error = list(read_event_log(log, dossiers))[-1]
    assert isinstance(error, InputError) and error.line == 9
    assert "absent du fichier des dossiers" in error.message


def test_bad_dossier_entry_and_dossier_without_events(folder: Path) -> None:
    dossiers = DOSSIERS.replace("due: 2025-12-31}\n- dossier: D-2",
                                "due: 2025-12-31}\n- dossier: D-2\n  note: x", 1)
    dossiers += ("- dossier: D-4\n  creditor: {name: A, kind: professionnel}\n"
                 "  debtor: {name: B, kind: professionnel}\n"
                 "  claims: [{ref: F-4, amount: 1, issued: 2025-12-01, due: 2025-12-31}]\n")
    log, dossiers_path = write_log(folder, dossiers=dossiers)
    results = list(read_event_log(log, dossiers_path))
    assert [type(r) for r in results] == [Case, InputError, Case, Case]
    error = results[1]
    assert isinstance(error, InputError)
    assert (error.path, error.line) == (dossiers_path, 7) and "clé inconnue note" in error.message
    last = results[3]
    assert isinstance(last, Case) and last.dossier == "D-4" and last.events == ()


def test_jsonl_log_and_dossiers(folder: Path) -> None:
    entry = {"dossier": "D-1", "creditor": {"name": "A", "kind": "professionnel"},
             "debtor": {"name": "B", "kind": "particulier", "postal_code": "97400"},
             "claims": [{"ref": "F-1", "amount": 10.5, "issued": "2025-12-01",
                         "due": "2025-12-31"}]}
    second = dict(entry, dossier="D-2")
    dossiers = json.dumps(entry) + "\n" + json.dumps(second) + "\n"
    rows = [{"dossier": "D-1", "at": "2026-01-08T10:15", "kind": "appel"},
            {"dossier": "D-1", "at": "2026-01-09", "kind": "paiement", "amount": 5.25}]
    log = "".join(json.dumps(row) + "\n" for row in rows)
    log += '{"dossier": "D-2", "at": "2026-01-08", "kind": "appel", "amount": }\n'
    log_path, dossiers_path = write_log(folder, log, dossiers, "journal.jsonl", "dossiers.jsonl")
    first, bad = list(read_event_log(log_path, dossiers_path))
    assert isinstance(first, Case) and first.timezone == "Indian/Reunion"
    assert isinstance(bad, InputError) and "D-2" in bad.message
    assert [e.amount for e in first.events] == [None, Decimal("5.25")]
    assert [e.line for e in first.events] == [1, 2]
    assert isinstance(bad, InputError) and bad.line == 3 and "JSON invalide" in bad.message


def test_json_dossiers_file(folder: Path) -> None:
    entries = [{"dossier": "D-1", "creditor": {"name": "A", "kind": "professionnel"},
                "debtor": {"name": "B", "kind": "particulier"},
                "claims": [{"ref": "F-1", "amount": 10, "issued": "2025-12-01",
                            "due": "2025-12-31"}]}]
    log, dossiers = write_log(folder, "dossier,at,kind\nD-1,2026-01-08,appel\n",
                              json.dumps(entries, indent=1), dossiers_name="dossiers.json")
    (case,) = list(read_event_log(log, dossiers))
    assert isinstance(case, Case) and case.claims[0].amount == Decimal(10)


def test_log_encoding_error_is_located(folder: Path) -> None:
    log_path = folder / "journal.csv"
    write_log(folder)
    log_path.write_bytes(LOG.replace("D-3,2026-01-08,echeancier", "D-3,2026-01-08,échéancier")
                         .encode("cp1252"))
    results = list(read_event_log(str(log_path), str(folder / "dossiers.yaml")))
    error = results[-1]
    assert isinstance(error, InputError) and error.line == 8 and "UTF-8" in error.message


def test_unknown_log_format(folder: Path) -> None:
    log, dossiers = write_log(folder, log_name="journal.txt")
    (error,) = list(read_event_log(log, dossiers))
    assert isinstance(error, InputError) and ".csv ou .jsonl" in error.message
