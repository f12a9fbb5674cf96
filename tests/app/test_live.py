"""Pilot tests against the real store, story and refresher (no fakes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from talkstui.config import SourceConfig, load_settings, locations
from talkstui.tui.app import make_app

from .conftest import NOW, screen_text, settle


@pytest.fixture
def home_settings(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("TALKSTUI_HOME", str(home))
    return load_settings(locations())


class HangingServer:
    """Accepts connections on 127.0.0.1 and never answers: every fetch hangs."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=256)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.lock = threading.Lock()
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.accepted.append(conn)

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def close(self) -> None:
        self.stopping = True
        self.sock.close()
        with self.lock:
            for conn in self.accepted:
                conn.close()


@pytest.fixture
def hanging_server():
    server = HangingServer()
    yield server
    server.close()


async def test_keys_are_handled_while_50_sources_hang(home_settings, hanging_server):
    settings = home_settings
    settings.refresh.concurrency = 64
    settings.refresh.per_host = 64
    settings.refresh.timeout = 120.0
    settings.sources = [
        SourceConfig(f"Slow {i}", f"http://127.0.0.1:{hanging_server.port}/feed{i}.xml")
        for i in range(50)
    ]
    app = make_app(settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.story is not None
        timeline = app.screen.timeline
        await pilot.press("g")
        first = timeline.selected_event_id
        await pilot.press("r")
        for _ in range(400):  # until the fetches are under way (a condition, not a timing)
            await pilot.pause(0.02)
            if hanging_server.count >= 50:
                break
        assert hanging_server.count >= 50
        assert app.refreshing
        await pilot.press("j")  # handled while 50 fetches hang
        assert timeline.selected_event_id != first
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert "refreshing" in screen_text(app)
        assert app.refreshing
        # per-source progress: each source shows its phase in the sources pane
        assert set(app.screen.sources._progress.values()) <= {"queued", "fetching"}
        assert len(app.screen.sources._progress) == 50
        await pilot.press("4")
        await pilot.pause()
        assert "[fetching] Slow 7" in screen_text(app) or "[queued] Slow 7" in screen_text(app) \
            or "Slow 7" in "".join(str(n.label) for n in app.screen.query_one("#sources-tree")
                                   .root.children[0].children)
        app.workers.cancel_group(app, "refresh")
        await pilot.pause()


async def test_refresh_reports_typed_errors(home_settings):
    settings = home_settings
    # a closed port: connection refused, reported per source with its typed status
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.sources = [SourceConfig("Refused feed", f"http://127.0.0.1:{port}/feed.xml")]
    app = make_app(settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        for _ in range(200):
            if not app.refreshing:
                break
            await pilot.pause(0.02)
        await settle(pilot, app)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors, [n.message for n in app._notifications]
        assert "Refused feed" in errors[-1].message
        assert "1 of" in errors[-1].title


async def test_dashboard_sees_a_cron_refresh(home_settings, tmp_path):
    settings = home_settings
    app = make_app(settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.story is not None
        before = {e.id for e in app.story.events}
        assert not app.poll_store()  # nothing new yet
        article = tmp_path / "cron.txt"
        article.write_text(
            "Kremlin says fourth round of talks set\n\n"
            "Russia and Ukraine will hold a fourth round of peace talks in Istanbul on "
            "August 5, 2025, the Kremlin said on Tuesday.\n"
        )
        env = dict(os.environ, TALKSTUI_HOME=os.environ["TALKSTUI_HOME"])
        done = subprocess.run(
            [sys.executable, "-m", "talkstui", "import", str(article), "--outlet",
             "Cron Outlet", "--published", "2025-07-22T09:00Z"],
            env=env, capture_output=True, text=True, timeout=120,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        assert done.returncode == 0, done.stderr
        assert app.poll_store()  # the other process's write is seen...
        await settle(pilot, app)
        events = app.story.events
        assert {e.id for e in events} != before
        assert any("Cron Outlet" in e.outlets for e in events)
        table = app.screen.query_one("#timeline-table")
        assert any(row.key.value in {e.id for e in events if "Cron Outlet" in e.outlets}
                   for row in table.ordered_rows)  # ...and the timeline shows it
        assert "5 Aug" in screen_text(app)


async def test_export_writes_a_file_and_shows_the_path(home_settings):
    app = make_app(home_settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("e", "enter")  # the format dialog: text, the default
        await settle(pilot, app)
        assert app.last_export is not None and app.last_export.exists()
        assert app.last_export.suffix == ".txt"
        # the path on one line, its start and its file name kept
        assert any(n.message.endswith(app.last_export.name) and "\n" not in n.message
                   and len(n.message) <= 54 for n in app._notifications)


async def test_enter_on_a_source_lists_the_articles_it_carried(home_settings):
    app = make_app(home_settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("4", "g", "j")  # the bundled seeds: two outlets, one source
        await settle(pilot, app)
        sources = app.screen.sources
        assert sources.selected_source().id == "seeds"
        await pilot.press("enter")
        await settle(pilot, app)
        assert sources.outlet_filter == "Bundled seed articles"
        assert len(sources.visible_articles()) == 2  # by source, not by outlet name


async def test_source_keys_act_on_the_real_store(home_settings):
    from talkstui.model import Source
    from talkstui.store import Store

    store = Store(home_settings.locations.store_dir)
    from talkstui.seeds import ensure_seeded

    ensure_seeded(home_settings, store)
    with store.transaction() as tx:  # a feed that is gone (no server behind it)
        tx.put_source(Source("gone", "Gone feed", "feed", url="http://127.0.0.1:9/feed.xml",
                             last_status="http_410", last_error="Gone"))
    app = make_app(home_settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        sources = app.screen.sources
        names = [s.name for s in app.story.sources]
        await pilot.press("4", "g", *(["j"] * (names.index("Gone feed") + 1)))
        await settle(pilot, app)
        assert sources.selected_source().id == "gone"
        await pilot.press("x")  # mute: gone for good
        await settle(pilot, app)
        assert next(s for s in store.sources() if s.id == "gone").muted
        assert "muted" in sources.query_one("#source-details").render().plain
        await pilot.press("n", "ctrl+u", *"Bundled seed articles", "enter")  # a taken name
        await settle(pilot, app)
        assert any("already named" in n.message for n in app._notifications)
        await pilot.press("n", "ctrl+u", *"Old wire", "enter")
        await settle(pilot, app)
        assert next(s for s in store.sources() if s.id == "gone").name == "Old wire"
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert "gone" not in {s.id for s in store.sources()}
        assert len(app.story.articles) == 2  # the seeds' articles stay
