"""The config is checked (issue 13 item 9, issue 14 item 7): unknown sections and keys are
named with their line, numbers are finite and in range, a deadline is valid or refused, a
FIFO or a device is never read, one key never does two things, and a source taken out of the
file is no longer refreshed (its articles stay)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talkstui.config import load_settings
from talkstui.errors import ConfigError


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", *args], env=env,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def test_unknown_sections_and_keys_are_warned_with_their_line(isolated_home):
    path = write_config(isolated_home, "\n".join([
        "[story]",
        'title = "Talks"',
        "[refresh]",
        "timeuot = 5",  # line 4: a typo
        "[[sources]]",
        'url = "http://127.0.0.1:9/a"',
        "[[sources]]",
        'url = "http://127.0.0.1:9/b"',
        'nmae = "B"',  # line 9: in the second [[sources]]
        "[colours]",  # line 10
        "accent = 'red'",
    ]) + "\n")
    s = load_settings()
    assert s.refresh.timeout == 20.0  # the typo changed nothing
    assert len(s.warnings) == 3, s.warnings
    assert any(f"{path}, line 4: unknown key refresh.timeuot" in w for w in s.warnings)
    assert any(f"{path}, line 9: unknown key sources.nmae" in w for w in s.warnings)
    assert any(f"{path}, line 10: unknown section [colours]" in w for w in s.warnings)


def test_warnings_reach_stderr_and_the_command_still_runs(tmp_path):
    home = tmp_path / "home"
    write_config(home, "[ui]\npol_seconds = 1\n")
    proc = run(home, "sources")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == (f"talkstui: warning: {home / 'config.toml'}, line 2: unknown "
                                   "key ui.pol_seconds (ignored; known: mouse, poll_seconds, "
                                   "show_seconds)")


@pytest.mark.parametrize("text, key, line", [
    ("[ui]\npoll_seconds = nan\n", "ui.poll_seconds", 2),
    ("[ui]\nmouse = true\npoll_seconds = 1e-9\n", "ui.poll_seconds", 3),
    ("[ui]\npoll_seconds = inf\n", "ui.poll_seconds", 2),
    ("[refresh]\ntimeout = nan\n", "refresh.timeout", 2),
    ("[refresh]\ntimeout = -inf\n", "refresh.timeout", 2),
    ("[refresh]\nconcurrency = 4\nmax_bytes = 100000000000000\n", "refresh.max_bytes", 3),
    ("[refresh]\nmax_redirects = -1\n", "refresh.max_redirects", 2),
    ("[refresh]\nper_host = 0\n", "refresh.per_host", 2),
])
def test_numbers_must_be_finite_and_in_range(isolated_home, text, key, line):
    path = write_config(isolated_home, text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: {key}: must be"), message


def test_a_fifo_config_is_refused_without_hanging(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / "config.toml")  # nobody ever writes to it: reading it would block
    proc = run(home, "sources", timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"talkstui: {home / 'config.toml'}: the config file is a "
                                   "FIFO (named pipe), not a regular file")


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_link_to_a_device_or_fifo_is_refused(isolated_home, target):
    isolated_home.mkdir(parents=True, exist_ok=True)
    if target == "fifo":
        os.mkfifo(isolated_home / "pipe")
        target = str(isolated_home / "pipe")
    (isolated_home / "config.toml").symlink_to(target)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_settings()


def test_a_link_to_a_regular_file_is_read(isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    real = isolated_home / "real.toml"
    real.write_text('[story]\ntitle = "Linked"\n')
    (isolated_home / "config.toml").symlink_to(real)
    assert load_settings().story_title == "Linked"


@pytest.mark.parametrize("body, message", [
    ('set_on = "2025-02-30"\nduration = "P50D"', "deadlines.set_on: '2025-02-30' is not a date"),
    ('due = "2025-13-45"', "deadlines.due: '2025-13-45' is not a date"),
    ('set_on = "2025-07-14"\nduration = "fifty days"', "deadlines.duration: 'fifty days' is not"),
    ('set_on = "2025-07-14"', "deadlines: a deadline needs `due`, or `set_on` and `duration`"),
])
def test_an_invalid_deadline_is_refused_with_its_line(isolated_home, body, message):
    good = '[[deadlines]]\nlabel = "fine"\ndue = "2025-09-02"\n'
    path = write_config(isolated_home, good + '[[deadlines]]\nlabel = "bad"\n' + body + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings()
    text = str(info.value)
    assert message in text
    # the line is in the second [[deadlines]] (lines 4 onwards), never the first one
    line = int(text.split(", line ", 1)[1].split(":", 1)[0])
    assert text.startswith(f"{path}, line ") and line >= 4


@pytest.mark.parametrize("body", ['due = "9999-12-31"', 'set_on = "2025-07-14"\nduration = '
                                  '"P99999999D"', 'due = "0001-01-01"'])
def test_a_deadline_out_of_range_is_left_out_with_a_note_and_the_story_loads(tmp_path, body):
    home = tmp_path / "home"
    write_config(home, '[[deadlines]]\nlabel = "far"\n' + body + "\n")
    s = load_settings_at(home)
    assert s.deadlines == []
    assert len(s.warnings) == 1 and "deadline 'far' falls on" in s.warnings[0]
    assert "outside the years 1900-2200 (left out)" in s.warnings[0]
    proc = run(home, "export", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "far" in proc.stderr
    assert (tmp_path / "out.json").read_text().startswith("{")


def load_settings_at(home: Path):
    from talkstui.config import locations

    return load_settings(locations({"TALKSTUI_HOME": str(home)}))


def test_a_key_bound_to_two_actions_is_refused(tmp_path):
    home = tmp_path / "home"
    write_config(home, '[keys]\nexport = "r"\n')
    proc = run(home)  # the dashboard: refused before it takes the terminal
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"talkstui: {home / 'config.toml'}, line 2: keys.export = 'r': 'r' is already bound "
        "to refresh; give one of them another key")


def test_moving_both_keys_is_fine_and_unknown_ids_are_warned():
    from talkstui.config import Locations, Settings
    from talkstui.tui.run import check_keys

    s = Settings(locations=Locations(Path("c"), Path("d"), Path("e")),
                 keys={"export": "r", "refresh": "f5", "refersh": "x"})
    warnings = check_keys(s)
    assert warnings == ["[keys]: keys.refersh: no binding has this id (ignored)"]


async def test_a_source_taken_out_of_the_config_is_not_refreshed_and_keeps_its_articles(
        tmp_path):
    from datetime import UTC, datetime

    from fixtures.servers import serving

    from talkstui.clock import FixedClock
    from talkstui.refresh import refresh_sources
    from talkstui.store import Store

    with serving() as server:
        home = tmp_path / "home"
        a, b = server.url("/feed/good"), server.url("/page/good")
        write_config(home, f'[[sources]]\nname = "A"\nurl = "{a}"\n'
                           f'[[sources]]\nname = "B"\nurl = "{b}"\n')
        s = load_settings_at(home)
        store = Store(s.locations.store_dir)
        clock = FixedClock(datetime(2025, 7, 24, 12, tzinfo=UTC))
        first = await refresh_sources(s, store, clock=clock)
        assert {r.name for r in first.results} == {"A", "B"} and first.ok
        b_articles = {x.id for x in store.snapshot().articles if "b" in x.source_ids}
        assert b_articles
        write_config(home, f'[[sources]]\nname = "A"\nurl = "{a}"\n')
        hits = dict(server.config.hits)
        second = await refresh_sources(load_settings_at(home), store, clock=clock)
        assert [r.name for r in second.results] == ["A"]
        assert server.config.hits.get("/page/good") == hits.get("/page/good")  # not fetched
        assert b_articles <= {x.id for x in store.snapshot().articles}  # still there
