"""Check a set of files and directories: letters and case files alike.

Case files are checked first, so that a letter attached to a case is judged with what the case
says of it (date of the event, stage, debtor); a letter already reported that way is not checked
again on its own.
"""

from __future__ import annotations

import datetime
import os

from checker.engine import check_file
from checker.errors import InputError
from checker.files import collect, is_case_path
from checker.model import FileReport
from checker.report import RunResult
from checker.rules.loader import RuleSet


def check_one(path: str, ruleset: RuleSet, overrides: dict[str, str], today: datetime.date,
              at: str | None) -> list[FileReport]:
    """The reports of one file: a letter's, or a case file's and its letters'."""
    if is_case_path(path):
        from checker.cases.commands import check_case_file, parse_at

        return check_case_file(path, ruleset, parse_at(at))
    return [check_file(path, ruleset, overrides, today)]


def check_paths(paths: list[str], ruleset: RuleSet, overrides: dict[str, str],
                today: datetime.date, at: str | None = None) -> RunResult:
    files, errors = collect(paths)
    result = RunResult(errors=errors)
    seen: set[str] = set()
    ordered = [p for p in files if is_case_path(p)] + [p for p in files if not is_case_path(p)]
    for path in ordered:
        if os.path.realpath(path) in seen:
            continue
        try:
            reports = check_one(path, ruleset, overrides, today, at)
        except InputError as exc:
            result.errors.append(exc)
            continue
        for report in reports:
            seen.add(os.path.realpath(report.path))
            result.files.append(report)
    return result
