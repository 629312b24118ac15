"""Globs over relative paths, as the configuration and the waivers file write them."""

from __future__ import annotations

import os
import re
from functools import cache


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regex over a relative POSIX path.

    `*` and `?` stay within one directory, `**` as a whole segment spans any number of them,
    `[abc]` / `[!abc]` are character classes. The pattern matches the whole path: a bare
    `*.md` covers the files of the base directory only (write `**/*.md` for every level), so
    that a glob never reaches more letters than it reads as reaching.
    """
    text = pattern.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    out: list[str] = []
    i = 0
    while i < len(text):
        at_segment = i == 0 or text[i - 1] == "/"
        if at_segment and text.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif at_segment and text.startswith("**", i) and i + 2 == len(text):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            while i < len(text) and text[i] == "*":
                i += 1
            out.append("[^/]*")
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "[" and "]" in text[i + 2:]:
            end = text.index("]", i + 2)
            body = text[i + 1:end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def relative_posix(path: str, base: str) -> str | None:
    """`path` relative to directory `base`, with `/`; None when it lies outside `base`."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    relative = relative.replace(os.sep, "/")
    if relative == ".." or relative.startswith("../"):
        return None
    return relative


def glob_match(pattern: str, path: str, base: str) -> bool:
    """Whether `path` (any form), taken relative to directory `base`, matches `pattern`."""
    relative = relative_posix(path, base)
    return relative is not None and glob_regex(pattern).match(relative) is not None


# -- where keys stand in a TOML file -------------------------------------------------------------
