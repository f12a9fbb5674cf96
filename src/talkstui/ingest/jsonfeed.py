"""JSON Feed 1.0 and 1.1 (jsonfeed.org): a feed whose items are articles."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

import orjson

from talkstui.ingest import charset
from talkstui.ingest.dates import parse_date, parse_iso
from talkstui.ingest.entries import EntryCollector, one_line, skipped_warning
from talkstui.ingest.htmltext import html_to_text
from talkstui.ingest.items import ParsedDocument, ParseFailure

VERSIONS = ("https://jsonfeed.org/version/1", "http://jsonfeed.org/version/1")


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _author(item: dict) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        names = [_str(a.get("name")).strip() for a in authors if isinstance(a, dict)]
        names = [n for n in names if n]
        if names:
            return ", ".join(names)
    author = item.get("author")
    if isinstance(author, dict) and _str(author.get("name")).strip():
        return _str(author.get("name")).strip()
    return None


def _url(value: object, base: str | None) -> str | None:
    url = _str(value).strip()
    if not url:
        return None
    return urljoin(base, url) if base else url


def parse_json_feed(body: bytes, content_type: str | None, url: str | None,
                    now: datetime) -> ParsedDocument:
    text = charset.decode(body, content_type)
    try:
        data = orjson.loads(text.lstrip("\ufeff"))
    except orjson.JSONDecodeError as exc:
        raise ParseFailure("parse_error", f"JSON Feed could not be parsed: {exc}") from None
    if not isinstance(data, dict) or not _str(data.get("version")).startswith(VERSIONS):
        raise ParseFailure("unsupported_content", "JSON that is not a JSON Feed (jsonfeed.org)")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseFailure("parse_error", "JSON Feed without an items list")
    doc = ParsedDocument(kind="feed", title=one_line(_str(data.get("title"))))
    base = url or _str(data.get("feed_url")) or None
    entries = EntryCollector(doc)
    for item in items:
        if not isinstance(item, dict):
            doc.skipped += 1
            continue
        candidates = [_str(item.get("content_text")).strip(),
                      html_to_text(_str(item.get("content_html"))),
                      _str(item.get("summary")).strip()]
        body_text = max(candidates, key=len)
        raw_date = _str(item.get("date_published")) or _str(item.get("date_modified"))
        published = (parse_iso(raw_date, now) or parse_date(raw_date, now)) if raw_date else None
        entries.add(guid=item.get("id"), title=_str(item.get("title")), text=body_text,
                    url=_url(item.get("url") or item.get("external_url"), base),
                    published=published, author=_author(item))
    if doc.skipped:
        doc.warnings.append(skipped_warning(doc.skipped))
    return doc
