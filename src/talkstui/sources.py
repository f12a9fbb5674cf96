"""`talkstui add-source`, `remove-source`, `sources` and `import`.

Every problem a user can cause is a TalksError (one clear line, non-zero exit).
Each command writes the store at most once.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from talkstui.errors import TalksError
from talkstui.ingest import fetch as F
from talkstui.ingest.articles import (
    canonical_url, clean_item, count_articles, merge_item, remove_source,
    unique_source_id,
)
from talkstui.ingest.items import ParseFailure
from talkstui.model import Source
from talkstui.sanitize import clean_line


def _store(settings):
    from talkstui.store import Store

    return Store(settings.locations.store_dir)


def _now(clock=None) -> datetime:
    from talkstui.clock import SystemClock

    return (clock or SystemClock()).now()


def _values(container) -> list:
    if isinstance(container, dict):
        return list(container.values())
    return list(container or [])


# ---------------------------------------------------------------- add-source


async def _fetch_once(url: str, settings) -> F.FetchResult:
    limits = F.FetchLimits.from_settings(settings.refresh)
    async with F.make_client(limits, concurrency=1) as client:
        return await F.fetch(client, url, limits=limits)


def add_source(settings, store, url: str, name: str | None = None, *, clock=None) -> Source:
    """Fetch `url` once, detect feed or page, store the Source and its articles (one write).
    For code without a running event loop (the CLI); the TUI awaits `add_source_async`."""
    return asyncio.run(add_source_async(settings, store, url, name, clock=clock))


async def add_source_async(settings, store, url: str, name: str | None = None, *,
                           clock=None) -> Source:
    """As `add_source`; the fetch on the running loop, parsing and the write in threads.
    Raises TalksError (one line) for a bad URL, a duplicate, a failed fetch or parse."""
    from talkstui import seeds
    from talkstui.refresh import parse_document

    url = url.strip()
    bad = F.check_url(url)
    if bad:
        raise TalksError(f"{clean_line(url, max_len=200)}: {bad}")
    key = canonical_url(url)
    snap = await asyncio.to_thread(store.snapshot)
    for src in _values(snap.sources):
        if src.url and canonical_url(src.url) == key:
            raise TalksError(f"{clean_line(url, max_len=200)} is already a source "
                             f"({clean_line(src.id)})")
    fetched = await _fetch_once(url, settings)
    if not fetched.ok:
        raise TalksError(f"{clean_line(url, max_len=200)}: {fetched.status}: "
                         f"{clean_line(fetched.detail, max_len=200)}")
    now = _now(clock)
    try:
        doc = await asyncio.to_thread(parse_document, "unknown", fetched, now)
    except ParseFailure as exc:
        raise TalksError(f"{clean_line(url, max_len=200)}: {exc.status}: "
                         f"{clean_line(exc.detail, max_len=200)}") from None
    items = [clean_item(i) for i in doc.items]
    items = [i for i in items if i.text]
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    display = clean_line(name or doc.title or (items[0].outlet if items and doc.kind == "page"
                                               else None) or host, max_len=120)
    from talkstui.ingest.scoping import scope_and_analyse

    scoped = await asyncio.to_thread(scope_and_analyse, settings, items)

    def write() -> Source:
        with store.transaction() as tx:
            if seeds.needs_seeding(settings, tx.sources, tx.articles):
                seeds.seed_into(tx, settings, now)
            for src in tx.sources.values():
                if src.url and canonical_url(src.url) == key:
                    raise TalksError(f"{clean_line(url, max_len=200)} is already a source "
                                     f"({clean_line(src.id)})")
            source = Source(
                id=unique_source_id(display, set(tx.sources)), name=display, kind=doc.kind,
                url=url, etag=fetched.etag, last_modified=fetched.last_modified,
                last_refresh=now, last_status=F.OK,
            )
            tx.put_source(source)
            for item, (relevance, analysis) in zip(items, scoped, strict=True):
                merge_item(tx, item, source=source, outlet=item.outlet or display, now=now,
                           analysis=analysis, relevance=relevance)
            count_articles(tx)
            return tx.sources.get(source.id, source)

    return await asyncio.to_thread(write)


def add_source_command(settings, url: str, name: str | None) -> int:
    source = add_source(settings, _store(settings), url, name)
    print(f"added {clean_line(source.name)} ({source.kind}, id {clean_line(source.id)}) "
          f"with {source.article_count} article{'s' if source.article_count != 1 else ''}")
    return 0


# ---------------------------------------------------------------- remove-source


def find_source(sources: list[Source], key: str) -> Source:
    want = key.strip()
    for src in sources:
        if src.id == want:
            return src
    named = [s for s in sources if s.name.strip().lower() == want.lower()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(clean_line(s.id) for s in named)
        raise TalksError(f"{clean_line(key, max_len=80)!r} names several sources ({ids}); "
                         "use the id")
    raise TalksError(f"no source with id or name {clean_line(key, max_len=80)!r} "
                     "(see `talkstui sources`)")


def remove_source_by_key(settings, store, key: str) -> tuple[Source, int]:
    from talkstui import seeds

    with store.transaction() as tx:
        source = find_source(list(tx.sources.values()), key)
        removed = remove_source(tx, source.id)
        count_articles(tx)
    if source.bundled or source.id == seeds.SEED_SOURCE_ID:
        seeds.remember_removal(settings)
    return source, removed


def remove_source_command(settings, source: str) -> int:
    src, removed = remove_source_by_key(settings, _store(settings), source)
    print(f"removed {clean_line(src.name)} and {removed} article{'s' if removed != 1 else ''} "
          "only it carried")
    key = canonical_url(src.url) if src.url else None
    if key and any(canonical_url(c.url) == key for c in settings.sources):
        print("note: it is also listed in the config file and comes back on the next refresh "
              f"unless removed there ({settings.locations.config_file})", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- sources


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def source_rows(sources: list[Source]) -> list[tuple[str, ...]]:
    rows = []
    for s in sorted(sources, key=lambda s: (not s.bundled, s.name.lower())):
        status = s.last_status or "-"
        if s.last_error and s.last_status not in F.SUCCESS:
            status = f"{status}: {s.last_error}"
        rows.append(tuple(clean_line(v, max_len=120) for v in (
            s.id, s.name, s.kind, str(s.article_count), _when(s.last_refresh), status)))
    return rows


HEADERS = ("id", "name", "kind", "articles", "last refresh", "last status")


def list_sources_command(settings) -> int:
    store = _store(settings)
    sources = _values(store.snapshot().sources)
    known = {canonical_url(s.url) for s in sources if s.url}
    for cfg in settings.sources:  # in the config file, not fetched yet
        if canonical_url(cfg.url) not in known:
            known.add(canonical_url(cfg.url))
            sources.append(Source(id="(config)", name=cfg.name or cfg.url, kind="feed",
                                  url=cfg.url, last_status="not refreshed yet"))
    rows = source_rows(sources)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*HEADERS, title=None if rows else "no sources yet")
        for row in rows:
            table.add_row(*(Text(v) for v in row))
        Console().print(table)
    else:
        print("\t".join(HEADERS))
        for row in rows:
            print("\t".join(row))
    return 0


# ---------------------------------------------------------------- import


def import_files(settings, store, paths: list[Path], *, outlet: str | None = None,
                 url: str | None = None, published: datetime | None = None,
                 clock=None) -> tuple[int, int]:
    """Import files and folders (one store write). Returns (articles read, new articles)."""
    from talkstui import seeds
    from talkstui.ingest.files import expand, read_article

    if url is not None:
        bad = F.check_url(url.strip())
        if bad:
            raise TalksError(f"--url {clean_line(url, max_len=200)}: {bad}")
    files = expand(paths)
    if url is not None and len(files) != 1:
        raise TalksError(f"--url needs exactly one file, got {len(files)}")
    now = _now(clock)
    if published is not None and published > now:
        raise TalksError(f"--published {published.isoformat()} is in the future")
    items = []
    for path in files:
        item = read_article(path, now)
        if url:
            item.url = url.strip()
        if published is not None:
            item.published = published
        if outlet:
            item.outlet = outlet
        items.append(clean_item(item))
    from talkstui.ingest.scoping import scope_and_analyse

    scoped = scope_and_analyse(settings, items)
    new = 0
    with store.transaction() as tx:
        if seeds.needs_seeding(settings, tx.sources, tx.articles):
            seeds.seed_into(tx, settings, now)
        by_outlet: dict[str, Source] = {}
        for item, (relevance, analysis) in zip(items, scoped, strict=True):
            name = clean_line(item.outlet or "Imported files", max_len=120)
            source = by_outlet.get(name)
            if source is None:
                existing = [s for s in tx.sources.values()
                            if s.kind == "file" and s.name == name]
                source = existing[0] if existing else Source(
                    id=unique_source_id(f"import {name}", set(tx.sources)), name=name,
                    kind="file", path=str(paths[0]))
                source.last_refresh, source.last_status = now, F.OK
                tx.put_source(source)
                by_outlet[name] = source
            _article, state = merge_item(tx, item, source=source, outlet=name, now=now,
                                         analysis=analysis, relevance=relevance)
            new += state == "new"
        count_articles(tx)
    return len(items), new


def import_command(settings, paths: list[Path], *, outlet: str | None = None,
                   url: str | None = None, published: datetime | None = None) -> int:
    store = _store(settings)
    read, new = import_files(settings, store, paths, outlet=outlet, url=url, published=published)
    if new:
        from talkstui.clock import SystemClock
        from talkstui.story import warm_story_cache

        warm_story_cache(settings, store, SystemClock().now())
    print(f"imported {read} file{'s' if read != 1 else ''}: {new} new "
          f"article{'s' if new != 1 else ''}")
    return 0
