"""SARIF 2.1.0: the report code-scanning services (GitHub, GitLab, Azure DevOps) and IDEs read.

One run per invocation. Every rule of the rule set is described in `tool.driver.rules`, not only
those with results: `ruleIndex` then depends on the rule set alone (two reports over the same pack
index rules alike and diff cleanly), an auditor sees which rules were in force, including house
rules, and the rules named in the suppressed counts are described even when none of their findings
is left. Findings carry the fingerprint of checker/fingerprint.py, so code scanning follows one
across edits instead of opening a new alert each time text is added above it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import checker
from checker.errors import InputError
from checker.fingerprint import fingerprints
from checker.model import Basis, Finding, Rule
from checker.report import BASIS_KIND_LABELS, RunResult, fixtures_label
from checker.rules.loader import RuleSet

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
"""The `id` of the official OASIS schema the tests validate against."""
FINGERPRINT_KEY = "amiable/v1"
"""Versioned so that a change of fingerprint recipe can never be mistaken for the old one."""
SOURCE_ROOT = "%SRCROOT%"
LANGUAGE = "fr-FR"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_URI_SAFE = "/!$&'()*+,;=@"
"""Path characters RFC 3986 allows unencoded; ':' is left out because in the first segment of
a relative reference it would read as a scheme."""


def _message(text: str) -> str:
    """SARIF reads `{0}` in a message as a placeholder: literal braces must be doubled (§3.11.5).

    Template findings quote Jinja placeholders (`{{ montant }}`), so this is not theoretical."""
    return text.replace("{", "{{").replace("}", "}}")


def _markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _camel(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:].lower() for part in re.split(r"[\W_]+", rule_id))


def artifact_location(path: str) -> dict[str, str]:
    """Relative to the current directory under %SRCROOT% (what code scanning resolves against
    the checkout); a file outside it keeps an absolute file URI rather than a `../` path."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except ValueError:
        return {"uri": Path(absolute).as_uri()}
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(Path(relative).as_posix(), safe=_URI_SAFE), "uriBaseId": SOURCE_ROOT}


def _basis_line(basis: Basis) -> str:
    line = f"{BASIS_KIND_LABELS.get(basis.kind, basis.kind)} : {basis.ref}"
    if basis.note:
        line += f" — {basis.note}"
    if basis.url:
        line += f" <{basis.url}>"
    return line


def _basis_markdown(basis: Basis) -> str:
    ref = _markdown(basis.ref)
    if basis.url:
        ref = f"[{ref}]({basis.url.replace(')', '%29').replace(' ', '%20')})"
    line = f"- *{BASIS_KIND_LABELS.get(basis.kind, basis.kind)}* : {ref}"
    if basis.note:
        line += f" — {_markdown(basis.note)}"
    return line


def _help(rule: Rule) -> dict[str, str]:
    text = [f"Correction : {rule.fix}", "", "Base légale :"]
    text += [f"- {_basis_line(b)}" for b in rule.basis]
    markdown = [f"**Correction** : {_markdown(rule.fix)}", "", "**Base légale**", ""]
    markdown += [_basis_markdown(b) for b in rule.basis]
    if not rule.waivable:
        text += ["", "Cette règle ne peut pas faire l'objet d'une dérogation."]
        markdown += ["", "*Cette règle ne peut pas faire l'objet d'une dérogation.*"]
    return {"text": _message("\n".join(text)), "markdown": _message("\n".join(markdown))}


def _tags(category: str, basis: tuple[Basis, ...]) -> list[str]:
    return list(dict.fromkeys([category, *(b.kind for b in basis)]))


def _descriptor(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": rule.category,
        "basis": [b.as_dict() for b in rule.basis],
        "tags": _tags(rule.category, rule.basis),
        "waivable": rule.waivable,
        "origin": rule.origin,
        "effectiveFrom": rule.effective_from.isoformat(),
    }
    if rule.effective_to is not None:
        properties["effectiveTo"] = rule.effective_to.isoformat()
    return {
        "id": rule.id,
        "name": _camel(rule.id),
        "shortDescription": {"text": _message(rule.title)},
        "fullDescription": {"text": _message(rule.message)},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _unknown_descriptor(finding: Finding) -> dict[str, Any]:
    """A finding whose rule is not in the rule set (produced by the machinery itself) still
    needs a descriptor for `ruleIndex` to point at."""
    return {
        "id": finding.rule,
        "name": _camel(finding.rule),
        "shortDescription": {"text": _message(f"Règle {finding.rule}")},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"category": finding.category,
                       "basis": [b.as_dict() for b in finding.basis],
                       "tags": _tags(finding.category, finding.basis)},
    }


def _region(finding: Finding) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The region, and a context region holding the whole first line when the span is smaller.

    A region's snippet must be the region's own text (§3.30.13), so the excerpt (the whole line)
    only goes there when the span is the whole line; a span over several lines gets no snippet,
    since only its first line is known here. A finding about the whole file (line 0) has no
    region: SARIF lines and columns start at 1."""
    if finding.line < 1:
        return None, None
    region: dict[str, Any] = {"startLine": finding.line}
    if finding.column < 1:
        return region, None
    region["startColumn"] = finding.column
    if finding.end_line >= finding.line and finding.end_column >= 1:
        region["endLine"] = finding.end_line
        region["endColumn"] = finding.end_column
    within_excerpt = finding.column <= finding.end_column - 1 <= len(finding.excerpt)
    if finding.end_line != finding.line or not within_excerpt:
        return region, None
    span = finding.excerpt[finding.column - 1:finding.end_column - 1]
    region["snippet"] = {"text": span}
    if span == finding.excerpt:
        return region, None
    return region, {"startLine": finding.line, "snippet": {"text": finding.excerpt}}



def _finding_message(finding: Finding) -> str:
    """The message, naming the fixtures of a template finding: the template line alone does not
    say which rendering lost the mention, and code scanning shows nothing but the message."""
    if finding.fixture is None:
        return finding.message
    return f"{finding.message} ({fixtures_label(finding.fixture)} : {finding.fixture})"


def _result(path: str, finding: Finding, fingerprint: str, index: int) -> dict[str, Any]:
    region, context = _region(finding)
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    if region is not None:
        physical["region"] = region
    if context is not None:
        physical["contextRegion"] = context
    properties: dict[str, Any] = {"category": finding.category, "fix": finding.fix,
                                  "basis": [b.as_dict() for b in finding.basis]}
    if finding.event is not None:
        properties["event"] = finding.event
    if finding.fixture is not None:
        properties["fixture"] = finding.fixture
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(_finding_message(finding))},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def _notification(error: InputError) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": _message(error.message)}}
    if error.path:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(error.path)}
        if error.line > 0:
            region: dict[str, int] = {"startLine": error.line}
            if error.column > 0:
                region["startColumn"] = error.column
            physical["region"] = region
        notification["locations"] = [{"physicalLocation": physical}]
    return notification


def _artifacts(result: RunResult) -> list[dict[str, Any]]:
    """Every checked file, clean ones included, with what waivers suppressed in it; one entry
    per location, as SARIF requires, even if a file was reported twice."""
    artifacts: dict[str, dict[str, Any]] = {}
    for report in result.files:
        location = artifact_location(report.path)
        artifact = artifacts.setdefault(location["uri"], {
            "location": location, "properties": {"kind": report.kind, "suppressed": {}}})
        suppressed = artifact["properties"]["suppressed"]
        for rule_id, count in report.suppressed.items():
            suppressed[rule_id] = suppressed.get(rule_id, 0) + count
    for artifact in artifacts.values():
        artifact["properties"]["suppressed"] = dict(sorted(
            artifact["properties"]["suppressed"].items()))
    return list(artifacts.values())


def suppressed_totals(result: RunResult) -> dict[str, int]:
    """Suppressed findings by rule over all files, sorted by rule id."""
    totals: dict[str, int] = {}
    for report in result.files:
        for rule_id, count in report.suppressed.items():
            totals[rule_id] = totals.get(rule_id, 0) + count
    return dict(sorted(totals.items()))


def as_data(result: RunResult, ruleset: RuleSet) -> dict[str, Any]:
    descriptors = [_descriptor(rule) for rule in ruleset.rules]
    indexes = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    results = []
    for report in result.files:
        for finding, fingerprint in zip(report.findings,
                                        fingerprints(report.path, report.findings), strict=True):
            if finding.rule not in indexes:
                indexes[finding.rule] = len(descriptors)
                descriptors.append(_unknown_descriptor(finding))
            results.append(_result(report.path, finding, fingerprint, indexes[finding.rule]))
    driver = {"name": "Amiable", "version": checker.__version__,
              "semanticVersion": checker.__version__, "language": LANGUAGE, "rules": descriptors}
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": not result.errors,
                         "toolExecutionNotifications": [_notification(e) for e in result.errors]}],
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "artifacts": _artifacts(result),
        "results": results,
        "language": LANGUAGE,
        "columnKind": "unicodeCodePoints",
        "properties": {"suppressed": suppressed_totals(result)},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(result: RunResult, ruleset: RuleSet) -> str:
    return json.dumps(as_data(result, ruleset), ensure_ascii=False, indent=2) + "\n"
