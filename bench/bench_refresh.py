"""Refresh throughput: talkstui's full refresh against baselines, on the same local feeds.

    python bench/bench_refresh.py [--quick]

50 feeds x 10 items, each served by its own HTTP server on 127.0.0.1 (a distinct port per
feed, so host:port -- the per-host key -- differs, as 50 real outlets would), every response
delayed 200 ms. The servers run in a separate process so they do not compete with the
measured process for the GIL.

Figures (each ours / baseline from the same run, median of N runs):
  cold: empty store, every feed fetched, parsed, extracted, stored
    (a) vs a sequential httpx loop that only fetches (no parsing, no store)
    (b) vs newsboat `-x reload` with reload-threads = 50 (fetch, parse, store in its sqlite cache)
  warm: nothing changed; conditional GET (ETag / Last-Modified) answers 304
    (c) vs newsboat `-x reload` on its warm cache
  informative: the warm refresh in-process (as the dashboard runs it, no start-up), the cold
  refresh with extraction switched off (what fetch, parse and store
  cost apart from talkstui.extract.analyse), with the analysis worker process switched the
  other way from the default, with the default concurrency (16), and what `analyse` costs
  per bench item on one core (in this process: the bound extraction puts on the cold case).
talkstui runs as a subprocess (`python -m talkstui refresh`, start-up included, as cron runs
it) with `[refresh] concurrency = 50` to match newsboat's 50 reload threads; the default
(16) is reported too. newsboat also pays its own start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from common import Figure  # noqa: E402

FEEDS = 50
ITEMS = 10
LATENCY = 0.2
LAST_MODIFIED = formatdate(1753092000, usegmt=True)  # 2025-07-21 10:00 UTC


def feed_body(n: int) -> bytes:
    items = []
    for i in range(ITEMS):
        text = (f"Feed {n} item {i}: Russia and Ukraine will hold new talks in Istanbul on "
                f"Wednesday, a week after the United States set a 50-day deadline for a "
                f"ceasefire, officials said on Monday. ") * 3
        items.append(f"<item><title>Story {n}-{i}</title><link>http://bench.invalid/{n}/{i}"
                     f"</link><guid>http://bench.invalid/{n}/{i}</guid>"
                     f"<pubDate>Mon, 21 Jul 2025 10:{i:02d}:00 GMT</pubDate>"
                     f"<description>{text}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {n}</title><link>http://bench.invalid/{n}</link>"
            + "".join(items) + "</channel></rss>").encode()


# ---------------------------------------------------------------- the server process


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *a) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.server.latency)
        n = self.server.feed_no
        tag = f'"feed-{n}"'
        if (self.headers.get("If-None-Match") == tag
                or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.server.body
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", tag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def serve(feeds: int, latency: float, body=None) -> None:
    """Run `feeds` servers on 127.0.0.1 (feed n serving `body(n)`, by default this module's
    feed_body); print their ports as one JSON line; wait for stdin EOF."""
    body = body or feed_body
    ports = []
    for n in range(feeds):
        srv = _Server(("127.0.0.1", 0), _Handler)
        srv.latency, srv.feed_no, srv.body = latency, n, body(n)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        ports.append(srv.server_address[1])
    print(json.dumps(ports), flush=True)
    sys.stdin.read()


class Servers:
    """The feed servers in a process of their own: `script --serve FEEDS LATENCY` (this module,
    or another bench module whose `--serve` calls `serve` with its own feed bodies)."""

    def __init__(self, feeds: int, latency: float, script: str = __file__) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(script).resolve()), "--serve", str(feeds), str(latency)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.urls = [f"http://127.0.0.1:{p}/feed.xml" for p in json.loads(self.proc.stdout.readline())]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(10)


# ---------------------------------------------------------------- the contenders


def talkstui_home(urls: list[str], concurrency: int) -> Path:
    home = Path(tempfile.mkdtemp(prefix="bench-refresh-"))
    lines = [f"[refresh]\nconcurrency = {concurrency}\nper_host = 4\ntimeout = 20\n"]
    for i, url in enumerate(urls):
        lines.append(f'[[sources]]\nname = "Feed {i}"\nurl = "{url}"\n')
    (home / "config.toml").write_text("\n".join(lines))
    return home


# The same command with extraction switched off (analysis stored as None), to show what the
# fetch / parse / store pipeline costs apart from talkstui.extract.analyse.
# (No worker process either: a spawned one would import the real extractor; and no story
# view written after the commit: the story builder would analyse what the refresh did not.)
_NO_EXTRACT = ("import talkstui.ingest.articles as a, talkstui.seeds as s, talkstui.refresh as r\n"
               "import talkstui.story as st\n"
               "a.analyse_text = s.analyse_text = lambda *x, **k: None\n"
               "a.analyse_batch = lambda items, lexicon=None, cancel=None: [None] * len(items)\n"
               "st.warm_story_cache = lambda *x, **k: False\n"
               "r.PROCESSES = False\n"
               "from talkstui.cli import main; main(['refresh'])")

# The floor for any program built on httpx: a fresh interpreter that imports httpx and
# fetches every feed at once (conditional on the same Last-Modified when `warm`); `parse`
# also runs feedparser on each body. No store, no extraction, no output. httpx is imported
# without its command-line client, as talkstui does (see talkstui.ingest.fetch._httpx).
_BARE = """
import asyncio, sys
sys.modules["httpx._main"] = None  # no httpx CLI (rich, click): as talkstui imports it
import httpx
urls = sys.argv[1:]
warm = {warm}
async def main():
    headers = {{"If-Modified-Since": {last_modified!r}}} if warm else {{}}
    async with httpx.AsyncClient() as client:
        responses = await asyncio.gather(*[client.get(u, headers=headers) for u in urls])
    want = 304 if warm else 200
    assert all(r.status_code == want for r in responses), [r.status_code for r in responses]
    if {parse}:
        import feedparser
        n = sum(len(feedparser.parse(r.content).entries) for r in responses)
        assert n == len(urls) * {items}, n
asyncio.run(main())
"""


def run_bare(urls: list[str], *, warm: bool, parse: bool) -> float:
    code = _BARE.format(warm=warm, parse=parse, items=ITEMS, last_modified=LAST_MODIFIED)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *urls], check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


# The same command with the analysis worker process switched on (or off), whichever the
# default is not: both are reported, measured in the same run.
def _processes(on: bool) -> str:
    return (f"import talkstui.refresh as r\nr.PROCESSES = {on}\n"
            "from talkstui.cli import main; main(['refresh'])")


# The same command parsing in threads of its own process, as before issue 14 (a parser stuck
# on hostile bytes could then not be abandoned): what the parsing helper process costs.
_THREAD_PARSE = ("import asyncio, talkstui.refresh as r\n"
                 "class P:\n"
                 "    def __init__(self, eager=True):\n"
                 "        pass\n"
                 "    async def parse(self, kind, fetched, now, timeout):\n"
                 "        return await asyncio.to_thread(r.prepare_document, kind, fetched, now)\n"
                 "    def close(self):\n"
                 "        pass\n"
                 "r._Parser = P\n"
                 "from talkstui.cli import main; main(['refresh'])")


def run_talkstui(home: Path, extract: bool = True, code: str | None = None) -> float:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    args = (["-c", code] if code else ["-m", "talkstui", "refresh"] if extract
            else ["-c", _NO_EXTRACT])
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"talkstui refresh failed: {proc.stderr[-2000:]}")
    return elapsed


def in_process(home: Path) -> float:
    """One refresh as the dashboard runs it: `await refresh_sources(...)` in a warm process."""
    import asyncio

    from talkstui.config import load_settings, locations
    from talkstui.refresh import refresh_sources
    from talkstui.store import Store

    settings = load_settings(locations({"TALKSTUI_HOME": str(home)}))
    store = Store(settings.locations.store_dir)
    start = time.perf_counter()
    report = asyncio.run(refresh_sources(settings, store))
    elapsed = time.perf_counter() - start
    if not report.ok:
        raise RuntimeError(f"in-process refresh failed: {[r.line() for r in report.failed]}")
    return elapsed


def check_store(home: Path, expected: int) -> None:
    from talkstui.store import Store

    arts = [a for a in Store(home / "data" / "store").snapshot().articles if not a.bundled]
    if len(arts) != expected:
        raise RuntimeError(f"talkstui stored {len(arts)} articles, expected {expected}")


def analyse_cost_per_item() -> float:
    """Seconds of `analyse` per item of the bench feeds (median of 5 passes over 100 items)."""
    import re
    from datetime import UTC, datetime

    from talkstui.extract import analyse

    texts = [m.group(1) for n in range(10)
             for m in re.finditer(r"<description>(.*?)</description>", feed_body(n).decode())]
    dct = datetime(2025, 7, 21, 10, tzinfo=UTC)
    analyse(texts[0], dct)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for text in texts:
            analyse(text, dct).to_dict()
        samples.append((time.perf_counter() - start) / len(texts))
    return statistics.median(samples)


def sequential_httpx(urls: list[str]) -> float:
    import httpx

    start = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url).raise_for_status()
    return time.perf_counter() - start


def newsboat_dir(urls: list[str]) -> Path:
    d = Path(tempfile.mkdtemp(prefix="bench-newsboat-"))
    (d / "urls").write_text("\n".join(urls) + "\n")
    (d / "config").write_text("reload-threads 50\nshow-read-feeds yes\n")
    return d


def run_newsboat(d: Path) -> float:
    exe = shutil.which("newsboat")
    env = dict(os.environ, HOME=str(d))
    start = time.perf_counter()
    proc = subprocess.run([exe, "-u", str(d / "urls"), "-c", str(d / "cache.db"),
                           "-C", str(d / "config"), "-x", "reload"], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"newsboat failed: {proc.stderr[-2000:]}")
    return elapsed


def newsboat_items(d: Path) -> int:
    import sqlite3

    with sqlite3.connect(d / "cache.db") as db:
        return db.execute("select count(*) from rss_item").fetchone()[0]


# ---------------------------------------------------------------- the figures


def run(quick: bool) -> list[Figure]:
    runs = 1 if quick else 3
    feeds = FEEDS
    servers = Servers(feeds, LATENCY)
    figures: list[Figure] = []
    try:
        urls = servers.urls
        from talkstui import refresh as R

        default_procs = getattr(R, "PROCESSES", False)

        cold, warm, cold16, bare, warm_in, other, threads = [], [], [], [], [], [], []
        for _ in range(runs):
            home = talkstui_home(urls, concurrency=50)
            cold.append(run_talkstui(home))
            check_store(home, feeds * ITEMS)
            warm.append(run_talkstui(home))
            in_process(home)  # imports and first-use costs paid once, as in a running dashboard
            warm_in.append(in_process(home))
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=16)
            cold16.append(run_talkstui(home))
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=50)
            bare.append(run_talkstui(home, extract=False))
            check_store(home, feeds * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=50)
            other.append(run_talkstui(home, code=_processes(not default_procs)))
            check_store(home, feeds * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=50)
            threads.append(run_talkstui(home, code=_THREAD_PARSE))
            check_store(home, feeds * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
        ours_cold, ours_warm = statistics.median(cold), statistics.median(warm)
        seq = sequential_httpx(urls)
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS}, 200 ms latency vs sequential httpx", ours_cold, seq,
            "sequential httpx loop, fetch only, in-process", "s", "ratio < 1", ours_cold < seq))

        have_newsboat = shutil.which("newsboat") is not None
        nb_cold = nb_warm = None
        if have_newsboat:
            nc, nw = [], []
            for _ in range(runs):
                d = newsboat_dir(urls)
                nc.append(run_newsboat(d))
                n_items = newsboat_items(d)
                if n_items != feeds * ITEMS:
                    raise RuntimeError(f"newsboat stored {n_items} items")
                nw.append(run_newsboat(d))
                shutil.rmtree(d, ignore_errors=True)
            nb_cold, nb_warm = statistics.median(nc), statistics.median(nw)
        what = ("newsboat -x reload, reload-threads 50" if have_newsboat
                else "newsboat could not be installed (apt-get install newsboat failed)")
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS}, 200 ms latency vs newsboat", ours_cold, nb_cold,
            what, "s", "ratio <= 1.0", nb_cold is not None and ours_cold <= nb_cold))
        figures.append(Figure(
            f"refresh warm {feeds} feeds (304), 200 ms latency vs newsboat", ours_warm, nb_warm,
            what + ", warm cache", "s", "ratio <= 1.0",
            nb_warm is not None and ours_warm <= nb_warm))
        wi = statistics.median(warm_in)
        figures.append(Figure(
            f"refresh warm {feeds} feeds (304) in-process (the dashboard's r) vs newsboat", wi,
            nb_warm, what + ", warm cache (a new process)", "s",
            "informative: no interpreter start-up or imports", nb_warm is not None and wi <= nb_warm))
        nx = statistics.median(bare)
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS} without extraction vs newsboat", nx, nb_cold, what,
            "s", "informative: fetch + parse + store only (analysis not computed)",
            nb_cold is not None and nx <= nb_cold))
        co = statistics.median(other)
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS} with the analysis worker process "
            f"{'off' if default_procs else 'on'} (default {'on' if default_procs else 'off'}) "
            "vs newsboat", co, nb_cold, what, "s",
            "informative: a second core for extraction, when it is free",
            nb_cold is not None and co <= nb_cold))
        tp = statistics.median(threads)
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS}: parsing in a helper process (default) vs in threads",
            ours_cold, tp, "the same refresh parsing in threads, as before (not abandonable)",
            "s", "informative: what a parser that can be killed at the deadline costs", True))
        floor_warm = statistics.median([run_bare(urls, warm=True, parse=False)
                                        for _ in range(5)])
        floor_cold = statistics.median([run_bare(urls, warm=False, parse=True)
                                        for _ in range(5)])
        figures.append(Figure(
            f"floor: bare httpx script, fresh interpreter, {feeds} conditional GETs at once "
            "(304) vs newsboat", floor_warm, nb_warm, what + ", warm cache", "s",
            "informative: what any httpx-based command pays before doing anything of its own "
            "(interpreter, imports, 50 requests); the bound on the warm figure",
            nb_warm is not None and floor_warm <= nb_warm))
        figures.append(Figure(
            f"floor: bare httpx + feedparser script, fresh interpreter, {feeds}x{ITEMS} cold "
            "vs newsboat", floor_cold, nb_cold, what, "s",
            "informative: fetch and parse only, no store, no extraction; with the extraction "
            "below, the bound on the cold figure", nb_cold is not None and floor_cold <= nb_cold))
        per_item = analyse_cost_per_item()
        figures.append(Figure(
            "extraction (analyse) per bench feed item, one core", per_item * 1000, None,
            "none (newsboat does no extraction)", "ms",
            f"informative: x {feeds * ITEMS} items = {per_item * feeds * ITEMS:.2f} s of one "
            "core in the cold refresh", True))
        c16 = statistics.median(cold16)
        figures.append(Figure(
            f"refresh cold {feeds}x{ITEMS} with default concurrency 16 vs newsboat", c16,
            nb_cold, what, "s", "informative (ratio <= 1.0 not expected: 16 vs 50 at once)",
            nb_cold is not None and c16 <= nb_cold))
    finally:
        servers.close()
    return figures


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), float(sys.argv[3]))
    else:
        for fig in run("--quick" in sys.argv):
            print(fig.line())
