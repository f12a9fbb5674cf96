"""Feeds a site announces in its pages: `<link rel="alternate" type="application/rss+xml">`.

Given a site's home page (or any page), `discover_feeds` lists the feeds its `<head>`
names, in the page's order, as absolute http(s) URLs with their titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from talkstui.ingest import charset

FEED_LINK_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                   "application/feed+json", "application/json", "application/x-rss+xml",
                   "application/xml", "text/xml"}


@dataclass(frozen=True)
class FeedLink:
    url: str
    title: str = ""
    type: str = ""


def discover_feeds(body: bytes, content_type: str | None, base: str) -> list[FeedLink]:
    """The feeds a page links with rel="alternate" (never raises; [] when none)."""
    from talkstui.ingest.fetch import check_url

    try:
        import lxml.html

        text = charset.decode(body[:2_000_000], content_type)
        root = lxml.html.document_fromstring(text)
    except Exception:  # noqa: BLE001 - a page we cannot read names no feeds
        return []
    found: list[FeedLink] = []
    seen: set[str] = set()
    for el in root.iter("link", "a"):
        rel = {r.lower() for r in (el.get("rel") or "").split()}
        kind = (el.get("type") or "").split(";")[0].strip().lower()
        href = (el.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_LINK_TYPES or not href:
            continue
        if kind == "application/json" and "feed" not in (el.get("title") or "").lower():
            continue  # oEmbed and API documents, not feeds
        try:
            url = urljoin(base, href)
        except ValueError:
            continue
        if check_url(url) is not None or url in seen:
            continue
        seen.add(url)
        found.append(FeedLink(url=url, title=" ".join((el.get("title") or "").split()),
                              type=kind))
    return found


def page_is_article(body: bytes, content_type: str | None) -> bool:
    """The page says it is one article (og:type article, article:published_time, a
    schema.org NewsArticle): added as a page, its site's feeds only named."""
    try:
        import lxml.html

        root = lxml.html.document_fromstring(charset.decode(body[:2_000_000], content_type))
    except Exception:  # noqa: BLE001
        return False
    for meta in root.iter("meta"):
        prop = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = (meta.get("content") or "").strip().lower()
        if (prop == "og:type" and value == "article") or prop == "article:published_time":
            return True
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text and (
                '"NewsArticle"' in script.text or '"Article"' in script.text):
            return True
    return False
