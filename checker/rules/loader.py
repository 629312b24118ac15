"""Load a rule pack (and house-rule directories) into a validated, compiled RuleSet.

Every file is validated against its JSON Schema with positions taken from the YAML nodes; every
regex is compiled and screened for catastrophic backtracking; every reference to a parameter,
legal text or lexicon is resolved. All problems are collected and reported together, so that a
rule author fixes a file in one pass.
"""

from __future__ import annotations

import datetime
import pickle
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import kinds
from checker.errors import InputError
from checker.kinds import KINDS
from checker.kinds.base import PackData, PrepareError
from checker.kinds.prefilter import LiteralIndex, Prefiltered, collect, prefiltered
from checker.letters.layout import Inference, Layout
from checker.model import Basis, Example, Rule
from checker.rules import cache
from checker.rules.data import DatedValue, LegalText, Lexicon, Parameter, basis_from
from checker.rules.pack import pack_dir
from checker.rules.regex_safety import check_pattern
from checker.rules.schemas import validation_errors
from checker.yamlsrc import Located, load_all, load_one, read_text

DATA_FOLDERS = ("params", "texts", "lexicons")
NOT_RULES = ("schema", "templates")
"""Folders of the pack that hold neither rules nor their data: schemas, the template placeholder
mapping (read by checker/templates)."""


class LoadErrors(Exception):
    """Every problem found while loading rules, in file order."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} erreur(s) dans les règles")
        self.errors = errors


class _Deferred:
    """A value kept pickled until first use.

    The prepared data of case, template and waiver rules are instances of their kinds' classes;
    unpickling them imports those kinds (and the holiday and time-zone libraries behind them),
    which a letter check never needs. Kept as bytes in the cache, they cost nothing until asked.
    """

    def __init__(self, value: dict[str, Any] | None = None, blob: bytes | None = None) -> None:
        self._value = value
        self._blob = blob

    def get(self) -> dict[str, Any]:
        if self._value is None:
            self._value = pickle.loads(self._blob or pickle.dumps({}))
            self._blob = None
        return self._value

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self._blob if self._value is None else pickle.dumps(
            self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return (_Deferred, (None, blob))


class PreparedData(Mapping[str, Any]):
    """Prepared check data by rule id: letter rules' at hand, the others deferred."""

    def __init__(self, eager: dict[str, Any], deferred: _Deferred) -> None:
        self._eager = eager
        self._deferred = deferred

    def __getitem__(self, rule_id: str) -> Any:
        if rule_id in self._eager:
            return self._eager[rule_id]
        return self._deferred.get()[rule_id]

    def __iter__(self) -> Iterator[str]:
        yield from self._eager
        yield from self._deferred.get()

    def __len__(self) -> int:
        return len(self._eager) + len(self._deferred.get())


_SELECTED_MAX = 4096
LetterCheck = tuple[Rule, Callable[..., list[Any]], Any]
"""A letter rule, its kind's `run` and its prepared data."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    prepared: PreparedData
    data: PackData
    layout: Layout
    literals: LiteralIndex
    by_target: tuple[tuple[Rule, ...], tuple[Rule, ...]]
    """Letter rules, then case rules (by the target of their check kind)."""
    _selected: dict[tuple[Any, ...], tuple[LetterCheck, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    """Letter checks in force and applicable, by letter date and metadata (letter_checks_for)."""

    def letter_checks_for(self, day: datetime.date,
                          values: dict[str, str]) -> tuple[LetterCheck, ...]:
        """The letter rules in force on `day` whose `applies` conditions `values` meet, each with
        its kind's `run` and its prepared data.

        A batch of letters has few distinct dates and kinds, so the answer is kept (a bounded
        table) rather than recomputed for every letter.
        """
        key = (day, *sorted(values.items()))
        selected = self._selected.get(key)
        if selected is None:
            selected = tuple(
                (rule, KINDS[rule.kind].run, self.prepared[rule.id])
                for rule in self.letter_rules if rule.in_force(day)
                and all(values.get(name) in allowed for name, allowed in rule.applies.items()))
            if len(self._selected) >= _SELECTED_MAX:
                self._selected.clear()
            self._selected[key] = selected
        return selected

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def letter_rules(self) -> tuple[Rule, ...]:
        return self.by_target[0]

    @property
    def case_rules(self) -> tuple[Rule, ...]:
        return self.by_target[1]


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Loader:
    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.params: dict[str, Parameter] = {}
        self.texts: dict[str, LegalText] = {}
        self.lexicons: dict[str, Lexicon] = {}
        self.rules: list[Rule] = []
        self.rule_docs: dict[str, tuple[Located, tuple[int, ...]]] = {}
        self.seen: dict[str, tuple[str, str, int]] = {}

    # -- files ------------------------------------------------------------------------

    def _read(self, path: Path) -> list[Located]:
        try:
            return load_all(read_text(str(path)), _display(path))
        except InputError as exc:
            self.errors.append(exc)
            return []

    def _claim(self, space: str, ident: str, doc: Located, at: tuple[str | int, ...]) -> bool:
        key = f"{space}:{ident}"
        line = doc.where(at)[0]
        if key in self.seen:
            other_path, _, other_line = self.seen[key]
            self.errors.append(doc.error(at, f"identifiant « {ident} » déjà défini dans "
                                              f"{other_path}:{other_line}"))
            return False
        self.seen[key] = (doc.path, space, line)
        return True

    def load_tree(self, root: Path, origin: str) -> None:
        files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        for path in files:
            relative = path.relative_to(root).parts
            if relative[0] in NOT_RULES or (origin == "pack" and relative == ("layout.yaml",)):
                continue
            folder = relative[0] if len(relative) > 1 else ""
            for doc in self._read(path):
                if folder == "params":
                    self._parameter(doc)
                elif folder == "texts":
                    self._legal_text(doc)
                elif folder == "lexicons":
                    self._lexicon(doc)
                else:
                    self._rules(doc, origin, root)

    # -- data ---------------------------------------------------------------------------

    def _valid(self, schema: str, doc: Located, at: tuple[str | int, ...] = (),
               value: Any = None) -> bool:
        errors = validation_errors(schema, doc, at, value)
        self.errors.extend(errors)
        return not errors

    @staticmethod
    def _dated(items: list[dict[str, Any]], key: str) -> tuple[DatedValue, ...]:
        values = [DatedValue(datetime.date.fromisoformat(i["from"]), i[key], basis_from(i["basis"]))
                  for i in items]
        return tuple(sorted(values, key=lambda v: v.start))

    def _parameter(self, doc: Located) -> None:
        if self._valid("parameter", doc) and self._claim("param", doc.value["id"], doc, ("id",)):
            v = doc.value
            self.params[v["id"]] = Parameter(v["id"], v["title"], v["unit"],
                                             self._dated(v["values"], "value"))

    def _legal_text(self, doc: Located) -> None:
        if self._valid("legal-text", doc) and self._claim("text", doc.value["id"], doc, ("id",)):
            v = doc.value
            self.texts[v["id"]] = LegalText(v["id"], v["title"], self._dated(v["versions"], "text"))

    def _lexicon(self, doc: Located) -> None:
        if self._valid("lexicon", doc) and self._claim("lexicon", doc.value["id"], doc, ("id",)):
            v = doc.value
            self.lexicons[v["id"]] = Lexicon(v["id"], v["title"], tuple(v["terms"]))

    # -- rules --------------------------------------------------------------------------

    def _rules(self, doc: Located, origin: str, root: Path) -> None:
        items = doc.value if isinstance(doc.value, list) else [doc.value]
        for index, item in enumerate(items):
            at: tuple[int, ...] = (index,) if isinstance(doc.value, list) else ()
            if not isinstance(item, dict):
                self.errors.append(doc.error(at, "une règle (mapping) est attendue"))
                continue
            if not self._valid("rule", doc, at, item):
                continue
            if not self._claim("rule", item["id"], doc, at + ("id",)):
                continue
            self.rules.append(_build_rule(item, doc, at, origin, root))
            self.rule_docs[item["id"]] = (doc, at)

    def prepare(self) -> tuple[dict[str, Any], PackData]:
        data = PackData(self.params, self.texts, self.lexicons)
        prepared: dict[str, Any] = {}
        for rule in self.rules:
            doc, at = self.rule_docs[rule.id]
            try:
                kind: Any = KINDS.get(rule.kind) or kinds.CASE_KINDS.get(rule.kind)
                prepared[rule.id] = (kind or kinds.OTHER_KINDS[rule.kind]).prepare(rule, data)
            except PrepareError as exc:
                self.errors.append(doc.error(at + ("check",) + exc.at, exc.message))
        return prepared, data


def _build_rule(item: dict[str, Any], doc: Located, at: tuple[int, ...], origin: str,
                root: Path) -> Rule:
    basis = tuple(basis_from(b) for b in item["basis"])
    if origin == "house" and not any(b.kind == "politique_interne" for b in basis):
        basis = (Basis("politique_interne", f"Règle maison ({_display(root)})"),) + basis
    defaults = item["examples"].get("metadata", {})

    def examples(key: str) -> tuple[Example, ...]:
        result = []
        for ex in item["examples"][key]:
            if isinstance(ex, str):
                result.append(Example(ex, dict(defaults)))
            else:
                result.append(Example(ex["text"], {**defaults, **ex.get("metadata", {})},
                                      dict(ex.get("files", {}))))
        return tuple(result)

    effective = item["effective"]
    return Rule(
        id=item["id"], title=item["title"], category=item["category"],
        severity=item["severity"], basis=basis,
        applies={k: tuple(v) for k, v in item.get("applies", {}).items()},
        effective_from=datetime.date.fromisoformat(effective["from"]),
        effective_to=datetime.date.fromisoformat(effective["to"]) if "to" in effective else None,
        check=dict(item["check"]), message=item["message"], fix=item["fix"],
        pass_examples=examples("pass"), fail_examples=examples("fail"),
        source=doc.path, line=doc.where(at)[0], origin="house" if origin == "house" else "pack",
        waivable=bool(item.get("waivable", True)),
    )


def _layout(errors: list[InputError]) -> Layout | None:
    path = pack_dir() / "layout.yaml"
    try:
        doc = load_one(read_text(str(path)), _display(path))
    except InputError as exc:
        errors.append(exc)
        return None
    schema_errors = validation_errors("layout", doc)
    if schema_errors:
        errors.extend(schema_errors)
        return None

    def compiled(patterns: list[str], at: tuple[str | int, ...]) -> tuple[Prefiltered, ...]:
        result = []
        for i, pattern in enumerate(patterns):
            problem = check_pattern(pattern)
            if problem:
                errors.append(doc.error(at + (i,), problem))
            else:
                result.append(prefiltered(pattern, re.MULTILINE))
        return tuple(result)

    v = doc.value
    inference = {
        name: tuple(Inference(item["value"],
                              compiled(item["patterns"], ("inference", name, n, "patterns")),
                              item["reason"]) for n, item in enumerate(items))
        for name, items in v["inference"].items()
    }
    defaults = {name: (d.get("value"), d["reason"]) for name, d in v["defaults"].items()}
    return Layout(compiled(v["greeting"], ("greeting",)), compiled(v["closing"], ("closing",)),
                  compiled(v["subject"], ("subject",)), inference, defaults)


def load_rules(house_dirs: list[str] | tuple[str, ...] = (), use_cache: bool = True) -> RuleSet:
    """The shipped pack plus house-rule directories; raise LoadErrors listing every problem.

    A rule set already validated with exactly the same files comes from the cache (cache.py).
    """
    roots = [pack_dir()] + [Path(d) for d in house_dirs if Path(d).is_dir()]
    key = cache.fingerprint(roots) + str(len(house_dirs)) if use_cache else ""
    if use_cache:
        cached = cache.load(key)
        if isinstance(cached, RuleSet):
            return cached
    ruleset = _load_fresh(house_dirs)
    if use_cache:
        cache.store(key, ruleset)
    return ruleset


def _load_fresh(house_dirs: list[str] | tuple[str, ...]) -> RuleSet:
    loader = _Loader()
    layout = _layout(loader.errors)
    loader.load_tree(pack_dir(), "pack")
    for directory in house_dirs:
        root = Path(directory)
        if not root.is_dir():
            loader.errors.append(InputError(directory, "dossier de règles introuvable"))
            continue
        loader.load_tree(root.resolve(), "house")
    prepared, data = loader.prepare()
    if loader.errors or layout is None:
        raise LoadErrors(loader.errors)
    rules = tuple(sorted(loader.rules, key=lambda r: r.id))
    by_target = (tuple(r for r in rules if r.kind in KINDS),
                 tuple(r for r in rules if r.kind in kinds.CASE_KINDS))
    literals = LiteralIndex(list(collect(prepared)) + list(collect(
        [layout.greeting, layout.closing, layout.subject,
         [i.patterns for inferences in layout.inference.values() for i in inferences]])))
    eager = {r.id: prepared[r.id] for r in by_target[0]}
    deferred = _Deferred({rule_id: value for rule_id, value in prepared.items()
                          if rule_id not in eager})
    return RuleSet(rules, PreparedData(eager, deferred), data, layout, literals, by_target)
