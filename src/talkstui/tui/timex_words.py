"""TIMEX3 values in plain English for the reader ("P50D" -> "50 days", "2025-W30" -> "the week
of 21 Jul 2025", "PRESENT_REF" -> the day it was said). Never more precise than the value: a
month stays a month, an unknown number ("X") stays "some". No Textual, no I/O."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening",
                "NI": "night", "DT": "daytime"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "TM": "minute",
         "S": "second", "DE": "decade", "CE": "century", "Q": "quarter", "ML": "millennium",
         "WE": "weekend"}
REFS = {"PAST_REF": "the past", "FUTURE_REF": "the future"}

_DURATION = re.compile(r"P(?:T?)(?P<parts>(?:[0-9.X]+(?:DE|CE|ML|WE|[YMWDQ]))+)?"
                       r"(?:T(?P<time>(?:[0-9.X]+[HMS])+))?$")
_PART = re.compile(r"([0-9.X]+)(DE|CE|ML|WE|[YMWDQHS])")


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def _count(amount: str, unit: str) -> str:
    plural = "centuries" if unit == "century" else (
        "millennia" if unit == "millennium" else unit + "s")
    if amount == "X":
        return f"some {plural}"
    try:
        number = float(amount)
    except ValueError:
        return f"{amount} {plural}"
    if number == 1:
        return f"1 {unit}"
    shown = str(int(number)) if number.is_integer() else amount
    return f"{shown} {plural}"


def duration_words(value: str) -> str | None:
    """"P50D" -> "50 days", "PXW" -> "some weeks", "P1Y6M" -> "1 year 6 months"."""
    match = _DURATION.match(value)
    if not match or not (match.group("parts") or match.group("time")):
        return None
    words = []
    for amount, unit in _PART.findall(match.group("parts") or ""):
        words.append(_count(amount, UNITS[unit]))
    for amount, unit in _PART.findall(match.group("time") or ""):
        words.append(_count(amount, UNITS["TM" if unit == "M" else unit]))
    return " ".join(words) or None


def _every(value: str, text: str) -> str | None:
    """A SET: "P1D" -> "every day" ("every night" when the text says night)."""
    duration = _DURATION.match(value)
    if duration:
        parts = _PART.findall((duration.group("parts") or "") + (duration.group("time") or ""))
        if len(parts) == 1:
            amount, unit = parts[0]
            name = UNITS["TM" if unit == "M" and duration.group("time") else unit]
            if amount == "1":
                if name == "day" and "night" in text.casefold():
                    return "every night"
                return f"every {name}"
            return f"every {_count(amount, name)}"
    weekday = re.match(r"XXXX-WXX-([1-7])(?:T(MO|MI|AF|EV|NI|DT))?$", value)
    if weekday:
        day = WEEKDAYS[int(weekday.group(1)) - 1]
        pod = weekday.group(2)
        return f"every {day} {PARTS_OF_DAY[pod]}" if pod else f"every {day}"
    season = re.match(r"XXXX-(SP|SU|FA|WI)$", value)
    if season:
        return f"every {SEASONS[season.group(1)]}"
    month = re.match(r"XXXX-(\d\d)$", value)
    if month and 1 <= int(month.group(1)) <= 12:
        return f"every {MONTHS[int(month.group(1)) - 1]}"
    pod = re.match(r"T(MO|MI|AF|EV|NI|DT)$", value)
    if pod:
        return f"every {PARTS_OF_DAY[pod.group(1)]}"
    return None


def _anchor_day(anchor: str | None, fallback: datetime | None) -> date | None:
    if anchor:
        match = re.match(r"(\d{4})-(\d\d)-(\d\d)", anchor)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    return fallback.date() if fallback is not None else None


def date_words(value: str) -> str | None:
    """Calendar values at their own precision: a day, a week, a month, a season, a year..."""
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)|T(MO|MI|AF|EV|NI|DT))?$", value)
    if m:
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        text = f"{WEEKDAYS[d.weekday()][:3]} {_day(d)}"
        if m.group(4):
            return f"{text}, {m.group(4)}:{m.group(5)}"
        if m.group(6):
            return f"the {PARTS_OF_DAY[m.group(6)]} of {text}"
        return text
    m = re.match(r"(\d{4})-W(\d\d)(?:-(WE|[1-7]))?$", value)
    if m:
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        if m.group(3) == "WE":
            return f"the weekend of {_day(monday + timedelta(days=5))}"
        if m.group(3):
            return _day(monday + timedelta(days=int(m.group(3)) - 1))
        return f"the week of {_day(monday)}"
    m = re.match(r"(\d{4})-(\d\d)$", value)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.match(r"(\d{4})-(SP|SU|FA|WI)$", value)
    if m:
        return f"{SEASONS[m.group(2)]} {m.group(1)}"
    m = re.match(r"(\d{4})-Q([1-4])$", value)
    if m:
        return f"Q{m.group(2)} {m.group(1)} (a quarter)"
    m = re.match(r"(\d{4})-H([12])$", value)
    if m:
        return f"{'first' if m.group(2) == '1' else 'second'} half of {m.group(1)}"
    m = re.match(r"XXXX-(\d\d)-(\d\d)$", value)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{int(m.group(2))} {MONTHS[int(m.group(1)) - 1]}, year not given"
    if re.fullmatch(r"\d{4}", value):
        return f"the year {value}"
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        n = int(value) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return None


def timex_words(value: str, kind: str = "DATE", *, text: str = "", anchor: str | None = None,
                said_at: datetime | None = None) -> str:
    """`value` (a TIMEX3 value of type `kind`) in words; the value itself when unknown.

    `anchor` is what the value was resolved against, `said_at` the article's date: "now"
    becomes the day it was said."""
    value = (value or "").strip()
    if value == "PRESENT_REF":
        day = _anchor_day(anchor, said_at)
        return _day(day) if day else "the time of writing"
    if value in REFS:
        return REFS[value]
    if kind == "SET":
        words = _every(value, text)
        if words:
            return words
    if value.startswith("P"):
        words = duration_words(value)
        if words:
            return words
    words = date_words(value)
    return words if words else value
