"""Scope at ingest: a refresh of busy world-news feeds sorts every item in or out, stores all
of them with the decision and its terms, and analyses only the story's own."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from fixtures.servers import hostile_server  # noqa: F401

from talkstui.clock import FixedClock
from talkstui.config import load_settings, locations
from talkstui.export import render_json, render_text
from talkstui.refresh import refresh_sources
from talkstui.store import Store
from talkstui.story import load_story

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from mixed import FEEDS, MIXED, SEED_STORY, gold  # noqa: E402

NOW = datetime(2025, 8, 10, 12, tzinfo=UTC)


def serve_mixed(server, home: Path) -> None:
    lines = ['[refresh]', 'timeout = 5.0', '']
    for name, outlet in FEEDS.items():
        path = f"/mixed/{name}"
        server.config.dynamic[path] = ((MIXED / name).read_bytes(), "application/xml")
        lines += ["[[sources]]", f'name = "{outlet}"', f'url = "{server.url(path)}"', ""]
    (home / "config.toml").write_text("\n".join(lines), encoding="utf-8")


async def refreshed(server, home):
    serve_mixed(server, home)
    settings = load_settings(locations())
    store = Store(settings.locations.store_dir)
    report = await refresh_sources(settings, store, clock=FixedClock(NOW))
    assert report.ok, [r.line() for r in report.failed]
    return settings, store, report


async def test_every_item_is_stored_with_its_decision_and_only_the_story_is_analysed(
        hostile_server, isolated_home):  # noqa: F811
    settings, store, report = await refreshed(hostile_server, isolated_home)
    g = gold()
    arts = [a for a in store.articles() if not a.bundled]  # the seeds come first, too
    assert len(arts) == len(g) == 42  # nothing is lost
    by_url = {a.url: a for a in arts}
    inside = [a for a in arts if g[a.url] == SEED_STORY]
    outside = [a for a in arts if g[a.url] != SEED_STORY]
    assert report.outside == len(outside) == 28
    for a in inside:
        score, terms, decided_in, fp, _excl = a.relevance[SEED_STORY]
        assert decided_in and score >= 3 and terms
        assert isinstance(a.analysis, dict)  # analysed at ingest
    for a in outside:
        assert a.relevance[SEED_STORY][2] is False
        assert a.analysis is None  # stored, not analysed
    (boeing,) = [a for url, a in by_url.items() if "boeing-and-machinists" in url]
    assert boeing.relevance[SEED_STORY][1] == []


async def test_the_story_keeps_its_own_and_lists_the_rest(hostile_server, isolated_home):  # noqa: F811
    settings, store, _report = await refreshed(hostile_server, isolated_home)
    story = load_story(settings, store, now=NOW, as_of=datetime(2025, 7, 23, tzinfo=UTC))
    outlets_titles = {(a.outlet, a.title) for a in story.articles}
    assert ("World Wire", "Zelensky proposes new round of talks with Russia for next week") in outlets_titles
    assert not any("Boeing" in t or "Fed" in t or "Doha" in t for _o, t in outlets_titles)
    assert not [e for e in story.events if e.venue and ("Seattle" in e.venue or "Doha" in e.venue)]
    current = story.current_deadline
    assert current is not None and current.due.date().isoformat() == "2025-09-02"
    assert current.status == "running"
    data = json.loads(render_json(story))
    assert data["story"]["id"] == SEED_STORY
    assert all(a["relevance"]["decided_by"] == "terms" for a in data["articles"])
    out_titles = {o["title"] for o in data["outside"]}
    assert "Fed expected to hold rates at its July 29-30 meeting despite White House pressure" in out_titles
    assert all(set(o) == {"id", "url", "title", "outlet", "published", "relevance"}
               for o in data["outside"])
    text = render_text(story)
    n = len(data["outside"])
    assert text.rstrip().splitlines()[-1] == (
        f"{n} stored articles outside this story (the JSON export lists them)")


async def test_a_second_refresh_changes_nothing(hostile_server, isolated_home):  # noqa: F811
    settings, store, _ = await refreshed(hostile_server, isolated_home)
    before = {a.id: (a.relevance, a.analysis is None) for a in store.articles()}
    report = await refresh_sources(settings, store, clock=FixedClock(NOW))
    assert report.new == 0
    assert {a.id: (a.relevance, a.analysis is None) for a in store.articles()} == before


async def test_suggested_terms_come_from_the_story_and_can_be_accepted(
        hostile_server, isolated_home):  # noqa: F811
    from click.testing import CliRunner

    from talkstui.cli import main
    from talkstui.story.definitions import find_story

    await refreshed(hostile_server, isolated_home)
    runner = CliRunner()
    out = runner.invoke(main, ["story", "suggest"], catch_exceptions=False).output
    suggested = [line.split("  (in")[0].strip() for line in out.splitlines() if "(in " in line]
    assert "Medvedev" in suggested  # in two of the story's articles, in none outside
    assert "Witkoff" not in suggested  # also in the Gaza talks
    assert not {"Zelensky", "Kremlin", "Ukraine"} & set(suggested)  # terms already
    out = runner.invoke(main, ["story", "suggest", "--accept", "Medvedev"],
                        catch_exceptions=False).output
    assert "added Medvedev" in out
    seed = find_story(load_settings(locations()), "russia-ukraine")
    assert "Medvedev" in [t.name for t in seed.terms]
    out = runner.invoke(main, ["story", "show"], catch_exceptions=False).output
    assert "terms: Medvedev" in out


async def test_a_new_story_sorts_the_stored_articles_and_analyses_its_own(
        hostile_server, isolated_home):  # noqa: F811
    from click.testing import CliRunner

    from talkstui.cli import main
    from talkstui.story.definitions import settings_for

    _settings, store, _ = await refreshed(hostile_server, isolated_home)
    out = CliRunner().invoke(main, ["story", "new", "Iran nuclear talks", "--term", "Iran*",
                                    "--term", "nuclear:0.5", "--term", "snapback"],
                             catch_exceptions=False).output
    assert "sorted again" in out and "analysed (they entered a story)" in out
    iran = [a for a in store.articles() if (a.relevance or {}).get("iran-nuclear-talks", [0, 0, False])[2]]
    assert len(iran) == 2 and all(a.analysis is not None for a in iran)
    settings = settings_for(load_settings(locations()), "iran")
    story = load_story(settings, store, now=NOW)
    assert len(story.articles) == 2
    assert all("Iran" in v.relevance.terms[0] for v in story.articles)
