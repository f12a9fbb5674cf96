"""An article's analysis notes (issue 14 item 3: a date outside the years 1900-2200 is left
out "with a note naming the article") reach every export, through the real import and the
story cache; the seeds have none, and a hostile note is inert."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from talkstui.config import Settings, locations
from talkstui.export import render_json, render_markdown, render_text
from talkstui.extract import analyse
from talkstui.model import Article, Source
from talkstui.sanitize import forbidden_chars
from talkstui.sources import import_files
from talkstui.store import Store
from talkstui.story import load_story

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
TITLE = "Kremlin says memorandum on ceasefire has no end date"
FAR_TEXT = (
    "Kremlin says memorandum on ceasefire has no end date\n\n"
    "MOSCOW, July 21 - The draft memorandum handed to the Ukrainian side stays in force "
    "until 9999-12-31, Kremlin spokesman Dmitry Peskov told reporters on Monday. "
    "He said the next round of talks in Istanbul could take place on Wednesday.\n"
)
NOTE = "'9999-12-31' (9999-12-31) is outside the years 1900-2200: left out"
RENDER = {"text": render_text, "markdown": render_markdown}


def _store_with(tmp_path, text: str) -> tuple[Settings, Store]:
    """A real store: the bundled seed articles and the article `text`, imported as a file."""
    settings = Settings(locations=locations())
    store = Store(settings.locations.store_dir)
    path = tmp_path / "memorandum.txt"
    path.write_text(text, "utf-8")
    notes: list[str] = []
    import_files(settings, store, [path], outlet="Wire Desk", published=NOW, notes=notes)
    assert notes == [f"{path}: {NOTE}"]  # what `talkstui import` prints
    return settings, store


def _seeded(tmp_path) -> tuple[Settings, Store]:
    from talkstui.export import export_command

    settings = Settings(locations=locations())
    assert export_command(settings, "text", tmp_path / "seed.txt", as_of=NOW,
                          force=False) == 0  # the first export seeds an empty store
    return settings, Store(settings.locations.store_dir)


@pytest.mark.parametrize("cached", [False, True])
def test_json_export_names_the_far_date_an_article_left_out(tmp_path, cached):
    settings, store = _store_with(tmp_path, FAR_TEXT)
    if cached:
        load_story(settings, store, now=NOW)  # writes the story cache; the next load reads it
    story = load_story(settings, store, now=NOW, use_cache=cached)
    data = json.loads(render_json(story))
    by_title = {a["title"]: a for a in data["articles"]}
    assert by_title[TITLE]["notes"] == [NOTE]
    # the seed articles imported beside it have the key, empty
    others = [a for a in data["articles"] if a["title"] != TITLE]
    assert others and all(a["notes"] == [] for a in others)
    assert not [e for e in data["events"] if "9999" in e["value"] or "9999" in (e["date"] or "")]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_list_the_note_after_the_articles(tmp_path, fmt):
    settings, store = _store_with(tmp_path, FAR_TEXT)
    out = RENDER[fmt](load_story(settings, store, now=NOW))
    lines = out.splitlines()
    heading = "ARTICLES" if fmt == "text" else "## Articles"
    notes = [i for i, line in enumerate(lines) if line.startswith("Notes: ")]
    assert len(notes) == 1  # one line per article with notes: only the memorandum has any
    assert notes[0] > lines.index(heading)
    # the whole line (the text export wraps at 80 columns: joined back)
    i = notes[0]
    line = lines[i]
    while i + 1 < len(lines) and lines[i + 1].startswith("    "):
        i += 1
        line += " " + lines[i].strip()
    assert line == f"Notes: Wire Desk · {TITLE}: {NOTE}"
    assert lines[i + 1] == ""  # then a blank line and the outside line
    assert "outside this story" in lines[i + 2]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_seeds_have_no_notes(tmp_path, fmt):
    settings, store = _seeded(tmp_path)
    story = load_story(settings, store, now=NOW)
    assert len(story.articles) >= 2
    if fmt == "json":
        data = json.loads(render_json(story))
        assert [a["notes"] for a in data["articles"]] == [[]] * len(data["articles"])
    else:
        assert "Notes:" not in RENDER[fmt](story)


def test_every_article_with_notes_gets_its_line_and_a_hostile_note_is_inert(tmp_path):
    """Two noted articles (one of them with a hostile stored note: a store written by
    another program): one line each, in article order, nothing markup or terminal can run."""
    from talkstui.story import build_story

    hostile = "\x1b]8;;http://evil\x07click\x1b]8;;\x07 \u202egnp [@click=quit] **bold**"
    arts = []
    for i, (title, text) in enumerate([
            (TITLE, FAR_TEXT),
            ("Talks in Istanbul on Wednesday", "Delegations meet in Istanbul on Wednesday, "
                                               "officials said.")]):
        a = analyse(text, NOW).to_dict()
        if i == 1:
            a["n"] = [hostile]
        arts.append(Article(id=f"a{i}", title=title, outlet=f"Outlet {i}", url=None,
                            published=NOW, body_hash=f"h{i}", analysis=a))
    settings = Settings(locations=locations())
    story = build_story(settings, [Source(id="s", name="s", kind="file")], arts, now=NOW)
    text = render_text(story, width=200)
    md = render_markdown(story)
    js = render_json(story)
    for out in (text, md, js):
        assert not forbidden_chars(out) and "\x1b" not in out and "\u202e" not in out
    noted = [line for line in text.splitlines() if line.startswith("Notes: ")]
    assert noted[0] == f"Notes: Outlet 0 · {TITLE}: {NOTE}"
    assert noted[1].startswith("Notes: Outlet 1 · Talks in Istanbul on Wednesday: ␛]8;;")
    assert "\\[@click=quit\\] \\*\\*bold\\*\\*" in md
    data = json.loads(js)
    assert data["articles"][1]["notes"][0].startswith("␛]8;;http://evil␇click")
