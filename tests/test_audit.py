"""`amiable audit` and `amiable next` as users run them, on the sample case files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SAMPLES

Cli = Callable[..., tuple[int, str, str]]
DOSSIERS = SAMPLES / "dossiers"
AT = "2026-11-23T12:00"
VERDICTS: dict[str, str] = yaml.safe_load((DOSSIERS / "verdicts.yaml").read_text(encoding="utf-8"))


def test_verdicts_of_the_samples(cli: Cli) -> None:
    code, out, err = cli("audit", str(DOSSIERS), "--format", "csv", "--at", AT)
    assert err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    found = {Path(r["chemin"]).parent.name: r["verdict"] for r in rows}
    assert found == VERDICTS
    assert code == 1  # some dossiers are irregulier
    assert {"pret", "non_pret", "irregulier"} == set(found.values())


def test_json_audit_has_reports_and_summary(cli: Cli) -> None:
    _, out, _ = cli("audit", str(DOSSIERS), "--format", "json", "--at", AT)
    data = json.loads(out)
    assert data["version"] == 1
    assert len(data["dossiers"]) == len(VERDICTS)
    summary = data["summary"]
    assert summary["pret"] + summary["non_pret"] + summary["irregulier"] == len(VERDICTS)
    not_ready = next(d for d in data["dossiers"]
                     if d["path"].endswith("med-sans-accuse-conforme-non-pret/dossier.yaml"))
    assert not_ready["verdict"] == "non_pret"
    assert any("preuve de réception" in m for m in not_ready["missing"])
    assert not_ready["files"][0]["kind"] == "case"


def test_jobs_give_the_same_report(cli: Cli) -> None:
    _, one, _ = cli("audit", str(DOSSIERS), "--format", "csv", "--at", AT)
    _, two, _ = cli("audit", str(DOSSIERS), "--format", "csv", "--at", AT, "--jobs", "2")
    assert one == two


def test_markdown_and_text_formats(cli: Cli) -> None:
    _, text, _ = cli("audit", str(DOSSIERS), "--at", AT)
    assert text.strip().splitlines()[-1].startswith(f"{len(VERDICTS)} dossier(s) : ")
    _, markdown, _ = cli("audit", str(DOSSIERS), "--format", "markdown", "--at", AT)
    assert markdown.startswith("| Dossier | Verdict |")


def test_not_ready_gives_the_first_ready_date(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "d.yaml"
    case.write_text("""\
dossier: D-PRET-BIENTOT
creditor: {name: Atelier Mercier SARL, kind: professionnel}
debtor: {name: Garage Roux SARL, kind: professionnel, postal_code: "69007"}
claims:
  - {ref: F-2026-0001, amount: 8400.00, issued: 2026-01-05, due: 2026-02-04}
events:
  - {at: 2026-03-02, kind: lrar, stage: mise_en_demeure, deadline_days: 15, received: 2026-03-04}
""", encoding="utf-8")
    code, out, _ = cli("audit", str(case), "--at", "2026-03-10T12:00")
    assert code == 0
    assert "non prêt" in out and "prêt au plus tôt le 20/03/2026" in out
    _, out, _ = cli("audit", str(case), "--at", "2026-03-20T12:00")
    assert "— prêt (" in out


def test_next_contact_respects_hours_and_holidays(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "d.yaml"
    case.write_text("""\
dossier: D-NEXT
creditor: {name: Atelier Mercier SARL, kind: professionnel}
debtor: {name: Jeanne Roux, kind: particulier, postal_code: "75011"}
claims:
  - {ref: F-2026-0001, amount: 840.00, issued: 2026-01-05, due: 2026-02-04}
events:
  - {at: "2026-04-02T10:30", kind: appel}
""", encoding="utf-8")
    code, out, _ = cli("next", str(case), "--at", "2026-04-03T20:15", "--kind", "appel")
    assert code == 0
    # Friday 20:15 is after hours; Saturday, Sunday and Easter Monday (6 April 2026) are out.
    assert "mardi 07/04/2026 à 10h00" in out
    assert "CAS-HORAIRES" in out


def test_audit_of_a_bad_file_reports_it_and_goes_on(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("dossier: D-X\nevents: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("""\
dossier: D-BON
creditor: {name: Atelier Mercier SARL, kind: professionnel}
debtor: {name: Jeanne Roux, kind: particulier, postal_code: "75011"}
claims:
  - {ref: F-2026-0001, amount: 840.00, issued: 2026-01-05, due: 2026-02-04}
events:
  - {at: "2026-04-02T10:30", kind: appel}
""", encoding="utf-8")
    code, out, err = cli("audit", str(tmp_path), "--format", "csv", "--at", AT)
    assert code == 2
    assert "a.yaml:" in err
    assert "Traceback" not in err
    assert "D-BON" in out


def test_progress_bar_counts_up_to_the_total() -> None:
    import io

    from checker.cases.commands import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(stream, 40)
    for _ in range(40):
        progress.step()
    assert "[" + "#" * 30 + "] 40/40 dossiers" in stream.getvalue()
    assert "[" + "#" * 7 + "." * 23 + "] 10/40 dossiers" in stream.getvalue()
    progress.done()
    quiet = Progress(io.StringIO(), 40)
    quiet.step()
    assert not quiet.enabled


def test_audit_judges_a_folder_while_walking_it_when_no_bar_is_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a terminal there is no bar to size, so workers need not wait for the whole walk;
    on a terminal the folder is counted first."""
    import datetime
    import sys

    from checker.cases import commands

    order: list[str] = []
    walk, judge = commands.audit_items, commands.judge

    def walking(target: str, dossiers: str | None) -> Iterator[Any]:
        for item in walk(target, dossiers):
            order.append("walk")
            yield item

    def judging(*args: Any) -> Any:
        order.append("judge")
        return judge(*args)

    monkeypatch.setattr(commands, "audit_items", walking)
    monkeypatch.setattr(commands, "judge", judging)
    at = datetime.datetime.fromisoformat(AT)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    streamed = io.StringIO()
    commands.run_audit(str(DOSSIERS), None, at, 1, [], "csv", streamed)
    assert order[:4] == ["walk", "judge", "walk", "judge"]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    order.clear()
    monkeypatch.setattr(sys, "stderr", Terminal())
    counted = io.StringIO()
    commands.run_audit(str(DOSSIERS), None, at, 1, [], "csv", counted)
    assert order == ["walk"] * len(VERDICTS) + ["judge"] * len(VERDICTS)
    assert counted.getvalue() == streamed.getvalue()


def test_audit_of_a_folder_reads_only_its_case_files(cli: Cli, tmp_path: Path) -> None:
    case = (DOSSIERS / "parcours-conforme-particulier-pret" / "dossier.yaml").read_text(
        encoding="utf-8")
    case = "\n".join(line.split(", letter:")[0] + ("}" if ", letter:" in line else "")
                     for line in case.splitlines())
    for name in ("b/dossier.yaml", "a-b/dossier.yml", "a/dossier.json.yaml", ".cache/d.yaml",
                 "node_modules/d.yaml", "x/.d.yaml", "c/amiable.yaml", "dir.yaml/d.txt"):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("rules: []\n" if "amiable" in name else case, encoding="utf-8")
    code, out, err = cli("audit", str(tmp_path), "--format", "csv", "--at", AT)
    assert err == ""
    paths = [Path(row["chemin"]).relative_to(tmp_path).as_posix()
             for row in csv.DictReader(io.StringIO(out))]
    assert paths == ["a/dossier.json.yaml", "a-b/dossier.yml", "b/dossier.yaml"]


def test_audit_of_a_flat_event_log(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "dossiers.yaml").write_text("""\
- dossier: D-LOG-1
  creditor: {name: Atelier Mercier SARL, kind: professionnel}
  debtor: {name: Garage Roux SARL, kind: professionnel, postal_code: "69007"}
  claims:
    - {ref: F-2026-0001, amount: 8400.00, issued: 2026-01-05, due: 2026-02-04}
- dossier: D-LOG-2
  creditor: {name: Atelier Mercier SARL, kind: professionnel}
  debtor: {name: Jeanne Roux, kind: particulier, postal_code: "75011"}
  claims:
    - {ref: F-2026-0002, amount: 640.00, issued: 2026-01-05, due: 2026-02-04}
""", encoding="utf-8")
    (tmp_path / "journal.csv").write_text(
        "dossier,at,kind,to,stage,deadline_days,received\n"
        "D-LOG-1,2026-03-02,lrar,,mise_en_demeure,15,2026-03-04\n"
        "D-LOG-2,2026-03-02T10:30,appel,employeur,,,\n", encoding="utf-8")
    code, out, err = cli("audit", str(tmp_path / "journal.csv"), "--dossiers",
                         str(tmp_path / "dossiers.yaml"), "--format", "csv", "--at", AT)
    assert err == ""
    verdicts = {row.split(",")[0]: row.split(",")[2] for row in out.strip().splitlines()[1:]}
    assert verdicts == {"D-LOG-1": "pret", "D-LOG-2": "irregulier"}
    assert code == 1
