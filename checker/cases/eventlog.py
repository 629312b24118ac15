"""Flat event logs, as collection software exports them: one event per row, plus a dossiers file.

The log (CSV with a header row, or JSON Lines) holds the events of many dossiers, one per row with
a `dossier` column; the dossiers file (a YAML or JSON list, or JSON Lines) gives each dossier's
parties and claims, with the keys of a case file and no `events`. Logs run to millions of rows,
so the log is streamed: the rows of one dossier must be contiguous, and each dossier is yielded as
soon as its rows end. The dossiers file is read whole (one small entry per dossier).

A bad row spoils its dossier only: the dossier is yielded as one InputError (its first problem)
and the next dossiers are read as usual. A problem with the file itself (unreadable, a required
column missing, rows not grouped by dossier) is yielded last and ends the reading, since what
follows could not be attributed reliably.

Every dossier goes through the same checks as a case file (`checker.cases.loader`).
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from checker.cases.loader import (
    case_event,
    case_header,
    check_case_schema,
    check_event_schema,
    event_scope,
    json_error,
    load_document,
    read_source,
    with_events,
)
from checker.cases.model import Case, Event
from checker.errors import InputError
from checker.letters.reader import decode
from checker.yamlsrc import Located, Path

EVENT_COLUMNS = ("at", "kind", "by", "to", "stage", "channel", "letter", "deadline_days",
                 "received", "amount", "installments", "note")
"""The keys of an event in a case file; a log has these columns plus `dossier`."""
REQUIRED_COLUMNS = ("dossier", "at", "kind")

_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")


@dataclass(frozen=True, slots=True)
class _Row:
    """One log row: its event keys (without `dossier`), or why it could not be read."""

    line: int
    dossier: str | None
    value: dict[str, Any]
    error: InputError | None = None


def read_event_log(path: str, dossiers_path: str) -> Iterator[Case | InputError]:
    """Each dossier of the log as a Case (`path` is `LOG#DOSSIER`) or as an InputError.

    Dossiers of the dossiers file that have no row in the log come last, with no events: a
    dossier where nothing happened is still a dossier to audit.
    """
    try:
        headers, orphans = _load_dossiers(dossiers_path, path)
    except InputError as exc:
        yield exc
        return
    yield from orphans
    base_dir = os.path.dirname(path)
    ended: dict[str, int] = {}
    current: str | None = None
    group: list[_Row] = []
    try:
        for row in _rows(path):
            dossier = row.dossier if row.dossier is not None else current
            if dossier is None:
                if row.error is not None:
                    yield row.error
                continue
            if dossier != current:
                if current is not None:
                    ended[current] = group[-1].line
                    yield _dossier(current, group, headers, path, base_dir)
                if dossier in ended:
                    yield InputError(path, f"journal non trié par dossier : le dossier "
                                     f"« {dossier} » reprend ici alors que ses lignes se sont "
                                     f"arrêtées ligne {ended[dossier]} ; triez le journal par "
                                     "dossier (les lignes d'un dossier doivent se suivre)",
                                     row.line)
                    return
                current, group = dossier, []
            group.append(row)
    except InputError as exc:
        yield exc
        return
    if current is not None:
        ended[current] = group[-1].line
        yield _dossier(current, group, headers, path, base_dir)
    for dossier, header in headers.items():
        if dossier not in ended:
            yield header if isinstance(header, InputError) else with_events(
                header, [], header.path, 1)


def _dossier(dossier: str, rows: list[_Row], headers: dict[str, Case | InputError],
             path: str, base_dir: str) -> Case | InputError:
    header = headers.get(dossier)
    if header is None:
        return InputError(path, f"dossier « {dossier} » absent du fichier des dossiers : "
                          "ajoutez-y ses parties et ses créances", rows[0].line)
    if isinstance(header, InputError):
        return header
    events: list[Event] = []
    scope = event_scope(header, base_dir)
    doc = Located(None, path)
    try:
        for index, row in enumerate(rows):
            if row.error is not None:
                raise row.error
            doc.value, doc.lines[()] = row.value, (row.line, 0)
            check_event_schema(doc, (), row.value)
            events.append(case_event(doc, (), row.value, index, scope))
    except InputError as exc:
        return _about(dossier, exc)
    return with_events(header, events, f"{path}#{dossier}", rows[0].line)


def _about(dossier: str, error: InputError) -> InputError:
    return InputError(error.path, f"dossier « {dossier} » : {error.message}", error.line,
                      error.column)


# The dossiers file ---------------------------------------------------------------------------


def _load_dossiers(path: str, log_path: str
                   ) -> tuple[dict[str, Case | InputError], list[InputError]]:
    """Each dossier's header (a Case without events) or the error in its entry, by dossier; and
    the errors of entries that name no dossier."""
    headers: dict[str, Case | InputError] = {}
    first_lines: dict[str, int] = {}
    orphans: list[InputError] = []
    for entry in _entries(path):
        if isinstance(entry, InputError):
            orphans.append(entry)
            continue
        doc, at, value = entry
        dossier = value.get("dossier") if isinstance(value, dict) else None
        if not isinstance(value, dict) or not isinstance(dossier, str) or not dossier:
            orphans.append(doc.error(at, "entrée sans dossier : chaque entrée du fichier des "
                                         "dossiers est un mapping avec une clé dossier (texte), "
                                         "creditor, debtor et claims"))
            continue
        line = doc.where(at)[0]
        if dossier in headers:
            headers[dossier] = _about(dossier, doc.error(
                at, f"dossier décrit deux fois dans le fichier des dossiers (lignes "
                    f"{first_lines[dossier]} et {line})"))
            continue
        first_lines[dossier] = line
        try:
            if "events" in value:
                raise doc.error(at + ("events",), "le fichier des dossiers ne contient pas "
                                "d'événements : ils viennent du journal")
            check_case_schema(doc, at, {**value, "events": []})
            headers[dossier] = case_header(doc, at, value, f"{log_path}#{dossier}")
        except InputError as exc:
            headers[dossier] = _about(dossier, exc)
    return headers, orphans


def _entries(path: str) -> Iterator[tuple[Located, Path, Any] | InputError]:
    if path.lower().endswith(".jsonl"):
        with _text(path) as handle:
            for line, text in enumerate(handle, 1):
                if text.strip():
                    try:
                        value = _json_object(path, line, text)
                    except InputError as exc:
                        yield exc
                        continue
                    yield Located(value, path, {(): (line, 0)}), (), value
        return
    doc = load_document(read_source(path, "une liste de dossiers"), path)
    if not isinstance(doc.value, list):
        raise InputError(path, "fichier des dossiers : une liste de dossiers est attendue "
                               "(- dossier: …)", *doc.where(()))
    for index, value in enumerate(doc.value):
        yield doc, (index,), value


# Reading the log -----------------------------------------------------------------------------


@contextmanager
def _text(path: str) -> Iterator[TextIO]:
    """The file as a stream of text lines (UTF-8, BOM dropped), never read whole; a decoding
    error anywhere becomes an InputError at its line."""
    try:
        with open(path, "rb") as probe:
            head = probe.read(8192)
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(path, f"lecture impossible : {exc.strerror}") from None
    if b"\x00" in head:
        handle.close()
        raise InputError(path, "fichier binaire : un fichier CSV, JSON ou JSON Lines est attendu")
    with handle:
        try:
            yield handle
        except UnicodeDecodeError:
            raise _encoding_error(path) from None


def _encoding_error(path: str) -> InputError:
    """Find the first line that is not UTF-8 and let `decode` word the problem (with its
    Windows-1252 hint), at that line."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode("utf-8")
            except UnicodeDecodeError:
                try:
                    decode(raw, path)
                except InputError as exc:
                    return InputError(path, exc.message, number, exc.column)
    return InputError(path, "encodage invalide, UTF-8 attendu")


def _rows(path: str) -> Iterator[_Row]:
    lower = path.lower()
    if lower.endswith(".csv"):
        return _csv_rows(path)
    if lower.endswith(".jsonl"):
        return _jsonl_rows(path)
    raise InputError(path, "format de journal non reconnu : un fichier .csv ou .jsonl est attendu")


def _csv_rows(path: str) -> Iterator[_Row]:
    with _text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise InputError(path, "fichier vide : un journal CSV avec une ligne d'en-tête est "
                                   "attendu", 1, 1) from None
        except csv.Error as exc:
            raise InputError(path, f"CSV invalide : {exc}", 1) from None
        _check_header(path, header)
        dossier_column = header.index("dossier")
        end = reader.line_num
        while True:
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                raise InputError(path, f"CSV invalide : {exc}", reader.line_num) from None
            if cells is None:
                return
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            dossier = cells[dossier_column].strip() if dossier_column < len(cells) else ""
            yield _csv_row(path, line, dossier or None, header, cells)


def _check_header(path: str, header: list[str]) -> None:
    allowed = ("dossier",) + EVENT_COLUMNS
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise InputError(path, f"colonne obligatoire absente de l'en-tête : {', '.join(missing)} "
                               f"(colonnes obligatoires : {', '.join(REQUIRED_COLUMNS)})", 1)
    unknown = [name for name in header if name not in allowed]
    if unknown:
        raise InputError(path, f"colonne inconnue dans l'en-tête : {', '.join(unknown)} "
                               f"(colonnes permises : {', '.join(allowed)})", 1)
    doubles = sorted({name for name in header if header.count(name) > 1})
    if doubles:
        raise InputError(path, f"colonne en double dans l'en-tête : {', '.join(doubles)}", 1)


def _csv_row(path: str, line: int, dossier: str | None, header: list[str],
             cells: list[str]) -> _Row:
    if len(cells) != len(header):
        if len(cells) < len(header):
            problem = f"colonne(s) manquante(s) : {', '.join(header[len(cells):])}"
        else:
            problem = f"{len(cells) - len(header)} cellule(s) de trop"
        return _Row(line, dossier, {}, InputError(
            path, f"ligne de {len(cells)} cellules pour {len(header)} colonnes ({problem}) ; "
                  "vérifiez le séparateur (virgule) et les guillemets", line))
    value: dict[str, Any] = {}
    try:
        for name, cell in zip(header, cells, strict=True):
            if name == "dossier":
                continue
            text = cell if name == "note" else cell.strip()
            if text:
                convert = _CELLS.get(name)
                value[name] = text if convert is None else convert(text)
    except ValueError:
        return _Row(line, dossier, {}, InputError(
            path, "installments : JSON invalide ; écrivez par exemple "
                  '[{"due": "2026-04-01", "amount": 300.00}]', line))
    return _Row(line, dossier, value)


def _amount_cell(text: str) -> Decimal | str:
    """A number when it is written as one; otherwise the text, which the schema refuses with a
    message quoting it (a decimal comma, a currency sign)."""
    return Decimal(text) if _NUMBER.fullmatch(text) else text


def _integer_cell(text: str) -> int | str:
    return int(text) if _INTEGER.fullmatch(text) else text


def _jsonl_rows(path: str) -> Iterator[_Row]:
    with _text(path) as handle:
        for line, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                value = _json_object(path, line, text)
            except InputError as exc:
                yield _Row(line, _dossier_hint(text), {}, exc)
                continue
            dossier = value.pop("dossier", None)
            if not isinstance(dossier, str) or not dossier:
                yield _Row(line, None, {}, InputError(
                    path, "clé dossier (texte) absente : chaque ligne du journal nomme son "
                          "dossier", line))
                continue
            yield _Row(line, dossier, value)


_CELLS: dict[str, Callable[[str], Any]] = {
    "amount": _amount_cell,
    "deadline_days": _integer_cell,
    "installments": lambda text: _json_value(text),
}
"""How a CSV cell becomes the value a case file would hold; other cells are text."""


_DOSSIER_KEY = re.compile(r'"dossier"\s*:\s*("(?:[^"\\]|\\.)*")')


def _dossier_hint(text: str) -> str | None:
    """The dossier a line that is not valid JSON names, if it can be read: its error then goes
    to that dossier rather than to the one before it."""
    match = _DOSSIER_KEY.search(text)
    if match is None:
        return None
    try:
        name = json.loads(match[1])
    except ValueError:
        return None
    return name if isinstance(name, str) and name else None


class _DuplicateKey(ValueError):
    pass


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=str, object_pairs_hook=_unique)
"""Built once: `json.loads` with options builds a decoder (and its scanner) on every call, which
cost as much as decoding a log line."""


def _json_value(text: str) -> Any:
    """`json.loads(text, parse_float=Decimal, parse_constant=str, object_pairs_hook=_unique)`."""
    if text.startswith("\ufeff"):  # json.loads refuses it with its own error
        return json.loads(text, parse_float=Decimal, parse_constant=str,
                          object_pairs_hook=_unique)
    return _DECODER.decode(text)


def _json_object(path: str, line: int, text: str) -> dict[str, Any]:
    """One JSON Lines line as an object: amounts exact (Decimal), duplicate keys refused."""
    try:
        value = _json_value(text)
    except json.JSONDecodeError as exc:
        raise json_error(path, exc, line, exc.colno) from None
    except _DuplicateKey as exc:
        raise InputError(path, f"clé « {exc} » en double", line) from None
    if not isinstance(value, dict):
        raise InputError(path, "objet JSON attendu ({…}) sur chaque ligne", line)
    return value
