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
