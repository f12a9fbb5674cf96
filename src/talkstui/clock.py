"""`now` is injected everywhere, so tests, screenshots and --as-of replays are deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped at one instant (screenshots, snapshot tests, --as-of)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at


class StartedClock:
    """A running clock that started at a given instant (benchmarks, demos of a live countdown).

    `TALKSTUI_CLOCK_START=2025-07-22T12:00Z talkstui`: time runs on from there, whereas
    `--as-of` stops it.
    """

    def __init__(self, start: datetime) -> None:
        import time

        self._monotonic = time.monotonic
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        from datetime import timedelta

        return self._start + timedelta(seconds=self._monotonic() - self._t0)
