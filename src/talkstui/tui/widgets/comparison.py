"""The source comparison for one event, and the coverage matrix of every event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from talkstui.story.when import event_status_text
from talkstui.tui.render import (
    event_when,
    kind_label,
    plain,
    quote_variant_text,
)
from talkstui.tui.widgets.vim import VimScroll

if TYPE_CHECKING:
    from talkstui.model import Conflict, Quote, Story, TimelineEvent


def _heading(text: str) -> Text:
    return Text(text, style="bold underline", end="")


def event_conflicts(story: Story, event: TimelineEvent) -> list[Conflict]:
    ids = set(event.conflict_ids)
    return [c for c in story.conflicts if c.id in ids or (c.event_id and c.event_id == event.id)]


def event_quotes(story: Story, event: TimelineEvent) -> list[Quote]:
    articles = {m.article_id for m in event.mentions}
    return [q for q in story.quotes if any(v.article_id in articles for v in q.variants)]


def render_event(story: Story, event: TimelineEvent, width: int = 60) -> Group:
    """What each outlet says about `event`, who says it, and where they disagree."""
    parts: list = []
    title = Text(end="")
    title.append(plain(event.summary, style="bold"))
    parts.append(title)
    meta = Text(end="", style="dim")
    meta.append(f"{event_when(event, story.now)} \u00b7 {kind_label(event.kind)}")
    status = event_status_text(event, story.now)
    if status:
        meta.append(" \u00b7 ")
        meta.append(plain(status))
    if getattr(event, "participants", None):
        meta.append(" \u00b7 with ")
        meta.append(plain(", ".join(event.participants)))
    venue = getattr(event, "venue", None)
    if venue:
        meta.append(" \u00b7 in ")
        meta.append(plain(venue))
    meta.append(" \u00b7 future" if event.is_future else " \u00b7 past")
    meta.append(f" \u00b7 {len(event.outlets)} source{'s' if len(event.outlets) != 1 else ''}")
    parts.append(meta)
    parts.append(Text(""))

    conflicts = event_conflicts(story, event)
    if conflicts:
        parts.append(_heading("Where they disagree"))
        for conflict in conflicts:
            parts.append(Text.assemble(Text("! ", style="bold reverse"), plain(conflict.about, style="bold")))
            table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
            table.add_column(Text("Value"), overflow="fold")
            table.add_column(Text("Outlet"), overflow="fold")
            table.add_column(Text("On whose authority"), overflow="fold")
            for claim in conflict.claims:
                who = claim.attribution.label() if claim.attribution else "unattributed"
                table.add_row(plain(claim.value, style="bold"), plain(claim.outlet), plain(who))
            parts.append(table)
        parts.append(Text(""))
    parts.append(_heading("What each outlet says"))
    if not event.mentions:
        parts.append(Text("(no mentions)", style="italic"))
    for mention in event.mentions:
        line = Text(end="")
        line.append(plain(mention.outlet, style="bold"))
        authority = mention.attribution.label() if mention.attribution else "unattributed"
        line.append(" \u00b7 on the authority of: ")
        line.append(plain(authority, style="italic"))
        line.append(" \u00b7 ")
        line.append(plain(f"\u201c{mention.phrase}\u201d", style="reverse"))
        if mention.status:
            line.append(" \u00b7 ")
            line.append(plain(mention.status))
        parts.append(line)
        parts.append(Text.assemble("  ", plain(mention.sentence, max_len=400)))
    quotes = event_quotes(story, event)
    if quotes:
        parts.append(Text(""))
        parts.append(_heading("Quote variants"))
        for quote in quotes:
            parts.append(plain(quote.speaker or "unattributed speaker", style="bold"))
            for variant in quote.variants:
                line = Text("  ", end="")
                line.append(plain(variant.outlet, style="italic"))
                line.append(": ")
                line.append(quote_variant_text(variant.diff, variant.text))
                parts.append(line)
    for part in parts:
        if isinstance(part, Text):
            part.end = "\n"
    return Group(*parts)


def render_matrix(story: Story) -> Group:
    """Which outlet covered which event: a row per event, a column per outlet."""
    outlets = sorted({o for e in story.events for o in e.outlets})
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column(Text("When"), no_wrap=True)
    table.add_column(Text("Event"), overflow="ellipsis", no_wrap=True, max_width=40)
    for index, outlet in enumerate(outlets, 1):
        table.add_column(Text(str(index), justify="center"), justify="center", no_wrap=True)
    table.add_column(Text("!"), no_wrap=True)
    for event in story.events:
        covered = set(story.coverage.get(event.id) or event.outlets)
        cells = [Text("\u25cf" if o in covered else "\u00b7") for o in outlets]
        table.add_row(
            Text(event_when(event, story.now)),
            plain(event.summary, max_len=40),
            *cells,
            Text("!" if event.conflict_ids else ""),
        )
    legend = Text(end="")
    for index, outlet in enumerate(outlets, 1):
        legend.append(f"{index} = ")
        legend.append(plain(outlet))
        legend.append("   ")
    heading = _heading("Coverage matrix")
    heading.end = "\n"
    return Group(heading, table, Text(""), legend)


class Comparison(VimScroll):
    """What each outlet says about the selected event; `m` flips to the coverage matrix."""

    ALLOW_MAXIMIZE = True

    BINDINGS = [
        Binding("m", "toggle_matrix", "Matrix", id="toggle_matrix"),
    ]

    story: reactive[Story | None] = reactive(None, always_update=True)
    event_id: reactive[str | None] = reactive(None)
    matrix: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading\u2026", style="italic"), id="comparison-body")

    def _update(self) -> None:
        if not self.is_mounted:
            return
        body = self.query_one("#comparison-body", Static)
        story = self.story
        self.border_subtitle = "m: matrix" if not self.matrix else "m: event"
        if story is None:
            body.update(Text("Loading\u2026", style="italic"))
            return
        if self.matrix:
            body.update(render_matrix(story))
            return
        event = next((e for e in story.events if e.id == self.event_id), None)
        if event is None:
            body.update(Text("Select an event in the timeline to compare its sources.", style="italic"))
            return
        body.update(render_event(story, event))

    def watch_story(self) -> None:
        self._update()

    def watch_event_id(self) -> None:
        self._update()
        self.scroll_home(animate=False)

    def watch_matrix(self) -> None:
        self._update()

    def on_mount(self) -> None:
        self._update()

    def action_toggle_matrix(self) -> None:
        self.matrix = not self.matrix

