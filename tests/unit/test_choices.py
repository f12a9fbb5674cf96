"""The user has the last word: articles and whole sources pulled in or pushed out of a story,
stored, kept through refreshes and re-analysis, shown as the user's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner

from talkstui.cli import main
from talkstui.config import load_settings, locations
from talkstui.ingest.articles import merge_item
from talkstui.ingest.items import ParsedItem
from talkstui.ingest.scoping import Scoper
from talkstui.model import Source
from talkstui.seeds import ensure_seeded
from talkstui.store import Store
from talkstui.story.choices import choices_for
from talkstui.story import load_story

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
WHEAT = ParsedItem(title="Wheat prices climb as drought hits European harvests",
                   text="Wheat futures rose for a third day. Exports through Ukraine's ports "
                        "were steady. Traders expect volatile prices until the harvest.",
                   url="http://wire.invalid/wheat", published=NOW)


def store_with_wheat():
    settings = load_settings(locations())
    store = Store(settings.locations.store_dir)
    ensure_seeded(settings, store)
    src = Source(id="wire", name="World Wire", kind="feed", url="http://wire.invalid/feed")
    with store.transaction() as tx:
        tx.put_source(src)
        rel, keep = Scoper(settings).judge(WHEAT.title, WHEAT.text)
        assert not keep
        merge_item(tx, WHEAT, source=src, outlet="World Wire", now=NOW, relevance=rel)
    return settings, store


def run(*args):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.output


def wheat_id(store):
    return next(a.id for a in store.articles() if a.url == WHEAT.url)


def test_pull_in_an_article_from_the_cli(isolated_home):
    settings, store = store_with_wheat()
    aid = wheat_id(store)
    assert store.article(aid).analysis is None
    story = load_story(settings, store, now=NOW)
    assert [v.id for v in story.outside] == [aid]
    code, out = run("story", "pull-in", "russia-ukraine", aid)
    assert code == 0 and "pulled into russia-ukraine" in out
    assert store.article(aid).analysis is not None  # analysed once it entered the story
    story = load_story(settings, store, now=NOW)
    (view,) = [v for v in story.articles if v.id == aid]
    assert view.relevance.decided_by == "user" and view.relevance.inside
    assert view.relevance.terms == ["Ukraine"]  # the terms are still shown beside the choice
    assert story.outside == []
    data = json.loads(run("export", "--format", "json")[1])
    (a,) = [a for a in data["articles"] if a["id"] == aid]
    assert a["relevance"]["decided_by"] == "user"
    # forget: the terms decide again
    run("story", "forget", "russia-ukraine", aid)
    assert [v.id for v in load_story(settings, store, now=NOW).outside] == [aid]


def test_push_out_a_whole_source_survives_refresh_and_reanalysis(isolated_home):
    settings, store = store_with_wheat()
    code, out = run("story", "push-out", "russia-ukraine", "--source", "seeds")
    assert code == 0 and "source Bundled seed articles: pushed out of russia-ukraine" in out
    story = load_story(settings, store, now=NOW)
    assert story.articles == [] and len(story.outside) == 3
    assert all(v.relevance.decided_by == "user" for v in story.outside
               if v.url != WHEAT.url)
    # a later write of the same articles (a refresh, a re-analysis) keeps the choice
    with store.transaction() as tx:
        for art in list(tx.articles.values()):
            art.analysis = None
            tx.put_article(art)
    assert choices_for(store, "russia-ukraine").sources == {"seeds": False}
    assert load_story(settings, store, now=NOW, use_cache=False).articles == []
    # the article's own choice wins over its source's
    seed_id = next(a.id for a in store.articles() if a.bundled)
    run("story", "pull-in", "russia-ukraine", seed_id)
    assert [v.id for v in load_story(settings, store, now=NOW).articles] == [seed_id]


def test_choices_are_per_story(isolated_home):
    settings, store = store_with_wheat()
    run("story", "new", "Grain markets", "--term", "wheat", "--term", "harvest")
    aid = wheat_id(store)
    run("story", "push-out", "grain", aid)
    settings = load_settings(locations())
    from talkstui.story.definitions import settings_for

    grain = load_story(settings_for(settings, "grain"), store, now=NOW)
    assert grain.articles == [] and aid in [v.id for v in grain.outside]
    seed = load_story(settings, store, now=NOW)
    assert aid in [v.id for v in seed.outside]
    assert all(v.relevance.decided_by == "terms" for v in seed.outside)


def test_bad_choices_are_one_line(isolated_home):
    store_with_wheat()
    code, out = run("story", "pull-in", "russia-ukraine", "nope")
    assert code != 0 and "no article with the id 'nope'" in out
    code, out = run("story", "pull-in", "russia-ukraine", "--source", "nope")
    assert code != 0 and "no source named 'nope'" in out
    code, out = run("story", "pull-in", "russia-ukraine")
    assert code != 0 and "at least one" in out
