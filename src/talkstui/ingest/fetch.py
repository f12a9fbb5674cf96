"""Fetching one URL safely: a total deadline, capped bytes, redirects handled here.

Traps handled (see DESIGN.md, "Library traps"):
- httpx timeouts apply per read, so a server sending one byte every half second
  never times out: the whole request, redirects included, runs under one
  `asyncio.timeout` budget of `limits.timeout` seconds. Time spent waiting for a
  per-host slot does not count (a queue behind a slow host is not a timeout).
- httpx decodes gzip chunk by chunk without a bound, so a 200 KB gzip body can
  become 64 MB before a naive cap notices: we read `aiter_raw()` (wire bytes),
  cap those, and inflate ourselves with `max_length`, so at most `max_bytes`
  plus one chunk is ever held.
- Redirects are followed here (follow_redirects=False): http/https only (a
  `Location: file:///etc/passwd` is `bad_scheme`), loops and too many hops are
  typed failures.

Every failure is a `FetchResult` with a typed `status`, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover
    import httpx

CHUNK = 64 * 1024
USER_AGENT = "talkstui/0.1 (+news dashboard; feed reader)"
REDIRECTS = {301, 302, 303, 307, 308}
ALLOWED_SCHEMES = ("http", "https")

# Typed statuses. "ok" and "not_modified" are successes; "http_<code>" for HTTP errors.
OK = "ok"
NOT_MODIFIED = "not_modified"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
BAD_TLS = "bad_tls"
REDIRECT_LOOP = "redirect_loop"
TOO_MANY_REDIRECTS = "too_many_redirects"
BAD_SCHEME = "bad_scheme"
CONNECTION_ERROR = "connection_error"
PARSE_ERROR = "parse_error"
BAD_CHARSET = "bad_charset"
OK_WITH_WARNINGS = "ok_with_warnings"  # parsed, with problems (Source.last_warning says which)
UNSUPPORTED_CONTENT = "unsupported_content"  # not a feed or a page (ingest.content)
SUCCESS = (OK, NOT_MODIFIED, OK_WITH_WARNINGS)


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 20.0  # seconds for the whole request, redirects included
    max_bytes: int = 10_000_000  # on the wire and after decompression
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, refresh) -> FetchLimits:
        return cls(
            timeout=float(refresh.timeout),
            max_bytes=int(refresh.max_bytes),
            max_redirects=max(0, int(refresh.max_redirects)),
        )


@dataclass
class FetchResult:
    status: str
    url: str  # the URL asked for
    final_url: str  # after redirects
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    http_status: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag") or None

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified") or None


class _Fail(Exception):
    def __init__(self, status: str, detail: str = "", http_status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.http_status = http_status


def check_url(url: str) -> str | None:
    """None if `url` is an absolute http(s) URL with a host, else why not."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "not a URL"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}"
    if not parts.hostname:
        return "the URL has no host"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "the URL has a bad port"
    return None


def host_key(url: str) -> str:
    """The per-host concurrency key: host and port (so ports on one address are distinct hosts)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{(parts.hostname or '').lower()}:{port}"
    except ValueError:
        return url


class HostLimiter:
    """One semaphore per host:port; each hop of a request takes the slot of its own host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, int(per_host))
        self._slots: dict[str, asyncio.Semaphore] = {}

    def slot(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        sem = self._slots.get(key)
        if sem is None:
            sem = self._slots[key] = asyncio.Semaphore(self.per_host)
        return sem


def _httpx():
    """httpx, imported on first use without its command-line client: `import httpx` also
    imports `httpx._main` (rich, click, pygments: about 30 ms of a cron refresh's start-up),
    which httpx itself treats as optional (an ImportError there leaves a stub `httpx.main`)."""
    import sys

    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
        try:
            import httpx
        finally:
            if sys.modules.get("httpx._main", 0) is None:
                del sys.modules["httpx._main"]  # `import httpx._main` works again if wanted
        return httpx
    import httpx

    return httpx


def _lazy_tls_transport(httpx, *, limits, per_origin: int | None = None):
    """A transport with one small connection pool per origin (scheme, host, port), and a TLS
    context built (loading the CA bundle: about 35 ms) only when the first https request is
    sent: a refresh of http-only sources never pays for it.

    One pool per origin, not one shared pool: httpcore walks every connection of a pool each
    time a request starts or a response closes, so 50 feeds on 50 hosts in one pool cost
    O(n^2) (about 0.1 s of CPU for a 50-feed refresh). https origins get a fully verifying
    context (httpx's default); plain http origins one without any CA (which could never
    complete a TLS handshake, were it ever asked to).
    """
    import ssl

    per = limits if per_origin is None else httpx.Limits(
        max_connections=per_origin, max_keepalive_connections=per_origin,
        keepalive_expiry=limits.keepalive_expiry)

    class _Transport(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}
            self._tls = None
            self._plain = None

        def _pool(self, url) -> httpx.AsyncHTTPTransport:
            key = (url.raw_scheme, url.raw_host, url.port)
            pool = self._pools.get(key)
            if pool is None:
                if url.scheme == "https":
                    if self._tls is None:
                        self._tls = httpx.create_ssl_context()
                    ctx = self._tls
                else:
                    if self._plain is None:
                        self._plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                    ctx = self._plain
                pool = self._pools[key] = httpx.AsyncHTTPTransport(verify=ctx, limits=per)
            return pool

        async def handle_async_request(self, request):
            return await self._pool(request.url).handle_async_request(request)

        async def aclose(self) -> None:
            pools, self._pools = list(self._pools.values()), {}
            for pool in pools:
                await pool.aclose()

    return _Transport()


def _proxy_env() -> bool:
    import os

    return any(k.lower() in ("http_proxy", "https_proxy", "all_proxy") and v
               for k, v in os.environ.items())


def make_client(limits: FetchLimits, *, concurrency: int = 16, per_host: int | None = None,
                **kwargs) -> httpx.AsyncClient:
    """The client for `fetch`. `per_host` bounds the connections kept to one host:port (the
    HostLimiter bounds requests the same way); by default, `concurrency`."""
    httpx = _httpx()

    pool = httpx.Limits(max_connections=max(1, concurrency),
                        max_keepalive_connections=max(1, concurrency))
    if "transport" not in kwargs and "verify" not in kwargs and not _proxy_env():
        # (httpx reads proxies from the environment only for its own transport)
        kwargs["transport"] = _lazy_tls_transport(
            httpx, limits=pool,
            per_origin=max(1, min(concurrency, per_host)) if per_host else None)
    return httpx.AsyncClient(
        follow_redirects=False,
        timeout=httpx.Timeout(limits.timeout),
        limits=pool,
        headers={
            "User-Agent": USER_AGENT,
            # Only what we inflate ourselves with a bound (no br/zstd).
            "Accept-Encoding": "gzip, deflate",
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                      "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
        },
        **kwargs,
    )


class _Inflater:
    """Bounded decompression of one Content-Encoding (gzip, deflate or identity)."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.encoding = encoding
        self.cap = cap
        self.size = 0
        # A list of chunks, not a growing bytearray: growing reallocates and copies, which
        # would briefly hold twice the cap. Joined once, on success only.
        self.parts: list[bytes] = []
        self._first = True
        if encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped; raw tried on failure
        else:
            self._d = None

    def _take(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise _Fail(TOO_LARGE, f"more than {self.cap} bytes after decompression")
        if data:
            self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._d is None:
            self._take(chunk)
            return
        data = chunk
        while data:
            # At most one chunk out per call: zlib builds its output in blocks and joins
            # them, so a large max_length would briefly hold twice that much.
            room = min(CHUNK, self.cap - self.size + 1)
            try:
                out = self._d.decompress(data, room)
            except zlib.error as exc:
                if self._first and self.encoding == "deflate":
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                    self._first = False
                    continue
                raise _Fail(PARSE_ERROR, f"bad {self.encoding} data: {exc}") from None
            self._first = False
            self._take(out)
            if self._d.unconsumed_tail:
                data = self._d.unconsumed_tail
            elif self._d.eof and self._d.unused_data and self.encoding != "deflate":
                data = self._d.unused_data  # another gzip member
                self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                data = b""

    def finish(self) -> bytes:
        if self._d is not None:
            try:
                self._take(self._d.flush(self.cap - self.size + 1))
            except zlib.error as exc:
                raise _Fail(PARSE_ERROR, f"bad {self.encoding} data: {exc}") from None
        body = b"".join(self.parts)
        self.parts.clear()
        return body


def _is_tls_error(exc: BaseException) -> bool:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, ssl.SSLError | ssl.CertificateError):
            return True
        text = str(cur)
        if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text and "handshake" in text.lower():
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200] if text else type(exc).__name__


async def _one_hop(client, url, headers, limits) -> tuple[int, dict[str, str], bytes]:
    """One request, streamed. Returns (status, headers, body or b"")."""
    httpx = _httpx()

    request = client.build_request("GET", url, headers=headers)
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        hdrs = {k.lower(): v for k, v in response.headers.items()}
        code = response.status_code
        if code in REDIRECTS or code == 304 or code >= 400 or code < 200:
            return code, hdrs, b""
        length = hdrs.get("content-length", "").strip()
        if length.isdigit() and int(length) > limits.max_bytes:
            raise _Fail(TOO_LARGE, f"Content-Length {length} is over the cap of "
                                   f"{limits.max_bytes} bytes", code)
        encoding = hdrs.get("content-encoding", "identity").strip().lower() or "identity"
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise _Fail(PARSE_ERROR, f"unsupported Content-Encoding {encoding!r}", code)
        inflater = _Inflater(encoding, limits.max_bytes)
        wire = 0
        try:
            async for chunk in response.aiter_raw():  # no re-chunking copies; httpcore reads 64 KiB
                wire += len(chunk)
                if wire > limits.max_bytes:
                    raise _Fail(TOO_LARGE, f"more than {limits.max_bytes} bytes on the wire", code)
                inflater.feed(chunk)
        except httpx.TransportError as exc:
            raise _Fail(CONNECTION_ERROR, f"connection lost mid-body: {_describe(exc)}",
                        code) from None
        return code, hdrs, inflater.finish()
    finally:
        await response.aclose()


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    limits: FetchLimits,
    etag: str | None = None,
    last_modified: str | None = None,
    hosts: HostLimiter | None = None,
) -> FetchResult:
    """GET `url` within `limits`. Never raises for network or server misbehaviour."""
    httpx = _httpx()

    bad = check_url(url)
    if bad:
        return FetchResult(BAD_SCHEME, url, url, detail=bad)
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    seen = {url}
    code: int | None = None
    loop = asyncio.get_running_loop()
    budget = limits.timeout  # spent only while a hop runs, not while waiting for a host slot
    try:
        hops = 0
        while True:
            slot = hosts.slot(current) if hosts else contextlib.nullcontext()
            async with slot:
                started = loop.time()
                try:
                    async with asyncio.timeout(max(budget, 0.0)):
                        code, hdrs, body = await _one_hop(client, current, headers, limits)
                finally:
                    budget -= loop.time() - started
            if code in REDIRECTS:
                location = hdrs.get("location", "").strip()
                if not location:
                    return FetchResult(f"http_{code}", url, current, headers=hdrs,
                                       http_status=code, detail="redirect without Location")
                try:
                    nxt = str(httpx.URL(current).join(location))
                except Exception:  # noqa: BLE001 - a hostile Location
                    return FetchResult(BAD_SCHEME, url, current, http_status=code,
                                       detail="unusable redirect target")
                bad = check_url(nxt)
                if bad:
                    return FetchResult(BAD_SCHEME, url, current, http_status=code,
                                       detail=f"redirect refused: {bad}")
                if nxt in seen:
                    return FetchResult(REDIRECT_LOOP, url, current, http_status=code,
                                       detail=f"redirect loop after {hops + 1} hops")
                hops += 1
                if hops > limits.max_redirects:
                    return FetchResult(TOO_MANY_REDIRECTS, url, current, http_status=code,
                                       detail=f"more than {limits.max_redirects} redirects")
                seen.add(nxt)
                current = nxt
                continue
            if code == 304:
                return FetchResult(NOT_MODIFIED, url, current, headers=hdrs, http_status=code)
            if code >= 400 or code < 200:
                return FetchResult(f"http_{code}", url, current, headers=hdrs,
                                   http_status=code, detail=f"HTTP {code}")
            return FetchResult(OK, url, current, body=body, headers=hdrs, http_status=code)
    except TimeoutError:
        return FetchResult(TIMEOUT, url, current, http_status=code,
                           detail=f"no complete answer within {limits.timeout:g} s")
    except _Fail as exc:
        return FetchResult(exc.status, url, current, http_status=exc.http_status,
                           detail=exc.detail)
    except httpx.TimeoutException as exc:
        return FetchResult(TIMEOUT, url, current, detail=_describe(exc))
    except httpx.UnsupportedProtocol as exc:
        return FetchResult(BAD_SCHEME, url, current, detail=_describe(exc))
    except (httpx.TransportError, OSError) as exc:
        status = BAD_TLS if _is_tls_error(exc) else CONNECTION_ERROR
        return FetchResult(status, url, current, detail=_describe(exc))
    except httpx.InvalidURL as exc:
        return FetchResult(BAD_SCHEME, url, current, detail=_describe(exc))
    except ssl.SSLError as exc:
        return FetchResult(BAD_TLS, url, current, detail=_describe(exc))
