"""What parsing produces, before dedup and storage: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ParseFailure(Exception):
    """A document that cannot become articles: a typed status and one line of detail."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class ParsedItem:
    """One article as parsed from a feed entry, a page or a file."""

    title: str
    text: str
    url: str | None = None
    published: datetime | None = None  # aware UTC, or None = undated
    author: str | None = None
    outlet: str | None = None
    key: str | None = None  # a feed entry's identity within its feed (see ingest.entries)


@dataclass
class ParsedDocument:
    """A fetched or read document: its kind, a title for the source, its articles."""

    kind: str  # "feed" or "page" or "file"
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # entries with neither title nor text (counted, never silent)
