"""`talkstui` with no command: run the dashboard in this terminal."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

from talkstui.config import Settings


class StartedClock:
    """A running clock that started at a given instant (benchmarks and demos of a live countdown).

    Set `TALKSTUI_CLOCK_START=2025-07-22T12:00Z`: time runs from there, unlike `--as-of`,
    which stops it.
    """

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


def _clock_from_env():
    value = os.environ.get("TALKSTUI_CLOCK_START")
    if not value:
        return None
    from talkstui.tui.app import parse_as_of

    try:
        return StartedClock(parse_as_of(value))
    except ValueError:
        return None


def run_dashboard(settings: Settings, *, as_of: datetime | None = None, mouse: bool = True) -> int:
    """Run the dashboard; the exit code. Mouse reporting only if both the flag and ui.mouse allow."""
    from talkstui.tui.app import make_app

    clock = None if as_of is not None else _clock_from_env()
    app = make_app(settings, as_of=as_of, clock=clock)
    result = app.run(mouse=mouse and settings.ui.mouse)
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)


__all__ = ["StartedClock", "run_dashboard", "UTC"]
