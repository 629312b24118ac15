"""Accountable suppressions: waivers that say why, expire, and are reported when they go stale.

A firm adopting Amiable on an existing template library will accept some findings knowingly.
Silencing them must leave a trace an auditor can follow: who accepted what, for what reason,
until when. So a waiver suppresses findings only if it gives a reason (`motif`), is not past its
`expire` date and names only rules that may be waived (`waivable: false` marks rules such as
collection fees charged to a consumer, a criminal offence, that no one may accept). A waiver that
fails one of these suppresses nothing and is itself a finding (SUP-SANS-MOTIF, SUP-EXPIRE,
SUP-REFUSE); one that no longer suppresses anything is a finding too (SUP-INUTILE), so waivers do
not outlive the text they excused. Every suppressed finding is counted, by rule, in the report.

Two forms:

* Inline, in a Markdown letter or a template, an HTML comment (invisible once rendered)::

    <!-- amiable: ignore TON-MAJUSCULES -- motif: titre imposé ; expire: 2026-12-31 -->

  Exact syntax: `<!--`, optional spaces, `amiable:` (case-insensitive), the directive `ignore`,
  one or more rule ids separated by commas and/or spaces, then optionally ` -- ` followed by
  fields `motif: <text>` and `expire: AAAA-MM-JJ` separated by `;` (any order, each at most
  once; `motif` may span lines and contain `;` unless followed by a `word:`), then `-->`. The
  comment may span several lines. Any comment that starts with `amiable:` and does not follow
  this syntax (unknown directive or field, malformed id, invalid date, missing `-->`) is an
  input error: a waiver is never silently misread. Comments inside fenced code blocks are text.

  Scope, exactly: the waiver covers the NEXT BLOCK, that is the lines of the first run of
  consecutive non-blank lines that starts after the line on which the comment ends, skipping
  blank lines and lines holding nothing but other `amiable:` comments (so waivers can be
  stacked). A finding is covered when its (start) line is in that run. Text on the comment's own
  lines is not covered. A finding reported at a place where a mention is missing is covered only
  if that place lies in the block; use the waivers file for those.

* A waivers file (YAML, `rules/schema/waivers.schema.json`), named by `waivers` in the
  configuration, for whole files::

    waivers:
      - path: "templates/relances/*.md"     # glob relative to the waivers file
        rules: [TON-MAJUSCULES]
        motif: "Titre en capitales imposé par la charte graphique"
        expire: 2026-12-31

A waiver naming a rule id that no loaded rule has is an input error at its line.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.config import suggestion
from checker.errors import InputError
from checker.globs import glob_match
from checker.model import FileReport, Finding, Rule
from checker.paths import display_path
from checker.rules.schemas import validation_errors
from checker.yamlsrc import load_one, read_text

if TYPE_CHECKING:
    from checker.rules.loader import RuleSet

ISSUES = ("no_reason", "expired", "refused", "unused")
"""The `issue` values of the `waiver` check kind, in the order their findings are listed."""

_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\Z")
_OPEN = re.compile(r"<!--(\s*amiable\s*:)", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_FIELD = re.compile(r"\s*([^\W\d_][\w-]*)\s*:", re.UNICODE)
_FIELD_SEPARATOR = re.compile(r";(?=\s*[^\W\d_][\w-]*\s*:)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Waiver:
    """One waiver, inline or from a waivers file, with where it is written.

    Positions are kept so that a problem with the waiver (unknown rule, missing reason) is
    reported at the waiver itself, not at the findings it was meant to hide.
    """

    rules: tuple[str, ...]
    motif: str | None
    """The reason, white space collapsed; None when missing or empty (the waiver is then void)."""
    expire: datetime.date | None
    """Last day the waiver is in force (inclusive); None: no end date."""
    source: str
    """The file the waiver is written in: the letter (inline) or the waivers file."""
    line: int
    column: int
    rule_positions: tuple[tuple[int, int], ...]
    """Line and column of each id of `rules`, in the file the waiver is written in."""
    excerpt: str = ""
    """The line the waiver starts on."""
    end_column: int = 0
    """Inline: the column just after the comment on its first line (for the finding's span)."""
    block: tuple[int, int] | None = None
    """Inline: first and last line of the block covered; None when no block follows."""
    pattern: str | None = None
    """Waivers file: the glob of the files covered, relative to `base`."""
    base: str | None = None
    """Waivers file: the directory of the waivers file."""

    @property
    def inline(self) -> bool:
        return self.pattern is None

    def applies_to(self, path: str) -> bool:
        """Whether the waiver concerns the report of the file at `path`."""
        if self.pattern is None:
            return os.path.normpath(self.source) == os.path.normpath(path)
        return glob_match(self.pattern, path, self.base or ".")

    def covers(self, finding: Finding) -> bool:
        """Whether a finding of a named rule in a file the waiver applies to is in its scope."""
        if finding.rule not in self.rules:
            return False
        if self.pattern is not None:
            return True
        return self.block is not None and self.block[0] <= finding.line <= self.block[1]

    @property
    def where(self) -> str:
        """How a message names the waiver: its line (inline) or its file and line."""
        return f"de la ligne {self.line}" if self.inline else f"de {self.source}:{self.line}"


# -- inline waivers ------------------------------------------------------------------------------

def _fenced(source: str, starts: list[int]) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks: a waiver shown as an example there is not a waiver."""
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(source)
        match = _FENCE.match(source, start, end)
        if match is None:
            continue
        fence = match.group(1)
        if opened is None:
            opened = (fence, start)
        elif fence[0] == opened[0][0] and len(fence) >= len(opened[0]):
            spans.append((opened[1], end))
            opened = None
    if opened is not None:
        spans.append((opened[1], len(source)))
    return spans


class _Source:
    """Offsets to lines and columns for one text, and its lines without their ends."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.lines = [line.rstrip("\r") for line in source.split("\n")]

    def where(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def error(self, offset: int, message: str) -> InputError:
        line, column = self.where(offset)
        return InputError(self.path, message, line, column)


def _parse_comment(text: _Source, body_start: int, body_end: int
                   ) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...], str | None,
                              datetime.date | None]:
    """Rule ids (with positions), motif and expiry of one `<!-- amiable: … -->` comment."""
    source = text.source
    directive = re.compile(r"\s*([^\s,;]*)").match(source, body_start, body_end)
    assert directive is not None
    if directive.group(1).casefold() != "ignore":
        found = directive.group(1) or "(rien)"
        raise text.error(directive.start(1), f"commentaire amiable invalide : directive "
                         f"« {found} » inconnue, « ignore » attendue (<!-- amiable: ignore "
                         "RÈGLE -- motif: … ; expire: AAAA-MM-JJ -->)")
    rest_start = directive.end()
    separator = source.find("--", rest_start, body_end)
    ids_end = separator if separator >= 0 else body_end
    rules: list[str] = []
    positions: list[tuple[int, int]] = []
    for token in re.compile(r"[^,\s]+").finditer(source, rest_start, ids_end):
        value = token.group()
        if not _ID.match(value):
            hint = (" ; séparez le motif des règles par « -- »" if value.endswith(":")
                    else " (forme attendue : TON-INSULTE)")
            raise text.error(token.start(), f"commentaire amiable invalide : « {value} » n'est "
                             f"pas un identifiant de règle{hint}")
        if value not in rules:
            rules.append(value)
            positions.append(text.where(token.start()))
    if not rules:
        raise text.error(rest_start, "commentaire amiable invalide : aucune règle nommée après "
                                     "« ignore »")
    motif: str | None = None
    expire: datetime.date | None = None
    if separator < 0:
        return tuple(rules), tuple(positions), motif, expire
    fields_start = separator + 2
    if not source[fields_start:body_end].strip():
        return tuple(rules), tuple(positions), motif, expire
    cuts = [fields_start] + [m.start() + 1 for m in
                             _FIELD_SEPARATOR.finditer(source, fields_start, body_end)]
    seen: set[str] = set()
    for index, cut in enumerate(cuts):
        end = cuts[index + 1] - 1 if index + 1 < len(cuts) else body_end
        field = _FIELD.match(source, cut, end)
        if field is None:
            raise text.error(cut, "commentaire amiable invalide : après « -- », des champs "
                                  "« motif: … » et « expire: AAAA-MM-JJ » séparés par « ; » "
                                  "sont attendus")
        key = field.group(1).casefold()
        if key not in ("motif", "expire"):
            raise text.error(field.start(1), f"commentaire amiable invalide : champ « "
                             f"{field.group(1)} » inconnu (champs permis : motif, expire ; un "
                             "« ; » suivi d'un mot et de « : » commence un nouveau champ)")
        if key in seen:
            raise text.error(field.start(1), f"commentaire amiable invalide : champ « {key} » "
                                             "en double")
        seen.add(key)
        value = source[field.end():end]
        if key == "motif":
            motif = " ".join(value.split()) or None
            continue
        stripped = value.strip()
        at = field.end() + (len(value) - len(value.lstrip()))
        try:
            if not _DATE.match(stripped):
                raise ValueError
            expire = datetime.date.fromisoformat(stripped)
        except ValueError:
            raise text.error(at, f"commentaire amiable invalide : date d'expiration « "
                                 f"{stripped} » invalide (AAAA-MM-JJ attendue)") from None
    return tuple(rules), tuple(positions), motif, expire


def parse_inline(source: str, path: str) -> list[Waiver]:
    """The inline waivers of a letter or template, each with the block it covers.

    Raise InputError at the comment for anything that starts like a waiver but is not one.
    """
    text = _Source(source, path)
    fences = _fenced(source, text.starts)
    comments: list[tuple[int, int, int]] = []
    for opening in _OPEN.finditer(source):
        if any(start <= opening.start() < end for start, end in fences):
            continue
        if comments and opening.start() < comments[-1][2]:
            continue
        close = source.find("-->", opening.end())
        if close < 0:
            raise text.error(opening.start(), "commentaire amiable non fermé : « --> » manquant")
        comments.append((opening.start(), opening.end(), close + 3))
    if not comments:
        return []
    spans = [(start, end) for start, _, end in comments]
    occupied = set()
    for start, end in spans:
        first, last = text.where(start)[0], text.where(end - 1)[0]
        for line in range(first, last + 1):
            line_start = text.starts[line - 1]
            line_text = source[line_start:line_start + len(text.lines[line - 1])]
            rest = list(line_text)
            for s, e in spans:
                for offset in range(max(s, line_start), min(e, line_start + len(line_text))):
                    rest[offset - line_start] = " "
            if not "".join(rest).strip():
                occupied.add(line)
    waivers: list[Waiver] = []
    count = len(text.lines)
    for start, body_start, end in comments:
        close_start = end - 3
        rules, positions, motif, expire = _parse_comment(text, body_start, close_start)
        line, column = text.where(start)
        end_line = text.where(end - 1)[0]
        excerpt = text.lines[line - 1]
        end_column = text.where(end)[1] if end_line == line else len(excerpt) + 1
        first = end_line + 1
        while first <= count and (not text.lines[first - 1].strip() or first in occupied):
            first += 1
        block: tuple[int, int] | None = None
        if first <= count:
            last = first
            while last < count and text.lines[last].strip():
                last += 1
            block = (first, last)
        waivers.append(Waiver(rules, motif, expire, path, line, column, positions,
                              excerpt=excerpt, end_column=end_column, block=block))
    return waivers


# -- the waivers file ----------------------------------------------------------------------------



def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _quick_valid(data: object) -> bool:
    """True when a waivers file certainly satisfies waivers.schema.json, checked without
    jsonschema (about 100 ms to import, on every run that has a waivers file); False means
    "not proven", and the schema then words the error."""
    if not isinstance(data, dict) or set(data) != {"waivers"}:
        return False
    items = data["waivers"]
    if not isinstance(items, list):
        return False
    for item in items:
        if not isinstance(item, dict) or not {"path", "rules"} <= set(item) \
                or not set(item) <= {"path", "rules", "motif", "expire"}:
            return False
        path, rules = item["path"], item["rules"]
        if not isinstance(path, str) or not path or not isinstance(rules, list) or not rules:
            return False
        if not all(isinstance(r, str) and _ID.match(r) for r in rules) \
                or len(set(rules)) != len(rules):
            return False
        if not isinstance(item.get("motif", ""), (str, type(None))):
            return False
        if "expire" in item and not _valid_date(item["expire"]):
            return False
    return True


def load_waivers(path: str) -> list[Waiver]:
    """The waivers of a waivers file, validated against waivers.schema.json (located errors)."""
    shown = display_path(path)
    if not os.path.isfile(path):
        raise InputError(shown, "fichier de dérogations introuvable")
    text = read_text(path)
    doc = load_one(text, shown)
    if not _quick_valid(doc.value):
        errors = validation_errors("waivers", doc)
        if errors:
            raise errors[0]
    lines = text.split("\n")
    base = os.path.dirname(os.path.abspath(path))
    waivers = []
    for index, item in enumerate(doc.value["waivers"]):
        line, column = doc.where(("waivers", index))
        motif = item.get("motif")
        expire = item.get("expire")
        waivers.append(Waiver(
            rules=tuple(item["rules"]),
            motif=" ".join(str(motif).split()) or None if motif is not None else None,
            expire=datetime.date.fromisoformat(expire) if expire else None,
            source=shown, line=line, column=column,
            rule_positions=tuple(doc.where(("waivers", index, "rules", j))
                                 for j in range(len(item["rules"]))),
            excerpt=lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else "",
            pattern=item["path"], base=base,
        ))
    return waivers


# -- applying waivers ----------------------------------------------------------------------------

def check_waiver_rules(waivers: Iterable[Waiver], ruleset: RuleSet) -> None:
    """Every rule a waiver names must exist: a typo would otherwise waive nothing, silently
    (it would only show up later as SUP-INUTILE, pointing at the wrong problem)."""
    known = {rule.id for rule in ruleset.rules}
    for waiver in waivers:
        for rule_id, (line, column) in zip(waiver.rules, waiver.rule_positions, strict=True):
            if rule_id not in known:
                raise InputError(waiver.source, f"dérogation pour une règle inconnue « {rule_id} »"
                                 + suggestion(rule_id, known), line, column)


def _issue_rules(ruleset: RuleSet, issue: str, today: datetime.date) -> list[Rule]:
    return [rule for rule in ruleset.rules
            if rule.kind == "waiver" and rule.check.get("issue") == issue and rule.in_force(today)]


def _problems(waiver: Waiver, rules: dict[str, Rule], today: datetime.date
              ) -> list[tuple[str, dict[str, str]]]:
    """Why a waiver is void, as (issue, placeholder values); empty when it is valid."""
    problems: list[tuple[str, dict[str, str]]] = []
    if waiver.motif is None:
        problems.append(("no_reason", {}))
    if waiver.expire is not None and waiver.expire < today:
        problems.append(("expired", {}))
    refused = [r for r in waiver.rules if r in rules and not rules[r].waivable]
    if refused:
        problems.append(("refused", {"value": ", ".join(refused)}))
    return problems


def _findings(waiver: Waiver, issue: str, values: dict[str, str], ruleset: RuleSet,
              today: datetime.date) -> list[Finding]:
    """The findings of the `waiver` rules for one issue, at the waiver (inline) or at the top
    of the letter (waivers file: the message names the file and line)."""
    from checker.engine import render

    placeholders = {
        "rules": ", ".join(waiver.rules),
        "value": ", ".join(waiver.rules),
        "where": waiver.where,
        "expire": waiver.expire.isoformat() if waiver.expire else "",
        "motif": waiver.motif or "",
        **values,
    }
    if waiver.inline:
        line, column, end_column, excerpt = (waiver.line, waiver.column,
                                             max(waiver.end_column, waiver.column + 1),
                                             waiver.excerpt)
    else:
        line, column, end_column, excerpt = 1, 1, 1, ""
    return [Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                    message=render(rule.message, placeholders), line=line, column=column,
                    end_line=line, end_column=end_column, excerpt=excerpt, basis=rule.basis,
                    fix=render(rule.fix, placeholders))
            for rule in _issue_rules(ruleset, issue, today)]


class WaiverUsage:
    """What waivers-file waivers did over every report of a run.

    Mutable on purpose: it accumulates across reports. A glob waiver usually covers many files
    and suppresses findings in some of them only; it is stale (SUP-INUTILE) only if it
    suppressed nothing in any of them, which no single report can tell. Give one WaiverUsage to
    `apply_waivers` for every report of a run, then call `finish` once.
    """

    def __init__(self) -> None:
        self._first: dict[Waiver, str] = {}
        self._used: dict[Waiver, set[str]] = {}
        self._shown: set[Waiver] = set()

    def covered(self, waiver: Waiver, path: str) -> None:
        """`waiver` covers the report of `path` (the first one is where late findings go)."""
        self._first.setdefault(waiver, path)
        self._used.setdefault(waiver, set())

    def used(self, waiver: Waiver, rules: Iterable[str]) -> None:
        """`waiver` suppressed findings of `rules` in one report."""
        self._used.setdefault(waiver, set()).update(rules)

    def shown(self, waiver: Waiver) -> None:
        """The problem of void `waiver` was reported in at least one report."""
        self._shown.add(waiver)

    def finish(self, reports: Sequence[FileReport], ruleset: RuleSet,
               today: datetime.date) -> list[FileReport]:
        """The reports with the deferred findings added, each to the first report its waiver
        covered: SUP-INUTILE for rules a valid waiver never suppressed, and the problem of a
        void waiver that no report showed (it covered files where its rules did not fire).

        A waiver whose glob covered none of the files checked in this run is not judged: the run
        may cover part of the tree only (pre-commit passes the changed files).
        """
        rules = {rule.id: rule for rule in ruleset.rules}
        late: dict[str, list[Finding]] = {}
        for waiver, path in self._first.items():
            problems = _problems(waiver, rules, today)
            if problems:
                if waiver not in self._shown:
                    for issue, values in problems:
                        late.setdefault(path, []).extend(
                            _findings(waiver, issue, values, ruleset, today))
                continue
            unused = [r for r in waiver.rules if r not in self._used[waiver]]
            if unused:
                late.setdefault(path, []).extend(
                    _findings(waiver, "unused", {"value": ", ".join(unused)}, ruleset, today))
        result = []
        for report in reports:
            extra = late.pop(report.path, [])
            result.append(_with(report, report.findings, extra, report.suppressed))
        return result


def _with(report: FileReport, kept: Iterable[Finding], extra: list[Finding],
          suppressed: dict[str, int]) -> FileReport:
    if not extra and suppressed == report.suppressed and tuple(kept) == report.findings:
        return report
    findings = sorted([*kept, *extra], key=lambda f: (f.line, f.column))
    return dataclasses.replace(report, findings=tuple(findings), suppressed=suppressed)


def apply_waivers(report: FileReport, waivers: Sequence[Waiver], ruleset: RuleSet,
                  today: datetime.date, usage: WaiverUsage | None = None) -> FileReport:
    """The report with the findings of valid waivers removed and counted in `suppressed`, and
    a finding for each void or stale waiver that concerns it.

    Inline waivers apply to the report of the file they were parsed from; waivers-file waivers
    to every report whose path their glob matches. A finding covered by several valid waivers
    is suppressed (and counted) once, and each of them counts as used.

    Without `usage`, a waivers-file waiver is judged on this report alone, like an inline one.
    With it, a void one is reported in each report where its rules fired (the findings it failed
    to hide), and staleness is left to `usage.finish`.
    """
    check_waiver_rules(waivers, ruleset)
    concerned = [w for w in waivers if w.applies_to(report.path)]
    if not concerned:
        return report
    rules = {rule.id: rule for rule in ruleset.rules}
    hidden: set[int] = set()
    extra: list[Finding] = []
    for waiver in concerned:
        deferred = usage if usage is not None and not waiver.inline else None
        if deferred is not None:
            deferred.covered(waiver, report.path)
        matched = [i for i, f in enumerate(report.findings) if waiver.covers(f)]
        problems = _problems(waiver, rules, today)
        if problems:
            if deferred is None or matched:
                for issue, values in problems:
                    extra.extend(_findings(waiver, issue, values, ruleset, today))
                if deferred is not None:
                    deferred.shown(waiver)
            continue
        hidden.update(matched)
        used = {report.findings[i].rule for i in matched}
        if deferred is not None:
            deferred.used(waiver, used)
            continue
        unused = [r for r in waiver.rules if r not in used]
        if unused:
            extra.extend(_findings(waiver, "unused", {"value": ", ".join(unused)}, ruleset,
                                   today))
    counts = Counter(report.suppressed)
    counts.update(report.findings[i].rule for i in hidden)
    kept = [f for i, f in enumerate(report.findings) if i not in hidden]
    extra.sort(key=lambda f: (f.line, f.column, _SEVERITY_ORDER[f.severity], f.rule))
    return _with(report, kept, extra, dict(sorted(counts.items())))


# -- rule examples -------------------------------------------------------------------------------

def waiver_example_fires(rule: Rule, example_text: str, ruleset: RuleSet,
                         today: datetime.date, metadata: dict[str, str] | None = None) -> bool:
    """Whether a rule of kind `waiver` fires on an example, for `amiable rules test`.

    The example is a Markdown letter with inline waivers: it is checked with the letter rules,
    its waivers are applied as of `today`, and the rule fires if a finding of it results. Use
    far past or far future `expire` dates so that the example does not age.
    """
    from checker.engine import check_letter, parse_letter

    name = "exemple.md"
    waivers = parse_inline(example_text, name)
    report = check_letter(parse_letter(name, example_text), ruleset, dict(metadata or {}), today)
    result = apply_waivers(report, waivers, ruleset, today)
    return any(f.rule == rule.id for f in result.findings)
