"""`talkstui screenshot`: the README's SVG screenshots, made by the app itself.

The bundled seeds go into a throwaway TALKSTUI_HOME, the clock is frozen at
`as_of`, and each shot is taken with `App.run_test` + `save_screenshot`, so the
output is the same on every machine.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from talkstui.config import Settings, load_settings, locations
from talkstui.model import Story, TimelineEvent


def third_round(story: Story) -> TimelineEvent | None:
    """The event for the third round of talks (or the next talks, or the first future event)."""
    talks = [e for e in story.events if e.kind == "talks"]
    for event in talks:
        if "third" in event.summary.casefold():
            return event
    future = [e for e in talks if e.is_future]
    if future:
        return future[0]
    if len(talks) >= 3:
        return talks[2]
    return next((e for e in story.events if e.is_future), story.events[-1] if story.events else None)


async def _settle(pilot, app) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


Shot = tuple[str, tuple[int, int], Callable[[object, object], Awaitable[None]] | None]


async def _dashboard(pilot, app) -> None:
    return None


async def _comparison(pilot, app) -> None:
    event = third_round(app.story) if app.story else None
    screen = app.dashboard
    if event is not None:
        screen.timeline.select_event(event.id)
        await pilot.pause()
    screen.action_pane("comparison")
    await pilot.pause()
    screen.action_zoom()
    await pilot.pause()


async def _reader(pilot, app) -> None:
    event = third_round(app.story) if app.story else None
    if event is not None:
        app.dashboard.timeline.select_event(event.id)
        await pilot.pause()
    await pilot.press("enter")
    await _settle(pilot, app)


async def _help(pilot, app) -> None:
    await pilot.press("question_mark")
    await pilot.pause()


async def _reader_at_claim(pilot, app) -> None:
    event = third_round(app.story) if app.story else None
    if event is not None:
        app.dashboard.timeline.select_event(event.id)
        await pilot.pause()
    await pilot.press("enter")  # the comparison
    await _settle(pilot, app)
    await pilot.press("j", "j", "j", "enter")  # an outlet's sentence, in the reader
    await _settle(pilot, app)


async def _matrix(pilot, app) -> None:
    await pilot.press("2", "m")
    await _settle(pilot, app)


async def _sources_failed(pilot, app) -> None:
    await pilot.press("4", "g")
    await _settle(pilot, app)
    story = app.story
    index = next((i for i, s in enumerate(story.sources) if s.last_status not in ("ok", None)),
                 0) if story else 0
    await pilot.press(*(["j"] * (index + 1)))
    await _settle(pilot, app)


async def _reader_revision(pilot, app) -> None:
    story = app.story
    article = next((a for a in story.articles if "Istanbul on Wednesday" in a.title), None)
    if article is None:
        return
    app.open_article(article.id)
    await _settle(pilot, app)
    scroll = app.screen.query_one_optional("#reader-scroll")
    revisions = app.screen.query_one_optional("#reader-revisions")
    if scroll is not None and revisions is not None:
        scroll.scroll_to_widget(revisions, animate=False, top=True, immediate=True)
        await pilot.pause()


async def _outside(pilot, app) -> None:
    """The Sources pane with the articles outside the story unfolded (stored, listed, not
    analysed)."""
    await pilot.press("4")
    await _settle(pilot, app)
    tree = app.dashboard.sources.tree
    node = next((n for n in tree.root.children if "Outside this story" in str(n.label)), None)
    if node is not None:
        node.expand()
        await pilot.pause()
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)
        await _settle(pilot, app)


async def _stories(pilot, app) -> None:
    await pilot.press("s")
    await _settle(pilot, app)


async def _refresh_in_progress(pilot, app) -> None:
    app.monotonic = lambda: 0.0  # the elapsed time reads 0 s on every machine
    await pilot.press("4", "r")
    for _ in range(200):  # until every source but the slow one has answered
        await pilot.pause(0.05)
        state = app._refresh_state
        if state and all(p == "done" for sid, p in state.items() if sid != "slow-outlet") \
                and len(app._refresh_results) == len(state) - 1:
            break
    await pilot.pause()
    await pilot.pause()


SHOTS: list[Shot] = [
    ("dashboard-120x40.svg", (120, 40), _dashboard),
    ("dashboard-80x24.svg", (80, 24), _dashboard),
    ("comparison-third-round.svg", (120, 40), _comparison),
    ("reader.svg", (100, 32), _reader_at_claim),
    ("help.svg", (100, 32), _help),
    ("matrix-120x40.svg", (120, 40), _matrix),
]

# A story from real-looking feeds served on 127.0.0.1 (one of them gone, one item corrected)
FEED_SHOTS: list[Shot] = [
    ("feeds-120x40.svg", (120, 40), _dashboard),
    ("sources-failed-80x24.svg", (80, 24), _sources_failed),
    ("reader-revision-100x32.svg", (100, 32), _reader_revision),
    ("feeds-matrix-120x40.svg", (120, 40), _matrix),
    ("outside-story-120x40.svg", (120, 40), _outside),
    ("stories-80x24.svg", (80, 24), _stories),
]
PROGRESS_SHOT: Shot = ("refresh-in-progress-80x24.svg", (80, 24), _refresh_in_progress)


async def _shoot(settings: Settings, shots: list[Shot], out_dir: Path,
                 as_of: datetime) -> list[Path]:
    from talkstui.tui.app import make_app

    written: list[Path] = []
    for name, size, prepare in shots:
        app = make_app(settings, as_of=as_of, watch_store=False)
        async with app.run_test(size=size) as pilot:
            await _settle(pilot, app)
            if prepare is not None:
                await prepare(pilot, app)
            if name != PROGRESS_SHOT[0]:
                await _settle(pilot, app)
            app.save_screenshot(filename=name, path=str(out_dir))
            app.workers.cancel_group(app, "refresh")
        written.append(out_dir / name)
    return written


async def _take(settings: Settings, out_dir: Path, as_of: datetime) -> list[Path]:
    return await _shoot(settings, SHOTS, out_dir, as_of)


async def _take_feeds(settings: Settings, out_dir: Path, as_of: datetime) -> list[Path]:
    """Seeds plus three feeds (one gone), refreshed twice at fixed times before `as_of` (the
    second fetch brings a corrected item: a revision); then a refresh left running."""
    from datetime import timedelta

    from talkstui.clock import FixedClock
    from talkstui.model import Source
    from talkstui.refresh import refresh_sources
    from talkstui.seeds import ensure_seeded
    from talkstui.store import Store
    from talkstui.tui.screenshot_feeds import serving

    store = Store(settings.locations.store_dir)
    ensure_seeded(settings, store, clock=FixedClock(as_of - timedelta(hours=6)))
    with serving() as server:
        with store.transaction() as tx:
            for sid, name, path in (("wire-world-news", "Wire World News", "/wire.xml"),
                                    ("eastern-europe-desk", "Eastern Europe Desk", "/desk.xml"),
                                    ("gone-outlet", "Gone Outlet", "/gone.xml")):
                tx.put_source(Source(sid, name, "feed", url=server.url(path)))
        await refresh_sources(settings, store, clock=FixedClock(as_of - timedelta(hours=3)))
        server.corrected = True
        await refresh_sources(settings, store, clock=FixedClock(as_of - timedelta(hours=1)))
        written = await _shoot(settings, FEED_SHOTS, out_dir, as_of)
        with store.transaction() as tx:
            tx.put_source(Source("slow-outlet", "Slow Outlet", "feed",
                                 url=server.url("/slow.xml")))
        written += await _shoot(settings, [PROGRESS_SHOT], out_dir, as_of)
    return written


def make_screenshots(out_dir: Path, as_of: datetime) -> list[Path]:
    """Write the screenshots into `out_dir`; the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="talkstui-shots-") as home:
        env = dict(os.environ, TALKSTUI_HOME=home)
        settings = load_settings(locations(env))
        written += asyncio.run(_take(settings, out_dir, as_of))
    with tempfile.TemporaryDirectory(prefix="talkstui-shots-feeds-") as home:
        env = dict(os.environ, TALKSTUI_HOME=home)
        settings = load_settings(locations(env))
        written += asyncio.run(_take_feeds(settings, out_dir, as_of))
    return written
