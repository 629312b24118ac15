"""SARIF, JUnit and GitHub reports, built from real sample letters and case files.

SARIF is validated against the official OASIS schema (a copy kept in tests/fixtures, so the
tests do not depend on ../shared); code scanning rejects an invalid upload as a whole.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from checker.batch import check_paths
from checker.fingerprint import fingerprints
from checker.model import Basis, FileReport, Finding, Metadata, Severity
from checker.report import RunResult, github, junit, sarif
from checker.rules.loader import RuleSet
from tests.conftest import ROOT, SAMPLES

TODAY = datetime.date(2026, 3, 2)
SCHEMA = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
LETTER = "letters_samples/agence-sans-mentions-r124-4.md"
PARTIAL_SPANS = "letters_samples/relance-email-insultes-majuscules.md"
CLEAN = "letters_samples/relance-sms-conforme.md"
INFOS = "letters_samples/agence-relance-lrar-sans-metadonnees.txt"
CASE = "letters_samples/dossiers/agence-appels-repetes/dossier.yaml"
MISSING = "letters_samples/absente.md"


@pytest.fixture()
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in reports are relative to the current directory: run from the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture()
def result(ruleset: RuleSet, in_root: None) -> RunResult:
    return check_paths([LETTER, PARTIAL_SPANS, CLEAN, INFOS, CASE, MISSING], ruleset, {}, TODAY)


def _findings(result: RunResult) -> list[tuple[FileReport, Finding]]:
    return [(report, finding) for report in result.files for finding in report.findings]


def _sarif(result: RunResult, ruleset: RuleSet) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sarif.render(result, ruleset))
    return data


def _schema_errors(data: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)]


def _synthetic(message: str, severity: Severity = "error", rule: str = "TON-INSULTE",
               **changes: Any) -> Finding:
    finding = Finding(rule=rule, category="tone", severity="error", message=message, line=3,
                      column=5, end_line=3, end_column=9, excerpt="Vous êtes malhonnête.",
                      basis=(Basis("loi", "C. consom. art. L121-6"),), fix="Supprimez ce terme.")
    return dataclasses.replace(finding, severity=severity, **changes)


def _report(path: str, *findings: Finding, suppressed: dict[str, int] | None = None) -> FileReport:
    return FileReport(path, "letter", Metadata({}, {}), findings, suppressed or {})


# -- SARIF ------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(result: RunResult, ruleset: RuleSet) -> None:
    assert result.errors and any(r.findings for r in result.files)
    assert _schema_errors(_sarif(result, ruleset)) == []


def test_sarif_run_describes_the_tool_and_the_columns(result: RunResult,
                                                      ruleset: RuleSet) -> None:
    run = _sarif(result, ruleset)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "Amiable"
    assert "informationUri" not in driver
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ruleset.rules]
    rule = next(r for r in driver["rules"] if r["id"] == "AGC-L111-8")
    assert rule["name"] == "AgcL1118"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "CPCE art. R124-4 5°" in rule["help"]["text"]
    assert rule["help"]["text"].startswith("Correction : ")
    assert rule["properties"]["category"] == "content"
    assert {"kind": "loi", "ref": "CPCE art. L111-8 al. 2 et 3 (loi n° 2014-344 du 17 mars 2014)"
            }.items() <= rule["properties"]["basis"][1].items()
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["META-DEFAUT"] == "note"


def test_sarif_results_point_at_their_rule_and_region(result: RunResult,
                                                      ruleset: RuleSet) -> None:
    run = _sarif(result, ruleset)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    pairs = _findings(result)
    assert len(run["results"]) == len(pairs)
    for sarif_result, (report, finding) in zip(run["results"], pairs, strict=True):
        assert rules[sarif_result["ruleIndex"]]["id"] == sarif_result["ruleId"] == finding.rule
        assert sarif_result["level"] == {"error": "error", "warning": "warning",
                                         "info": "note"}[finding.severity]
        assert sarif_result["message"]["text"] == finding.message
        location = sarif_result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": report.path, "uriBaseId": "%SRCROOT%"}
        region = location["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"],
                region["endColumn"]) == (finding.line, finding.column, finding.end_line,
                                         finding.end_column)
        if finding.end_line == finding.line:
            span = finding.excerpt[finding.column - 1:finding.end_column - 1]
            assert region["snippet"]["text"] == span
            if span != finding.excerpt:
                assert location["contextRegion"]["snippet"]["text"] == finding.excerpt
        assert sarif_result["properties"]["fix"] == finding.fix
        assert sarif_result["properties"]["basis"] == [b.as_dict() for b in finding.basis]
        assert sarif_result["properties"].get("event") == finding.event


def test_sarif_spans_inside_a_line_keep_the_line_as_context(result: RunResult,
                                                            ruleset: RuleSet) -> None:
    run = _sarif(result, ruleset)["runs"][0]
    insult = next(r for r in run["results"] if r["ruleId"] == "TON-INSULTE")
    location = insult["locations"][0]["physicalLocation"]
    assert location["region"]["snippet"]["text"] == "malhonnête"
    assert "malhonnête" in location["contextRegion"]["snippet"]["text"]


def test_sarif_case_findings_carry_their_event(result: RunResult, ruleset: RuleSet) -> None:
    run = _sarif(result, ruleset)["runs"][0]
    calls = [r for r in run["results"] if r["ruleId"] == "CAS-FREQUENCE-APPELS"]
    assert calls
    for call in calls:
        assert call["properties"]["event"]["kind"] == "appel"
        assert call["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == CASE


def test_sarif_input_errors_are_notifications(result: RunResult, ruleset: RuleSet) -> None:
    invocation = _sarif(result, ruleset)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == result.errors[0].message
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": MISSING, "uriBaseId": "%SRCROOT%"}


def test_sarif_without_input_errors_is_a_successful_execution(ruleset: RuleSet,
                                                              in_root: None) -> None:
    run = _sarif(check_paths([CLEAN], ruleset, {}, TODAY), ruleset)["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run["results"] == []


@pytest.mark.parametrize("sample, front_matter", [(LETTER, True), (INFOS, False)])
def test_sarif_fingerprints_survive_a_line_added_above(sample: str, front_matter: bool,
                                                       ruleset: RuleSet, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank line at the top of the letter (after the front matter, which must stay first)
    moves every finding down one line and changes no fingerprint."""
    monkeypatch.chdir(tmp_path)
    name = "lettre" + Path(sample).suffix
    original = (ROOT / sample).read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    top = lines.index("---\n", 1) + 1 if front_matter else 0

    def run(text: str) -> list[dict[str, Any]]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        results: list[dict[str, Any]] = _sarif(check_paths([name], ruleset, {}, TODAY),
                                               ruleset)["runs"][0]["results"]
        return results

    before = run(original)
    after = run("".join(lines[:top] + ["\n"] + lines[top:]))
    assert before
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 1 for r in before]
    assert all(r["partialFingerprints"]["amiable/v1"] for r in before)


def test_sarif_fingerprints_are_those_of_the_json_report(result: RunResult,
                                                         ruleset: RuleSet) -> None:
    """Baselines are JSON reports: code scanning and the baseline must agree on identity."""
    expected = [fp for report in result.files
                for fp in fingerprints(report.path, report.findings)]
    results = _sarif(result, ruleset)["runs"][0]["results"]
    assert [r["partialFingerprints"]["amiable/v1"] for r in results] == expected


def test_sarif_counts_suppressed_findings(ruleset: RuleSet, in_root: None) -> None:
    letter = _report(LETTER, suppressed={"AGC-L111-8": 2, "TON-PENAL": 1})
    other = _report(CLEAN, suppressed={"AGC-L111-8": 1})
    data = _sarif(RunResult([letter, other]), ruleset)
    run = data["runs"][0]
    assert run["properties"]["suppressed"] == {"AGC-L111-8": 3, "TON-PENAL": 1}
    assert [a["properties"]["suppressed"] for a in run["artifacts"]] == [
        {"AGC-L111-8": 2, "TON-PENAL": 1}, {"AGC-L111-8": 1}]
    assert _schema_errors(data) == []


def test_sarif_escapes_braces_and_describes_unknown_rules(ruleset: RuleSet,
                                                          in_root: None) -> None:
    """SARIF reads `{0}` as a placeholder; a finding from outside the rule set still gets a
    descriptor for its ruleIndex."""
    finding = _synthetic("Le champ {{ montant }} et {0} restent.", rule="TPL-INCONNU",
                         fixture="impayé")
    run_data = _sarif(RunResult([_report("modele.md.j2", finding)]), ruleset)
    run = run_data["runs"][0]
    [sarif_result] = run["results"]
    text = sarif_result["message"]["text"]
    assert text.startswith("Le champ {{{{ montant }}}} et {{0}} restent.")
    assert "impayé" in text and sarif_result["properties"]["fixture"] == "impayé"
    assert run["tool"]["driver"]["rules"][sarif_result["ruleIndex"]]["id"] == "TPL-INCONNU"
    assert _schema_errors(run_data) == []


def test_sarif_uris_are_encoded_and_outside_files_absolute(ruleset: RuleSet, tmp_path: Path,
                                                           in_root: None) -> None:
    inside = _report("letters_samples/relance été 2026.md", _synthetic("x"))
    outside = _report(str(tmp_path / "lettre.md"), _synthetic("y"))
    run_data = _sarif(RunResult([inside, outside]), ruleset)
    run = run_data["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris[0] == {"uri": "letters_samples/relance%20%C3%A9t%C3%A9%202026.md",
                       "uriBaseId": "%SRCROOT%"}
    assert uris[1] == {"uri": (tmp_path / "lettre.md").as_uri()}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    assert _schema_errors(run_data) == []


def test_sarif_whole_file_findings_and_repeated_files_stay_valid(ruleset: RuleSet,
                                                                 in_root: None) -> None:
    """A finding at line 0 has no region (SARIF counts from 1); a file reported twice is one
    artifact whose suppressed counts add up."""
    whole = _synthetic("Fichier entier.", line=0, column=0, end_line=0, end_column=0)
    reports = [_report("a.md", whole, suppressed={"TON-PENAL": 1}),
               _report("a.md", suppressed={"TON-PENAL": 2})]
    run_data = _sarif(RunResult(reports), ruleset)
    run = run_data["runs"][0]
    assert "region" not in run["results"][0]["locations"][0]["physicalLocation"]
    assert [a["properties"]["suppressed"] for a in run["artifacts"]] == [{"TON-PENAL": 3}]
    assert _schema_errors(run_data) == []
    [line, _] = github.render(RunResult(reports[:1]), ruleset).splitlines()
    assert line.startswith("::error file=a.md,title=TON-INSULTE::")


# -- JUnit ------------------------------------------------------------------------------------


def test_junit_counts_equal_the_findings(result: RunResult, ruleset: RuleSet) -> None:
    root = ET.fromstring(junit.render(result, ruleset))
    severities = [f.severity for _, f in _findings(result)]
    blocking = severities.count("error") + severities.count("warning")
    assert root.tag == "testsuites"
    assert int(root.get("failures", "")) == blocking == len(root.findall(".//failure"))
    assert int(root.get("errors", "")) == len(result.errors) == len(root.findall(".//error"))
    assert int(root.get("tests", "")) == len(root.findall(".//testcase"))
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", "")) == len(suite.findall("testcase/error"))
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == [r.path for r in result.files] + [MISSING]


def test_junit_failures_say_where_why_and_how_to_fix(result: RunResult,
                                                     ruleset: RuleSet) -> None:
    root = ET.fromstring(junit.render(result, ruleset))
    letter = next(s for s in root.findall("testsuite") if s.get("name") == LETTER)
    report = next(r for r in result.files if r.path == LETTER)
    first = report.findings[0]
    case = letter.findall("testcase")[0]
    assert case.get("classname") == LETTER
    assert case.get("name") == f"{first.rule} ligne {first.line}"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == first.message
    assert failure.get("type") == first.severity
    body = failure.text or ""
    assert f"{LETTER}:{first.line}:{first.column}" in body
    assert first.excerpt in body and first.fix in body
    assert all(b.ref in body for b in first.basis)


def test_junit_clean_files_pass_and_infos_go_to_system_out(result: RunResult,
                                                           ruleset: RuleSet) -> None:
    root = ET.fromstring(junit.render(result, ruleset))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    clean = suites[CLEAN]
    assert [(c.get("name"), list(c)) for c in clean.findall("testcase")] == [("conforme", [])]
    infos = suites[INFOS]
    report = next(r for r in result.files if r.path == INFOS)
    assert all(f.severity == "info" for f in report.findings)
    assert [c.get("name") for c in infos.findall("testcase")] == ["conforme"]
    out = infos.findtext("system-out") or ""
    assert len(out.splitlines()) == len(report.findings)
    assert all(f.rule in out for f in report.findings)


def test_junit_input_errors_are_error_cases(result: RunResult, ruleset: RuleSet) -> None:
    root = ET.fromstring(junit.render(result, ruleset))
    suite = next(s for s in root.findall("testsuite") if s.get("name") == MISSING)
    [case] = suite.findall("testcase")
    error = case.find("error")
    assert error is not None and error.get("message") == result.errors[0].message


def test_junit_escapes_markup_and_drops_what_xml_cannot_hold(ruleset: RuleSet) -> None:
    message = 'Montant <à vérifier> & « 1 200 € » "dû"\nsuite'
    finding = _synthetic(message, excerpt="saut de page\x0c ici\x00")
    twin = _synthetic(message, excerpt="saut de page\x0c ici\x00")
    report = _report("a&b <c>.md", finding, twin, suppressed={"TON-PENAL": 2})
    root = ET.fromstring(junit.render(RunResult([report]), ruleset))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "a&b <c>.md"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["TON-INSULTE ligne 3", "TON-INSULTE ligne 3 (2)"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == message
    assert "saut de page\ufffd ici\ufffd" in (failure.text or "")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {"amiable.suppressed.TON-PENAL": "2"}


# -- GitHub -----------------------------------------------------------------------------------


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, raw = head.partition(" ")
    properties = {}
    for item in raw.split(",") if raw else []:
        key, value = item.split("=", 1)
        properties[key] = (value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
                           .replace("%0D", "\r").replace("%25", "%"))
    return name, properties, message


def test_github_one_annotation_per_finding_with_mapped_levels(result: RunResult,
                                                              ruleset: RuleSet) -> None:
    lines = github.render(result, ruleset).splitlines()
    pairs = _findings(result)
    assert len(lines) == len(pairs) + len(result.errors) + 1
    for line, (report, finding) in zip(lines, pairs, strict=False):
        name, properties, message = _parse_command(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert properties == {"file": report.path, "line": str(finding.line),
                              "col": str(finding.column), "endLine": str(finding.end_line),
                              "endColumn": str(finding.end_column), "title": finding.rule}
        assert message.startswith(finding.message.replace("%", "%25"))
    assert {_parse_command(line)[0] for line in lines[:len(pairs)]} == {"error", "warning",
                                                                        "notice"}
    name, properties, message = _parse_command(lines[len(pairs)])
    assert name == "error" and properties["file"] == MISSING
    assert message == result.errors[0].message


def test_github_escapes_messages_and_properties(ruleset: RuleSet, in_root: None) -> None:
    finding = _synthetic("Taux de 100 %, soit\r\nune menace", severity="warning",
                         rule="TON-A,B:C")
    report = _report("lettres/a,b:c.md", finding)
    [line, summary] = github.render(RunResult([report]), ruleset).splitlines()
    assert line.startswith("::warning file=lettres/a%2Cb%3Ac.md,line=3,col=5,endLine=3,"
                           "endColumn=9,title=TON-A%2CB%3AC::Taux de 100 %25, soit%0D%0Aune menace"
                           "%0ACorrection : Supprimez ce terme.")
    assert "\n" not in line and "\r" not in line
    assert _parse_command(line)[1]["file"] == "lettres/a,b:c.md"
    assert summary.startswith("Amiable : 0 erreurs, 1 avertissement")


def test_github_summary_counts_suppressed_findings(ruleset: RuleSet, in_root: None) -> None:
    reports = [_report("a.md", suppressed={"TON-PENAL": 1, "AGC-L111-8": 2}),
               _report("b.md", suppressed={"TON-PENAL": 1})]
    summary = github.render(RunResult(reports), ruleset).splitlines()[-1]
    assert not summary.startswith("::")
    assert "4 constats écartés par dérogation (AGC-L111-8 × 2, TON-PENAL × 2)" in summary
    clean = github.render(RunResult([_report("a.md")]), ruleset).splitlines()[-1]
    assert clean.endswith("aucun constat écarté par dérogation")


def test_every_machine_format_ends_with_a_newline(result: RunResult, ruleset: RuleSet) -> None:
    """Each renderer returns one str ending with a newline, ready for --output."""
    for module in (sarif, junit, github):
        text = module.render(result, ruleset)
        assert text.endswith("\n") and SAMPLES.name in text
