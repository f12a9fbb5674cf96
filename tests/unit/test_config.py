from __future__ import annotations

from pathlib import Path

import pytest

from talkstui.config import load_settings, locations
from talkstui.errors import ConfigError


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_talkstui_home_puts_everything_under_it(tmp_path):
    locs = locations({"TALKSTUI_HOME": str(tmp_path)})
    assert locs.config_file == tmp_path / "config.toml"
    assert locs.store_dir.is_relative_to(tmp_path)
    assert locs.export_dir.is_relative_to(tmp_path)


def test_without_home_uses_platform_user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    locs = locations({})
    assert locs.data_dir.is_relative_to(tmp_path / "xdg-data")
    assert locs.config_file.is_relative_to(tmp_path / "xdg-config")


def test_missing_config_gives_defaults(isolated_home):
    settings = load_settings()
    assert settings.ui.show_seconds is True
    assert settings.refresh.concurrency > 0
    assert settings.sources == []


def test_config_is_read(isolated_home):
    write_config(
        isolated_home,
        """
[story]
title = "Talks"
[[sources]]
name = "Wire"
url = "http://127.0.0.1:9/feed.xml"
[[deadlines]]
label = "50-day deadline"
set_on = "2025-07-14"
duration = "P50D"
[refresh]
timeout = 3
[ui]
show_seconds = false
[keys]
refresh = "f5"
[lexicon]
talks = ["parley"]
""",
    )
    s = load_settings()
    assert s.story_title == "Talks"
    assert s.sources[0].url == "http://127.0.0.1:9/feed.xml"
    assert s.deadlines[0].duration == "P50D"
    assert s.refresh.timeout == 3.0
    assert s.ui.show_seconds is False
    assert s.keys == {"refresh": "f5"}
    assert s.lexicon == {"talks": ["parley"]}


def test_syntax_error_names_file_and_line(isolated_home):
    path = write_config(isolated_home, '[ui]\nshow_seconds = true\nmouse = = false\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert str(path) in message
    assert "line 3" in message


def test_wrong_type_names_file_line_and_key(isolated_home):
    path = write_config(isolated_home, '[refresh]\nconcurrency = 4\ntimeout = "soon"\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert str(path) in message and "line 3" in message and "refresh.timeout" in message


def test_non_positive_value_is_rejected(isolated_home):
    write_config(isolated_home, "[refresh]\nconcurrency = 0\n")
    with pytest.raises(ConfigError, match="concurrency"):
        load_settings()


def test_not_utf8_is_a_clear_error(isolated_home):
    (isolated_home).mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_bytes(b'[story]\ntitle = "\xff"\n')
    with pytest.raises(ConfigError, match="line 2.*not UTF-8"):
        load_settings()


def test_bad_config_from_the_command_line_is_one_line(isolated_home):
    from click.testing import CliRunner

    from talkstui.cli import main

    write_config(isolated_home, "[ui\n")
    result = CliRunner().invoke(main, ["sources"])
    assert result.exit_code == 2
    assert "config.toml, line 1" in result.output
    assert "Traceback" not in result.output
