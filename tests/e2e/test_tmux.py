"""End to end: the installed `talkstui` in tmux at 80x24, driven with send-keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")


def _talkstui() -> str:
    venv_bin = str(Path(sys.executable).parent)
    found = shutil.which("talkstui", path=os.pathsep.join([venv_bin, os.environ.get("PATH", "")]))
    assert found, "the talkstui command is not installed in this environment (pip install -e .)"
    return found


class Tmux:
    def __init__(self, session: str, env: dict[str, str]) -> None:
        self.session = session
        self.env = env

    def run(self, *args: str) -> str:
        out = subprocess.run([TMUX, *args], capture_output=True, text=True, env=self.env,
                             timeout=30)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Poll the pane until `text` shows (a condition, not a timed assertion)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_until_gone(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away; the screen was:\n{screen}")


@pytest.fixture(params=["xterm-256color", "xterm+NO_COLOR"])
def tmux(tmp_path, request):
    if TMUX is None:
        pytest.skip("tmux is not installed")
    command = _talkstui()
    session = f"talkstui-e2e-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update({"TALKSTUI_HOME": str(tmp_path / "home"), "TMUX_TMPDIR": str(tmp_path)})
    env.pop("TMUX", None)
    env.pop("NO_COLOR", None)
    inner = [f"TALKSTUI_HOME={env['TALKSTUI_HOME']}"]
    if request.param == "xterm+NO_COLOR":  # 16 colours, no colour at all, no mouse reporting
        inner += ["TERM=xterm", "NO_COLOR=1"]
        extra = " --no-mouse"
    else:
        inner += ["TERM=xterm-256color"]
        extra = ""
    t = Tmux(session, env)
    t.run("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
          f"env {' '.join(inner)} {command} --as-of 2025-07-22T12:00Z{extra}; sleep 30")
    try:
        yield t
    finally:
        subprocess.run([TMUX, "kill-server"], env=env, capture_output=True, timeout=30)


def test_dashboard_in_tmux(tmux):
    screen = tmux.wait_for("now: 22 Jul 2025 12:00 UTC")
    assert "Russia-Ukraine peace talks" in screen
    assert "1 Timeline" in screen  # the 80x24 layout: tabs, one pane at a time
    assert "? Help" in screen

    tmux.keys("?")
    screen = tmux.wait_for("Everywhere")  # help, grouped by pane
    assert "refresh" in screen and "quit" in screen

    tmux.keys("Escape")
    tmux.wait_until_gone("remap any id")

    tmux.keys("g", "j")
    tmux.keys("Tab")
    screen = tmux.wait_for("What each outlet says")  # the comparison pane is now shown

    # Enter on an event opens its comparison; Enter on a claim, the reader at that sentence
    tmux.keys("1")
    tmux.wait_for("Summary")
    tmux.keys("Enter")
    screen = tmux.wait_for("What each outlet says")
    assert "First round of talks" in screen
    tmux.keys("Enter")
    tmux.wait_for("time phrases highlighted")  # the reader...
    screen = tmux.wait_for("\u25b6 ")  # ...scrolled to the claim's paragraph, marked
    assert "May 16" in screen
    tmux.keys("Escape")
    tmux.wait_until_gone("time phrases highlighted")

    # zoom, then every pane key: the zoomed pane follows, never a blank (hatched) screen
    tmux.keys("1", "z")
    screen = tmux.wait_until_gone("1 Timeline")  # zoomed: no tab strip
    assert "Summary" in screen
    for key, text in (("2", "What each outlet says"), ("3", "Who says so"),
                      ("4", "Sources ("), ("Tab", "Summary")):
        tmux.keys(key)
        screen = tmux.wait_for(text)
        assert "\u2571" not in screen and "1 Timeline" not in screen, (key, screen)
    tmux.keys("Escape")
    tmux.wait_for("1 Timeline")

    tmux.keys("q")
    tmux.wait_until_gone("1 Timeline")
