"""Which files `amiable check` reads when given files and directories."""

from __future__ import annotations

from pathlib import Path

from checker.errors import InputError
from checker.letters.reader import LETTER_SUFFIXES

SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".hypothesis"}


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
                if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES and not _documentation(p)
                and not SKIPPED_DIRS.intersection(p.relative_to(path).parts)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(str(p) for p in found)
        elif path.is_file():
            files.append(name)
        else:
            errors.append(InputError(name, "fichier ou dossier introuvable"))
    return files, errors
