"""The closed set of check kinds, one module each, registered by name."""

from __future__ import annotations

from checker.kinds.base import Kind
from checker.kinds.consistency import Consistency
from checker.kinds.context import ContextKind
from checker.kinds.forbidden import Forbidden
from checker.kinds.metadata import MetadataKind
from checker.kinds.metric import Metric
from checker.kinds.required import Required
from checker.kinds.verbatim import Verbatim

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Required(), Forbidden(), Metric(), Consistency(), Verbatim(), ContextKind(),
                 MetadataKind())
}
