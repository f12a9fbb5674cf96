"""Over SSH: 16 colours, NO_COLOR, no mouse reporting."""

from __future__ import annotations

from talkstui.tui.app import TalksApp
from talkstui.tui.run import run_dashboard

from .conftest import screen_text, settle


async def test_no_color_keeps_every_mark_visible(make_test_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.no_color
        text = screen_text(app)
        assert "now: 22 Jul 2025 12:00 UTC" in text  # the divider is text, not colour
        assert " ! " in text or "!" in text.split("\n")[10]  # conflict mark is a character
        await pilot.press("enter")  # the comparison
        await settle(pilot, app)
        await pilot.press("enter")  # the reader, at the claim
        await settle(pilot, app)
        spans = [span for line in app.screen.query(".body-line") for span in line.render().spans]
        # highlights use reverse video: they survive without colour
        assert any(getattr(span.style, "reverse", False) or "reverse" in str(span.style)
                   for span in spans)


async def test_sixteen_colours(make_test_app, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.console.color_system in ("standard", "256")
        assert "Russia-Ukraine peace talks" in screen_text(app)
        for key in ("tab", "tab", "tab", "tab", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running


def test_mouse_reporting_can_be_turned_off(settings, monkeypatch):
    calls = []

    def fake_run(self, **kwargs):
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(TalksApp, "run", fake_run)
    assert run_dashboard(settings, mouse=False) == 0
    settings.ui.mouse = False
    assert run_dashboard(settings, mouse=True) == 0
    settings.ui.mouse = True
    assert run_dashboard(settings, mouse=True) == 0
    assert [c["mouse"] for c in calls] == [False, False, True]


def test_start_up_imports_no_fetcher():
    """The dashboard's start-up path never imports the fetch/parse stack (first frame first)."""
    import subprocess
    import sys

    code = (
        "import sys, talkstui.cli, talkstui.tui.run, talkstui.tui.app\n"
        "heavy = [m for m in ('httpx', 'feedparser', 'trafilatura', 'tinydb', 'talkstui.story',"
        " 'talkstui.store', 'talkstui.tui.widgets.comparison', 'talkstui.tui.screens.reader')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
