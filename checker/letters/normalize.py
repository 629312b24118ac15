"""One normalised view of a letter, with a map back to the original text.

Every check matches against the same folded text (lower case, no diacritics, one kind of
apostrophe, quote and dash, collapsed white space) so that rule authors write one spelling
and still catch ``L’Huissier``, ``l'huissier`` and ``L'HUISSIER``. Findings must still point
at the writer's own characters, hence the origin map.

The fold is defined one source character at a time (``_fold_char``) followed by white-space
collapsing; everything else in this module is there to compute that cheaply. The checker
reads more than a thousand letters a second, so the per-character work is done in C: the text is
encoded through a 256-entry charmap (ASCII plus the non-ASCII characters French letters
actually contain), folded with ``bytes.translate`` and decoded. Characters whose fold is
not exactly one character (``œ``, ``…``, zero-width characters, anything outside the
charmap) come out as a marker byte and are resolved in Python, together with the white-space
runs to collapse; both are found by regular expressions that start with a literal, the only
kind ``re`` scans for at C speed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

__all__ = ["NormalizedText", "OriginMap", "normalize", "normalize_phrase"]

_APOSTROPHES = "'\u2019\u2018\u201b\u02bc`\u00b4\u2032"
_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2033"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_REMOVED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# str.splitlines() boundaries: the same notion of "line" as the rest of Python.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

_SPECIAL: dict[str, str] = {
    **{c: "'" for c in _APOSTROPHES},
    **{c: '"' for c in _QUOTES},
    **{c: "-" for c in _DASHES},
    **{c: "" for c in _REMOVED},
    "\u2026": "...",
    "\u0153": "oe",
    "\u0152": "oe",
    "\u00e6": "ae",
    "\u00c6": "ae",
    "\u00df": "ss",
    "\u1e9e": "ss",
    "\u0133": "ij",
    "\u0132": "ij",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    # Latin letters that carry their mark in the glyph, so NFD cannot split them.
    "\u00f8": "o",
    "\u00d8": "o",
    "\u0111": "d",
    "\u0110": "d",
    "\u0142": "l",
    "\u0141": "l",
    "\u0127": "h",
    "\u0126": "h",
    "\u0167": "t",
    "\u0166": "t",
    "\u0131": "i",
    "\u0140": "l",
    "\u013f": "l",
    "\u017f": "s",
}


def _fold_step(c: str) -> str:
    special = _SPECIAL.get(c)
    if special is not None:
        return special
    if c.isspace():
        return "\n" if c in _LINE_BREAKS else " "
    decomposed = unicodedata.normalize("NFD", c.lower())
    return "".join(
        x
        for x in decomposed
        if not unicodedata.combining(x) and unicodedata.category(x) != "Mn"
    )


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """The normalised form of one source character, possibly empty or several characters.

    Repeated until stable so that the result is its own fold (``Œ`` lowers to ``œ``, which
    folds to ``oe``): that is what makes ``normalize`` idempotent.
    """
    out = c
    for _ in range(4):
        nxt = "".join(_fold_step(x) for x in out)
        if nxt == out:
            break
        out = nxt
    return out


_MARKER = "\x1a"
_MARKER_BYTE = 0x1A
_PLACEHOLDER_ERRORS = "amiable.normalize.placeholder"


def _placeholder(error: UnicodeError) -> tuple[str, int]:
    """Encode characters outside the charmap as markers, resolved later one by one."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return _MARKER * (error.end - error.start), error.end


codecs.register_error(_PLACEHOLDER_ERRORS, _placeholder)

_FREQUENT_NON_ASCII = (
    "".join(chr(i) for i in range(0xA0, 0x100))
    + "\u0153\u0152\u2019\u2018\u02bc\u2032\u2033\u201c\u201d\u201e"
    + "\u2010\u2011\u2012\u2013\u2014\u2212\u2026\u20ac"
    + "\u202f\u2009\u2007\u200a\u2002\u2003\u200b\u200c\u200d\u2060\ufeff\u2028"
)


def _build_charmap(chars: str) -> tuple[bytes, str]:
    """Byte translation and output table for the characters the charmap knows.

    A character whose fold is one character keeps its place (as an ASCII byte, or as a
    byte >= 0x80 that decodes to the non-ASCII fold, e.g. ``€``); any other gets the marker.
    """
    translation = bytearray(range(256))
    output = [chr(i) for i in range(128)] + ["\ufffe"] * 128
    extra = 128
    for code, c in enumerate(chars):
        folded = _fold_char(c)
        if len(folded) != 1 or folded == _MARKER:
            translation[code] = _MARKER_BYTE
        elif folded.isascii():
            translation[code] = ord(folded)
        else:
            if folded not in output:
                output[extra] = folded
                extra += 1
            translation[code] = output.index(folded)
    return bytes(translation), "".join(output)


_CHARMAP_CHARS = "".join(chr(i) for i in range(128)) + _FREQUENT_NON_ASCII
_ENCODING_MAP = codecs.charmap_build(_CHARMAP_CHARS + "\ufffe" * (256 - len(_CHARMAP_CHARS)))
_TRANSLATION, _OUTPUT_TABLE = _build_charmap(_CHARMAP_CHARS)

# Spots where the 1:1 fold is not the answer: white-space runs that must shrink, and
# markers. Each pattern starts with a literal so that the scan for it stays in C (a
# character-class start or an alternation is several times slower); runs that begin with
# spaces are found from their newline or marker and widened to the left in Python.
_BREAK_RUN = re.compile("\n(?:[ \n\x1a]+|(?<= \n))")
_MARKER_RUN = re.compile("\x1a[ \n\x1a]*")
_SPACE_RUN = re.compile("  +")


@dataclass(frozen=True, slots=True)
class OriginMap(Sequence[int]):
    """``origin[i]``: offset in the original of the character that produced ``text[i]``.

    Stored as segments rather than one integer per character: building a list of 2,000
    ints would cost more than the whole normalisation. Segment ``k`` starts at text offset
    ``starts[k]`` and maps to ``bases[k] + (i - starts[k]) * steps[k]``; a step of 0 is for
    several output characters that come from one source character (``œ`` -> ``oe``).
    """

    starts: tuple[int, ...]
    bases: tuple[int, ...]
    steps: tuple[int, ...]
    text_length: int
    original_length: int

    def __len__(self) -> int:
        return self.text_length + 1

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self.at(i) for i in range(*index.indices(self.text_length + 1))]
        if index < 0:
            index += self.text_length + 1
        if not 0 <= index <= self.text_length:
            raise IndexError("origin index out of range")
        return self.at(index)

    def at(self, index: int) -> int:
        """Unchecked lookup for ``0 <= index <= text_length``."""
        if index >= self.text_length:
            return self.original_length
        k = bisect_right(self.starts, index) - 1
        return self.bases[k] + (index - self.starts[k]) * self.steps[k]

    def __iter__(self) -> Iterator[int]:
        return (self.at(i) for i in range(self.text_length + 1))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A letter's text as every check sees it, and the way back to the writer's characters."""

    original: str
    text: str
    origin: Sequence[int]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` to the original characters that produced it.

        The end goes through the last character of the span rather than through
        ``origin[end]`` so that a match ending just before a collapsed white-space run does
        not swallow that run.
        """
        origin = self.origin
        if isinstance(origin, OriginMap):
            begin = origin.at(start)
            return (begin, origin.at(end - 1) + 1) if end > start else (begin, begin)
        begin = origin[start]
        return (begin, origin[end - 1] + 1) if end > start else (begin, begin)


def _fold_one_to_one(original: str) -> str:
    """Fold every character to one character, or to the marker, keeping the length."""
    if original.isascii():
        return original.encode("ascii").translate(_TRANSLATION).decode("ascii")
    raw = codecs.charmap_encode(original, _PLACEHOLDER_ERRORS, _ENCODING_MAP)[0]
    return codecs.charmap_decode(raw.translate(_TRANSLATION), "strict", _OUTPUT_TABLE)[0]


def _find_spots(folded: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``[start, end)`` runs of white space and markers to rewrite."""
    found: list[tuple[int, int]] = []
    patterns = [_BREAK_RUN]
    if _MARKER in folded:
        patterns.append(_MARKER_RUN)
    if "  " in folded:
        patterns.append(_SPACE_RUN)
    for pattern in patterns:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if start and folded[start - 1] == " ":
                start -= 1
                while start and folded[start - 1] == " ":
                    start -= 1
            found.append((start, end))
    if len(patterns) == 1 or len(found) < 2:
        return found
    found.sort()
    spots = [found[0]]
    for start, end in found[1:]:
        last_start, last_end = spots[-1]
        if start <= last_end:
            if end > last_end:
                spots[-1] = (last_start, end)
        else:
            spots.append((start, end))
    return spots


def _resolve_spot(
    original: str, folded: str, start: int, end: int
) -> tuple[str, list[tuple[int, int]]]:
    """Fold a spot that holds markers: returns its text and (text offset, origin) pairs."""
    out: list[str] = []
    origins: list[tuple[int, int]] = []
    pending_break = -1
    pending_space = -1
    for j in range(start, end):
        c = folded[j]
        produced = _fold_char(original[j]) if c == _MARKER else c
        for x in produced:
            if x == "\n":
                if pending_break < 0:
                    pending_break = j
                if pending_space < 0:
                    pending_space = j
            elif x == " ":
                if pending_space < 0:
                    pending_space = j
            else:
                if pending_space >= 0:
                    source = pending_break if pending_break >= 0 else pending_space
                    origins.append((len(out), source))
                    out.append("\n" if pending_break >= 0 else " ")
                    pending_break = pending_space = -1
                origins.append((len(out), j))
                out.append(x)
    if pending_space >= 0:
        origins.append((len(out), pending_break if pending_break >= 0 else pending_space))
        out.append("\n" if pending_break >= 0 else " ")
    return "".join(out), origins


def normalize(original: str) -> NormalizedText:
    """Fold ``original`` for matching and keep, for each output character, its source.

    A collapsed white-space run maps to its first line break, or to its first character
    when it holds none; when that is the run's first character (the usual case) the
    output character extends the preceding copied segment, so most letters need one
    segment per collapsed run.
    """
    folded = _fold_one_to_one(original)
    spots = _find_spots(folded)
    size = len(original)
    if not spots:
        return NormalizedText(original, folded, OriginMap((0,), (0,), (1,), size, size))
    pieces: list[str] = []
    starts: list[int] = []
    bases: list[int] = []
    steps: list[int] = []
    position = 0
    previous = 0
    for start, end in spots:
        run = folded[start:end]
        plain = _MARKER not in run
        first = run[0]
        linear = plain and (first == "\n" or (first == " " and "\n" not in run))
        if linear or start > previous:
            starts.append(position)
            bases.append(previous)
            steps.append(1)
        pieces.append(folded[previous:start])
        position += start - previous
        if linear:
            pieces.append(first)
            position += 1
        elif plain:
            pieces.append("\n")
            starts.append(position)
            bases.append(start + run.index("\n"))
            steps.append(0)
            position += 1
        else:
            text, origins = _resolve_spot(original, folded, start, end)
            pieces.append(text)
            for offset, source in origins:
                starts.append(position + offset)
                bases.append(source)
                steps.append(0)
            position += len(text)
        previous = end
    if previous < size:
        starts.append(position)
        bases.append(previous)
        steps.append(1)
        pieces.append(folded[previous:])
        position += size - previous
    text = "".join(pieces)
    return NormalizedText(
        original, text, OriginMap(tuple(starts), tuple(bases), tuple(steps), len(text), size)
    )


@lru_cache(maxsize=4096)
def normalize_phrase(s: str) -> str:
    """Fold a lexicon term or rule phrase exactly as letters are folded, without the map."""
    return normalize(s).text
