"""What changed since you last looked: the dashboard remembers, per story, what it showed the
last time it was open (event, conflict and article ids, each deadline's due date and status)
and tells the new from the old. One small JSON file in the data folder; no Textual.

A visit is recorded when the live dashboard first shows a story (never under --as-of, which
is not "now"); the comparison is with the visit before, for the whole session.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILE_NAME = "visits.json"
MAX_IDS = 20000  # per kind: enough for any story, bounded for a hostile one


@dataclass
class Visit:
    at: datetime
    events: set[str] = field(default_factory=set)
    conflicts: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    deadlines: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


@dataclass
class Changes:
    since: datetime
    new_events: list[str] = field(default_factory=list)  # ids, in timeline order
    moved_deadlines: list[str] = field(default_factory=list)  # labels
    superseded_deadlines: list[str] = field(default_factory=list)
    new_deadlines: list[str] = field(default_factory=list)
    new_conflicts: list[str] = field(default_factory=list)  # ids
    new_articles: list[str] = field(default_factory=list)  # ids

    @property
    def any(self) -> bool:
        return bool(self.new_events or self.moved_deadlines or self.superseded_deadlines
                    or self.new_deadlines or self.new_conflicts or self.new_articles)

    def summary(self) -> str:
        """"3 new events · 1 deadline moved · 1 new conflict · 2 new articles"."""
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        parts = []
        if self.new_events:
            parts.append(n(len(self.new_events), "new event", "new events"))
        if self.moved_deadlines:
            parts.append(n(len(self.moved_deadlines), "deadline moved", "deadlines moved"))
        if self.superseded_deadlines:
            parts.append(n(len(self.superseded_deadlines), "deadline superseded",
                           "deadlines superseded"))
        if self.new_deadlines:
            parts.append(n(len(self.new_deadlines), "new deadline", "new deadlines"))
        if self.new_conflicts:
            parts.append(n(len(self.new_conflicts), "new conflict", "new conflicts"))
        if self.new_articles:
            parts.append(n(len(self.new_articles), "new article", "new articles"))
        return " \u00b7 ".join(parts) if parts else "nothing new"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def visit_of(story: Any, at: datetime) -> Visit:
    return Visit(
        at=at,
        events={e.id for e in story.events},
        conflicts={c.id for c in story.conflicts},
        articles={a.id for a in story.articles},
        deadlines={d.id: (_iso(d.due), d.status) for d in story.deadlines},
    )


def changes(story: Any, before: Visit) -> Changes:
    out = Changes(since=before.at)
    out.new_events = [e.id for e in story.events if e.id not in before.events]
    out.new_conflicts = [c.id for c in story.conflicts if c.id not in before.conflicts]
    out.new_articles = [a.id for a in story.articles if a.id not in before.articles]
    for d in story.deadlines:
        old = before.deadlines.get(d.id)
        if old is None:
            out.new_deadlines.append(d.label)
            continue
        due, status = old
        if d.status == "superseded" and status != "superseded":
            out.superseded_deadlines.append(d.label)
        elif due != _iso(d.due):
            out.moved_deadlines.append(d.label)
    return out


def _to_json(visit: Visit) -> dict:
    return {"at": _iso(visit.at), "events": sorted(visit.events)[:MAX_IDS],
            "conflicts": sorted(visit.conflicts)[:MAX_IDS],
            "articles": sorted(visit.articles)[:MAX_IDS],
            "deadlines": {k: list(v) for k, v in list(visit.deadlines.items())[:MAX_IDS]}}


def _from_json(doc: Any) -> Visit | None:
    try:
        at = datetime.fromisoformat(str(doc["at"]).replace("Z", "+00:00"))
        return Visit(at=at, events=set(map(str, doc.get("events", []))),
                     conflicts=set(map(str, doc.get("conflicts", []))),
                     articles=set(map(str, doc.get("articles", []))),
                     deadlines={str(k): (v[0], v[1]) for k, v in
                                dict(doc.get("deadlines", {})).items()})
    except (KeyError, TypeError, ValueError, IndexError):
        return None


class Visits:
    """The visits file: {story key: visit}. Unreadable or unwritable: no marks, no error."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def last(self, key: str) -> Visit | None:
        doc = self._read().get(key)
        return _from_json(doc) if isinstance(doc, dict) else None

    def record(self, key: str, visit: Visit) -> bool:
        data = self._read()
        data[key] = _to_json(visit)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".visits-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.replace(tmp, self.path)
        except OSError:
            return False
        return True
