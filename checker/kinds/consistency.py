"""`consistency`: facts of the letter that must agree with each other or with the law's numbers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import (
    Context,
    Hit,
    PackData,
    check_param_refs,
    compile_pattern,
    format_number,
)
from checker.kinds.prefilter import Prefiltered
from checker.letters.facts import Deadline, Fact, format_amount

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule

DEFAULT_TOTAL_LABEL = (r"\b(total|solde|somme totale|net a payer|reste a payer|montant (total|du|"
                       r"restant du|global))\b")
_SEPARATOR_LINE = re.compile(r"^[ \t|:+-]*[|:+-][ \t|:+-]*$")

Relation = Callable[[dict[str, Any], "Letter", Context], list[Hit]]


def _breakdown_total(opts: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
    """Consecutive `label : amount` lines (a list, table or plain lines) ending with a total.

    Lines of a breakdown follow each other with nothing between them but table rules
    (`|---|---|`); a blank line, a line of prose or a line with two amounts ends the breakdown.
    """
    total_label: Prefiltered = opts["total_label"]
    amounts_by_line: dict[int, list[Fact]] = {}
    for fact in letter.facts_of("amount"):
        amounts_by_line.setdefault(letter.line_col(fact.start)[0], []).append(fact)
    hits: list[Hit] = []
    components: list[Fact] = []
    previous_line = -1
    for line in sorted(amounts_by_line):
        facts = amounts_by_line[line]
        contiguous = previous_line > 0 and all(
            _SEPARATOR_LINE.match(letter.line_text(between))
            for between in range(previous_line + 1, line))
        previous_line = line
        if not contiguous or len(facts) != 1 or not facts[0].label:
            components = []
        if len(facts) != 1 or not facts[0].label:
            continue
        fact = facts[0]
        if not total_label.search(fact.label):
            components.append(fact)
            continue
        if len(components) >= 2:
            expected = sum((Decimal(str(c.value)) for c in components), Decimal("0"))
            stated = Decimal(str(fact.value))
            if expected != stated:
                hits.append(Hit(fact.start, fact.end, {
                    "value": format_amount(stated), "expected": format_amount(expected)}))
        components = []
    return hits


def _due_before_letter(opts: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
    day = ctx.params.day
    return [Hit(f.start, f.end, {"value": f.text, "expected": day.strftime("%d/%m/%Y")})
            for f in letter.facts_of("date")
            if opts["label"].search(f.label) and isinstance(f.value, datetime.date)
            and f.value > day]


def _deadline_after_letter(opts: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
    day = ctx.params.day
    hits = []
    for fact in letter.facts_of("deadline"):
        value = fact.value
        if isinstance(value, Deadline) and value.until is not None and value.until <= day:
            hits.append(Hit(fact.start, fact.end, {
                "value": fact.text, "expected": day.strftime("%d/%m/%Y")}))
    return hits


def _bounded(kind: str, bound_key: str, too_far: Callable[[float, float], bool]) -> Relation:
    def relation(opts: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
        limit = ctx.params.number(opts[bound_key])
        if limit is None:
            return []
        return [Hit(f.start, f.end, {"value": f.text.strip(), "limit": format_number(limit)})
                for f in letter.facts_of(kind)
                if opts["label"].search(f.label) and isinstance(f.value, Decimal)
                and too_far(float(f.value), limit)]
    return relation


def _checksum(opts: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
    return [Hit(f.start, f.end, {"value": f.text})
            for f in letter.facts_of(opts["fact"]) if f.valid is False]


RELATIONS: dict[str, Relation] = {
    "breakdown_total": _breakdown_total,
    "due_before_letter": _due_before_letter,
    "deadline_after_letter": _deadline_after_letter,
    "amount_at_most": _bounded("amount", "max", lambda value, limit: value > limit),
    "percent_at_least": _bounded("percent", "min", lambda value, limit: value < limit),
    "checksum": _checksum,
}


class Consistency:
    name: ClassVar[str] = "consistency"

    def prepare(self, rule: Rule, pack: PackData) -> dict[str, Any]:
        check = rule.check
        opts: dict[str, Any] = dict(check)
        for key in ("label", "total_label"):
            if key in check:
                opts[key] = compile_pattern(check[key], (key,))
        opts.setdefault("total_label", compile_pattern(DEFAULT_TOTAL_LABEL, ("total_label",)))
        for key in ("max", "min"):
            if key in check:
                check_param_refs(check[key], pack, (key,))
        return opts

    def run(self, rule: Rule, prepared: dict[str, Any], letter: Letter, ctx: Context) -> list[Hit]:
        return RELATIONS[rule.check["relation"]](prepared, letter, ctx)
