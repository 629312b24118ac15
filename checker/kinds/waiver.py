"""`waiver`: problems with the waivers themselves (no reason, expired, unused, refused).

Rules of this kind describe what is wrong with a waiver, so that the message, basis and severity
live in the rule pack like every other finding. They look at no letter: `checker/suppress.py`
finds the problems while applying waivers and builds the findings from these rules. The kind
therefore has a `prepare` (the loader calls it for every rule) and no `run`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from checker.kinds.base import PackData
    from checker.model import Rule


class WaiverKind:
    name: ClassVar[str] = "waiver"

    def prepare(self, rule: Rule, pack: PackData) -> None:
        """Nothing to compile: `issue` is checked by the rule schema."""
        return None
