"""Dates, countdowns and statuses as words, at the precision the articles give them.

One place for the words, so that the Timeline, the Deadline pane, the comparison and every
export say the same thing about the same claim:

- a single day: "14 Jul 2025"; an estimated day: "~8 Aug 2025"; a range of days:
  "13–15 Jul 2025", "20 Aug–10 Sep 2025"; a whole month: "Jul 2025". A day without a time is
  never given a time (no "00:00 UTC"); a time appears only when the text states one.
- countdowns follow the same precision: "in 41–45 days" for a range, "in 9 days 12 h" for a
  day (with `~` for an estimate), minutes only for a deadline stated to the hour.
- statuses say what became of a claim: "superseded on 28 Jul by Trump's 10-12-day deadline",
  "passed (no report since)", "planned for 23 Jul, not confirmed since".
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DASH = "\u2013"


def _d(x: datetime | date) -> date:
    if isinstance(x, datetime):
        return (x.astimezone(UTC) if x.tzinfo else x).date()
    return x


def day_text(x: datetime | date, *, year: bool = True) -> str:
    d = _d(x)
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def span_text(lo: datetime | date, hi: datetime | date, *, approx: bool = False, year: bool = True) -> str:
    """A range of days as written for a reader (`hi` inclusive)."""
    a, b = _d(lo), _d(hi)
    if b < a:
        a, b = b, a
    if a == b:
        return ("~" if approx else "") + day_text(a, year=year)
    if a.day == 1 and a.year == b.year and a.month == b.month and b.day == calendar.monthrange(b.year, b.month)[1]:
        return f"{MONTHS[a.month - 1]} {a.year}"
    y = f" {b.year}" if year else ""
    if a.year != b.year:
        return f"{day_text(a)}{DASH}{day_text(b)}"
    if a.month != b.month:
        return f"{a.day} {MONTHS[a.month - 1]}{DASH}{b.day} {MONTHS[b.month - 1]}{y}"
    return f"{a.day}{DASH}{b.day} {MONTHS[a.month - 1]}{y}"


def _at(x: datetime) -> str:
    x = x.astimezone(UTC) if x.tzinfo else x
    return f"{day_text(x)} {x:%H:%M} UTC"


# ---------------------------------------------------------------- deadlines and their claims


def set_text(obj) -> str | None:
    """When a deadline (or one claim of it) was set, at its precision; None if unknown."""
    lo, hi = getattr(obj, "set_earliest", None), getattr(obj, "set_latest", None)
    if lo is not None and hi is not None:
        return span_text(lo, hi)
    if obj.set_on is not None:
        return day_text(obj.set_on)
    return None


def due_text(obj) -> str | None:
    """When a deadline (or one claim of it) falls due, at its precision; None if unknown."""
    lo, hi = getattr(obj, "due_earliest", None), getattr(obj, "due_latest", None)
    if lo is not None and hi is not None:
        return span_text(lo, hi)
    if obj.due is None:
        return None
    if getattr(obj, "due_time", False):
        return _at(obj.due)
    return span_text(obj.due, obj.due, approx=bool(getattr(obj, "due_approx", False)))


def claim_text(c) -> str:
    """One claim's dates: "set Jul 2025, due 20 Aug–10 Sep 2025", "50 days, no date given"."""
    parts = []
    s = set_text(c)
    if s:
        parts.append(f"set {s}")
    d = due_text(c)
    if d:
        parts.append(f"due {d}")
    if not parts:
        parts.append(f"{duration_text(c.duration)}, no date given" if c.duration else "no date given")
    if getattr(c, "report", None):
        parts.append(f"reports it {c.report}")
    return ", ".join(parts)


def duration_text(value: str | None) -> str:
    """'P50D' -> '50 days'; 'P10D/P12D' -> '10–12 days'."""
    if not value:
        return ""
    parts = [p.strip("P").rstrip("D") for p in value.split("/")]
    if len(parts) == 2 and parts[0] != parts[1]:
        return f"{parts[0]}{DASH}{parts[1]} days"
    return f"{parts[0]} day{'s' if parts[0] != '1' else ''}"


def parties_text(d) -> str | None:
    """'Trump → Russia: ceasefire or peace deal' (the parts known)."""
    who = d.setter or "?"
    if d.target:
        who += f" \u2192 {d.target}"
    if d.subject:
        who += f": {d.subject}"
    return None if who == "?" else who


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def countdown_text(d, now: datetime) -> str:
    """How long until (or since) the deadline, no finer than it is known."""
    if d.due is None:
        return "due date unknown"
    now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    lo, hi = getattr(d, "due_earliest", None), getattr(d, "due_latest", None)
    if lo is not None and hi is not None:
        today = now.date()
        a, b = (_d(lo) - today).days, (_d(hi) - today).days
        if a > 0:
            return f"in {a}{DASH}{b} days"
        if b < 0:
            return f"passed {-b}{DASH}{-a} days ago"
        return f"due any day now (by {day_text(hi)})" if b > 0 else "due today"
    due = d.due.astimezone(UTC) if d.due.tzinfo else d.due.replace(tzinfo=UTC)
    left = (due - now).total_seconds()
    s = abs(int(left))
    days, rem = divmod(s, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if getattr(d, "due_time", False):
        span = (f"{_plural(days, 'day')} {hours} h {minutes} min" if days
                else f"{hours} h {minutes} min" if hours else f"{minutes} min")
    else:
        span = f"{_plural(days, 'day')} {hours} h" if days else f"{hours} h"
    approx = "~" if getattr(d, "due_approx", False) else ""
    return f"in {approx}{span}" if left >= 0 else f"passed {approx}{span} ago"


def status_text(d, now: datetime | None = None) -> str:
    """What became of a deadline, as reported."""
    st = d.status
    if st == "superseded":
        text = "superseded"
        if getattr(d, "superseded_on", None) is not None:
            text += f" on {day_text(d.superseded_on, year=False)}"
        if getattr(d, "superseded_label", None):
            text += f" by {d.superseded_label}"
        return text
    if st in ("withdrawn", "met"):
        on = getattr(d, "status_on", None)
        return st + (f" on {day_text(on, year=False)}" if on is not None else "")
    if st == "passed":
        return "passed (no report since)"
    if st == "unknown":
        return "due date unknown"
    return st


# ---------------------------------------------------------------- events


def event_status_text(e, now: datetime) -> str | None:
    """An event's status as reported by `now`: a plan whose day is over with no report
    that it happened says so ("planned for 23 Jul, not confirmed since")."""
    st = e.status
    if st == "planned" and e.kind not in ("deadline_set", "deadline_due"):
        end = e.date_end or (e.date + timedelta(days=1))
        now_u = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
        end_u = end.astimezone(UTC) if end.tzinfo else end.replace(tzinfo=UTC)
        if end_u <= now_u:
            last = end_u - timedelta(days=1) if e.precision in ("day", "time") else end_u
            when = (span_text(e.date, last, year=False) if e.precision in ("day", "time")
                    else None)
            return f"{st} for {when}, not confirmed since" if when else f"{st}, not confirmed since"
    return st
