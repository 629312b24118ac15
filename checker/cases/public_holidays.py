"""Public holidays of France by year and place, from the `holidays` library or from the cache.

The library builds a year of holidays in under a millisecond, but importing it costs about 140 ms:
its `countries` package imports every country it knows (some 250 modules). That was a third of the
cold start of `amiable check` or `audit` on one consumer's case file, and it is paid again by every
`--jobs` worker. The tables are therefore kept in the rule-set cache (`checker.rules.cache`:
`AMIABLE_CACHE_DIR`, `AMIABLE_NO_CACHE`), under a key naming the installed library (its files'
sizes and dates), the Python version, the year and the subdivision: another version of the library
means a fresh table from the library itself.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import os
import sys

from checker.rules import cache


def holidays_of(year: int, subdivision: str | None) -> dict[datetime.date, str]:
    """Public holidays of one year and place (English names whatever the system locale)."""
    key = _key(year, subdivision)
    if key is not None:
        kept = cache.load(key)
        if isinstance(kept, dict):
            return kept
    days = from_library(year, subdivision)
    if key is not None:
        cache.store(key, days)
    return days


def from_library(year: int, subdivision: str | None) -> dict[datetime.date, str]:
    """The table as the library gives it; a subdivision it does not know means the nation's."""
    from holidays import country_holidays

    try:
        days = country_holidays("FR", subdiv=subdivision, years=year, language="en_US")
    except NotImplementedError:
        days = country_holidays("FR", years=year, language="en_US")
    return dict(days.items())


def _key(year: int, subdivision: str | None) -> str | None:
    """The cache key of a table, or None when the library cannot be found without importing it."""
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = os.path.dirname(spec.origin)
    digest = hashlib.sha256(f"{sys.version}\0{folder}\0{year}\0{subdivision}\0".encode())
    try:
        for name in ("__init__.py", "version.py", os.path.join("countries", "france.py")):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    except OSError:
        return None
    return "holidays-" + digest.hexdigest()[:32]
