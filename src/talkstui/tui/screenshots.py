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


SHOTS: list[Shot] = [
    ("dashboard-120x40.svg", (120, 40), _dashboard),
    ("dashboard-80x24.svg", (80, 24), _dashboard),
    ("comparison-third-round.svg", (120, 40), _comparison),
    ("reader.svg", (100, 32), _reader),
    ("help.svg", (100, 32), _help),
]


async def _take(settings: Settings, out_dir: Path, as_of: datetime) -> list[Path]:
    from talkstui.tui.app import make_app

    written: list[Path] = []
    for name, size, prepare in SHOTS:
        app = make_app(settings, as_of=as_of, watch_store=False)
        async with app.run_test(size=size) as pilot:
            await _settle(pilot, app)
            if prepare is not None:
                await prepare(pilot, app)
            await _settle(pilot, app)
            app.save_screenshot(filename=name, path=str(out_dir))
        written.append(out_dir / name)
    return written


def make_screenshots(out_dir: Path, as_of: datetime) -> list[Path]:
    """Write the screenshots into `out_dir`; the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="talkstui-shots-") as home:
        env = dict(os.environ, TALKSTUI_HOME=home)
        settings = load_settings(locations(env))
        return asyncio.run(_take(settings, out_dir, as_of))
