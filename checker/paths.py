"""How paths are shown to users: relative to the working directory when under it."""

from __future__ import annotations

import os


def display_path(path: str) -> str:
    """`path` relative to the current directory, unless that would climb out of it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative
