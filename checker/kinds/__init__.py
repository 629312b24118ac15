"""The closed set of check kinds, one module each, registered by name.

Letter kinds look at one letter; case kinds look at the history of one case file.
"""

from __future__ import annotations

from typing import Any

from checker.kinds.base import Kind
from checker.kinds.calendar import Calendar
from checker.kinds.case_base import CaseKind
from checker.kinds.consistency import Consistency
from checker.kinds.context import ContextKind
from checker.kinds.forbidden import Forbidden
from checker.kinds.interval import Interval
from checker.kinds.letter_link import LetterLink
from checker.kinds.metadata import MetadataKind
from checker.kinds.metric import Metric
from checker.kinds.precondition import Precondition
from checker.kinds.prescription import Prescription
from checker.kinds.quiet import Quiet
from checker.kinds.required import Required
from checker.kinds.template import TemplateKind
from checker.kinds.third_party import ThirdParty
from checker.kinds.verbatim import Verbatim
from checker.kinds.waiver import WaiverKind
from checker.kinds.window import Window

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Required(), Forbidden(), Metric(), Consistency(), Verbatim(), ContextKind(),
                 MetadataKind())
}

OTHER_KINDS: dict[str, Any] = {kind.name: kind for kind in (TemplateKind(), WaiverKind())}
"""Kinds whose findings are made outside the letter and case engines: template problems found
while rendering (checker/templates), waiver problems found while applying them (suppress.py)."""

CASE_KINDS: dict[str, CaseKind] = {
    kind.name: kind
    for kind in (Window(), Interval(), Calendar(), ThirdParty(), Quiet(), Precondition(),
                 Prescription(), LetterLink())
}
