"""A finding's stable identity, so that a baseline and code scanning follow it across edits.

Line numbers change whenever text is added above a finding, so they are left out. What stays is
the rule, the file, the words the finding is about (the span of the excerpt, or the whole line
for a finding about a missing mention), folded like the checks fold text, and the rank of the
finding among those of the same rule with the same words in the file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from checker.letters.normalize import normalize_phrase
from checker.model import Finding


def _words(finding: Finding) -> str:
    if finding.end_line == finding.line and finding.end_column > finding.column:
        span = finding.excerpt[finding.column - 1:finding.end_column - 1]
    else:
        span = finding.excerpt
    return " ".join(normalize_phrase(span).split())


def fingerprints(path: str, findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, in order: sha256 of rule, path, words and rank."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        key = (finding.rule, finding.fixture or "", _words(finding))
        rank = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((path.replace("\\", "/"), *key, str(rank))).encode())
        result.append(digest.hexdigest()[:32])
    return result
