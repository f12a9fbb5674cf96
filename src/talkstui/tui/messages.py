"""Messages that cross widgets: children post them up, the screen or app acts on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from textual.message import Message

if TYPE_CHECKING:
    from talkstui.model import Story



@dataclass
class StoryLoaded(Message):
    """A worker finished building the story (at start-up, after a refresh, after a poll)."""

    story: Story
    generation: object = None
    visit: object = None  # the visit before this session (visits.Visit), on the first load


@dataclass
class StoryFailed(Message):
    """Building the story failed; `error` is one line, already sanitized."""

    error: str


@dataclass
class EventSelected(Message):
    """The timeline cursor moved onto an event (None: onto the "now" divider or nothing)."""

    event_id: str | None


@dataclass
class ArticleOpenRequested(Message):
    """Someone asked to read an article (Enter on a timeline event or an article row)."""

    article_id: str


@dataclass
class RefreshProgressed(Message):
    """One source finished during a refresh; `line` is sanitized."""

    done: int
    total: int
    line: str
    source_id: str | None = None
    name: str | None = None  # sanitized
    phase: str | None = None  # queued, fetching, parsing, done
    status: str | None = None  # the typed status once done: ok, timeout, http_404 ...


@dataclass
class CompareRequested(Message):
    """Enter on a timeline event: show what each outlet says about it."""

    event_id: str


@dataclass
class ClaimOpenRequested(Message):
    """Enter on a claim in the comparison: read the article at that sentence.

    `start`/`end` index the phrase in the article body (-1 when unknown: the sentence is
    searched for instead)."""

    article_id: str
    start: int = -1
    end: int = -1
    sentence: str = ""
    phrase: str = ""


@dataclass
class SourceActionRequested(Message):
    """A key on a source in the Sources pane: refresh, rename, remove, mute or unmute."""

    action: str
    source_id: str
    name: str = ""  # sanitized, for dialogs and toasts
