"""Parsed items into stored articles: canonical URLs, content hashes, dedup, revisions.

Runs inside one store transaction (`tx`). A feed entry (an item with a `key`) is
found by its identity first (its id/guid, else link plus title, else a content hash,
scoped to its source: see `entry_article_id`); then, like a page or a file, by
canonical URL, then by content hash. An article carried by several sources or
outlets is one article that remembers every source, outlet and URL; an article
whose title or text changed keeps its earlier texts as revisions.

Feed entries are never merged with one another: a URL or content hash that two
entries of one document share is not used to find an article, and an article made
for another entry of the same feed is never taken. Only the source that first
carried an article (or the entry itself) changes its text: two feeds with different
summaries of one article do not add a revision on every refresh.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from talkstui.ingest.items import ParsedItem
from talkstui.model import Article, Revision, Source
from talkstui.sanitize import clean_line, clean_text

_TRACKING = ("utm_",)
_TRACKING_KEYS = {"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium",
                  "at_campaign", "ref_src"}


def canonical_url(url: str | None) -> str | None:
    """http(s) URL without tracking parameters, fragment or trailing slash; lower-case host."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname.lower()
        port = parts.port
    except ValueError:
        return None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING) and k.lower() not in _TRACKING_KEYS]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path if path != "/" else "", urlencode(query), ""))


def body_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_id(canonical: str | None, digest: str) -> str:
    if canonical:
        return "u" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return "h" + digest[:16]


def entry_article_id(source_id: str, key: str) -> str:
    """The stable id of the article for one feed entry: its identity within its source."""
    return "e" + hashlib.sha256(f"{source_id}\n{key}".encode("utf-8", "surrogatepass")
                                ).hexdigest()[:16]


def shared_keys(items: list[ParsedItem]) -> tuple[set[str], set[str]]:
    """The canonical URLs and content hashes that more than one keyed item of one document
    share (a live blog's one link, "Read more" summaries): never used to find an article."""
    urls: dict[str, int] = {}
    digests: dict[str, int] = {}
    for item in items:
        if not item.key:
            continue
        canon = canonical_url(item.url)
        if canon:
            urls[canon] = urls.get(canon, 0) + 1
        digest = body_hash(item.text)
        digests[digest] = digests.get(digest, 0) + 1
    return ({u for u, n in urls.items() if n > 1}, {d for d, n in digests.items() if n > 1})


def feed_text_hash(article: Article) -> str:
    """The hash of the text the article's feed entry carries: its body, or the summary kept
    as a revision when the body is the text of the entry's page."""
    if article.revisions and getattr(article.revisions[-1], "kind", "") == "summary":
        return article.revisions[-1].body_hash
    return article.body_hash


def clean_item(item: ParsedItem) -> ParsedItem:
    """The item with every field made inert (stored texts are what screens show)."""
    return ParsedItem(
        title=clean_line(item.title, max_len=500),
        text=clean_text(item.text).strip(),
        url=item.url,
        published=item.published,
        author=clean_line(item.author, max_len=200) or None if item.author else None,
        outlet=clean_line(item.outlet, max_len=200) or None if item.outlet else None,
        key=item.key,
    )


def analyse_text(text: str, published: datetime | None, lexicon=None,
                 cancel=None) -> dict | None:
    """extract.analyse(...).to_dict() within the per-article time budget, or None while the
    extractor is unavailable. Raises budget.Cancelled once `cancel` (a threading.Event) is set."""
    try:
        from talkstui.extract import analyse
        from talkstui.extract.budget import Budget, Cancelled
    except ImportError:
        return None
    try:
        return analyse(text, published, lexicon=lexicon, budget=Budget(cancel=cancel)).to_dict()
    except Cancelled:
        raise
    except Exception:  # noqa: BLE001 - one article's analysis must not fail an ingest
        return None


def _add(values: list[str], value: str | None) -> None:
    if value and value not in values:
        values.append(value)


def _other_entry(found: Article, source: Source, own_id: str | None) -> bool:
    """`found` is the article of another entry of this same feed (not to be merged into)."""
    return (own_id is not None and found.id != own_id and found.id.startswith("e")
            and bool(found.source_ids) and found.source_ids[0] == source.id)


def _find(tx, item: ParsedItem, source: Source, url_text: str | None, digest: str,
          shared: tuple[set[str], set[str]]) -> tuple[Article | None, str]:
    """(article, how) with how one of "entry", "url", "hash", ""."""
    own_id = entry_article_id(source.id, item.key) if item.key else None
    if own_id is not None:
        found = tx.articles.get(own_id)
        if found is not None:
            return found, "entry"
    if url_text and url_text not in shared[0]:
        found = tx.find_article_by_url(url_text)
        if found is not None and (not _other_entry(found, source, own_id) or (
                found.title == item.title and feed_text_hash(found) == digest)):
            # (the same link, title and text under a new guid: a feed that regenerates its
            # guids, the same entry)
            return found, "url"
    if digest not in shared[1]:
        found = tx.find_article_by_body_hash(digest)
        if found is not None and not _other_entry(found, source, own_id) and (
                own_id is None or found.title == (item.title or "(untitled)")
                or _syndicated_text(item)):
            return found, "hash"
    return None, ""


MIN_SYNDICATED_WORDS = 5


def _syndicated_text(item: ParsedItem) -> bool:
    """Text that, carried by another feed under another title, is the same article (wire
    copy), not boilerplate ("Read more") or an entry with no text but its title."""
    return item.text != item.title and len(item.text.split()) >= MIN_SYNDICATED_WORDS


_NO_SHARED: tuple[set[str], set[str]] = (set(), set())


def merge_item(tx, item: ParsedItem, *, source: Source, outlet: str, now: datetime,
               analysis: dict | None = None, bundled: bool = False,
               relevance: dict | None = None,
               shared: tuple[set[str], set[str]] | None = None) -> tuple[Article, str]:
    """Put one cleaned item into the store. Returns (article, "new"|"changed"|"same").
    `relevance` is its in/out per story (ingest.scoping); an article outside every story
    comes without `analysis`. `shared` is `shared_keys(items)` of the item's document (feed
    entries only)."""
    outlet = clean_line(item.outlet or outlet, max_len=200) or "unknown outlet"
    digest = body_hash(item.text)
    canon = canonical_url(item.url)
    url_text = clean_line(canon, max_len=2000) if canon else None
    existing, how = _find(tx, item, source, url_text, digest, shared or _NO_SHARED)
    if existing is None:
        stored = tx.put_body(item.text)
        art_id = (entry_article_id(source.id, item.key) if item.key
                  else article_id(url_text, digest))
        article = Article(
            id=art_id, title=item.title or "(untitled)", outlet=outlet,
            url=url_text, published=item.published, body_hash=stored or digest,
            source_ids=[source.id], outlets=[outlet], urls=[url_text] if url_text else [],
            author=item.author, fetched_at=now, bundled=bundled, analysis=analysis,
            relevance=relevance,
        )
        tx.put_article(article)
        return article, "new"
    article = existing
    state = "same"
    owner = how == "entry" or (bool(article.source_ids) and article.source_ids[0] == source.id)
    _add(article.source_ids, source.id)
    _add(article.outlets, outlet)
    if url_text:
        _add(article.urls, url_text)
        if not article.url:
            article.url = url_text
    title = item.title or article.title
    if item.key:  # a feed entry: its owner records a change of title or text
        update = owner and (feed_text_hash(article) != digest or article.title != title)
    else:  # a page or a file seen again at its URL
        update = how == "url" and article.body_hash != digest
    if update:
        article.revisions.append(
            Revision(body_hash=article.body_hash, seen_at=article.fetched_at or now,
                     title=article.title))
        article.body_hash = tx.put_body(item.text) or digest
        article.title = title
        if item.published:
            article.published = item.published
        article.analysis = analysis
        article.fetched_at = now
        if relevance is not None:
            article.relevance = relevance
        state = "changed"
    else:
        if article.published is None and item.published is not None:
            article.published = item.published
            article.analysis = analysis if analysis is not None else article.analysis
            state = "changed"
        if not article.author and item.author:
            article.author = item.author
        if relevance is not None and getattr(article, "relevance", None) != relevance:
            article.relevance = relevance  # judged again with the stories as they are now
            if analysis is not None and article.analysis is None:
                article.analysis = analysis  # it entered a story: analysed now
    tx.put_article(article)
    return article, state


def count_articles(tx) -> None:
    """Recompute every source's article_count from the articles in `tx`.

    The store counts from its segment indexes, without reading every article.
    """
    counts = tx.source_counts()
    for src in list(tx.sources.values()):
        n = counts.get(src.id, 0)
        if src.article_count != n:
            src.article_count = n
            tx.put_source(src)


def remove_source(tx, source_id: str) -> int:
    """Remove a source and the articles only it carried. Returns articles removed."""
    removed = 0
    for art in list(tx.articles.values()):
        if source_id in art.source_ids:
            art.source_ids = [s for s in art.source_ids if s != source_id]
            if art.source_ids:
                tx.put_article(art)
            else:
                tx.remove_article(art.id)
                removed += 1
    tx.remove_source(source_id)
    return removed


def unique_source_id(name: str, taken) -> str:
    """A stable slug for a new source, unique among `taken` ids."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", clean_line(name)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "source"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def analyse_batch(items: list[tuple[str, datetime | None]], lexicon=None,
                  cancel=None) -> list[dict | None]:
    """analyse_text for many (text, published) pairs; module-level so a helper process can
    run it. Raises budget.Cancelled once `cancel` is set (the results are not wanted)."""
    return [analyse_text(text, published, lexicon, cancel) for text, published in items]
