"""The event timeline: past and future split at now by a visible divider."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from rich.text import Text

from talkstui.tui.messages import CompareRequested, EventSelected
from talkstui.tui.render import event_when, kind_label, plain, short_datetime
from talkstui.tui.widgets.vim import VimTable

if TYPE_CHECKING:
    from talkstui.model import Story, TimelineEvent

NOW_KEY = "__now__"
WHEN_W, KIND_W, SRC_W, MARK_W = 13, 12, 3, 1
WHEN_MAX = 20  # "~28 Jul–3 Aug 2025"


def event_matches(event: TimelineEvent, needle: str, now=None) -> bool:
    if not needle:
        return True
    hay = " ".join(
        [event_when(event, now), event.kind, event.summary, event.status or "", *event.outlets,
         *event.actors]
    ).casefold()
    return all(word in hay for word in needle.casefold().split())


class TimelineTable(VimTable):
    """The rows of the timeline."""


class Timeline(Vertical):
    """Event rows (date, kind, summary, sources, conflict mark) with a filter."""

    ALLOW_MAXIMIZE = True

    BINDINGS = [
        Binding("n", "next_new", "Next new", tooltip="Next event new since your last visit",
                show=False, id="next_new"),
    ]

    story: reactive[Story | None] = reactive(None, always_update=True)
    new_ids: reactive[frozenset[str]] = reactive(frozenset())  # new since the last visit
    filter_text: reactive[str] = reactive("")
    placeholder: reactive[str] = reactive("Loading the story\u2026")
    _when_w = WHEN_W  # the When column's width, from the dates shown

    def __init__(self, *args, now: Callable[[], datetime] | None = None, live: bool = False,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._now = now
        self.live = live
        self._now_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TimelineTable(id="timeline-table")

    def set_clock(self, now: Callable[[], datetime], live: bool) -> None:
        self._now = now
        self.live = live
        self._schedule_now()
        self.update_now_label()

    def _schedule_now(self) -> None:
        if self._now_timer is not None:
            self._now_timer.stop()
            self._now_timer = None
        if self.live and self._now is not None:  # a frozen clock writes nothing at rest
            now = self._now()
            wait = 60.0 - (now.second + now.microsecond / 1_000_000) + 0.05
            self._now_timer = self.set_timer(wait, self._minute_tick, name="now-label")

    def _minute_tick(self) -> None:
        """On the minute, like the countdown's digits: the label changes, nothing else."""
        self.update_now_label()
        self._now_timer = None
        self._schedule_now()

    def now_label_time(self) -> datetime | None:
        """The time the "now" divider shows: the clock's when live, else the story's."""
        if self.live and self._now is not None:
            return self._now()
        return self.story.now if self.story is not None else None

    def update_now_label(self) -> None:
        table = self.table
        if self.story is None or NOW_KEY not in table.rows:
            return
        label = self._divider_summary(self._summary_width())
        if label.plain != getattr(self, "_now_label", None):  # repaint only on a change
            self._now_label = label.plain
            # update_cell repaints the whole table (kilobytes each minute at rest): set the
            # cell and repaint its one row
            table._data[RowKey(NOW_KEY)][ColumnKey("summary")] = label
            table._update_count += 1  # the row cache is keyed by this
            table.refresh_row(table.get_row_index(NOW_KEY))

    @property
    def table(self) -> TimelineTable:
        return self.query_one(TimelineTable)

    @property
    def filter_input(self) -> Widget | None:
        return self.query_one_optional("#timeline-filter")

    def on_mount(self) -> None:
        self._width = 0
        self._build_columns()
        self._fill()
        self._schedule_now()

    def _summary_width(self) -> int:
        width = self.table.size.width or self.size.width or 80
        fixed = self._when_w + KIND_W + SRC_W + MARK_W + 2 * 5 + 2
        return max(12, width - fixed)

    def _when_width(self) -> int:
        """As wide as the longest date shown ("13–15 Jul 2025", "~28 Jul–3 Aug"): a date is
        never cut."""
        story = self.story
        if story is None or not story.events:
            return WHEN_W
        return min(WHEN_MAX, max(len("When"), *(len(event_when(e, story.now)) for e in story.events)))

    def _build_columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        self._when_w = self._when_width()
        table.add_column(Text("When"), width=self._when_w, key="when")
        table.add_column(Text("Kind"), width=KIND_W, key="kind")
        table.add_column(Text("Summary"), width=self._summary_width(), key="summary")
        table.add_column(Text("Src", justify="right"), width=SRC_W, key="src")
        table.add_column(Text("!"), width=MARK_W, key="mark")

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self._build_columns()
            self._fill()

    def watch_story(self) -> None:
        if self.is_mounted:
            if self._when_width() != self._when_w:
                self._build_columns()
            self._fill()

    def watch_placeholder(self) -> None:
        if self.is_mounted and self.story is None:
            self._fill()

    def watch_filter_text(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_new_ids(self) -> None:
        if self.is_mounted and self.story is not None:
            self._fill()

    def action_next_new(self) -> None:
        """Jump to the next event new since the last visit (wrapping round)."""
        table = self.table
        keys = [row.key.value for row in table.ordered_rows]
        new = [i for i, k in enumerate(keys) if k in self.new_ids]
        if not new:
            self.app.bell()
            return
        after = [i for i in new if i > table.cursor_row]
        table.move_cursor(row=(after or new)[0], animate=False, scroll=True)

    def visible_events(self) -> list[TimelineEvent]:
        story = self.story
        if story is None:
            return []
        return [e for e in story.events if event_matches(e, self.filter_text, story.now)]

    def _fill(self) -> None:
        table = self.table
        story = self.story
        previous = self.selected_event_id
        table.clear()
        if story is None:
            table.add_row(Text(""), Text(""),
                          plain(self.placeholder, style="italic", max_len=self._summary_width()),
                          Text(""), Text(""), key="__empty__")
            return
        events = self.visible_events()
        summary_w = self._summary_width()
        divider_done = False
        first_future: str | None = None
        for event in events:
            if event.is_future and not divider_done:
                self._add_divider(story, summary_w)
                divider_done = True
                first_future = event.id
            style = "bold" if event.is_future else ""
            mark = Text("!", style="bold reverse") if event.conflict_ids else Text(" ")
            summary = plain(event.summary, style=style, max_len=summary_w)
            if event.id in self.new_ids:  # new since the last visit: a mark that needs no colour
                summary = Text.assemble(Text("+ ", style="bold reverse"), summary)
                summary.truncate(summary_w, overflow="ellipsis")
            table.add_row(
                Text(event_when(event, story.now), style=style, no_wrap=True),
                Text(kind_label(event.kind), no_wrap=True),
                summary,
                Text(str(len(event.outlets)), justify="right"),
                mark,
                key=event.id,
            )
        if not divider_done:
            self._add_divider(story, summary_w)
        if not events:
            table.add_row(Text(""), Text(""), Text("no events match", style="italic"),
                          Text(""), Text(""), key="__empty__")
        keep = previous is not None and previous in {e.id for e in events}
        target = previous if keep else first_future
        if target is None and events:
            target = events[-1].id
        if target is not None:
            table.move_cursor(row=table.get_row_index(target), animate=False, scroll=False)
        # After layout (the table has no height yet on the first fill): put "now" in view.
        self.call_after_refresh(self._show_cursor, not keep)
        self.post_message(EventSelected(self.selected_event_id))

    def _show_cursor(self, around_now: bool) -> None:
        """Scroll so the cursor row is visible and, unless the user had moved it elsewhere,
        the "now" divider too: a third of the way down, the past above, what comes below."""
        table = self.table
        if NOW_KEY not in table.rows:
            return
        if around_now:
            divider = table.get_row_index(NOW_KEY)
            visible = max(1, table.scrollable_content_region.height - 1)  # minus the header
            table.scroll_to(y=max(0, divider - visible // 3), animate=False, immediate=True)
        if table.cursor_row >= 0:
            row_y = table.cursor_row
            visible = max(1, table.scrollable_content_region.height - 1)
            if not (table.scroll_y <= row_y < table.scroll_y + visible):
                table.scroll_to(y=max(0, row_y - visible // 3), animate=False, immediate=True)

    def _divider_summary(self, summary_w: int) -> Text:
        when = self.now_label_time()
        label = " now "
        if when is not None:  # the longest form that fits whole: never "12:" cut from "12:00"
            full = short_datetime(when)
            for text in (full, full.rsplit(" ", 1)[0], full.rsplit(" ", 2)[0]):
                if len(text) + 7 <= summary_w:
                    label = f" now: {text} "
                    break
        rule = label + "\u2500" * max(0, summary_w - len(label))
        return Text(rule[:summary_w], style="bold")

    def _add_divider(self, story: Story, summary_w: int) -> None:
        self._now_label = self._divider_summary(summary_w).plain
        self.table.add_row(
            Text("\u2500" * self._when_w, style="bold"),
            Text("\u2500" * KIND_W, style="bold"),
            self._divider_summary(summary_w),
            Text("\u2500" * SRC_W, style="bold"),
            Text("\u2500", style="bold"),
            key=NOW_KEY,
        )

    @property
    def selected_event_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        if key in (NOW_KEY, "__empty__"):
            return None
        return key

    def select_event(self, event_id: str) -> bool:
        table = self.table
        try:
            index = table.get_row_index(event_id)
        except Exception:
            return False
        table.move_cursor(row=index, animate=False, scroll=True)
        return True

    # ---------------------------------------------------------------- events

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(EventSelected(self.selected_event_id))

    @on(DataTable.RowSelected, "#timeline-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        event_id = self.selected_event_id
        if self.story is None or event_id is None:
            self.app.bell()
            return
        self.post_message(CompareRequested(event_id))

    def open_filter(self) -> None:
        """Show the filter box (mounted on first use: nothing to build at start-up)."""
        box = self.filter_input
        if box is None:
            from talkstui.tui.widgets.filter_input import FilterInput

            box = FilterInput(id="timeline-filter", classes="filter", value=self.filter_text)
            self.mount(box, before=self.table)
        box.display = True
        self.call_after_refresh(box.focus)

    def on_input_changed(self, event) -> None:  # Input.Changed (Input is imported lazily)
        if event.input.id != "timeline-filter":
            return
        event.stop()
        self.filter_text = event.value

    def on_input_submitted(self, event) -> None:  # Input.Submitted
        if event.input.id != "timeline-filter":
            return
        event.stop()
        self.filter_text = event.value
        if not event.value and self.filter_input is not None:
            self.filter_input.display = False
        self.table.focus()
