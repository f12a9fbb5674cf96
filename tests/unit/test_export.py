"""Exports: text fits 80 columns with no control characters; files never escape,
never overwrite, never follow a planted link."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from talkstui.config import Settings, locations
from talkstui.errors import TalksError
from talkstui.export import (
    countdown, export_command, export_to_folder, render_json, render_markdown, render_text,
    write_output,
)
from talkstui.extract import analyse
from talkstui.model import Article, Source
from talkstui.sanitize import forbidden_chars
from talkstui.story import build_story

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
HOSTILE = "\x1b]8;;http://evil\x07click\x1b]8;;\x07 \u202egnp.exe \x00\x9b31m [@click=quit] **bold** <b>x</b> " + "long" * 40


def hostile_story(title=HOSTILE):
    text = (f"“{HOSTILE} we will meet,” Zelensky said on Monday.\n"
            f"Talks in Istanbul on Wednesday, {HOSTILE}, an anonymous source told TASS.")
    art = Article(id="a\x1b1", title=title, outlet="Outlet\x1b[2J", url="http://x/\x1b[31m", published=NOW,
                  body_hash="h", analysis=analyse(text, NOW).to_dict())
    settings = Settings(locations=locations(), story_title=title)
    src = Source(id="s", name="src\x07", kind="feed", last_status="ok", last_refresh=NOW)
    return build_story(settings, [src], [art], now=NOW)


def test_text_export_is_clean_and_narrow():
    story = hostile_story()
    for width in (80, 100, 40):
        text = render_text(story, width=width)
        assert not forbidden_chars(text)
        assert "\x1b" not in text and "\x07" not in text
        from rich.cells import cell_len

        assert all(cell_len(line) <= width for line in text.splitlines())


def test_markdown_and_json_are_clean():
    story = hostile_story()
    md = render_markdown(story)
    assert not forbidden_chars(md)
    assert "\\[@click=quit\\]" in md and "[@click" not in md.replace("\\[", "")
    data = render_json(story)
    assert not forbidden_chars(data)
    parsed = json.loads(data)
    for key in ("as_of", "sources", "articles", "events", "conflicts", "quotes", "deadlines"):
        assert key in parsed
    ev = parsed["events"][0]
    for key in ("id", "date", "date_end", "precision", "kind", "summary", "mentions"):
        assert key in ev
    assert {"article", "phrase", "sentence", "attributed_to"} <= set(ev["mentions"][0])


@pytest.mark.parametrize("name", ["../../x", "/abs/path", "a\x00b", "x" * 300, "-rf", "\x1b[31mred", "..", ".", ""])
def test_folder_export_stays_inside(tmp_path, name):
    story = hostile_story()
    folder = tmp_path / "exports"
    path = export_to_folder(story, "text", folder, name=name)
    assert path.parent == folder
    assert not path.name.startswith(("-", "."))
    assert len(path.name) <= 90
    assert path.read_text("utf-8") == render_text(story)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left


def test_folder_export_hostile_title_and_suffixes(tmp_path):
    story = hostile_story()
    first = export_to_folder(story, "json", tmp_path)
    second = export_to_folder(story, "json", tmp_path)
    third = export_to_folder(story, "json", tmp_path)
    assert first != second != third
    assert second.name.endswith("-2.json") and third.name.endswith("-3.json")
    assert json.loads(first.read_text("utf-8"))["title"]


def test_folder_export_never_follows_a_planted_link(tmp_path):
    story = hostile_story(title="snap")
    target = tmp_path / "victim"
    target.write_text("precious")
    folder = tmp_path / "exports"
    folder.mkdir()
    os.symlink(target, folder / "snap.md")
    path = export_to_folder(story, "markdown", folder, name="snap")
    assert path.name == "snap-2.md"
    assert target.read_text() == "precious"
    assert os.path.islink(folder / "snap.md")


def test_output_file_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = write_output(b"one", Path("out.txt"), force=False)
    assert out == tmp_path / "out.txt" and out.read_bytes() == b"one"
    with pytest.raises(TalksError, match="exists"):
        write_output(b"two", Path("out.txt"), force=False)
    write_output(b"two", Path("out.txt"), force=True)
    assert out.read_bytes() == b"two"
    victim = tmp_path / "victim"
    victim.write_text("precious")
    os.symlink(victim, tmp_path / "link.txt")
    for force in (False, True):
        with pytest.raises(TalksError, match="symbolic link"):
            write_output(b"evil", Path("link.txt"), force=force)
    assert victim.read_text() == "precious"
    with pytest.raises(TalksError, match="does not exist"):
        write_output(b"x", Path("nowhere/out.txt"), force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "out.txt", "victim"]


def test_export_command_from_the_seeded_store(tmp_path, capsys):
    settings = Settings(locations=locations())
    assert export_command(settings, "text", None, as_of=NOW, force=False) == 0
    out = capsys.readouterr().out
    assert "2025-07-23" in out and "Istanbul" in out
    target = tmp_path / "story.json"
    assert export_command(settings, "json", target, as_of=NOW, force=False) == 0
    data = json.loads(target.read_text("utf-8"))
    assert data["as_of"] == "2025-07-22T12:00:00Z"
    assert any(a["published_inferred"] for a in data["articles"])
    with pytest.raises(TalksError):
        export_command(settings, "json", target, as_of=NOW, force=False)
    assert export_command(settings, "markdown", target, as_of=NOW, force=True) == 0


def test_countdown():
    assert countdown(41.5 * 86400) == "41 days 12 h left"
    assert countdown(-3 * 86400 - 7200) == "passed 3 days 2 h ago"
    assert countdown(None) == "unknown"
