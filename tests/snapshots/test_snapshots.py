"""SVG snapshots of the dashboard from the bundled seeds, with the clock frozen.

Update after a deliberate change with `pytest tests/snapshots --snapshot-update`,
then look at the report before committing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

AS_OF = datetime(2025, 7, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def seeded_settings(tmp_path, monkeypatch):
    from talkstui.config import load_settings, locations

    monkeypatch.setenv("TALKSTUI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    return load_settings(locations())


def _app(settings):
    from talkstui.tui.app import make_app

    return make_app(settings, as_of=AS_OF, watch_store=False)


async def _loaded(pilot) -> None:
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert app.story is not None, "the story did not load"


class TestDashboard:
    def test_dashboard_80x24(self, snap_compare, seeded_settings):
        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=_loaded)

    def test_dashboard_120x40(self, snap_compare, seeded_settings):
        assert snap_compare(_app(seeded_settings), terminal_size=(120, 40), run_before=_loaded)

    def test_comparison_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("2")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_countdown_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("3")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_sources_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("4")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)


class TestScreens:
    def test_reader_120x40(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("enter")
            await _loaded(pilot)

        assert snap_compare(_app(seeded_settings), terminal_size=(120, 40), run_before=before)

    def test_help_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_matrix_120x40(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("2", "m")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(120, 40), run_before=before)

    def test_zoom_then_pane_key_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("1", "z", "2")
            await _loaded(pilot)

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_reader_at_a_claim_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("g", "j", "enter")  # the first round: its comparison
            await _loaded(pilot)
            await pilot.press("enter")  # its first claim, in the reader
            await _loaded(pilot)

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)


class TestIssue13:
    """The dashboard as a daily tool: sources, refresh progress, dialogs, small screens."""

    def test_source_selected_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("4", "g", "j")
            await _loaded(pilot)

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_refresh_in_progress_with_a_failure_80x24(self, snap_compare, seeded_settings):
        import asyncio
        from types import SimpleNamespace as NS

        app = _app(seeded_settings)
        app.monotonic = lambda: 0.0  # the elapsed time reads 0 s on every machine
        gate = asyncio.Event()

        async def refresh(progress, clock, only=None):
            for sid, name in (("reuters", "Reuters World"), ("tass", "TASS English"),
                              ("kyiv", "Kyiv Independent")):
                progress(NS(source_id=sid, name=name, phase="queued", status=None, detail="",
                            done=0, total=3))
            progress(NS(source_id="reuters", name="Reuters World", phase="done", status="ok",
                        detail="", done=1, total=3))
            progress(NS(source_id="tass", name="TASS English", phase="done", status="timeout",
                        detail="no complete answer within 20 s", done=2, total=3))
            progress(NS(source_id="kyiv", name="Kyiv Independent", phase="fetching",
                        status=None, detail="", done=2, total=3))
            await gate.wait()

        app.services.refresh = refresh

        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("4", "r")
            for _ in range(4):
                await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=before)

    def test_add_source_dialog_80x24(self, snap_compare, seeded_settings):
        async def before(pilot):
            await _loaded(pilot)
            await pilot.press("a", *"https://example.org/feed.xml", "tab", *"Example")
            await pilot.pause()

        assert snap_compare(_app(seeded_settings), terminal_size=(80, 24), run_before=before)

    def test_dashboard_60x20(self, snap_compare, seeded_settings):
        assert snap_compare(_app(seeded_settings), terminal_size=(60, 20), run_before=_loaded)

    def test_dashboard_200x50(self, snap_compare, seeded_settings):
        assert snap_compare(_app(seeded_settings), terminal_size=(200, 50), run_before=_loaded)
