"""A time budget for one article's analysis.

Extraction is linear in the length of an article (sentences are capped at
`text.MAX_SENTENCE`), but a long hostile text still costs seconds. Each article gets
`ARTICLE_SECONDS`; the extractors ask `over()` between steps and stop when it is spent, so
what was found so far is kept and the rest is left out with a note. A `cancel` event (set
when a refresh is abandoned, e.g. the dashboard quits) stops the work the same way, at once.
"""

from __future__ import annotations

import threading
import time

ARTICLE_SECONDS = 5.0


class Cancelled(Exception):
    """The analysis was abandoned (its result would be thrown away)."""


class Budget:
    def __init__(self, seconds: float | None = ARTICLE_SECONDS,
                 cancel: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.cancel = cancel
        self.spent = False  # set once over() has said yes
        self.stopped_at: int | None = None  # where in the text the work stopped, if known

    def over(self, at: int | None = None) -> bool:
        """True once the time is up (remembering `at`, the text offset reached).
        Raises Cancelled if the analysis was abandoned."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        if self.spent:
            return True
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.spent = True
            self.stopped_at = at
            return True
        return False

    def note(self) -> str | None:
        if not self.spent:
            return None
        where = f" at character {self.stopped_at:,}" if self.stopped_at is not None else ""
        return (f"analysis stopped after {self.seconds:g} s{where}: "
                "the rest of the article was not analysed")


UNLIMITED = Budget(None)
