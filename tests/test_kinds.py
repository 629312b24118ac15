"""Each check kind, driven by small purpose-made rules, on small letters."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine import check_letter, parse_letter
from checker.model import Finding
from checker.rules.loader import load_rules

BASE = {
    "title": "Règle d'essai",
    "category": "content",
    "severity": "error",
    "basis": [{"kind": "politique_interne", "ref": "Essai"}],
    "effective": {"from": "2020-01-01"},
    "message": "Constat : {value}{missing}",
    "fix": "Corriger.",
    "examples": {"pass": ["x"], "fail": ["y"]},
}

LETTER = """\
---
type: relance
date: 2026-03-02
sender: creancier
debtor: professionnel
channel: courrier
---
Société Mercier SARL — 12 rue des Lilas, 69002 Lyon

Objet : FACTURE IMPAYÉE N° F-2026-0113

Madame, Monsieur,

Sauf erreur de notre part, la facture n° F-2026-0113 reste impayée.

- Principal : 1 000,00 €
- Intérêts : 20,00 €
- Total : 1 030,00 €

Merci de régler sous 48 heures par virement.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.
"""


def findings(tmp_path: Path, check: dict[str, object], text: str = LETTER,
             **extra: object) -> list[Finding]:
    rules = tmp_path / "regles"
    rules.mkdir(exist_ok=True)
    rule = {"id": "ESSAI-REGLE", **BASE, **extra, "check": check}
    (rules / "essai.yaml").write_text(yaml.safe_dump([rule], allow_unicode=True),
                                      encoding="utf-8")
    ruleset = load_rules([str(rules)])
    letter = parse_letter("lettre.md", textwrap.dedent(text))
    report = check_letter(letter, ruleset, {}, datetime.date(2026, 3, 2), only={"ESSAI-REGLE"})
    return list(report.findings)


def test_required_missing_mention_is_placed_after_the_greeting(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "required", "any_of": [{"fact": "iban"}],
                                "place": "after_greeting"})
    assert [(f.line, f.column) for f in found] == [(14, 1)]
    assert found[0].fix.startswith("À ajouter après la formule d'appel")


def test_required_before_closing_and_present_mention(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "required", "any_of": [{"terms": ["cheque"]}],
                                "place": "before_closing"})
    assert [f.line for f in found] == [22]
    assert findings(tmp_path, {"kind": "required", "any_of": [{"terms": ["VIREMENT"]}],
                               "place": "before_closing"}) == []


def test_required_groups_name_what_is_missing(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "required", "place": "top", "groups": [
        {"label": "le principal", "any_of": [{"fact": "amount", "label": "principal"}]},
        {"label": "les frais", "any_of": [{"fact": "amount", "label": "frais"}]},
        {"label": "deux codes postaux", "any_of": [{"fact": "postal_code", "min": 2}]},
    ]})
    assert len(found) == 1
    assert found[0].line == 8
    assert found[0].message == "Constat : {value}les frais, deux codes postaux"


def test_forbidden_reports_the_exact_span_whatever_the_typography(tmp_path: Path) -> None:
    text = LETTER.replace("reste impayée.", "reste impayée. L’HUISSIER passera ; l'huissier aussi.")
    found = findings(tmp_path, {"kind": "forbidden", "terms": ["huissier"]}, text)
    line = text.splitlines()[13]
    assert [(f.line, line[f.column - 1:f.end_column - 1]) for f in found] == [
        (14, "HUISSIER"), (14, "huissier")]


def test_forbidden_unless_sentence_and_document(tmp_path: Path) -> None:
    text = LETTER.replace("reste impayée.",
                          "reste impayée. Une saisie suppose un titre exécutoire. Saisie !")
    found = findings(tmp_path, {"kind": "forbidden", "terms": ["saisie"],
                                "unless_sentence": ["titre executoire"]}, text)
    assert [f.excerpt[f.column - 1:f.end_column - 1] for f in found] == ["Saisie"]
    assert findings(tmp_path, {"kind": "forbidden", "terms": ["saisie"],
                               "unless_document": ["titre executoire"]}, text) == []


def test_metric_deadline_and_parameter_bounds(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "metric", "measure": "deadline_days", "when": {"lt": 3}})
    assert len(found) == 1 and found[0].line == 20
    assert findings(tmp_path, {"kind": "metric", "measure": "deadline_days",
                               "when": {"lt": {"param": "delai_minimum_mise_en_demeure"},
                                        "ge": 3}}) == []


def test_metric_uppercase_skips_subject_and_header(tmp_path: Path) -> None:
    check = {"kind": "metric", "measure": "uppercase_run", "when": {"ge": 3}}
    assert findings(tmp_path, check) == []
    text = LETTER.replace("reste impayée.", "reste impayée. VOUS DEVEZ PAYER MAINTENANT.")
    found = findings(tmp_path, check, text)
    assert [f.excerpt[f.column - 1:f.end_column - 1] for f in found] == [
        "VOUS DEVEZ PAYER MAINTENANT"]


def test_metric_exclamation_run(tmp_path: Path) -> None:
    text = LETTER.replace("reste impayée.", "reste impayée ! Payez ! ! !")
    found = findings(tmp_path, {"kind": "metric", "measure": "exclamation_run",
                                "when": {"ge": 2}}, text)
    assert [f.excerpt[f.column - 1:f.end_column - 1] for f in found] == ["! ! !"]


def test_consistency_breakdown_total(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "consistency", "relation": "breakdown_total"},
                     message="Total {value} au lieu de {expected}")
    assert len(found) == 1 and found[0].line == 18
    assert found[0].message.replace("\u202f", " ").replace("\xa0", " ") == \
        "Total 1 030,00 € au lieu de 1 020,00 €"
    fixed = LETTER.replace("1 030,00 €", "1 020,00 €")
    assert findings(tmp_path, {"kind": "consistency", "relation": "breakdown_total"}, fixed) == []


def test_consistency_amount_at_most_uses_the_dated_parameter(tmp_path: Path) -> None:
    check = {"kind": "consistency", "relation": "amount_at_most", "label": "indemnite",
             "max": {"param": "indemnite_forfaitaire_b2b"}}
    text = LETTER.replace("- Total : 1 030,00 €", "- Indemnité forfaitaire : 60,00 €")
    found = findings(tmp_path, check, text, message="{value} > {limit}")
    assert [f.message for f in found] == ["60,00 € > 40"]
    assert findings(tmp_path, check, text.replace("60,00", "40,00")) == []


def test_context_reports_at_the_front_matter_key(tmp_path: Path) -> None:
    found = findings(tmp_path, {"kind": "context"}, applies={"channel": ["courrier"]})
    assert [(f.line, f.excerpt) for f in found] == [(6, "channel: courrier")]
    assert findings(tmp_path, {"kind": "context"}, applies={"channel": ["email"]}) == []


def test_rules_are_checked_as_of_the_letter_date(tmp_path: Path) -> None:
    check = {"kind": "forbidden", "terms": ["impayee"]}
    assert findings(tmp_path, check, effective={"from": "2026-03-03"}) == []
    assert findings(tmp_path, check, effective={"from": "2020-01-01", "to": "2026-03-01"}) == []
    assert len(findings(tmp_path, check, effective={"from": "2026-03-02"})) == 2


@pytest.mark.parametrize("variant", [
    lambda s: s.replace("é", "e"),
    lambda s: s.replace("'", "’"),
    lambda s: s.replace(" ", "  "),
    lambda s: s.replace("Sauf erreur", "SAUF ERREUR"),
])
def test_typography_variants_give_the_same_forbidden_findings(tmp_path: Path, variant) -> None:  # type: ignore[no-untyped-def]
    check = {"kind": "forbidden", "terms": ["sauf erreur de notre part", "impayée"]}
    assert [f.rule for f in findings(tmp_path, check, variant(LETTER))] == \
        [f.rule for f in findings(tmp_path, check)]


def test_render_fills_known_placeholders_and_keeps_the_others() -> None:
    from checker.engine import render

    assert render("« {value} » (seuil : {limit}) {inconnu}", {"value": "48 h", "limit": "{8}"}) \
        == "« 48 h » (seuil : {8}) {inconnu}"
    assert render("Sans paramètre.", {"value": "x"}) == "Sans paramètre."


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AZÉÀÞØÖ×ÆŒŸaézß \n-'’0.!") + ["\u0100", "\u2019"]),
               max_size=40), st.integers(min_value=0, max_value=5))
def test_caps_zones_are_the_regex_zones(text: str, start: int) -> None:
    from checker.kinds.metric import _CAPS_ZONE, caps_zones

    assert list(caps_zones(text, start)) == [m.span() for m in _CAPS_ZONE.finditer(text, start)]
