"""The CI gate end to end, on the example template repository: exit codes, SARIF, baseline,
waivers, configuration, and bad input that must never leave a half-written report."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, SAMPLES

Cli = Callable[..., tuple[int, str, str]]
TEMPLATES = SAMPLES / "templates"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(
    encoding="utf-8"))


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A copy of the example template repository, to edit freely."""
    target = tmp_path / "modeles"
    shutil.copytree(TEMPLATES, target)
    return target


def test_sarif_output_file_is_valid_and_exit_code_follows_fail_on(cli: Cli, repo: Path) -> None:
    out = repo.parent / "amiable.sarif"
    code, stdout, _ = cli("check", str(repo), "--format", "sarif", "--output", str(out))
    assert code == 1 and stdout == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(sarif)
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"AGC-L111-8", "TPL-BRANCHE-NON-ATTEINTE", "TPL-VARIABLE-INCONNUE"} <= rules
    assert cli("check", str(repo), "--fail-on", "never")[0] == 0
    clean = repo / "relance-creancier-particulier.md.j2"
    assert cli("check", str(clean), "--fail-on", "info")[0] == 0


def test_findings_name_their_fixture_and_template_line(cli: Cli, repo: Path) -> None:
    _, out, _ = cli("check", str(repo / "relance-agence.md.j2"), "--format", "json")
    finding = json.loads(out)["files"][0]["findings"][0]
    assert finding["rule"] == "AGC-L111-8"
    assert finding["fixture"] == "professionnel"
    line = (repo / "relance-agence.md.j2").read_text(encoding="utf-8").splitlines()[
        finding["line"] - 1]
    assert finding["excerpt"] == line.rstrip()


def test_baseline_reports_only_new_findings(cli: Cli, repo: Path) -> None:
    baseline = repo.parent / "baseline.json"
    cli("check", str(repo), "--format", "json", "--output", str(baseline), "--fail-on", "never")
    code, out, _ = cli("check", str(repo), "--baseline", str(baseline), "--format", "json")
    assert code == 0
    assert all(not f["findings"] for f in json.loads(out)["files"])
    template = repo / "relance-creancier-particulier.md.j2"
    text = template.read_text(encoding="utf-8")
    moved = text.replace("Sauf erreur ou omission", "\n\nEscroc ! Sauf erreur ou omission", 1)
    template.write_text(moved, encoding="utf-8")
    code, out, _ = cli("check", str(repo), "--baseline", str(baseline), "--format", "json")
    new = [f["rule"] for file in json.loads(out)["files"] for f in file["findings"]]
    assert code == 1 and new == ["TON-INSULTE"]


def test_config_selects_rules_and_waivers_are_counted(cli: Cli, repo: Path) -> None:
    (repo / "amiable.toml").write_text(
        'ignore = ["TPL-BRANCHE-NON-ATTEINTE"]\nwaivers = "derogations.yaml"\n', encoding="utf-8")
    (repo / "derogations.yaml").write_text(
        "waivers:\n  - path: relance-agence.md.j2\n    rules: [AGC-L111-8]\n"
        "    motif: branche professionnelle en cours de refonte\n    expire: 2099-12-31\n",
        encoding="utf-8")
    code, out, _ = cli("check", str(repo), "--format", "json")
    data = json.loads(out)
    rules = [f["rule"] for file in data["files"] for f in file["findings"]]
    assert "TPL-BRANCHE-NON-ATTEINTE" not in rules and "AGC-L111-8" not in rules
    assert data["summary"]["suppressed"] == {"AGC-L111-8": 1}
    _, text, _ = cli("check", str(repo), "--color", "never")
    assert "1 écarté(s) par dérogation (AGC-L111-8 × 1)" in text


def test_unknown_config_key_is_an_input_error(cli: Cli, repo: Path) -> None:
    (repo / "amiable.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    code, _, err = cli("check", str(repo))
    assert code == 2 and "amiable.toml:1:" in err and "fail-on" in err


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("syntaxe.md.j2", "---\ntype: relance\n---\nBonjour {% if %}\n", "syntaxe.md.j2:4"),
    ("bac.md.j2", "---\ntype: relance\nfixtures:\n  - name: a\n    data: {}\n---\n"
                  "{{ ''.__class__.__mro__ }}\n", "bac à sable"),
    ("faux.docx", "ceci n'est pas un document Word", "n'est pas un document Word"),
    ("casse.eml", "\x00\x01\x02 rien", "faux"),
])
def test_bad_input_exits_2_without_an_output_file(cli: Cli, tmp_path: Path, name: str,
                                                  content: str, expected: str) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "rapport.sarif"
    code, _, err = cli("check", str(bad), "--format", "sarif", "--output", str(out))
    assert code == 2
    assert "Traceback" not in err
    assert expected in err or name == "casse.eml", err
    assert not out.exists()
    assert not list(tmp_path.glob(".amiable-*"))


def test_zip_of_something_else_is_not_a_word_document(cli: Cli, tmp_path: Path) -> None:
    fake = tmp_path / "lettre.docx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("notes.txt", "bonjour")
    code, _, err = cli("check", str(fake))
    assert code == 2 and "lettre.docx" in err and "Traceback" not in err


def test_bad_fixture_file_names_its_line(cli: Cli, repo: Path) -> None:
    data = repo.parent / "donnees.yaml"
    data.write_text("fixtures:\n  - name: a\n    data: [\n", encoding="utf-8")
    code, _, err = cli("check", str(repo / "mise-en-demeure-factures.md.j2"), "--data", str(data))
    assert code == 2 and "donnees.yaml:" in err


def test_standard_input_with_a_name(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    letter = (SAMPLES / "relance-creancier-commandement-de-payer.md").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(letter)))
    code, out, _ = cli("check", "-", "--stdin-filename", "brouillon.md", "--color", "never")
    assert code == 1
    assert "brouillon.md:" in out and "TON-ACTE-JUDICIAIRE" in out


def test_init_writes_a_valid_starter_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    assert cli("init", str(tmp_path))[0] == 0
    letter = tmp_path / "lettre.md"
    shutil.copy(SAMPLES / "relance-creancier-pro-conforme.md", letter)
    assert cli("check", str(letter))[0] == 0
    code, _, err = cli("init", str(tmp_path))
    assert code == 2 and "amiable.toml" in err
