"""Bad input gets a clear message naming the file and line, exit code 2, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from checker.letters.reader import MAX_LETTER_BYTES

Cli = Callable[..., tuple[int, str, str]]

GOOD = """---
type: relance
date: 2026-03-02
channel: email
sender: creancier
debtor: professionnel
---
Madame, Monsieur,

Sauf erreur de notre part, la facture n° F-2026-0113 de 1 200,00 € reste impayée.
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def assert_input_error(result: tuple[int, str, str], *fragments: str) -> None:
    code, _out, err = result
    assert code == 2, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "vide.md", "  \n\n")
    assert_input_error(cli("check", path), f"{path}:1:1: fichier vide")


def test_binary_file(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_input_error(cli("check", path), f"{path}: fichier binaire")


def test_cp1252_file_is_named_as_such(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "ancien.txt", "Madame,\nVotre facture reste impayée.\n".encode("cp1252"))
    assert_input_error(cli("check", path), f"{path}:2:26: encodage invalide", "cp1252", "iconv")


def test_crlf_and_bom_are_read_as_plain_utf8(cli: Cli, tmp_path: Path) -> None:
    crlf = write(tmp_path, "crlf.md", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    lf = write(tmp_path, "lf.md", GOOD)
    import json

    def findings(path: str) -> list[dict[str, object]]:
        data = json.loads(cli("check", path, "--format", "json")[1])
        return [{k: v for k, v in f.items() if k != "fingerprint"}
                for f in data["files"][0]["findings"]]

    assert findings(crlf) == findings(lf)


def test_oversized_file_is_refused_before_reading(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "enorme.md"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    assert MAX_LETTER_BYTES < 20 * 1024 * 1024
    assert_input_error(cli("check", str(path)), "fichier trop volumineux", "limitée à 2 Mio")


def test_broken_front_matter_names_the_line(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "cassee.md", GOOD.replace("channel: email", "channel: [email"))
    assert_input_error(cli("check", path), f"{path}:5:", "YAML invalide")


def test_wrong_front_matter_value_lists_the_allowed_ones(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "valeur.md", GOOD.replace("channel: email", "channel: fax"))
    assert_input_error(cli("check", path), f"{path}:4:10:", "« fax »",
                       "courrier, lrar, lre, email, sms, commissaire_de_justice")


def test_unknown_front_matter_key_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "cle.md", GOOD.replace("channel: email", "chanel: email"))
    assert_input_error(cli("check", path), f"{path}:2:1:", "clé inconnue chanel")


def test_invalid_date_in_front_matter(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "date.md", GOOD.replace("2026-03-02", "2026-02-30"))
    assert_input_error(cli("check", path), f"{path}:3:7:", "« 2026-02-30 »")


def test_missing_path(cli: Cli, tmp_path: Path) -> None:
    assert_input_error(cli("check", str(tmp_path / "absente.md")), "introuvable")


def test_wrong_metadata_option(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "ok.md", GOOD)
    assert_input_error(cli("check", path, "--date", "02/03/2026"), "« 02/03/2026 »")


def test_a_bad_file_in_a_batch_does_not_stop_the_others(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, "a-vide.md", "")
    write(tmp_path, "b-bonne.md", GOOD)
    code, out, err = cli("check", str(tmp_path), "--format", "json")
    assert code == 2
    assert '"path": "' + str(tmp_path / "b-bonne.md") in out
    assert "a-vide.md:1:1: fichier vide" in err


def test_catastrophic_regex_in_house_rules_is_refused(cli: Cli, tmp_path: Path) -> None:
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "lente.yaml").write_text("""\
- id: MAISON-LENTE
  title: Règle lente
  category: tone
  severity: warning
  basis: [{kind: politique_interne, ref: Essai}]
  effective: {from: 2020-01-01}
  check: {kind: forbidden, patterns: ["(a+)+b"]}
  message: Lent.
  fix: Rien.
  examples: {pass: ["x"], fail: ["aab"]}
""", encoding="utf-8")
    letter = write(tmp_path, "ok.md", GOOD)
    assert_input_error(cli("check", letter, "--rules", str(rules)),
                       "lente.yaml:7:", "retour arrière catastrophique")
