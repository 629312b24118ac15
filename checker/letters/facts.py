"""Facts a collection letter states: amounts, dates, deadlines, identifiers and contacts.

Rules reason about what the letter *says* (a total, a deadline, a premium-rate number), not
about how it is typed, so every fact carries a parsed value next to its place in the
original text. Extraction runs once per letter on the normalised text (lower case, no
accents, single spaces), which keeps the patterns short.

Speed shapes the code: the checker reads 2,000 letters a second. Python's ``re`` scans
fast only for a pattern that starts with a literal; one that starts with a character class
(``\\d``) costs about ten times more per character. So every search starts from a literal
anchor (``€``, ``jour``, ``siret``, ``@``…) and looks around it, and the digit-led patterns
run on a *shape* of the text in which every digit is ``9``, so they too start with a
literal.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter, itemgetter

from checker.letters.normalize import NormalizedText, OriginMap, normalize_phrase

__all__ = [
    "CURRENCY_SEPARATOR",
    "THOUSANDS_SEPARATOR",
    "Deadline",
    "Fact",
    "extract_facts",
    "format_amount",
    "iban_is_valid",
    "luhn_is_valid",
    "parse_amount",
    "siren_is_valid",
    "siret_is_valid",
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
    r"(?:\d{1,3}(?:(?: \d{3})+|(?:\.\d{3})+)(?:,\d+)?"
    r"|\d+,\d+"
    r"|\d+\.\d\d(?![\d.])"
    r"|\d+)"
)
_CURRENCY = r"(?:€|eur(?:os?)?(?![a-z]))"
# Anchored at the currency marker and searched leftwards from a window start: the leftmost
# start wins, which is the longest grouping; ``(?<![\d.,])`` keeps it from starting inside a
# year or another number ("en 2025 1 234,56 €" gives 1 234,56).
_AMOUNT_BEFORE = re.compile(rf"(?<![\d.,])({_NUMBER}) ?\Z")
_NUMBER_CHARS = frozenset("0123456789 .,")
_NUMBER_FULL = re.compile(_NUMBER)
_AMOUNT_AFTER = re.compile(rf" ?({_NUMBER})(?!\d|[.,]\d)")
_AMOUNT_FULL = re.compile(rf"(?:{_CURRENCY} ?({_NUMBER})|({_NUMBER}) ?{_CURRENCY})")
_EURO_WORD = re.compile(r"eur(?<![a-z]eur)(?:os?)?(?![a-z])")
_PERCENT_BEFORE = re.compile(r"(?<![\d.,])(\d+(?:[,.]\d+)?) ?\Z")
_DECIMAL_POINT = re.compile(r"\d+\.\d\d")


def _decimal(number: str) -> Decimal:
    """The value of a number matched by ``_NUMBER``: ``,`` is the decimal mark, except in
    ``12.50`` (a lone point followed by exactly two digits)."""
    if "," in number:
        units, _, decimals = number.partition(",")
        return Decimal(units.replace(" ", "").replace(".", "") + "." + decimals)
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


# --------------------------------------------------------------------------- checksums

_IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20,
    "CH": 21, "GB": 22, "NL": 18, "PT": 25, "AT": 20, "IE": 22,
}
_IBAN_FORMAT = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_IBAN_LETTER_DIGITS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def iban_is_valid(s: str) -> bool:
    """ISO 13616 check: known length for the country (15 to 34 otherwise), mod 97 == 1."""
    compact = "".join(s.split()).upper()
    if not _IBAN_FORMAT.fullmatch(compact):
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    if not 15 <= len(compact) <= 34:
        return False
    return int((compact[4:] + compact[:4]).translate(_IBAN_LETTER_DIGITS)) % 97 == 1


# Digit d -> the digit whose value is the Luhn weight of 2*d (its digit sum), so that both
# halves of the Luhn sum are plain byte sums computed in C.
_LUHN_DOUBLE = bytes.maketrans(b"0123456789", b"0246813579")


def luhn_is_valid(digits: str) -> bool:
    """Luhn mod 10, the check digit of SIREN and SIRET numbers."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    raw = digits.encode("ascii")
    kept = raw[::-1][::2]
    doubled = raw[::-1][1::2].translate(_LUHN_DOUBLE)
    return (sum(kept) + sum(doubled) - 48 * len(raw)) % 10 == 0


def siren_is_valid(s: str) -> bool:
    """Nine digits (spaces allowed) with a Luhn check digit."""
    digits = "".join(s.split())
    return len(digits) == 9 and luhn_is_valid(digits)


_LA_POSTE_SIREN = "356000000"


def siret_is_valid(s: str) -> bool:
    """Fourteen digits with a Luhn check digit, except La Poste's establishments.

    La Poste has too many establishments for Luhn-valid numbers under its single SIREN, so
    INSEE checks its SIRETs by digit sum modulo 5 instead.
    """
    digits = "".join(s.split())
    if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        return False
    if digits.startswith(_LA_POSTE_SIREN):
        return sum(ord(c) - 48 for c in digits) % 5 == 0
    return luhn_is_valid(digits)


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
_WORDS_PATTERN = "|".join(
    word.replace("-et-", "(?:-et-| et )").replace("-", "[- ]")
    for word in sorted(_NUMBER_WORDS, key=len, reverse=True)
)
_WORD_SEPARATORS = re.compile(r"[- ]+")

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_WEEKDAYS = ("lundi ", "mardi ", "mercredi ", "jeudi ", "vendredi ", "samedi ", "dimanche ")

# --------------------------------------------------------------------------- patterns

_SHAPE_TABLE = bytes.maketrans(b"0123456789", b"9999999999")
_YEAR_SHAPE = re.compile(r"9999(?<!99999)(?!9)")
_DAY_MONTH_SHAPE = re.compile(r"9(?<!99)9?(?:(?:er)? ([a-z]{3,9}) |([/.-])99?\2)\Z")
_ISO_TAIL_SHAPE = re.compile(r"-99-99(?!9)")
_IBAN_SHAPE = re.compile(
    r"99(?<=[a-z][a-z]99)"
    r"(?:[a-z9]{11,30}"
    r"|(?: [a-z9]{4})(?: (?=[a-z]{0,3}9)[a-z9]{4}){1,6}(?: (?=[a-z]{0,3}9)[a-z9]{1,4})?)"
    r"(?![a-z9])"
)
_POSTAL_SHAPE = re.compile(r"99999 (?=[a-z])")
_PHONE = re.compile(r"0(?<![\d.,]0) ?[1-9](?:[ .-]?\d){8}(?!\d)")
_PHONE_INTERNATIONAL = re.compile(r"\+33 ?(?:\(0\) ?)?[1-9](?:[ .-]?\d){8}(?!\d)")
_DATED_DEADLINE_BEFORE = re.compile(
    r"(?<![a-z'])(?:avant le|au plus tard (?:le|au)|d'ici (?:le|au)|jusqu'au|jusqu'a"
    r"|avant la date du|au plus tard a la date du) \Z"
)
_DURATION_BEFORE = re.compile(
    r"(?<![a-z'])(?:sous|dans|d'ici)"
    r"(?: (?:un|le) delai(?: maximum| maximal| imparti)? de| les| un delai d')?"
    rf" ?(\d{{1,3}}|{_WORDS_PATTERN})(?: \(\d{{1,3}}\))? \Z"
)
_PERIOD_BEFORE = re.compile(r"(?<![a-z'])(?:sous(?: la)?|dans la|d'ici la|a) \Z")
_DAY_UNIT = re.compile(r"jours?(?: (ouvres|ouvrables|calendaires|francs|pleins))?(?![a-z])")
_HOUR_UNIT = re.compile(r"heures?(?![a-z])")
_FROM_RECEIPT = re.compile(
    r",? (?:a compter|a partir) (?:de la|du|de) (?:date de )?(?:reception|presente)"
    r"(?: (?:de la presente|du present courrier|de ce courrier|de la presente lettre))?"
)
_TOKEN = r"((?=[a-z0-9_./-]*\d)[a-z0-9](?:[a-z0-9_./-]*[a-z0-9_/-])?)(?![a-z0-9_/-])"
_NUMBER_SIGN = r"(?:n°|nº|no|n\.|numero|num\.?)"
_INVOICE_AFTER_FACTURE = re.compile(
    rf"factures?(?![a-z])(?: ?{_NUMBER_SIGN})?(?: ?:)? ?{_TOKEN}"
)
_INVOICE_AFTER_REF = re.compile(
    r"ref(?:erence)?s?(?![a-z])\.?"
    r"(?: (?:de (?:la |votre )?)?(?:facture|dossier|client|creance|paiement))?"
    rf"(?: ?{_NUMBER_SIGN})?(?: ?:)? ?{_TOKEN}"
)
_SIRE = re.compile(
    rf"sire[nt](?![a-z])(?: ?{_NUMBER_SIGN})?(?: ?:)? ?(\d(?: ?\d){{13}}|\d(?: ?\d){{8}})(?! ?\d)"
)
_RCS = re.compile(r"rcs(?![a-z])[a-z' :°-]{0,50}?(\d(?: ?\d){13}|\d(?: ?\d){8})(?! ?\d)")
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z0-9-])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_URL_TRAILING = ".,;:!?'\")]"

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
    """Every offset of ``needle``: cheaper than a regex when the needle is a fixed string."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _letter_before(text: str, at: int) -> bool:
    return at > 0 and "a" <= text[at - 1] <= "z"


def _amounts(text: str, out: list[_Candidate]) -> None:
    markers = [(at, at + 1) for at in _finds(text, "€")]
    markers += [m.span() for m in _EURO_WORD.finditer(text)]
    for start, end in markers:
        begin = start
        while begin and text[begin - 1] in _NUMBER_CHARS:
            begin -= 1
        if begin < start:
            run = text[begin:start]
            number = run.strip(" ")
            if _NUMBER_FULL.fullmatch(number):
                first = begin + len(run) - len(run.lstrip(" "))
                out.append((first, end, "amount", _decimal(number), None, ""))
                continue
            before = _AMOUNT_BEFORE.search(text, begin, start)
            if before is not None:
                out.append((before.start(1), end, "amount", _decimal(before.group(1)), None, ""))
                continue
        after = _AMOUNT_AFTER.match(text, end)
        if after is not None:
            out.append((start, after.end(1), "amount", _decimal(after.group(1)), None, ""))


def _percents(text: str, out: list[_Candidate]) -> None:
    markers = [(at, at + 1) for at in _finds(text, "%")]
    markers += [(at, at + 9) for at in _finds(text, "pour cent") if not _letter_before(text, at)]
    for start, end in markers:
        before = _PERCENT_BEFORE.search(text, max(0, start - 20), start)
        if before is not None:
            value = Decimal(before.group(1).replace(",", "."))
            out.append((before.start(1), end, "percent", value, None, ""))


def _dates(text: str, shape: str, out: list[_Candidate], letter_date: date | None) -> None:
    """Dates are found from their four-digit year, the rarest part, then read leftwards."""
    for year_match in _YEAR_SHAPE.finditer(shape):
        year_start, end = year_match.span()
        if text[year_start] not in "12":
            continue
        year = int(text[year_start:end])
        month_name = None
        start = year_start
        try:
            before = _DAY_MONTH_SHAPE.search(shape, max(0, year_start - 14), year_start)
            if before is not None:
                start = before.start()
                if before.group(1) is not None:
                    month_name = before.group(1)
                    month = _MONTHS.get(month_name)
                    if month is None:
                        continue
                    day_text = text[start:before.start(1) - 1].removesuffix("er")
                else:
                    day_text, month_text, _ = text[start:end].split(before.group(2))
                    month = int(month_text)
                value = date(year, month, int(day_text))
            else:
                tail = _ISO_TAIL_SHAPE.match(shape, end)
                if tail is None or (year_start and shape[year_start - 1] in "9.,/-"):
                    continue
                value = date(year, int(text[end + 1:end + 3]), int(text[end + 4:end + 6]))
                end = tail.end()
        except ValueError:
            continue
        if month_name is not None and text.endswith(_WEEKDAYS, max(0, start - 9), start):
            for weekday in _WEEKDAYS:
                begin = start - len(weekday)
                if begin >= 0 and text.startswith(weekday, begin):
                    if not _letter_before(text, begin):
                        start = begin
                    break
        out.append((start, end, "date", value, None, ""))
        keyword = _DATED_DEADLINE_BEFORE.search(text, max(0, start - 30), start)
        if keyword is not None:
            days = float((value - letter_date).days) if letter_date is not None else None
            deadline = Deadline(days, value, False)
            out.append((keyword.start(), end, "deadline", deadline, None, "date"))


def _durations(text: str, out: list[_Candidate]) -> None:
    units: list[tuple[int, int, int, bool, str]] = []
    for at in _finds(text, "jour"):
        if not _letter_before(text, at):
            unit = _DAY_UNIT.match(text, at)
            if unit is not None:
                units.append((at, unit.end(), 1, unit.group(1) in ("ouvres", "ouvrables"), "jours"))
    for at in _finds(text, "heure"):
        if not _letter_before(text, at):
            unit = _HOUR_UNIT.match(text, at)
            if unit is not None:
                units.append((at, unit.end(), 24, False, "heures"))
    for at in _finds(text, "aine"):
        for word, days in (("huit", 8.0), ("quinz", 15.0)):
            begin = at - len(word)
            end = at + 4
            if begin >= 0 and text.startswith(word, begin) and not _letter_before(text, begin):
                if end == len(text) or not "a" <= text[end] <= "z":
                    period = _PERIOD_BEFORE.search(text, max(0, begin - 12), begin)
                    if period is not None:
                        out.append(_deadline(text, period.start(), end, days, False, "jours"))
    for at, end, per_day, business, detail in units:
        before = _DURATION_BEFORE.search(text, max(0, at - 60), at)
        if before is None:
            continue
        quantity = before.group(1)
        count = (
            int(quantity) if quantity[0].isdigit()
            else _NUMBER_WORDS[_WORD_SEPARATORS.sub("-", quantity)]
        )
        out.append(_deadline(text, before.start(), end, count / per_day, business, detail))


def _deadline(text: str, start: int, end: int, days: float, business: bool,
              detail: str) -> _Candidate:
    trailer = _FROM_RECEIPT.match(text, end)
    if trailer is not None:
        end = trailer.end()
    return (start, end, "deadline", Deadline(days, None, business), None, detail)


def _invoice_refs(text: str, out: list[_Candidate]) -> None:
    for needle, pattern in (("factur", _INVOICE_AFTER_FACTURE), ("ref", _INVOICE_AFTER_REF)):
        for at in _finds(text, needle):
            if _letter_before(text, at):
                continue
            match = pattern.match(text, at)
            if match is not None:
                out.append((match.start(1), match.end(1), "invoice_ref", "", None, ""))


def _ibans(text: str, shape: str, out: list[_Candidate]) -> None:
    for match in _IBAN_SHAPE.finditer(shape):
        start = match.start() - 2
        if start and shape[start - 1] in "abcdefghijklmnopqrstuvwxyz9":
            continue
        compact = "".join(text[start:match.end()].split()).upper()
        if 15 <= len(compact) <= 34:
            out.append((start, match.end(), "iban", compact, iban_is_valid(compact), ""))


def _company_ids(text: str, out: list[_Candidate]) -> None:
    for needle, pattern in (("sire", _SIRE), ("rcs", _RCS)):
        for at in _finds(text, needle):
            if _letter_before(text, at):
                continue
            match = pattern.match(text, at)
            if match is None:
                continue
            digits = "".join(match.group(1).split())
            if len(digits) == 14:
                out.append((match.start(1), match.end(1), "siret", digits, siret_is_valid(digits), ""))
            else:
                out.append((match.start(1), match.end(1), "siren", digits, siren_is_valid(digits), ""))


def _phones(text: str, out: list[_Candidate]) -> None:
    patterns = (_PHONE, _PHONE_INTERNATIONAL) if "+" in text else (_PHONE,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            written = match.group()
            digits = written.replace(" ", "").replace(".", "").replace("-", "").replace(")", "")
            national = "0" + digits[-9:]
            if national[:3] in ("081", "082", "089"):
                detail = "surtaxe"
            elif "0800" <= national[:4] <= "0805":
                detail = "gratuit"
            else:
                detail = ""
            out.append((match.start(), match.end(), "phone", "+33" + national[1:], None, detail))


def _contacts(text: str, out: list[_Candidate]) -> None:
    for at in _finds(text, "@"):
        domain = _EMAIL_DOMAIN.match(text, at)
        if domain is None:
            continue
        start = at
        while start > at - 64 and start and text[start - 1] in _EMAIL_LOCAL_CHARS:
            start -= 1
        while start < at and text[start] == ".":
            start += 1
        if start < at:
            out.append((start, domain.end(), "email", "", None, ""))
    starts = [at for at in _finds(text, "http") if not _letter_before(text, at)]
    starts += [at for at in _finds(text, "www.") if not _letter_before(text, at)
               and not (at >= 2 and text.startswith("//", at - 2))]
    for at in starts:
        match = _URL.match(text, at)
        if match is None:
            continue
        url = match.group().rstrip(_URL_TRAILING)
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(_URL_TRAILING)
        if len(url) > 4:
            out.append((at, at + len(url), "url", "", None, ""))


def _postal_codes(text: str, shape: str, out: list[_Candidate]) -> None:
    for match in _POSTAL_SHAPE.finditer(shape):
        start = match.start()
        if start and shape[start - 1] in "9.,":
            continue
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
            if candidate[1] > cluster_end:
                cluster_end = candidate[1]
    kept.extend(cluster if len(cluster) == 1 else _best_of(cluster))
    return kept


def _best_of(cluster: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for candidate in sorted(cluster, key=lambda c: (_PRIORITY[c[2]], c[0], -c[1])):
        if all(
            candidate[1] <= other[0] or other[1] <= candidate[0] or _compatible(candidate, other)
            for other in chosen
        ):
            chosen.append(candidate)
    chosen.sort(key=_BY_SPAN)
    return chosen


def _fact_builder() -> Callable[[str, int, int, str, object, str, bool | None, str], Fact]:
    """A constructor for ``Fact`` that skips the frozen-dataclass ``__init__``.

    That ``__init__`` routes every field through ``object.__setattr__``; with eight fields and
    some 25 facts per letter it costs more than finding them. Writing the slots directly
    gives an equal object in half the time.
    """
    new = object.__new__
    setters = [getattr(Fact, name).__set__ for name in Fact.__dataclass_fields__]
    kind_, start_, end_, text_, value_, label_, valid_, detail_ = setters

    def build(kind: str, start: int, end: int, text: str, value: object, label: str,
              valid: bool | None, detail: str) -> Fact:
        fact: Fact = new(Fact)
        kind_(fact, kind)
        start_(fact, start)
        end_(fact, end)
        text_(fact, text)
        value_(fact, value)
        label_(fact, label)
        valid_(fact, valid)
        detail_(fact, detail)
        return fact

    return build


_new_fact = _fact_builder()
_WRITTEN_VALUE = frozenset(("invoice_ref", "email", "url"))
_BY_PLACE = attrgetter("start", "end")


def extract_facts(norm: NormalizedText, letter_date: date | None = None) -> list[Fact]:
    """All facts of a letter, sorted by place; ``letter_date`` turns dated deadlines into days."""
    text = norm.text
    shape = text.encode("latin-1", "replace").translate(_SHAPE_TABLE).decode("latin-1")
    found: list[_Candidate] = []
    _amounts(text, found)
    _percents(text, found)
    _dates(text, shape, found, letter_date)
    _durations(text, found)
    _invoice_refs(text, found)
    _ibans(text, shape, found)
    _company_ids(text, found)
    _phones(text, found)
    _contacts(text, found)
    _postal_codes(text, shape, found)
    original = norm.original
    origin = norm.origin
    if isinstance(origin, OriginMap):
        starts, bases, steps = origin.starts, origin.bases, origin.steps
        last = origin.text_length - 1
    else:
        starts, bases, steps = (0,), tuple(origin[:-1]) or (0,), (0,)
        last = -1
    rfind = text.rfind
    facts: list[Fact] = []
    for start, end, kind, value, valid, detail in _resolve_overlaps(found):
        line_start = rfind("\n", 0, start) + 1
        if line_start < start - 80:
            line_start = start - 80
        label = text[line_start:start].strip(_LABEL_STRIP)
        if last >= 0:
            k = bisect_right(starts, start) - 1
            begin = bases[k] + (start - starts[k]) * steps[k]
            end -= 1
            k = bisect_right(starts, end, k) - 1
            finish = bases[k] + (end - starts[k]) * steps[k] + 1
        else:
            begin, finish = norm.span_to_original(start, end)
        written = original[begin:finish]
        if kind in _WRITTEN_VALUE:
            value = written
        facts.append(_new_fact(kind, begin, finish, written, value, label, valid, detail))
    facts.sort(key=_BY_PLACE)
    return facts
