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
from textual.containers import Vertical
from textual.widgets import Static

from talkstui.tui.render import (
    event_when,
    highlight_body,
    kind_label,
    plain,
    revision_diff,
    short_date,
    short_datetime,
)
from talkstui.tui.timex_words import timex_words
from talkstui.tui.widgets.vim import VimScroll
from talkstui.tui.widgets.fitting_footer import FittingFooter

if TYPE_CHECKING:
    from talkstui.model import Article, ArticleView, Revision, TimeExpr, TimelineEvent


@dataclass
class ReaderData:
    """Everything the reader shows, gathered off the UI thread."""

    view: ArticleView
    article: Article | None = None
    body: str | None = None
    revisions: list[tuple[Revision, str | None]] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)
    now: datetime | None = None
    focus: tuple[int, int] | None = None  # the claim's phrase in the body: marked, scrolled to
    focus_sentence: str = ""  # the claim's sentence, found in the body when no span is known


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
        # a date with no time (a date line, an inferred day) is not shown as 00:00 UTC
        midnight = view.published.hour == view.published.minute == view.published.second == 0
        out.append(short_date(view.published) if midnight or view.published_inferred
                   else short_datetime(view.published))
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
    """Each highlighted phrase and what it was resolved to, in words ("weeks -> some weeks",
    "now -> 22 Jul 2025")."""
    out = Text(end="")
    out.append("Time expressions\n", style="bold underline")
    if not data.view.time_exprs:
        out.append("(none)\n", style="italic")
    for expr in data.view.time_exprs[:60]:
        out.append("\u2022 ")
        out.append(plain(expr.text, style="reverse"))
        out.append(" \u2192 ")
        out.append(plain(timex_words(expr.value, expr.type, text=expr.text, anchor=expr.anchor,
                                     said_at=data.view.published), style="bold"))
        out.append("\n")
    if len(data.view.time_exprs) > 60:
        out.append(f"\u2026 and {len(data.view.time_exprs) - 60} more\n", style="dim")
    return out


def notes_text(data: ReaderData) -> Text | None:
    """What the article's analysis left out, and why (a date outside the years a story can
    hold, an overlong sentence split, the time budget spent); None when nothing was."""
    notes = getattr(data.view, "notes", None)
    if not notes:
        return None
    out = Text(end="")
    out.append("Notes\n", style="bold underline")
    for note in notes[:20]:
        out.append("\u2022 ", style="dim")
        out.append(plain(note, max_len=300, style="dim italic"))
        out.append("\n")
    if len(notes) > 20:
        out.append(f"\u2026 and {len(notes) - 20} more\n", style="dim")
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
        Binding("escape", "close", "Back", id="close_reader"),
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
                with Vertical(id="reader-body"):
                    focus = focus_span(data)
                    for index, (start, line) in enumerate(body_lines(data.body)):
                        spans = line_spans(data.view.time_exprs, data.body, start, len(line))
                        text = highlight_body(line, spans)
                        classes = "body-line"
                        if focus is not None and start <= focus[0] <= start + len(line):
                            classes += " -focus"
                            text = mark_span(text, line, focus[0] - start, focus[1] - start)
                        yield Static(text, classes=classes, id=f"body-line-{index}")
            yield Static(events_text(data), id="reader-events")
            yield Static(times_text(data), id="reader-times")
            notes = notes_text(data)
            if notes is not None:
                yield Static(notes, id="reader-notes")
            diff = revisions_text(data)
            if diff is not None:
                yield Static(diff, id="reader-revisions")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#reader-scroll").focus()
        self.call_after_refresh(self.scroll_to_focus)

    def scroll_to_focus(self) -> None:
        """Put the claim's paragraph at the top of the reader (nothing when there is none)."""
        line = self.query_one_optional(".body-line.-focus")
        if line is not None:
            self.query_one("#reader-scroll", VimScroll).scroll_to_widget(
                line, animate=False, top=True, immediate=True)

    @property
    def body_text(self) -> str:
        """The body as shown (for tests and the log): every line's text."""
        return "\n".join(str(w.render()) for w in self.query(".body-line").results(Static))

    def action_close(self) -> None:
        self.dismiss(None)


def body_lines(body: str) -> list[tuple[int, str]]:
    """The body's lines with their offsets (each line is a paragraph in news text)."""
    out: list[tuple[int, str]] = []
    position = 0
    for line in body.split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out


def line_spans(exprs, body: str, start: int, length: int) -> list[TimeExpr]:
    """The time phrases inside one line, with offsets moved into that line."""
    from dataclasses import replace

    from talkstui.tui.render import locate_span

    out = []
    for expr in exprs:
        s, e = locate_span(body, expr)
        if s >= start and e <= start + length and e > s:
            out.append(replace(expr, start=s - start, end=e - start))
    return out


def focus_span(data: ReaderData) -> tuple[int, int] | None:
    """Where the claim is in the body: its phrase span, checked, else its sentence found."""
    body = data.body or ""
    if data.focus is not None:
        start, end = data.focus
        if 0 <= start < end <= len(body):
            return start, end
    sentence = " ".join(data.focus_sentence.split())
    if sentence:
        found = body.find(sentence[:60])
        if found >= 0:
            return found, min(len(body), found + len(sentence))
    return None


def mark_span(text: Text, line: str, start: int, end: int) -> Text:
    """`text` (a line already highlighted) with [start, end) marked as the claim.

    The highlighted text was sanitized piecewise, so the mark is placed on the sanitized
    prefix length; a line with control characters may be off by their replacements."""
    from talkstui.sanitize import clean_text

    start = max(0, start)
    a = len(clean_text(line[:start]))
    b = a + len(clean_text(line[start:max(start, end)]))
    marked = text.copy()
    marked.stylize("bold underline", a, max(a + 1, b))
    marker = Text("\u25b6 ", style="bold")
    return Text.assemble(marker, marked, end="")


def published_label(view: ArticleView) -> str:
    text = short_date(view.published)
    return f"{text} (inferred)" if view.published and view.published_inferred else text
