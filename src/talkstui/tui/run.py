"""`talkstui` with no command: run the dashboard in this terminal."""

from __future__ import annotations

import os
from datetime import datetime

from talkstui.clock import StartedClock
from talkstui.config import Settings


def _clock_from_env():
    value = os.environ.get("TALKSTUI_CLOCK_START")
    if not value:
        return None
    from talkstui.user_dates import parse_user_datetime

    try:
        return StartedClock(parse_user_datetime(value))
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


__all__ = ["StartedClock", "run_dashboard"]
