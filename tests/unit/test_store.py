"""The store: round-trips, transactions, generation, schema migration, damaged files, full disks."""

from __future__ import annotations

import copy
import dataclasses
import errno
import os
import pickle
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkstui.store import api as store_mod
from talkstui.store import files as store_files
from talkstui.store import migrations as store_migrations
from talkstui.errors import StoreError
from talkstui.model import Article, Revision, Source
from talkstui.store import SCHEMA_VERSION, Store, StoreRecovered, StoreSnapshot, Transaction
from talkstui.store.codec import (
    StoredArticle,
    article_from_doc,
    article_to_doc,
    dt_to_str,
    source_from_doc,
    source_to_doc,
)

UTC = timezone.utc
T0 = datetime(2025, 7, 21, 9, 30, tzinfo=UTC)


def make_article(n: int, body_hash: str = "0" * 64, **kw) -> Article:
    fields = dict(
        id=f"art-{n}",
        title=f"Talks, part {n}",
        outlet="Reuters",
        url=f"https://example.org/{n}",
        published=T0 + timedelta(hours=n),
        body_hash=body_hash,
        source_ids=["reuters"],
        outlets=["Reuters"],
        urls=[f"https://example.org/{n}"],
        fetched_at=T0 + timedelta(hours=n, minutes=5),
        analysis={"events": [{"kind": "talks", "value": "2025-07-23", "n": n}]},
    )
    fields.update(kw)
    return Article(**fields)


def make_source(sid: str = "reuters") -> Source:
    return Source(id=sid, name="Reuters", kind="feed", url="https://example.org/feed",
                  last_refresh=T0, last_status="ok", article_count=2)


def add(store: Store, *numbers: int) -> None:
    with store.transaction() as tx:
        for n in numbers:
            h = tx.put_body(f"Body of article {n}.")
            tx.put_article(make_article(n, h))


def ids(store: Store) -> list[str]:
    return sorted(a.id for a in store.articles())


# ---------------------------------------------------------------- round trips


def test_new_store_layout_and_empty_contents(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    assert (tmp_path / "s" / "store.json").exists()
    assert (tmp_path / "s" / "store.lock").exists()
    assert (tmp_path / "s" / "bodies").is_dir()
    snap = store.snapshot()
    assert isinstance(snap, StoreSnapshot)
    assert snap.sources == [] and snap.articles == []
    data = orjson.loads((tmp_path / "s" / "store.json").read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION == 2
    assert store.last_recovery_message is None


def test_round_trip_of_sources_articles_and_bodies(tmp_path: Path) -> None:
    store = Store(tmp_path)
    body = "Delegations met in Istanbul on Wednesday.\n\u00e9\u4e2d \U0001f600"
    rev = Revision(body_hash="1" * 64, seen_at=T0 - timedelta(days=1), title="Old title")
    with store.transaction() as tx:
        h = tx.put_body(body)
        tx.put_source(make_source())
        art = make_article(1, h, revisions=[rev], author="A. Writer", bundled=True,
                           outlets=["Reuters", "AP"], urls=["https://a/1", "https://b/1"])
        tx.put_article(art)
        tx.put_article(make_article(2, h, published=None, fetched_at=None, analysis=None, url=None))
    assert store.body(h) == body
    assert store.sources() == [make_source()]
    got = store.article("art-1")
    assert got == art and art == got
    assert isinstance(got, Article) and isinstance(got, StoredArticle)
    assert got.revisions == [rev]
    assert got.published.tzinfo is UTC
    undated = store.article("art-2")
    assert undated.published is None and undated.analysis is None and undated.url is None
    assert store.article("nope") is None
    assert [a.id for a in store.snapshot().articles] == ["art-1", "art-2"]


def test_datetimes_are_stored_as_iso_utc(tmp_path: Path) -> None:
    store = Store(tmp_path)
    plus2 = timezone(timedelta(hours=2))
    with store.transaction() as tx:
        tx.put_article(make_article(1, published=datetime(2025, 7, 21, 11, 0, tzinfo=plus2),
                                    fetched_at=datetime(2025, 7, 21, 9, 0)))  # naive = UTC
    doc = orjson.loads((tmp_path / "store.json").read_bytes())["articles"]["art-1"]
    assert doc["published"] == "2025-07-21T09:00:00+00:00"
    assert doc["fetched_at"] == "2025-07-21T09:00:00+00:00"
    got = store.article("art-1")
    assert got.published == datetime(2025, 7, 21, 9, 0, tzinfo=UTC)
    assert got.published.tzinfo is UTC


def test_stored_article_behaves_as_an_article(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1)
    a = store.article("art-1")
    plain = make_article(1, a.body_hash)
    assert dataclasses.asdict(a) == dataclasses.asdict(plain)
    assert dataclasses.replace(a, title="New") == dataclasses.replace(plain, title="New")
    assert copy.deepcopy(a) == plain and type(copy.deepcopy(a)) is Article
    assert pickle.loads(pickle.dumps(a)) == plain
    assert repr(a) == repr(plain)
    assert a != make_article(2, a.body_hash)
    a.analysis = {"x": 1}
    assert a.analysis == {"x": 1}
    assert article_to_doc(a)["analysis"] == '{"x":1}'


@given(
    title=st.text(max_size=40),
    author=st.none() | st.text(max_size=20),
    analysis=st.none() | st.dictionaries(st.text(max_size=8),
                                         st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8), max_size=4),
    published=st.none() | st.datetimes(timezones=st.just(UTC)),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_article_codec_round_trip(title, author, analysis, published) -> None:
    art = make_article(1, title=title, author=author, analysis=analysis, published=published)
    doc = orjson.loads(orjson.dumps(article_to_doc(art)))
    assert article_from_doc(doc) == art


def test_unstorable_analysis_is_a_clear_error(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(StoreError, match="art-1.*not storable"):
        with store.transaction() as tx:
            tx.put_article(make_article(1, analysis={"n": 2**70}))
    assert ids(store) == []


def test_source_codec_round_trip() -> None:
    src = make_source()
    assert source_from_doc(orjson.loads(orjson.dumps(source_to_doc(src)))) == src
    assert dt_to_str(None) is None


# ---------------------------------------------------------------- transactions


def test_transaction_rolls_back_on_exception(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1)
    before = (tmp_path / "store.json").read_bytes()
    generation = store.generation()
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put_article(make_article(2))
            tx.articles["art-1"].title = "changed"
            tx.remove_article("art-1")
            h = tx.put_body("never written")
            raise RuntimeError("boom")
    assert (tmp_path / "store.json").read_bytes() == before
    assert store.generation() == generation
    assert ids(store) == ["art-1"]
    with pytest.raises(StoreError):
        store.body(h)


def test_transaction_views_are_live_and_mutable(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3)
    with store.transaction() as tx:
        assert isinstance(tx, Transaction)
        assert len(tx.articles) == 3 and "art-2" in tx.articles
        tx.articles["art-1"].title = "edited in place"
        tx.articles["art-2"].analysis["events"].append({"kind": "summit"})
        tx.remove_article("art-3")
        tx.put_source(make_source("a"))
        tx.put_source(make_source("b"))
        tx.remove_source("a")
        tx.sources["b"].last_status = "timeout"
    assert store.article("art-1").title == "edited in place"
    assert store.article("art-2").analysis["events"][-1] == {"kind": "summit"}
    assert ids(store) == ["art-1", "art-2"]
    assert [(s.id, s.last_status) for s in store.sources()] == [("b", "timeout")]


def test_every_kind_of_edit_after_reading_all_articles_is_written(tmp_path: Path) -> None:
    """tx.articles.values() converts everything; unchanged articles are written back as read,
    and every change (in place or by assignment, with or without put_article) is kept."""
    store = Store(tmp_path)
    add(store, *range(1, 8))
    with store.transaction() as tx:
        arts = {a.id: a for a in tx.articles.values()}
        arts["art-1"].source_ids.append("ap")  # in place, no put_article
        arts["art-2"].title = "retitled"
        arts["art-3"].published = None
        arts["art-4"].revisions.append(Revision(body_hash="2" * 64, seen_at=T0, title="v1"))
        arts["art-5"].analysis = {"replaced": True}
        arts["art-6"].outlets = ["Other"]
        tx.put_article(arts["art-6"])
    got = {a.id: a for a in store.articles()}
    assert got["art-1"].source_ids == ["reuters", "ap"]
    assert got["art-2"].title == "retitled"
    assert got["art-3"].published is None
    assert got["art-4"].revisions == [Revision(body_hash="2" * 64, seen_at=T0, title="v1")]
    assert got["art-5"].analysis == {"replaced": True}
    assert got["art-6"].outlets == ["Other"]
    assert got["art-7"] == make_article(7, got["art-7"].body_hash)


def test_untouched_articles_are_written_back_byte_for_byte(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1, 2)
    def doc_bytes(aid):
        return orjson.dumps(orjson.loads((tmp_path / "store.json").read_bytes())["articles"][aid])
    before = doc_bytes("art-2")
    with store.transaction() as tx:
        list(tx.articles.values())
        tx.articles["art-1"].title = "x"
    assert doc_bytes("art-2") == before
    assert store.article("art-1").title == "x"


def test_lookups_after_reading_many_articles(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.transaction() as tx:
        for n in range(300):
            tx.put_article(make_article(n, f"{n:064x}"))
    with store.transaction() as tx:
        assert tx.find_article_by_url("https://example.org/5").id == "art-5"
        arts = tx.articles.values()  # 300 converted: more than are scanned one by one
        arts[10].urls.append("https://moved/10")
        arts[11].body_hash = "e" * 64
        assert tx.find_article_by_url("https://moved/10").id == "art-10"
        assert tx.find_article_by_body_hash("e" * 64).id == "art-11"
        assert tx.find_article_by_body_hash(f"{11:064x}") is None
        assert tx.find_article_by_url("https://example.org/299").id == "art-299"


def test_lookups_by_url_and_body_hash(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1, 2)
    with store.transaction() as tx:
        h2 = tx.articles["art-2"].body_hash
        assert tx.find_article_by_url("https://example.org/1").id == "art-1"
        assert tx.find_article_by_url("https://nowhere") is None
        assert tx.find_article_by_body_hash(h2).id == "art-2"
        assert tx.find_article_by_body_hash("f" * 64) is None
        # new and edited articles are found too
        h3 = tx.put_body("three")
        tx.put_article(make_article(3, h3, urls=["https://mirror/3", "https://example.org/3"]))
        assert tx.find_article_by_url("https://mirror/3").id == "art-3"
        assert tx.find_article_by_body_hash(h3).id == "art-3"
        tx.articles["art-1"].urls.append("https://moved/1")
        assert tx.find_article_by_url("https://moved/1").id == "art-1"
        tx.remove_article("art-2")
        assert tx.find_article_by_body_hash(h2) is None
        assert tx.body(h3) == "three"


def test_bodies_are_content_addressed_and_idempotent(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.transaction() as tx:
        h1 = tx.put_body("same text")
        h2 = tx.put_body("same text")
    import hashlib
    assert h1 == h2 == hashlib.sha256(b"same text").hexdigest()
    path = tmp_path / "bodies" / h1[:2] / h1
    assert path.read_bytes() == b"same text"
    mtime = path.stat().st_mtime_ns
    with store.transaction() as tx:
        tx.put_body("same text")
    assert path.stat().st_mtime_ns == mtime
    with pytest.raises(StoreError, match="missing"):
        store.body("a" * 64)
    with pytest.raises(StoreError, match="not a body hash"):
        store.body("../../etc/passwd")
    path.write_bytes(b"tampered")
    with pytest.raises(StoreError, match="damaged"):
        store.body(h1)


def test_nested_transaction_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.transaction():
        with pytest.raises(StoreError, match="already open"):
            with store.transaction():
                pass
        # reads inside a transaction do not deadlock on the shared lock
        assert store.articles() == []
        assert isinstance(store.generation(), int)


def test_generation_changes_on_every_commit_from_any_store_object(tmp_path: Path) -> None:
    a, b = Store(tmp_path), Store(tmp_path)
    seen = [a.generation()]
    for n in range(5):
        add(b if n % 2 else a, n)
        g = a.generation()
        assert g == b.generation() == a.snapshot().generation
        seen.append(g)
    assert seen == sorted(set(seen))  # strictly increasing
    a.articles()
    assert a.generation() == seen[-1]  # reading does not change it


def test_long_lived_store_sees_other_writers(tmp_path: Path) -> None:
    reader = Store(tmp_path)
    assert reader.articles() == []
    add(Store(tmp_path), 1)
    assert ids(reader) == ["art-1"]
    add(Store(tmp_path), 2)
    assert ids(reader) == ["art-1", "art-2"]


def test_tinydb_view_has_no_cache_and_writes_atomically(tmp_path: Path) -> None:
    from tinydb import Query

    store = Store(tmp_path)
    add(store, 1)
    db = store.tinydb()
    table = db.table("articles")
    assert [d["id"] for d in table.search(Query().outlet == "Reuters")] == ["art-1"]
    add(Store(tmp_path), 2)  # another writer; the same table object sees it
    assert len(table.search(Query().outlet == "Reuters")) == 2
    table.update({"title": "via tinydb"}, Query().id == "art-1")
    assert store.article("art-1").title == "via tinydb"
    with pytest.raises(StoreError, match="malformed"):
        table.insert({"no": "id"})
    assert ids(store) == ["art-1", "art-2"]


def test_snapshot_with_analysis_decodes_everything(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1, 2)
    snap = store.snapshot(with_analysis=True)
    assert all("_analysis" in a.__dict__ for a in snap.articles)
    assert snap.article("art-2").analysis["events"][0]["n"] == 2


def test_read_analysis_does_not_keep_the_decoded_value(tmp_path: Path) -> None:
    from talkstui.store.codec import read_analysis

    store = Store(tmp_path)
    add(store, 1)
    a = store.article("art-1")
    assert read_analysis(a) == {"events": [{"kind": "talks", "value": "2025-07-23", "n": 1}]}
    assert "_analysis" not in a.__dict__
    assert a.analysis == read_analysis(a)
    assert read_analysis(make_article(2)) == make_article(2).analysis


# ---------------------------------------------------------------- files left behind


def test_leftover_temp_files_are_removed_on_open(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, 1)
    junk = [
        tmp_path / "store.json.tmp-123-abcd",
        tmp_path / "store.json.old.tmp-123-abcd",
        tmp_path / "store.json.good.tmp-9-ff",
        tmp_path / "bodies" / "tmp" / "0123456789abcdef.tmp-1-2",
    ]
    for p in junk:
        p.write_bytes(b"half a file")
    Store(tmp_path)
    assert not any(p.exists() for p in junk)
    assert ids(store) == ["art-1"]


# ---------------------------------------------------------------- schema


def test_migration_from_version_0(tmp_path: Path) -> None:
    """Version 0: a stock TinyDB file, int doc ids, bodies inline, no meta table."""
    v0 = {
        "_default": {},
        "sources": {"1": {"id": "tass", "name": "TASS", "kind": "feed", "url": "https://t/rss"}},
        "articles": {
            "1": {"id": "x1", "title": "One", "outlet": "TASS", "url": "https://t/1",
                  "published": "2025-07-21T09:30:00+00:00", "body": "Body one.",
                  "analysis": {"events": [{"kind": "talks"}]}},
            "2": {"id": "x2", "title": "Two", "outlet": "TASS", "url": None,
                  "published": None, "body": "Body two."},
        },
    }
    raw = orjson.dumps(v0)
    (tmp_path / "store.json").write_bytes(raw)
    store = Store(tmp_path)
    data = orjson.loads((tmp_path / "store.json").read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION and data["meta"]["1"]["migrated_from"] == 0
    one = store.article("x1")
    assert store.body(one.body_hash) == "Body one."
    assert one.analysis == {"events": [{"kind": "talks"}]}
    assert one.published == T0
    assert store.body(store.article("x2").body_hash) == "Body two."
    assert [s.id for s in store.sources()] == ["tass"]
    # the version-0 file was kept as the good copy, byte for byte
    assert (tmp_path / "store.json.good").read_bytes() == raw


def test_migration_hook_runs_each_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = store_migrations.MIGRATIONS[0]

    def spy(data, put_body):
        calls.append(sorted(data))
        return original(data, put_body)

    monkeypatch.setitem(store_migrations.MIGRATIONS, 0, spy)
    (tmp_path / "store.json").write_bytes(b'{"_default": {}}')
    Store(tmp_path)
    assert calls == [["_default"]]
    Store(tmp_path)  # already migrated: not again
    assert len(calls) == 1


def test_newer_schema_is_refused_not_treated_as_damage(tmp_path: Path) -> None:
    raw = b'{"meta":{"1":{"schema":99,"generation":1}},"sources":{},"articles":{}}'
    (tmp_path / "store.json").write_bytes(raw)
    with pytest.raises(StoreError, match="schema 99"):
        Store(tmp_path).articles()
    assert (tmp_path / "store.json").read_bytes() == raw
    assert not list(tmp_path.glob("store.json.corrupt-*"))


# ---------------------------------------------------------------- damaged files


def _valid_bytes(tmp_path: Path) -> bytes:
    other = Store(tmp_path / "valid")
    add(other, 7, 8)
    return (tmp_path / "valid" / "store.json").read_bytes()


DAMAGE = {
    "empty": lambda good: b"",
    "truncated": lambda good: good[: len(good) // 2],
    "nul bytes": lambda good: b"\x00" * len(good),
    "nul bytes inside": lambda good: good[:40] + b"\x00" * 64 + good[104:],
    "a list": lambda good: b"[]",
    "wrong shape": lambda good: b'{"meta": 5, "articles": [1, 2]}',
    "articles not objects": lambda good: good.replace(b'"art-7":{', b'"art-7":[{', 1),
    "garbage after valid json": lambda good: good + b"garbage\x00\xff",
}


def _two_commits(directory: Path) -> Store:
    store = Store(directory)
    add(store, 1, 2)  # commit A
    add(store, 3)  # commit B: store.json.good now holds A
    return store


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_file_is_moved_aside_and_good_copy_restored(tmp_path: Path, kind: str) -> None:
    directory = tmp_path / "s"
    _two_commits(directory)
    good_bytes = (directory / "store.json.good").read_bytes()
    bad = DAMAGE[kind](_valid_bytes(tmp_path))
    (directory / "store.json").write_bytes(bad)

    notices: list[StoreRecovered] = []
    with pytest.warns(StoreRecovered) as caught:
        store = Store(directory, on_recovery=notices.append)
        articles = store.articles()
    assert sorted(a.id for a in articles) == ["art-1", "art-2"]  # commit A, intact
    assert all(store.body(a.body_hash) for a in articles)
    (aside,) = directory.glob("store.json.corrupt-*")
    assert aside.read_bytes() == bad  # byte for byte
    assert (directory / "store.json").read_bytes() == good_bytes
    message = store.last_recovery_message
    assert message and len(notices) == 1 and notices[0].message == message
    assert str(caught[0].message) == message
    assert str(aside) in message and str(directory / "store.json.good") in message
    assert "unreadable" in message and "restored" in message
    # the store works normally afterwards
    add(store, 4)
    assert ids(Store(directory)) == ["art-1", "art-2", "art-4"]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
@pytest.mark.parametrize("good", ["missing", "damaged too"])
def test_damaged_file_without_good_copy_raises(tmp_path: Path, kind: str, good: str) -> None:
    directory = tmp_path / "s"
    _two_commits(directory)
    if good == "missing":
        (directory / "store.json.good").unlink()
    else:
        (directory / "store.json.good").write_bytes(b"{")
    bad = DAMAGE[kind](_valid_bytes(tmp_path))
    (directory / "store.json").write_bytes(bad)
    with pytest.raises(StoreError) as raised:
        Store(directory).articles()
    (aside,) = directory.glob("store.json.corrupt-*")
    assert aside.read_bytes() == bad
    message = str(raised.value)
    assert str(aside) in message and "no empty store was created" in message
    # never replaced by an empty store, not on the next start either
    with pytest.raises(StoreError, match="missing"):
        Store(directory).articles()
    assert not (directory / "store.json").exists()
    assert aside.read_bytes() == bad


def test_only_one_commit_means_no_good_copy(tmp_path: Path) -> None:
    """The empty store a new folder starts with is never kept as the good copy."""
    store = Store(tmp_path)
    add(store, 1)
    assert not (tmp_path / "store.json.good").exists()
    (tmp_path / "store.json").write_bytes(b"")
    with pytest.raises(StoreError, match="no readable last good copy"):
        store.articles()


def test_missing_file_is_restored_from_good_copy(tmp_path: Path) -> None:
    store = _two_commits(tmp_path)
    (tmp_path / "store.json").unlink()
    with pytest.warns(StoreRecovered, match="missing"):
        assert ids(store) == ["art-1", "art-2"]


def test_damage_seen_by_a_transaction_is_repaired_first(tmp_path: Path) -> None:
    store = _two_commits(tmp_path)
    (tmp_path / "store.json").write_bytes(b"[]")
    with pytest.warns(StoreRecovered):
        add(store, 9)
    assert ids(store) == ["art-1", "art-2", "art-9"]


def test_generation_after_damage_and_restore_is_new(tmp_path: Path) -> None:
    store = _two_commits(tmp_path)
    before = store.generation()
    (tmp_path / "store.json").write_bytes(b"\x00\x00")
    damaged = store.generation()  # no repair here: it may be polled from a UI thread
    assert damaged < 0 and damaged != before
    assert (tmp_path / "store.json").read_bytes() == b"\x00\x00"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoreRecovered)
        snap = store.snapshot()  # repairs
    restored = store.generation()
    assert restored == snap.generation and restored not in (before, damaged)
    add(store, 5)
    assert store.generation() > max(before, restored)
    (tmp_path / "store.json").unlink()
    (tmp_path / "store.json.good").unlink()
    assert store.generation() == -1


# ---------------------------------------------------------------- a full disk

WRITE_STEPS = ["body_write", "body_fsync", "body_replace", "body_dir_fsync", "tmp_write",
               "tmp_fsync", "good_link", "replace", "good_replace", "dir_fsync"]


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_disk_full_at_each_write_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      step: str) -> None:
    store = _two_commits(tmp_path)
    before = (tmp_path / "store.json").read_bytes()
    good_before = (tmp_path / "store.json.good").read_bytes()
    hit = []

    def fault(name: str) -> None:
        if name == step:
            hit.append(name)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_files, "_FAULT", fault)
    with pytest.raises(StoreError) as raised:
        add(store, 10)
    assert hit == [step]
    message = str(raised.value)
    assert "no space left on device" in message and "not changed" in message
    assert str(tmp_path) in message
    assert (tmp_path / "store.json").read_bytes() == before  # unchanged
    assert (tmp_path / "store.json.good").read_bytes() in (good_before, before)
    assert [p for p in tmp_path.rglob("*") if ".tmp-" in p.name] == []
    assert ids(store) == ["art-1", "art-2", "art-3"]

    monkeypatch.setattr(store_files, "_FAULT", None)  # space again
    add(store, 10)
    art = store.article("art-10")
    assert store.body(art.body_hash) == "Body of article 10."


def test_disk_full_from_the_os(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through a patched os.write, as the kernel would report it."""
    store = _two_commits(tmp_path)
    before = (tmp_path / "store.json").read_bytes()
    real_write = os.write

    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_mod.os, "write", full_disk)
    try:
        with pytest.raises(StoreError, match="no space left on device"):
            add(store, 11)
    finally:
        monkeypatch.setattr(store_mod.os, "write", real_write)
    assert (tmp_path / "store.json").read_bytes() == before
    add(store, 11)
    assert "art-11" in ids(store)


# ---------------------------------------------------------------- segments (schema 2)


@pytest.fixture
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments of a few articles, so that small tests make several."""
    monkeypatch.setattr(store_mod, "INLINE_MAX", 3)
    monkeypatch.setattr(store_mod, "MAX_SEGMENTS", 3)


def _segments(directory: Path) -> list[Path]:
    return sorted((directory / "segments").glob("*.seg"))


def _main_meta(directory: Path) -> dict:
    return orjson.loads((directory / "store.json").read_bytes())["meta"]["1"]


def test_inline_articles_move_into_a_segment_and_writes_stay_small(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)  # more than INLINE_MAX: into a segment
    assert len(_segments(tmp_path)) == 1
    meta = _main_meta(tmp_path)
    assert [r["count"] for r in meta["segments"]] == [4]
    assert orjson.loads((tmp_path / "store.json").read_bytes())["articles"] == {}
    seg = _segments(tmp_path)[0]
    seg_bytes, mtime = seg.read_bytes(), seg.stat().st_mtime_ns
    assert (tmp_path / "segments" / (seg.name + ".good")).read_bytes() == seg_bytes  # its copy
    add(store, 5)  # a small write: only the main file changes
    assert seg.stat().st_mtime_ns == mtime and seg.read_bytes() == seg_bytes
    assert list(orjson.loads((tmp_path / "store.json").read_bytes())["articles"]) == ["art-5"]
    assert ids(Store(tmp_path)) == [f"art-{n}" for n in range(1, 6)]
    assert [a.id for a in store.snapshot().articles] == [f"art-{n}" for n in range(1, 6)]
    assert store.article("art-2").title == "Talks, part 2"


def test_edits_and_removals_of_segment_articles_are_kept(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    with store.transaction() as tx:
        tx.articles["art-1"].source_ids.append("ap")  # in place, no put_article
        tx.articles["art-2"].title = "retitled"
        tx.remove_article("art-3")
        assert tx.find_article_by_url("https://example.org/4").id == "art-4"
    got = {a.id: a for a in Store(tmp_path).articles()}
    assert sorted(got) == ["art-1", "art-2", "art-4"]
    assert got["art-1"].source_ids == ["reuters", "ap"]
    assert got["art-2"].title == "retitled"
    assert got["art-4"] == make_article(4, got["art-4"].body_hash)
    assert _main_meta(tmp_path)["gone"] == ["art-3"]
    # a removed article added again is not hidden by the removal
    add(store, 3)
    assert ids(store) == ["art-1", "art-2", "art-3", "art-4"]
    # every kind of edit after reading all articles
    with store.transaction() as tx:
        arts = {a.id: a for a in tx.articles.values()}
        arts["art-4"].outlets.append("AP")
        arts["art-4"].urls.append("https://mirror/4")
    assert store.article("art-4").outlets == ["Reuters", "AP"]
    with store.transaction() as tx:
        assert tx.find_article_by_url("https://mirror/4").id == "art-4"


def test_many_segments_are_merged_and_unused_files_removed(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    for k in range(6):
        add(store, *range(10 * k, 10 * k + 4))
        assert len(_main_meta(tmp_path)["segments"]) <= 3
    assert ids(store) == sorted(f"art-{10 * k + j}" for k in range(6) for j in range(4))
    named = {r["name"] for r in _main_meta(tmp_path)["segments"]}
    good = orjson.loads((tmp_path / "store.json.good").read_bytes())["meta"]["1"]
    named |= {r["name"] for r in good["segments"]}
    on_disk = {p.name.split(".")[0] for p in (tmp_path / "segments").iterdir()}
    assert on_disk == named  # nothing else is kept
    # the good copy still opens: its segments were kept
    (tmp_path / "store.json").write_bytes(b"")
    with pytest.warns(StoreRecovered):
        assert len(Store(tmp_path).articles()) == 20


def test_snapshot_analyses_are_read_from_disk_on_demand_and_survive_merges(
        tmp_path: Path, small_segments) -> None:
    """A snapshot leaves the segment articles' analyses on disk (a third of the memory of a
    large store); each one still reads back as written, in any order, also after a later
    commit merged its segment away and deleted the file, and also when the file is damaged."""
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    add(store, 5, 6, 7, 8)
    snap = {a.id: a for a in store.snapshot().articles}
    assert snap["art-7"].analysis == {"events": [{"kind": "talks", "value": "2025-07-23", "n": 7}]}
    assert snap["art-2"].analysis["events"][0]["n"] == 2
    first = {a.id: a for a in store.snapshot().articles}
    read = _segments(tmp_path)
    for k in range(2, 6):  # merges: the segments these snapshots read are deleted
        add(store, *range(10 * k, 10 * k + 4))
    assert read and not any(seg.exists() for seg in read)
    assert [first[f"art-{n}"].analysis["events"][0]["n"] for n in (8, 1, 5)] == [8, 1, 5]
    # a snapshot article written back keeps its analysis
    again = {a.id: a for a in store.snapshot().articles}
    # damaged under the snapshot: the segment that holds art-3 (names are content hashes)
    holder = next(p for p in _segments(tmp_path) if b'"art-3"' in p.read_bytes())
    holder.write_bytes(b"{not json\n")
    with pytest.warns(StoreRecovered):
        assert again["art-3"].analysis["events"][0]["n"] == 3
    with store.transaction() as tx:
        tx.put_article(again["art-4"])
    assert Store(tmp_path).article("art-4").analysis["events"][0]["n"] == 4


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "missing"])
def test_damaged_segment_is_moved_aside_and_its_copy_restored(tmp_path: Path, small_segments,
                                                              damage: str) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    add(store, 5)
    (seg,) = _segments(tmp_path)
    good = seg.read_bytes()
    if damage == "truncated":
        bad = good[: len(good) // 2]
    elif damage == "flipped byte":
        i = good.index(b"Talks, part 2")
        bad = good[:i] + b"W" + good[i + 1:]  # still valid JSON: only the checksum sees it
    else:
        bad = None
    if bad is None:
        seg.unlink()
    else:
        seg.write_bytes(bad)
    notices: list[StoreRecovered] = []
    with pytest.warns(StoreRecovered):
        store = Store(tmp_path, on_recovery=notices.append)
        assert ids(store) == [f"art-{n}" for n in range(1, 6)]  # nothing lost
    assert seg.read_bytes() == good
    message = store.last_recovery_message
    assert message and str(seg) in message and "restored" in message and len(notices) == 1
    if bad is not None:
        (aside,) = (tmp_path / "segments").glob("*.corrupt-*")
        assert aside.read_bytes() == bad  # byte for byte
        assert str(aside) in message
    assert store.article("art-2").title == "Talks, part 2"


def test_damaged_segment_and_copy_never_give_an_empty_store(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    add(store, 5)
    (seg,) = _segments(tmp_path)
    twin = seg.with_name(seg.name + ".good")
    seg.write_bytes(b"garbage")
    twin.write_bytes(b"garbage too")
    with pytest.raises(StoreError) as raised:
        Store(tmp_path).articles()
    message = str(raised.value)
    assert str(seg) in message and "no empty store was created" in message
    (aside,) = (tmp_path / "segments").glob("*.seg.corrupt-*")
    assert aside.read_bytes() == b"garbage"
    with pytest.raises(StoreError):
        Store(tmp_path).articles()


def test_damaged_segment_of_the_last_commit_restores_the_good_copy(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2)
    add(store, 3, 4)  # this commit makes the segment; the good copy has art-1, art-2 inline
    (seg,) = _segments(tmp_path)
    seg.write_bytes(b"x")
    seg.with_name(seg.name + ".good").unlink()
    with pytest.warns(StoreRecovered):
        store = Store(tmp_path)
        assert ids(store) == ["art-1", "art-2"]
    assert "segment" in store.last_recovery_message


def test_migration_from_version_1(tmp_path: Path, small_segments) -> None:
    docs = {f"art-{n}": article_to_doc(make_article(n)) for n in range(1, 6)}
    v1 = {"meta": {"1": {"schema": 1, "generation": 7}}, "sources": {}, "articles": docs}
    raw = orjson.dumps(v1)
    (tmp_path / "store.json").write_bytes(raw)
    store = Store(tmp_path)
    meta = _main_meta(tmp_path)
    assert meta["schema"] == SCHEMA_VERSION == 2 and meta["migrated_from"] == 1
    assert [r["count"] for r in meta["segments"]] == [5]
    assert ids(store) == [f"art-{n}" for n in range(1, 6)]
    assert (tmp_path / "store.json.good").read_bytes() == raw


@pytest.mark.parametrize("step", ["seg_write", "seg_fsync", "seg_replace", "seg_dir_fsync"])
def test_disk_full_while_writing_a_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           small_segments, step: str) -> None:
    store = Store(tmp_path)
    add(store, 1, 2)
    before = (tmp_path / "store.json").read_bytes()

    def fault(name: str) -> None:
        if name == step:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_files, "_FAULT", fault)
    with pytest.raises(StoreError, match="no space left on device.*not changed"):
        add(store, 3, 4)
    assert (tmp_path / "store.json").read_bytes() == before
    assert [p for p in tmp_path.rglob("*") if ".tmp-" in p.name] == []
    monkeypatch.setattr(store_files, "_FAULT", None)
    add(store, 3, 4)
    assert ids(Store(tmp_path)) == ["art-1", "art-2", "art-3", "art-4"]


@pytest.mark.parametrize("step", ["body_write", "body_fsync", "body_replace", "body_dir_fsync"])
def test_disk_full_while_writing_many_bodies_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     step: str) -> None:
    """Many bodies are written on several threads: a failure in any of them fails the
    commit cleanly, after all have stopped."""
    store = _two_commits(tmp_path)
    before = (tmp_path / "store.json").read_bytes()
    calls = []

    def fault(name: str) -> None:
        if name == step:
            calls.append(name)
            if len(calls) == 5 or step == "body_dir_fsync":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_files, "_FAULT", fault)
    with pytest.raises(StoreError, match=f"no space left on device.*step: {step}.*not changed"):
        add(store, *range(100, 140))
    assert (tmp_path / "store.json").read_bytes() == before
    assert [p for p in tmp_path.rglob("*") if ".tmp-" in p.name] == []
    monkeypatch.setattr(store_files, "_FAULT", None)
    add(store, *range(100, 140))
    for n in range(100, 140):
        assert store.body(store.article(f"art-{n}").body_hash) == f"Body of article {n}."


def test_transaction_reads_only_the_segment_lines_it_needs(tmp_path: Path, small_segments,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    monkeypatch.setattr(store_mod, "read_segment", None)  # a transaction never reads one whole
    with store.transaction() as tx:
        assert len(tx.articles) == 4 and "art-3" in tx.articles
        assert tx.find_article_by_url("https://nowhere") is None
        assert tx.find_article_by_body_hash(tx.put_body("Body of article 2.")).id == "art-2"
        tx.put_article(make_article(5))
    monkeypatch.undo()
    assert ids(store) == [f"art-{n}" for n in range(1, 6)]


def test_damaged_index_falls_back_to_the_whole_segment(tmp_path: Path, small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    (idx,) = (tmp_path / "segments").glob("*.idx")
    idx.write_bytes(b"{}")
    with store.transaction() as tx:
        assert tx.find_article_by_url("https://example.org/2").id == "art-2"
        tx.articles["art-3"].title = "edited"
    assert store.article("art-3").title == "edited"
    assert store.last_recovery_message is None  # the index is only a short cut


def test_segment_damaged_under_a_transaction_is_repaired_from_its_copy(tmp_path: Path,
                                                                       small_segments) -> None:
    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    (seg,) = _segments(tmp_path)
    good = seg.read_bytes()
    with pytest.warns(StoreRecovered):
        with store.transaction() as tx:
            seg.write_bytes(good.replace(b"Talks, part 2", b"Talks, part X"))  # after the index read
            assert tx.articles["art-2"].title == "Talks, part 2"
            tx.put_article(make_article(5))
    assert seg.read_bytes() == good
    assert ids(store) == [f"art-{n}" for n in range(1, 6)]


def test_tinydb_view_writes_a_segmented_store(tmp_path: Path, small_segments) -> None:
    from tinydb import Query

    store = Store(tmp_path)
    add(store, 1, 2, 3, 4)
    add(store, 5)
    table = store.tinydb().table("articles")
    table.update({"title": "via tinydb"}, Query().id == "art-2")
    assert store.article("art-2").title == "via tinydb"
    assert ids(store) == [f"art-{n}" for n in range(1, 6)]
    table.remove(Query().id == "art-4")
    assert ids(Store(tmp_path)) == ["art-1", "art-2", "art-3", "art-5"]


def test_source_counts_without_reading_segment_lines(tmp_path: Path, small_segments,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    with store.transaction() as tx:
        for n in range(1, 6):
            tx.put_article(make_article(n, source_ids=["reuters", "ap"] if n % 2 else ["reuters"]))
    add(store, 6)
    monkeypatch.setattr(store_mod, "read_line", None)  # no segment line is read
    with store.transaction() as tx:
        tx.put_article(make_article(7, source_ids=["tass"]))
        tx.remove_article("art-6")
        assert tx.source_counts() == {"reuters": 5, "ap": 3, "tass": 1}
    monkeypatch.undo()
    with store.transaction() as tx:
        tx.articles["art-1"].source_ids.append("bbc")
        expected: dict[str, int] = {}
        for a in tx.articles.values():
            for sid in a.source_ids:
                expected[sid] = expected.get(sid, 0) + 1
        assert tx.source_counts() == expected == {"reuters": 5, "ap": 3, "tass": 1, "bbc": 1}
    # a segment index without source ids: the lines are read
    with store.transaction() as tx:
        tx.articles._refmeta = {k: v[:3] for k, v in tx.articles._refmeta.items()}
        assert tx.source_counts()["reuters"] == 5
