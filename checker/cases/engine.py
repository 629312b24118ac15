"""Check a case file: its history against the case rules, and its letters against the letter rules.

Letters attached to events are read once, checked with the letter rules as of the event's date
(what the file says of the letter fills the gaps of its front matter), reported as files of their
own, and handed to the `letter_link` rules that compare them with the file.
"""

from __future__ import annotations

import datetime
from typing import Any

from checker.cases.model import Case, Event
from checker.engine import check_letter, parse_letter, render
from checker.kinds import CASE_KINDS
from checker.kinds.case_base import CaseContext, CaseHit
from checker.letters.document import Letter
from checker.letters.reader import read_letter
from checker.model import SEVERITY_RANK, FileReport, Finding, Metadata, Rule
from checker.rules.loader import RuleSet

_LETTER_CHANNELS = {"courrier", "lrar", "lre", "email", "sms"}
_LETTER_SENDERS = {"creancier", "agence", "avocat", "commissaire_de_justice"}


def event_summary(event: Event) -> str:
    """How an event is shown when the file's own line is not at hand (flat logs)."""
    when = event.at.strftime("%Y-%m-%d %H:%M") if event.has_time else event.day.isoformat()
    parts = [when, event.kind, f"par {event.by}", f"à {event.to}"]
    if event.stage:
        parts.append(event.stage)
    return " ".join(parts)


def _event_data(event: Event) -> dict[str, Any]:
    when = event.at.isoformat(timespec="minutes") if event.has_time else event.day.isoformat()
    return {"index": event.index, "date": when, "kind": event.kind}


def applies_to_case(rule: Rule, case: Case) -> bool:
    """Case rules' `applies` may name only `debtor`: the kind of the case's debtor."""
    allowed = rule.applies.get("debtor")
    return allowed is None or case.debtor.kind in allowed


def _finding(rule: Rule, hit: CaseHit, case: Case, lines: list[str] | None) -> Finding:
    event = hit.event
    line = event.line if event is not None and event.line else case.line
    if lines is not None and 0 < line <= len(lines):
        excerpt = lines[line - 1].rstrip()
    else:
        excerpt = event_summary(event) if event is not None else case.dossier
    column = len(excerpt) - len(excerpt.lstrip()) + 1 if lines is not None else 1
    return Finding(
        rule=rule.id, category=rule.category, severity=rule.severity,
        message=render(rule.message, hit.values), line=line, column=column,
        end_line=line, end_column=max(column + 1, len(excerpt) + 1), excerpt=excerpt,
        basis=rule.basis, fix=render(rule.fix, hit.values),
        event=_event_data(event) if event is not None else None,
    )


def _letter_fallbacks(case: Case, event: Event) -> dict[str, str]:
    fallbacks = {"debtor": case.debtor.kind}
    if event.stage:
        fallbacks["type"] = event.stage
    if event.kind in _LETTER_CHANNELS:
        fallbacks["channel"] = event.kind
    if event.by in _LETTER_SENDERS:
        fallbacks["sender"] = event.by
    return fallbacks


def check_letters(case: Case, ruleset: RuleSet,
                  today: datetime.date) -> tuple[dict[int, Letter], list[FileReport]]:
    letters: dict[int, Letter] = {}
    reports: list[FileReport] = []
    for event in case.events:
        if not event.letter:
            continue
        letter = parse_letter(event.letter, read_letter(event.letter))
        reports.append(check_letter(letter, ruleset, {"date": event.day.isoformat()}, today,
                                    fallbacks=_letter_fallbacks(case, event)))
        letters[event.index] = letter
    return letters, reports


def check_case(case: Case, ruleset: RuleSet, as_of: datetime.datetime,
               lines: list[str] | None = None, only: set[str] | None = None) -> list[FileReport]:
    """The case's own report first, then one report per attached letter."""
    return check_case_and_letters(case, ruleset, as_of, lines, only)[0]


def check_case_and_letters(
        case: Case, ruleset: RuleSet, as_of: datetime.datetime, lines: list[str] | None = None,
        only: set[str] | None = None) -> tuple[list[FileReport], dict[int, Letter]]:
    """Reports (the case's, then its letters') and the parsed letters by event index."""
    letters, letter_reports = check_letters(case, ruleset, as_of.date())
    ctx = CaseContext(ruleset.data.params, as_of, letters)
    findings: list[Finding] = []
    for rule in ruleset.case_rules:
        if (only is not None and rule.id not in only) or not applies_to_case(rule, case):
            continue
        for hit in CASE_KINDS[rule.kind].run(rule, ruleset.prepared[rule.id], case, ctx):
            findings.append(_finding(rule, hit, case, lines))
    findings.sort(key=lambda f: (f.line, SEVERITY_RANK[f.severity], f.rule))
    metadata = Metadata(case.metadata(), {})
    return [FileReport(case.path, "case", metadata, tuple(findings)), *letter_reports], letters
