"""A store written before stories had scopes opens without loss: every article stays, the
story judges the old articles from their title and body, and the unrelated ones are listed
outside; a later write keeps them all and stores the decisions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from talkstui.config import load_settings, locations
from talkstui.store import Store
from talkstui.story import load_story

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "before-scopes"
NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)


def old_store(tmp_path: Path) -> Store:
    folder = tmp_path / "store"
    shutil.copytree(OLD, folder)
    return Store(folder)


def test_old_store_opens_with_every_article_and_the_same_story(tmp_path, isolated_home):
    store = old_store(tmp_path)
    arts = store.articles()
    assert len(arts) == 4 and all(a.relevance is None for a in arts)
    settings = load_settings(locations())
    story = load_story(settings, store, now=NOW, use_cache=False)
    assert sorted(a.outlet for a in story.articles) == ["ABC News", "The Moscow Times"]
    assert sorted(v.title for v in story.outside) == [
        "Boeing and machinists union to resume talks Thursday",
        "Fed expected to hold rates at its July 29-30 meeting"]
    assert all(not v.relevance.inside and v.relevance.decided_by == "terms"
               for v in story.outside)
    # the seed story's facts: the third round's disputed day, the 50-day deadline
    third = [e for e in story.events if e.kind == "talks" and e.value == "2025-07-23"]
    assert len(third) == 1 and third[0].conflict_ids
    assert story.current_deadline.due.date().isoformat() == "2025-09-02"
    assert not [e for e in story.events if e.venue and "Louis" in e.venue]


def test_a_write_to_an_old_store_keeps_everything(tmp_path, isolated_home):
    store = old_store(tmp_path)
    before = {a.id: (a.title, a.body_hash, a.analysis) for a in store.articles()}
    with store.transaction() as tx:
        tx.choices["russia-ukraine"] = {"articles": {}, "sources": {"import-world-wire": False}}
    after = {a.id: (a.title, a.body_hash, a.analysis) for a in store.articles()}
    assert after == before
    assert Store(store.directory).choices() == {
        "russia-ukraine": {"articles": {}, "sources": {"import-world-wire": False}}}


def test_documents_written_before_scopes_are_decoded_in_place():
    """Every article of a store (and every segment) written before stories had scopes lacks
    `relevance`; decoding must not build a new dict per article (at 50,000 articles that cost
    28 MB and most of the open time)."""
    from talkstui.store.codec import ARTICLE_DOC_KEYS, article_from_doc, articles_from_docs

    def old_doc(i: int) -> dict:
        doc = {"id": f"a{i}", "title": "t", "outlet": "o", "url": None, "published": None,
               "body_hash": f"h{i}", "source_ids": ["s"], "outlets": ["o"], "urls": [],
               "author": None, "fetched_at": None, "bundled": False, "revisions": [],
               "analysis": None}
        assert doc.keys() == ARTICLE_DOC_KEYS - {"relevance"}
        return doc

    docs = {f"a{i}": old_doc(i) for i in range(3)}
    originals = list(docs.values())
    for article, doc in zip(articles_from_docs(docs), originals, strict=True):
        assert article.__dict__ is doc and article.relevance is None
    one = old_doc(9)
    assert article_from_doc(one).__dict__ is one
