"""What the dashboard told the user this session: refresh results, notices and errors, so a
toast that timed out can be read again (`L`). No Textual."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from talkstui.sanitize import clean_line

MAX_ENTRIES = 2000


@dataclass(frozen=True)
class LogEntry:
    at: datetime  # UTC, wall clock (what the user lived through, even under --as-of)
    severity: str  # information, warning, error
    title: str  # sanitized
    text: str  # sanitized, may span lines


@dataclass
class SessionLog:
    entries: list[LogEntry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, severity: str, title: str, text: str) -> LogEntry:
        lines = [clean_line(line, max_len=400) for line in str(text).splitlines() or [""]]
        entry = LogEntry(datetime.fromtimestamp(time.time(), UTC), severity,
                         clean_line(title, max_len=120), "\n".join(lines))
        with self._lock:  # notify() is called from worker threads too
            self.entries.append(entry)
            del self.entries[:-MAX_ENTRIES]
        return entry

    def __len__(self) -> int:
        return len(self.entries)
