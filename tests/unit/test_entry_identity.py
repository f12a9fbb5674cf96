"""Entry identity (issue 12, item 1) as a property: whatever their titles, texts and links,
entries with distinct guids are distinct articles, and merging the same feed again changes
nothing. Parsed with feedparser, merged into the in-memory store with the refresh's rules."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape

from fixtures.servers import MemoryStore
from hypothesis import given, settings
from hypothesis import strategies as st

from talkstui.ingest.articles import clean_item, merge_item, shared_keys
from talkstui.ingest.feeds import parse_feed
from talkstui.model import Source

NOW = datetime(2025, 7, 24, tzinfo=UTC)
TITLES = st.sampled_from(["", "Read more", "Talks in Istanbul", "Why std::vector<int> is fast"])
TEXTS = st.sampled_from(["", "Read more", "Delegations will meet on Wednesday in Istanbul."])
LINKS = st.sampled_from([None, "http://a.invalid/live", "http://a.invalid/2"])
ENTRY = st.tuples(TITLES, TEXTS, LINKS, st.booleans())


def feed(entries) -> bytes:
    out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>']
    for i, (title, text, link, guid) in enumerate(entries):
        out.append("<item>")
        if title:
            out.append(f"<title>{escape(title)}</title>")
        if text:
            out.append(f"<description>{escape(text)}</description>")
        if link:
            out.append(f"<link>{link}</link>")
        if guid:
            out.append(f'<guid isPermaLink="false">entry-{i}</guid>')
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def merge(store: MemoryStore, body: bytes) -> list[str]:
    doc = parse_feed(body, "application/rss+xml", "http://a.invalid/feed", NOW)
    items = [clean_item(i) for i in doc.items]
    states = []
    source = Source(id="live", name="Live", kind="feed", url="http://a.invalid/feed")
    with store.transaction() as tx:
        tx.put_source(source)
        shared = shared_keys(items)
        for item in items:
            states.append(merge_item(tx, item, source=source, outlet="Live", now=NOW,
                                     shared=shared)[1])
    return states


@settings(max_examples=60, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=10))
def test_distinct_entries_are_distinct_articles_and_a_second_merge_changes_nothing(entries):
    store = MemoryStore()
    body = feed(entries)
    first = merge(store, body)
    with_guid = [e for e in entries if e[3] and (e[0] or e[1])]
    arts = store.articles()
    # every entry with a guid and some content is its own article
    assert len(arts) >= len(with_guid)
    assert first.count("new") == len(arts)
    titles = sorted(a.title for a in arts)
    for title, text, _link, guid in with_guid:
        assert (title or "(untitled)") in titles
    # a second and a third merge of the unchanged feed: nothing new, no revision
    for _ in range(2):
        assert set(merge(store, body)) <= {"same"}
    assert len(store.articles()) == len(arts)
    assert sum(len(a.revisions) for a in store.articles()) == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TITLES, TEXTS, LINKS, st.just(True)), min_size=1, max_size=10))
def test_entries_with_guids_are_exactly_one_article_each(entries):
    store = MemoryStore()
    merge(store, feed(entries))
    assert len(store.articles()) == sum(1 for e in entries if e[0] or e[1])
