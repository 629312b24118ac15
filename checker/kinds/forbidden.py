"""`forbidden`: words or patterns that must not appear, reported at their exact span."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import Context, Hit, PackData, PrepareError, compile_pattern, compile_terms
from checker.kinds.prefilter import Prefiltered

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule


@dataclass(frozen=True, slots=True)
class Prepared:
    matchers: tuple[Prefiltered, ...]
    unless_sentence: tuple[Prefiltered, ...]
    unless_document: tuple[Prefiltered, ...]
    triggers: frozenset[str] | None
    """Every matcher's literals together (None when a matcher has none): a letter holding none
    of them cannot break the rule, which one lookup then tells instead of one per matcher."""


class Forbidden:
    name: ClassVar[str] = "forbidden"

    def prepare(self, rule: Rule, pack: PackData) -> Prepared:
        check = rule.check
        matchers: list[Prefiltered] = []
        terms: list[str] = list(check.get("terms", []))
        if "lexicon" in check:
            lexicon = pack.lexicons.get(check["lexicon"])
            if lexicon is None:
                known = ", ".join(sorted(pack.lexicons)) or "aucun"
                raise PrepareError(("lexicon",),
                                   f"lexique inconnu « {check['lexicon']} » (lexiques : {known})")
            terms.extend(lexicon.terms)
        if terms:
            matchers.append(compile_terms(terms, ("terms",)))
        matchers.extend(compile_pattern(p, ("patterns", i))
                        for i, p in enumerate(check.get("patterns", [])))
        triggers = None
        if matchers and all(m.literals for m in matchers):
            triggers = frozenset(lit for m in matchers for lit in m.literals)
        return Prepared(
            tuple(matchers),
            tuple(compile_pattern(p, ("unless_sentence", i))
                  for i, p in enumerate(check.get("unless_sentence", []))),
            tuple(compile_pattern(p, ("unless_document", i))
                  for i, p in enumerate(check.get("unless_document", []))),
            triggers,
        )

    def run(self, rule: Rule, prepared: Prepared, letter: Letter, ctx: Context) -> list[Hit]:
        text = letter.norm.text
        present = letter.present
        if prepared.triggers is not None and present is not None and prepared.matchers[0].indexed \
                and present.keys().isdisjoint(prepared.triggers):
            return []
        if any(p.search(text, present=present) for p in prepared.unless_document):
            return []
        spans: dict[tuple[int, int], None] = {}
        for matcher in prepared.matchers:
            for match in matcher.finditer(text, letter.present):
                if match.end() > match.start():
                    spans[(match.start(), match.end())] = None
        hits: list[Hit] = []
        last_end = -1
        for nstart, nend in sorted(spans):
            if nstart < last_end:
                continue
            if prepared.unless_sentence:
                low, high = letter.sentence_around(nstart, nend)
                if any(p.search(text, low, high) for p in prepared.unless_sentence):
                    continue
            last_end = nend
            start, end = letter.to_original(nstart, nend)
            hits.append(Hit(start, end, {"value": letter.source[start:end]}))
        return hits
