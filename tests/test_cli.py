"""The command line as users run it: outputs, exit codes, help, and the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from checker.rules.schemas import validator
from tests.conftest import ROOT, SAMPLES

Cli = Callable[..., tuple[int, str, str]]


def test_json_report_validates_against_its_schema(cli: Cli) -> None:
    code, out, err = cli("check", str(SAMPLES), "--format", "json")
    assert code in (0, 1), err
    data = json.loads(out)
    validator("output").validate(data)
    assert data["version"] == 1
    assert len(data["files"]) >= 30
    counts = data["summary"]
    assert counts["error"] + counts["warning"] + counts["info"] == sum(
        len(f["findings"]) for f in data["files"])


def test_schema_rejects_a_report_missing_a_key(cli: Cli) -> None:
    _, out, _ = cli("check", str(SAMPLES), "--format", "json")
    data = json.loads(out)
    del data["summary"]
    with pytest.raises(jsonschema.ValidationError):
        validator("output").validate(data)


def test_exit_code_follows_error_findings(cli: Cli, tmp_path: Path) -> None:
    clean = tmp_path / "propre.md"
    clean.write_text("""---
type: relance
date: 2026-03-02
channel: email
sender: creancier
debtor: professionnel
---
Atelier Mercier SARL, 12 rue des Lilas, 69002 Lyon — 04 78 12 34 56

Madame, Monsieur,

Sauf erreur de notre part, la facture n° F-2026-0113 d'un montant de 1 200,00 €, échue le
15 janvier 2026, reste impayée. Nous vous remercions de bien vouloir la régler par virement.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.
""", encoding="utf-8")
    code, out, _ = cli("check", str(clean), "--color", "never")
    assert code == 0, out
    assert out.strip().endswith("(1 sans erreur ni avertissement)")
    dirty = tmp_path / "sale.md"
    dirty.write_text(clean.read_text(encoding="utf-8").replace(
        "Nous vous remercions", "Escroc ! Nous vous remercions"), encoding="utf-8")
    code, out, _ = cli("check", str(dirty), "--color", "never")
    assert code == 1
    assert f"{dirty}:13:" in out and " error TON-INSULTE " in out
    assert "= base (" in out and "= correction : " in out


def test_text_report_colours_only_when_asked(cli: Cli) -> None:
    letter = str(sorted(SAMPLES.glob("*.md"))[0])
    assert "\033[" not in cli("check", letter)[1]
    assert "\033[" in cli("check", letter, "--color", "always")[1] or \
        "0 erreur, 0 avertissement" in cli("check", letter)[1]


def test_rules_list_json_has_the_documented_keys(cli: Cli) -> None:
    code, out, _ = cli("rules", "list", "--format", "json")
    assert code == 0
    rules = json.loads(out)["rules"]
    assert len(rules) >= 25
    for rule in rules:
        assert {"id", "title", "category", "severity", "basis"} <= set(rule)
        assert all(b["kind"] in ("loi", "reglement", "jurisprudence", "pratique",
                                 "politique_interne") for b in rule["basis"])


def test_rules_show_explains_a_rule(cli: Cli) -> None:
    code, out, _ = cli("rules", "show", "MED-DELAI")
    assert code == 0
    assert out.startswith("MED-DELAI — ")
    assert "Base :" in out and "Correction proposée :" in out and "Exemples" in out


def test_rules_show_unknown_id_suggests(cli: Cli) -> None:
    code, _, err = cli("rules", "show", "MED-DELAIS")
    assert code == 2
    assert "règle inconnue" in err and "MED-DELAI" in err


def test_rules_validate_a_house_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "vide.yaml").write_text("[]\n", encoding="utf-8")
    code, out, _ = cli("rules", "validate", str(tmp_path))
    assert code == 0 and "0 règle(s) valide(s)" in out


def test_no_command_prints_help_and_exits_2(cli: Cli) -> None:
    code, out, _ = cli()
    assert code == 2 and "amiable" in out and "check" in out


def test_check_help_teaches_metadata_and_exit_codes(cli: Cli) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("check", "--help")
    assert exited.value.code == 0


def test_python_dash_m_checker_is_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "checker", "rules", "list"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "MED-DELAI" in result.stdout


def test_wheel_ships_the_rule_pack(tmp_path: Path) -> None:
    """A plain (non-editable) install must find the rules: they travel inside the wheel."""
    import zipfile

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("amiable-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checker/pack/schema/rule.schema.json" in names
    assert "checker/pack/layout.yaml" in names
    assert any(n.startswith("checker/pack/letters/") for n in names)
    assert any(n.startswith("checker/pack/params/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "amiable = checker.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
