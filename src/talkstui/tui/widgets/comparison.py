"""The source comparison for one event, and the coverage matrix of every event."""

from __future__ import annotations

from dataclasses import dataclass
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
from talkstui.sanitize import clean_line
from talkstui.tui.messages import ClaimOpenRequested
from talkstui.tui.widgets.vim import VimScroll

if TYPE_CHECKING:
    from talkstui.model import Claim, Conflict, EventMention, Quote, Story, TimelineEvent


def _heading(text: str) -> Text:
    return Text(text, style="bold underline", end="")


def event_conflicts(story: Story, event: TimelineEvent) -> list[Conflict]:
    ids = set(event.conflict_ids)
    return [c for c in story.conflicts if c.id in ids or (c.event_id and c.event_id == event.id)]


def event_quotes(story: Story, event: TimelineEvent) -> list[Quote]:
    articles = {m.article_id for m in event.mentions}
    return [q for q in story.quotes if any(v.article_id in articles for v in q.variants)]


def _claim_line(claim: Claim) -> Text:
    who = claim.attribution.label() if claim.attribution else "unattributed"
    line = Text("  ", end="")
    line.append(plain(claim.value, style="bold"))
    line.append(" \u00b7 ")
    line.append(plain(claim.outlet))
    line.append(" \u00b7 on whose authority: ")
    line.append(plain(who, style="italic"))
    return line


def _mention_text(mention: EventMention) -> Text:
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
    line.append("\n  ")
    line.append(plain(mention.sentence, max_len=400))
    return line


@dataclass
class ClaimRow:
    """One line of the comparison Enter can open: a conflicting claim or an outlet's mention."""

    text: Text
    article_id: str
    start: int = -1
    end: int = -1
    sentence: str = ""
    phrase: str = ""


def event_head(story: Story, event: TimelineEvent) -> Text:
    title = Text(end="")
    title.append(plain(event.summary, style="bold"))
    title.append("\n")
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
    title.append_text(meta)
    return title


def event_parts(story: Story, event: TimelineEvent) -> list[Text | ClaimRow]:
    """The comparison of `event` as lines: headings are Text, what Enter opens is a ClaimRow."""
    parts: list[Text | ClaimRow] = [event_head(story, event)]
    conflicts = event_conflicts(story, event)
    if conflicts:
        parts.append(_heading("Where they disagree"))
        for conflict in conflicts:
            parts.append(Text.assemble(Text("! ", style="bold reverse"),
                                       plain(conflict.about, style="bold"), end=""))
            for claim in conflict.claims:
                parts.append(ClaimRow(_claim_line(claim), claim.article_id,
                                      sentence=claim.sentence))
    parts.append(_heading("What each outlet says"))
    if not event.mentions:
        parts.append(Text("(no mentions)", style="italic", end=""))
    for mention in event.mentions:
        parts.append(ClaimRow(_mention_text(mention), mention.article_id, mention.start,
                              mention.end, mention.sentence, mention.phrase))
    quotes = event_quotes(story, event)
    if quotes:
        parts.append(_heading("Quote variants"))
        for quote in quotes:
            block = Text(end="")
            block.append(plain(quote.speaker or "unattributed speaker", style="bold"))
            for variant in quote.variants:
                block.append("\n  ")
                block.append(plain(variant.outlet, style="italic"))
                block.append(": ")
                block.append(quote_variant_text(variant.diff, variant.text))
            parts.append(block)
    return parts


def render_event(story: Story, event: TimelineEvent, width: int = 60) -> Group:
    """What each outlet says about `event`, who says it, and where they disagree (one block)."""
    lines: list[Text] = []
    for part in event_parts(story, event):
        text = part.text.copy() if isinstance(part, ClaimRow) else part.copy()
        text.end = "\n"
        lines.append(text)
    return Group(*lines)


def outlet_abbreviations(outlets: list[str]) -> dict[str, str]:
    """A short, unique column label per outlet: initials of its words ("The Moscow Times" ->
    "MT", "ABC News" -> "ABCN"), else its first letters, numbered when two still clash."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    skip = {"the", "a", "an", "of", "and"}
    for outlet in outlets:
        words = [w for w in clean_line(outlet).replace("-", " ").split() if w.casefold() not in skip]
        if not words:
            base = "?"
        elif len(words) == 1:
            base = words[0][:4]
        else:
            first = words[0] if words[0].isupper() and len(words[0]) <= 4 else words[0][0]
            base = (first + "".join(w[0] for w in words[1:]))[:5]
        base = base.upper() if len(words) > 1 else base
        label, n = base, 2
        while label in taken:
            label, n = f"{base}{n}", n + 1
        taken.add(label)
        out[outlet] = label
    return out


def render_matrix(story: Story) -> Group:
    """Which outlet covered which event: a row per event, a column per outlet (abbreviated,
    with the legend above the table). The table never drops a column: the pane scrolls."""
    outlets = sorted({o for e in story.events for o in e.outlets}, key=str.casefold)
    short = outlet_abbreviations(outlets)
    legend = Text(end="\n")
    legend.append("Outlets: ", style="bold")
    for index, outlet in enumerate(outlets):
        if index:
            legend.append(" \u00b7 ")
        legend.append(short[outlet], style="bold")
        legend.append(" = ")
        legend.append(plain(outlet))
    legend.append("\n\u25cf reported \u00b7 not reported \u00b7 ! the outlets disagree",
                  style="dim")
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False,
                  expand=False)
    table.add_column(Text("When"), no_wrap=True)
    table.add_column(Text("Event"), overflow="ellipsis", no_wrap=True, max_width=40)
    for outlet in outlets:
        table.add_column(Text(short[outlet], justify="center"), justify="center", no_wrap=True)
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
    heading = _heading("Coverage matrix")
    heading.end = "\n"
    return Group(heading, legend, Text(""), table)


class Comparison(VimScroll):
    """What each outlet says about the selected event; `m` flips to the coverage matrix.

    The claims (conflicting values and each outlet's sentence) are rows with a cursor:
    j/k move it, Enter opens the article at that sentence."""

    ALLOW_MAXIMIZE = True

    BINDINGS = [
        Binding("j,down", "claim(1)", "Next claim", show=False, id="next_claim"),
        Binding("k,up", "claim(-1)", "Previous claim", show=False, id="previous_claim"),
        Binding("enter", "open_claim", "Read", tooltip="Read the article at this claim",
                show=False, id="open_claim"),
        Binding("m", "toggle_matrix", "Matrix", id="toggle_matrix"),
    ]

    story: reactive[Story | None] = reactive(None, always_update=True)
    event_id: reactive[str | None] = reactive(None)
    matrix: reactive[bool] = reactive(False)
    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[ClaimRow] = []
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading\u2026", style="italic"), id="comparison-body")

    @property
    def body(self) -> Static:
        return self.query_one("#comparison-body", Static)

    def _update(self) -> None:
        if not self.is_mounted:
            return
        story = self.story
        self.border_subtitle = "m: matrix \u00b7 Enter: read" if not self.matrix else "m: event"
        body = self.body
        body.set_class(self.matrix, "-matrix")
        if not self.matrix:
            body.styles.width = None  # back to the stylesheet's 1fr
        event = None
        if story is not None and not self.matrix:
            event = next((e for e in story.events if e.id == self.event_id), None)
        key = (id(story), self.matrix, event.id if event else None)
        if key == self._shown:
            return
        self._shown = key
        self.query(".claim-part").remove()
        self.rows = []
        if story is None:
            body.display = True
            body.update(Text("Loading\u2026", style="italic"))
            return
        if self.matrix:
            body.display = True
            matrix = render_matrix(story)
            # as wide as the table: the pane scrolls sideways, no column is ever dropped
            from rich.measure import Measurement

            console = self.app.console
            wide = Measurement.get(console, console.options.update_width(100_000), matrix)
            body.styles.width = max(1, wide.maximum)
            body.update(matrix)
            return
        if event is None:
            body.display = True
            body.update(Text("Select an event in the timeline to compare its sources.",
                             style="italic"))
            return
        body.display = False
        widgets: list[Static] = []
        for part in event_parts(story, event):
            if isinstance(part, ClaimRow):
                widgets.append(Static(part.text, classes="claim-part claim"))
                self.rows.append(part)
            else:
                widgets.append(Static(part, classes="claim-part heading"))
        self.mount_all(widgets)
        self.cursor = 0
        self._mark_cursor()

    def _claim_widgets(self) -> list[Static]:
        return list(self.query(".claim").results(Static))

    def _mark_cursor(self) -> None:
        for index, widget in enumerate(self._claim_widgets()):
            widget.set_class(index == self.cursor, "-cursor")

    def watch_cursor(self) -> None:
        self._mark_cursor()
        widgets = self._claim_widgets()
        if 0 <= self.cursor < len(widgets):
            self.scroll_to_widget(widgets[self.cursor], animate=False)

    def watch_story(self) -> None:
        self._shown = None
        self._update()

    def watch_event_id(self) -> None:
        self._update()
        self.scroll_home(animate=False)

    def watch_matrix(self) -> None:
        self._update()
        self.scroll_home(animate=False)

    def on_mount(self) -> None:
        self._update()

    def action_toggle_matrix(self) -> None:
        self.matrix = not self.matrix

    def action_claim(self, step: int) -> None:
        if self.matrix or not self.rows:
            if step > 0:
                self.scroll_down()
            else:
                self.scroll_up()
            return
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    @property
    def selected_claim(self) -> ClaimRow | None:
        if self.matrix or not (0 <= self.cursor < len(self.rows)):
            return None
        return self.rows[self.cursor]

    def action_open_claim(self) -> None:
        row = self.selected_claim
        if row is None:
            self.app.bell()
            return
        self.post_message(ClaimOpenRequested(row.article_id, row.start, row.end, row.sentence,
                                             row.phrase))
