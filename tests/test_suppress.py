"""Accountable suppressions (inline waivers, the waivers file) and the baseline."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.baseline import filter_new, load_baseline
from checker.engine import check_letter, parse_letter
from checker.errors import InputError
from checker.model import FileReport
from checker.report import RunResult
from checker.report import json as json_report
from checker.rules.loader import RuleSet
from checker.suppress import (
    WaiverUsage,
    apply_waivers,
    load_waivers,
    parse_inline,
    waiver_example_fires,
)

TODAY = datetime.date(2026, 3, 2)
FRONT = """\
---
type: relance
sender: creancier
debtor: particulier
channel: courrier
date: 2026-03-02
---
Madame,

"""
CLOSING = "\nVeuillez agréer, Madame, nos salutations distinguées.\n"


def letter(body: str) -> str:
    return FRONT + textwrap.dedent(body).strip("\n") + "\n" + CLOSING


def check(text: str, ruleset: RuleSet, path: str = "lettre.md") -> FileReport:
    return check_letter(parse_letter(path, text), ruleset, {}, TODAY)


def waived(text: str, ruleset: RuleSet, path: str = "lettre.md") -> FileReport:
    return apply_waivers(check(text, ruleset, path), parse_inline(text, path), ruleset, TODAY)


def rules_of(report: FileReport, *ids: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in report.findings if not ids or f.rule in ids]


# -- inline syntax ------------------------------------------------------------------------------

def test_parse_inline_syntax_and_block() -> None:
    text = textwrap.dedent("""\
        Madame,

        <!-- amiable: ignore TON-INSULTE, TON-MAJUSCULES PRIV-ENTOURAGE -- motif: citation ;
             validée par le juriste ; expire: 2026-12-31 -->

        Première ligne du bloc.
        Deuxième ligne du bloc.

        Hors du bloc.
        """)
    [waiver] = parse_inline(text, "l.md")
    assert waiver.rules == ("TON-INSULTE", "TON-MAJUSCULES", "PRIV-ENTOURAGE")
    assert waiver.motif == "citation ; validée par le juriste"
    assert waiver.expire == datetime.date(2026, 12, 31)
    assert (waiver.line, waiver.column) == (3, 1)
    assert waiver.rule_positions[1] == (3, 35)
    assert waiver.block == (6, 7)


def test_stacked_waivers_cover_the_same_block() -> None:
    text = ("<!-- amiable: ignore TON-INSULTE -- motif: a -->\n\n"
            "<!-- amiable: ignore TON-MAJUSCULES -- motif: b -->\nTexte.\nSuite.\n\nAutre.\n")
    first, second = parse_inline(text, "l.md")
    assert first.block == second.block == (4, 5)


def test_no_block_after_the_last_waiver_and_code_fences_ignored() -> None:
    text = ("```\n<!-- amiable: ignore TON-INSULTE -->\n```\n\n"
            "Texte.\n<!-- AMIABLE: ignore TON-INSULTE -- motif: fin -->\n\n")
    [waiver] = parse_inline(text, "l.md")
    assert waiver.line == 6 and waiver.block is None


@pytest.mark.parametrize(("comment", "fragment", "column"), [
    ("<!-- amiable: ignore TON-INSULTE -- motif: x ; expire: 2026-02-30 -->", "2026-02-30", 56),
    ("<!-- amiable: ignore TON-INSULTE -- motif: x ; expire: 31/12/2026 -->", "AAAA-MM-JJ", 56),
    ("<!-- amiable: ignore TON-INSULTE -- motif: x ; raison: y -->", "raison", 48),
    ("<!-- amiable: ignore TON-INSULTE motif: x -->", "« -- »", 34),
    ("<!-- amiable: ignore -- motif: x -->", "aucune règle", 21),
    ("<!-- amiable: ignore ton-insulte -- motif: x -->", "ton-insulte", 22),
    ("<!-- amiable: disable TON-INSULTE -- motif: x -->", "disable", 15),
    ("<!-- amiable: ignore TON-INSULTE -- motif: x", "non fermé", 1),
    ("<!-- amiable: ignore TON-INSULTE -- motif: x ; motif: y -->", "double", 48),
])
def test_malformed_waiver_comment_is_an_input_error(comment: str, fragment: str,
                                                    column: int) -> None:
    with pytest.raises(InputError) as caught:
        parse_inline(f"Madame,\n\n{comment}\nTexte.\n", "l.md")
    assert caught.value.path == "l.md"
    assert (caught.value.line, caught.value.column) == (3, column)
    assert fragment in caught.value.message


def test_other_html_comments_are_not_waivers() -> None:
    assert parse_inline("<!-- note: amiable: ignore X -->\n<!-- relu -->\nTexte.\n", "l") == []


# -- inline waivers applied ---------------------------------------------------------------------

INSULTS = """
    <!-- amiable: ignore TON-INSULTE -- motif: citation de la débitrice ; expire: 2026-12-31 -->
    Le mot « escroc » figure dans votre courrier.
    Vous y répétez : escroc.

    Vous nous traitez d'escroc.
"""


def test_inline_waiver_suppresses_the_next_block_only_and_counts(ruleset: RuleSet) -> None:
    plain = check(letter(INSULTS), ruleset)
    assert rules_of(plain, "TON-INSULTE") == [("TON-INSULTE", 11), ("TON-INSULTE", 12),
                                              ("TON-INSULTE", 14)]
    report = waived(letter(INSULTS), ruleset)
    assert rules_of(report, "TON-INSULTE") == [("TON-INSULTE", 14)]
    assert report.suppressed == {"TON-INSULTE": 2}
    assert not [f for f in report.findings if f.rule.startswith("SUP-")]
    assert len(report.findings) == len(plain.findings) - 2


def test_expiry_day_itself_is_still_in_force(ruleset: RuleSet) -> None:
    text = letter(INSULTS.replace("2026-12-31", "2026-03-02"))
    assert waived(text, ruleset).suppressed == {"TON-INSULTE": 2}


@pytest.mark.parametrize(("change", "rule"), [
    (("-- motif: citation de la débitrice ; expire: 2026-12-31", ""),
     "SUP-SANS-MOTIF"),
    (("motif: citation de la débitrice", "motif:   "), "SUP-SANS-MOTIF"),
    (("2026-12-31", "2026-03-01"), "SUP-EXPIRE"),
    (("ignore TON-INSULTE", "ignore TON-INSULTE, AMT-FRAIS-CONSOMMATEUR"), "SUP-REFUSE"),
])
def test_void_waiver_is_a_finding_and_suppresses_nothing(ruleset: RuleSet,
                                                         change: tuple[str, str],
                                                         rule: str) -> None:
    report = waived(letter(INSULTS.replace(*change)), ruleset)
    assert rules_of(report, "TON-INSULTE") == [("TON-INSULTE", 11), ("TON-INSULTE", 12),
                                               ("TON-INSULTE", 14)]
    assert report.suppressed == {}
    [sup] = [f for f in report.findings if f.rule.startswith("SUP-")]
    assert (sup.rule, sup.line, sup.column) == (rule, 10, 1)
    assert sup.category == "procedure" and sup.excerpt.startswith("<!-- amiable:")
    assert sup.severity == ruleset.get(rule).severity  # type: ignore[union-attr]
    assert "de la ligne 10" in sup.message


def test_waiver_that_suppresses_nothing_is_a_finding(ruleset: RuleSet) -> None:
    text = letter("""
        <!-- amiable: ignore TON-INSULTE, TON-MAJUSCULES -- motif: citation ; expire: 2026-12-31 -->
        Le mot « escroc » figure dans votre courrier.
    """)
    report = waived(text, ruleset)
    assert report.suppressed == {"TON-INSULTE": 1}
    [sup] = [f for f in report.findings if f.rule.startswith("SUP-")]
    assert sup.rule == "SUP-INUTILE" and sup.severity == "warning"
    assert "TON-MAJUSCULES" in sup.message and "TON-INSULTE" not in sup.message


def test_refused_rule_stays_reported(ruleset: RuleSet) -> None:
    text = letter("""
        <!-- amiable: ignore AMT-FRAIS-CONSOMMATEUR -- motif: barème ; expire: 2026-12-31 -->
        Principal : 1 200,00 €
        Frais de recouvrement : 45,00 €
        Total : 1 245,00 €
    """)
    report = waived(text, ruleset)
    assert ("AMT-FRAIS-CONSOMMATEUR", 12) in rules_of(report)
    assert ("SUP-REFUSE", 10) in rules_of(report)
    assert report.suppressed == {}


def test_unknown_rule_in_inline_waiver_is_an_input_error(ruleset: RuleSet) -> None:
    text = letter(INSULTS.replace("ignore TON-INSULTE", "ignore TON-INSULTE, TON-INSULT"))
    with pytest.raises(InputError) as caught:
        waived(text, ruleset)
    assert (caught.value.path, caught.value.line, caught.value.column) == ("lettre.md", 10, 35)
    assert "TON-INSULT" in caught.value.message and "TON-INSULTE" in caught.value.message


def test_waiver_rule_examples_fire(ruleset: RuleSet) -> None:
    today = datetime.date.today()
    for rule in ruleset.rules:
        if rule.kind != "waiver":
            continue
        assert not rule.waivable, rule.id
        for example in rule.fail_examples:
            assert waiver_example_fires(rule, example.text, ruleset, today), rule.id
        for example in rule.pass_examples:
            assert not waiver_example_fires(rule, example.text, ruleset, today), rule.id
    assert {r.id for r in ruleset.rules if r.kind == "waiver"} == {
        "SUP-EXPIRE", "SUP-INUTILE", "SUP-SANS-MOTIF", "SUP-REFUSE"}


# -- the waivers file ---------------------------------------------------------------------------

WAIVERS = """\
waivers:
  - path: "modeles/relances/*.md"
    rules: [TON-INSULTE]
    motif: "Citations de courriers de débiteurs, validées par le service juridique"
    expire: 2026-12-31
  - path: "modeles/agence/**"
    rules:
      - TON-INSULTE
"""


def insult_report(path: str, ruleset: RuleSet, insult: bool = True) -> FileReport:
    body = "Le mot « escroc » figure dans votre courrier." if insult else "Merci."
    return check(letter(body), ruleset, path)


def test_waivers_file_by_glob(tmp_path: Path, ruleset: RuleSet) -> None:
    (tmp_path / "derogations.yaml").write_text(WAIVERS, encoding="utf-8")
    waivers = load_waivers(str(tmp_path / "derogations.yaml"))
    assert [w.line for w in waivers] == [2, 6]
    covered = insult_report(str(tmp_path / "modeles" / "relances" / "r1.md"), ruleset)
    report = apply_waivers(covered, waivers, ruleset, TODAY)
    assert rules_of(report, "TON-INSULTE", "SUP-INUTILE") == []
    assert report.suppressed == {"TON-INSULTE": 1}
    deeper = insult_report(str(tmp_path / "modeles" / "relances" / "old" / "r0.md"), ruleset)
    assert apply_waivers(deeper, waivers, ruleset, TODAY) == deeper
    # The second waiver has no motif: it suppresses nothing, and says where it is written.
    agency = insult_report(str(tmp_path / "modeles" / "agence" / "a" / "m.md"), ruleset)
    report = apply_waivers(agency, waivers, ruleset, TODAY)
    assert report.suppressed == {}
    [sup] = [f for f in report.findings if f.rule.startswith("SUP-")]
    assert sup.rule == "SUP-SANS-MOTIF" and "derogations.yaml:6" in sup.message
    assert (sup.line, sup.column) == (1, 1)


def test_waivers_file_unused_judged_per_report_or_over_the_run(tmp_path: Path,
                                                               ruleset: RuleSet) -> None:
    (tmp_path / "derogations.yaml").write_text(WAIVERS, encoding="utf-8")
    waivers = load_waivers(str(tmp_path / "derogations.yaml"))[:1]
    relances = tmp_path / "modeles" / "relances"
    clean = insult_report(str(relances / "a.md"), ruleset, insult=False)
    dirty = insult_report(str(relances / "b.md"), ruleset)
    alone = apply_waivers(clean, waivers, ruleset, TODAY)
    assert [f.rule for f in alone.findings if f.rule.startswith("SUP-")] == ["SUP-INUTILE"]
    # Over a run, the waiver is used in b.md: no SUP-INUTILE anywhere.
    usage = WaiverUsage()
    reports = [apply_waivers(r, waivers, ruleset, TODAY, usage) for r in (clean, dirty)]
    reports = usage.finish(reports, ruleset, TODAY)
    assert not [f for r in reports for f in r.findings if f.rule.startswith("SUP-")]
    assert reports[1].suppressed == {"TON-INSULTE": 1}
    # Over a run where it suppresses nothing: one SUP-INUTILE, in the first covered report.
    usage = WaiverUsage()
    reports = [apply_waivers(r, waivers, ruleset, TODAY, usage) for r in (clean, clean)]
    reports = usage.finish(reports, ruleset, TODAY)
    assert [[f.rule for f in r.findings if f.rule.startswith("SUP-")] for r in reports] == [
        ["SUP-INUTILE"], []]


def test_unknown_rule_in_waivers_file_is_an_input_error(tmp_path: Path,
                                                        ruleset: RuleSet) -> None:
    path = tmp_path / "derogations.yaml"
    path.write_text(WAIVERS.replace("      - TON-INSULTE", "      - TON-INSULTES"),
                    encoding="utf-8")
    waivers = load_waivers(str(path))
    report = insult_report(str(tmp_path / "autre.md"), ruleset)
    with pytest.raises(InputError) as caught:
        apply_waivers(report, waivers, ruleset, TODAY)
    assert caught.value.path.endswith("derogations.yaml")
    assert (caught.value.line, caught.value.column) == (8, 9)
    assert "TON-INSULTE" in caught.value.message


@pytest.mark.parametrize(("text", "line"), [
    ("waivers:\n  - path: a.md\n    rules: [TON-INSULTE]\n    expire: 2026-02-30\n", 4),
    ("waivers:\n  - path: a.md\n    rule: [TON-INSULTE]\n", 2),
    ("waivers:\n  - path: a.md\n    rules: [ton-insulte]\n", 3),
    ("waivers: [\n", 2),
])
def test_invalid_waivers_file_is_located(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "derogations.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_waivers(str(path))
    assert caught.value.line == line


# -- baseline -----------------------------------------------------------------------------------

BEFORE = """
    Sauf erreur de notre part, la facture n° F-2025-0987 demeure impayée.

    Vous êtes un escroc.
"""
AFTER = """
    Sauf erreur de notre part, la facture n° F-2025-0987 demeure impayée.

    Nous vous rappelons nos conditions générales.
    Elles figurent au verso.

    Vous êtes un escroc.

    Vous êtes aussi un voleur.
"""


def save_report(path: Path, *reports: FileReport) -> str:
    path.write_text(json_report.render(RunResult(files=list(reports))), encoding="utf-8")
    return str(path)


def test_baseline_filters_known_findings_after_lines_moved(tmp_path: Path,
                                                           ruleset: RuleSet) -> None:
    first = check(letter(BEFORE), ruleset, "modeles/lettre.md")
    baseline = load_baseline(save_report(tmp_path / "base.json", first))
    assert len(baseline) == len(first.findings)
    second = check(letter(AFTER), ruleset, "modeles/lettre.md")
    moved = [f.line for f in second.findings if f.excerpt.endswith("escroc.")]
    assert moved != [f.line for f in first.findings if f.excerpt.endswith("escroc.")]
    new = filter_new(second, baseline)
    assert [(f.rule, f.excerpt) for f in new.findings] == [
        ("TON-INSULTE", "Vous êtes aussi un voleur.")]
    assert sum(new.suppressed.values()) == len(first.findings)
    # Another file, or another spelling of the same path, is judged as such.
    assert filter_new(check(letter(AFTER), ruleset, "autre.md"), baseline).suppressed == {}
    assert filter_new(check(letter(AFTER), ruleset, "./modeles/lettre.md"),
                      baseline).findings == new.findings


def test_baseline_that_is_not_a_report(tmp_path: Path) -> None:
    bad = tmp_path / "base.json"
    bad.write_text('{\n  "version": 1,\n  "files": [\n    {"path": "a.md",\n', encoding="utf-8")
    with pytest.raises(InputError, match="JSON invalide") as caught:
        load_baseline(str(bad))
    assert caught.value.line == 5
    bad.write_text('[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="rapport"):
        load_baseline(str(bad))
    old = {"version": 1, "files": [{"path": "a.md", "kind": "letter", "findings": [
        {"rule": "TON-INSULTE"}]}], "errors": []}
    bad.write_text(json.dumps(old, indent=2), encoding="utf-8")
    with pytest.raises(InputError, match="fingerprint") as caught:
        load_baseline(str(bad))
    assert caught.value.line == 8
    with pytest.raises(InputError, match="introuvable"):
        load_baseline(str(tmp_path / "absent.json"))


_item = st.dictionaries(
    st.sampled_from(["path", "rules", "motif", "expire", "regles"]),
    st.one_of(st.none(), st.integers(), st.sampled_from(["", "a/*.md", "2026-12-31", "2026-02-30",
                                                         "motif"]),
              st.lists(st.sampled_from(["TON-INSULTE", "ton-insulte", "", "MED-DELAI"]),
                       max_size=3)),
    max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.dictionaries(st.sampled_from(["waivers", "autre"]),
                                 st.one_of(st.lists(_item, max_size=3), st.none()), max_size=2),
                 st.lists(_item, max_size=1)))
def test_waivers_quick_check_never_accepts_what_the_schema_refuses(data: object) -> None:
    from checker.rules.schemas import validator
    from checker.suppress import _quick_valid

    if _quick_valid(data):
        assert validator("waivers").is_valid(data), data
