"""The dashboard's story switcher (s) and the user's pull in (+) / push out (-) keys, on a
real store: the choice is stored and shown as the user's."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner

from talkstui.cli import main
from talkstui.clock import FixedClock
from talkstui.config import load_settings, locations
from talkstui.ingest.articles import merge_item
from talkstui.ingest.items import ParsedItem
from talkstui.ingest.scoping import Scoper
from talkstui.model import Source
from talkstui.seeds import ensure_seeded
from talkstui.store import Store
from talkstui.story.choices import choices_for
from talkstui.tui.app import TalksApp
from talkstui.tui.screens.reader import ReaderScreen
from talkstui.tui.screens.stories import StoriesScreen

from .conftest import screen_text, settle

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
WHEAT = ParsedItem(title="Wheat prices climb as drought hits European harvests",
                   text="Wheat futures rose for a third day. Exports through Ukraine's ports "
                        "were steady. Traders expect volatile prices until the harvest.",
                   url="http://wire.invalid/wheat", published=NOW)


def prepared_store():
    CliRunner().invoke(main, ["story", "new", "Grain markets", "--term", "wheat",
                              "--term", "harvest"], catch_exceptions=False)
    settings = load_settings(locations())
    store = Store(settings.locations.store_dir)
    ensure_seeded(settings, store)
    src = Source(id="wire", name="World Wire", kind="feed", url="http://wire.invalid/feed")
    with store.transaction() as tx:
        tx.put_source(src)
        rel, _keep = Scoper(settings).judge(WHEAT.title, WHEAT.text)
        merge_item(tx, WHEAT, source=src, outlet="World Wire", now=NOW, relevance=rel)
    wheat = next(a.id for a in store.articles() if a.url == WHEAT.url)
    return settings, store, wheat


def app_for(settings, store):
    return TalksApp(settings, store, FixedClock(NOW), watch_store=False)


async def test_story_switcher_shows_another_story(isolated_home):
    settings, store, wheat = prepared_store()
    app = app_for(settings, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.story.story_id == "russia-ukraine"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        text = screen_text(app)
        assert "Russia-Ukraine peace talks" in text and "Grain markets" in text
        await pilot.press("j", "enter")
        await settle(pilot, app)
        assert app.story.story_id == "grain-markets"
        assert [a.id for a in app.story.articles] == [wheat]
        assert "Grain markets" in screen_text(app)
        assert app.story.deadlines == []  # the seed story's deadline is not this story's
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.story.story_id == "grain-markets"


async def test_pull_in_from_the_sources_pane_and_push_out_from_the_reader(isolated_home):
    settings, store, wheat = prepared_store()
    app = app_for(settings, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert wheat in [v.id for v in app.story.outside]
        await pilot.press("4")
        await settle(pilot, app)
        tree = app.dashboard.sources.tree
        (outside,) = [n for n in tree.root.children if "Outside this story" in str(n.label)]
        outside.expand()
        await pilot.pause()
        (leaf,) = outside.children
        tree.cursor_line = leaf.line
        await pilot.pause()
        await pilot.press("plus")
        await settle(pilot, app)
        (view,) = [v for v in app.story.articles if v.id == wheat]
        assert view.relevance.decided_by == "user"
        assert choices_for(store, "russia-ukraine").articles == {wheat: True}
        labels = []

        def walk(node):
            for child in node.children:
                if child.data == ("article", wheat):
                    labels.append(str(child.label))
                walk(child)

        walk(app.dashboard.sources.tree.root)
        assert labels and all("[in: your choice]" in label for label in labels)
        # the reader: push it out again
        app.open_article(wheat)
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert "In this story: Ukraine (score 1.5) · your choice" in screen_text(app)
        await pilot.press("minus")
        await settle(pilot, app)
        assert "Outside this story: Ukraine (score 1.5) · your choice" in screen_text(app)
        assert choices_for(store, "russia-ukraine").articles == {wheat: False}
        assert wheat in [v.id for v in app.story.outside]


async def test_a_whole_source_pushed_out_from_the_sources_pane(isolated_home):
    settings, store, _wheat = prepared_store()
    app = app_for(settings, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        tree = app.dashboard.sources.tree
        (src_node,) = [n for n in tree.root.children if str(n.label).startswith("Sources")]
        (seeds,) = [n for n in src_node.children if n.data == "seeds"]
        tree.cursor_line = seeds.line
        await pilot.pause()
        await pilot.press("minus")
        await settle(pilot, app)
        assert choices_for(store, "russia-ukraine").sources == {"seeds": False}
        assert app.story.articles == []


async def test_pull_in_with_nothing_selected_says_so(isolated_home):
    settings, store, _wheat = prepared_store()
    app = app_for(settings, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("plus")
        await pilot.pause()
        assert any("Select an article or a source" in n.message for n in app._notifications)
        assert choices_for(store, "russia-ukraine").articles == {}
