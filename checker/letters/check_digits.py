"""Check digits of the identifiers a letter quotes: IBAN (ISO 13616, mod 97), SIREN and SIRET
(Luhn, with INSEE's exception for La Poste). A wrong one is a finding of its own (DATA-*)."""

from __future__ import annotations

import re

__all__ = ["iban_is_valid", "luhn_is_valid", "siren_is_valid", "siret_is_valid"]

_IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20,
    "CH": 21, "GB": 22, "NL": 18, "PT": 25, "AT": 20, "IE": 22,
}
_IBAN_FORMAT = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_IBAN_LETTER_DIGITS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def iban_is_valid(s: str) -> bool:
    """ISO 13616 check: known length for the country (15 to 34 otherwise), mod 97 == 1."""
    compact = "".join(s.split()).upper()
    if not _IBAN_FORMAT.fullmatch(compact):
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
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
