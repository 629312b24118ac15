"""Project configuration: discovery, validation with lines, rule ids, selection, severities,
default metadata by glob, and the starter file of `amiable init`."""

from __future__ import annotations

import os
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.config import (
    STARTER_CONFIG,
    Config,
    _quick_valid,
    find_config,
    load_config,
    write_starter,
)
from checker.errors import InputError
from checker.globs import glob_match
from checker.model import Basis, FileReport, Finding, Metadata
from checker.rules.loader import RuleSet
from checker.rules.schemas import validator


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def finding(rule: str, category: str, severity: str = "error", line: int = 1) -> Any:
    return Finding(rule=rule, category=category, severity=severity,  # type: ignore[arg-type]
                   message="m", line=line, column=1, end_line=line, end_column=2, excerpt="x",
                   basis=(Basis("loi", "ref"),), fix="f")


def report_of(*findings: Finding) -> FileReport:
    return FileReport("lettre.md", "letter", Metadata({}, {}), tuple(findings))


# -- discovery ----------------------------------------------------------------------------------

def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / "amiable.toml", 'select = ["tone"]\n')
    write(tmp_path / "modeles" / "amiable.toml", 'select = ["amounts"]\n')
    letter = write(tmp_path / "modeles" / "relances" / "a.md", "Madame,\n")
    config = find_config([str(letter)], None)
    assert config.path == str(tmp_path / "modeles" / "amiable.toml")
    assert config.select == ("amounts",)
    # A directory is its own starting point.
    assert find_config([str(tmp_path)], None).select == ("tone",)


def test_amiable_toml_before_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "modeles"

        [tool.amiable]
        select = ["privacy"]
    """)
    letter = write(tmp_path / "a.md", "Madame,\n")
    assert find_config([str(letter)], None).select == ("privacy",)
    write(tmp_path / "amiable.toml", 'select = ["tone"]\n')
    config = find_config([str(letter)], None)
    assert config.path == str(tmp_path / "amiable.toml")
    assert config.select == ("tone",)


def test_pyproject_without_amiable_section_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "amiable.toml", 'fail-on = "warning"\n')
    write(tmp_path / "sous" / "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    letter = write(tmp_path / "sous" / "a.md", "Madame,\n")
    assert find_config([str(letter)], None).fail_on == "warning"


def test_explicit_config_and_none_found(tmp_path: Path) -> None:
    letter = write(tmp_path / "a.md", "Madame,\n")
    assert find_config([str(letter)], None) == Config()
    other = write(tmp_path / "ailleurs" / "pyproject.toml", '[tool.amiable]\nformat = "sarif"\n')
    assert find_config([str(letter)], str(other)).format == "sarif"
    with pytest.raises(InputError, match="introuvable"):
        find_config([str(letter)], str(tmp_path / "absent.toml"))
    bare = write(tmp_path / "nu" / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(InputError, match=r"\[tool.amiable\]"):
        find_config([str(letter)], str(bare))


def test_paths_resolved_against_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "regles").mkdir()
    write(tmp_path / "derogations.yaml", "waivers: []\n")
    write(tmp_path / "amiable.toml", 'rules = ["regles"]\nwaivers = "derogations.yaml"\n')
    config = load_config(str(tmp_path / "amiable.toml"))
    assert config.rules == (str(tmp_path / "regles"),)
    assert config.waivers == str(tmp_path / "derogations.yaml")


# -- validation, located ------------------------------------------------------------------------

def test_unknown_key_names_file_line_and_suggests(tmp_path: Path) -> None:
    path = write(tmp_path / "amiable.toml", """
        # Configuration
        select = ["tone"]
        fail_on = "error"
    """)
    with pytest.raises(InputError) as caught:
        load_config(str(path))
    error = caught.value
    assert error.path.endswith("amiable.toml")
    assert (error.line, error.column) == (3, 1)
    assert "fail_on" in error.message and "fail-on" in error.message


def test_unknown_key_in_pyproject_table_and_in_inline_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", """
        [project]
        name = "x"

        [tool.amiable]
        format = "json"
        colour = true
    """)
    with pytest.raises(InputError) as caught:
        load_config(str(path))
    assert caught.value.line == 6 and "colour" in caught.value.message
    path = write(tmp_path / "amiable.toml", """
        [metadata]
        "modeles/*" = {type = "relance"}
        "autres/*" = {type = "relance", debiteur = "particulier"}
    """)
    with pytest.raises(InputError) as caught:
        load_config(str(path))
    assert (caught.value.line, caught.value.column) == (3, 33)
    assert "debiteur" in caught.value.message


def test_bad_values_are_located(tmp_path: Path) -> None:
    path = write(tmp_path / "amiable.toml", """
        format = "json"

        [metadata]
        "modeles/**" = {type = "relance", date = 2026-02-30}
    """)
    with pytest.raises(InputError) as caught:
        load_config(str(path))
    assert caught.value.line == 4
    path = write(tmp_path / "amiable.toml", """
        [metadata]
        "modeles/**" = {type = "relanse"}
    """)
    with pytest.raises(InputError) as caught:
        load_config(str(path))
    assert caught.value.line == 2 and "mise_en_demeure" in caught.value.message
    path = write(tmp_path / "amiable.toml", 'fail-on = "always"\n')
    with pytest.raises(InputError, match="never") as caught:
        load_config(str(path))
    assert caught.value.line == 1


def test_toml_syntax_error_and_duplicate_key_are_located(tmp_path: Path) -> None:
    path = write(tmp_path / "amiable.toml", 'select = ["tone"]\nignore = [\n  "x",\n  oops\n]\n')
    with pytest.raises(InputError, match="TOML invalide") as caught:
        load_config(str(path))
    assert caught.value.line == 4
    path = write(tmp_path / "amiable.toml", 'format = "json"\n\nformat = "text"\n')
    with pytest.raises(InputError, match="TOML invalide") as caught:
        load_config(str(path))
    assert caught.value.line == 3


def test_missing_rules_directory_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "amiable.toml", 'format = "json"\nrules = [\n  "regles-maison",\n]\n')
    with pytest.raises(InputError, match="regles-maison") as caught:
        load_config(str(path))
    assert caught.value.line == 3


def test_unknown_rule_id_with_suggestion(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write(tmp_path / "amiable.toml", """
        select = [
          "tone",
          "TON-INSULT",
        ]
    """)
    config = load_config(str(path))
    with pytest.raises(InputError) as caught:
        config.check_rules(ruleset)
    assert (caught.value.line, caught.value.column) == (3, 3)
    assert "TON-INSULT" in caught.value.message and "TON-INSULTE ?" in caught.value.message
    path = write(tmp_path / "amiable.toml", '[severity]\nTON-MAJUSCULE = "info"\n')
    with pytest.raises(InputError, match="TON-MAJUSCULES") as caught:
        load_config(str(path)).check_rules(ruleset)
    assert caught.value.line == 2
    path = write(tmp_path / "amiable.toml", 'ignore = ["ton"]\n')
    with pytest.raises(InputError, match="tone"):
        load_config(str(path)).check_rules(ruleset)


def test_non_waivable_rule_cannot_be_ignored_or_downgraded(tmp_path: Path,
                                                           ruleset: RuleSet) -> None:
    path = write(tmp_path / "amiable.toml", 'ignore = ["AMT-FRAIS-CONSOMMATEUR"]\n')
    with pytest.raises(InputError, match="waivable"):
        load_config(str(path)).check_rules(ruleset)
    path = write(tmp_path / "amiable.toml", '[severity]\nAMT-FRAIS-CONSOMMATEUR = "warning"\n')
    with pytest.raises(InputError, match="abaissée"):
        load_config(str(path)).check_rules(ruleset)
    # Ignoring its category leaves it reported.
    config = Config(path=str(tmp_path / "amiable.toml"), ignore=("amounts",))
    kept = config.apply(report_of(finding("AMT-FRAIS-CONSOMMATEUR", "amounts"),
                                  finding("AMT-INDEMNITE-PARTICULIER", "amounts")), ruleset)
    assert [f.rule for f in kept.findings] == ["AMT-FRAIS-CONSOMMATEUR"]


# -- applying it --------------------------------------------------------------------------------

FINDINGS = (finding("TON-INSULTE", "tone"), finding("TON-MAJUSCULES", "tone", "warning"),
            finding("MED-DELAI", "content"), finding("PRIV-ENTOURAGE", "privacy"))


def test_select_and_ignore_by_id_and_category(ruleset: RuleSet) -> None:
    def kept(**options: Any) -> list[str]:
        config = Config(path="/x/amiable.toml", **options)
        return [f.rule for f in config.apply(report_of(*FINDINGS), ruleset).findings]

    assert kept() == ["TON-INSULTE", "TON-MAJUSCULES", "MED-DELAI", "PRIV-ENTOURAGE"]
    assert kept(select=("tone",)) == ["TON-INSULTE", "TON-MAJUSCULES"]
    assert kept(select=("tone", "MED-DELAI")) == ["TON-INSULTE", "TON-MAJUSCULES", "MED-DELAI"]
    assert kept(ignore=("tone",)) == ["MED-DELAI", "PRIV-ENTOURAGE"]
    assert kept(ignore=("TON-MAJUSCULES", "privacy")) == ["TON-INSULTE", "MED-DELAI"]
    # An id is more specific than a category, whichever list it is in.
    assert kept(select=("tone",), ignore=("TON-INSULTE",)) == ["TON-MAJUSCULES"]
    assert kept(select=("TON-MAJUSCULES",), ignore=("tone",)) == ["TON-MAJUSCULES"]


def test_severity_override(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write(tmp_path / "amiable.toml", """
        [severity]
        TON-MAJUSCULES = "error"
        TON-INSULTE = "info"
    """)
    config = load_config(str(path))
    config.check_rules(ruleset)
    report = config.apply(report_of(*FINDINGS), ruleset)
    assert {f.rule: f.severity for f in report.findings} == {
        "TON-INSULTE": "info", "TON-MAJUSCULES": "error", "MED-DELAI": "error",
        "PRIV-ENTOURAGE": "error"}
    assert config.apply(report, ruleset) == report  # idempotent


def test_metadata_by_glob_first_match_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "amiable.toml", """
        [metadata]
        "modeles/relances/*" = {type = "relance", sender = "creancier", date = 2026-03-02}
        "modeles/**" = {type = "mise_en_demeure", sender = "agence", channel = "lrar"}
    """)
    config = load_config(str(path))
    relance = config.metadata_for(str(tmp_path / "modeles" / "relances" / "r1.md"))
    assert relance == {"type": "relance", "sender": "creancier", "date": "2026-03-02"}
    nested = config.metadata_for(str(tmp_path / "modeles" / "relances" / "vieux" / "r0.md"))
    assert nested["type"] == "mise_en_demeure"
    assert config.metadata_for(str(tmp_path / "modeles" / "m.md"))["channel"] == "lrar"
    assert config.metadata_for(str(tmp_path / "autres" / "a.md")) == {}
    assert config.metadata_for(str(tmp_path.parent / "modeles" / "x.md")) == {}


def test_relative_letter_path_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "amiable.toml", '[metadata]\n"*.md" = {debtor = "professionnel"}\n')
    monkeypatch.chdir(tmp_path)
    config = find_config(["lettre.md"], None)
    assert config.metadata_for("lettre.md") == {"debtor": "professionnel"}
    assert config.metadata_for("sous/lettre.md") == {}


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("modeles/*.md", "modeles/a.md", True),
    ("modeles/*.md", "modeles/sous/a.md", False),
    ("modeles/**/*.md", "modeles/a.md", True),
    ("modeles/**/*.md", "modeles/x/y/a.md", True),
    ("modeles/**", "modeles/x/y/a.md", True),
    ("./modeles/?.md", "modeles/a.md", True),
    ("modeles/[!b].md", "modeles/b.md", False),
    ("*.md", "a.md.j2", False),
])
def test_glob_semantics(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, os.path.join("/base", path), "/base") is matches


# -- the starter config -------------------------------------------------------------------------

def test_starter_config_is_valid_and_never_overwritten(tmp_path: Path,
                                                       ruleset: RuleSet) -> None:
    path = write_starter(str(tmp_path))
    assert Path(path).read_text(encoding="utf-8") == STARTER_CONFIG
    assert not validator("config").is_valid({"unknown": 1})
    assert validator("config").is_valid(tomllib.loads(STARTER_CONFIG))
    config = load_config(path)
    config.check_rules(ruleset)
    assert config.fail_on == "error" and config.select is None
    Path(path).write_text("# réglé à la main\n", encoding="utf-8")
    with pytest.raises(InputError, match="existe déjà"):
        write_starter(str(tmp_path))
    assert Path(path).read_text(encoding="utf-8") == "# réglé à la main\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["amiable.toml"]


def test_starter_refuses_beside_a_pyproject_section(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.amiable]\nformat = "json"\n')
    with pytest.raises(InputError, match=r"\[tool.amiable\]"):
        write_starter(str(tmp_path))
    with pytest.raises(InputError, match="introuvable"):
        write_starter(str(tmp_path / "absent"))


def test_starter_explains_every_key() -> None:
    from checker.config import _schema

    for key in _schema()["properties"]:
        assert f"# {key} :" in STARTER_CONFIG, key


# -- the quick check agrees with the schema -----------------------------------------------------

_values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                    st.sampled_from(["error", "warning", "info", "never", "text", "sarif",
                                     "relance", "TON-INSULTE", "tone", "", "2026-03-02"]))
_metadata = st.dictionaries(st.sampled_from(["type", "sender", "date", "debtor", "typ"]),
                            st.sampled_from(["relance", "agence", "2026-03-02", "2026-02-30",
                                             "particulier", 3]), max_size=3)
_config = st.dictionaries(
    st.sampled_from(["select", "ignore", "severity", "rules", "metadata", "waivers", "fail-on",
                     "format", "autre"]),
    st.one_of(_values, st.lists(st.sampled_from(["tone", "TON-INSULTE", "", 1]), max_size=3),
              st.dictionaries(st.sampled_from(["TON-INSULTE", "a/*"]),
                              st.one_of(_values, _metadata), max_size=2)),
    max_size=4)


@settings(max_examples=300, deadline=None)
@given(_config)
def test_quick_check_never_accepts_what_the_schema_refuses(data: dict[str, Any]) -> None:
    if _quick_valid(data):
        assert validator("config").is_valid(data), data
