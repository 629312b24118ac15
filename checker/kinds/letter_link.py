"""`letter_link`: the letter attached to an event must agree with the case file.

A `relance` event whose letter is a mise en demeure (or the reverse) misstates the history that a
judge will read; a letter that names none of the file's amounts or references is about some other
debt, or about none precisely; an agency's later letter that does not recall the date of its first
letter breaks CPCE art. R124-4, whose last sentence requires it in every later step.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.case_base import CaseContext, CaseHit, in_force
from checker.letters.facts import format_amount

if TYPE_CHECKING:
    from checker.cases.model import Case
    from checker.kinds.base import PackData
    from checker.letters.document import Letter
    from checker.model import Rule

_TYPE_NAMES = {"relance": "une relance", "mise_en_demeure": "une mise en demeure"}


def _names_a_claim(letter: Letter, case: Case) -> bool:
    amounts = {Decimal(str(f.value)) for f in letter.facts_of("amount")}
    wanted = {c.amount for c in case.claims} | {case.total_claimed}
    if amounts & {a.quantize(Decimal("0.01")) for a in wanted}:
        return True
    refs = {str(f.value).upper() for f in letter.facts_of("invoice_ref")}
    text = letter.norm.text
    return bool(refs & {c.ref.upper() for c in case.claims}) or any(
        c.ref.lower() in text for c in case.claims)


def _first_letter_recalled(rule: Rule, case: Case, ctx: CaseContext) -> list[CaseHit]:
    """Every agency letter after the first must name the first one's date (R124-4, last
    sentence): as a date in the text, e.g. « notre courrier du 14 janvier 2026 »."""
    agency_letters = [e for e in case.events
                      if e.by == "agence" and ctx.letters.get(e.index) is not None]
    if len(agency_letters) < 2:
        return []
    first = agency_letters[0]
    hits = []
    for event in agency_letters[1:]:
        letter = ctx.letters[event.index]
        if not in_force(rule, event) or event.day == first.day:
            continue
        if any(f.value == first.day for f in letter.facts_of("date")):
            continue
        hits.append(CaseHit(event, {"expected": first.day.strftime("%d/%m/%Y"),
                                    "letter": event.letter or "",
                                    "first": first.letter or ""}))
    return hits


class LetterLink:
    name: ClassVar[str] = "letter_link"

    def prepare(self, rule: Rule, pack: PackData) -> None:
        return None

    def run(self, rule: Rule, prepared: Any, case: Case, ctx: CaseContext) -> list[CaseHit]:
        if rule.check["relation"] == "first_letter":
            return _first_letter_recalled(rule, case, ctx)
        hits = []
        for event in case.events:
            letter = ctx.letters.get(event.index)
            if letter is None or letter.metadata is None or not in_force(rule, event):
                continue
            if rule.check["relation"] == "stage":
                letter_type = letter.metadata.values["type"]
                if event.stage and letter_type != event.stage:
                    hits.append(CaseHit(event, {
                        "value": _TYPE_NAMES.get(letter_type, letter_type),
                        "expected": _TYPE_NAMES.get(event.stage, event.stage),
                        "letter": event.letter or ""}))
            elif not _names_a_claim(letter, case):
                hits.append(CaseHit(event, {
                    "value": ", ".join(f"{c.ref} ({format_amount(c.amount)})" for c in case.claims),
                    "letter": event.letter or ""}))
        return hits
