"""The project configuration: `amiable.toml`, or `[tool.amiable]` in `pyproject.toml`.

A firm keeps its letter templates in a repository; the configuration that says which rules apply
to them, with which severity and which default metadata, belongs in the same repository, next to
them, the way ruff and mypy are configured. It is found by walking up from the first checked path
(the nearest file wins; in one directory `amiable.toml` comes before `pyproject.toml`, and a
`pyproject.toml` without `[tool.amiable]` is passed over), or named with `--config`.

Nothing in it is ignored silently: an unknown key, a value of the wrong type, a rule id that no
loaded rule has, is an input error at the line of the key (TOML parsers do not keep positions, so
the text is scanned for them). Rule ids are checked only once the rule set is loaded
(`Config.check_rules`), because the configuration itself adds house-rule directories.

Rules marked `waivable: false` (collection fees charged to a consumer: a criminal offence) cannot
be waived through the configuration either: naming one in `ignore`, or lowering its severity, is
an input error, and selecting by category never drops it.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from checker.atomic import write_atomically
from checker.errors import InputError
from checker.globs import glob_regex, relative_posix
from checker.model import SEVERITIES, FileReport, Severity
from checker.rules.schemas import best_message, quick_valid, schema_path
from checker.tomlsrc import KeyPath, parse_toml
from checker.yamlsrc import Located

if TYPE_CHECKING:
    from checker.rules.loader import RuleSet

CONFIG_FILE = "amiable.toml"
PYPROJECT = "pyproject.toml"
_PYPROJECT_TABLE = ("tool", "amiable")



# -- the configuration ---------------------------------------------------------------------------

def _display(path: str) -> str:
    """A path as users wrote it: relative to the working directory when it lies below it."""
    relative = relative_posix(path, os.getcwd())
    return relative if relative is not None else path


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path("config").read_text(encoding="utf-8"))
    return schema


@cache
def _categories() -> tuple[str, ...]:
    """Rule categories, from the rule schema (the one place they are defined)."""
    rule_schema = json.loads(schema_path("rule").read_text(encoding="utf-8"))
    return tuple(rule_schema["properties"]["category"]["enum"])


def _quick_valid(data: Mapping[str, Any]) -> bool:
    """True when `data` certainly satisfies config.schema.json, checked without jsonschema.

    Importing jsonschema costs about 100 ms, more than checking a letter; a valid configuration
    is read on every run, so the full validator runs only to word an error (False = not proven).
    """
    properties = _schema()["properties"]
    for key, value in data.items():
        spec = properties.get(key)
        if spec is None:
            return False
        if "enum" in spec:
            if value not in spec["enum"]:
                return False
        elif key in ("select", "ignore", "rules"):
            if not isinstance(value, list) or len(set(map(str, value))) != len(value):
                return False
            if not all(isinstance(v, str) and v for v in value):
                return False
            if key == "select" and not value:
                return False
        elif key == "severity":
            if not isinstance(value, dict) or any(v not in SEVERITIES for v in value.values()):
                return False
        elif key == "metadata":
            if not isinstance(value, dict):
                return False
            for glob, values in value.items():
                if not glob or not isinstance(values, dict) or not values:
                    return False
                if not quick_valid("letter-metadata", values):
                    return False
        elif key == "waivers":
            if not isinstance(value, str) or not value:
                return False
        else:  # pragma: no cover - a key added to the schema but not here
            return False
    return True


def _plain(value: Any) -> Any:
    """TOML values as JSON-like ones: dates become ISO strings, as in front matter."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def suggestion(word: str, choices: Iterable[str]) -> str:
    """« ; vouliez-vous dire X ? » for the choices close to a mistyped word, or nothing."""
    import difflib

    pool = sorted(set(choices))
    by_fold = {c.casefold(): c for c in pool}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=3, cutoff=0.7)
    close = close or difflib.get_close_matches(word.replace("_", "-").casefold(), list(by_fold),
                                               n=3, cutoff=0.7)
    if not close:
        return ""
    return " ; vouliez-vous dire " + " ou ".join(by_fold[c] for c in close) + " ?"


@dataclass(frozen=True)
class Config:
    """What a project configures, with paths resolved against the configuration file.

    `select` None means every rule. `metadata` keeps the order of the file: the first glob that
    matches a letter gives its default metadata. `severity`, `metadata` and `positions` are plain
    mappings that no one mutates: a Config is built once per run and shared.
    """

    path: str | None = None
    """The configuration file (absolute), None when there is none."""
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    """House-rule directories (absolute)."""
    metadata: tuple[tuple[str, Mapping[str, str]], ...] = ()
    """(glob relative to the configuration's directory, default metadata), in file order."""
    waivers: str | None = None
    """The waivers file (absolute)."""
    fail_on: str | None = None
    format: str | None = None
    positions: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict, repr=False,
                                                         compare=False)
    """Line and column of each key and item, to report a bad rule id where it is written."""

    @property
    def directory(self) -> str:
        """Where relative paths and globs of the configuration start."""
        return os.path.dirname(self.path) if self.path else os.getcwd()

    def _error(self, at: KeyPath, message: str) -> InputError:
        line, column = Located(None, "", dict(self.positions)).where(at)
        return InputError(_display(self.path or CONFIG_FILE), message, line, column)

    # -- rule ids ------------------------------------------------------------------------

    def check_rules(self, ruleset: RuleSet) -> None:
        """Every rule id the configuration names must be a loaded rule (house rules included).

        Raise the first problem in file order: an unknown id or category (with the close ones),
        a category where only an id makes sense, or a non-waivable rule ignored or downgraded.
        """
        rules = {rule.id: rule for rule in ruleset.rules}
        categories = set(_categories()) | {rule.category for rule in ruleset.rules}
        problems: list[tuple[tuple[int, int], InputError]] = []

        def report(at: KeyPath, message: str) -> None:
            error = self._error(at, message)
            problems.append(((error.line, error.column), error))

        for key, values in (("select", self.select or ()), ("ignore", self.ignore)):
            for index, value in enumerate(values):
                if value in categories:
                    continue
                rule = rules.get(value)
                if rule is None:
                    report((key, index), f"règle ou catégorie inconnue « {value} » dans {key}"
                           + suggestion(value, [*rules, *categories]))
                elif key == "ignore" and not rule.waivable:
                    report((key, index), f"la règle {value} ne peut pas être écartée : elle est "
                           "marquée « waivable: false » (" + rule.title + ")")
        for rule_id, level in self.severity.items():
            rule = rules.get(rule_id)
            if rule is None:
                hint = (" : la gravité se règle par identifiant de règle, pas par catégorie"
                        if rule_id in categories else suggestion(rule_id, rules))
                report(("severity", rule_id), f"règle inconnue « {rule_id} » dans severity"
                       + hint)
            elif not rule.waivable and SEVERITIES.index(level) > SEVERITIES.index(rule.severity):
                report(("severity", rule_id), f"la gravité de {rule_id} ne peut pas être abaissée "
                       f"à {level} : la règle est marquée « waivable: false » ({rule.title})")
        if problems:
            raise min(problems, key=lambda p: p[0])[1]

    # -- applying it ---------------------------------------------------------------------

    def selects(self, rule_id: str, category: str, waivable: bool = True) -> bool:
        """Whether findings of a rule are reported.

        An id is more specific than a category and wins over it; between an id in both lists,
        or a category in both, `ignore` wins. A rule that cannot be waived is always reported.
        """
        if not waivable:
            return True
        if rule_id in self.ignore:
            return False
        if self.select is not None and rule_id in self.select:
            return True
        if category in self.ignore:
            return False
        return self.select is None or category in self.select

    def apply(self, report: FileReport, ruleset: RuleSet) -> FileReport:
        """The report with findings of unselected or ignored rules dropped and severities
        overridden. Idempotent, so it may safely run again after later steps add findings."""
        if self.select is None and not self.ignore and not self.severity:
            return report
        waivable = {rule.id: rule.waivable for rule in ruleset.rules}
        kept = []
        for finding in report.findings:
            if not self.selects(finding.rule, finding.category, waivable.get(finding.rule, True)):
                continue
            level = self.severity.get(finding.rule)
            if level is not None and level != finding.severity:
                finding = dataclasses.replace(finding, severity=level)
            kept.append(finding)
        if len(kept) == len(report.findings) and not self.severity:
            return report
        return dataclasses.replace(report, findings=tuple(kept))

    def metadata_for(self, path: str) -> dict[str, str]:
        """Default metadata of the letter at `path`: that of the first glob matching its path
        relative to the configuration's directory; empty when none does."""
        if self.path is None or not self.metadata:
            return {}
        relative = relative_posix(path, self.directory)
        if relative is None:
            return {}
        for pattern, values in self.metadata:
            if glob_regex(pattern).match(relative):
                return dict(values)
        return {}


# -- reading it ----------------------------------------------------------------------------------

def _declares_amiable(path: Path) -> bool:
    """Whether a pyproject.toml may hold [tool.amiable]: a cheap look before parsing, so that
    an unrelated pyproject.toml higher up is never parsed (nor blamed for its syntax)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*(?:\[\s*)?tool\s*\.\s*amiable\b|^\s*amiable\s*[.=]", text,
                     re.MULTILINE) is not None


def _validate(data: dict[str, Any], located: Located) -> None:
    if _quick_valid(data):
        return
    from checker.rules.schemas import validator

    errors: list[InputError] = []
    for error in validator("config").iter_errors(data):
        at: KeyPath = tuple(error.absolute_path)
        message = best_message(error)
        if error.validator == "additionalProperties":
            instance: Any = error.instance
            schema: Any = error.schema
            allowed = sorted(schema.get("properties", {}))
            extra = sorted(set(instance) - set(allowed))
            at += (extra[0],)
            where = "/".join(str(p) for p in error.absolute_path)
            message = (f"clé inconnue « {extra[0]} »" + (f" dans {where}" if where else "")
                       + suggestion(extra[0], allowed) + f" (clés permises : {', '.join(allowed)})")
        elif error.validator == "minItems" and not error.instance:
            message = f"{'/'.join(str(p) for p in at)} : la liste ne peut pas être vide"
        elif error.validator == "minProperties":
            message = f"{'/'.join(str(p) for p in at)} : indiquez au moins une métadonnée"
        elif error.validator == "uniqueItems":
            message = f"{'/'.join(str(p) for p in at)} : valeur en double"
        errors.append(located.error(at, message))
    if errors:
        raise min(errors, key=lambda e: (e.line, e.column))


def load_config(path: str) -> Config:
    """Read, validate and resolve one configuration file (amiable.toml or pyproject.toml)."""
    absolute = os.path.abspath(path)
    shown = _display(absolute)
    try:
        with open(absolute, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise InputError(shown, "fichier de configuration introuvable") from None
    except IsADirectoryError:
        raise InputError(shown, "fichier de configuration attendu, c'est un répertoire") from None
    except OSError as exc:
        raise InputError(shown, f"lecture impossible : {exc.strerror}") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(shown, f"encodage invalide, UTF-8 attendu (octet {exc.start})") from None
    data, scanner = parse_toml(text, shown)
    prefix: KeyPath = ()
    if os.path.basename(absolute) == PYPROJECT:
        prefix = _PYPROJECT_TABLE
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "amiable" not in tool:
            raise InputError(shown, "aucune section [tool.amiable] dans ce fichier")
        data = tool["amiable"]
        if not isinstance(data, dict):
            line, column = scanner.positions.get(prefix, (0, 0))
            raise InputError(shown, "[tool.amiable] doit être une table", line, column)
    positions = {at[len(prefix):]: place for at, place in scanner.positions.items()
                 if at[:len(prefix)] == prefix}
    positions.setdefault((), scanner.positions.get(prefix, (1, 1)) if prefix else (1, 1))
    data = _plain(data)
    located = Located(data, shown, positions)
    _validate(data, located)
    return _build(absolute, data, located)


def _build(path: str, data: dict[str, Any], located: Located) -> Config:
    directory = os.path.dirname(path)

    def resolved(value: str) -> str:
        return os.path.normpath(os.path.join(directory, os.path.expanduser(value)))

    rules = tuple(resolved(d) for d in data.get("rules", []))
    for index, folder in enumerate(rules):
        if not os.path.isdir(folder):
            raise located.error(("rules", index),
                                f"dossier de règles introuvable : {_display(folder)}")
    waivers = resolved(data["waivers"]) if "waivers" in data else None
    if waivers is not None and not os.path.isfile(waivers):
        raise located.error(("waivers",), f"fichier de dérogations introuvable : "
                                          f"{_display(waivers)}")
    select = data.get("select")
    return Config(
        path=path,
        select=tuple(select) if select is not None else None,
        ignore=tuple(data.get("ignore", ())),
        severity={k: cast(Severity, v) for k, v in data.get("severity", {}).items()},
        rules=rules,
        metadata=tuple((glob, dict(values)) for glob, values in data.get("metadata", {}).items()),
        waivers=waivers,
        fail_on=data.get("fail-on"),
        format=data.get("format"),
        positions=dict(located.lines),
    )


def _start(paths: list[str]) -> Path:
    """The directory the search starts from: that of the first checked path (a directory is
    its own start), the working directory for standard input or no path."""
    for path in paths:
        if path == "-":
            continue
        absolute = Path(os.path.abspath(path))
        return absolute if absolute.is_dir() else absolute.parent
    return Path(os.getcwd())


def find_config(paths: list[str], explicit: str | None = None) -> Config:
    """The configuration for a run: `explicit` (--config) if given, else the nearest one above
    the first checked path, else an empty Config (every rule, shipped severities)."""
    if explicit:
        return load_config(explicit)
    start = _start(paths)
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return load_config(str(candidate))
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _declares_amiable(pyproject):
            text = pyproject.read_text(encoding="utf-8", errors="replace")
            data, _ = parse_toml(text, _display(str(pyproject)))
            tool = data.get("tool")
            if isinstance(tool, dict) and "amiable" in tool:
                return load_config(str(pyproject))
    return Config()


# -- amiable init --------------------------------------------------------------------------------

STARTER_CONFIG = """\
# Configuration d'Amiable : vérification des lettres de recouvrement amiable.
#
# Amiable cherche ce fichier en remontant depuis les fichiers vérifiés : le plus proche
# l'emporte, et dans un même répertoire amiable.toml passe avant la section [tool.amiable]
# d'un pyproject.toml (mêmes clés). `amiable check --config FICHIER` en désigne un autre.
# Une clé ou un identifiant de règle inconnu est une erreur : rien n'est ignoré en silence.
# Les chemins et les motifs de chemins sont relatifs au répertoire de ce fichier.

# select : les règles à appliquer, par identifiant (TON-INSULTE) ou par catégorie
# (content, tone, amounts, privacy, contact, procedure). Absent : toutes les règles.
# `amiable rules list` donne les identifiants et les catégories.
# select = ["amounts", "tone", "MED-DELAI"]

# ignore : les règles à écarter, sous la même forme. Un identifiant l'emporte sur une
# catégorie. Les règles marquées « waivable: false » (frais de recouvrement réclamés à un
# particulier, menace d'informer l'employeur…) ne peuvent être ni écartées ni rétrogradées.
ignore = []

# rules : dossiers de règles maison, au même format que les règles livrées
# (voir docs/rule-format.md ; `amiable rules validate DOSSIER` les vérifie).
rules = []

# waivers : fichier de dérogations (YAML) pour des fichiers entiers. Chaque dérogation a un
# motif obligatoire et, de préférence, une date d'expiration ; une dérogation sans motif,
# expirée ou devenue inutile est elle-même signalée :
#   waivers:
#     - path: "modeles/relances/*.md"
#       rules: [TON-MAJUSCULES]
#       motif: "Titre en capitales imposé par la charte graphique"
#       expire: 2026-12-31
# Pour un seul passage d'une lettre, un commentaire placé juste avant le paragraphe suffit :
#   <!-- amiable: ignore TON-MAJUSCULES -- motif: titre imposé ; expire: 2026-12-31 -->
# waivers = "amiable-derogations.yaml"

# fail-on : la gravité à partir de laquelle `amiable check` sort avec le code 1
# (error | warning | info | never). L'option --fail-on l'emporte.
fail-on = "error"

# format : le format du rapport (text | json | sarif | junit | github).
# L'option --format l'emporte.
format = "text"

# severity : la gravité d'une règle, par identifiant (error | warning | info).
[severity]
# TON-EXCLAMATION = "info"

# metadata : les métadonnées par défaut des lettres dont le chemin (relatif à ce fichier)
# correspond au motif ; le premier motif qui correspond l'emporte. L'en-tête de la lettre et
# les options --type, --sender… priment. `*` reste dans un répertoire, `**` les traverse.
# Clés : type (relance | mise_en_demeure), sender (creancier | agence | avocat |
# commissaire_de_justice), debtor (particulier | professionnel), channel (courrier | lrar |
# lre | email | sms | commissaire_de_justice), date (AAAA-MM-JJ).
[metadata]
# "modeles/relances/**" = {type = "relance", sender = "creancier"}
# "modeles/agence/*.md" = {type = "mise_en_demeure", sender = "agence", channel = "lrar"}
"""


def write_starter(directory: str) -> str:
    """Write the commented starter configuration as `directory/amiable.toml`; return its path.

    Never overwrites: an existing amiable.toml, or a [tool.amiable] section in the directory's
    pyproject.toml (which the new file would silently shadow), is an input error. The file is
    written to a temporary name and linked into place, so it is complete or absent, and a file
    created meanwhile by someone else is not replaced.
    """

    if not os.path.isdir(directory):
        raise InputError(_display(directory), "répertoire introuvable")
    target = os.path.join(directory, CONFIG_FILE)
    shown = _display(target)
    if os.path.lexists(target):
        raise InputError(shown, "le fichier existe déjà : Amiable n'écrase jamais une "
                                "configuration ; modifiez-le ou supprimez-le d'abord")
    pyproject = Path(directory, PYPROJECT)
    if pyproject.is_file() and _declares_amiable(pyproject):
        raise InputError(_display(str(pyproject)),
                         "contient déjà une section [tool.amiable] : un amiable.toml "
                         "la remplacerait ; modifiez plutôt cette section")
    write_atomically(target, STARTER_CONFIG, replace=False)
    return target
