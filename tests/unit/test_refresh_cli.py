"""`talkstui refresh` as cron runs it: a subprocess, stdout not a terminal, TALKSTUI_HOME=tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fixtures.servers import hostile_server  # noqa: F401

from talkstui.config import load_settings, locations
from talkstui.store import Store

TIMEOUT = 2.0


def run(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def config(home: Path, sources: list[tuple[str, str]]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    text = [f"[refresh]\ntimeout = {TIMEOUT}\nmax_bytes = 1000000\n"]
    for name, url in sources:
        text.append(f"[[sources]]\nname = {json.dumps(name)}\nurl = {json.dumps(url)}\n")
    (home / "config.toml").write_text("\n".join(text))


def test_cron_success_is_silent_and_exits_zero(hostile_server, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    config(home, [("Good feed", hostile_server.url("/feed/good")),
                  ("Good page", hostile_server.url("/page/good"))])
    proc = run(home, "refresh")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    settings = load_settings(locations({"TALKSTUI_HOME": str(home)}))
    store = Store(settings.locations.store_dir)
    snap = store.snapshot()
    titles = {a.title for a in snap.articles}
    assert "Talks set for Wednesday" in titles and "Talks in Istanbul" in titles
    assert {a.outlet for a in snap.articles} >= {"The Moscow Times", "ABC News"}  # seeded
    kinds = {s.name: s.kind for s in snap.sources}
    assert kinds["Good feed"] == "feed" and kinds["Good page"] == "page"
    # Second run: conditional GET where the server supports it, still silent.
    again = run(home, "refresh")
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""


def test_cron_failure_prints_one_line_per_failed_source(hostile_server, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    config(home, [("Good feed", hostile_server.url("/feed/good")),
                  ("Broken \u202e\x1b[31m", hostile_server.url("/status/404")),
                  ("Slow", hostile_server.url("/drip")),
                  ("Loop", hostile_server.url("/loop/a"))])
    proc = run(home, "refresh")
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 3, proc.stderr
    assert any(line.startswith("Broken <RLO>␛[31m: http_404") for line in lines), lines
    assert any(line.startswith("Slow: timeout: ") for line in lines)
    assert any(line.startswith("Loop: redirect_loop: ") for line in lines)
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
    assert "Traceback" not in proc.stderr
    snap = Store(home / "data" / "store").snapshot()
    assert "Talks set for Wednesday" in {a.title for a in snap.articles}  # good one stored
    status = {s.name: s.last_status for s in snap.sources}
    assert status["Slow"] == "timeout" and status["Good feed"] == "ok"


def test_refresh_of_an_unknown_source_is_one_clear_line(tmp_path):
    proc = run(tmp_path / "home", "refresh", "no-such-source")
    assert proc.returncode != 0
    assert proc.stderr.startswith("talkstui: no source named 'no-such-source'")
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
