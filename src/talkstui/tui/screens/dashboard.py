"""The dashboard: timeline, source comparison, countdown, sources and articles.

Wide terminals get a grid with every pane on screen; narrow ones (80x24) get one
pane at a time behind a tab strip, switched with Tab/Shift+Tab or 1-4, and a
one-line countdown that stays visible. The switch is a CSS class (`-narrow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from talkstui.tui.widgets.deferred import Deferred
from talkstui.tui.messages import CompareRequested, EventSelected
from talkstui.tui.render import plain, short_datetime
from talkstui.tui.widgets.ticker import Ticker
from talkstui.tui.widgets.timeline import Timeline
from talkstui.tui.widgets.fitting_footer import FittingFooter

if TYPE_CHECKING:
    from talkstui.model import Story
    from talkstui.tui.widgets.comparison import Comparison
    from talkstui.tui.widgets.countdown import Countdown
    from talkstui.tui.widgets.sources_browser import SourcesBrowser

# (pane id, tab label, id of the widget that takes focus)
PANES: list[tuple[str, str, str]] = [
    ("timeline", "Timeline", "timeline-table"),
    ("comparison", "Compare", "comparison"),
    ("countdown", "Deadline", "countdown"),
    ("sources", "Sources", "sources-tree"),
]
NARROW_WIDTH = 110
NARROW_HEIGHT = 32
WIDE_WIDTH = 160  # from here on the right-hand panes (Compare, Sources) get half the width
COMPACT_TABS_WIDTH = 72  # below this the tab strip shows short labels, so all four fit
SHORT_LABELS = {"timeline": "Time", "comparison": "Comp", "countdown": "Dead",
                "sources": "Src"}


def _when(value: datetime, now: datetime | None) -> str:
    """`22 Jul 12:00`, with the year only when it is not the year of `now` (times are UTC)."""
    text = short_datetime(value).removesuffix(" UTC")
    if now is not None and value.year == now.year:
        text = text.replace(f" {value.year}", "", 1)
    return text


def header_text(title: str, story: Story | None, status: str | None, as_of: datetime | None) -> Text:
    """Title, as-of time, last refresh and its status: fits 80 columns for the usual case."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(" ")
    if status:  # a refresh in progress, or its failures: first, so that they are never cut
        out.append(plain(status, style="bold"))
        out.append(" \u2502 ")
    out.append(plain(story.title if story else title, style="bold"))
    if as_of is not None:
        out.append(f" \u2502 as of {_when(as_of, None)}", style="bold")
    if status:
        pass
    elif story is not None:
        out.append(" \u2502 updated ")
        out.append(_when(story.last_refresh, story.now) if story.last_refresh else "never")
        if story.last_status:
            out.append(": ")
            out.append(plain(story.last_status))
    else:
        out.append(" \u2502 loading\u2026")
    return out


class StoryHeader(Static):
    """Story title, last refresh and its status (or refresh progress)."""


class DashboardScreen(Screen[None]):
    """The main screen."""

    AUTO_FOCUS = "#timeline-table"

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "previous_pane", "Prev pane", show=False, id="previous_pane"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("z", "zoom", "Zoom", show=False, id="zoom"),
        Binding("escape", "back", "Back", show=False,
                tooltip="Un-zoom, or cancel a refresh", id="back"),
        Binding("1", "pane('timeline')", "Timeline", show=False, id="pane_timeline"),
        Binding("2", "pane('comparison')", "Compare", show=False, id="pane_comparison"),
        Binding("3", "pane('countdown')", "Deadline", show=False, id="pane_countdown"),
        Binding("4", "pane('sources')", "Sources", show=False, id="pane_sources"),
    ]

    story: reactive[Story | None] = reactive(None, always_update=True)
    status: reactive[str | None] = reactive(None)
    active_pane: reactive[str] = reactive("timeline")
    since_visit: reactive[object] = reactive(None, always_update=True)  # visits.Changes

    def __init__(self, *, title: str, now: Callable[[], datetime], as_of: datetime | None,
                 live: bool, show_seconds: bool) -> None:
        super().__init__(id="dashboard")
        self._title = title
        self._now = now
        self.as_of = as_of
        self._live = live
        self._show_seconds = show_seconds
        self._compact_tabs = False

    def compose(self) -> ComposeResult:
        yield StoryHeader(header_text(self._title, None, None, self.as_of), id="story-header")
        yield Static("", id="since-visit")
        with Horizontal(id="pane-tabs"):
            yield Static("", id="tab-strip")
            yield Ticker(id="mini-countdown")
        with Container(id="panes"):
            timeline = Timeline(id="timeline", classes="pane -active", now=self._now,
                                live=self._live)
            timeline.border_title = "Timeline"
            yield timeline
            # The other panes (and their modules) come right after the first frame.
            yield Deferred(self._make_countdown, self._pane_ready)
            yield Deferred(self._make_comparison, self._pane_ready)
            yield Deferred(self._make_sources, self._pane_ready)
        yield FittingFooter()

    # ---------------------------------------------------------------- deferred panes

    def _make_countdown(self) -> Widget:
        from talkstui.tui.widgets.countdown import Countdown

        countdown = Countdown(self._now, live=self._live, show_seconds=self._show_seconds,
                              id="countdown", classes="pane")
        countdown.border_title = "Deadline"
        countdown.can_focus = True
        return countdown

    def _make_comparison(self) -> Widget:
        from talkstui.tui.widgets.comparison import Comparison

        comparison = Comparison(id="comparison", classes="pane")
        comparison.border_title = "Compare sources"
        return comparison

    def _make_sources(self) -> Widget:
        from talkstui.tui.widgets.sources_browser import SourcesBrowser

        sources = SourcesBrowser(id="sources", classes="pane")
        sources.border_title = "Sources & articles"
        return sources

    # ---------------------------------------------------------------- lookups

    @property
    def timeline(self) -> Timeline:
        return self.query_one("#timeline", Timeline)

    @property
    def comparison(self) -> Comparison | None:
        return self.query_one_optional("#comparison")  # type: ignore[return-value]

    @property
    def countdown(self) -> Countdown | None:
        return self.query_one_optional("#countdown")  # type: ignore[return-value]

    @property
    def sources(self) -> SourcesBrowser | None:
        return self.query_one_optional("#sources")  # type: ignore[return-value]

    def _pane_ready(self, pane: Widget) -> None:
        """A deferred pane was mounted: hand it what the others already have."""
        pane.set_class(pane.id == self.active_pane, "-active")
        if pane.id == "countdown":
            pane.mini = self.query_one("#mini-countdown", Ticker)  # type: ignore[attr-defined]
        if pane.id == "comparison":
            pane.event_id = self.timeline.selected_event_id  # type: ignore[attr-defined]
        if self.story is not None:
            pane.story = self.story  # type: ignore[attr-defined]
        if pane.id == self.active_pane:  # a key asked for it before it was there
            self.action_pane(pane.id)

    # ---------------------------------------------------------------- life cycle

    def on_mount(self) -> None:
        self.query_one("#since-visit").display = False
        self._apply_width(self.app.size.width, self.app.size.height)
        self._update_tabs()
        self.query_one("#timeline-table").focus()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width, event.size.height)

    def _apply_width(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_WIDTH or height < NARROW_HEIGHT, "-narrow")
        self.set_class(width >= WIDE_WIDTH, "-wide")
        compact = width < COMPACT_TABS_WIDTH
        if compact != self._compact_tabs:
            self._compact_tabs = compact
            self.query_one("#mini-countdown", Ticker).short = compact
            self._update_tabs()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    # ---------------------------------------------------------------- data down

    def watch_story(self, story: Story | None) -> None:
        if not self.is_mounted:
            return
        for pane in (self.timeline, self.comparison, self.countdown, self.sources):
            if pane is not None:
                pane.story = story
        self._update_header()
        if self.focused is None:
            self.query_one("#timeline-table").focus()

    def watch_since_visit(self, changes) -> None:
        if not self.is_mounted:
            return
        line = self.query_one("#since-visit", Static)
        line.display = bool(changes is not None and changes.any)
        self.timeline.new_ids = frozenset(changes.new_events) if changes is not None else \
            frozenset()
        if changes is not None and changes.any:
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            now = self._now()
            text.append(f" Since last visit {_when(changes.since, now)}: ", style="bold")
            text.append(changes.summary())
            if changes.new_events:
                text.append(" \u00b7 n: next new event", style="dim")
            line.update(text)

    def watch_status(self) -> None:
        if self.is_mounted:
            self._update_header()

    def _update_header(self) -> None:
        self.query_one(StoryHeader).update(header_text(self._title, self.story, self.status,
                                                       self.as_of))

    def set_as_of(self, as_of: datetime | None, now: Callable[[], datetime], live: bool) -> None:
        self.as_of = as_of
        self._now = now
        self._live = live
        countdown = self.countdown
        if countdown is not None:
            countdown.set_clock(now, live)
        self.timeline.set_clock(now, live)
        self._update_header()

    # ---------------------------------------------------------------- messages up

    @on(EventSelected)
    def _event_selected(self, message: EventSelected) -> None:
        comparison = self.comparison
        if comparison is not None:
            comparison.event_id = message.event_id

    @on(CompareRequested)
    def _compare_requested(self, message: CompareRequested) -> None:
        """Enter on an event: its comparison, in the Compare pane (zoomed if zoomed)."""
        message.stop()
        comparison = self.comparison
        if comparison is not None:
            comparison.matrix = False
            comparison.event_id = message.event_id
        self.action_pane("comparison")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self.active_pane:
            self.active_pane = pane

    def _pane_of(self, widget: Widget) -> str | None:
        node: Widget | None = widget
        while node is not None and node is not self:
            if node.has_class("pane") and node.id:
                return node.id
            node = node.parent  # type: ignore[assignment]
        return None

    # ---------------------------------------------------------------- panes

    def watch_active_pane(self, old: str, new: str) -> None:
        if not self.is_mounted:
            return
        for pane_id, _, _ in PANES:
            for pane in self.query(f"#{pane_id}"):
                pane.set_class(pane_id == new, "-active")
        self._update_tabs()

    def _update_tabs(self) -> None:
        strip = Text(no_wrap=True, end="")
        for index, (pane_id, label, _) in enumerate(PANES, 1):
            shown = SHORT_LABELS[pane_id] if self._compact_tabs else label
            text = f" {index} {shown} "
            strip.append(text, style="reverse bold" if pane_id == self.active_pane else "")
            strip.append(" " if self._compact_tabs else "  ")
        strip.append("? help", style="dim")
        self.query_one("#tab-strip", Static).update(strip)
        mini = self.query_one("#mini-countdown", Ticker)
        mini.display = self.active_pane != "countdown"

    def action_pane(self, pane_id: str) -> None:
        focus_id = next(f for p, _, f in PANES if p == pane_id)
        zoomed = self.maximized is not None
        pane = self.query_one_optional(f"#{pane_id}")
        if zoomed and pane is not None and self.maximized is not pane:
            # Zoom follows the pane key, in one frame: the new pane's -active class (which
            # makes it displayable in the narrow layout) is applied before it is maximized,
            # so no frame ever shows a maximized pane that is not displayed (the hatching).
            with self.app.batch_update():
                self.minimize()
                self.active_pane = pane_id
                self.app.stylesheet.update_nodes(list(self.query(".pane")), animate=False)
                self.maximize(pane, container=False)
        else:
            self.active_pane = pane_id
        target = self.query_one_optional(f"#{focus_id}")
        if target is None:  # not mounted yet (the first moments after start-up)
            return
        target.focus()
        self.call_after_refresh(target.focus)

    def _step_pane(self, step: int) -> None:
        ids = [p for p, _, _ in PANES]
        index = ids.index(self.active_pane) if self.active_pane in ids else 0
        self.action_pane(ids[(index + step) % len(ids)])

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def action_zoom(self) -> None:
        """Fill the screen with the active pane, or put it back."""
        if self.maximized is not None:
            self.minimize()
            return
        pane = self.query_one_optional(f"#{self.active_pane}")
        if pane is not None:
            self.maximize(pane, container=False)

    def action_back(self) -> None:
        """Esc: un-zoom; else cancel a running refresh; else leave the matrix."""
        if self.maximized is not None:
            self.minimize()
            return
        sources = self.sources
        if self.active_pane == "sources" and sources is not None and \
                sources.clear_outlet_filter():
            return
        app = self.app
        if getattr(app, "refreshing", False):
            app.action_cancel_refresh()  # type: ignore[attr-defined]
            return
        comparison = self.comparison
        if comparison is not None and comparison.matrix and self.active_pane == "comparison":
            comparison.matrix = False

    def action_filter(self) -> None:
        if self.active_pane == "sources" and self.sources is not None:
            self.sources.open_filter()
        else:
            if self.active_pane != "timeline":
                self.active_pane = "timeline"
            self.timeline.open_filter()
