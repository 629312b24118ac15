"""`amiable check`: options, configuration, the run, the report, and the exit code.

Formatting, the exit-code policy and file writing are kept apart: a format turns the one result
model into text; `--fail-on` alone decides the exit code; `--output` writes atomically.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from typing import Any

from checker.atomic import write_atomically
from checker.batch import CheckOptions, check_paths
from checker.letters.metadata import check_overrides
from checker.report import RunResult
from checker.rules.loader import RuleSet, load_rules

FORMATS = ("text", "json", "sarif", "junit", "github")
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"),
               "info": ("error", "warning", "info"), "never": ()}
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def reporter(name: str) -> Callable[[RunResult, RuleSet, bool], str]:
    """The rendering function of a format: each format is one small module."""
    if name == "text":
        from checker.report import text
        return lambda result, _rules, color: text.render(result, color=color)
    if name == "json":
        from checker.report import json
        return lambda result, _rules, _color: json.render(result)
    if name == "sarif":
        from checker.report import sarif
        return lambda result, rules, _color: sarif.render(result, rules)
    if name == "junit":
        from checker.report import junit
        return lambda result, rules, _color: junit.render(result, rules)
    from checker.report import github
    return lambda result, rules, _color: github.render(result, rules)


def metadata_overrides(args: argparse.Namespace) -> dict[str, str]:
    values = {name: getattr(args, name) for name in ("type", "date", "channel", "sender", "debtor")
              if getattr(args, name) is not None}
    check_overrides(values)
    return values


def exit_code(result: RunResult, fail_on: str) -> int:
    if result.errors:
        return EXIT_INPUT
    counts = result.summary()
    return EXIT_FINDINGS if any(counts[level] for level in FAIL_LEVELS[fail_on]) else EXIT_OK


def run_check(args: argparse.Namespace, use_color: Callable[[str], bool]) -> int:
    from checker.config import find_config

    config = find_config(args.paths, args.config)
    ruleset = load_rules(list(args.rules) + list(config.rules))
    config.check_rules(ruleset)
    waivers: tuple[Any, ...] = ()
    if config.waivers:
        from checker.suppress import check_waiver_rules, load_waivers

        waivers = tuple(load_waivers(config.waivers))
        check_waiver_rules(waivers, ruleset)
    baseline = None
    if args.baseline:
        from checker.baseline import load_baseline

        baseline = load_baseline(args.baseline)
    stdin_data = sys.stdin.buffer.read() if "-" in args.paths else None
    options = CheckOptions(overrides=metadata_overrides(args), today=datetime.date.today(),
                           at=args.at, config=config, data=args.data, baseline=baseline,
                           waivers=waivers, stdin_name=args.stdin_filename,
                           stdin_data=stdin_data)
    result = check_paths(args.paths, ruleset, options=options)
    fmt = args.format or config.format or "text"
    fail_on = args.fail_on or config.fail_on or "error"
    for error in result.errors:
        print(f"amiable: {error}", file=sys.stderr)
    if args.output:
        if result.errors:
            print(f"amiable: {args.output} n'a pas été écrit : des fichiers n'ont pas pu être "
                  "vérifiés", file=sys.stderr)
        else:
            write_atomically(args.output, reporter(fmt)(result, ruleset, False))
    else:
        sys.stdout.write(reporter(fmt)(result, ruleset, use_color(args.color)))
    return exit_code(result, fail_on)
