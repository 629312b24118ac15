"""TOML with positions: tomllib keeps none, so the text is scanned for the line and column of each
key, and tomllib's commonest messages are put in French. What yamlsrc.py is to YAML files."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from checker.errors import InputError

KeyPath = tuple[str | int, ...]

class TomlScanner:
    """The line and column of every key, table and list item of a TOML text.

    tomllib returns plain values only; an error message is of use only at its line. This is a
    lenient structural scan (strings, arrays, inline tables, table headers), run on text that
    tomllib has accepted, or to place a duplicate key it refused.
    """

    _BARE = re.compile(r"[A-Za-z0-9_-]+")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.duplicate: tuple[KeyPath, tuple[int, int]] | None = None
        self._defined: set[KeyPath] = set()

    def where(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def _record(self, path: KeyPath, offset: int, leaf: bool = False) -> None:
        place = self.where(offset)
        if leaf:
            if path in self._defined and self.duplicate is None:
                self.duplicate = (path, place)
            self._defined.add(path)
        self.positions.setdefault(path, place)

    def _skip(self, i: int, newlines: bool) -> int:
        text = self.text
        while i < len(text):
            char = text[i]
            if char in " \t\r" or (newlines and char == "\n"):
                i += 1
            elif char == "#":
                end = text.find("\n", i)
                if end < 0 or not newlines:
                    return len(text) if end < 0 else end
                i = end
            else:
                break
        return i

    def _string(self, i: int) -> tuple[str, int]:
        """A quoted string starting at `i`: its value and the offset after it."""
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, i):
                end = text.find(quote, i + 3)
                end = len(text) if end < 0 else end
                while text.startswith(quote[0], end + 3) and end + 3 < len(text):
                    end += 1
                return text[i + 3:end], end + 3
        quote = text[i]
        j = i + 1
        while j < len(text) and text[j] != quote and text[j] != "\n":
            j += 2 if quote == '"' and text[j] == "\\" else 1
        raw = text[i + 1:j]
        if quote == '"':
            try:
                raw = str(json.loads(f'"{raw}"'))
            except ValueError:
                pass
        return raw, j + 1

    def _key(self, i: int) -> tuple[tuple[str, ...], int]:
        parts: list[str] = []
        text = self.text
        while i < len(text):
            i = self._skip(i, newlines=False)
            if i < len(text) and text[i] in "\"'":
                part, i = self._string(i)
            else:
                match = self._BARE.match(text, i)
                if match is None:
                    break
                part, i = match.group(), match.end()
            parts.append(part)
            i = self._skip(i, newlines=False)
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            break
        return tuple(parts), i

    def _value(self, i: int, path: KeyPath) -> int:
        text = self.text
        i = self._skip(i, newlines=False)
        if i >= len(text):
            return i
        char = text[i]
        if char in "\"'":
            return self._string(i)[1]
        if char == "[":
            i += 1
            index = 0
            while i < len(text):
                i = self._skip(i, newlines=True)
                if i >= len(text) or text[i] == "]":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                self._record(path + (index,), i)
                before = i
                i = self._value(i, path + (index,))
                i = self._skip(i, newlines=True)
                if i < len(text) and text[i] == ",":
                    i += 1
                    index += 1
                elif i == before:
                    i += 1
            return i
        if char == "{":
            i += 1
            while i < len(text):
                i = self._skip(i, newlines=False)
                if i >= len(text) or text[i] in "}\n":
                    return i + 1
                if text[i] == ",":
                    i += 1
                    continue
                start = i
                keys, i = self._key(i)
                if not keys:
                    return i + 1
                self._define(path, keys, start)
                i = self._skip(i, newlines=False)
                if i < len(text) and text[i] == "=":
                    i = self._value(i + 1, path + keys)
            return i
        end = i
        while end < len(text) and text[end] not in ",]}\n#":
            end += 1
        return max(end, i + 1)

    def _define(self, table: KeyPath, keys: tuple[str, ...], offset: int) -> None:
        for size in range(1, len(keys)):
            self._record(table + keys[:size], offset)
        self._record(table + keys, offset, leaf=True)

    def scan(self) -> TomlScanner:
        text = self.text
        table: KeyPath = ()
        arrays: dict[KeyPath, int] = {}
        i = 0
        while i < len(text):
            i = self._skip(i, newlines=True)
            if i >= len(text):
                break
            start = i
            if text.startswith("[[", i):
                keys, i = self._key(i + 2)
                count = arrays.get(keys, 0)
                arrays[keys] = count + 1
                self._record(keys, start)
                table = keys + (count,)
                self._record(table, start)
            elif text[i] == "[":
                keys, i = self._key(i + 1)
                for size in range(1, len(keys)):
                    self._record(keys[:size], start)
                self._record(keys, start, leaf=True)
                table = keys
            else:
                keys, i = self._key(i)
                if keys:
                    self._define(table, keys, start)
                    i = self._skip(i, newlines=False)
                    if i < len(text) and text[i] == "=":
                        i = self._value(i + 1, table + keys)
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
        return self


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_MESSAGES = (
    ("Cannot overwrite a value", "valeur définie deux fois"),
    ("Cannot declare", "table déclarée deux fois"),
    ("Duplicate inline table key", "clé en double dans la table"),
    ("Expected '=' after a key", "« = » attendu après la clé"),
    ("Expected ']' at the end", "« ] » attendu à la fin de l'en-tête de table"),
    ("Expected newline or end of document", "fin de ligne attendue après la valeur"),
    ("Invalid date or datetime", "date invalide (AAAA-MM-JJ)"),
    ("Invalid value", "valeur invalide (texte entre guillemets, liste [...] ou table {...})"),
    ("Unclosed array", "liste non fermée (« ] » manquant)"),
    ("Unclosed inline table", "table non fermée (« } » manquant ; une table {...} tient sur "
                              "une ligne)"),
    ("Unterminated string", "texte non fermé (guillemet manquant)"),
)
"""tomllib's commonest messages in French; the others are shown as tomllib words them."""


def _toml_problem(message: str) -> str:
    for english, french in _TOML_MESSAGES:
        if message.startswith(english):
            return french
    return message


def parse_toml(text: str, shown: str) -> tuple[dict[str, Any], TomlScanner]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found:
            raise InputError(shown, f"TOML invalide : {_toml_problem(message[:found.start()])}",
                             int(found.group(1)), int(found.group(2))) from None
        scanner = TomlScanner(text).scan()
        if scanner.duplicate is not None:
            path, (line, column) = scanner.duplicate
            name = ".".join(str(p) for p in path)
            raise InputError(shown, f"TOML invalide : clé « {name} » définie deux fois",
                             line, column) from None
        problem = _toml_problem(message.replace(" (at end of document)", ""))
        raise InputError(shown, f"TOML invalide : {problem}") from None
    return data, TomlScanner(text).scan()
