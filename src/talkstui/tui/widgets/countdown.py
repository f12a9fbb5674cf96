"""The countdown to the current deadline.

At rest this is the only thing that writes to the terminal: the large digits
(days:hours:minutes) change once a minute and a small seconds ticker once a
second, or nothing at all but the minute digits with `ui.show_seconds = false`.
Each part is its own widget, so a tick repaints only the characters that changed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Static

from talkstui.story import when
from talkstui.tui.render import (
    bar,
    countdown_parts,
    day_of,
    deadline_due_text,
    passed_text,
    plain,
)
from talkstui.tui.widgets.ticker import Ticker
from talkstui.tui.widgets.vim import VimScroll

if TYPE_CHECKING:
    from talkstui.model import Deadline, Story


class DayBar(Widget):
    """`day N of M` as a bar as wide as the pane."""

    DEFAULT_CSS = """
    DayBar { height: 1; width: 1fr; }
    """

    day: reactive[tuple[int, int] | None] = reactive(None)

    def render(self) -> RenderResult:
        if self.day is None:
            return Text("")
        n, m = self.day
        label = f" day {n} of {m}"
        width = max(4, self.size.width - len(label))
        return Text.assemble(Text(bar(n / m if m else 0, width), style="bold"), label, end="")


def deadline_seconds_left(deadline: Deadline, now: datetime) -> float | None:
    if deadline.due is None:
        return None
    due = deadline.due if deadline.due.tzinfo else deadline.due.replace(tzinfo=UTC)
    return (due - now).total_seconds()


def precision_of(deadline: Deadline) -> str:
    """How finely the due date is known: "range" (of days), "day" or "time" (to the hour)."""
    if deadline.due_earliest is not None and deadline.due_latest is not None:
        return "range"
    return "time" if getattr(deadline, "due_time", False) else "day"


def _day_span(deadline: Deadline, now: datetime) -> tuple[int, int]:
    today = now.date()
    return ((deadline.due_earliest.date() - today).days, (deadline.due_latest.date() - today).days)


def digits_text(seconds_left: float, precision: str = "time", span: tuple[int, int] | None = None) -> str:
    """The large digits, no finer than the due date is known: days-days for a range,
    days:hours for a day, days:hours:minutes for a time; a minus once it has passed."""
    if precision == "range" and span is not None:
        a, b = span
        return f"{a}-{b}" if a >= 0 else f"-{-b}-{-a}" if b < 0 else f"0-{b}"
    days, hours, minutes, _ = countdown_parts(abs(seconds_left))
    sign = "-" if seconds_left < 0 else ""
    if precision == "day":
        return f"{sign}{days}:{hours:02d}"
    return f"{sign}{days}:{hours:02d}:{minutes:02d}"


UNITS = {"range": "days", "day": "days : hours", "time": "days : hours : minutes"}


def compact_text(deadline: Deadline | None, now: datetime, seconds: bool) -> str:
    """The one-line countdown for narrow terminals, at the due date's precision."""
    if deadline is None:
        return "no deadline"
    left = deadline_seconds_left(deadline, now)
    if left is None:
        return "deadline: date unknown"
    precision = precision_of(deadline)
    if precision != "time":
        text = when.countdown_text(deadline, now)
        return f"deadline {text}" if text.startswith("in ") else text
    if left < 0:
        return passed_text(left)
    d, h, m, s = countdown_parts(left)
    return f"deadline in {d}d {h:02d}:{m:02d}" + (f":{s:02d}" if seconds else "")


class Countdown(VimScroll):
    """Large digits to the current deadline, day N of M, and the other deadlines."""

    ALLOW_MAXIMIZE = True

    story: reactive[Story | None] = reactive(None, always_update=True)

    def __init__(self, now: Callable[[], datetime], *, live: bool, show_seconds: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self._now = now
        self.live = live
        self.show_seconds = show_seconds
        self.mini: Ticker | None = None  # the narrow layout's one-line countdown (set by the screen)
        self._timer: Timer | None = None
        self._units = "days : hours : minutes"

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading\u2026", style="italic"), id="deadline-label")
        with Horizontal(id="countdown-row"):
            yield Digits("", id="countdown-digits")
            yield Ticker(id="countdown-seconds")
        yield Static(Text("days : hours : minutes", style="dim"), id="countdown-units")
        yield Static("", id="countdown-due")
        yield DayBar(id="countdown-bar")
        yield Static("", id="countdown-others")

    @property
    def deadline(self) -> Deadline | None:
        return self.story.current_deadline if self.story else None

    def on_mount(self) -> None:
        self._schedule()

    def set_clock(self, now: Callable[[], datetime], live: bool) -> None:
        self._now = now
        self.live = live
        self._schedule()
        self._render_static()
        self.tick()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.live:
            return  # a fixed clock never changes: no timer, nothing written at rest
        if self.show_seconds:
            self._timer = self.set_interval(1.0, self.tick, name="countdown-tick")
        else:
            self._timer = self.set_timer(self._to_next_minute(), self._minute_tick,
                                         name="countdown-minute")

    def _to_next_minute(self) -> float:
        now = self._now()
        return 60.0 - (now.second + now.microsecond / 1_000_000) + 0.05

    def _minute_tick(self) -> None:
        self.tick()
        self._timer = self.set_timer(self._to_next_minute(), self._minute_tick,
                                     name="countdown-minute")

    def watch_story(self) -> None:
        if not self.is_mounted:
            return
        self._render_static()
        self.tick()

    def _render_static(self) -> None:
        story = self.story
        deadline = self.deadline
        label = self.query_one("#deadline-label", Static)
        due = self.query_one("#countdown-due", Static)
        others = self.query_one("#countdown-others", Static)
        if story is None:
            return
        if deadline is None:
            label.update(Text("No deadline found in the coverage.", style="italic"))
            due.update("")
            others.update("")
            return
        label.update(plain(deadline.label, style="bold"))
        due_line = Text(deadline_due_text(deadline), end="")
        set_on = when.set_text(deadline)
        if set_on:
            due_line.append(f" \u00b7 set {set_on}")
        if deadline.status != "running":
            due_line.append(" \u00b7 ")
            due_line.append(plain(when.status_text(deadline), style="italic"))
        parties = when.parties_text(deadline)
        if parties:
            due_line.append("\n")
            due_line.append(plain(parties, style="dim"))
        due.update(due_line)
        self._units = UNITS[precision_of(deadline)]
        self.query_one("#countdown-units", Static).update(Text(self._units, style="dim"))
        others.update(self._others_text(story, deadline))

    def _others_text(self, story: Story, current: Deadline) -> Text:
        rest = [d for d in story.deadlines if d is not current]
        out = Text(end="")
        if current.claims:
            out.append("Who says so\n", style="bold underline")
            for claim in current.claims[:6]:
                out.append("\u2022 ")
                out.append(plain(claim.outlet, style="bold"))
                if claim.attribution is not None:
                    out.append(" (")
                    out.append(plain(claim.attribution.label()))
                    out.append(")")
                out.append(": \u201c")
                out.append(plain(claim.phrase, max_len=60))
                out.append("\u201d")
                out.append(f" \u2192 {when.claim_text(claim)}", style="dim")
                out.append("\n")
            if len(current.claims) > 6:
                out.append(f"  \u2026 and {len(current.claims) - 6} more\n", style="dim")
        if not rest:
            return out
        out.append("Other deadlines\n", style="bold underline")
        now = self._now()
        for d in rest:
            left = deadline_seconds_left(d, now)
            state = when.status_text(d)
            if d.status == "passed" and left is not None:
                state += f", {when.countdown_text(d, now)}"
            elif d.status == "running":
                state = when.countdown_text(d, now)
            out.append("\u2022 ")
            out.append(plain(d.label))
            out.append(" \u2014 ", style="italic")
            out.append(plain(state, style="italic"))
            due_on = when.due_text(d)
            if due_on:
                out.append(f" (due {due_on})", style="dim")
            out.append("\n")
        return out

    def tick(self) -> None:
        """Recompute from the clock; widgets repaint only if their text changed."""
        if not self.is_mounted:
            return
        deadline = self.deadline
        now = self._now()
        digits = self.query_one("#countdown-digits", Digits)
        seconds = self.query_one("#countdown-seconds", Ticker)
        daybar = self.query_one("#countdown-bar", DayBar)
        if self.mini is not None:
            self.mini.text = compact_text(deadline, now, self.show_seconds)
        if deadline is None:
            if digits.value:
                digits.update("")
            seconds.text = ""
            daybar.day = None
            return
        left = deadline_seconds_left(deadline, now)
        precision = precision_of(deadline)
        units = UNITS[precision]
        if left is None:
            value, secs = "", ""
        else:
            value = digits_text(left, precision, _day_span(deadline, now) if precision == "range" else None)
            if left < 0:
                # on its own line under the digits: beside them it was cut ("passed 495")
                secs = ""
                passed = when.countdown_text(deadline, now) if precision != "time" else passed_text(left)
                units = f"{passed} ({units})"
            elif precision == "time":
                secs = f"{countdown_parts(left)[3]:02d}s" if self.show_seconds else ""
            else:
                secs = "~" if getattr(deadline, "due_approx", False) else ""
        if digits.value != value:
            digits.update(value)
        seconds.text = secs
        if units != self._units:
            self._units = units
            self.query_one("#countdown-units", Static).update(
                Text(units, style="bold" if left is not None and left < 0 else "dim"))
        daybar.day = day_of(deadline, now) if left is not None and left >= 0 else None
