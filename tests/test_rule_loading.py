"""Rule files are validated at load time; every problem is reported at its file and line."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.rules.loader import LoadErrors, load_rules

VALID_RULE = """\
- id: MAISON-TUTOIEMENT
  title: Tutoiement du débiteur
  category: tone
  severity: warning
  basis:
    - kind: politique_interne
      ref: Charte rédactionnelle du cabinet
  effective: {from: 2020-01-01}
  check:
    kind: forbidden
    terms: ["tu dois", "ta dette"]
  message: "Le débiteur est tutoyé : « {value} »."
  fix: Vouvoyez le débiteur.
  examples:
    metadata: {date: 2026-03-02}
    pass: ["Vous restez redevable de la somme de 100 €."]
    fail: ["Tu dois payer ta dette."]
"""


def write_house(tmp_path: Path, text: str, name: str = "maison.yaml") -> Path:
    directory = tmp_path / "maison"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


def load_errors(directory: Path) -> list[str]:
    with pytest.raises(LoadErrors) as caught:
        load_rules([str(directory)])
    return [str(e) for e in caught.value.errors]


def test_the_shipped_pack_loads_and_has_at_least_25_rules() -> None:
    ruleset = load_rules()
    assert len(ruleset.rules) >= 25


def test_a_valid_house_rule_is_added_and_labelled_internal_policy(tmp_path: Path) -> None:
    ruleset = load_rules([str(write_house(tmp_path, VALID_RULE))])
    rule = ruleset.get("MAISON-TUTOIEMENT")
    assert rule is not None and rule.origin == "house"
    assert rule.basis[0].kind == "politique_interne"


def test_a_house_rule_cannot_reuse_a_pack_rule_id(tmp_path: Path) -> None:
    pack_id = load_rules().rules[0].id
    errors = load_errors(write_house(tmp_path, VALID_RULE.replace("MAISON-TUTOIEMENT", pack_id)))
    assert len(errors) == 1
    assert "maison.yaml:1:7:" in errors[0] and f"« {pack_id} » déjà défini" in errors[0]


@pytest.mark.parametrize(("change", "where", "expected"), [
    (lambda s: s.replace("  severity: warning\n", "  severity: warning\n  colour: red\n"),
     "maison.yaml:1:3:", "clé inconnue colour"),
    (lambda s: s.replace("  fix: Vouvoyez le débiteur.\n", ""), "maison.yaml:1:3:",
     "champ obligatoire manquant"),
    (lambda s: s.replace("category: tone", "category: style"), "maison.yaml:3:13:",
     "valeur « style » invalide"),
    (lambda s: s.replace('terms: ["tu dois", "ta dette"]', 'patterns: ["(tu dois"]'),
     "maison.yaml:11:16:", "expression régulière invalide"),
    (lambda s: s.replace('terms: ["tu dois", "ta dette"]', 'patterns: ["(\\\\w+\\\\s?)+dette"]'),
     "maison.yaml:11:16:", "retour arrière catastrophique"),
    (lambda s: s.replace("effective: {from: 2020-01-01}", "effective: {from: 2020-02-30}"),
     "maison.yaml:8:", "invalide"),
    (lambda s: s.replace("    fail: [\"Tu dois payer ta dette.\"]\n", ""), "maison.yaml:",
     "fail"),
    (lambda s: s.replace("id: MAISON-TUTOIEMENT", "id: tutoiement"), "maison.yaml:1:7:",
     "format attendu"),
])
def test_bad_rules_are_reported_at_their_line(tmp_path: Path, change: Callable[[str], str],
                                              where: str, expected: str) -> None:
    errors = load_errors(write_house(tmp_path, change(VALID_RULE)))
    assert any(e.startswith(str(tmp_path / "maison") + "/" + where) or where in e
               for e in errors), errors
    assert any(expected in e for e in errors), errors


def test_duplicate_ids_inside_house_rules(tmp_path: Path) -> None:
    errors = load_errors(write_house(tmp_path, VALID_RULE + VALID_RULE.replace("- id", "- id", 1)))
    assert any("déjà défini" in e and ":18:7:" in e for e in errors), errors


def test_duplicate_yaml_keys_are_errors_not_silently_won(tmp_path: Path) -> None:
    errors = load_errors(write_house(tmp_path, VALID_RULE.replace(
        "  severity: warning\n", "  severity: warning\n  severity: error\n")))
    assert any(":5:3:" in e and "clé « severity » en double" in e for e in errors), errors


def test_unknown_parameter_and_lexicon_are_reported(tmp_path: Path) -> None:
    text = VALID_RULE.replace('terms: ["tu dois", "ta dette"]', "lexicon: inexistant")
    errors = load_errors(write_house(tmp_path, text))
    assert any("lexique inconnu « inexistant »" in e and ":11:" in e for e in errors), errors
    text = VALID_RULE.replace(
        'kind: forbidden\n    terms: ["tu dois", "ta dette"]',
        "kind: metric\n    measure: deadline_days\n    when: {lt: {param: inconnu}}")
    errors = load_errors(write_house(tmp_path, text))
    assert any("paramètre inconnu « inconnu »" in e for e in errors), errors


def test_invalid_yaml_is_reported_with_its_position(tmp_path: Path) -> None:
    errors = load_errors(write_house(tmp_path, "- id: [unclosed\n"))
    assert any("YAML invalide" in e and "maison.yaml:2:" in e for e in errors), errors


def test_a_missing_house_directory_is_an_error(tmp_path: Path) -> None:
    errors = load_errors(tmp_path / "absent")
    assert errors == [f"{tmp_path / 'absent'}: dossier de règles introuvable"]
