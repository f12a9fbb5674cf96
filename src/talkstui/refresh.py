"""Refreshing sources into the store: the async API the TUI calls, and `talkstui refresh`.

    report = await refresh_sources(settings, store, only=None, progress=callback, clock=clock)

- Sources are the store's Source records (kind "feed" or "page") merged by
  canonical URL with `settings.sources` from the config file.
- Fetches run concurrently on one httpx.AsyncClient, bounded overall
  (settings.refresh.concurrency) and per host:port (settings.refresh.per_host),
  each under a total deadline (settings.refresh.timeout), conditional on the
  stored ETag / Last-Modified (304 -> "not_modified").
- Parsing and extraction run off the event loop, as results arrive (a pipeline: a feed
  is parsed and its new items analysed while other fetches are still under way): parsing
  in worker threads, analysis in one thread plus, for a bulk cold refresh, one spawned
  worker process (see PROCESSES).
- The store is written ONCE, at the end, in one transaction. When no source brought
  anything new (every one not_modified or failed), that write records the sources'
  statuses only: no article is read, merged or recounted.
- One bad source never stops the others: each ends with a typed status.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from talkstui.errors import TalksError
from talkstui.ingest import fetch as F
from talkstui.ingest.articles import (
    body_hash, canonical_url, clean_item, count_articles, merge_item, shared_keys,
    unique_source_id,
)
from talkstui.ingest.items import ParsedDocument, ParseFailure
from talkstui.model import Source
from talkstui.sanitize import clean_line

Phase = Literal["queued", "fetching", "parsing", "done"]

# A worker process for analysis (beside the thread) when at least this many sources have
# never been fetched: a bulk cold refresh. Measured (bench/bench_refresh.py, 50 feeds x 10
# items, 2 cores shared with other work): 2.2 s with it against 2.7-2.8 s without when the
# other core is mostly free, 2.8 s against 2.7 s when it is not. Spawned (not forked: this
# process has threads), so its start-up runs on the other core while the fetches wait.
PROCESSES = True
PROCESS_MIN_SOURCES = 8


@dataclass
class SourceProgress:
    """One step of one source's refresh, for a progress display. Sent on the event loop."""

    source_id: str
    name: str
    phase: Phase
    status: str | None = None  # the typed status, once phase == "done"
    detail: str = ""  # one sanitised line
    done: int = 0  # sources finished so far
    total: int = 0  # sources in this refresh


@dataclass
class SourceResult:
    source_id: str
    name: str
    url: str | None
    status: str  # ok, not_modified, timeout, too_large, http_404, bad_tls, ...
    detail: str = ""  # one sanitised line
    http_status: int | None = None
    items: int = 0  # items in the document
    new: int = 0  # articles added
    changed: int = 0  # articles whose text (or date) changed
    outside: int = 0  # of the new ones, outside every story (stored, not analysed)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0  # item pages whose text became the article's body
    teasers: int = 0  # item pages that held only a teaser
    page_failures: list[str] = field(default_factory=list)  # one line each; never a failure

    @property
    def ok(self) -> bool:
        return self.status in F.SUCCESS

    def line(self) -> str:
        """`name: status: detail`, sanitised, for cron mail."""
        parts = [clean_line(self.name, max_len=80), self.status]
        if self.detail:
            parts.append(clean_line(self.detail, max_len=300))
        return ": ".join(parts)


@dataclass
class RefreshReport:
    started: datetime
    finished: datetime
    results: list[SourceResult] = field(default_factory=list)
    written: bool = False  # the store was written (once)
    seeded: bool = False  # an empty store was filled from the bundled seeds first

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def outside(self) -> int:
        return sum(r.outside for r in self.results)


ProgressCallback = Callable[[SourceProgress], None]


@dataclass
class _Job:
    source: Source
    from_config: bool  # listed in the config file: kind detected on every fetch
    result: SourceResult | None = None
    fetched: F.FetchResult | None = None
    doc: ParsedDocument | None = None
    analyses: dict[str, dict | None] = field(default_factory=dict)
    scoped: dict[str, tuple[dict, bool]] = field(default_factory=dict)  # digest -> (relevance, keep)
    pages: dict = field(default_factory=dict)  # item key -> itempages.PageResult


def _warm_up(lexicon) -> None:
    """Import the extractor and compile its patterns: the analysis worker process's
    initializer, run while the first responses are on their way. (Doing the same in a thread
    of this process was measured: it only delays the requests, the interpreter being one.)
    Failures are left for the real use."""
    try:
        from talkstui.ingest.articles import analyse_text

        analyse_text("Talks will resume in Istanbul on Monday, officials said.",
                     datetime(2025, 1, 1), lexicon)
    except Exception:  # noqa: BLE001 - only a head start
        pass


def _values(container) -> list:
    if container is None:
        return []
    if isinstance(container, dict):
        return list(container.values())
    return list(container)


def plan_sources(settings, stored: list[Source]) -> list[tuple[Source, bool]]:
    """Fetchable sources: the store's, plus config sources not already there (by URL).

    The flag is True for every source listed in the config file: the user gave only a URL,
    so its kind (feed or page) is detected from what the server sends, on every fetch.
    Sources added with `add-source` keep the kind detected then. A source stored from the
    config file and since removed from it is not refreshed any more (its articles stay).
    """
    config: dict[str, tuple[str, str]] = {}
    for cfg in getattr(settings, "sources", []) or []:
        config.setdefault(canonical_url(cfg.url) or cfg.url, (cfg.name or cfg.url, cfg.url))
    out: list[tuple[Source, bool]] = []
    seen: set[str] = set()
    for src in stored:
        if src.kind in ("feed", "page", "unknown") and src.url:
            key = canonical_url(src.url) or src.url
            if src.from_config and key not in config:
                continue  # taken out of the config file: not refreshed (its articles stay)
            seen.add(key)
            if getattr(src, "muted", False):
                continue  # muted (gone for good): not fetched, never fails a cron run
            # "unknown": added while it was down; its kind is detected on each fetch
            out.append((src, key in config or src.kind == "unknown"))
    taken = {s.id for s in stored}
    for key, (name, url) in config.items():
        if key in seen:
            continue
        sid = unique_source_id(name, taken)
        taken.add(sid)
        out.append((Source(id=sid, name=name, kind="feed", url=url), True))
    return out


def select(planned: list[tuple[Source, bool]], only: list[str] | None):
    if not only:
        return planned
    chosen = []
    for name in only:
        want = name.strip().lower()
        match = [p for p in planned if want in (p[0].id.lower(), p[0].name.lower(),
                                                 (p[0].url or "").lower())]
        if not match:
            known = ", ".join(sorted(p[0].id for p in planned)) or "none"
            raise TalksError(f"no source named {clean_line(name, max_len=80)!r} "
                             f"(sources: {clean_line(known, max_len=200)})")
        for p in match:
            if p not in chosen:
                chosen.append(p)
    return chosen


def base_url(fetched: F.FetchResult) -> str:
    """The base for the document's relative links: its Content-Location (resolved against
    the final URL, http(s) only), else the final URL after redirects."""
    from urllib.parse import urljoin

    location = (fetched.headers.get("content-location") or "").strip()
    if location:
        try:
            joined = urljoin(fetched.final_url, location)
        except ValueError:
            joined = ""
        if joined and F.check_url(joined) is None:
            return joined
    return fetched.final_url


def parse_document(source_kind: str, fetched: F.FetchResult, now: datetime) -> ParsedDocument:
    """A fetched body as a feed or a page. Raises ParseFailure (`unsupported_content` for
    anything that is not a document). Runs in a worker thread."""
    from talkstui.ingest.content import check_document
    from talkstui.ingest.feeds import parse_feed
    from talkstui.ingest.jsonfeed import parse_json_feed
    from talkstui.ingest.pages import parse_page

    kind = check_document(fetched.body, fetched.content_type)
    base = base_url(fetched)
    if kind == "json_feed":
        return parse_json_feed(fetched.body, fetched.content_type, base, now)
    if source_kind == "feed":
        if kind == "page":
            raise ParseFailure(F.PARSE_ERROR, "HTML where a feed was expected")
        return parse_feed(fetched.body, fetched.content_type, base, now)
    if source_kind == "page" or kind != "feed":
        return parse_page(fetched.body, fetched.content_type, base, now)
    return parse_feed(fetched.body, fetched.content_type, base, now)


def prepare_document(kind: str, fetched: F.FetchResult, now: datetime) -> ParsedDocument:
    """Parse and clean one fetched document. Runs in the parsing helper process."""
    doc = parse_document(kind, fetched, now)
    items = [clean_item(i) for i in doc.items]
    doc.items = [i for i in items if i.text]
    empty = len(items) - len(doc.items)
    if empty:  # nothing left once controls and markup were cleaned out
        from talkstui.ingest.entries import skipped_warning

        doc.skipped += empty
        doc.warnings = [w for w in doc.warnings if "neither title nor text" not in w]
        doc.warnings.append(skipped_warning(doc.skipped))
    return doc


# The parsing helper's address space: a hostile document that makes a parser balloon ends as
# a parse_error, not as a machine swapping.
PARSE_MEMORY = 2 << 30


class _Parser:
    """Parsing of fetched bytes in a helper process, under what is left of each request's
    deadline: a parser stuck on hostile bytes is killed (the source ends with `timeout`), the
    next document gets a new helper. One call at a time, from one thread of ours, so a
    refresh's parses queue there (queued time is not counted against a source)."""

    def __init__(self, eager: bool = True) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from talkstui.helper_process import HelperProcess

        self.helper = HelperProcess(memory_limit=PARSE_MEMORY)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkstui-parse")
        if eager:  # its interpreter starts while the first requests are out
            try:
                self.helper.start()
            except OSError:
                pass

    async def parse(self, kind: str, fetched: F.FetchResult, now: datetime,
                    timeout: float) -> ParsedDocument:
        from talkstui.helper_process import HelperError, HelperTimeout

        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._thread, lambda: self.helper.call(
                    "talkstui.refresh:prepare_document", kind, fetched, now, timeout=timeout))
        except HelperTimeout:
            raise ParseFailure(F.TIMEOUT, "no complete answer within the deadline "
                                          "(parsing the document took too long)") from None
        except HelperError as exc:
            raise ParseFailure(F.PARSE_ERROR, f"the parser failed: {exc}") from None
        except MemoryError:
            raise ParseFailure(F.TOO_LARGE, "the document needs too much memory to parse") \
                from None

    def close(self) -> None:
        self.helper.close()  # a call in progress ends now (its thread gets an error)
        self._thread.shutdown(wait=False, cancel_futures=True)


async def parse_in_helper(kind: str, fetched: F.FetchResult, now: datetime,
                          limits: F.FetchLimits) -> ParsedDocument:
    """One document parsed as a refresh parses it (in a helper process, within what is left
    of the request's deadline). Raises ParseFailure."""
    left = fetched.remaining(limits)
    if left <= 0:
        raise ParseFailure(F.TIMEOUT, f"no complete answer within {limits.timeout:g} s")
    parser = _Parser()
    try:
        return await parser.parse(kind, fetched, now, left)
    finally:
        parser.close()


def _score(job: _Job, scoper=None) -> None:
    """Sort the parsed document's items in or out of every story (ingest.scoping), with their
    reasons. Runs in a worker thread."""
    doc = job.doc
    if doc is not None and scoper is not None:
        for item in doc.items:
            job.scoped[body_hash(item.text)] = scoper.judge(item.title, item.text, job.source.id)


def _kept(job: _Job) -> list:
    """The items to analyse: those inside some story (all of them without a scoper)."""
    if job.doc is None:
        return []
    if not job.scoped:
        return job.doc.items
    return [i for i in job.doc.items if job.scoped.get(body_hash(i.text), (None, True))[1]]


class _Analyser:
    """extract.analyse for every new text (by content hash), started as soon as its document
    is parsed (a pipeline: later fetches and parses go on meanwhile).

    Batches (one per document) wait in one queue, taken by whichever worker is free: one
    thread in this process and, for a large cold refresh on a machine with more than one
    core, one worker process as well (spawned at the start, so that its interpreter start-up
    and imports run on the other core while the first responses are awaited). The content
    hashes of the stored articles are read once, in a thread, when the first document with
    items arrives: a refresh where nothing changed never reads the articles.
    """

    def __init__(self, store, lexicon, *, processes: bool = False) -> None:
        self.store = store
        self.lexicon = lexicon
        self.pending: dict[str, _Pick] = {}  # digest -> where its analysis will be
        self._queue: list[tuple[list, asyncio.Future]] = []  # (batch, its result)
        self._known: asyncio.Future | None = None
        self._thread = None
        self._procs = None  # a HelperProcess (not multiprocessing: see helper_process.py)
        self._procs_thread = None  # the thread that waits for its answers
        self._cancel = threading.Event()  # set by close(): the analysis thread stops at once
        self._busy = {"thread": False, "process": False}
        if processes:
            self._start_processes()

    def _start_processes(self) -> None:
        try:
            from concurrent.futures import ThreadPoolExecutor

            from talkstui.helper_process import HelperProcess

            self._procs = HelperProcess()
            # started now (a fork+exec: the parent does not wait), warmed up meanwhile
            self._procs.send_only("talkstui.refresh:_warm_up", self.lexicon)
            self._procs_thread = ThreadPoolExecutor(max_workers=1,
                                                    thread_name_prefix="talkstui-helper")
        except Exception:  # noqa: BLE001 - no process for us: the thread does it all
            self._procs = None

    def _read_known(self) -> set[str]:
        return {a.body_hash for a in _values(self.store.snapshot().articles)}

    def add(self, items) -> None:
        """Queue the analysis of every item whose text is not queued already."""
        batch: list[tuple[str, str, datetime | None]] = []
        for item in items:
            digest = body_hash(item.text)
            if digest not in self.pending:
                batch.append((digest, item.text, item.published))
        if not batch:
            return
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        for i, (digest, _text, _published) in enumerate(batch):
            self.pending[digest] = _Pick(fut, i)
        self._queue.append((batch, fut))
        if self._known is None:
            self._known = asyncio.ensure_future(asyncio.to_thread(self._read_known))
        for worker in ("thread", "process"):
            if not self._busy[worker] and (worker == "thread" or self._procs is not None):
                self._busy[worker] = True
                asyncio.ensure_future(self._drain(worker))

    async def _drain(self, worker: str) -> None:
        """Take batches off the queue until it is empty; each result goes to its future."""
        try:
            while self._queue:
                batch, fut = self._queue.pop(0)
                try:
                    known = await self._known
                    todo = [(text, published) for digest, text, published in batch
                            if digest not in known]
                    done = iter(await self._run(worker, todo) if todo else [])
                    fut.set_result([_KNOWN if digest in known else next(done)
                                    for digest, _text, _published in batch])
                except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits it
                    if not fut.done():
                        if isinstance(exc, asyncio.CancelledError):
                            fut.cancel()
                        else:
                            fut.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
        finally:
            self._busy[worker] = False

    async def _run(self, worker: str, todo: list) -> list:
        from talkstui.ingest.articles import analyse_batch

        loop = asyncio.get_running_loop()
        if worker == "process" and self._procs is not None:
            procs = self._procs
            try:
                return await loop.run_in_executor(
                    self._procs_thread, lambda: procs.call(
                        "talkstui.ingest.articles:analyse_batch", todo, self.lexicon))
            except Exception:  # noqa: BLE001 - a broken helper process: do it here instead
                if self._cancel.is_set():
                    raise
                procs.close()
                self._procs = None
        if self._thread is None:
            from concurrent.futures import ThreadPoolExecutor

            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkstui-analyse")
        return await loop.run_in_executor(self._thread, analyse_batch, todo, self.lexicon,
                                          self._cancel)

    async def results(self) -> dict[str, dict | None]:
        """Analyses by content hash, for the texts not stored before. Raises StoreError if
        the stored hashes could not be read."""
        out: dict[str, dict | None] = {}
        for digest, pick in self.pending.items():
            value = (await pick.future)[pick.index]
            if value is not _KNOWN:
                out[digest] = value
        return out

    def close(self) -> None:
        """Stop everything now: the analysis thread at its next step, the helper process
        killed (whatever it was doing is not wanted any more)."""
        self._cancel.set()
        for pick in self.pending.values():  # abandoned: nobody will ask for these results
            fut = pick.future
            if not fut.done():
                fut.cancel()
            elif not fut.cancelled():
                fut.exception()  # retrieved: no "never retrieved" noise on stderr
        self._queue.clear()
        if self._procs is not None:
            self._procs.close()
        for pool in (self._thread, self._procs_thread):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        self._thread = self._procs = self._procs_thread = None


_KNOWN = object()  # the text of an article already stored: not analysed again


@dataclass
class _Pick:
    future: asyncio.Future
    index: int


async def refresh_sources(
    settings,
    store,
    *,
    only: list[str] | None = None,
    progress: ProgressCallback | None = None,
    clock=None,
    client=None,
) -> RefreshReport:
    """Fetch, parse and store every source (or those in `only`: ids, names or URLs).

    `progress` is called on the event loop thread for every phase of every source.
    `client` (an httpx.AsyncClient) is for tests; by default one is made and closed.
    Raises TalksError for an unknown name in `only`, StoreError if the store fails;
    never for a misbehaving server.
    """
    from talkstui.clock import SystemClock

    clock = clock or SystemClock()
    started = clock.now()
    stored_sources = _values(await asyncio.to_thread(store.sources))
    jobs = [_Job(src, cfg) for src, cfg in select(plan_sources(settings, stored_sources), only)]
    limits = F.FetchLimits.from_settings(settings.refresh)
    total = len(jobs)
    done = 0

    def tell(job: _Job, phase: Phase) -> None:
        if progress is None:
            return
        r = job.result
        try:
            progress(SourceProgress(job.source.id, clean_line(job.source.name, max_len=120),
                                    phase, r.status if r else None,
                                    r.detail if r else "", done, total))
        except Exception:  # noqa: BLE001 - a display bug must not stop a refresh
            pass

    for job in jobs:
        tell(job, "queued")

    overall = asyncio.Semaphore(max(1, settings.refresh.concurrency))
    hosts = F.HostLimiter(settings.refresh.per_host)
    lexicon = getattr(settings, "lexicon", None) or None
    # Sources never fetched (no validators) will most likely send documents.
    fresh = sum(1 for j in jobs if not (j.source.etag or j.source.last_modified))
    analyser = _Analyser(store, lexicon, processes=(
        PROCESSES and fresh >= PROCESS_MIN_SOURCES and (os.cpu_count() or 1) > 1))
    parser: _Parser | None = None
    from talkstui.ingest.scoping import Scoper, pulled_sources

    scoper = Scoper(settings, await asyncio.to_thread(pulled_sources, store))

    pager = _Pager(settings, store, limits, hosts, overall, analyser, clock, scoper) if (
        settings.refresh.fetch_pages and settings.refresh.max_pages > 0) else None

    async def run(job: _Job, http) -> None:
        nonlocal done
        src = job.source
        result = SourceResult(src.id, src.name, src.url, F.OK)
        try:
            async with overall:
                tell(job, "fetching")
                fetched = await F.fetch(http, src.url, limits=limits, etag=src.etag,
                                        last_modified=src.last_modified, hosts=hosts)
            job.fetched = fetched
            result.status, result.detail = fetched.status, fetched.detail
            result.http_status = fetched.http_status
            if fetched.status == F.OK:
                tell(job, "parsing")
                try:
                    kind = "auto" if job.from_config else job.source.kind
                    left = fetched.remaining(limits)
                    if left <= 0:
                        raise ParseFailure(F.TIMEOUT, fetched.detail or
                                           f"no complete answer within {limits.timeout:g} s")
                    job.doc = await parser.parse(kind, fetched, clock.now(), left)
                    await asyncio.to_thread(_score, job, scoper)
                    result.items = len(job.doc.items)
                    result.warnings = list(job.doc.warnings)
                    if result.warnings:
                        result.status = F.OK_WITH_WARNINGS
                        result.detail = "; ".join(result.warnings)
                    analyser.add(_kept(job))
                    if job.doc.kind == "feed" and pager is not None:
                        await pager.fetch_for(job, http, result)
                except ParseFailure as exc:
                    result.status, result.detail = exc.status, exc.detail
                except Exception as exc:  # noqa: BLE001 - a parser crash on hostile input
                    result.status = F.PARSE_ERROR
                    result.detail = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
            result.status, result.detail = "error", f"{type(exc).__name__}: {exc}"
        result.detail = clean_line(result.detail, max_len=300)
        job.result = result
        done += 1
        tell(job, "done")

    own_client = client is None
    try:
        if jobs:
            # started at once when some source was never fetched (it will send a document);
            # otherwise (a cron run where most answers are 304) only when a document comes
            parser = _Parser(eager=fresh > 0)
            http = client or F.make_client(limits, concurrency=settings.refresh.concurrency,
                                           per_host=settings.refresh.per_host)
            try:
                await asyncio.gather(*(run(job, http) for job in jobs))
            finally:
                if own_client:
                    await http.aclose()
        if parser is not None:
            parser.close()
        analyses = await analyser.results()
    finally:
        analyser.close()
        if parser is not None:
            parser.close()
    for job in jobs:
        job.analyses = analyses

    report = RefreshReport(started=started, finished=started,
                           results=[j.result for j in jobs if j.result])
    report.seeded, report.written = await asyncio.to_thread(
        _write, settings, store, jobs, clock.now(), {s.id for s in stored_sources})
    if pager is not None:
        await asyncio.to_thread(pager.save)
    report.finished = clock.now()
    return report


class _Pager:
    """Fetches the pages of the feed items `itempages.page_wanted` picks that may concern a
    story (`scoping.may_concern_a_story`: inside one, or naming one of its terms), at most
    `[refresh] max_pages` per refresh, on the refresh's client, semaphore and host limits.
    A page's text is judged for every story (`scoper`, ingest.scoping) and analysed only
    when inside some story, as the feed items are."""

    def __init__(self, settings, store, limits, hosts, overall, analyser, clock,
                 scoper=None) -> None:
        self.store = store
        self.scoper = scoper
        self.limits = limits
        self.hosts = hosts
        self.overall = overall
        self.analyser = analyser
        self.clock = clock
        self.left = settings.refresh.max_pages
        self.dir = getattr(store, "directory", None)
        self.cache: dict[str, dict] | None = None
        self.dirty = False
        self._known: asyncio.Future | None = None

    def _read(self):
        from talkstui.ingest.itempages import read_cache

        by_id: dict = {}
        by_url: dict = {}
        for a in _values(self.store.snapshot().articles):
            by_id[a.id] = a
            if a.url:
                by_url.setdefault(a.url, a)
        return by_id, by_url, (read_cache(self.dir) if self.dir else {})

    async def fetch_for(self, job: _Job, http, result: SourceResult) -> None:
        from talkstui.ingest.articles import entry_article_id
        from talkstui.ingest.itempages import fetch_page, page_wanted, recently_failed
        from talkstui.ingest.scoping import may_concern_a_story

        if self.left <= 0 or not any(page_wanted(i, None) for i in job.doc.items):
            return  # no item could want its page: the stored articles are not read
        if self._known is None:
            self._known = asyncio.ensure_future(asyncio.to_thread(self._read))
        by_id, by_url, cache = await self._known
        if self.cache is None:
            self.cache = cache
        wanted = []
        for item in job.doc.items:
            if self.left <= 0:
                break
            if not item.key:
                continue
            art = by_id.get(entry_article_id(job.source.id, item.key))
            if art is None:
                canon = canonical_url(item.url)
                art = by_url.get(canon) if canon else None
            if (page_wanted(item, art) and may_concern_a_story(job.scoped.get(body_hash(item.text)))
                    and not recently_failed(self.cache, item.url, self.clock.now())):
                self.left -= 1
                wanted.append(item)
        if not wanted:
            return

        async def one(item):
            async with self.overall:
                return await fetch_page(http, item, limits=self.limits, hosts=self.hosts,
                                        cache=self.cache, read_body=self.store.body,
                                        now=self.clock.now())

        pages = await asyncio.gather(*(one(item) for item in wanted))
        self.dirty = True
        for item, page in zip(wanted, pages, strict=True):
            job.pages[item.key] = page
            if page.failed:
                result.page_failures.append(clean_line(page.line(), max_len=300))
        from talkstui.ingest.items import ParsedItem

        texts = []
        for i, p in zip(wanted, pages, strict=True):
            if not p.text or p.status == "teaser":
                continue
            if self.scoper is not None:
                judged = self.scoper.judge(i.title, p.text, job.source.id)
                job.scoped[body_hash(p.text)] = judged
                if not judged[1]:
                    continue  # outside every story: stored, not analysed
            texts.append(ParsedItem(title="", text=p.text, published=i.published))
        self.analyser.add(texts)

    def save(self) -> None:
        from talkstui.ingest.itempages import write_cache

        if self.dirty and self.dir and self.cache is not None:
            write_cache(self.dir, self.cache)


_PARSED = (F.OK, F.OK_WITH_WARNINGS)  # a document was fetched and parsed


def _write(settings, store, jobs: list[_Job], now: datetime,
           stored_ids: set[str]) -> tuple[bool, bool]:
    """The one store write of a refresh (runs in a worker thread).

    When no job brought a document (all not_modified or failed), only the sources' statuses
    are written: articles are neither read nor recounted (nothing here changed them).
    """
    changed = any(j.result is not None and j.result.status in _PARSED and j.doc is not None
                  for j in jobs)
    seeded = False
    with store.transaction() as tx:
        if not tx.sources:  # needs_seeding is False for a store with sources
            from talkstui import seeds

            if seeds.needs_seeding(settings, tx.sources, tx.articles):
                seeds.seed_into(tx, settings, now)
                seeded = True
        for job in jobs:
            result = job.result
            if result is None:
                continue
            current = tx.sources.get(job.source.id)
            if current is None:
                if job.source.id in stored_ids:
                    continue  # removed by another process meanwhile
                current = job.source  # a config source stored for the first time
            current.last_refresh = now
            current.from_config = job.from_config
            if result.ok:
                current.last_success = now
            current.last_status = result.status
            current.last_error = result.detail or None if not result.ok else None
            if result.status != F.NOT_MODIFIED:  # the same document: the same warnings
                current.last_warning = (clean_line(result.detail, max_len=300) or None
                                        if result.status == F.OK_WITH_WARNINGS else None)
            if result.page_failures:
                n = len(result.page_failures)
                note = (f"{n} item page{'s' if n != 1 else ''} not fetched (summary kept): "
                        f"{result.page_failures[0]}")
                current.last_warning = clean_line(
                    f"{current.last_warning}; {note}" if current.last_warning else note,
                    max_len=300)
            fetched = job.fetched
            if result.status in _PARSED and fetched is not None:
                current.etag = fetched.etag
                current.last_modified = fetched.last_modified
                if job.from_config and job.doc is not None and job.doc.kind in ("feed", "page"):
                    current.kind = job.doc.kind  # detected on the first fetch
            tx.put_source(current)
            if result.status in _PARSED and job.doc is not None:
                outlet = current.name or job.doc.title or "unknown outlet"
                shared = shared_keys(job.doc.items)
                for item in job.doc.items:
                    digest = body_hash(item.text)
                    relevance, keep = job.scoped.get(digest, (None, True))
                    _article, state = merge_item(
                        tx, item, source=current, outlet=outlet, now=now,
                        analysis=job.analyses.get(digest), relevance=relevance,
                        shared=shared)
                    page = job.pages.get(item.key) if item.key else None
                    if page is not None and page.text is not None:
                        from talkstui.ingest.itempages import apply_page

                        outcome = apply_page(tx, _article, page, item.text, now,
                                             job.analyses.get(body_hash(page.text)))
                        if outcome == "page":
                            result.pages += 1
                            state = "changed" if state == "same" else state
                            # the article's text is now the page's: its scope is the page's
                            judged = job.scoped.get(body_hash(page.text))
                            if judged is not None:
                                _article.relevance, keep = judged
                                tx.put_article(_article)
                        elif outcome == "teaser":
                            result.teasers += 1
                    if state == "new":
                        result.new += 1
                        result.outside += 0 if keep else 1
                    elif state == "changed":
                        result.changed += 1
        if changed or seeded:
            count_articles(tx)
    return seeded, True


# ---------------------------------------------------------------- the command


def _open_store(settings):
    from talkstui.store import Store

    return Store(settings.locations.store_dir)


def refresh_command(settings, names: list[str]) -> int:
    """`talkstui refresh [SOURCE...]`: progress on a terminal, silent under cron on success;
    on failure one `name: status: detail` line per failed source (stderr) and exit 1."""
    store = _open_store(settings)
    tty = sys.stdout.isatty()
    if tty:
        report = _run_with_progress(settings, store, names)
    else:
        report = asyncio.run(refresh_sources(settings, store, only=names or None))
    for result in report.failed:
        print(result.line(), file=sys.stderr)
    if report.written and any(r.new or r.changed for r in report.results):
        # Articles changed: build the story now, in the cron job, so that the next dashboard
        # opens from the story cache instead of rebuilding (best effort, never fails the run).
        from talkstui.clock import SystemClock
        from talkstui.story.definitions import all_stories, settings_for
        from talkstui.story import warm_story_cache

        now = SystemClock().now()
        for story in all_stories(settings):  # each story has its own cache
            warm_story_cache(settings_for(settings, story), store, now)
    if tty:
        new = report.new
        ok = len(report.results) - len(report.failed)
        pages = sum(r.pages for r in report.results)
        teasers = sum(r.teasers for r in report.results)
        for r in report.results:
            for line in r.page_failures:
                print(f"{clean_line(r.name, max_len=80)}: item page not fetched (summary kept): "
                      f"{line}")
        outside = f" ({report.outside} outside every story)" if report.outside else ""
        print(f"{ok} of {len(report.results)} sources refreshed, {new} new "
              f"article{'s' if new != 1 else ''}{outside}"
              + (" (store seeded)" if report.seeded else "")
              + (f", {pages} full article{'s' if pages != 1 else ''} from item pages"
                 if pages else "")
              + (f", {teasers} teaser page{'s' if teasers != 1 else ''}" if teasers else ""))
    return 0 if report.ok else 1


def _run_with_progress(settings, store, names) -> RefreshReport:
    from rich.console import Console
    from rich.text import Text

    console = Console()
    status = console.status("Refreshing…")

    def show(p: SourceProgress) -> None:
        if p.phase == "done":
            mark = "✓" if p.status in F.SUCCESS else "✗"
            line = Text(f"{mark} {p.name}: {p.status}")
            if p.detail and p.status != F.OK and p.status != F.NOT_MODIFIED:
                line.append(f" ({p.detail})")
            console.print(line)
        status.update(Text(f"Refreshing… {p.done}/{p.total}"))

    with status:
        return asyncio.run(refresh_sources(settings, store, only=names or None, progress=show))
