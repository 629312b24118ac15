"""Word documents (.docx) as plain-text letters, one line per paragraph.

The checker works on text, so a Word letter is turned into text the plain-text parser reads. The
text is laid out so that a finding's line number can be found again in Word:

- line N of the result is paragraph N of the document body, counting paragraphs and table rows in
  document order (the body's ``w:p`` and ``w:tbl`` children, looking through content controls);
- an empty paragraph gives an empty line, so it keeps its number;
- a table row counts as one paragraph: its cells' text joined by `` | `` on one line (a cell's
  own paragraphs, and any table nested in it, are joined by spaces);
- a heading is an ordinary paragraph and keeps its text (no Markdown marker is added);
- a manual line break or tab inside a paragraph becomes a space, since a line break would shift
  every following number.

The text is what the debtor reads: tracked changes are taken as accepted (deleted and moved-away
text is dropped, inserted text kept) and runs formatted as hidden (``w:vanish``) are dropped, so
that a mention hidden from the reader cannot satisfy a rule. Headers, footers, footnotes,
comments and automatic list numbers are not part of the body text and are not read.

Because the plain-text parser makes a paragraph of each run of non-blank lines, consecutive
non-empty Word paragraphs form one block for the checks; line numbers are unaffected.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from checker.errors import InputError
from checker.letters.reader import MAX_LETTER_BYTES

MAX_DOCX_BYTES = MAX_LETTER_BYTES * 4
"""Largest .docx accepted (8 MiB): room for a letterhead logo and a signature image, while a
wrong file (a scan, a catalogue) is refused before it is unpacked."""

MAX_DOCX_UNPACKED_BYTES = MAX_LETTER_BYTES * 32
"""Largest total unpacked size of the archive (64 MiB): python-docx loads every part into memory,
so a small archive that inflates enormously (a zip bomb) is refused from its directory alone."""

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_ZIP_HINTS = (
    (b"{\\rtf", "c'est un document RTF : enregistrez-le au format .docx"),
    (b"%PDF", "c'est un document PDF"),
    (b"<?xml", "c'est un fichier XML (Word 2003 ?) : enregistrez-le au format .docx"),
)
_ZIP_HINTS = (
    ("xl/workbook.xml", "c'est un classeur Excel (.xlsx)"),
    ("ppt/presentation.xml", "c'est une présentation PowerPoint (.pptx)"),
    ("content.xml", "c'est un document OpenDocument (.odt, .ods…) : enregistrez-le au format "
                    ".docx"),
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _R, _T = (_W + n for n in ("p", "tbl", "tr", "tc", "r", "t"))
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_RPR, _VANISH = _W + "rPr", _W + "vanish"
_AS_SPACE = frozenset({_W + "tab", _W + "ptab", _W + "br", _W + "cr"})
_AS_HYPHEN = _W + "noBreakHyphen"
_NOT_TEXT = frozenset({
    _MC_FALLBACK,        # a second rendering of the preceding mc:Choice: read once
    _W + "moveFrom",     # tracked move: the text is read where it was moved to
    _W + "del",          # tracked deletion
    _W + "pPr", _RPR, _W + "sdtPr", _W + "sdtEndPr", _W + "tblPr", _W + "tcPr", _W + "trPr",
})
_FALSE_VALUES = frozenset({"0", "false", "off"})
_LINE_BREAKS = re.compile("[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def read_docx(path: str) -> str:
    """The letter text of a Word document, one line per body paragraph or table row.

    Everything that is not a readable .docx is refused with an `InputError` saying what the file
    seems to be, so that a CI job reports a wrong file instead of failing with a traceback.
    """
    try:
        size = os.path.getsize(path)
        if size > MAX_DOCX_BYTES:
            raise InputError(path, f"fichier trop volumineux ({size // 1024} Kio) : un document "
                             f"Word est limité à {MAX_DOCX_BYTES // (1024 * 1024)} Mio")
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(path, f"lecture impossible : {exc.strerror or exc}") from None
    if not head:
        raise InputError(path, "fichier vide : aucune lettre à vérifier", 1, 1)
    if head.startswith(_OLE_SIGNATURE):
        raise InputError(path, "document Word protégé par mot de passe ou ancien format .doc : "
                         "enregistrez-le au format .docx, sans mot de passe")
    _check_package(path, head)
    text = _extract(path)
    if not text.strip():
        raise InputError(path, "document Word sans texte : aucune lettre à vérifier (une lettre "
                         "scannée, en image, ne peut pas être vérifiée)")
    if len(text.encode("utf-8")) > MAX_LETTER_BYTES:
        raise InputError(path, "texte du document trop volumineux : une lettre est limitée à "
                         f"{MAX_LETTER_BYTES // (1024 * 1024)} Mio de texte")
    return text


def _check_package(path: str, head: bytes) -> None:
    """Refuse, from the zip directory alone, what python-docx would fail on or choke on."""
    not_word = "n'est pas un document Word (.docx)"
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names:
                hint = next((h for name, h in _ZIP_HINTS if name in names),
                            "archive zip sans word/document.xml")
                raise InputError(path, f"{not_word} : {hint}")
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_DOCX_UNPACKED_BYTES:
                raise InputError(path, f"document Word trop volumineux une fois décompressé "
                                 f"({unpacked // (1024 * 1024)} Mio) : archive suspecte")
    except zipfile.BadZipFile:
        hint = next((h for magic, h in _NOT_ZIP_HINTS if head.startswith(magic)),
                    "ce n'est pas une archive Office Open XML")
        raise InputError(path, f"{not_word} : {hint}") from None
    except OSError as exc:
        raise InputError(path, f"lecture impossible : {exc.strerror or exc}") from None
    except InputError:
        raise
    except Exception as exc:  # a corrupt zip directory raises more than BadZipFile
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(path, f"document Word endommagé : archive illisible ({detail})") from None


def _extract(path: str) -> str:
    """Open with python-docx (which checks the package and content types), then read the body.

    python-docx is imported here so that the checker runs without it until a .docx is met.
    """
    try:
        import docx
    except ImportError:
        raise InputError(path, "lecture des documents Word impossible : le module python-docx "
                         "n'est pas installé (pip install python-docx)") from None
    try:
        body = docx.Document(path).element.body
        if body is None:
            raise InputError(path, "document Word sans corps de texte (format OOXML « strict » ou "
                             "fichier endommagé) : enregistrez-le au format .docx standard")
        lines = [_LINE_BREAKS.sub(" ", line).rstrip() for line in _blocks(body)]
    except InputError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many types: none may escape
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(path, f"document Word illisible ou endommagé ({detail})") from None
    return "\n".join(lines) + "\n"


def _children(element: Any, *tags: str) -> Iterator[Any]:
    """Children with one of `tags`, looking through content controls and custom XML wrappers."""
    for child in element:
        tag = child.tag
        if tag in tags:
            yield child
        elif tag == _SDT:
            for content in child:
                if content.tag == _SDT_CONTENT:
                    yield from _children(content, *tags)
        elif tag == _CUSTOM_XML:
            yield from _children(child, *tags)


def _blocks(container: Any) -> Iterator[str]:
    """One string per paragraph or table row of a body or table cell, in document order."""
    for child in _children(container, _P, _TBL):
        if child.tag == _P:
            parts: list[str] = []
            _collect_text(child, parts)
            yield "".join(parts)
        else:
            for row in _children(child, _TR):
                yield " | ".join(_cell_text(cell) for cell in _children(row, _TC))


def _cell_text(cell: Any) -> str:
    return " ".join(text for text in (b.strip() for b in _blocks(cell)) if text)


def _collect_text(element: Any, parts: list[str]) -> None:
    """Append the visible text under `element`; a paragraph nested in a text box adds a space."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _AS_SPACE:
            parts.append(" ")
        elif tag == _AS_HYPHEN:
            parts.append("-")
        elif tag == _R:
            if not _hidden(child):
                _collect_text(child, parts)
        elif tag == _P:
            parts.append(" ")
            _collect_text(child, parts)
        else:
            _collect_text(child, parts)


def _hidden(run: Any) -> bool:
    """Whether the run's own formatting hides it (hidden styles are not resolved)."""
    for props in run:
        if props.tag == _RPR:
            for prop in props:
                if prop.tag == _VANISH:
                    value = prop.get(_W + "val")
                    return value is None or value.lower() not in _FALSE_VALUES
    return False
