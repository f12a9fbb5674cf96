"""Feed entries into parsed items: identity, plain-text titles, skipped entries counted.

An entry's identity (`ParsedItem.key`) is its id/guid, else its link plus its title,
else a hash of its text. Two entries of one feed with different identities are two
articles whatever their text ("Read more", an empty summary, one live-blog link); two
entries with the same id but different links or titles (a feed that repeats one guid)
are kept apart as well. An entry repeated verbatim is one entry.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime

from talkstui.ingest.htmltext import html_to_text
from talkstui.ingest.items import ParsedDocument, ParsedItem

HTML_KINDS = ("text/html", "application/xhtml+xml", "html", "xhtml")
_WS = re.compile(r"\s+")


def as_text(value: str | None, kind: str | None) -> str:
    """Plain text from a feed field: markup stripped when the feed says it is HTML, entities
    decoded; plain text kept verbatim (so "std::vector<int>" keeps its angle brackets)."""
    if not value:
        return ""
    if (kind or "").lower() in HTML_KINDS:
        return html_to_text(value)
    return html.unescape(value).strip()


def one_line(value: str) -> str:
    return _WS.sub(" ", value).strip()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class EntryCollector:
    """Adds entries to a document with their identity; counts the empty ones."""

    def __init__(self, doc: ParsedDocument) -> None:
        self.doc = doc
        self._seen: dict[str, tuple[str | None, str, str]] = {}

    def add(self, *, guid: object, title: str, text: str, url: str | None,
            published: datetime | None, author: str | None) -> None:
        title = one_line(title)
        if not text and not title:
            self.doc.skipped += 1
            return
        if isinstance(guid, (int, float)) and not isinstance(guid, bool):
            guid = str(guid)
        if isinstance(guid, str) and guid.strip():
            key = "id:" + guid.strip()
        elif url or title:
            key = f"lt:{url or ''}\n{title}"
        else:
            key = "h:" + _digest(text)
        seen = self._seen.get(key)
        if seen is not None:
            if seen == (url, title, text):
                return  # the same entry twice: one article
            key = f"{key}\n{url or ''}\n{title}\n{_digest(text)}"
            if key in self._seen:
                return
        self._seen[key] = (url, title, text)
        self.doc.items.append(ParsedItem(
            title=title, text=text or title, url=url, published=published, author=author,
            key=key))


def skipped_warning(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'} with neither title nor text skipped"
