"""`context`: circumstances that are wrong in themselves (a rule's `applies` is the whole test)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import Context, Hit, PackData

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule


class ContextKind:
    name: ClassVar[str] = "context"

    def prepare(self, rule: Rule, pack: PackData) -> None:
        return None

    def run(self, rule: Rule, prepared: None, letter: Letter, ctx: Context) -> list[Hit]:
        assert letter.metadata is not None
        keys = list(rule.applies) or ["type"]
        key = keys[0]
        line = letter.metadata.lines.get(key)
        if line is None:
            line = letter.body_lines[0]
        start, end = letter.line_span(line)
        return [Hit(start, end, {"value": letter.metadata.values.get(key, "")})]
