"""Pilot fixtures: an in-memory story and services, so app tests need no store on disk."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from talkstui.clock import FixedClock
from talkstui.config import Locations, Settings
from talkstui.model import (
    Article,
    ArticleView,
    Attribution,
    Claim,
    Conflict,
    Deadline,
    DeadlineClaim,
    EventMention,
    Quote,
    QuoteVariant,
    Revision,
    Source,
    Story,
    TimelineEvent,
    TimeExpr,
)

NOW = datetime(2025, 7, 22, 12, 0, tzinfo=UTC)

BODY_MT = (
    "Russia and Ukraine will hold new peace talks Wednesday as a follow-up to two rounds in "
    "Istanbul, President Volodymyr Zelensky announced on Monday.\n\n"
    "However, an anonymous source told Russia's state news agency TASS that the talks would "
    "take place Thursday.\n"
)
BODY_MT_OLD = (
    "Russia and Ukraine will hold new peace talks this week as a follow-up to two rounds in "
    "Istanbul.\n"
)
BODY_ABC = (
    "Russian and Ukrainian negotiating teams will again meet in Istanbul on Wednesday, "
    "for the first such meeting since President Donald Trump set a 50-day deadline.\n"
    "Previous meetings were held in Istanbul on May 16 and June 2.\n"
)


def _span(body: str, phrase: str, value: str, kind: str = "DATE") -> TimeExpr:
    start = body.index(phrase)
    return TimeExpr(start, start + len(phrase), phrase, kind, value)  # type: ignore[arg-type]


def d(y: int, m: int, day: int) -> datetime:
    return datetime(y, m, day, tzinfo=UTC)


def make_story(now: datetime = NOW, *, hostile: str | None = None, extra_event: bool = False) -> Story:
    """A small story with every feature the panes show. `hostile` goes into every text field."""
    h = hostile or ""
    src_mt = Source("moscow-times", f"The Moscow Times{h}", "page",
                    url=f"https://www.themoscowtimes.com/x{h}", last_refresh=d(2025, 7, 21),
                    last_status="ok", article_count=1)
    src_abc = Source("abc", f"ABC News{h}", "feed", url="https://abcnews.go.com/feed",
                     last_refresh=d(2025, 7, 21), last_status="timeout",
                     last_error=f"read timed out{h}", article_count=1)
    zel = Attribution("Zelensky", None, "Zelensky said")
    anon = Attribution("an anonymous source", "TASS", "an anonymous source told TASS")
    ria = Attribution("a source", f"RIA{h}", "RIA, quoting a source")
    m1 = EventMention("mt1", f"The Moscow Times{h}", "Wednesday",
                      f"Russia and Ukraine will hold new peace talks Wednesday{h}", 45, 54,
                      "2025-07-23", zel, "planned")
    m2 = EventMention("abc1", f"ABC News{h}", "on Wednesday",
                      "Negotiating teams will again meet in Istanbul on Wednesday", 60, 72,
                      "2025-07-23", zel, "planned")
    events = [
        TimelineEvent("e-may", d(2025, 5, 16), d(2025, 5, 17), "day", "2025-05-16", "talks",
                      f"First round of talks in Istanbul{h}", ["Russia", "Ukraine"], "held",
                      [m2]),
        TimelineEvent("e-june", d(2025, 6, 2), d(2025, 6, 3), "day", "2025-06-02", "talks",
                      "Second round of talks in Istanbul", ["Russia", "Ukraine"], "held", [m2]),
        TimelineEvent("e-month", d(2025, 7, 1), d(2025, 8, 1), "month", "2025-07",
                      "prisoner_exchange", "Prisoner exchanges earlier this month", [], "held",
                      [m1]),
        TimelineEvent("e-set", d(2025, 7, 14), d(2025, 7, 15), "day", "2025-07-14",
                      "deadline_set", "Trump sets a 50-day deadline for a ceasefire", ["Trump"],
                      "announced", [m2]),
        TimelineEvent("e-week", d(2025, 7, 14), d(2025, 7, 21), "week", "2025-W29", "statement",
                      "Ukraine proposes a new round last week", ["Zelensky"], "proposed", [m1]),
        TimelineEvent("e-third", d(2025, 7, 23), d(2025, 7, 24), "day", "2025-07-23", "talks",
                      f"Third round of talks in Istanbul{h}", ["Russia", "Ukraine"], "planned",
                      [m1, m2], ["c-day"], is_future=True),
        TimelineEvent("e-due", d(2025, 9, 2), d(2025, 9, 3), "day", "2025-09-02", "deadline_due",
                      "The 50-day deadline falls due", ["Trump"], None, [m2], is_future=True),
    ]
    if extra_event:
        events.insert(5, TimelineEvent(
            "e-cron", d(2025, 7, 22), d(2025, 7, 23), "day", "2025-07-22", "statement",
            "Cron refresh found this event", [], None, [m1], is_future=False))
    conflicts = [
        Conflict("c-day", f"the day of the third round{h}", "e-third", [
            Claim("Wednesday (2025-07-23)", "mt1", "The Moscow Times", zel),
            Claim(f"Thursday (2025-07-24){h}", "mt1", "The Moscow Times", anon),
            Claim("Thursday and Friday (2025-07-24/25)", "abc1", "ABC News", ria),
        ])
    ]
    quotes = [Quote("q1", f"Zelensky{h}", [
        QuoteVariant("Umerov reported that the meeting is scheduled for Wednesday", "mt1",
                     "The Moscow Times",
                     [("Umerov reported that the meeting is", False), ("scheduled", True),
                      ("for Wednesday", False)]),
        QuoteVariant("Umerov reported that the meeting is planned for Wednesday", "abc1",
                     "ABC News",
                     [("Umerov reported that the meeting is", False), (f"planned{h}", True),
                      ("for Wednesday", False)]),
    ])]
    due = d(2025, 9, 2)
    deadlines = [
        Deadline("dl-50", f"Trump's 50-day deadline for a ceasefire{h}", d(2025, 7, 14), "P50D",
                 due, status="running", seconds_left=(due - now).total_seconds(),
                 claims=[DeadlineClaim("abc1", "ABC News", "a 50-day deadline", "sentence",
                                       d(2025, 7, 14), due, "P50D")]),
        Deadline("dl-old", "An earlier two-week ultimatum", d(2025, 5, 28), "P14D",
                 d(2025, 6, 11), status="superseded"),
    ]
    articles = [
        ArticleView("mt1", f"The Moscow Times{h}", "https://www.themoscowtimes.com/x",
                    f"New Russia-Ukraine Talks Set for Wednesday, Zelensky Says{h}",
                    d(2025, 7, 21), False, [], ["e-third", "e-month", "e-week"],
                    [_span(BODY_MT, "Wednesday", "2025-07-23"),
                     _span(BODY_MT, "on Monday", "2025-07-21"),
                     _span(BODY_MT, "Thursday", "2025-07-24")]),
        ArticleView("abc1", f"ABC News{h}", None,
                    "Russia and Ukraine to meet in Istanbul for new round of talks",
                    d(2025, 7, 21), True, ["Monday", "Wednesday"],
                    ["e-third", "e-may", "e-june", "e-set", "e-due"],
                    [_span(BODY_ABC, "on Wednesday", "2025-07-23"),
                     _span(BODY_ABC, "50-day", "P50D", "DURATION"),
                     _span(BODY_ABC, "May 16", "2025-05-16")]),
    ]
    return Story(now=now, as_of=now, title=f"Russia-Ukraine peace talks{h}",
                 sources=[src_mt, src_abc], articles=articles, events=events,
                 conflicts=conflicts, quotes=quotes, deadlines=deadlines,
                 coverage={e.id: e.outlets for e in events}, last_refresh=d(2025, 7, 21),
                 last_status="ok")


class FakeServices:
    """Stands in for talkstui.tui.services.Services; counts calls, never touches disk."""

    def __init__(self, story_factory=make_story, tmp: Path | None = None,
                 bodies: dict[str, str] | None = None) -> None:
        self.story_factory = story_factory
        self.gen = 1
        self.loads = 0
        self.exports: list[tuple[str, Path]] = []
        self.added: list[str] = []
        self.tmp = tmp or Path("/tmp")
        self.refresh_gate: asyncio.Event | None = None
        self.refresh_calls = 0
        self.recovery: str | None = None
        self.bodies = bodies if bodies is not None else {
            "h-mt": BODY_MT, "h-mt-old": BODY_MT_OLD, "h-abc": BODY_ABC}
        self.articles = {
            "mt1": Article("mt1", "New talks", "The Moscow Times", None, d(2025, 7, 21), "h-mt",
                           revisions=[Revision("h-mt-old", d(2025, 7, 21))]),
            "abc1": Article("abc1", "Russia and Ukraine", "ABC News", None, None, "h-abc"),
        }

    def generation(self) -> object:
        return self.gen

    def recovery_message(self) -> str | None:
        return self.recovery

    def load_story(self, now: datetime, as_of: datetime | None) -> Story:
        self.loads += 1
        return self.story_factory(now)

    def article(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def body(self, body_hash: str) -> str | None:
        return self.bodies.get(body_hash)

    async def refresh(self, progress, clock) -> Any:
        self.refresh_calls += 1
        if self.refresh_gate is not None:
            await self.refresh_gate.wait()
        progress("ABC News: ok")
        return None

    def add_source(self, url: str, name: str | None = None, *, discover: bool = True) -> Any:
        self.added.append(url)
        return Source("new", "New source", "feed", url=url)

    feeds: dict[str, list] = {}  # home page URL -> the FeedLinks it names

    def find_feeds(self, url: str) -> list:
        return list(self.feeds.get(url, []))

    def export(self, story: Story, fmt: str) -> Path:
        path = self.tmp / f"snapshot.{fmt}"
        path.write_text(story.title)
        self.exports.append((fmt, path))
        return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    locs = Locations(tmp_path / "config.toml", tmp_path / "data", tmp_path / "exports")
    return Settings(locations=locs)


@pytest.fixture
def services(tmp_path: Path) -> FakeServices:
    return FakeServices(tmp=tmp_path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def make_test_app(settings, services, clock):
    from talkstui.tui.app import make_app

    def factory(**kwargs):
        kwargs.setdefault("services", services)
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("as_of", NOW)
        kwargs.setdefault("watch_store", False)
        return make_app(kwargs.pop("settings", settings), **kwargs)

    return factory


async def settle(pilot, app) -> None:
    """Wait until the story is loaded and every queued message handled."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def screen_lines(app) -> list[str]:
    """The text of every line the compositor would paint for the active screen."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))
