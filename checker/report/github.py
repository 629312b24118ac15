"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Letters and templates are text their authors do not control line by line (a debtor's name, a
quoted clause), so every value is escaped the way the runner decodes it: otherwise a comma in a
path would end the `file` property, and a newline in a message would end the command and let the
next line of text be read as a command of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.errors import InputError
from checker.model import Finding
from checker.report import BASIS_KIND_LABELS, RunResult, event_label, fixtures_label
from checker.rules.loader import RuleSet

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
INPUT_ERROR_TITLE = "Amiable : fichier non vérifié"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str) -> str:
    """Annotations are placed by path relative to the workspace, which is where the check runs;
    a file outside it keeps its absolute path."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except ValueError:
        return Path(absolute).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


def command(name: str, properties: list[tuple[str, str | int]], message: str) -> str:
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    head = f"{name} {joined}" if joined else name
    return f"::{head}::{escape_data(message)}"




def _message(finding: Finding) -> str:
    """The message, then what a reviewer needs without leaving the pull request."""
    lines = [finding.message]
    if finding.fixture is not None:
        lines.append(f"{fixtures_label(finding.fixture).capitalize()} : {finding.fixture}")
    if finding.event is not None:
        lines.append(f"Événement : {event_label(finding.event)}")
    lines.append(f"Correction : {finding.fix}")
    lines += [f"Base ({BASIS_KIND_LABELS.get(b.kind, b.kind)}) : {b.ref}" for b in finding.basis]
    return "\n".join(lines)


def annotation(path: str, finding: Finding) -> str:
    """Positions GitHub cannot place (a finding about the whole file, line 0) are left out, so
    that the annotation lands on the file rather than being rejected."""
    properties: list[tuple[str, str | int]] = [("file", workspace_path(path))]
    if finding.line > 0:
        properties.append(("line", finding.line))
        if finding.column > 0:
            properties.append(("col", finding.column))
        if finding.end_line >= finding.line:
            properties.append(("endLine", finding.end_line))
            if finding.column > 0 and finding.end_column > 0:
                properties.append(("endColumn", finding.end_column))
    properties.append(("title", finding.rule))
    return command(COMMANDS[finding.severity], properties, _message(finding))


def input_error(error: InputError) -> str:
    properties: list[tuple[str, str | int]] = []
    if error.path:
        properties.append(("file", workspace_path(error.path)))
        if error.line > 0:
            properties.append(("line", error.line))
            if error.column > 0:
                properties.append(("col", error.column))
    properties.append(("title", INPUT_ERROR_TITLE))
    return command("error", properties, error.message)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def summary(result: RunResult) -> str:
    """One plain line for the log, and the only place a reader of the log sees what waivers
    suppressed: the annotations show what is left, not what was set aside."""
    counts = result.summary()
    line = (f"Amiable : {_plural(counts['error'], 'erreur', 'erreurs')}, "
            f"{_plural(counts['warning'], 'avertissement', 'avertissements')}, "
            f"{_plural(counts['info'], 'information', 'informations')} dans "
            f"{_plural(len(result.files), 'fichier vérifié', 'fichiers vérifiés')}")
    if result.errors:
        line += f" ; {_plural(len(result.errors), 'fichier non vérifié', 'fichiers non vérifiés')}"
    suppressed: dict[str, int] = {}
    for report in result.files:
        for rule_id, count in report.suppressed.items():
            suppressed[rule_id] = suppressed.get(rule_id, 0) + count
    if suppressed:
        total = sum(suppressed.values())
        detail = ", ".join(f"{rule_id} × {count}" for rule_id, count in sorted(suppressed.items()))
        line += (f" ; {_plural(total, 'constat écarté', 'constats écartés')} par dérogation "
                 f"({detail})")
    else:
        line += " ; aucun constat écarté par dérogation"
    return line


def render(result: RunResult, ruleset: RuleSet) -> str:
    """`ruleset` is unused (findings carry their rule id and text); it is taken so that every
    machine format has the same signature."""
    out = [annotation(report.path, finding)
           for report in result.files for finding in report.findings]
    out += [input_error(error) for error in result.errors]
    out.append(summary(result))
    return "\n".join(out) + "\n"
