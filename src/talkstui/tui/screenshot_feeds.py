"""Feeds for the README's "real feeds" screenshots, served on 127.0.0.1 only.

Modelled on what real outlets send: one feed carries several stories (the talks, but also
grain exports and an election), some items are summaries only, one item is corrected between
two fetches (a revision), and one outlet's feed is gone (404). The sentences are our own.
No Textual here: `screenshots.py` uses it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import UTC, datetime

Item = tuple[str, str, datetime, str]  # title, link, published, text (HTML allowed)


def _d(day: int, hour: int, month: int = 7) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=UTC)


WIRE: list[Item] = [
    ("Ukraine and Russia to meet again in Istanbul on Wednesday",
     "https://wire.example/world/istanbul-round-three",
     _d(21, 19),
     "<p>Delegations from Ukraine and Russia will meet in Istanbul on Wednesday for a third "
     "round of direct talks, Ukraine's security council secretary Rustem Umerov said on "
     "Monday.</p><p>A Kremlin spokesman said a lot of diplomatic work still lay ahead and "
     "that no breakthrough should be expected.</p>"),
    ("Black Sea grain shipments rise for a second month",
     "https://wire.example/markets/grain-july",
     _d(21, 9),
     "<p>Grain shipments from Ukraine's Black Sea ports rose in July for a second month, "
     "traders said on Monday, as insurers cut premiums.</p>"),
    ("Prisoner exchange agreed at the June round completed",
     "https://wire.example/world/prisoner-exchange",
     _d(20, 15),
     "<p>Russia and Ukraine completed the exchange of prisoners agreed at the June 2 round "
     "in Istanbul, both defence ministries said on Sunday.</p>"),
]

WIRE_CORRECTED = (
    "<p>Delegations from Ukraine and Russia will meet in Istanbul on Wednesday for a third "
    "round of direct talks, Ukraine's security council secretary Rustem Umerov said on "
    "Monday.</p><p>A Kremlin spokesman said the talks could last two days and that a lot of "
    "diplomatic work still lay ahead.</p>"
)

DESK: list[Item] = [
    ("Kremlin: third round may start Thursday",
     "https://desk.example/news/2025/07/22/third-round-thursday",
     _d(22, 7),
     "A source quoted by TASS said the third round of talks would take place on Thursday, "
     "not Wednesday."),
    ("Trump's 50-day ceasefire deadline: what happens on September 2",
     "https://desk.example/analysis/deadline",
     _d(22, 10),
     "Trump gave Moscow 50 days on July 14 to agree to a ceasefire or face sanctions, a "
     "deadline that falls on September 2."),
    ("Moldova sets the date of its parliamentary election",
     "https://desk.example/news/2025/07/21/moldova-election",
     _d(21, 12),
     "Moldova will hold its parliamentary election on September 28, the electoral "
     "commission said on Monday."),
]


def rss(title: str, link: str, items: list[Item]) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
             f"<title>{escape(title)}</title><link>{escape(link)}</link>"]
    for item_title, item_link, published, text in items:
        parts.append(f"<item><title>{escape(item_title)}</title><link>{escape(item_link)}</link>"
                     f"<guid>{escape(item_link)}</guid>"
                     f"<pubDate>{format_datetime(published)}</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


class FeedServer:
    """The feeds on 127.0.0.1: `/wire.xml`, `/desk.xml`, `/gone.xml` (404) and `/slow.xml`
    (answers only when `release` is set: a refresh in progress)."""

    def __init__(self) -> None:
        self.corrected = False
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                body = owner.document(self.path)
                if body is None and self.path == "/slow.xml":
                    owner.release.wait(30)
                    body = rss("Slow Outlet", "https://slow.example/", [])
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (a refresh cancelled): nothing to do
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True

    def document(self, path: str) -> bytes | None:
        if path == "/wire.xml":
            items = list(WIRE)
            if self.corrected:
                title, link, published, _ = items[0]
                items[0] = (title, link, published, WIRE_CORRECTED)
            return rss("Wire World News", "https://wire.example/", items)
        if path == "/desk.xml":
            return rss("Eastern Europe Desk", "https://desk.example/", DESK)
        return None

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


@contextmanager
def serving():
    server = FeedServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=10)
