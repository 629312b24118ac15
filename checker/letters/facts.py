"""Facts a collection letter states: amounts, dates, deadlines, identifiers and contacts.

Rules reason about what the letter *says* (a total, a deadline, a phone number), not
about how it is typed, so every fact carries a parsed value next to its place in the
original text. Extraction runs once per letter on the normalised text (lower case, no
accents, single spaces), which keeps the patterns short.

Speed shapes the code: the checker aims at 2,000 letters a second (README, "Performance"), and
in CPython the cost is in Python-level work per candidate, not in the regex engine. So the
patterns do the discriminating and Python mostly sees real facts:

* They run on a *shape* of the text (same offsets, one byte per character) where every digit
  is ``9`` and ``€`` is ``¤``: a digit pattern then starts with a literal, which ``re`` finds
  by a fast scan, where a leading ``\\d`` is tried at every position.
* What must be read leftwards from an anchor (the number before ``€``, the day and month
  before a year, the ``sous``/``dans`` before ``jours``) is matched on the reversed shape,
  with reversed patterns, so that the anchor leads and no variable-width look-behind is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter, itemgetter

from checker.letters.check_digits import iban_is_valid, siren_is_valid, siret_is_valid
from checker.letters.normalize import NormalizedText, OriginMap, normalize_phrase

__all__ = [
    "CURRENCY_SEPARATOR",
    "THOUSANDS_SEPARATOR",
    "Deadline",
    "Fact",
    "extract_facts",
    "format_amount",
    "parse_amount",
]

THOUSANDS_SEPARATOR = "\u202f"
"""Narrow no-break space, the French typographic thousands separator (``1 234,56 €``)."""
CURRENCY_SEPARATOR = "\u00a0"
"""No-break space between the number and ``€``, so that an amount never breaks across lines."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time limit given to the debtor, as a duration or as a date."""

    days: float | None
    until: date | None
    business_days: bool


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the letter states, with its parsed value and its place in the original text."""

    kind: str
    start: int
    end: int
    text: str
    value: object
    label: str
    valid: bool | None = None
    detail: str = ""


# --------------------------------------------------------------------------- numbers

_NUMBER = (
    r"(?:[0-9]{1,3}(?:(?: [0-9]{3})+|(?:\.[0-9]{3})+)(?:,[0-9]+)?"
    r"|[0-9]+,[0-9]+"
    r"|[0-9]+\.[0-9][0-9](?![0-9.])"
    r"|[0-9]+)"
)
_CURRENCY = r"(?:€|eur(?:os?)?(?![a-z]))"
_AMOUNT_FULL = re.compile(rf"(?:{_CURRENCY} ?({_NUMBER})|({_NUMBER}) ?{_CURRENCY})")
_DECIMAL_POINT = re.compile(r"[0-9]+\.[0-9][0-9]")


def _decimal(number: str) -> Decimal:
    """The value of a number matched by ``_NUMBER``: ``,`` is the decimal mark, except in
    ``12.50`` (a lone point followed by exactly two digits)."""
    if "," in number:
        return Decimal(number.replace(" ", "").replace(".", "").replace(",", "."))
    if "." in number and not _DECIMAL_POINT.fullmatch(number):
        return Decimal(number.replace(".", ""))
    return Decimal(number.replace(" ", ""))


def parse_amount(s: str) -> Decimal:
    """Parse an amount written with a currency marker, as in a letter or a rule.

    Accepts ``1 234,56 €``, ``380 euros``, ``1.234,56 EUR``, ``1234,56€``, ``€ 40``, with any
    kind of space. A bare number is refused: without ``€`` or ``eur`` nothing says it is money.
    """
    match = _AMOUNT_FULL.fullmatch(normalize_phrase(s).strip())
    if match is None:
        raise ValueError(f"not an amount in euros: {s!r}")
    return _decimal(match.group(1) or match.group(2))


def format_amount(v: Decimal) -> str:
    """French notation rounded to the cent: ``1 234,56 €``.

    Thousands are separated by ``THOUSANDS_SEPARATOR`` (U+202F) and the sign by
    ``CURRENCY_SEPARATOR`` (U+00A0); ``parse_amount`` reads the result back.
    """
    if not v.is_finite():
        raise ValueError(f"not a finite amount: {v!r}")
    cents = v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    units, _, decimals = f"{abs(cents):.2f}".partition(".")
    grouped = f"{int(units):,}".replace(",", THOUSANDS_SEPARATOR)
    sign = "-" if cents < 0 else ""
    return f"{sign}{grouped},{decimals}{CURRENCY_SEPARATOR}€"


# --------------------------------------------------------------------------- words

_NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
    "vingt-et-un": 21, "vingt-deux": 22, "vingt-trois": 23, "vingt-quatre": 24,
    "vingt-cinq": 25, "vingt-six": 26, "vingt-sept": 27, "vingt-huit": 28, "vingt-neuf": 29,
    "trente": 30, "trente-et-un": 31, "quarante": 40, "quarante-cinq": 45,
    "quarante-huit": 48, "soixante": 60, "soixante-douze": 72, "quatre-vingt-dix": 90,
}
_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DATED_DEADLINE_WORDS = (
    "avant le", "avant la date du", "au plus tard le", "au plus tard au",
    "au plus tard a la date du", "d'ici le", "d'ici au", "jusqu'au", "jusqu'a",
)
_DURATION_WORDS = ("sous", "dans", "d'ici")
_DURATION_LINKS = (
    "un delai de", "un delai maximum de", "un delai maximal de", "un delai imparti de",
    "le delai de", "les",
)
_PERIOD_WORDS = ("sous", "sous la", "dans la", "d'ici la", "a")
_WORD_SEPARATORS = re.compile(r"[- \n]+")
# Between the words of a phrase: letters are often wrapped, so a line break counts as a space.
_W = r"[ \n]"


def _spellings(word: str) -> tuple[str, ...]:
    """``vingt-et-un`` is also written ``vingt et un``."""
    return (word, word.replace("-", " ")) if "-" in word else (word,)


def _alternatives(words: Iterable[str], *, reverse: bool = False) -> str:
    """A regex alternation of the words, longest first, optionally spelt backwards; a space
    between words also matches a line break."""
    spelt = {w[::-1] if reverse else w for w in words}
    return "|".join(
        re.escape(w).replace("\\ ", _W) for w in sorted(spelt, key=len, reverse=True)
    )


# --------------------------------------------------------------------------- patterns
# Patterns named *_R run on the reversed shape; read them right to left.

_SHAPE_TABLE = bytes.maketrans(b"0123456789", b"9999999999")


def _shape(text: str) -> str:
    """Same offsets as ``text``; digits -> ``9``, ``€`` -> ``¤``, other non-Latin-1 -> ``?``."""
    raw = text.replace("€", "¤").encode("latin-1", "replace")
    return raw.translate(_SHAPE_TABLE).decode("latin-1")


# _NUMBER spelt backwards. Greedy from the currency marker leftwards, it takes the longest
# grouping that does not start inside another number ("en 2025 1 234,56 €" gives 1 234,56).
_NUMBER_R = (
    r"(?:(?:9+,)?(?:(?:999 )+|(?:999\.)+)99?9?|9+,9+|99\.9+|9+)(?![9.,])"
)
_AMOUNT_BEFORE_R = re.compile(rf" ?({_NUMBER_R})")
_AMOUNT_AFTER = re.compile(
    r" ?((?:99?9?(?:(?: 999)+|(?:\.999)+)(?:,9+)?|9+,9+|9+\.99|9+))(?!9|[.,]9)"
)
_EURO_WORD = re.compile(r"eur(?<![a-z]eur)(?:os?)?(?![a-z9])")
_PERCENT_BEFORE_R = re.compile(r" ?((?:9+[,.])?9+)(?![9.,])")
_PERCENT_WORDS = re.compile(
    rf"pour{_W}?cent(?<![a-z]pour[ \n]cent)(?<![a-z]pourcent)(?![a-z])"
)

_DATE_R = re.compile(
    r"9999(?<!99999)"
    rf"(?:{_W}(?P<month>{_alternatives(_MONTHS, reverse=True)}){_W}(?P<day>re9|99?)"
    r"|(?P<sep>[/.-])(?P<mm>99?)(?P=sep)(?P<dd>99?))(?!9)"
    rf"(?:{_W}(?P<weekday>{_alternatives(_WEEKDAYS, reverse=True)})(?![a-z]))?"
    rf"(?:{_W}(?P<keyword>{_alternatives(_DATED_DEADLINE_WORDS, reverse=True)})(?![a-z']))?"
)
_ISO_DATE = re.compile(r"9999-99-99(?<![9/.-]9999-99-99)(?!9)")
_DATED_DEADLINE_BEFORE = re.compile(rf"(?:{_alternatives(_DATED_DEADLINE_WORDS)}){_W}\Z")

_QUANTITY_R = _alternatives([s for w in _NUMBER_WORDS for s in _spellings(w)], reverse=True)
_DURATION_TAIL_R = (
    rf"(?:{_W}\)9{{1,3}}\()?"
    rf"{_W}(?P<qty>9{{1,3}}(?!9)|(?:{_QUANTITY_R})(?![a-z]))"
    rf"(?:{_W}(?:{_alternatives(_DURATION_LINKS, reverse=True)}))?"
    rf"{_W}(?P<key>{_alternatives(_DURATION_WORDS, reverse=True)})(?![a-z'])"
)
_DAYS_R = re.compile(r"ruoj(?![a-z])" + _DURATION_TAIL_R)
_HOURS_R = re.compile(r"erueh(?![a-z])" + _DURATION_TAIL_R)
_PERIOD_R = re.compile(
    r"(?P<unit>eni(?:atiuh|azniuq))(?![a-z])"
    rf"{_W}(?P<key>{_alternatives(_PERIOD_WORDS, reverse=True)})(?![a-z'])"
)
_DAY_UNIT = re.compile(
    rf"jours?(?:{_W}(ouvres|ouvrables|calendaires|francs|pleins))?(?![a-z])"
)
_HOUR_UNIT = re.compile(r"heures?(?![a-z])")
_FROM_RECEIPT = re.compile(
    (
        r",? (?:a compter|a partir) (?:de la|du|de) (?:date de )?(?:reception|presente)"
        r"(?: (?:de la presente|du present courrier|de ce courrier|de la presente lettre))?"
    ).replace(" ", _W)
)

_TOKEN = r"(?P<token>(?=[a-z9_./-]*9)[a-z9](?:[a-z9_./-]*[a-z9_/-])?)(?![a-z9_/-])"
_NUMBER_SIGN = r"(?:n°|nº|no|n\.|numero|num\.?)"
_INVOICE_FACTURE = re.compile(
    rf"facture(?<![a-z]facture)s?(?![a-z])(?:{_W}?{_NUMBER_SIGN})?(?: ?:)?{_W}?{_TOKEN}"
)
_INVOICE_REF = re.compile(
    r"ref(?<![a-z]ref)(?:erence)?s?(?![a-z])\.?"
    rf"(?:{_W}(?:de{_W}(?:la{_W}|votre{_W})?)?(?:facture|dossier|client|creance|paiement))?"
    rf"(?:{_W}?{_NUMBER_SIGN})?(?: ?:)?{_W}?{_TOKEN}"
)
_IBAN = re.compile(
    r"99(?<=[a-z][a-z]99)(?<![a-z9][a-z][a-z]99)"
    r"(?:[a-z9]{11,30}"
    r"|(?: [a-z9]{4})(?: (?=[a-z]{0,3}9)[a-z9]{4}){1,6}(?: (?=[a-z]{0,3}9)[a-z9]{1,4})?)"
    r"(?![a-z9])"
)
_COMPANY_ID = r"(?P<id>9(?: ?9){13}|9(?: ?9){8})(?! ?9)"
_SIRE = re.compile(
    rf"sire[nt](?<![a-z]sire[nt])(?![a-z])(?:{_W}?{_NUMBER_SIGN})?(?: ?:)?{_W}?{_COMPANY_ID}"
)
_RCS = re.compile(rf"rcs(?<![a-z]rcs)(?![a-z])[a-z' \n:°-]{{0,50}}?{_COMPANY_ID}")
_PHONE = re.compile(r"0(?<![0-9.,]0) ?[1-9](?:[ .-]?[0-9]){8}(?![0-9])")
_PHONE_INTERNATIONAL = re.compile(r"\+33 ?(?:\(0\) ?)?[1-9](?:[ .-]?[0-9]){8}(?![0-9])")
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"@[a-z9-]+(?:\.[a-z9-]+)*\.[a-z]{2,}(?![a-z9-])")
_URL_HTTP = re.compile(r"http(?<![a-z]http)s?://[^\s<>\"]+")
_URL_WWW = re.compile(r"www\.(?<![a-z/]www\.)[^\s<>\"]+")
_URL_TRAILING = ".,;:!?'\")]"
_POSTAL_CODE = re.compile(r"99999(?<![9.,]99999) (?=[a-z])")

_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("iban", "siret", "siren", "email", "url", "phone", "amount", "deadline", "date",
         "invoice_ref", "postal_code", "percent")
    )
}
_LABEL_STRIP = " :-*•·"


# A candidate is (start, end, kind, value, valid, detail) in normalised offsets.
_Candidate = tuple[int, int, str, object, bool | None, str]


def _finds(text: str, needle: str) -> list[int]:
    """Every offset of ``needle``: ``str.find`` beats a regex for a fixed string."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _amounts(text: str, shape: str, rshape: str, out: list[_Candidate]) -> None:
    size = len(text)
    markers = [(at, at + 1) for at in _finds(shape, "¤")]
    markers += [m.span() for m in _EURO_WORD.finditer(shape)]
    for start, end in markers:
        before = _AMOUNT_BEFORE_R.match(rshape, size - start)
        if before is not None:
            first = size - before.end(1)
            number = text[first:size - before.start(1)]
            out.append((first, end, "amount", _decimal(number), None, ""))
            continue
        after = _AMOUNT_AFTER.match(shape, end)
        if after is not None:
            number = text[after.start(1):after.end(1)]
            out.append((start, after.end(1), "amount", _decimal(number), None, ""))


def _percents(text: str, shape: str, rshape: str, out: list[_Candidate]) -> None:
    size = len(text)
    markers = [(at, at + 1) for at in _finds(shape, "%")]
    markers += [m.span() for m in _PERCENT_WORDS.finditer(shape)]
    for start, end in markers:
        before = _PERCENT_BEFORE_R.match(rshape, size - start)
        if before is not None:
            first = size - before.end(1)
            value = Decimal(text[first:size - before.start(1)].replace(",", "."))
            out.append((first, end, "percent", value, None, ""))


def _dates(text: str, shape: str, rshape: str, out: list[_Candidate],
           letter_date: date | None) -> None:
    """Dates are found from their four-digit year, the rarest part, read leftwards."""
    size = len(text)
    found: list[tuple[int, int, date, int]] = []
    for match in _DATE_R.finditer(rshape):
        end = size - match.start()
        if text[end - 4] not in "12":
            continue
        try:
            if match.group("month") is not None:
                month = _MONTHS[match.group("month")[::-1]]
                day_start, day_end = match.span("day")
                day = int(text[size - day_end:size - day_start].removesuffix("er"))
            else:
                month_start, month_end = match.span("mm")
                month = int(text[size - month_end:size - month_start])
                day_start, day_end = match.span("dd")
                day = int(text[size - day_end:size - day_start])
            value = date(int(text[end - 4:end]), month, day)
        except ValueError:
            continue
        start = size - (match.end("weekday") if match.group("weekday") else day_end)
        keyword = size - match.end("keyword") if match.group("keyword") else -1
        found.append((start, end, value, keyword))
    if "-" in shape:
        for match in _ISO_DATE.finditer(shape):
            start, end = match.span()
            try:
                value = date(int(text[start:start + 4]), int(text[start + 5:start + 7]),
                             int(text[start + 8:end]))
            except ValueError:
                continue
            before = _DATED_DEADLINE_BEFORE.search(shape, max(0, start - 30), start)
            found.append((start, end, value, before.start() if before is not None else -1))
    for start, end, value, keyword in found:
        out.append((start, end, "date", value, None, ""))
        if keyword >= 0:
            days = float((value - letter_date).days) if letter_date is not None else None
            out.append((keyword, end, "deadline", Deadline(days, value, False), None, "date"))


def _durations(text: str, shape: str, rshape: str, out: list[_Candidate]) -> None:
    size = len(text)
    for pattern, unit_pattern, length, per_day, detail in (
        (_DAYS_R, _DAY_UNIT, 4, 1, "jours"), (_HOURS_R, _HOUR_UNIT, 5, 24, "heures")
    ):
        for match in pattern.finditer(rshape):
            unit = unit_pattern.match(shape, size - match.start() - length)
            if unit is None:
                continue
            qty_start, qty_end = match.span("qty")
            quantity = text[size - qty_end:size - qty_start]
            count = (
                int(quantity) if quantity[0].isdigit()
                else _NUMBER_WORDS[_WORD_SEPARATORS.sub("-", quantity)]
            )
            business = detail == "jours" and unit.group(1) in ("ouvres", "ouvrables")
            out.append(_deadline(shape, size - match.end("key"), unit.end(), count / per_day,
                                 business, detail))
    for match in _PERIOD_R.finditer(rshape):
        days = 8.0 if match.group("unit") == "eniatiuh" else 15.0
        out.append(_deadline(shape, size - match.end("key"), size - match.start("unit"), days,
                             False, "jours"))


def _deadline(shape: str, start: int, end: int, days: float, business: bool,
              detail: str) -> _Candidate:
    trailer = _FROM_RECEIPT.match(shape, end)
    if trailer is not None:
        end = trailer.end()
    return (start, end, "deadline", Deadline(days, None, business), None, detail)


def _invoice_refs(shape: str, out: list[_Candidate]) -> None:
    for pattern in (_INVOICE_FACTURE, _INVOICE_REF):
        for match in pattern.finditer(shape):
            out.append((match.start("token"), match.end("token"), "invoice_ref", "", None, ""))


def _ibans(text: str, shape: str, out: list[_Candidate]) -> None:
    for match in _IBAN.finditer(shape):
        start = match.start() - 2
        compact = "".join(text[start:match.end()].split()).upper()
        out.append((start, match.end(), "iban", compact, iban_is_valid(compact), ""))


def _company_ids(text: str, shape: str, out: list[_Candidate]) -> None:
    for pattern in (_SIRE, _RCS):
        for match in pattern.finditer(shape):
            start, end = match.span("id")
            digits = text[start:end].replace(" ", "")
            if len(digits) == 14:
                out.append((start, end, "siret", digits, siret_is_valid(digits), ""))
            else:
                out.append((start, end, "siren", digits, siren_is_valid(digits), ""))


def _phones(text: str, out: list[_Candidate]) -> None:
    patterns = (_PHONE, _PHONE_INTERNATIONAL) if "+" in text else (_PHONE,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            written = match.group()
            digits = written.replace(" ", "").replace(".", "").replace("-", "").replace(")", "")
            out.append((match.start(), match.end(), "phone", "+33" + digits[-9:], None, ""))


def _contacts(text: str, shape: str, out: list[_Candidate]) -> None:
    for at in _finds(shape, "@"):
        domain = _EMAIL_DOMAIN.match(shape, at)
        if domain is None:
            continue
        start = at
        while start > at - 64 and start and text[start - 1] in _EMAIL_LOCAL_CHARS:
            start -= 1
        while start < at and text[start] == ".":
            start += 1
        if start < at:
            out.append((start, domain.end(), "email", "", None, ""))
    for pattern in (_URL_HTTP, _URL_WWW):
        for match in pattern.finditer(shape):
            url = match.group().rstrip(_URL_TRAILING)
            while url.endswith(")") and url.count("(") < url.count(")"):
                url = url[:-1].rstrip(_URL_TRAILING)
            if len(url) > 4:
                out.append((match.start(), match.start() + len(url), "url", "", None, ""))


def _postal_codes(text: str, shape: str, out: list[_Candidate]) -> None:
    for match in _POSTAL_CODE.finditer(shape):
        start = match.start()
        code = text[start:start + 5]
        if 1 <= int(code[:2]) <= 98:
            out.append((start, start + 5, "postal_code", code, None, ""))


def _compatible(a: _Candidate, b: _Candidate) -> bool:
    """A dated deadline keeps the date it contains: rules read both."""
    if a[2] == "date":
        a, b = b, a
    return (
        a[2] == "deadline" and a[5] == "date" and b[2] == "date"
        and a[0] <= b[0] and b[1] <= a[1]
    )


_BY_SPAN = itemgetter(0, 1)


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop the less specific of overlapping facts; overlaps are rare, so work per cluster."""
    if not candidates:
        return candidates
    candidates.sort(key=_BY_SPAN)
    kept: list[_Candidate] = []
    cluster = [candidates[0]]
    cluster_end = candidates[0][1]
    for candidate in candidates[1:]:
        if candidate[0] >= cluster_end:
            if len(cluster) == 1:
                kept.append(cluster[0])
            else:
                kept.extend(_best_of(cluster))
            cluster = [candidate]
            cluster_end = candidate[1]
        else:
            cluster.append(candidate)
            cluster_end = max(cluster_end, candidate[1])
    kept.extend(cluster if len(cluster) == 1 else _best_of(cluster))
    return kept


def _inside_amount(candidate: _Candidate, cluster: list[_Candidate]) -> bool:
    """A phone number is more specific than an amount, but not when it is part of one."""
    return candidate[2] == "phone" and any(
        other[2] == "amount" and other[0] <= candidate[0] and candidate[1] <= other[1]
        for other in cluster
    )


def _best_of(cluster: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    ranked = sorted(
        (c for c in cluster if not _inside_amount(c, cluster)),
        key=lambda c: (_PRIORITY[c[2]], c[0], -c[1]),
    )
    for candidate in ranked:
        if all(
            candidate[1] <= other[0] or other[1] <= candidate[0] or _compatible(candidate, other)
            for other in chosen
        ):
            chosen.append(candidate)
    chosen.sort(key=_BY_SPAN)
    return chosen


def _segments_of(origin: Sequence[int]) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
    """Segments (one per character) for an origin map that is not an ``OriginMap``."""
    size = len(origin) - 1
    return range(size), origin[:size], (0,) * size


_SET_FACT_FIELDS = tuple(getattr(Fact, name).__set__ for name in Fact.__dataclass_fields__)
_WRITTEN_VALUE = frozenset(("invoice_ref", "email", "url"))
_BY_PLACE = attrgetter("start", "end")


def extract_facts(norm: NormalizedText, letter_date: date | None = None) -> list[Fact]:
    """All facts of a letter, sorted by place; ``letter_date`` turns dated deadlines into days.

    The facts are built by writing their slots directly rather than through the frozen
    dataclass ``__init__``, which routes each of the eight fields through
    ``object.__setattr__`` and would cost more than finding the facts.
    """
    text = norm.text
    shape = _shape(text)
    rshape = shape[::-1]
    found: list[_Candidate] = []
    _amounts(text, shape, rshape, found)
    _percents(text, shape, rshape, found)
    _dates(text, shape, rshape, found, letter_date)
    _durations(text, shape, rshape, found)
    _invoice_refs(shape, found)
    _ibans(text, shape, found)
    _company_ids(text, shape, found)
    _phones(text, found)
    _contacts(text, shape, found)
    _postal_codes(text, shape, found)

    original = norm.original
    origin = norm.origin
    starts: Sequence[int]
    bases: Sequence[int]
    steps: Sequence[int]
    if isinstance(origin, OriginMap):
        starts, bases, steps = origin.starts, origin.bases, origin.steps
    else:
        starts, bases, steps = _segments_of(origin)
    rfind = text.rfind
    new = object.__new__
    set_kind, set_start, set_end, set_text, set_value, set_label, set_valid, set_detail = (
        _SET_FACT_FIELDS
    )
    facts: list[Fact] = []
    in_order = True
    previous = (-1, -1)
    for start, end, kind, value, valid, detail in _resolve_overlaps(found):
        k = bisect_right(starts, start) - 1
        begin = bases[k] + (start - starts[k]) * steps[k]
        k = bisect_right(starts, end - 1, k) - 1
        finish = bases[k] + (end - 1 - starts[k]) * steps[k] + 1
        window = start - 80 if start > 80 else 0
        line_start = rfind("\n", window, start) + 1 or window
        written = original[begin:finish]
        fact: Fact = new(Fact)
        set_kind(fact, kind)
        set_start(fact, begin)
        set_end(fact, finish)
        set_text(fact, written)
        set_value(fact, written if kind in _WRITTEN_VALUE else value)
        set_label(fact, text[line_start:start].strip(_LABEL_STRIP))
        set_valid(fact, valid)
        set_detail(fact, detail)
        facts.append(fact)
        if (begin, finish) < previous:
            in_order = False
        previous = (begin, finish)
    if not in_order:
        facts.sort(key=_BY_PLACE)
    return facts
