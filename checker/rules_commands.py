"""`amiable rules list | show | test`: reading and proving the rule set."""

from __future__ import annotations

import datetime
import json
from typing import Any

from checker.engine import check_letter, parse_letter
from checker.model import Example, Rule
from checker.report import BASIS_KIND_LABELS
from checker.rules.loader import RuleSet


def rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "category": rule.category,
        "severity": rule.severity,
        "kind": rule.kind,
        "basis": [b.as_dict() for b in rule.basis],
        "applies": {k: list(v) for k, v in rule.applies.items()},
        "effective": {"from": rule.effective_from.isoformat(),
                      "to": rule.effective_to.isoformat() if rule.effective_to else None},
        "origin": rule.origin,
        "source": f"{rule.source}:{rule.line}",
    }


def list_rules(ruleset: RuleSet, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"rules": [rule_data(r) for r in ruleset.rules]},
                          ensure_ascii=False, indent=2) + "\n"
    width = max(len(r.id) for r in ruleset.rules)
    lines = [f"{'ID':<{width}}  {'GRAVITÉ':<8}  {'CATÉGORIE':<10}  TITRE"]
    for r in ruleset.rules:
        lines.append(f"{r.id:<{width}}  {r.severity:<8}  {r.category:<10}  {r.title}")
    lines.append(f"\n{len(ruleset.rules)} règles. Détail : amiable rules show ID")
    return "\n".join(lines) + "\n"


def show_rule(rule: Rule, ruleset: RuleSet) -> str:
    lines = [f"{rule.id} — {rule.title}", ""]
    lines.append(f"gravité : {rule.severity}    catégorie : {rule.category}    "
                 f"type de contrôle : {rule.kind}")
    to = rule.effective_to.isoformat() if rule.effective_to else "—"
    lines.append(f"en vigueur : du {rule.effective_from.isoformat()} au {to}")
    if rule.applies:
        applies = " ; ".join(f"{k} ∈ {{{', '.join(v)}}}" for k, v in rule.applies.items())
        lines.append(f"s'applique si : {applies}")
    else:
        lines.append("s'applique à : toutes les lettres")
    lines.append(f"source : {rule.source}:{rule.line}" +
                 (" (règle maison)" if rule.origin == "house" else ""))
    lines += ["", "Base :"]
    for b in rule.basis:
        lines.append(f"  - {BASIS_KIND_LABELS.get(b.kind, b.kind)} : {b.ref}")
        if b.note:
            lines.append(f"    {b.note}")
        if b.url:
            lines.append(f"    {b.url}")
    lines += ["", "Message :", f"  {rule.message}", "", "Correction proposée :", f"  {rule.fix}"]
    params = {k: v for k, v in rule.check.items() if k != "kind"}
    if params:
        lines += ["", "Paramètres du contrôle :"]
        import yaml  # only `rules show` needs it; imported here to keep the cold start short

        dumped = yaml.safe_dump(params, allow_unicode=True, sort_keys=False, width=100)
        lines += [f"  {line}" for line in dumped.rstrip().splitlines()]
    for key, examples in (("ne se déclenche pas", rule.pass_examples),
                          ("se déclenche", rule.fail_examples)):
        lines += ["", f"Exemples où la règle {key} :"]
        for example in examples:
            body = example.text.strip().replace("\n", "\n    ")
            lines.append(f"  - {body}")
    return "\n".join(lines) + "\n"


def _case_example_fires(rule: Rule, example: Example, ruleset: RuleSet) -> bool:
    """A case rule's example is a whole case file; `metadata.date`, when given, is the day the
    case is judged (for rules about what is about to happen), else today."""
    import tempfile
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from checker.cases.loader import parse_case

    with tempfile.TemporaryDirectory(prefix="amiable-exemple-") as folder:
        for name, content in example.files.items():
            target = Path(folder, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        case = parse_case(example.text, str(Path(folder, f"exemple-{rule.id}.yaml")))
        return _case_fires(rule, example, ruleset, case, ZoneInfo(case.timezone))


def _case_fires(rule: Rule, example: Example, ruleset: RuleSet, case: Any,
                zone: datetime.tzinfo) -> bool:
    from checker.cases.engine import check_case

    if "date" in example.metadata:
        day = datetime.date.fromisoformat(example.metadata["date"])
        as_of = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=zone)
    else:
        as_of = datetime.datetime.now(zone)
    reports = check_case(case, ruleset, as_of, only={rule.id})
    return any(f.rule == rule.id for f in reports[0].findings)


def _template_example_fires(rule: Rule, example: Example, ruleset: RuleSet) -> bool:
    """A template rule's example is a whole template (front matter, fixtures, Jinja2 body)."""
    import tempfile
    from pathlib import Path

    from checker.batch import CheckOptions, check_one

    with tempfile.TemporaryDirectory(prefix="amiable-exemple-") as folder:
        path = Path(folder, "exemple.md.j2")
        path.write_text(example.text, encoding="utf-8")
        reports = check_one(str(path), ruleset, CheckOptions(overrides=dict(example.metadata)))
    return any(f.rule == rule.id for f in reports[0].findings)


def example_fires(rule: Rule, example: Example, ruleset: RuleSet) -> bool:
    if rule in ruleset.case_rules:
        return _case_example_fires(rule, example, ruleset)
    if rule.kind == "template":
        return _template_example_fires(rule, example, ruleset)
    if rule.kind == "waiver":
        from checker.suppress import waiver_example_fires

        return waiver_example_fires(rule, example.text, ruleset, datetime.date.today())
    letter = parse_letter(f"<exemple {rule.id}>.md", example.text)
    today = datetime.date.today()
    report = check_letter(letter, ruleset, dict(example.metadata), today, only={rule.id})
    return any(f.rule == rule.id for f in report.findings)


def test_rules(ruleset: RuleSet, only: set[str] | None) -> tuple[str, int]:
    """Run every rule on its examples; return the report and the number of failures."""
    failures: list[str] = []
    count = 0
    rules = [r for r in ruleset.rules if only is None or r.id in only]
    for rule in rules:
        for label, examples, should_fire in (("fail", rule.fail_examples, True),
                                             ("pass", rule.pass_examples, False)):
            for index, example in enumerate(examples, 1):
                count += 1
                if example_fires(rule, example, ruleset) != should_fire:
                    verdict = "ne se déclenche pas" if should_fire else "se déclenche"
                    failures.append(f"ÉCHEC {rule.id} ({rule.source}:{rule.line}) : la règle "
                                    f"{verdict} sur l'exemple {label} n° {index}")
    lines = failures + [f"{len(rules)} règles, {count} exemples : "
                        + (f"{len(failures)} échec(s)" if failures else "tous conformes")]
    return "\n".join(lines) + "\n", len(failures)
