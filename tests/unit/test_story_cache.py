"""The story cache (story_cache) is a pure optimisation: a Story from it equals a fresh build.

For the seeds, the fixture articles and a synthetic store of a few thousand articles, at
several `now` values, with the cache storing everything (small stories) and with the
details made lazily from the articles (big stories); after a commit the cache is stale; a
corrupt cache is ignored and rewritten; replays never touch it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from talkstui.story import cache as story_cache
from talkstui.config import DeadlineConfig, Settings, locations
from talkstui.export import render_json, render_text
from talkstui.extract import analyse
from talkstui.model import Article, Source
from talkstui.seeds import seed_items
from talkstui.store import Store
from talkstui.story import load_story, warm_story_cache

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "articles"
SEED_NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
NOWS = [
    datetime(2025, 1, 1, tzinfo=UTC),  # before everything
    datetime(2025, 5, 20, tzinfo=UTC),
    datetime(2025, 7, 22, 12, tzinfo=UTC),  # between events, deadlines running
    datetime(2025, 8, 10, tzinfo=UTC),
    datetime(2025, 9, 15, tzinfo=UTC),
    datetime(2026, 6, 1, tzinfo=UTC),  # after every deadline
]


def _settings(deadline: bool = False) -> Settings:
    s = Settings(locations=locations())
    if deadline:
        s.deadlines = [DeadlineConfig(label="Trump's 50-day deadline", set_on="2025-07-14",
                                      duration="P50D", due=None)]
    return s


def _fill(store: Store, items: list[tuple[str, str, str, datetime | None, str]]) -> None:
    """items: (id, title, outlet, published, text)."""
    with store.transaction() as tx:
        tx.put_source(Source(id="src", name="Source", kind="file", path="/x",
                             last_refresh=datetime(2025, 7, 22, tzinfo=UTC), last_status="ok"))
        for aid, title, outlet, published, text in items:
            h = tx.put_body(text)
            tx.put_article(Article(
                id=aid, title=title, outlet=outlet, url=f"https://example.org/{aid}",
                published=published, body_hash=h, source_ids=["src"],
                analysis=analyse(text, published).to_dict(),
            ))


def _seed_items():
    return [(f"seed{i}", it.title, it.outlet, it.published, it.text)
            for i, (_s, it) in enumerate(seed_items(SEED_NOW))]


def _fixture_items():
    pubs = {
        "wire_prisoner_swap.txt": ("Wirewire", datetime(2025, 8, 14, 15, tzinfo=UTC)),
        "wire_prisoner_swap_other.txt": ("Other Agency", datetime(2025, 8, 14, 16, tzinfo=UTC)),
        "wire_summit.txt": ("Wirewire", datetime(2025, 8, 9, 10, tzinfo=UTC)),
        "summit_followup.txt": ("Other Agency", None),
        "liveblog.txt": ("Live", datetime(2025, 7, 23, 18, tzinfo=UTC)),
        "interview.txt": ("Interviews", datetime(2025, 7, 20, 9, tzinfo=UTC)),
    }
    out = []
    for p in sorted(FIX.glob("*.txt")):
        outlet, pub = pubs.get(p.name, ("Elsewhere", datetime(2025, 7, 21, tzinfo=UTC)))
        text = p.read_text("utf-8")
        out.append((p.name, text.split("\n", 1)[0][:80], outlet, pub, text))
    return out


def _same(settings, store, now) -> None:
    cached = load_story(settings, store, now=now)
    fresh = load_story(settings, store, now=now, use_cache=False)
    assert render_text(cached) == render_text(fresh)
    assert render_json(cached) == render_json(fresh)
    assert [e.mentions[0] if e.mentions else None for e in cached.events] == \
        [e.mentions[0] if e.mentions else None for e in fresh.events]
    # what the exports leave out: every article view field, the time expressions included
    assert [(v.id, v.outlet, v.url, v.title, v.published, v.published_inferred,
             list(v.inference_evidence), list(v.event_ids), list(v.time_exprs), v.notes)
            for v in cached.articles] == \
        [(v.id, v.outlet, v.url, v.title, v.published, v.published_inferred,
          list(v.inference_evidence), list(v.event_ids), list(v.time_exprs), v.notes)
         for v in fresh.articles]
    assert cached.deadlines == fresh.deadlines
    assert cached.events == fresh.events
    assert (cached.now, cached.as_of, cached.title, cached.sources, cached.last_refresh,
            cached.last_status, cached.coverage) == (
        fresh.now, fresh.as_of, fresh.title, fresh.sources, fresh.last_refresh,
        fresh.last_status, fresh.coverage)


@pytest.fixture(params=["inline", "lazy"])
def mode(request, monkeypatch):
    if request.param == "lazy":
        monkeypatch.setattr(story_cache, "INLINE_MAX", 0)
    return request.param


@pytest.mark.parametrize("which", ["seeds", "fixtures", "both"])
@pytest.mark.parametrize("deadline", [False, True])
def test_cached_story_equals_fresh_build(tmp_path, mode, which, deadline):
    settings = _settings(deadline)
    store = Store(tmp_path / "store")
    items = {"seeds": _seed_items, "fixtures": _fixture_items,
             "both": lambda: _seed_items() + _fixture_items()}[which]()
    _fill(store, items)
    assert warm_story_cache(settings, store, SEED_NOW)
    assert story_cache.cache_path(store).exists()
    assert story_cache.load_cached(settings, store, SEED_NOW) is not None
    assert story_cache.load_cached(settings, store, SEED_NOW + timedelta(hours=1)) is not None
    for now in NOWS:
        # a cache written for another `now` is used while the same deadlines are ahead
        assert warm_story_cache(settings, store, now)
        assert story_cache.load_cached(settings, store, now) is not None
        _same(settings, store, now)


def test_an_articles_notes_survive_the_cache(tmp_path, mode):
    """A far date left out of an article (issue 14 item 3): its note is on the article's
    view whether the story comes from a fresh build or from the cache."""
    settings = _settings()
    store = Store(tmp_path / "store")
    text = ("Russia and Ukraine will meet in Istanbul on Wednesday, officials said. The "
            "memorandum is valid until 9999-12-31, a Kremlin aide said.")
    _fill(store, _seed_items() + [("far", "Memorandum", "Wire", SEED_NOW, text)])
    assert warm_story_cache(settings, store, SEED_NOW)
    cached = story_cache.load_cached(settings, store, SEED_NOW)
    assert cached is not None
    notes = {v.id: v.notes for v in cached.articles}
    assert notes.pop("far") == ["'9999-12-31' (9999-12-31) is outside the years 1900-2200: "
                                "left out"]
    assert set(map(len, notes.values())) == {0}
    _same(settings, store, SEED_NOW)


def test_commit_invalidates_the_cache(tmp_path, mode):
    settings = _settings()
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())
    assert warm_story_cache(settings, store, SEED_NOW)
    _fill(store, _fixture_items()[:2])  # another commit: another generation
    assert story_cache.load_cached(settings, store, SEED_NOW) is None
    _same(settings, store, SEED_NOW)  # rebuilt (and rewritten)
    assert story_cache.load_cached(settings, store, SEED_NOW) is not None
    assert len(load_story(settings, store, now=SEED_NOW).articles) == 2 + 2


def test_lazy_details_after_a_commit_come_from_the_new_store(tmp_path, monkeypatch):
    monkeypatch.setattr(story_cache, "INLINE_MAX", 0)
    settings = _settings()
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())
    story = load_story(settings, store, now=SEED_NOW)
    story = load_story(settings, store, now=SEED_NOW)  # from the cache, details not made yet
    _fill(store, _fixture_items()[:1])
    for e in story.events:  # never fails; the details are those of the new store
        list(e.mentions)
    for d in story.deadlines:
        list(d.claims)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "format", "key", "half"])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, damage):
    settings = _settings()
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())
    assert warm_story_cache(settings, store, SEED_NOW)
    path = story_cache.cache_path(store)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json at all {{{\n\n")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "format":
        path.write_bytes(raw.replace(b'"fmt":1', b'"fmt":999', 1))
    elif damage == "key":
        path.write_bytes(raw.replace(b'"events":[', b'"events":[7,', 1))
    elif damage == "half":  # a matching first line and a broken second one
        head, _rest = raw.split(b"\n", 1)
        path.write_bytes(head + b"\n{\"id\": 3}\n")
    fresh = load_story(settings, store, now=SEED_NOW, use_cache=False)
    got = load_story(settings, store, now=SEED_NOW)
    assert render_json(got) == render_json(fresh)
    assert render_text(got) == render_text(fresh)
    if damage != "half":  # rewritten by the fresh build
        assert story_cache.load_cached(settings, store, SEED_NOW) is not None


def test_unwritable_cache_is_not_fatal(tmp_path, monkeypatch):
    settings = _settings()
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(story_cache.os, "replace", boom)
    story = load_story(settings, store, now=SEED_NOW)
    assert story.events
    assert not story_cache.cache_path(store).exists()
    assert not [p for p in story_cache.cache_path(store).parent.iterdir() if ".tmp-" in p.name]


def _rewrite(path: Path, change) -> None:
    """Change the cache's content and give it a matching checksum line (as a cache that lies
    but is intact would have)."""
    import zlib

    raw = path.read_bytes()
    nl = raw.index(b"\n")
    body = change(raw[nl + 1:])
    path.write_bytes(b"talkstui-story-cache %08x %d\n" % (zlib.crc32(body), len(body)) + body)


def test_replays_never_use_or_write_the_cache(tmp_path):
    settings = _settings()
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())
    as_of = datetime(2025, 7, 1, tzinfo=UTC)
    load_story(settings, store, now=SEED_NOW, as_of=as_of)
    assert not story_cache.cache_path(store).exists()
    assert warm_story_cache(settings, store, SEED_NOW)
    # a cache that would lie (a matching key, other events) is not read by a replay
    path = story_cache.cache_path(store)
    _rewrite(path, lambda body: body.replace(b'"s":"', b'"s":"CACHED ', 1))
    assert "CACHED" in render_text(load_story(settings, store, now=SEED_NOW))  # (the cache is read)
    replay = load_story(settings, store, now=SEED_NOW, as_of=as_of)
    assert "CACHED" not in render_json(replay)


def test_settings_are_part_of_the_key(tmp_path):
    store = Store(tmp_path / "store")
    _fill(store, _seed_items())
    assert warm_story_cache(_settings(), store, SEED_NOW)
    assert story_cache.load_cached(_settings(True), store, SEED_NOW) is None
    lex = _settings()
    lex.lexicon = {"talks": ["parley"]}
    assert story_cache.load_cached(lex, store, SEED_NOW) is None
    titled = _settings()
    titled.story_title = "Another title"
    assert load_story(titled, store, now=SEED_NOW).title == "Another title"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_story
        from bench_store import make_synthetic_store
    finally:
        sys.path.remove(str(ROOT / "bench"))
    analyses = bench_story.Analyses()
    d = make_synthetic_store(tmp_path_factory.mktemp("synthetic") / "store", 3000, analysis=analyses)
    return d, bench_story.NOW


def test_synthetic_store_equivalence(synthetic, mode):
    directory, now = synthetic
    settings = _settings()
    store = Store(directory)
    story_cache.cache_path(store).unlink(missing_ok=True)
    assert warm_story_cache(settings, store, now)
    for n in (datetime(2025, 6, 1, tzinfo=UTC), now, datetime(2026, 1, 1, tzinfo=UTC)):
        _same(settings, store, n)


def test_the_cache_key_covers_every_module_of_the_story_package():
    # a change to any of them must invalidate the cache: they are all hashed into its key
    import talkstui.story

    package = Path(talkstui.story.__file__).parent
    hashed = {p.resolve() for p in story_cache.code_files()}
    assert {p.resolve() for p in package.glob("*.py")} <= hashed
    assert {"build.py", "events.py", "records.py", "cache.py", "deadlines.py", "model.py"} <= {
        p.name for p in hashed}
