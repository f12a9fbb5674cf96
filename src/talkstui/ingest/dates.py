"""Article publication dates from untrusted strings. Pure: `now` is passed in.

Order: a feed's parsed date (a UTC `time.struct_time`) first; otherwise dateutil
WITHOUT fuzzy matching, with an explicit time-zone map. dateutil fills missing
fields (year, month, day) from a default: we parse with two different defaults
and reject any date whose year, month or day differ, i.e. were invented.
Impossible dates (30 February, month 13, after now + 1 day, before 1990, a UTC offset beyond
14 hours, a four-digit year read as another) give None (undated), never an exception and
never a date rolled over into a real one.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta, timezone

_H = 3600
# Explicit abbreviations only; ambiguous ones (IST, CST as China) resolve to the common
# English-language news meaning.
TZINFOS: dict[str, int] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "BST": 1 * _H, "WEST": 1 * _H, "CET": 1 * _H, "CEST": 2 * _H, "MET": 1 * _H,
    "EET": 2 * _H, "EEST": 3 * _H, "MSK": 3 * _H, "MSD": 4 * _H, "TRT": 3 * _H,
    "IST": int(5.5 * _H), "PKT": 5 * _H, "HKT": 8 * _H, "SGT": 8 * _H, "JST": 9 * _H,
    "KST": 9 * _H, "AEST": 10 * _H, "AEDT": 11 * _H, "NZST": 12 * _H, "NZDT": 13 * _H,
    "AST": -4 * _H, "ADT": -3 * _H,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H,
    "MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H,
    "AKST": -9 * _H, "AKDT": -8 * _H, "HST": -10 * _H,
}

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
MAX_OFFSET = timedelta(hours=14)
MAX_INPUT = 200  # a date string longer than this is not a date

_YEAR4 = re.compile(r"(?<![\d:.])(\d{4})(?![\d:])")
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 0, 0, 0)


def plausible(value: datetime | None, now: datetime) -> datetime | None:
    """`value` as UTC if it is a possible publication date at `now`, else None."""
    if value is None:
        return None
    try:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        offset = value.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            return None
        value = value.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if value < EARLIEST or value > now + timedelta(days=1):
        return None
    return value


def from_struct_time(value: object, now: datetime) -> datetime | None:
    """A feedparser `*_parsed` value (a UTC struct_time) as an aware UTC datetime, or None."""
    if not isinstance(value, time.struct_time):
        return None
    # feedparser builds struct_times from what the feed says, unchecked, and timegm rolls
    # impossible fields over (2025-02-30 -> 2 March, 2025-13-45 -> 2026-01-01): rejected.
    try:
        datetime(value.tm_year, value.tm_mon, value.tm_mday, value.tm_hour, value.tm_min,
                 min(value.tm_sec, 59))
    except (ValueError, OverflowError, TypeError):
        return None
    if value.tm_sec > 61:
        return None
    try:
        stamp = calendar.timegm(value)
        parsed = datetime.fromtimestamp(stamp, UTC)
    except (ValueError, OverflowError, OSError, TypeError):
        return None
    return plausible(parsed, now)


_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


def impossible(text: object) -> bool:
    """True if `text` writes a calendar date that does not exist (2025-02-30, 2025-13-45):
    a parser that rolls such fields over (feedparser does) must not be believed."""
    if not isinstance(text, str):
        return False
    for y, m, d in _ISO_DAY.findall(text[:MAX_INPUT]):
        try:
            datetime(int(y), int(m), int(d))
        except ValueError:
            return True
    return False


def _tzinfos(name: str, offset: int | None):
    if name and name.upper() in TZINFOS:
        return timezone(timedelta(seconds=TZINFOS[name.upper()]))
    if offset is not None:
        try:
            return timezone(timedelta(seconds=offset))
        except (ValueError, OverflowError):
            raise ValueError("offset out of range") from None
    return None  # unknown name: dateutil leaves it naive, read as UTC


def parse_date(text: object, now: datetime) -> datetime | None:
    """A publication date from an untrusted string, as aware UTC, or None (undated)."""
    if isinstance(text, datetime):
        return plausible(text, now)
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > MAX_INPUT:
        return None
    from dateutil import parser as du

    try:
        a = du.parse(text, default=_DEFAULT_A, tzinfos=_tzinfos, fuzzy=False)
        b = du.parse(text, default=_DEFAULT_B, tzinfos=_tzinfos, fuzzy=False)
    except (ValueError, OverflowError, TypeError, ArithmeticError, LookupError):
        return None
    except Exception:  # dateutil raises odd things on odd input; never crash on a date
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # a field was invented from the default
    years = {int(y) for y in _YEAR4.findall(text)}
    if years and a.year not in years:
        return None  # "0001" read as 2001: a year written with four digits is that year
    return plausible(a, now)


def parse_iso(text: object, now: datetime) -> datetime | None:
    """A strict ISO 8601 date (trafilatura's output), as aware UTC, or None."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_INPUT:
        return None
    from dateutil.parser import isoparse

    try:
        value = isoparse(text.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    return plausible(value, now)
