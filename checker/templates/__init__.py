"""Jinja2 letter templates: rendered per fixture (or with placeholder samples), mapped back.

A firm keeps its letters as templates; a change to one must be checked before it reaches a
debtor. `render_template` turns a template into the letters the checker already knows how to
judge, one per fixture, each able to say where any of its offsets comes from in the template,
plus the template's own issues: branches no fixture reached, placeholders nobody mapped.
"""

from __future__ import annotations

from checker.templates.model import Rendering, TemplateIssue, TemplateResult
from checker.templates.render import render_template

__all__ = [
    "TEMPLATE_SUFFIXES",
    "Rendering",
    "TemplateIssue",
    "TemplateResult",
    "is_template",
    "letter_name",
    "render_template",
]

TEMPLATE_SUFFIXES = (".md.j2", ".jinja", ".j2")


def is_template(path: str) -> bool:
    return path.lower().endswith(TEMPLATE_SUFFIXES)


def letter_name(path: str) -> str:
    """The name to parse a rendering under: `relance.md.j2` -> `relance.md`.

    The letter reader decides Markdown or plain text by suffix; a template renders Markdown unless
    its name says `.txt`.
    """
    lower = path.lower()
    for suffix in TEMPLATE_SUFFIXES:
        if lower.endswith(suffix):
            stem = path[: len(path) - len(suffix)]
            if stem.lower().endswith((".md", ".markdown", ".txt")):
                return stem
            return stem + ".md"
    return path
