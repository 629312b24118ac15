"""Which files `amiable check` reads when given files and directories.

Letters are `.md`, `.markdown` and `.txt` files, Jinja2 templates (`.j2`, `.jinja`), Word
documents (`.docx`) and e-mails (`.eml`). Case files are `.yaml`, `.yml` and `.json` files
whose top level has the keys `dossier` and `events`; other YAML or JSON files met while walking a
directory (configuration, expectations) are not ours and are passed over.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.errors import InputError
from checker.letters.reader import LETTER_SUFFIXES

SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".hypothesis"}
CASE_SUFFIXES = (".yaml", ".yml", ".json")
DOCUMENT_SUFFIXES = (".j2", ".jinja", ".docx", ".eml")
"""Letters in other forms: Jinja2 templates (`*.md.j2`, `*.jinja`, `*.j2`), Word, e-mail."""
_CASE_KEYS = (re.compile(r'^(?:"dossier"|dossier)\s*:', re.MULTILINE),
              re.compile(r'^\s*(?:"events"|events)\s*:', re.MULTILINE))
_MAX_SNIFF = 1 << 16


def looks_like_case_file(path: Path) -> bool:
    """A cheap look at the text: both top-level keys of a case file appear."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(_MAX_SNIFF)
    except OSError:
        return False
    if path.suffix == ".json":
        return '"dossier"' in head and '"events"' in head
    return all(p.search(head) for p in _CASE_KEYS)


def is_case_path(path: str) -> bool:
    return Path(path).suffix.lower() in CASE_SUFFIXES


def _documentation(path: Path) -> bool:
    """README files in a folder of letters document it; they are not letters."""
    return path.stem.upper().startswith("README")


def collect(paths: list[str]) -> tuple[list[str], list[InputError]]:
    """Files named explicitly are always read; directories are walked for letter files."""
    files: list[str] = []
    errors: list[InputError] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not _documentation(p)
                and not SKIPPED_DIRS.intersection(p.relative_to(path).parts)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (p.suffix.lower() in LETTER_SUFFIXES + DOCUMENT_SUFFIXES
                     or (p.suffix.lower() in CASE_SUFFIXES and looks_like_case_file(p)))
            )
            files.extend(str(p) for p in found)
        elif path.is_file():
            files.append(name)
        else:
            errors.append(InputError(name, "fichier ou dossier introuvable"))
    return files, errors
