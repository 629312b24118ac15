"""A cache of validated, compiled rule sets, so that a cold start does not re-validate the pack.

The key is a hash of every rule file's content, the house-rule directories, the working directory
(rule locations are shown relative to it), the Python version and the checker's own source: any
change to any of them means a fresh load with full JSON Schema validation. The cache lives in
`$AMIABLE_CACHE_DIR`, else `$XDG_CACHE_HOME/amiable`, else `~/.cache/amiable`; set
`AMIABLE_NO_CACHE=1` to turn it off. A cache that cannot be read or written is ignored.

The same store also keeps the public-holiday tables of `checker.cases.public_holidays`, under keys
of their own (the installed `holidays` library, Python, year and place).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

_CHECKER = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    if os.environ.get("AMIABLE_NO_CACHE"):
        return None
    base = os.environ.get("AMIABLE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "amiable"


def _digest_tree(digest: Any, root: Path, suffixes: tuple[str, ...]) -> None:
    for path in sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def fingerprint(roots: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{os.getcwd()}\0".encode())
    _digest_tree(digest, _CHECKER, (".py",))
    for root in roots:
        digest.update(str(root.resolve()).encode() + b"\0")
        _digest_tree(digest, root, (".yaml", ".yml", ".json"))
    return digest.hexdigest()[:32]


def load(key: str) -> Any | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(directory / f"rules-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a stale or broken cache is only a missed shortcut
        return None


def store(key: str, value: Any) -> None:
    """Write atomically (temporary file, then rename); give up silently on any OS error."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, directory / f"rules-{key}.pickle")
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, AttributeError, TypeError):
        return
