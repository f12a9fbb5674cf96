"""Pure helpers that turn Story values into safe Rich `Text` for the widgets.

Every untrusted string goes through `talkstui.sanitize` here and comes out as a
`rich.text.Text` (never markup), so a widget that shows the result cannot run a
`[@click=...]` action or pass an escape sequence to the terminal.
Nothing here imports Textual, so these helpers are cheap to test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import difflib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from rich.text import Text

from talkstui.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from talkstui.model import Deadline, TimelineEvent, TimeExpr

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
REFS = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
EN_DASH = "\u2013"


def plain(value: object, *, style: str = "", max_len: int | None = None) -> Text:
    """One untrusted line as inert Text."""
    return Text(clean_line(value, max_len=max_len), style=style, end="")


def plain_block(value: object, *, style: str = "") -> Text:
    """An untrusted multi-line text as inert Text."""
    return Text(clean_text(value), style=style, end="")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def day_month(value: datetime) -> str:
    value = _utc(value)
    return f"{value.day} {MONTHS[value.month - 1]}"


def short_date(value: datetime | None, *, year: bool = True) -> str:
    if value is None:
        return "undated"
    value = _utc(value)
    text = f"{value.day} {MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if year else text


def short_datetime(value: datetime | None) -> str:
    if value is None:
        return "never"
    value = _utc(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year} {value:%H:%M} UTC"


def _range(start: datetime, last: datetime) -> str:
    """`14–20 Jul`, `28 Jul–3 Aug`, `29 Dec 2025–4 Jan 2026`."""
    if start.year != last.year:
        return f"{short_date(start)}{EN_DASH}{short_date(last)}"
    if start.month != last.month:
        return f"{day_month(start)}{EN_DASH}{day_month(last)}"
    if start.day == last.day:
        return day_month(start)
    return f"{start.day}{EN_DASH}{last.day} {MONTHS[start.month - 1]}"


def event_when(event: TimelineEvent, now: datetime | None = None) -> str:
    """The event's date at its own precision: never an invented day. `~` marks an estimate."""
    text = _event_when(event, now)
    return f"~{text}" if getattr(event, "approximate", False) else text


def _event_when(event: TimelineEvent, now: datetime | None = None) -> str:
    start = _utc(event.date)
    end = _utc(event.date_end) if event.date_end else start
    last = end - timedelta(days=1) if end > start else start
    precision = event.precision
    show_year = now is None or _utc(now).year != start.year
    if precision == "time":
        return f"{short_date(start, year=show_year)} {start:%H:%M}"
    if precision == "day":
        if last > start:  # a range of days ("set earlier this month", "due 7-9 Aug")
            return _range(start, last) if not show_year or start.year != last.year else f"{_range(start, last)} {last.year}"
        return short_date(start, year=show_year)
    if precision == "week":
        return _range(start, last)
    if precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if precision == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == "season":
        code = event.value.rsplit("-", 1)[-1] if event.value else ""
        return f"{SEASONS.get(code, 'season')} {start.year}"
    if precision == "year":
        return str(start.year)
    if precision == "decade":
        return f"{start.year // 10 * 10}s"
    if precision == "ref":
        return REFS.get(event.value, clean_line(event.value) or "undated")
    return clean_line(event.value) or short_date(start)


KIND_LABELS = {
    "prisoner_exchange": "exchange",
    "deadline_set": "deadline set",
    "deadline_due": "deadline due",
    "deadline_passed": "deadline",
    "ceasefire": "ceasefire",
}


def kind_label(kind: str) -> str:
    return clean_line(KIND_LABELS.get(kind, kind.replace("_", " ")))


def duration_text(seconds: float) -> str:
    """`41d 11h 59m` (absolute value)."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m"
    return f"{hours:02d}h {minutes:02d}m"


def countdown_parts(seconds_left: float) -> tuple[int, int, int, int]:
    """(days, hours, minutes, seconds) of a non-negative duration."""
    total = max(0, int(seconds_left))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return days, hours, minutes, secs


def passed_text(seconds_left: float) -> str:
    ago = -seconds_left
    days = int(ago // 86400)
    if days >= 1:
        return f"passed {days} day{'s' if days != 1 else ''} ago"
    hours = int(ago // 3600)
    if hours >= 1:
        return f"passed {hours} hour{'s' if hours != 1 else ''} ago"
    return "passed just now"


def deadline_due_text(deadline: Deadline) -> str:
    """At the due date's own precision (talkstui.story.when: the same words as every export)."""
    from talkstui.story.when import due_text

    text = due_text(deadline)
    return f"due {text}" if text else "due date unknown"


def day_of(deadline: Deadline, now: datetime) -> tuple[int, int] | None:
    """(day N, of M) for a deadline with a start and an end, else None."""
    if deadline.set_on is None or deadline.due is None:
        return None
    start = _utc(deadline.set_on)
    due = _utc(deadline.due)
    total = max(1, round((due - start).total_seconds() / 86400))
    elapsed = (_utc(now) - start).total_seconds() / 86400
    day = int(elapsed) + 1
    return max(0, min(day, total)), total


def bar(fraction: float, width: int) -> str:
    """A plain block bar: no colour needed, nothing animated."""
    width = max(1, width)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "\u2588" * filled + "\u2591" * (width - filled)


# ---------------------------------------------------------------- article body


def locate_span(body: str, expr: TimeExpr, window: int = 200) -> tuple[int, int]:
    """The span of `expr` in `body`: as given when it matches, else the nearest occurrence of
    its text within `window` characters (a body edited since), else (-1, -1)."""
    start, end = expr.start, expr.end
    if not expr.text or body[start:end] == expr.text:
        return start, end
    lo = max(0, start - window)
    found = body.find(expr.text, lo, min(len(body), end + window))
    if found < 0:
        return -1, -1
    return found, found + len(expr.text)


def highlight_body(body: str, spans: Iterable[TimeExpr], *, style: str = "reverse") -> Text:
    """The sanitized body with each time phrase highlighted.

    Spans index the raw body. Sanitizing can change lengths, so each segment
    between spans is sanitized on its own and the highlighted phrase keeps its
    place whatever the cleaning did around it.
    """
    text = Text(end="")
    position = 0
    size = len(body)
    for expr in sorted(spans, key=lambda e: (e.start, e.end)):
        start, end = locate_span(body, expr)
        if start < position or end <= start or end > size:
            continue  # overlapping, empty or out of range: skip rather than guess
        text.append(clean_text(body[position:start]))
        text.append(clean_text(body[start:end]), style=style)
        position = end
    text.append(clean_text(body[position:]))
    return text


CONTEXT_WORDS = 6  # unchanged words kept on each side of a change; the rest is folded


def revision_diff(old: str, new: str, *, label_old: str, label_new: str) -> Text:
    """A word-level diff of two bodies: removed words as [-old-], added ones as {+new+}
    (readable without colour), unchanged runs folded to a few words of context."""
    old_words = clean_text(old).split()
    new_words = clean_text(new).split()
    out = Text(end="")
    out.append(f"{clean_line(label_old)} \u2192 {clean_line(label_new)}\n", style="bold")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        out.append("(no change in the text)\n", style="dim")
        return out
    changes = 0
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            run = old_words[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            head = [] if first else run[:CONTEXT_WORDS]
            tail = [] if last else run[-CONTEXT_WORDS:]
            if len(run) <= len(head) + len(tail) + 3:
                out.append(" ".join(run) + " ")
                continue
            if head:
                out.append(" ".join(head) + " ")
            out.append(f"\u2026({len(run) - len(head) - len(tail)} words unchanged)\u2026",
                       style="dim")
            out.append("\n" if not last else "")
            if tail:
                out.append(" ".join(tail) + " ")
            continue
        changes += 1
        if tag in ("delete", "replace"):
            out.append("[-" + " ".join(old_words[i1:i2]) + "-]", style="strike bold red")
            out.append(" ")
        if tag in ("insert", "replace"):
            out.append("{+" + " ".join(new_words[j1:j2]) + "+}", style="bold green reverse")
            out.append(" ")
    out.rstrip()
    out.append(f"\n{changes} change{'s' if changes != 1 else ''}\n", style="dim")
    return out


def quote_variant_text(diff: Sequence[tuple[str, bool]], fallback: str) -> Text:
    """A quote with the words that differ from the other variants marked."""
    if not diff:
        return plain(fallback)
    out = Text(end="")
    for index, (run, differs) in enumerate(diff):
        piece = clean_line(run)
        if index and piece and not out.plain.endswith(" "):
            out.append(" ")
        out.append(piece, style="bold reverse" if differs else "")
    return out
