"""The whole article for feed items that carry only a summary (issue 12, item 6).

Most feeds carry a title and a sentence or two; the dates, quotes and attributions the
story needs are in the article. For the items `page_wanted` picks, the refresh fetches the
item's page (the same client, caps, per-host limits and deadline as feeds; conditional on
the validators of the last fetch of that page), extracts its main text with trafilatura,
and stores it as the article's body, the summary kept as a revision of kind "summary".

- A page whose text is no more than a teaser or a paywall stub is not stored as the body:
  it is kept as a revision of kind "teaser" (the article is marked) and the summary stays.
- A failed page fetch keeps the summary, is reported on the source's result and in its
  `last_warning`, and never fails the source.
- At most `[refresh] max_pages` pages per refresh (a page that failed is asked for again
  after RETRY_AFTER_SECONDS, not on every refresh); `[refresh] fetch_pages = false` turns
  it off. An article whose page was fetched (or found a teaser) is not fetched again until
  its feed entry changes.
- Hosts under the special-use names of RFC 6761 that never resolve (.invalid, .test,
  .example) are never looked up.

The validators (ETag, Last-Modified) and the content hash of each page's text are kept
in `pages.json` beside the store: a cache, rewritten whole after the refresh's one store
write; losing it only costs a full fetch.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from talkstui.ingest.articles import body_hash, feed_text_hash
from talkstui.ingest.items import ParsedItem, ParseFailure
from talkstui.model import Article, Revision

SUMMARY_MAX_CHARS = 800  # an entry text shorter than this is a summary, not the article
TEASER_MIN_CHARS = 600  # a page text shorter than this is a teaser
TEASER_RATIO = 1.5  # ... or not half again as long as the summary
CACHE_NAME = "pages.json"
RETRY_AFTER_SECONDS = 6 * 3600  # a page that failed is not asked for again before this
CACHE_MAX = 5000
_NEVER_RESOLVES = ("invalid", "test", "example")
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|read)|already a subscriber|to read the full (?:article|"
    r"story)|this (?:article|content) is (?:for|available to) (?:subscribers|members)|"
    r"sign in to (?:continue|read)|create a free account to (?:continue|read)", re.I)


def summary_only(item: ParsedItem) -> bool:
    return len(item.text) < SUMMARY_MAX_CHARS


def page_wanted(item: ParsedItem, article: Article | None) -> bool:
    """Does this feed item want its page? Every summary-only item with a link, unless its
    article already has its page's text, or a teaser, for the entry's current text. The
    refresh fetches only those that may concern a story (ingest.scoping.may_concern_a_story)."""
    if not item.url or not item.key or not summary_only(item) or not fetchable(item.url):
        return False
    if article is None:
        return True
    done = bool(article.revisions) and article.revisions[-1].kind in ("summary", "teaser")
    return not (done and feed_text_hash(article) == body_hash(item.text))


def fetchable(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    return host.rsplit(".", 1)[-1] not in _NEVER_RESOLVES


def is_teaser(page_text: str, summary: str) -> bool:
    if len(page_text) < TEASER_MIN_CHARS or len(page_text) < TEASER_RATIO * len(summary):
        return True
    return bool(_PAYWALL.search(page_text)) and len(page_text) < 3 * TEASER_MIN_CHARS


@dataclass
class PageResult:
    url: str
    status: str  # "ok", "not_modified", "teaser", or a typed failure
    text: str | None = None
    detail: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def failed(self) -> bool:
        return self.text is None

    def line(self) -> str:
        return f"{self.url}: {self.status}" + (f": {self.detail}" if self.detail else "")


# ---------------------------------------------------------------- the validators cache


def cache_path(store_dir: Path) -> Path:
    return Path(store_dir) / CACHE_NAME


def read_cache(store_dir: Path) -> dict[str, dict]:
    try:
        data = json.loads(cache_path(store_dir).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)} \
        if isinstance(data, dict) else {}


def write_cache(store_dir: Path, cache: dict[str, dict]) -> None:
    """Atomically (a temporary file renamed); a failure only loses the cache."""
    items = sorted(cache.items(), key=lambda kv: kv[1].get("at", ""), reverse=True)[:CACHE_MAX]
    path = cache_path(store_dir)
    tmp = path.with_name(f".{CACHE_NAME}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(dict(items), ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------- fetch and apply


async def fetch_page(http, item: ParsedItem, *, limits, hosts, cache: dict[str, dict],
                     read_body, now: datetime) -> PageResult:
    """Fetch and extract one item's page. Never raises for a misbehaving server."""
    import asyncio

    from talkstui.ingest import fetch as F
    from talkstui.ingest.articles import canonical_url
    from talkstui.ingest.content import check_document
    from talkstui.ingest.pages import parse_page
    from talkstui.sanitize import clean_line, clean_text

    url = item.url or ""
    key = canonical_url(url) or url
    known = cache.get(key) or {}
    etag = known.get("etag") if known.get("hash") else None
    modified = known.get("last_modified") if known.get("hash") else None
    fetched = await F.fetch(http, url, limits=limits, etag=etag, last_modified=modified,
                            hosts=hosts)
    if fetched.status == F.NOT_MODIFIED:
        try:
            text = await asyncio.to_thread(read_body, known["hash"])
        except Exception:  # noqa: BLE001 - the cached text is gone: report it
            return PageResult(url, "parse_error", detail="the page's earlier text is missing")
        status = "teaser" if is_teaser(text, item.text) else F.NOT_MODIFIED
        return PageResult(url, status, text, etag=etag, last_modified=modified)
    if fetched.status != F.OK:
        _failed(cache, key, known, now)
        return PageResult(url, fetched.status, detail=clean_line(fetched.detail, max_len=200))

    def parse() -> str:
        kind = check_document(fetched.body, fetched.content_type)
        if kind in ("feed", "json_feed"):
            raise ParseFailure("parse_error", "the item's link is a feed, not an article page")
        doc = parse_page(fetched.body, fetched.content_type, fetched.final_url, now)
        return clean_text(doc.items[0].text).strip()

    try:
        text = await asyncio.to_thread(parse)
    except ParseFailure as exc:
        _failed(cache, key, known, now)
        return PageResult(url, exc.status, detail=clean_line(exc.detail, max_len=200))
    except Exception as exc:  # noqa: BLE001 - an extractor crash on hostile input
        _failed(cache, key, known, now)
        return PageResult(url, F.PARSE_ERROR, detail=clean_line(f"{type(exc).__name__}: {exc}",
                                                                max_len=200))
    if not text:
        _failed(cache, key, known, now)
        return PageResult(url, F.PARSE_ERROR, detail="no article text found in the page")
    cache[key] = {"etag": fetched.etag, "last_modified": fetched.last_modified,  # no failed_at
                  "hash": body_hash(text), "at": now.isoformat()}
    status = "teaser" if is_teaser(text, item.text) else F.OK
    return PageResult(url, status, text, etag=fetched.etag,
                      last_modified=fetched.last_modified)


def _failed(cache: dict[str, dict], key: str, known: dict, now: datetime) -> None:
    entry = dict(known)
    entry["failed_at"] = now.isoformat()
    entry.setdefault("at", now.isoformat())
    cache[key] = entry


def recently_failed(cache: dict[str, dict], url: str, now: datetime) -> bool:
    """The page failed less than RETRY_AFTER_SECONDS ago (it is not asked for again yet)."""
    from talkstui.ingest.articles import canonical_url

    entry = cache.get(canonical_url(url) or url) or {}
    try:
        when = datetime.fromisoformat(entry["failed_at"])
    except (KeyError, TypeError, ValueError):
        return False
    return 0 <= (now - when).total_seconds() < RETRY_AFTER_SECONDS


def apply_page(tx, article: Article, page: PageResult, summary: str, now: datetime,
               analysis: dict | None) -> str:
    """Store a fetched page's text on the item's article (in the refresh's transaction).
    Returns "page" (the body is now the page's text), "teaser", or "" (nothing to do)."""
    if page.text is None or body_hash(summary) != article.body_hash:
        return ""  # a failure, or the article's text is not this summary (another source's)
    if page.status == "teaser":
        article.revisions.append(Revision(body_hash=tx.put_body(page.text) or
                                          body_hash(page.text), seen_at=now,
                                          title=article.title, kind="teaser"))
        tx.put_article(article)
        return "teaser"
    digest = body_hash(page.text)
    if analysis is None:  # a text stored before (another article's): its analysis, if any;
        same = tx.find_article_by_body_hash(digest)  # else the story analyses it when built
        analysis = same.analysis if same is not None else None
    article.revisions.append(Revision(body_hash=article.body_hash, seen_at=now,
                                      title=article.title, kind="summary"))
    article.body_hash = tx.put_body(page.text) or digest
    article.analysis = analysis
    article.fetched_at = now
    tx.put_article(article)
    return "page"
