"""Where the shipped rule pack lives.

Installed (wheel), the pack is copied into the package as `checker/pack`; in a source checkout it
is the top-level `rules/` folder. Both are plain data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def pack_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    installed = here / "pack"
    if (installed / "schema").is_dir():
        return installed
    return here.parent / "rules"
