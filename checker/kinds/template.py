"""`template`: problems of a letter template as such, found while rendering it.

A branch that no fixture reaches has never been checked; a placeholder that the mapping does not
know cannot stand for a mandatory mention. The renderer (checker/templates) finds them; this kind
turns them into findings with the rule's message, basis and fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from checker.model import Finding

if TYPE_CHECKING:
    from checker.kinds.base import PackData
    from checker.model import Rule
    from checker.rules.loader import RuleSet


class TemplateKind:
    name: ClassVar[str] = "template"

    def prepare(self, rule: Rule, pack: PackData) -> None:
        return None


def template_findings(result: Any, ruleset: RuleSet, lines: list[str]) -> list[Finding]:
    """Findings for the issues of a rendered template (checker.templates.TemplateResult)."""
    from checker.engine import render

    findings = []
    for rule in ruleset.rules:
        if rule.kind != "template":
            continue
        for issue in result.issues:
            if issue.issue != rule.check["issue"]:
                continue
            excerpt = lines[issue.line - 1].rstrip() if 0 < issue.line <= len(lines) else ""
            findings.append(Finding(
                rule=rule.id, category=rule.category, severity=rule.severity,
                message=render(rule.message, issue.values), line=issue.line,
                column=issue.column, end_line=issue.line,
                end_column=max(issue.end_column, issue.column + 1), excerpt=excerpt,
                basis=rule.basis, fix=render(rule.fix, issue.values)))
    return findings
