"""The fetcher against hostile servers on 127.0.0.1: every misbehaviour ends with its
typed status before the configured deadline, with bounded memory, reading no local file."""

from __future__ import annotations

import asyncio
import time
import tracemalloc

import pytest
from fixtures.servers import gzip_bomb, hostile_server  # noqa: F401 - fixture

from talkstui.ingest import fetch as F

TIMEOUT = 2.0
CAP = 1_000_000
LIMITS = F.FetchLimits(timeout=TIMEOUT, max_bytes=CAP, max_redirects=5)
# Generous: the deadline plus scheduling slack on a loaded 2-core machine.
DEADLINE = TIMEOUT + 8.0


async def get(url: str, limits: F.FetchLimits = LIMITS, **kw) -> F.FetchResult:
    async with F.make_client(limits, concurrency=4) as client:
        return await F.fetch(client, url, limits=limits, **kw)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/feed/good", "ok"),
        ("/redirect/good", "ok"),
        ("/loop/a", "redirect_loop"),
        ("/many/0", "too_many_redirects"),
        ("/redirect/file", "bad_scheme"),
        ("/bomb", "too_large"),
        ("/huge", "too_large"),
        ("/huge-cl", "too_large"),
        ("/drip", "timeout"),
        ("/silent", "timeout"),
        ("/reset", "connection_error"),
        ("/status/500", "http_500"),
        ("/status/404", "http_404"),
        ("/gzip-members", "ok"),
        ("/gzip-members-feed", "ok"),
        ("/gzip-broken", "bad_encoding"),
        ("/encoding-br", "bad_encoding"),
    ],
)
async def test_typed_status_within_deadline(hostile_server, path, status):  # noqa: F811
    start = time.monotonic()
    result = await get(hostile_server.url(path))
    assert result.status == status, result.detail
    assert time.monotonic() - start < DEADLINE
    if status != "ok":
        assert result.body == b""
        assert "TOP-SECRET" not in result.detail


async def test_redirect_is_followed_to_the_final_url(hostile_server):  # noqa: F811
    result = await get(hostile_server.url("/redirect/good"))
    assert result.final_url.endswith("/feed/good")
    assert b"Talks set for Wednesday" in result.body


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "/etc/hostname",
                                 "javascript:alert(1)", "http://", "gopher://127.0.0.1:70/"])
async def test_non_http_urls_are_refused_without_io(url):
    result = await get(url)
    assert result.status == "bad_scheme"


async def test_connection_refused_is_a_connection_error():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    result = await get(f"http://127.0.0.1:{port}/")
    assert result.status == "connection_error"


async def test_conditional_get_gives_not_modified(hostile_server):  # noqa: F811
    first = await get(hostile_server.url("/feed/etag"))
    assert first.status == "ok" and first.etag == '"v1"'
    assert first.last_modified
    second = await get(hostile_server.url("/feed/etag"), etag=first.etag,
                       last_modified=first.last_modified)
    assert second.status == "not_modified" and second.body == b""


@pytest.mark.parametrize("path", ["/bomb", "/huge", "/huge-cl"])
async def test_memory_stays_under_the_cap_plus_a_chunk(hostile_server, path):  # noqa: F811
    gzip_bomb()  # built before measuring: the server's copy is not ours
    async with F.make_client(LIMITS, concurrency=1) as client:
        await F.fetch(client, hostile_server.url("/feed/good"), limits=LIMITS)  # warm imports
        tracemalloc.start()
        try:
            result = await F.fetch(client, hostile_server.url(path), limits=LIMITS)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.status == "too_large"
    # The cap, plus one network read in flight: asyncio's transport reads up to 256 KiB at a
    # time and httpcore slices it (a second copy), plus the test server's own 64 KiB chunk,
    # which tracemalloc sees because the server runs in this process.
    read = 256 * 1024
    assert peak < CAP + 3 * read + F.CHUNK, peak


async def test_bomb_is_stopped_before_inflating_much(hostile_server):  # noqa: F811
    small = F.FetchLimits(timeout=TIMEOUT, max_bytes=64 * 1024)
    tracemalloc.start()
    try:
        result = await get(hostile_server.url("/bomb"), small)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "too_large"
    assert peak < 4 * 1024 * 1024, peak  # nowhere near 200 MB, nor 64 MB


def test_inflater_handles_gzip_deflate_and_caps():
    import gzip
    import zlib

    data = b"hello world " * 1000
    for enc, blob in (("gzip", gzip.compress(data)), ("deflate", zlib.compress(data)),
                      ("deflate", zlib.compress(data)[2:-4]), ("identity", data),
                      ("gzip", gzip.compress(data[:6000]) + gzip.compress(data[6000:]))):
        inf = F._Inflater(enc, 1_000_000)
        for i in range(0, len(blob), 100):
            inf.feed(blob[i:i + 100])
        assert inf.finish() == data, enc
    inf = F._Inflater("gzip", 1000)
    with pytest.raises(F._Fail) as err:
        inf.feed(gzip.compress(bytes(100_000)))
    assert err.value.status == "too_large"
    with pytest.raises(F._Fail) as err:
        F._Inflater("gzip", 1000).feed(b"not gzip at all")
    assert err.value.status == "bad_encoding"  # issue 14: broken compression is typed so


def test_two_member_gzip_from_issue_14_inflates_and_ends():
    import gzip

    # The 1,073-byte body that looped forever: the first member ends exactly on an output
    # chunk, and zlib then kept answering b"" to its unconsumed tail.
    blob = gzip.compress(b" " * (1 << 20)) + gzip.compress(b"x")
    assert len(blob) < 1100
    inf = F._Inflater("gzip", 10_000_000)
    inf.feed(blob)
    assert inf.finish() == b" " * (1 << 20) + b"x"
    inf = F._Inflater("gzip", 10_000_000)
    for i in range(0, len(blob), 7):  # any split of the wire bytes
        inf.feed(blob[i:i + 7])
    assert inf.finish() == b" " * (1 << 20) + b"x"
    # trailing zeros and garbage after the last member are ignored (as gzip(1) does)
    inf = F._Inflater("gzip", 1000)
    inf.feed(gzip.compress(b"abc") + bytes(10) + b"junk")
    assert inf.finish() == b"abc"


async def test_per_host_limit_is_respected(hostile_server):  # noqa: F811
    hostile_server.config.latency = 0.2
    limits = F.FetchLimits(timeout=10.0)
    hosts = F.HostLimiter(2)
    async with F.make_client(limits, concurrency=16) as client:
        results = await asyncio.gather(*(
            F.fetch(client, hostile_server.url(f"/feed/bench/{i}"), limits=limits, hosts=hosts)
            for i in range(8)))
    assert all(r.status == "ok" for r in results)
    assert hostile_server.config.max_inflight <= 2


def test_host_key_counts_ports_as_hosts():
    assert F.host_key("http://127.0.0.1:8001/a") != F.host_key("http://127.0.0.1:8002/a")
    assert F.host_key("https://Example.com/a") == F.host_key("https://example.com:443/b")


async def test_untrusted_certificate_is_bad_tls(tmp_path):
    from fixtures.servers import tls_serving

    with tls_serving(tmp_path) as server:
        assert server.base.startswith("https://127.0.0.1:")
        start = time.monotonic()
        result = await get(server.url("/feed/good"))
    assert result.status == "bad_tls", result.detail
    assert time.monotonic() - start < DEADLINE


async def test_waiting_for_a_host_slot_does_not_count_towards_the_deadline(hostile_server):  # noqa: F811
    # 8 requests, one at a time to this host, 0.5 s each: 4 s in all, over the 3 s deadline
    # of each request. Queued time is not request time, so all succeed.
    hostile_server.config.latency = 0.5
    limits = F.FetchLimits(timeout=3.0)
    hosts = F.HostLimiter(1)
    async with F.make_client(limits, concurrency=8) as client:
        results = await asyncio.gather(*(
            F.fetch(client, hostile_server.url(f"/feed/bench/{i}"), limits=limits, hosts=hosts)
            for i in range(8)))
    assert [r.status for r in results] == ["ok"] * 8
    assert hostile_server.config.max_inflight == 1
