"""`required`: a mention that must be in the letter, reported where it belongs when missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from checker.kinds.base import Context, Hit, PackData, compile_pattern, compile_terms
from checker.kinds.prefilter import Prefiltered

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule


@dataclass(frozen=True, slots=True)
class Mention:
    regex: Prefiltered | None
    fact: str | None
    label: Prefiltered | None
    minimum: int

    def found(self, letter: Letter) -> bool:
        if self.regex is not None:
            return self.regex.search(letter.norm.text, present=letter.present) is not None
        count = 0
        for fact in letter.facts_of(self.fact or ""):
            if fact.valid is False:
                continue
            if self.label is None or self.label.search(fact.label):
                count += 1
                if count >= self.minimum:
                    return True
        return False


def _mention(item: dict[str, Any], at: tuple[str | int, ...]) -> Mention:
    if "terms" in item:
        return Mention(compile_terms(item["terms"], at + ("terms",)), None, None, 1)
    if "pattern" in item:
        return Mention(compile_pattern(item["pattern"], at + ("pattern",)), None, None, 1)
    label = compile_pattern(item["label"], at + ("label",)) if "label" in item else None
    return Mention(None, item["fact"], label, int(item.get("min", 1)))


class Required:
    name: ClassVar[str] = "required"

    def prepare(self, rule: Rule, pack: PackData) -> list[tuple[str, list[Mention]]]:
        check = rule.check
        groups: list[tuple[str, list[dict[str, Any]], tuple[str | int, ...]]]
        if "any_of" in check:
            groups = [("", check["any_of"], ("any_of",))]
        else:
            groups = [(g["label"], g["any_of"], ("groups", i, "any_of"))
                      for i, g in enumerate(check["groups"])]
        return [(label, [_mention(item, at + (j,)) for j, item in enumerate(items)])
                for label, items, at in groups]

    def run(self, rule: Rule, prepared: list[tuple[str, list[Mention]]], letter: Letter,
            ctx: Context) -> list[Hit]:
        missing = [label for label, mentions in prepared
                   if not any(m.found(letter) for m in mentions)]
        if not missing:
            return []
        line, where = ctx.layout.place_line(letter, rule.check["place"])
        start, end = letter.line_span(line)
        return [Hit(start, end, {"missing": ", ".join(m for m in missing if m), "place": where})]
