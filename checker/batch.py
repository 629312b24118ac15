"""Check a set of files and directories: letters, templates, Word and e-mail letters, case files.

Case files are checked first, so that a letter attached to a case is judged with what the case
says of it (date of the event, stage, debtor); a letter already reported that way is not checked
again on its own. Every report then goes through the same accountable steps: the configuration
(rules selected, severities), waivers (inline and from the waivers file, counted, never silent),
and the baseline (only findings new since a previous report).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.engine import check_letter, parse_letter
from checker.errors import InputError
from checker.files import collect, is_case_path
from checker.letters.reader import decode, read_letter
from checker.model import FileReport, Finding
from checker.report import RunResult
from checker.rules.loader import RuleSet

if TYPE_CHECKING:
    from checker.config import Config


@dataclass(frozen=True)
class CheckOptions:
    """Everything a check run needs besides the paths and the rules."""

    overrides: dict[str, str] = field(default_factory=dict)
    """Metadata from the command line: wins over everything."""
    today: datetime.date = field(default_factory=datetime.date.today)
    at: str | None = None
    """Case files: the moment they are judged (default: now)."""
    config: Config | None = None
    data: str | None = None
    """Templates: a fixtures file replacing the fixtures of each template."""
    baseline: frozenset[tuple[str, str]] | None = None
    waivers: tuple[Any, ...] = ()
    """Waivers from the configured waivers file (suppress.Waiver)."""
    stdin_name: str | None = None
    stdin_data: bytes | None = None


def _fallbacks(path: str, options: CheckOptions) -> dict[str, str]:
    return options.config.metadata_for(path) if options.config is not None else {}


def _letter_report(path: str, text: str, markdown_name: str, ruleset: RuleSet,
                   options: CheckOptions, extra: dict[str, str] | None = None,
                   line_blocks: bool = False) -> FileReport:
    letter = parse_letter(markdown_name, text, line_blocks)
    fallbacks = {**(extra or {}), **_fallbacks(path, options)}
    report = check_letter(letter, ruleset, options.overrides, options.today, fallbacks=fallbacks)
    return dataclasses.replace(report, path=path)


def _template_report(path: str, ruleset: RuleSet, options: CheckOptions) -> FileReport:
    """Every fixture rendered and checked; findings moved to the template's own lines and
    merged across fixtures (one finding per place, naming every fixture that produced it)."""
    from checker.kinds.template import template_findings
    from checker.templates import render_template

    result = render_template(path, options.data)
    lines = result.source.splitlines()
    merged: dict[tuple[Any, ...], tuple[Finding, list[str]]] = {}
    metadata = None
    for rendering in result.renderings:
        letter = parse_letter(path + ".md", rendering.text)
        report = check_letter(letter, ruleset, options.overrides, options.today,
                              fallbacks=_fallbacks(path, options))
        metadata = metadata or report.metadata
        for finding in report.findings:
            start = letter.line_starts[finding.line - 1] + finding.column - 1
            end = letter.line_starts[finding.end_line - 1] + finding.end_column - 1
            line, column = rendering.position(start)
            end_line, end_column = rendering.position(max(start, end - 1))
            if (end_line, end_column) != (line, column) or end > start:
                end_column += 1
            excerpt = lines[line - 1].rstrip() if 0 < line <= len(lines) else finding.excerpt
            moved = dataclasses.replace(finding, line=line, column=column, end_line=end_line,
                                        end_column=max(end_column, column + 1), excerpt=excerpt)
            key = (moved.rule, line, column, moved.message if rendering.fixture is None else "")
            fixtures = merged.setdefault(key, (moved, []))[1]
            if rendering.fixture is not None:
                fixtures.append(rendering.fixture)
    findings = [dataclasses.replace(f, fixture=", ".join(names) if names else None)
                for f, names in merged.values()]
    findings += template_findings(result, ruleset, lines)
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    if metadata is None:
        from checker.model import Metadata

        metadata = Metadata({}, {})
    return FileReport(path, "template", metadata, tuple(findings))


def _source_text(path: str) -> str | None:
    """The text whose inline waivers apply to a report: Markdown letters and templates, where an
    HTML comment is invisible to the debtor (in a plain-text letter it would be sent)."""
    if path.endswith((".md", ".markdown", ".j2", ".jinja")) and os.path.isfile(path):
        try:
            return read_letter(path)
        except InputError:
            return None
    return None


def check_one(path: str, ruleset: RuleSet, options: CheckOptions) -> list[FileReport]:
    """The reports of one file: a letter's, a template's, or a case file's and its letters'."""
    if path == "-":
        name = options.stdin_name or "<stdin>.md"
        text = decode(options.stdin_data or b"", name)
        return [_letter_report(name, text, name, ruleset, options)]
    if is_case_path(path):
        from checker.cases.commands import check_case_file, parse_at

        return check_case_file(path, ruleset, parse_at(options.at))
    lowered = path.lower()
    if lowered.endswith((".j2", ".jinja")):
        return [_template_report(path, ruleset, options)]
    if lowered.endswith(".docx"):
        from checker.letters.docx import read_docx

        return [_letter_report(path, read_docx(path), path + ".txt", ruleset, options,
                               line_blocks=True)]
    if lowered.endswith(".eml"):
        from checker.letters.eml import read_eml

        return [_letter_report(path, read_eml(path), path + ".txt", ruleset, options,
                               extra={"channel": "email"})]
    return [_letter_report(path, read_letter(path), path, ruleset, options)]


def _accountable(report: FileReport, ruleset: RuleSet, options: CheckOptions,
                 usage: Any) -> FileReport:
    """Configuration, then waivers, then the baseline: in that order, every time."""
    if options.config is not None:
        report = options.config.apply(report, ruleset)
    source = _source_text(report.path)
    waivers = list(options.waivers)
    if source is not None:
        from checker.suppress import parse_inline

        waivers += parse_inline(source, report.path)
    if waivers:
        from checker.suppress import apply_waivers

        report = apply_waivers(report, waivers, ruleset, options.today, usage)
    if options.baseline is not None:
        from checker.baseline import filter_new

        report = filter_new(report, options.baseline)
    return report


def check_paths(paths: list[str], ruleset: RuleSet, overrides: dict[str, str] | None = None,
                today: datetime.date | None = None, at: str | None = None, *,
                options: CheckOptions | None = None) -> RunResult:
    """Check files and directories; `options` carries everything, or the three shortcuts do."""
    if options is None:
        options = CheckOptions(overrides=overrides or {}, today=today or datetime.date.today(),
                               at=at)
    files, errors = collect([p for p in paths if p != "-"])
    if "-" in paths:
        files.insert(0, "-")
    result = RunResult(errors=errors)
    seen: set[str] = set()
    ordered = [p for p in files if is_case_path(p)] + [p for p in files if not is_case_path(p)]
    usage = None
    if options.waivers:
        from checker.suppress import WaiverUsage

        usage = WaiverUsage()
    for path in ordered:
        if path != "-" and os.path.realpath(path) in seen:
            continue
        try:
            reports = [_accountable(r, ruleset, options, usage)
                       for r in check_one(path, ruleset, options)]
        except InputError as exc:
            result.errors.append(exc)
            continue
        for report in reports:
            seen.add(os.path.realpath(report.path))
            result.files.append(report)
    if usage is not None:
        result.files = usage.finish(result.files, ruleset, options.today)
    return result
