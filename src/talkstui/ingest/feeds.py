"""Feeds (RSS, Atom, RDF) with feedparser, safely.

feedparser given a str or bytes may open a local file or a URL: it is only ever
given `io.BytesIO(body)` with `response_headers`. Its `bozo` flag is a warning,
not a failure. A document that is not a feed at all (HTML where a feed was
expected) is a `parse_error`.

Feed items that carry only a summary are stored with the summary as their body;
the refresh may fetch their pages afterwards (see `talkstui.ingest.itempages`).
Entry identity, titles and skipped entries: `talkstui.ingest.entries`.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from talkstui.ingest import charset
from talkstui.ingest.dates import TZINFOS, from_struct_time, parse_date
from talkstui.ingest.entries import EntryCollector, as_text, one_line, skipped_warning
from talkstui.ingest.items import ParsedDocument, ParseFailure

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/x-rss+xml", "application/feed+xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_DECL = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([^\"']+)([\"'])", re.I)
_FEEDPARSER_ZONES: set[str] = set()  # filled on first parse
_SKIP = re.compile(rb"^(\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)*", re.S | re.I)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def sniff_kind(body: bytes, content_type: str | None) -> str:
    """'feed', 'page' or 'unknown', from the first root element, then the Content-Type."""
    head = body[:8192].lstrip(b"\xef\xbb\xbf")
    m = _SKIP.match(head)
    rest = head[m.end():] if m else head
    root = rest[:200].lower()
    if root.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<rdf", b"<channel")):
        return "feed"
    if root.startswith((b"<html", b"<head", b"<body")) or b"<!doctype html" in head[:512].lower():
        return "page"
    media = media_type(content_type)
    if media in HTML_TYPES:
        return "page"
    if media in FEED_TYPES or media.endswith("+xml"):
        return "feed"
    return "unknown"


def _as_utf8(body: bytes, content_type: str | None) -> bytes:
    text = charset.decode(body, content_type)  # bad_charset for UTF-7
    data = text.encode("utf-8")
    return _XML_DECL.sub(rb"\1utf-8\3", data, count=1)


def _entry_text(entry) -> str:
    """The longest of the entry's contents and its summary, as plain text."""
    best = ""
    for c in entry.get("content") or []:
        value = as_text(c.get("value") or "", c.get("type"))
        if len(value) > len(best):
            best = value
    detail = entry.get("summary_detail") or {}
    summary = as_text(entry.get("summary") or "", detail.get("type") or "text/html")
    return best if len(best) >= len(summary) else summary


def _title(detail, value) -> str:
    """A feed or entry title as one line of plain text (see entries.as_text)."""
    kind = detail.get("type") if isinstance(detail, dict) else None
    return one_line(as_text(value or "", kind or "text/html"))


def _feedparser_zones() -> set[str]:
    try:
        from feedparser.datetimes import rfc822

        return {name.upper() for name in rfc822.timezone_names}
    except (ImportError, AttributeError):  # pragma: no cover - feedparser internals moved
        return set()


def entry_date(entry, now: datetime) -> datetime | None:
    """The feed's parsed date first (UTC). feedparser silently reads a zone name it does not
    know (MSK, CEST, IST ...) as UTC: then the raw string is parsed with our zone map."""
    keys = ("published", "updated", "created")
    # dict.get, not entry.get: feedparser maps a missing "published" to "updated" with a
    # DeprecationWarning; we look at each key ourselves.
    raw_get = dict.get
    for key in keys:
        raw = raw_get(entry, key)
        if isinstance(raw, str) and raw.strip():
            zone = raw.strip().rsplit(None, 1)[-1].upper()
            if zone in TZINFOS and zone not in _FEEDPARSER_ZONES:
                value = parse_date(raw, now)
                if value:
                    return value
        value = from_struct_time(raw_get(entry, f"{key}_parsed"), now)
        if value:
            return value
    for key in keys:
        value = parse_date(raw_get(entry, key), now)
        if value:
            return value
    return None


def parse_feed(body: bytes, content_type: str | None, url: str | None,
               now: datetime) -> ParsedDocument:
    import feedparser

    if not _FEEDPARSER_ZONES:
        _FEEDPARSER_ZONES.update(_feedparser_zones() or {"GMT"})
    if sniff_kind(body, content_type) == "page":
        raise ParseFailure("parse_error", "HTML where a feed was expected")
    data = _as_utf8(body, content_type)
    media = media_type(content_type) or "application/xml"
    if media in HTML_TYPES or media.startswith("text/plain"):
        media = "application/xml"
    headers = {"content-type": f"{media}; charset=utf-8"}
    if url:
        headers["content-location"] = url  # base for relative links only; never fetched
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # noqa: BLE001 - feedparser on hostile input
        raise ParseFailure("parse_error", f"feed could not be parsed: {exc}") from None
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise ParseFailure("parse_error", f"not a feed{': ' + str(why) if why else ''}")
    feed = parsed.feed
    doc = ParsedDocument(kind="feed", title=_title(feed.get("title_detail"), feed.get("title")))
    if parsed.get("bozo"):
        doc.warnings.append(f"feed is not well-formed: {parsed.get('bozo_exception')}")
    entries = EntryCollector(doc)
    for entry in parsed.entries:
        link = entry.get("link") or None
        entries.add(
            guid=dict.get(entry, "id"), title=_title(entry.get("title_detail"),
                                                     entry.get("title")),
            text=_entry_text(entry), url=link if isinstance(link, str) else None,
            published=entry_date(entry, now),
            author=one_line(as_text(entry.get("author") or "", "text/html")) or None)
    if doc.skipped:
        doc.warnings.append(skipped_warning(doc.skipped))
    return doc
