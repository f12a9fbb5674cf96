"""Value arithmetic and TIMEX3 output: the TIMEX3 value validator, calendar helpers
(ISO weeks, quarters, seasons, shifting a value by N units), numbers in words and
digits, and DURATION values."""

from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import NUMBER_WORDS, UNITS, VAGUE_NUMBERS


# ----------------------------------------------------------------------------- validator

TIMEX3_VALUE = re.compile(
    r"^(?:"
    r"\d{2}|\d{3}|\d{4}|[0-9X]{4}"  # century, decade, year
    r"|[0-9X]{4}-(?:0[1-9]|1[0-2]|XX)"  # month
    r"|[0-9X]{4}-(?:0[1-9]|1[0-2]|XX)-(?:0[1-9]|[12]\d|3[01]|XX)"  # day
    r"(?:T(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?|T(?:MO|AF|EV|NI|DT))?"  # time
    r"|[0-9X]{4}-W(?:0[1-9]|[1-4]\d|5[0-3]|XX)(?:-[1-7]|-WE)?(?:T(?:MO|AF|EV|NI))?"  # week
    r"|[0-9X]{4}-Q[1-4X]|[0-9X]{4}-H[12X]|[0-9X]{4}-(?:SP|SU|FA|WI)"  # quarter, half, season
    r"|T(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?"  # bare time
    r"|P(?:(?:\d+(?:\.\d+)?|X)[YQMWD])+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"  # durations
    r"|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r")$"
)


def is_timex3_value(value: str) -> bool:
    """True when `value` is a well-formed TIMEX3 value of the kinds this module emits."""
    return bool(TIMEX3_VALUE.match(value))



# ----------------------------------------------------------------------------- calendar

def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + n
    return t // 12, t % 12 + 1


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def season_of(d: date) -> tuple[int, str]:
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


def shift_value(value: str, n: int, unit: str) -> str | None:
    """Shift a TIMEX3 date value by n units, keeping its granularity where possible."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            d = date.fromisoformat(value)
            if unit == "D":
                return (d + timedelta(days=n)).isoformat()
            if unit == "W":
                return (d + timedelta(weeks=n)).isoformat()
            if unit == "M":
                y, m = add_months(d.year, d.month, n)
            else:
                y, m = d.year + n, d.month
            day = min(d.day, 28) if m == 2 else min(d.day, 30 if m in (4, 6, 9, 11) else 31)
            return date(y, m, day).isoformat()
        if re.fullmatch(r"\d{4}-\d\d", value):
            y, m = int(value[:4]), int(value[5:7])
            if unit == "M":
                y, m = add_months(y, m, n)
                return f"{y:04d}-{m:02d}"
            if unit == "Y":
                return f"{y + n:04d}-{m:02d}"
            return None
        mq = re.fullmatch(r"(\d{4})-Q(\d)", value)
        if mq:
            y, q = int(mq.group(1)), int(mq.group(2))
            if unit == "Y":
                return f"{y + n:04d}-Q{q}"
            if unit == "Q":
                t = y * 4 + q - 1 + n
                return f"{t // 4:04d}-Q{t % 4 + 1}"
            return None
        mw = re.fullmatch(r"(\d{4})-W(\d\d)", value)
        if mw and unit == "W":
            d = date.fromisocalendar(int(mw.group(1)), int(mw.group(2)), 1)
            return iso_week(d + timedelta(weeks=n))
        ms = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if ms and unit == "Y":
            return f"{int(ms.group(1)) + n:04d}-{ms.group(2)}"
        if re.fullmatch(r"\d{4}", value) and unit == "Y":
            return f"{int(value) + n:04d}"
    except (ValueError, OverflowError):
        return None
    return None


def number_value(s: str) -> float | None:
    s = s.lower().strip()
    s = re.sub(r"\s+", " ", s)
    if s in VAGUE_NUMBERS or s in ("a number of", "numerous"):
        return None
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    if s.endswith(" 1/2") and s[:1].isdigit():
        return float(s[:-4]) + 0.5
    if s[:1].isdigit():
        try:
            v = float(s.replace(",", ""))
        except ValueError:
            return None
        return v
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        a, b = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        return a * b if b >= 100 else a + b
    return None


def _fmt_num(v: float) -> str:
    if v == int(v):
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def duration_value(n: float | None, unit: str, half: bool = False) -> str:
    unit = unit.lower().rstrip("s") if unit.lower() not in ("centuries",) else "century"
    if unit.endswith("ie"):
        unit = unit[:-2] + "y"
    des, is_time, mult = UNITS.get(unit, ("D", False, 1))
    if n is None:
        amount = "X"
    else:
        v = n * mult + (0.5 * mult if half else 0)
        if v != int(v) and v * 2 == int(v * 2):
            # "5 1/2 hours" -> PT5H30M, "2 1/2 years" -> P2Y6M
            whole = int(v)
            sub = {"Y": ("M", 6, False), "H": ("M", 30, True), "D": ("H", 12, True),
                   "W": ("D", 3.5, False), "M": ("D", 15, False)}.get(des)
            if des == "M" and is_time:
                sub = ("S", 30, True)  # "a minute and a half" -> PT1M30S
            if sub:
                sdes, samt, stime = sub
                if sdes == "D" and samt != int(samt):
                    return ("PT" if is_time else "P") + _fmt_num(v) + des
                head = f"{whole}{des}" if whole else ""
                if is_time:
                    return f"PT{head}{_fmt_num(samt)}{sdes}"
                if stime:
                    return f"P{head}T{_fmt_num(samt)}{sdes}"
                return f"P{head}{_fmt_num(samt)}{sdes}"
        amount = _fmt_num(v)
    return ("PT" if is_time else "P") + amount + des



def offset_from_dct(d: date, n: float, unit_key: str, half: bool) -> str | None:
    """DCT shifted by n units, at the unit's granularity ("three years ago" -> a year)."""
    try:
        if unit_key in ("year", "yr"):
            if n != int(n) or half:
                return None
            return f"{d.year + int(n):04d}"
        if unit_key in ("decade",):
            return f"{d.year + int(n) * 10:04d}"
        if unit_key in ("century",):
            return f"{(d.year + int(n) * 100) // 100:02d}"
        if unit_key in ("month",):
            y, m = add_months(d.year, d.month, int(n))
            return f"{y:04d}-{m:02d}"
        if unit_key in ("quarter",):
            y, m = add_months(d.year, d.month, int(n) * 3)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if unit_key in ("week", "fortnight"):
            k = int(n) * (2 if unit_key == "fortnight" else 1)
            return (d + timedelta(weeks=k)).isoformat()
        if unit_key in ("day", "night"):
            return (d + timedelta(days=int(n))).isoformat()
        if unit_key in ("hour", "hr", "minute", "min", "second"):
            return d.isoformat()
    except (ValueError, OverflowError):
        return None
    return None
