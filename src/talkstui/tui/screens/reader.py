"""The article reader: title, outlet, date, the text with time phrases highlighted,
the events found in it, and what changed between revisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from talkstui.tui.render import (
    event_when,
    highlight_body,
    kind_label,
    plain,
    revision_diff,
    short_date,
    short_datetime,
)
from talkstui.tui.widgets.vim import VimScroll

if TYPE_CHECKING:
    from talkstui.model import Article, ArticleView, Revision, TimelineEvent


@dataclass
class ReaderData:
    """Everything the reader shows, gathered off the UI thread."""

    view: ArticleView
    article: Article | None = None
    body: str | None = None
    revisions: list[tuple[Revision, str | None]] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)
    now: datetime | None = None


def header_text(data: ReaderData) -> Text:
    view = data.view
    out = Text(end="")
    out.append(plain(view.title or "(untitled)", style="bold"))
    out.append("\n")
    out.append(plain(view.outlet, style="italic"))
    out.append(" \u00b7 ")
    if view.published is None:
        out.append("undated")
    else:
        out.append(short_datetime(view.published))
        if view.published_inferred:
            out.append(" (inferred)", style="bold")
            if view.inference_evidence:
                out.append(" \u2014 ")
                out.append(plain("; ".join(view.inference_evidence), max_len=80, style="dim"))
    if view.url:
        out.append("\n")
        out.append(plain(view.url, style="dim"))  # a link as text, never a terminal hyperlink
    if getattr(view, "relevance", None) is not None:
        from talkstui.tui.relevance_line import relevance_text

        out.append("\n")
        out.append(relevance_text(view.relevance))
    return out


def events_text(data: ReaderData) -> Text:
    out = Text(end="")
    out.append("Events found in this article\n", style="bold underline")
    if not data.events:
        out.append("(none)\n", style="italic")
    for event in data.events:
        out.append(f"\u2022 {event_when(event, data.now)}  ", style="bold" if event.is_future else "")
        out.append(kind_label(event.kind), style="dim")
        out.append("  ")
        out.append(plain(event.summary))
        if event.conflict_ids:
            out.append("  !", style="bold reverse")
        out.append("\n")
    return out


def times_text(data: ReaderData) -> Text:
    """Each highlighted phrase and what it was resolved to (TIMEX3 value)."""
    out = Text(end="")
    out.append("Time expressions\n", style="bold underline")
    if not data.view.time_exprs:
        out.append("(none)\n", style="italic")
    for expr in data.view.time_exprs[:60]:
        out.append("\u2022 ")
        out.append(plain(expr.text, style="reverse"))
        out.append(" \u2192 ")
        out.append(plain(expr.value, style="bold"))
        if expr.anchor:
            out.append(" (from ", style="dim")
            out.append(plain(expr.anchor, style="dim"))
            out.append(")", style="dim")
        out.append("\n")
    if len(data.view.time_exprs) > 60:
        out.append(f"\u2026 and {len(data.view.time_exprs) - 60} more\n", style="dim")
    return out


def revisions_text(data: ReaderData) -> Text | None:
    if not data.revisions:
        return None
    out = Text(end="")
    out.append("What changed between revisions\n", style="bold underline")
    texts = [(f"revision seen {short_datetime(r.seen_at)}", body) for r, body in data.revisions]
    texts.append(("current text", data.body))
    for (label_old, old), (label_new, new) in zip(texts, texts[1:], strict=False):
        if old is None or new is None:
            out.append(f"{label_old} \u2192 {label_new}: text not available\n", style="italic")
            continue
        out.append(revision_diff(old, new, label_old=label_old, label_new=label_new))
    return out


class ReaderScreen(Screen[None]):
    """One article."""

    AUTO_FOCUS = "#reader-scroll"

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="close_reader"),
    ]

    def __init__(self, data: ReaderData) -> None:
        super().__init__(id="reader-screen")
        self.data = data

    def compose(self) -> ComposeResult:
        data = self.data
        yield Static(header_text(data), id="reader-header")
        with VimScroll(id="reader-scroll") as scroll:
            scroll.border_title = "Article"
            scroll.border_subtitle = "time phrases highlighted"
            if data.body is None:
                yield Static(Text("The text of this article is not in the store.", style="italic"),
                             id="reader-body")
            else:
                yield Static(highlight_body(data.body, data.view.time_exprs), id="reader-body")
            yield Static(events_text(data), id="reader-events")
            yield Static(times_text(data), id="reader-times")
            diff = revisions_text(data)
            if diff is not None:
                yield Static(diff, id="reader-revisions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#reader-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)


def published_label(view: ArticleView) -> str:
    text = short_date(view.published)
    return f"{text} (inferred)" if view.published and view.published_inferred else text
