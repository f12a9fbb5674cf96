"""refresh_sources end to end against 127.0.0.1 servers, with an in-memory store."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixtures.servers import GOOD_PAGE, MemoryStore, gzip_bomb, hostile_server, rss  # noqa: F401

from talkstui.clock import FixedClock
from talkstui.config import Locations, RefreshSettings, Settings, SourceConfig
from talkstui.errors import TalksError
from talkstui.model import Source
from talkstui.refresh import RefreshReport, SourceProgress, refresh_sources

NOW = datetime(2025, 7, 24, 12, 0, tzinfo=UTC)
TIMEOUT = 2.0


def settings(tmp_path: Path, sources=(), **refresh) -> Settings:
    opts = {"timeout": TIMEOUT, "max_bytes": 1_000_000, "concurrency": 8, "per_host": 8}
    opts.update(refresh)
    return Settings(
        locations=Locations(tmp_path / "config.toml", tmp_path / "data", tmp_path / "exports"),
        sources=[SourceConfig(name, url) for name, url in sources],
        refresh=RefreshSettings(**opts),
    )


def feed_source(sid: str, url: str, kind: str = "feed") -> Source:
    return Source(id=sid, name=sid.title(), kind=kind, url=url)


def stored_store(*sources: Source) -> MemoryStore:
    store = MemoryStore()
    with store.transaction() as tx:
        for s in sources:
            tx.put_source(s)
    store.writes = 0
    return store


# Every hostile route, its typed status, and the text that must never be stored.
HOSTILE = [
    ("/loop/a", "redirect_loop"),
    ("/many/0", "too_many_redirects"),
    ("/redirect/file", "bad_scheme"),
    ("/bomb", "too_large"),
    ("/huge", "too_large"),
    ("/drip", "timeout"),
    ("/silent", "timeout"),
    ("/reset", "connection_error"),
    ("/charset/utf7", "bad_charset"),
    ("/html-as-feed", "parse_error"),
    ("/html-as-xml", "parse_error"),
    ("/status/500", "http_500"),
    ("/status/404", "http_404"),
    ("/localpath", "parse_error"),
    ("/gzip-members", "parse_error"),  # issue 14: inflates (to spaces and an x), not a feed
    ("/gzip-broken", "bad_encoding"),
    ("/slow-parse", "timeout"),  # the deadline covers parsing: the parser is killed
]


class _OpenAudit:
    """Records every file a path under `root` that the process opens (audit hook)."""

    def __init__(self, watched: str) -> None:
        self.watched = watched
        self.hits: list[str] = []
        self.active = False
        sys.addaudithook(self._hook)

    def _hook(self, event, args) -> None:
        if self.active and event == "open" and args and isinstance(args[0], str | bytes):
            name = args[0].decode() if isinstance(args[0], bytes) else args[0]
            if name == self.watched:
                self.hits.append(name)


_AUDIT: _OpenAudit | None = None


def audit(path: str) -> _OpenAudit:
    global _AUDIT
    if _AUDIT is None:
        _AUDIT = _OpenAudit(path)
    _AUDIT.watched, _AUDIT.hits = path, []
    return _AUDIT


@pytest.mark.parametrize("path, status", HOSTILE)
async def test_hostile_source_fails_typed_and_good_source_is_stored(
        hostile_server, tmp_path, path, status):  # noqa: F811
    store = stored_store(feed_source("hostile", hostile_server.url(path)),
                         feed_source("good", hostile_server.url("/feed/good")))
    secret = hostile_server.config.secret_path
    gzip_bomb()  # built before the clock starts (building it takes over a second)
    spy = audit(secret)
    spy.active = True
    start = time.monotonic()
    try:
        report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    finally:
        spy.active = False
    elapsed = time.monotonic() - start
    by_id = {r.source_id: r for r in report.results}
    assert by_id["hostile"].status == status, by_id["hostile"].detail
    assert by_id["good"].status == "ok"
    assert elapsed < TIMEOUT + 10  # generous: the deadline plus slack on a busy machine
    assert store.writes == 1  # one write per refresh
    titles = {a.title for a in store.articles()}
    assert {"Talks set for Wednesday", "Deadline looms"} <= titles
    for a in store.articles():
        assert "TOP-SECRET" not in store.body(a.body_hash) and "TOP-SECRET" not in a.title
    assert spy.hits == []
    src = {s.id: s for s in store.sources()}
    assert src["hostile"].last_status == status
    assert src["hostile"].last_error
    assert src["good"].last_status == "ok" and src["good"].last_error is None
    assert report.failed == [by_id["hostile"]] and not report.ok


@pytest.mark.parametrize("path", ["/xxe", "/laughs"])
async def test_entity_attacks_do_not_expand_or_read_files(hostile_server, tmp_path, path):  # noqa: F811
    store = stored_store(feed_source("evil", hostile_server.url(path)))
    spy = audit(hostile_server.config.secret_path)
    spy.active = True
    try:
        report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    finally:
        spy.active = False
    # ok_with_warnings: the feed parses with problems, shown to the user (issue 12, item 5)
    assert report.results[0].status in ("ok", "ok_with_warnings", "parse_error")
    assert spy.hits == []
    for a in store.articles():
        body = store.body(a.body_hash)
        assert "TOP-SECRET" not in body
        assert "lollollol" not in body and "lollollol" not in a.title
        assert len(body) < 10_000


async def test_unknown_charset_is_decoded_safely(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("odd", hostile_server.url("/charset/unknown")))
    report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    assert report.results[0].status == "ok"
    assert len(store.articles()) == 2  # not empty (it has a source): not seeded


async def test_control_characters_are_made_inert(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("evil", hostile_server.url("/control-chars")))
    await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    evil = [a for a in store.articles() if "evil" in a.source_ids]
    assert evil
    for a in evil:
        assert "\x1b" not in a.title and "\u202e" not in a.title
        assert "\x1b" not in store.body(a.body_hash)


async def test_progress_reports_every_phase_on_the_loop_thread(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("good", hostile_server.url("/feed/good")),
                         feed_source("bad", hostile_server.url("/status/404")))
    events: list[SourceProgress] = []
    threads = set()

    def progress(p: SourceProgress) -> None:
        events.append(p)
        threads.add(threading.get_ident())

    report = await refresh_sources(settings(tmp_path), store, progress=progress,
                                   clock=FixedClock(NOW))
    assert isinstance(report, RefreshReport)
    assert threads == {threading.get_ident()}
    phases = {(e.source_id, e.phase) for e in events}
    assert {("good", "queued"), ("good", "fetching"), ("good", "parsing"), ("good", "done"),
            ("bad", "done")} <= phases
    done = [e for e in events if e.phase == "done"]
    assert sorted(e.done for e in done) == [1, 2] and all(e.total == 2 for e in done)
    assert {e.status for e in done} == {"ok", "http_404"}


async def test_a_crashing_progress_callback_does_not_stop_the_refresh(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("good", hostile_server.url("/feed/good")))

    def boom(p):
        raise RuntimeError("display bug")

    report = await refresh_sources(settings(tmp_path), store, progress=boom, clock=FixedClock(NOW))
    assert report.ok


async def test_conditional_get_second_refresh_is_not_modified(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("etag", hostile_server.url("/feed/etag")))
    s = settings(tmp_path)
    first = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert first.results[0].status == "ok" and first.results[0].new == 2
    src = {x.id: x for x in store.sources()}["etag"]
    assert src.etag == '"v1"' and src.last_modified
    second = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert second.results[0].status == "not_modified" and second.ok
    assert store.writes == 2
    assert {x.id: x for x in store.sources()}["etag"].etag == '"v1"'


async def test_dedup_by_url_and_content_keeps_every_outlet_and_source(hostile_server, tmp_path):  # noqa: F811
    cfg = hostile_server.config
    same = [("Talks", "http://news.invalid/talks?utm_campaign=z#x",
             "Mon, 21 Jul 2025 10:00:00 GMT", "Delegations will meet on Wednesday.")]
    cfg.dynamic["/a"] = (rss("A", same), "application/rss+xml")
    cfg.dynamic["/b"] = (rss("B", [("Talks (copy)", "http://NEWS.invalid/talks/",
                                    "Mon, 21 Jul 2025 10:00:00 GMT",
                                    "Delegations will meet on Wednesday.")]),
                         "application/rss+xml")
    cfg.dynamic["/c"] = (rss("C", [("Syndicated", "http://other.invalid/x",
                                    "Mon, 21 Jul 2025 11:00:00 GMT",
                                    "Delegations will meet on Wednesday.")]),
                         "application/rss+xml")
    store = stored_store(*(feed_source(x, hostile_server.url(f"/{x}")) for x in "abc"))
    await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    arts = [a for a in store.articles() if not a.bundled]
    assert len(arts) == 1
    (art,) = arts
    assert sorted(art.source_ids) == ["a", "b", "c"]
    assert sorted(art.outlets) == ["A", "B", "C"]
    assert art.url == "http://news.invalid/talks"
    assert "http://other.invalid/x" in art.urls
    assert {s.id: s.article_count for s in store.sources()}["b"] == 1


async def test_changed_text_keeps_the_earlier_revision(hostile_server, tmp_path):  # noqa: F811
    cfg = hostile_server.config
    item = ["Talks", "http://news.invalid/live", "Mon, 21 Jul 2025 10:00:00 GMT", "First text."]
    cfg.dynamic["/live"] = (rss("Live", [tuple(item)]), "application/rss+xml")
    store = stored_store(feed_source("live", hostile_server.url("/live")))
    s = settings(tmp_path)
    await refresh_sources(s, store, clock=FixedClock(NOW))
    item[3] = "Updated text: talks moved to Thursday."
    cfg.dynamic["/live"] = (rss("Live", [tuple(item)]), "application/rss+xml")
    report = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert report.results[0].changed == 1
    (art,) = [a for a in store.articles() if not a.bundled]
    assert store.body(art.body_hash) == "Updated text: talks moved to Thursday."
    assert len(art.revisions) == 1
    assert store.body(art.revisions[0].body_hash) == "First text."


async def test_config_sources_merge_by_url_and_detect_their_kind(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("mine", hostile_server.url("/feed/good")))
    s = settings(tmp_path, sources=[("Same feed", hostile_server.url("/feed/good/")),
                                    ("A page", hostile_server.url("/page/good"))])
    report = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert sorted(r.source_id for r in report.results) == ["a-page", "mine"]
    assert report.ok, [r.line() for r in report.failed]
    kinds = {x.id: x.kind for x in store.sources()}
    assert kinds["a-page"] == "page" and kinds["mine"] == "feed"
    page = [a for a in store.articles() if "a-page" in a.source_ids]
    assert page and page[0].published == datetime(2025, 7, 22, tzinfo=UTC)
    assert GOOD_PAGE  # the page fixture served


async def test_only_selects_by_id_name_or_url_and_unknown_names_fail(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("one", hostile_server.url("/feed/good")),
                         feed_source("two", hostile_server.url("/status/500")))
    report = await refresh_sources(settings(tmp_path), store, only=["One"], clock=FixedClock(NOW))
    assert [r.source_id for r in report.results] == ["one"]
    with pytest.raises(TalksError, match="no source named"):
        await refresh_sources(settings(tmp_path), store, only=["nope"], clock=FixedClock(NOW))


async def test_empty_store_is_seeded_in_the_same_single_write(tmp_path):
    store = MemoryStore()
    report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    assert report.seeded and report.results == [] and store.writes == 1
    assert {a.outlet for a in store.articles()} == {"The Moscow Times", "ABC News"}


async def test_concurrency_and_per_host_limits_hold(hostile_server, tmp_path):  # noqa: F811
    hostile_server.config.latency = 0.2
    store = stored_store(*(feed_source(f"f{i}", hostile_server.url(f"/feed/bench/{i}"))
                           for i in range(10)))
    report = await refresh_sources(settings(tmp_path, concurrency=6, per_host=3), store,
                                   clock=FixedClock(NOW))
    assert report.ok
    assert hostile_server.config.max_inflight <= 3


async def test_analysis_is_stored_when_the_extractor_exists(hostile_server, tmp_path):  # noqa: F811
    store = stored_store(feed_source("good", hostile_server.url("/feed/good")))
    await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    try:
        from talkstui.extract import analyse  # noqa: F401
    except ImportError:
        assert all(a.analysis is None for a in store.articles())
    else:
        assert all(isinstance(a.analysis, dict) for a in store.articles())


async def test_config_source_kind_is_detected_even_after_a_failed_first_fetch(
        hostile_server, tmp_path):  # noqa: F811
    store = MemoryStore()
    s = settings(tmp_path, sources=[("Later", hostile_server.url("/later"))])
    first = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert first.results[0].status == "http_404"
    hostile_server.config.dynamic["/later"] = (GOOD_PAGE, "text/html")
    second = await refresh_sources(s, store, clock=FixedClock(NOW))
    assert second.results[0].status == "ok"
    assert {x.id: x.kind for x in store.sources()}["later"] == "page"


async def test_a_pathological_article_is_stored_with_notes_beside_a_good_source(
        hostile_server, tmp_path):  # noqa: F811
    # issue 14: 50 KB of "(talks (on (Monday " took 25 s, 200 KB over a minute, and stalled
    # the refresh: now the sentence is split, the article's analysis has a time budget
    store = stored_store(feed_source("patho", hostile_server.url("/feed/pathological")),
                         feed_source("good", hostile_server.url("/feed/good")))
    report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    assert report.ok, [r.line() for r in report.failed]
    endless = [a for a in store.articles() if a.title == "Endless"]
    assert len(endless) == 1 and endless[0].analysis
    assert any("was split into" in n for n in endless[0].analysis.get("n", []))
    assert {"Talks set for Wednesday", "Deadline looms"} <= {a.title for a in store.articles()}


def helper_children() -> list[int]:
    """Our child processes running talkstui.helper_process (from /proc)."""
    import os

    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"talkstui.helper_process" in cmd:
            out.append(int(entry))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
async def test_a_parser_that_dies_is_a_parse_error_for_that_source_only(
        hostile_server, tmp_path):  # noqa: F811
    # The parsing helper is killed (as the OOM killer would) while it parses one source:
    # that source fails, the other is stored.
    import asyncio
    import os
    import signal

    store = stored_store(feed_source("evil", hostile_server.url("/slow-parse")),
                         feed_source("good", hostile_server.url("/feed/good")))
    phases: dict[str, str] = {}
    report_task = asyncio.ensure_future(refresh_sources(
        settings(tmp_path, timeout=60.0), store, clock=FixedClock(NOW),
        progress=lambda p: phases.__setitem__(p.source_id, p.phase)))
    # Wait for the evil document to be parsing (not for the good one to be done: parses queue
    # in the one helper, so the good one may be waiting behind the evil one).
    for _ in range(300):
        if phases.get("evil") == "parsing" and helper_children():
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # the document is in the helper by now (it parses for seconds)
    killed = helper_children()
    assert killed
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    report = await report_task
    by_id = {r.source_id: r for r in report.results}
    assert by_id["evil"].status == "parse_error", by_id["evil"].detail
    assert "parser failed" in by_id["evil"].detail
    assert by_id["good"].status == "ok"
    assert {"Talks set for Wednesday", "Deadline looms"} <= {a.title for a in store.articles()}
    assert helper_children() == []  # nothing left behind


async def test_nothing_changed_writes_statuses_only_and_never_reads_articles(
        hostile_server, tmp_path):  # noqa: F811
    from datetime import timedelta

    store = stored_store(feed_source("etag", hostile_server.url("/feed/etag")))
    s = settings(tmp_path)
    await refresh_sources(s, store, clock=FixedClock(NOW))
    count = len(store.articles())
    reads: list[int] = []
    snapshot = store.snapshot
    store.snapshot = lambda *a, **k: reads.append(1) or snapshot(*a, **k)
    later = NOW + timedelta(hours=1)
    second = await refresh_sources(s, store, clock=FixedClock(later))
    assert second.results[0].status == "not_modified" and second.ok and not second.new
    assert store.writes == 2 and not reads  # one status write, no article read
    src = {x.id: x for x in store.sources()}["etag"]
    assert src.last_refresh == later and src.last_status == "not_modified"
    assert src.etag == '"v1"' and len(store.articles()) == count


async def test_a_text_carried_by_two_feeds_is_analysed_once(hostile_server, tmp_path,  # noqa: F811
                                                            monkeypatch):
    from talkstui.ingest import articles

    calls: list[str] = []
    real = articles.analyse_text
    monkeypatch.setattr(articles, "analyse_text",
                        lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    store = stored_store(feed_source("a", hostile_server.url("/feed/good")),
                         feed_source("b", hostile_server.url("/feed/good?copy=1")))
    report = await refresh_sources(settings(tmp_path), store, clock=FixedClock(NOW))
    assert report.ok
    assert calls and len(calls) == len(set(calls))
    assert all(isinstance(a.analysis, dict) for a in store.articles())
