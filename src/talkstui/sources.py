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


def add_source(settings, store, url: str, name: str | None = None, *, clock=None,
               discover: bool = True, others: list | None = None) -> Source:
    """Fetch `url` once, detect feed or page, store the Source and its articles (one write).
    For code without a running event loop (the CLI); the TUI awaits `add_source_async`."""
    return asyncio.run(add_source_async(settings, store, url, name, clock=clock,
                                        discover=discover, others=others))


def _already(sources, key: str | None, url: str) -> None:
    for src in sources:
        if src.url and canonical_url(src.url) == key:
            raise TalksError(f"{clean_line(url, max_len=200)} is already a source "
                             f"({clean_line(src.id)})")


async def _fetch_document(url: str, settings, now: datetime, kind: str = "unknown"):
    """(fetched, parsed document) or TalksError with the typed status. The document is
    parsed in the helper process, within what is left of the request's deadline."""
    from talkstui.refresh import parse_in_helper

    fetched = await _fetch_once(url, settings)
    if not fetched.ok:
        raise TalksError(f"{clean_line(url, max_len=200)}: {fetched.status}: "
                         f"{clean_line(fetched.detail, max_len=200)}")
    try:
        doc = await parse_in_helper(kind, fetched, now,
                                    F.FetchLimits.from_settings(settings.refresh))
    except ParseFailure as exc:
        raise TalksError(f"{clean_line(url, max_len=200)}: {exc.status}: "
                         f"{clean_line(exc.detail, max_len=200)}") from None
    return fetched, doc


async def find_feeds(settings, url: str):
    """(fetched, the feeds a page at `url` links with rel="alternate"), for a choice."""
    from talkstui.ingest.discover import discover_feeds
    from talkstui.refresh import base_url

    fetched = await _fetch_once(url, settings)
    if fetched.status != F.OK:
        return fetched, []
    return fetched, discover_feeds(fetched.body, fetched.content_type, base_url(fetched))


async def add_source_async(settings, store, url: str, name: str | None = None, *,
                           clock=None, discover: bool = True,
                           others: list | None = None) -> Source:
    """As `add_source`; the fetch on the running loop, parsing and the write in threads.

    Given a page that announces feeds (`<link rel="alternate">`, a site's home page) and
    `discover`, the first feed that can be read is added instead of the page, and the
    other feeds are appended to `others` (FeedLink) for the caller to name.
    A source whose fetch or parse fails now is added all the same, with its typed status.
    Raises TalksError (one line) for a bad URL, a duplicate URL, a name already taken or
    content that is no document at all (unsupported_content: an image, a PDF...)."""
    from talkstui import seeds
    from talkstui.ingest.discover import discover_feeds, page_is_article
    from talkstui.refresh import base_url, parse_in_helper

    url = url.strip()
    bad = F.check_url(url)
    if bad:
        raise TalksError(f"{clean_line(url, max_len=200)}: {bad}")
    key = canonical_url(url)
    snap = await asyncio.to_thread(store.snapshot)
    _already(_values(snap.sources), key, url)
    now = _now(clock)
    fetched = await _fetch_once(url, settings)
    failure: tuple[str, str] | None = None  # (status, detail): the source is added all the same
    doc = None
    feeds = []
    if not fetched.ok:
        failure = (fetched.status, clean_line(fetched.detail, max_len=200))
    else:
        from talkstui.ingest.content import sniff

        if sniff(fetched.body, fetched.content_type) == "page":
            feeds = discover_feeds(fetched.body, fetched.content_type, base_url(fetched))
            if feeds and page_is_article(fetched.body, fetched.content_type):
                discover = False  # an article page: the page is the source; its feeds named
        for i, link in enumerate(feeds if discover else []):
            if any(canonical_url(s.url) == canonical_url(link.url)
                   for s in _values(snap.sources) if s.url):
                continue
            try:
                fetched, doc = await _fetch_document(link.url, settings, now, "feed")
            except TalksError:
                continue
            url, key = link.url, canonical_url(link.url)
            if others is not None:
                others.extend(f for j, f in enumerate(feeds) if j != i)
            break
        if doc is None:
            try:
                doc = await parse_in_helper("unknown", fetched, now,
                                            F.FetchLimits.from_settings(settings.refresh))
            except ParseFailure as exc:
                if exc.status == F.UNSUPPORTED_CONTENT:  # not a feed that is down: a wrong URL
                    raise TalksError(f"{clean_line(url, max_len=200)}: {exc.status}: "
                                     f"{clean_line(exc.detail, max_len=200)}") from None
                failure = (exc.status, clean_line(exc.detail, max_len=200))
            if others is not None:
                others.extend(feeds)
    items = [clean_item(i) for i in doc.items] if doc is not None else []
    kept = [i for i in items if i.text]
    warnings = list(doc.warnings) if doc is not None else []
    if len(kept) < len(items):
        from talkstui.ingest.entries import skipped_warning

        warnings = [w for w in warnings if "neither title nor text" not in w]
        warnings.append(skipped_warning(doc.skipped + len(items) - len(kept)))
    items = kept
    from talkstui.ingest.outlets import host_name

    host = host_name(url) or url
    wanted = clean_line(name, max_len=120) if name and name.strip() else None
    display = wanted or clean_line(
        (doc.title if doc else None)
        or (items[0].outlet if items and doc is not None and doc.kind == "page" else None)
        or host, max_len=120)
    from talkstui.ingest.articles import shared_keys
    from talkstui.ingest.scoping import scope_and_analyse

    scoped = await asyncio.to_thread(scope_and_analyse, settings, items) if items else []
    shared = shared_keys(items)

    def write() -> Source:
        with store.transaction() as tx:
            if seeds.needs_seeding(settings, tx.sources, tx.articles):
                seeds.seed_into(tx, settings, now)
            _already(tx.sources.values(), key, url)
            taken = {s.name.casefold() for s in tx.sources.values()}
            if wanted and wanted.casefold() in taken:
                raise TalksError(f"a source is already named {wanted!r}; choose another name")
            shown = unique_name(display, taken, host)
            if failure is None:
                assert doc is not None
                source = Source(
                    id=unique_source_id(shown, set(tx.sources)), name=shown, kind=doc.kind,
                    url=url, etag=fetched.etag, last_modified=fetched.last_modified,
                    last_refresh=now, last_status=F.OK_WITH_WARNINGS if warnings else F.OK,
                    last_success=now,
                    last_warning=clean_line("; ".join(warnings), max_len=300) or None,
                )
            else:  # down right now: kept, with what went wrong; the next refresh tries again
                source = Source(
                    id=unique_source_id(shown, set(tx.sources)), name=shown, kind="unknown",
                    url=url, last_refresh=now, last_status=failure[0],
                    last_error=failure[1] or None,
                )
            tx.put_source(source)
            for item, (relevance, analysis) in zip(items, scoped, strict=True):
                merge_item(tx, item, source=source, outlet=item.outlet or shown, now=now,
                           analysis=analysis, relevance=relevance, shared=shared)
            if items:
                count_articles(tx)
            return tx.sources.get(source.id, source)

    return await asyncio.to_thread(write)


def unique_name(name: str, taken: set[str], host: str) -> str:
    """`name`, or `name (host)`, or `name 2`...: never a name (casefolded) already in `taken`."""
    if name.casefold() not in taken:
        return name
    candidate = f"{name} ({host})"
    n = 2
    while candidate.casefold() in taken:
        candidate = f"{name} {n}"
        n += 1
    return candidate


def added_line(source: Source) -> str:
    """`added NAME (feed, id x) with N articles` or `added NAME; last try: http_404: detail`."""
    if source.last_status not in F.SUCCESS:
        detail = f": {source.last_error}" if source.last_error else ""
        return clean_line(f"added {source.name} (id {source.id}); last try: "
                          f"{source.last_status}{detail}", max_len=300)
    count = source.article_count
    return clean_line(f"added {source.name} ({source.kind}, id {source.id}) with {count} "
                      f"article{'s' if count != 1 else ''}", max_len=300)


def add_source_command(settings, url: str, name: str | None, *, page: bool = False) -> int:
    """Exit 0 when added and fetched, 1 when added but the first fetch failed (like refresh)."""
    others: list = []
    source = add_source(settings, _store(settings), url, name, discover=not page,
                        others=others)
    print(added_line(source)
          + (f" from {clean_line(source.url, max_len=200)}"
             if source.url and canonical_url(source.url) != canonical_url(url.strip()) else ""))
    if source.last_status == F.OK_WITH_WARNINGS and source.last_warning:
        print(f"warning: {clean_line(source.last_warning)}")
    if others:
        print("the site also offers these feeds (add one with `talkstui add-source URL`):")
        for link in others:
            label = f"  {clean_line(link.url, max_len=200)}"
            if link.title:
                label += f"  ({clean_line(link.title, max_len=80)})"
            print(label)
    return 0 if source.last_status in F.SUCCESS else 1


# ---------------------------------------------------------------- rename, mute


def rename_source(store, key: str, new_name: str) -> Source:
    """Give a source a new, unique name (its id stays). Raises TalksError."""
    name = clean_line(new_name, max_len=120).strip()
    if not name:
        raise TalksError("a source needs a name")
    with store.transaction() as tx:
        source = find_source(list(tx.sources.values()), key)
        clash = [s for s in tx.sources.values()
                 if s.id != source.id and s.name.casefold() == name.casefold()]
        if clash:
            raise TalksError(f"a source is already named {name!r} (id {clean_line(clash[0].id)})")
        source.name = name
        tx.put_source(source)
        return source


def set_muted(store, key: str, muted: bool) -> Source:
    """Mute a source that is gone (refresh skips it, cron stops failing on it) or unmute it.
    Its articles stay. Raises TalksError."""
    with store.transaction() as tx:
        source = find_source(list(tx.sources.values()), key)
        source.muted = muted
        tx.put_source(source)
        return source


def mute_source_command(settings, key: str, muted: bool) -> int:
    source = set_muted(_store(settings), key, muted)
    print(f"{'muted' if muted else 'unmuted'} {clean_line(source.name)} (id "
          f"{clean_line(source.id)})" + ("; refresh skips it, its articles stay" if muted else ""))
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


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def source_status(s: Source) -> str:
    """The status with its reason: `timeout: no complete answer within 20 s`, `muted`."""
    status = s.last_status or "-"
    if s.last_error and s.last_status not in F.SUCCESS:
        status = f"{status}: {s.last_error}"
    elif s.last_warning and s.last_status in F.SUCCESS:
        status = f"{status}: {s.last_warning}"
    if s.muted:
        status = f"muted ({status})" if s.last_status else "muted"
    return status


def _sorted(sources: list[Source]) -> list[Source]:
    return sorted(sources, key=lambda s: (not s.bundled, s.name.lower()))


def source_rows(sources: list[Source]) -> list[tuple[str, ...]]:
    rows = []
    for s in _sorted(sources):
        where = s.url or s.path or ("(bundled)" if s.bundled else "")
        rows.append(tuple(clean_line(v, max_len=2000) for v in (
            s.id, s.name, s.kind, where, str(s.article_count), _when(s.last_success),
            _when(s.last_refresh), source_status(s))))
    return rows


HEADERS = ("id", "name", "kind", "url", "articles", "last success", "last attempt", "status")


def source_json(s: Source) -> dict:
    return {
        "id": clean_line(s.id), "name": clean_line(s.name), "kind": s.kind,
        "url": clean_line(s.url, max_len=2000) if s.url else None,
        "path": clean_line(s.path, max_len=2000) if s.path else None,
        "bundled": bool(s.bundled), "articles": int(s.article_count),
        "last_success": _iso(s.last_success), "last_attempt": _iso(s.last_refresh),
        "status": s.last_status, "error": clean_line(s.last_error) if s.last_error else None,
        "warning": clean_line(s.last_warning) if s.last_warning else None,
        "muted": bool(s.muted),
    }


def listed_sources(settings, store) -> list[Source]:
    """The store's sources (an empty store seeded first, as the dashboard and `export` do;
    a read-only store is read as it is), plus config sources not fetched yet."""
    from talkstui.seeds import ensure_seeded

    try:
        ensure_seeded(settings, store)
    except OSError:
        pass  # a read-only store: list what is there
    sources = _values(store.snapshot().sources)
    known = {canonical_url(s.url) for s in sources if s.url}
    for cfg in settings.sources:  # in the config file, not fetched yet
        if canonical_url(cfg.url) not in known:
            known.add(canonical_url(cfg.url))
            sources.append(Source(id="(config)", name=cfg.name or cfg.url, kind="feed",
                                  url=cfg.url, last_status="not refreshed yet"))
    return sources


def list_sources_command(settings, as_json: bool = False) -> int:
    sources = listed_sources(settings, _store(settings))
    if as_json:
        import json

        print(json.dumps([source_json(s) for s in _sorted(sources)], ensure_ascii=False,
                         indent=2))
        return 0
    rows = source_rows(sources)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*HEADERS, title=None if rows else "no sources yet", box=None,
                      header_style="bold", pad_edge=False)
        for column in table.columns:
            column.overflow = "fold"  # a URL wraps in its column; nothing is cut
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
                 clock=None, failures: list[str] | None = None,
                 notes: list[str] | None = None) -> tuple[int, int]:
    """Import files and folders (one store write). Returns (articles read, new articles).

    A path that does not exist (or a folder with nothing to import) stops the import before
    anything is written. A file that cannot become an article (binary, no text, a page with
    no article text) is reported in `failures` (one line each) and the others are imported;
    when no file at all could be imported, the one failure (or the first) is raised.
    All files go to one source (`--outlet`, else "Imported files"); a page's own site name
    is its articles' outlet, never a new source. `notes` receives one line per thing the
    analysis left out (a date outside the years a story can hold, an overlong sentence
    split), naming the file."""
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
    failed = failures if failures is not None else []
    items = []
    item_paths = []  # the file of each item, for the analysis notes
    for path in files:
        try:
            item = read_article(path, now)
        except TalksError as exc:
            failed.append(clean_line(str(exc), max_len=300))
            continue
        if url:
            item.url = url.strip()
        if published is not None:
            item.published = published
        if outlet:
            item.outlet = outlet
        items.append(clean_item(item))
        item_paths.append(path)
    if not items and failed:
        raise TalksError(failed[0] if len(failed) == 1 else
                         f"none of {len(failed)} files could be imported; first: {failed[0]}")
    from talkstui.ingest.scoping import scope_and_analyse

    scoped = scope_and_analyse(settings, items)
    if notes is not None:
        for path, (_relevance, analysis) in zip(item_paths, scoped, strict=True):
            notes.extend(f"{path}: {n}" for n in (analysis or {}).get("n", []))
    name = clean_line(outlet or "Imported files", max_len=120)
    new = 0
    with store.transaction() as tx:
        if seeds.needs_seeding(settings, tx.sources, tx.articles):
            seeds.seed_into(tx, settings, now)
        existing = [s for s in tx.sources.values() if s.kind == "file" and s.name == name]
        source = existing[0] if existing else Source(
            id=unique_source_id(f"import {name}", set(tx.sources)), name=name,
            kind="file", path=str(paths[0]))
        source.last_refresh = now
        source.last_status = F.OK_WITH_WARNINGS if failed else F.OK
        source.last_warning = (clean_line(f"{len(failed)} file(s) not imported: {failed[0]}",
                                          max_len=300) if failed else None)
        tx.put_source(source)
        for item, (relevance, analysis) in zip(items, scoped, strict=True):
            _article, state = merge_item(tx, item, source=source, outlet=item.outlet or name,
                                         now=now, analysis=analysis,
                                         relevance=relevance)
            new += state == "new"
        count_articles(tx)
    return len(items), new


def import_command(settings, paths: list[Path], *, outlet: str | None = None,
                   url: str | None = None, published: datetime | None = None) -> int:
    store = _store(settings)
    failures: list[str] = []
    notes: list[str] = []
    read, new = import_files(settings, store, paths, outlet=outlet, url=url,
                             published=published, failures=failures, notes=notes)
    for note in notes:
        print(f"talkstui: note: {clean_line(note, max_len=300)}", file=sys.stderr)
    if new:
        from talkstui.clock import SystemClock
        from talkstui.story import warm_story_cache

        warm_story_cache(settings, store, SystemClock().now())
    for line in failures:
        print(f"not imported: {line}", file=sys.stderr)
    print(f"imported {read} file{'s' if read != 1 else ''}: {new} new "
          f"article{'s' if new != 1 else ''}"
          + (f"; {len(failures)} file{'s' if len(failures) != 1 else ''} not imported"
             if failures else ""))
    return 1 if failures else 0


# ---------------------------------------------------------------- OPML


def import_opml(settings, store, path: Path, *, clock=None) -> tuple[list[Source], list[str],
                                                                      list[str]]:
    """Add every feed an OPML file lists as a source (one write; fetched by the next refresh).
    Returns (added, already there, refused: one line each)."""
    from talkstui import seeds
    from talkstui.ingest.files import read_bytes
    from talkstui.ingest.opml import read_opml

    try:
        feeds = read_opml(read_bytes(path))
    except ParseFailure as exc:
        raise TalksError(f"{clean_line(str(path))}: {clean_line(exc.detail)}") from None
    if not feeds:
        raise TalksError(f"{clean_line(str(path))}: no feeds (outlines with xmlUrl) in it")
    now = _now(clock)
    added: list[Source] = []
    already: list[str] = []
    refused: list[str] = []
    with store.transaction() as tx:
        if seeds.needs_seeding(settings, tx.sources, tx.articles):
            seeds.seed_into(tx, settings, now)
        known = {canonical_url(s.url): s for s in tx.sources.values() if s.url}
        for feed in feeds:
            url = feed.url.strip()
            bad = F.check_url(url)
            if bad:
                refused.append(f"{clean_line(url, max_len=200)}: {bad}")
                continue
            key = canonical_url(url)
            if key in known:
                already.append(clean_line(known[key].name))
                continue
            from talkstui.ingest.outlets import host_name

            name = clean_line(feed.title or host_name(url) or url, max_len=120)
            src = Source(id=unique_source_id(name, set(tx.sources)), name=name, kind="feed",
                         url=url)
            tx.put_source(src)
            known[key] = src
            added.append(src)
    return added, already, refused


def import_opml_command(settings, path: Path) -> int:
    added, already, refused = import_opml(settings, _store(settings), path)
    for line in refused:
        print(f"not added: {line}", file=sys.stderr)
    print(f"added {len(added)} feed{'s' if len(added) != 1 else ''}"
          + (f", {len(already)} already sources" if already else "")
          + (f", {len(refused)} refused" if refused else "")
          + ("; run `talkstui refresh` to fetch them" if added else ""))
    return 1 if refused else 0


def export_opml_command(settings, output: Path | None, *, force: bool = False) -> int:
    from talkstui.ingest.opml import write_opml

    data = write_opml(_values(_store(settings).snapshot().sources), _now())
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    from talkstui.export import write_output

    write_output(data, output, force=force)
    return 0
