"""JUnit XML: the test report every CI server already displays (Jenkins, GitLab, Azure DevOps).

A checker has no tests of its own, so it follows the mapping linters use: one test suite per
checked file, one failing test case per finding that should stop a letter (error or warning) and
one passing case "conforme" for a file without any, so that a clean template still shows as a
passed test. Infos stop nothing: they go to the suite's <system-out>, visible but not failing.
A file that could not be checked is an <error> test case, which CI servers tell apart from a
failure. What waivers suppressed is counted in the suite's <properties>, never dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.model import FileReport, Finding
from checker.report import BASIS_KIND_LABELS, RunResult, event_label, fixtures_label
from checker.rules.loader import RuleSet

BLOCKING = ("error", "warning")
PASSED_NAME = "conforme"
INPUT_ERROR_NAME = "lecture du fichier"

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry even escaped (control characters, lone surrogates): a
letter extracted from a Word file or an e-mail may hold some, and one would make the whole
report unreadable."""


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass
class _Suite:
    element: ET.Element
    names: Counter[str] = field(default_factory=Counter)
    tests: int = 0
    failures: int = 0
    errors: int = 0
    out: list[str] = field(default_factory=list)

    def case(self, classname: str, name: str) -> ET.Element:
        """A test case whose name is unique in its suite: CI servers merge cases of the same
        name, which would hide a second finding of the same rule on the same line."""
        self.names[name] += 1
        if self.names[name] > 1:
            name = f"{name} ({self.names[name]})"
        self.tests += 1
        return ET.SubElement(self.element, "testcase", classname=_xml(classname), name=_xml(name))




def _details(path: str, finding: Finding) -> str:
    gutter = " " * len(str(finding.line))
    lines = [f"{path}:{finding.line}:{finding.column}", f" {finding.line} | {finding.excerpt}"]
    if finding.fixture is not None:
        lines.append(f" {gutter} = {fixtures_label(finding.fixture)} : {finding.fixture}")
    if finding.event is not None:
        lines.append(f" {gutter} = événement : {event_label(finding.event)}")
    for basis in finding.basis:
        lines.append(f" {gutter} = base ({BASIS_KIND_LABELS.get(basis.kind, basis.kind)}) : "
                     f"{basis.ref}")
    lines.append(f" {gutter} = correction : {finding.fix}")
    return "\n".join(lines)


def _info_line(path: str, finding: Finding) -> str:
    line = f"{path}:{finding.line}:{finding.column}: info {finding.rule} {finding.message}"
    if finding.fixture is not None:
        line += f" ({fixtures_label(finding.fixture)} : {finding.fixture})"
    return line


def _fill(suite: _Suite, report: FileReport) -> None:
    if report.suppressed:
        properties = ET.SubElement(suite.element, "properties")
        for rule_id, count in sorted(report.suppressed.items()):
            ET.SubElement(properties, "property", name=_xml(f"amiable.suppressed.{rule_id}"),
                          value=str(count))
    for finding in report.findings:
        if finding.severity not in BLOCKING:
            suite.out.append(_info_line(report.path, finding))
            continue
        case = suite.case(report.path, f"{finding.rule} ligne {finding.line}")
        failure = ET.SubElement(case, "failure", message=_xml(finding.message),
                                type=finding.severity)
        failure.text = _xml(_details(report.path, finding))
        suite.failures += 1
    if suite.failures == 0:
        suite.case(report.path, PASSED_NAME)


def _add_error(suite: _Suite, error: InputError) -> None:
    case = suite.case(error.path, INPUT_ERROR_NAME)
    element = ET.SubElement(case, "error", message=_xml(error.message), type="input")
    element.text = _xml(str(error))
    suite.errors += 1


def _count(element: ET.Element, tests: int, failures: int, errors: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")


def as_element(result: RunResult) -> ET.Element:
    root = ET.Element("testsuites", name="Amiable")
    suites: dict[str, _Suite] = {}

    def suite_for(path: str) -> _Suite:
        if path not in suites:
            suites[path] = _Suite(ET.SubElement(root, "testsuite", name=_xml(path)))
        return suites[path]

    for report in result.files:
        _fill(suite_for(report.path), report)
    for error in result.errors:
        _add_error(suite_for(error.path), error)
    for suite in suites.values():
        _count(suite.element, suite.tests, suite.failures, suite.errors)
        if suite.out:
            ET.SubElement(suite.element, "system-out").text = _xml("\n".join(suite.out))
    _count(root, sum(s.tests for s in suites.values()), sum(s.failures for s in suites.values()),
           sum(s.errors for s in suites.values()))
    return root


def render(result: RunResult, ruleset: RuleSet) -> str:
    """`ruleset` is unused (findings carry everything a test report shows); it is taken so that
    every machine format has the same signature."""
    root = as_element(result)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
