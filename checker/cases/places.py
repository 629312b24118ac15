"""Where the debtor lives, as far as the rules care: time zone and public-holiday calendar.

Contact hours and holidays are judged where the debtor is, and the case file gives only a postal
code. Overseas departments and collectivities have their own zones and holidays (abolition of
slavery days), and Alsace-Moselle adds Good Friday and 26 December: all of that follows from the
first digits of the postal code.

Saint-Barthélemy (97133) and Saint-Martin (97150) share the 971 prefix with Guadeloupe in postal
codes; their INSEE codes 977 and 978 are accepted too, since users sometimes write those.
"""

from __future__ import annotations

import zoneinfo

DEFAULT_TIMEZONE = "Europe/Paris"

_SPECIAL_CODES: dict[str, tuple[str, str]] = {
    "97133": ("America/St_Barthelemy", "BL"),
    "97150": ("America/Marigot", "MF"),
}
"""Whole postal codes that the prefix table would get wrong."""

_PREFIXES: dict[str, tuple[str, str]] = {
    "971": ("America/Guadeloupe", "971"),
    "972": ("America/Martinique", "972"),
    "973": ("America/Cayenne", "973"),
    "974": ("Indian/Reunion", "974"),
    "975": ("America/Miquelon", "PM"),
    "976": ("Indian/Mayotte", "976"),
    "977": ("America/St_Barthelemy", "BL"),
    "978": ("America/Marigot", "MF"),
    "986": ("Pacific/Wallis", "WF"),
    "987": ("Pacific/Tahiti", "PF"),
    "988": ("Pacific/Noumea", "NC"),
}
"""Overseas places by the first three digits: IANA zone and `holidays` subdivision of France."""

_METROPOLITAN_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE"}
"""Moselle, Bas-Rhin and Haut-Rhin keep the local law's extra holidays."""


def _overseas(postal_code: str | None) -> tuple[str, str] | None:
    if not postal_code:
        return None
    code = postal_code.strip()
    return _SPECIAL_CODES.get(code) or _PREFIXES.get(code[:3])


def timezone_for(postal_code: str | None) -> str:
    """IANA time zone name for a French postal code; metropolitan France when unknown or absent."""
    place = _overseas(postal_code)
    return place[0] if place else DEFAULT_TIMEZONE


def zone_for(postal_code: str | None) -> zoneinfo.ZoneInfo:
    """The zone itself (cached by zoneinfo, so every event of a case shares one object)."""
    return zoneinfo.ZoneInfo(timezone_for(postal_code))


def holiday_subdivision(postal_code: str | None) -> str | None:
    """The `holidays` library's France subdivision for a postal code, or None for the general
    calendar (every department without local holidays)."""
    place = _overseas(postal_code)
    if place:
        return place[1]
    if not postal_code:
        return None
    return _METROPOLITAN_SUBDIVISIONS.get(postal_code.strip()[:2])
