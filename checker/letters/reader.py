"""Reading a letter file into text, refusing what is not a letter with a clear reason."""

from __future__ import annotations

import os
from collections.abc import Callable

from checker.errors import InputError

MAX_LETTER_BYTES = 2 * 1024 * 1024
"""Largest letter accepted (2 MiB). A collection letter is a few kilobytes; anything far larger is
a wrong file, and refusing it early keeps a CI job from stalling on it."""

LETTER_SUFFIXES = (".md", ".markdown", ".txt")


def decode(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM); anything else is an error that says why."""
    if not data.strip():
        raise InputError(path, "fichier vide : aucune lettre à vérifier", 1, 1)
    if b"\x00" in data[:8192]:
        raise InputError(path, "fichier binaire : une lettre en Markdown ou en texte est attendue")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            data.decode("cp1252")
            hint = (" ; le fichier semble encodé en Windows-1252 (cp1252) : convertissez-le, par "
                    "exemple avec `iconv -f cp1252 -t utf-8`")
        except UnicodeDecodeError:
            pass
        raise InputError(path, f"encodage invalide, UTF-8 attendu (octet 0x{data[exc.start]:02x})"
                         + hint, line, column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_capped(path: str, limit: int, too_big: Callable[[int], str]) -> bytes:
    """A file's bytes, refused before reading when larger than `limit` (`too_big(size)` says
    why, in the words of the caller's kind of file); an unreadable file is an InputError.

    The read asks for the measured size (plus one byte, to notice a file that grew since), not
    for `limit` bytes: Python allocates what is asked, and the limit is megabytes.
    """
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(path, too_big(size))
        with open(path, "rb") as handle:
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(limit + 1 - len(data))
                if len(data) > limit:
                    raise InputError(path, too_big(len(data)))
            return data
    except OSError as exc:
        raise InputError(path, f"lecture impossible : {exc.strerror or exc}") from None


def read_letter(path: str) -> str:
    """Read one letter file; size, encoding and emptiness are checked before any parsing."""
    data = read_capped(path, MAX_LETTER_BYTES, lambda size: (
        f"fichier trop volumineux ({size // 1024} Kio) : une lettre "
        f"est limitée à {MAX_LETTER_BYTES // (1024 * 1024)} Mio"))
    return decode(data, path)
