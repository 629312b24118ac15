"""Facts extracted from letters: values, places in the original text, checksums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.letters.check_digits import (
    iban_is_valid,
    luhn_is_valid,
    siren_is_valid,
    siret_is_valid,
)
from checker.letters.facts import (
    CURRENCY_SEPARATOR,
    THOUSANDS_SEPARATOR,
    Deadline,
    Fact,
    extract_facts,
    format_amount,
    parse_amount,
)
from checker.letters.normalize import normalize

SAMPLES = Path(__file__).resolve().parent.parent / "letters_samples"
LETTER_DAY = date(2026, 3, 10)


def facts(text: str, letter_date: date | None = LETTER_DAY) -> list[Fact]:
    return extract_facts(normalize(text), letter_date)


def only(text: str, kind: str, letter_date: date | None = LETTER_DAY) -> Fact:
    found = [f for f in facts(text, letter_date) if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def kinds(text: str) -> list[str]:
    return [f.kind for f in facts(text)]


# --------------------------------------------------------------------------- amounts

@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("Montant : 1 234,56 €", "1 234,56 €", "1234.56"),
        ("Montant\u00a0: 1\u202f234,56\u00a0€ TTC", "1\u202f234,56\u00a0€", "1234.56"),
        ("soit 380 euros.", "380 euros", "380"),
        ("soit 1.234,56 EUR", "1.234,56 EUR", "1234.56"),
        ("total 1234,56€ dû", "1234,56€", "1234.56"),
        ("frais : € 40 maximum", "€ 40", "40"),
        ("indemnité de 40 €", "40 €", "40"),
        ("12.50 € par mois", "12.50 €", "12.50"),
        ("un euro : 1 euro", "1 euro", "1"),
        ("soit 12 345 678,90 € au total", "12 345 678,90 €", "12345678.90"),
        ("facturé en 2025 1 234,56 € au total", "1 234,56 €", "1234.56"),
        ("article 2026 40 €", "40 €", "40"),
    ],
)
def test_amounts(text: str, written: str, value: str) -> None:
    fact = only(text, "amount")
    assert fact.text == written
    assert text[fact.start:fact.end] == written
    assert fact.value == Decimal(value)
    assert fact.valid is None


def test_amount_label_is_the_text_before_it_on_its_line() -> None:
    text = "Décompte :\n- Principal : 1 200,00 €\n- Intérêts : 12,00 €\nTotal dû : 1 212,00 €"
    found = [(f.label, f.value) for f in facts(text) if f.kind == "amount"]
    assert found == [
        ("principal", Decimal("1200.00")),
        ("interets", Decimal("12.00")),
        ("total du", Decimal("1212.00")),
    ]


def test_label_keeps_at_most_80_characters() -> None:
    text = "x" * 100 + " 45 €"
    assert only(text, "amount").label == "x" * 79


def test_amount_does_not_start_inside_another_number() -> None:
    assert [f.value for f in facts("prix 1.5 € ou 1,2.50 €")] == []


def test_numbers_without_currency_are_not_amounts() -> None:
    assert "amount" not in kinds("Nous avons reçu 1 234,56 et 380 pièces de la rue du 8 mai.")
    assert "amount" not in kinds("Leur valeur : 40. Le recouvreur 12 eur2")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1 234,56 €", "1234.56"),
        ("380 euros", "380"),
        ("1.234,56 EUR", "1234.56"),
        ("1234,56€", "1234.56"),
        ("€ 40", "40"),
        ("40 €", "40"),
        ("1\u202f234,56\u00a0€", "1234.56"),
        ("12.50 €", "12.50"),
        ("1.234 €", "1234"),
    ],
)
def test_parse_amount(written: str, value: str) -> None:
    assert parse_amount(written) == Decimal(value)


@pytest.mark.parametrize("written", ["", "abc", "12", "1 23,45 €", "-5 €", "12 € 40", "€"])
def test_parse_amount_refuses_what_is_not_an_amount(written: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(written)


def test_format_amount() -> None:
    sep, cur = THOUSANDS_SEPARATOR, CURRENCY_SEPARATOR
    assert format_amount(Decimal("1234.56")) == f"1{sep}234,56{cur}€"
    assert format_amount(Decimal("1234567.8")) == f"1{sep}234{sep}567,80{cur}€"
    assert format_amount(Decimal("0")) == f"0,00{cur}€"
    assert format_amount(Decimal("999.995")) == f"1{sep}000,00{cur}€"
    with pytest.raises(ValueError):
        format_amount(Decimal("NaN"))


@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_gives_the_amount_back(cents: int) -> None:
    value = Decimal(cents) / 100
    assert parse_amount(format_amount(value)) == value


# --------------------------------------------------------------------------- percents

@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("au taux de 10 % l'an", "10 %", "10"),
        ("au taux de 12,15 %", "12,15 %", "12.15"),
        ("au taux de 3,5%", "3,5%", "3.5"),
        ("au taux de 12,15 pour cent", "12,15 pour cent", "12.15"),
    ],
)
def test_percents(text: str, written: str, value: str) -> None:
    fact = only(text, "percent")
    assert fact.text == written
    assert fact.value == Decimal(value)


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("Lyon, le 1er décembre 2025", "1er décembre 2025", date(2025, 12, 1)),
        ("Lyon, le 1er Décembre 2025", "1er Décembre 2025", date(2025, 12, 1)),
        ("le 15 mars 2026.", "15 mars 2026", date(2026, 3, 15)),
        ("le 15 mars\n2026.", "15 mars\n2026", date(2026, 3, 15)),
        ("le 3 août 2026,", "3 août 2026", date(2026, 8, 3)),
        ("Rendez-vous lundi 2 mars 2026 à 10 h", "lundi 2 mars 2026", date(2026, 3, 2)),
        ("facture du 15/03/2026", "15/03/2026", date(2026, 3, 15)),
        ("facture du 5/3/2026", "5/3/2026", date(2026, 3, 5)),
        ("facture du 15.03.2026", "15.03.2026", date(2026, 3, 15)),
        ("facture du 15-03-2026", "15-03-2026", date(2026, 3, 15)),
        ("date: 2026-03-15", "2026-03-15", date(2026, 3, 15)),
    ],
)
def test_dates(text: str, written: str, value: date) -> None:
    fact = only(text, "date")
    assert fact.text == written
    assert fact.value == value


@pytest.mark.parametrize(
    "text",
    ["le 31/02/2026", "le 30 février 2026", "le 15/03/26", "le 15/13/2026", "le 15 mars",
     "le 12 marsupial 2026", "le 15/03-2026", "réf 115/03/2026"],
)
def test_not_dates(text: str) -> None:
    assert "date" not in kinds(text)


# --------------------------------------------------------------------------- deadlines

@pytest.mark.parametrize(
    ("text", "written", "days", "business", "detail"),
    [
        ("à régler sous huit jours.", "sous huit jours", 8.0, False, "jours"),
        ("à régler sous 8 jours.", "sous 8 jours", 8.0, False, "jours"),
        ("à régler sous huitaine.", "sous huitaine", 8.0, False, "jours"),
        ("à régler sous quinzaine.", "sous quinzaine", 15.0, False, "jours"),
        ("à régler dans la quinzaine.", "dans la quinzaine", 15.0, False, "jours"),
        ("dans un délai de 15 jours à compter de la réception de la présente.",
         "dans un délai de 15 jours à compter de la réception de la présente", 15.0, False,
         "jours"),
        ("dans un délai de huit (8) jours", "dans un délai de huit (8) jours", 8.0, False, "jours"),
        ("à payer dans les 30 jours", "dans les 30 jours", 30.0, False, "jours"),
        ("sous dix jours ouvrés", "sous dix jours ouvrés", 10.0, True, "jours"),
        ("sous 5 jours ouvrables", "sous 5 jours ouvrables", 5.0, True, "jours"),
        ("sous vingt-et-un jours", "sous vingt-et-un jours", 21.0, False, "jours"),
        ("sous vingt et un jours", "sous vingt et un jours", 21.0, False, "jours"),
        ("sous 48 heures", "sous 48 heures", 2.0, False, "heures"),
        ("dans les 72 heures", "dans les 72 heures", 3.0, False, "heures"),
        ("sous quarante-huit heures", "sous quarante-huit heures", 2.0, False, "heures"),
        ("sous quarante‑huit heures", "sous quarante‑huit heures", 2.0, False, "heures"),
        ("sous huit\njours ouvrés", "sous huit\njours ouvrés", 8.0, True, "jours"),
        ("d'ici quatre-vingt-dix jours", "d'ici quatre-vingt-dix jours", 90.0, False, "jours"),
    ],
)
def test_duration_deadlines(text: str, written: str, days: float, business: bool,
                            detail: str) -> None:
    fact = only(text, "deadline")
    assert fact.text == written
    assert fact.value == Deadline(days, None, business)
    assert fact.detail == detail


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("à régler avant le 20 mars 2026.", "avant le 20 mars 2026"),
        ("soit au plus tard le 20 mars 2026.", "au plus tard le 20 mars 2026"),
        ("d'ici le 20 mars 2026", "d'ici le 20 mars 2026"),
        ("d’ici le 20/03/2026", "d’ici le 20/03/2026"),
        ("jusqu'au 20 mars 2026", "jusqu'au 20 mars 2026"),
        ("avant le vendredi 20 mars 2026", "avant le vendredi 20 mars 2026"),
        ("au plus tard le 2026-03-20", "au plus tard le 2026-03-20"),
    ],
)
def test_dated_deadlines_keep_their_date(text: str, written: str) -> None:
    found = facts(text)
    deadline = next(f for f in found if f.kind == "deadline")
    assert deadline.text == written
    assert deadline.value == Deadline(10.0, date(2026, 3, 20), False)
    assert deadline.detail == "date"
    inner = next(f for f in found if f.kind == "date")
    assert inner.value == date(2026, 3, 20)
    assert deadline.start < inner.start and inner.end == deadline.end


def test_dated_deadline_without_letter_date_has_no_days() -> None:
    fact = only("avant le 20 mars 2026", "deadline", letter_date=None)
    assert fact.value == Deadline(None, date(2026, 3, 20), False)


@pytest.mark.parametrize(
    "text",
    ["à régler dès réception", "à régler immédiatement", "depuis 30 jours", "le 20 mars 2026",
     "à ce jour", "sous 8 mois", "pendant huit jours", "il y a 48 heures"],
)
def test_not_deadlines(text: str) -> None:
    assert "deadline" not in kinds(text)


# --------------------------------------------------------------------------- references

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Objet : facture n° FA-2025-0142 du 15/09/2025", "FA-2025-0142"),
        ("Facture N°FA2025_7", "FA2025_7"),
        ("facture no 12345", "12345"),
        ("facture numéro AB12", "AB12"),
        ("facture num. AB-12", "AB-12"),
        ("N° de facture : F2025/001.", "F2025/001"),
        ("Réf. : DUR-8841", "DUR-8841"),
        ("Référence : X12.", "X12"),
        ("Référence dossier : DUR/2025/8841.", "DUR/2025/8841"),
        ("votre réf 2025.77 svp", "2025.77"),
    ],
)
def test_invoice_refs_are_kept_as_written(text: str, value: str) -> None:
    fact = only(text, "invoice_ref")
    assert fact.value == value == fact.text


@pytest.mark.parametrize(
    "text", ["la facture du 15/09/2025", "facture impayée", "par préférence 12", "le refus 12"]
)
def test_not_invoice_refs(text: str) -> None:
    assert "invoice_ref" not in kinds(text)


# --------------------------------------------------------------------------- identifiers

@pytest.mark.parametrize(
    ("text", "value", "valid"),
    [
        ("IBAN : FR76 3000 6000 0112 3456 7890 189 – BIC AGRIFRPP", "FR7630006000011234567890189",
         True),
        ("IBAN : FR76 3000 6000 0112 3456 7890 188", "FR7630006000011234567890188", False),
        ("iban fr7630006000011234567890189.", "FR7630006000011234567890189", True),
        ("IBAN DE89 3704 0044 0532 0130 00", "DE89370400440532013000", True),
        ("IBAN GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819", True),
        ("IBAN FR76 3000 6000 0112 3456 7890", "FR76300060000112345678 90".replace(" ", ""),
         False),
    ],
)
def test_ibans(text: str, value: str, valid: bool) -> None:
    fact = only(text, "iban")
    assert fact.value == value
    assert fact.valid is valid
    assert "phone" not in kinds(text)


def test_iban_is_valid() -> None:
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    assert iban_is_valid("fr7630006000011234567890189")
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 18")
    assert not iban_is_valid("FR7630006000011234567890189 0")
    assert iban_is_valid("BE68 5390 0754 7034")
    assert not iban_is_valid("BE68 5390 0754 7034 1")
    assert not iban_is_valid("XX")
    assert not iban_is_valid("FR76-3000")


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


@given(st.text("0123456789", min_size=23, max_size=23), st.data())
@settings(max_examples=200)
def test_generated_ibans_are_valid_and_a_changed_digit_is_not(bban: str,
                                                             data: st.DataObject) -> None:
    iban = _iban("FR", bban)
    assert len(iban) == 27
    assert iban_is_valid(iban)
    position = data.draw(st.integers(min_value=2, max_value=26))
    new_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != iban[position]]))
    assert not iban_is_valid(iban[:position] + new_digit + iban[position + 1:])


@pytest.mark.parametrize(
    ("text", "kind", "value", "valid"),
    [
        ("SIREN : 732 829 320 – RCS Lyon", "siren", "732829320", True),
        ("SIREN 732 829 321", "siren", "732829321", False),
        ("siren n° 552100554", "siren", "552100554", True),
        ("SIRET 732 829 320 00074", "siret", "73282932000074", True),
        ("SIRET : 732 829 320 00075", "siret", "73282932000075", False),
        ("RCS Lyon B 732 829 320", "siren", "732829320", True),
        ("immatriculée au RCS de Lyon sous le n° 732 829 320", "siren", "732829320", True),
        ("SIRET 356 000 000 00001", "siret", "35600000000001", True),
        ("SIRET 356 000 000 00002", "siret", "35600000000002", False),
    ],
)
def test_company_ids(text: str, kind: str, value: str, valid: bool) -> None:
    fact = only(text, kind)
    assert fact.value == value
    assert fact.valid is valid


def test_company_ids_need_a_label() -> None:
    assert kinds("numéro 732 829 320") == []
    assert "phone" not in kinds("SIRET 732 829 320 00074")


def test_luhn() -> None:
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")
    assert not luhn_is_valid("")
    assert not luhn_is_valid("7992739871a")
    assert siren_is_valid("732 829 320")
    assert not siren_is_valid("73282932")
    assert siret_is_valid("732 829 320 00074")
    assert not siret_is_valid("73282932000074 1")
    # La Poste's establishments are checked by digit sum, not by Luhn.
    assert not luhn_is_valid("35600000000001")
    assert siret_is_valid("35600000000001")


def _luhn_complete(body: str) -> str:
    for check in "0123456789":
        if luhn_is_valid(body + check):
            return body + check
    raise AssertionError(body)


@given(st.text("0123456789", min_size=8, max_size=8), st.data())
def test_generated_sirens_are_valid_and_a_changed_digit_is_not(body: str,
                                                              data: st.DataObject) -> None:
    siren = _luhn_complete(body)
    assert siren_is_valid(siren)
    position = data.draw(st.integers(min_value=0, max_value=8))
    new_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != siren[position]]))
    assert not siren_is_valid(siren[:position] + new_digit + siren[position + 1:])


# --------------------------------------------------------------------------- contacts

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tél. : 04 72 00 00 00", "+33472000000"),
        ("au 04.72.00.00.01", "+33472000001"),
        ("au 0472000002.", "+33472000002"),
        ("appelez le 08 92 70 12 34", "+33892701234"),
        ("appelez le 0 825 00 00 00", "+33825000000"),
        ("numéro vert 0 800 123 456", "+33800123456"),
        ("depuis l'étranger : +33 1 23 45 67 89", "+33123456789"),
        ("depuis l'étranger : +33 (0)1 23 45 67 89", "+33123456789"),
    ],
)
def test_phones(text: str, value: str) -> None:
    """Numbers in national or international form, in E.164. Which are premium-rate is a rule's
    business (CONT-SURTAXE, with its prefixes in rules/), not the text layer's."""
    fact = only(text, "phone")
    assert fact.value == value
    assert fact.detail == ""


def test_phone_is_not_read_inside_an_amount() -> None:
    assert kinds("soit 0 800 123 456,00 €") == ["amount"]


def test_emails_and_urls_keep_their_spelling() -> None:
    found = facts("Écrivez à Gestion.Dossiers@Durand-Recouvrement.fr. "
                  "Voir https://www.Exemple.fr/payer?id=1). Ou (www.exemple.fr/espace).")
    assert [(f.kind, f.value) for f in found] == [
        ("email", "Gestion.Dossiers@Durand-Recouvrement.fr"),
        ("url", "https://www.Exemple.fr/payer?id=1"),
        ("url", "www.exemple.fr/espace"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("12 rue Sala, 69007 Lyon", "69007"), ("75008 Paris Cedex", "75008"),
     ("BP 12, 97400 Saint-Denis", "97400")],
)
def test_postal_codes(text: str, value: str) -> None:
    fact = only(text, "postal_code")
    assert fact.value == value == fact.text


@pytest.mark.parametrize("text", ["10000 euros", "réf 12345678 lyon", "00074 lyon", "le 123456 a"])
def test_not_postal_codes(text: str) -> None:
    assert "postal_code" not in kinds(text)


# --------------------------------------------------------------------------- whole letters

LETTER = """CABINET DURAND & ASSOCIÉS
12, rue de la République
69007 Lyon
Tél.\u00a0: 04 72 00 00 00 – contact@durand-recouvrement.fr
SIREN\u00a0: 732 829 320 – RCS Lyon

Lyon, le 1er décembre 2025

Objet : mise en demeure – facture n° FA-2025-0142

Monsieur,

À ce jour, vous restez redevable des sommes suivantes :
- Principal\u00a0: 1\u202f200,00\u00a0€
- Intérêts au taux de 12,15\u00a0% : 38,40 €
Total dû : 1\u202f238,40 €

Nous vous mettons en demeure de régler cette somme sous huit jours à compter de la
réception de la présente, soit au plus tard le 20 mars 2026, par virement :
IBAN : FR76 3000 6000 0112 3456 7890 189.
"""


def test_a_letter() -> None:
    found = extract_facts(normalize(LETTER), LETTER_DAY)
    assert [(f.kind, f.text) for f in found] == [
        ("postal_code", "69007"),
        ("phone", "04 72 00 00 00"),
        ("email", "contact@durand-recouvrement.fr"),
        ("siren", "732 829 320"),
        ("date", "1er décembre 2025"),
        ("invoice_ref", "FA-2025-0142"),
        ("amount", "1\u202f200,00\u00a0€"),
        ("percent", "12,15\u00a0%"),
        ("amount", "38,40 €"),
        ("amount", "1\u202f238,40 €"),
        ("deadline", "sous huit jours à compter de la\nréception de la présente"),
        ("deadline", "au plus tard le 20 mars 2026"),
        ("date", "20 mars 2026"),
        ("iban", "FR76 3000 6000 0112 3456 7890 189"),
    ]
    assert [f.label for f in found if f.kind == "amount"] == [
        "principal", "interets au taux de 12,15 %", "total du"]


def _check_invariants(original: str, found: list[Fact]) -> None:
    assert found == sorted(found, key=lambda f: (f.start, f.end))
    for fact in found:
        assert 0 <= fact.start < fact.end <= len(original)
        assert original[fact.start:fact.end] == fact.text
        assert fact.text.strip() == fact.text
        assert len(fact.label) <= 80 and "\n" not in fact.label
        assert (fact.valid is not None) == (fact.kind in ("iban", "siren", "siret"))


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SAMPLES.glob("*") if p.suffix in (".md", ".txt") and p.stem != "README"),
    ids=lambda p: p.name,
)
def test_sample_letters_keep_the_invariants(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    found = extract_facts(normalize(original), LETTER_DAY)
    _check_invariants(original, found)
    assert found


words = st.sampled_from(
    ["1 234,56", "€", "euros", "le", "15/03/2026", "mars", "2026", "sous", "huit", "jours",
     "48", "heures", "facture", "n°", "FA-12", "IBAN", "FR76", "3000", "SIRET", "732 829 320",
     "00074", "04 72 00 00 00", "+33", "@", "www.x.fr", "69007", "Lyon", "%", "avant", "1er",
     "\n", ":", "-", ".", ",", "\u00a0", "’", "œ", "…"]
)


@given(st.lists(st.one_of(words, st.text(max_size=3)), max_size=30).map(" ".join))
@settings(max_examples=300)
def test_any_text_keeps_the_invariants(original: str) -> None:
    _check_invariants(original, extract_facts(normalize(original), LETTER_DAY))
