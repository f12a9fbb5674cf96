"""Small pieces the renderers share: dates, the countdown, fitting text to a width, an
event's date, a quote's word diff, an excerpt around a phrase, a deadline's lines.

Every untrusted string goes through `sanitize.clean_line` / `clean_text` in the renderers."""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import UTC, datetime, timedelta

from talkstui.sanitize import clean_line
from talkstui.story import when as when_

_clean_line = clean_line




MAX_ARTICLES = 100  # listed in text and markdown; JSON has them all
MAX_CLAIMS = 12  # per conflict, in text


# ---------------------------------------------------------------- helpers


def iso_or_none(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_iso_or_none(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).strftime("%Y-%m-%d") if dt else None


def day_label(dt: datetime | None) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d") if dt else "?"


def time_stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def countdown(seconds: float | None) -> str:
    """'41 days 12 h left', 'passed 3 days 2 h ago', 'unknown'."""
    if seconds is None:
        return "unknown"
    s = abs(int(seconds))
    days, rem = divmod(s, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        span = f"{days} day{'s' if days != 1 else ''} {hours} h"
    elif hours:
        span = f"{hours} h {minutes} min"
    else:
        span = f"{minutes} min"
    return f"{span} left" if seconds >= 0 else f"passed {span} ago"


def cell_width(text: str) -> int:
    try:
        from rich.cells import cell_len
    except ImportError:  # pragma: no cover
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return cell_len(text)


def fit_width(line: str, width: int) -> str:
    if cell_width(line) <= width:
        return line
    out = ""
    for ch in line:
        if cell_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def wrap_lines(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    sub = indent if subsequent is None else subsequent
    lines = textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=sub,
        break_long_words=True, break_on_hyphens=False,
    ) or [indent.rstrip()]
    return [fit_width(x, width) for x in lines]


def attribution_text(a) -> str:
    return clean_line(a.label()) if a is not None else "unattributed"


def event_date_text(e) -> str:
    if e.precision in ("day", "time"):
        last = (e.date_end - e.date).days
        d = e.date.strftime("%Y-%m-%d")
        if last > 1:
            end = e.date_end - timedelta(days=1)
            d += "…" + end.strftime("%d" if (end.year, end.month) == (e.date.year, e.date.month) else "%m-%d")
        return ("~" if e.approximate else "") + d
    if e.precision == "week":
        iso = e.date.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if e.precision == "month":
        return e.date.strftime("%Y-%m")
    if e.precision == "year":
        return e.date.strftime("%Y")
    return clean_line(e.value)[:10]


def diff_text(diff, mark_open: str, mark_close: str, escape=lambda s: s) -> str:
    parts = []
    for run, differs in diff:
        run = escape(clean_line(run))
        parts.append(f"{mark_open}{run}{mark_close}" if differs else run)
    return " ".join(parts)


def excerpt(sentence: str, phrase: str, size: int = 90) -> str:
    """A clean piece of `sentence` around `phrase`, at most `size` characters."""
    s = clean_line(sentence)
    p = clean_line(phrase)
    if len(s) <= size:
        return s
    at = s.find(p) if p else -1
    if at < 0:
        return s[: size - 1] + "…"
    start = max(0, at + len(p) // 2 - size // 2)
    start = s.rfind(" ", 0, start) + 1 if start > 0 else 0
    piece = s[start : start + size]
    return ("…" if start > 0 else "") + piece + ("…" if start + size < len(s) else "")


def deadline_lines(d) -> list[str]:
    when = []
    if when_.parties_text(d):
        when.append(clean_line(when_.parties_text(d)))
    st = when_.set_text(d)
    if st:
        when.append(f"set {st}")
    if d.duration:
        when.append(when_.duration_text(d.duration))
    due = when_.due_text(d)
    if due:
        when.append(f"due {due}")
    return when


def deadline_state(d, now) -> str:
    """The status as reported, with the countdown while it runs."""
    if d.status == "running":
        return when_.countdown_text(d, now)
    if d.status == "passed":
        return f"{when_.status_text(d, now)}, {when_.countdown_text(d, now)}"
    return when_.status_text(d, now)


# ---------------------------------------------------------------- text


def noted_articles(story, limit: int = MAX_ARTICLES) -> tuple[list, int]:
    """The story's articles whose analysis left something out (a far date, an overlong
    sentence, the time budget): up to `limit` of them, and how many more there are."""
    noted = [a for a in story.articles if getattr(a, "notes", None)]
    return noted[:limit], max(0, len(noted) - limit)


def outside_line(story) -> str:
    """The one line text and markdown end with: how many stored articles the story left out."""
    n = len(getattr(story, "outside", None) or ())
    noun = "article" if n == 1 else "articles"
    return (f"{n} stored {noun} outside this story (the JSON export lists them)" if n
            else "No stored article is outside this story.")
