"""Article pages with trafilatura: main text, title, date, author.

trafilatura returns None for pages over its size limit and for some hostile
pages: that is a `parse_error`, never an empty article.
"""

from __future__ import annotations

import re
from datetime import datetime

from talkstui.ingest import charset
from talkstui.ingest.dates import parse_date, parse_iso
from talkstui.ingest.items import ParsedDocument, ParsedItem, ParseFailure
from talkstui.ingest.outlets import page_outlet


TEASER_CHARS = 400  # less article text than this: a teaser or a stub, said so
_PAYWALL = re.compile(r"subscribe (?:now )?to (?:continue|read)|already a subscriber|to read the "
                      r"full (?:article|story)|sign in to (?:continue|read)", re.I)


def extract_html(text: str, url: str | None, now: datetime) -> ParsedItem:
    import trafilatura

    params = {"extensive_search": False, "original_date": True,
              "max_date": now.strftime("%Y-%m-%d")}
    try:
        doc = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, include_comments=False,
            include_tables=True, date_extraction_params=params,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura on hostile input
        raise ParseFailure("parse_error", f"page could not be parsed: {exc}") from None
    if doc is None:
        raise ParseFailure("parse_error", "no article text found in the page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not re.search(r"[^\W_]", body):  # nothing but punctuation, controls or U+FFFD
        raise ParseFailure("parse_error", "no article text found in the page")
    title = (data.get("title") or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip("\n")
        body = body or title
    date = data.get("date")
    published = parse_iso(date, now) or parse_date(date, now)
    outlet = page_outlet(data.get("sitename"), title=title, url=url)
    return ParsedItem(title=title, text=body, url=url, published=published,
                      author=data.get("author") or None, outlet=outlet or None)


def parse_page(body: bytes, content_type: str | None, url: str | None,
               now: datetime) -> ParsedDocument:
    text = charset.decode(body, content_type)
    item = extract_html(text, url, now)
    doc = ParsedDocument(kind="page", title=item.title, items=[item])
    if len(item.text) < TEASER_CHARS or _PAYWALL.search(item.text[-600:]):
        doc.warnings.append(f"the page holds only a teaser or a paywall stub ({len(item.text)} "
                            "characters of text)")
    return doc
