"""`metadata`: says which metadata fields were inferred from the text or set to a default."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from checker.kinds.base import Context, Hit, PackData
from checker.model import METADATA_FIELDS

if TYPE_CHECKING:
    from checker.letters.document import Letter
    from checker.model import Rule

_SOURCE = {"inferred": "inferred", "defaulted": "default"}


class MetadataKind:
    name: ClassVar[str] = "metadata"

    def prepare(self, rule: Rule, pack: PackData) -> None:
        return None

    def run(self, rule: Rule, prepared: None, letter: Letter, ctx: Context) -> list[Hit]:
        meta = letter.metadata
        assert meta is not None
        wanted = _SOURCE[rule.check["outcome"]]
        line = letter.front_matter.first_line - 1 if letter.front_matter else letter.body_lines[0]
        start, end = letter.line_span(max(1, line))
        return [Hit(start, end, {"field": name, "value": meta.values[name],
                                 "reason": meta.reasons.get(name, "")})
                for name in METADATA_FIELDS if meta.sources.get(name) == wanted]
