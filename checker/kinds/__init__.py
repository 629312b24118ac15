"""The closed set of check kinds, one module each, registered by name.

Letter kinds look at one letter; case kinds look at the history of one case file; the other kinds
describe problems found outside both engines (template rendering, waivers). The case and other
registries are built on first use (PEP 562): checking a letter never imports them, and the
`holidays` and time-zone machinery they pull in costs more than the check itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.kinds.base import Kind
from checker.kinds.consistency import Consistency
from checker.kinds.context import ContextKind
from checker.kinds.forbidden import Forbidden
from checker.kinds.metadata import MetadataKind
from checker.kinds.metric import Metric
from checker.kinds.required import Required
from checker.kinds.verbatim import Verbatim

if TYPE_CHECKING:
    from checker.kinds.case_base import CaseKind

    CASE_KINDS: dict[str, CaseKind]
    OTHER_KINDS: dict[str, Any]

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Required(), Forbidden(), Metric(), Consistency(), Verbatim(), ContextKind(),
                 MetadataKind())
}


def _case_kinds() -> dict[str, Any]:
    from checker.kinds.calendar import Calendar
    from checker.kinds.interval import Interval
    from checker.kinds.letter_link import LetterLink
    from checker.kinds.precondition import Precondition
    from checker.kinds.prescription import Prescription
    from checker.kinds.quiet import Quiet
    from checker.kinds.third_party import ThirdParty
    from checker.kinds.window import Window

    return {kind.name: kind for kind in (Window(), Interval(), Calendar(), ThirdParty(), Quiet(),
                                         Precondition(), Prescription(), LetterLink())}


def _other_kinds() -> dict[str, Any]:
    from checker.kinds.template import TemplateKind
    from checker.kinds.waiver import WaiverKind

    return {kind.name: kind for kind in (TemplateKind(), WaiverKind())}


_LAZY = {"CASE_KINDS": _case_kinds, "OTHER_KINDS": _other_kinds}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = _LAZY[name]()
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
