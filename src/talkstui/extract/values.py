"""TIMEX3 values as date ranges: `2025-W30` is the week it names, never an invented day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from talkstui.daterange import YEAR_MIN, YEAR_MAX, in_window

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_DECADE = re.compile(r"^(\d{3})X?$")
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?$")

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _month_end(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1)


def value_range(value: str | None) -> tuple[date, date, str] | None:
    """(first day, day after the last, precision) of a TIMEX3 date value, or None (also for a
    date outside the years daterange.YEAR_MIN-YEAR_MAX: see `out_of_window`)."""
    found = _value_range(value)
    if found is None or not (in_window(found[0]) and in_window(found[1])):
        return None
    return found


def out_of_window(value: str | None) -> bool:
    """A TIMEX3 date value naming a year outside the window (9999-12-31, 0001): left out."""
    if not value:
        return False
    m = re.match(r"^(\d{4})", value.strip())
    return bool(m) and not YEAR_MIN <= int(m[1]) <= YEAR_MAX


def _value_range(value: str | None) -> tuple[date, date, str] | None:
    if not value:
        return None
    v = value.strip()
    try:
        if m := _DAY.match(v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d + timedelta(days=1), ("time" if "T" in v else "day")
        if m := _WEEK.match(v):
            d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if v.endswith("-WE"):
                return d + timedelta(days=5), d + timedelta(days=7), "week"
            return d, d + timedelta(days=7), "week"
        if m := _MONTH.match(v):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo), "month"
        if m := _QUARTER.match(v):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter"
        if m := _HALF.match(v):
            y, h = int(m[1]), int(m[2])
            return date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "quarter"
        if m := _SEASON.match(v):
            y, s = int(m[1]), m[2]
            span = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11)}.get(s)
            if span:
                return date(y, span[0], 1), _month_end(y, span[1]), "season"
            return date(y, 12, 1), date(y + 1, 3, 1), "season"
        if m := _YEAR.match(v):
            y = int(m[1])
            return date(y, 1, 1), date(y + 1, 1, 1), "year"
        if m := _DECADE.match(v):
            y = int(m[1]) * 10
            return date(y, 1, 1), date(y + 10, 1, 1), "decade"
    except (ValueError, OverflowError):
        return None
    return None


def duration_days(value: str | None) -> float | None:
    """Days in a TIMEX3 duration (P50D -> 50, P2W -> 14, P1M -> 30)."""
    if not value:
        return None
    m = _DURATION.match(value.strip())
    if not m or not any(m.groups()):
        return None
    y, mo, w, d = (float(g) if g else 0.0 for g in m.groups())
    return y * 365 + mo * 30 + w * 7 + d


def to_dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def as_utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError):
        return None


def describe_day(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} ({d.isoformat()})"
