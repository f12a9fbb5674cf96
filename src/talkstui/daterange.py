"""The dates a story can hold: years YEAR_MIN to YEAR_MAX.

Python's dates end at 9999-12-31 (and start at 0001-01-01), so "valid until 9999-12-31"
plus a day, a deadline of `P99999999D` or an article dated 0001-01-01T00:00+01:00 made to
UTC raise OverflowError. Nothing a news story is about lies outside a sane window, so dates
outside it are left out where they come in (a time phrase, an article's date, a config
deadline, a date a user types), with a note, and every later computation stays in range.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

YEAR_MIN, YEAR_MAX = 1900, 2200
WINDOW = f"{YEAR_MIN}-{YEAR_MAX}"


def in_window(value: date | datetime | None) -> bool:
    """True for a date (or aware/naive datetime) whose year is in the window."""
    return value is not None and YEAR_MIN <= value.year <= YEAR_MAX


def to_utc(value: datetime) -> datetime | None:
    """An aware UTC datetime, or None when the conversion leaves Python's range (the year
    0001 at +01:00, 9999-12-31 at -01:00) or the window."""
    try:
        out = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return out if in_window(out) else None


def add_days(value: date, days: float) -> date | None:
    """`value` plus `days`, or None past Python's range or the window."""
    try:
        out = value + timedelta(days=days)
    except (OverflowError, ValueError):
        return None
    return out if in_window(out) else None
