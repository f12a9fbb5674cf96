"""The whole article for summary-only feed items (issue 12, item 6): the refresh fetches
their pages from 127.0.0.1 and the user sees the article's text, the summary kept."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fixtures.servers import Config, serving

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.store import Store

ARTICLE = ("<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
           "<article><h1>{title}</h1>{paras}</article><footer>Contact us</footer></body></html>")
FULL_PARAS = [
    "Delegations from Russia and Ukraine met at Ciragan Palace in Istanbul on Wednesday "
    "evening for a third round of direct talks, Turkish officials said.",
    "The meeting lasted less than an hour. Ukraine's delegation was led by Rustem Umerov, "
    "who told reporters that the sides had agreed on a new exchange of prisoners.",
    "Russia's negotiator Vladimir Medinsky said Moscow proposed short ceasefires of 24 to 48 "
    "hours to collect the bodies of soldiers, according to the TASS news agency.",
    "US President Donald Trump had said on July 14 that Russia faced severe tariffs if no "
    "deal was reached within 50 days, a deadline that runs out in early September.",
]
TEASER = ("<html><head><title>Exclusive</title></head><body><article><h1>Exclusive: the "
          "memorandum</h1><p>What the two drafts say about a ceasefire.</p><p>Subscribe to "
          "continue reading. Already a subscriber? Sign in.</p></article></body></html>")


def feed(base: str, summary_one: str = "Delegations met in Istanbul for a third round.") -> bytes:
    items = [
        ("Third round of talks in Istanbul", "/p/full", summary_one),
        # each summary names a term of the story (Ukraine, Kremlin, Istanbul): pages are
        # fetched only for items that may concern a story
        ("Exclusive: the memorandum", "/p/teaser", "What the Ukraine drafts say."),
        ("Gone", "/p/missing", "A Kremlin page that is not there any more."),
        ("Not a page", "/p/binary", "A link to a download from Istanbul."),
    ]
    out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
           '<link>http://gazette.invalid/</link>']
    for i, (title, path, text) in enumerate(items):
        out.append(f"<item><title>{title}</title><link>{base}{path}</link>"
                   f"<guid isPermaLink='false'>hg-{i}</guid>"
                   "<pubDate>Wed, 23 Jul 2025 18:00:00 GMT</pubDate>"
                   f"<description>{text}</description></item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def page(paras: list[str], title: str = "Third round of talks in Istanbul") -> bytes:
    return ARTICLE.format(title=title, paras="".join(f"<p>{p}</p>" for p in paras)).encode()


@pytest.fixture
def server():
    with serving(Config()) as srv:
        cfg = srv.config
        cfg.dynamic["/feed.xml"] = (feed(srv.url("")), "application/rss+xml")
        cfg.dynamic["/p/full"] = (page(FULL_PARAS), "text/html; charset=utf-8", {"ETag": '"v1"'})
        cfg.dynamic["/p/teaser"] = (TEASER.encode(), "text/html")
        cfg.dynamic["/p/binary"] = (b"\x1f\x8b\x08\x00" + bytes(200), "application/octet-stream")
        yield srv


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def config(text: str) -> None:
    path = load_settings().locations.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def store() -> Store:
    return Store(load_settings().locations.store_dir)


def by_title() -> dict:
    return {a.title: a for a in store().snapshot().articles if not a.bundled}


def test_summary_only_items_get_their_pages_text_and_keep_the_summary(server):
    result = cli("add-source", server.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    assert cli("refresh").exit_code == 0
    arts = by_title()
    assert len(arts) == 4
    s = store()
    full = arts["Third round of talks in Istanbul"]
    body = s.body(full.body_hash)
    assert "Rustem Umerov" in body and "early September" in body
    assert "Home | World" not in body and "Contact us" not in body
    assert [r.kind for r in full.revisions] == ["summary"]
    assert s.body(full.revisions[0].body_hash) == "Delegations met in Istanbul for a third round."
    assert full.outlet == "Harbour Gazette"
    # the story reads the article: the page's dates and the 50-day deadline are analysed
    assert "2025-07-14" in str(full.analysis) and "P50D" in str(full.analysis)
    # a paywall stub is marked as a teaser; the summary stays the body
    teaser = arts["Exclusive: the memorandum"]
    assert s.body(teaser.body_hash) == "What the Ukraine drafts say."
    assert [r.kind for r in teaser.revisions] == ["teaser"]
    # failed pages keep the summary, are reported, and never fail the source
    assert s.body(arts["Gone"].body_hash) == "A Kremlin page that is not there any more."
    assert arts["Not a page"].revisions == []
    src = next(x for x in s.snapshot().sources if x.name == "Harbour Gazette")
    assert src.last_status == "ok"
    assert src.last_warning.startswith("2 item pages not fetched (summary kept): ")
    row = next(ln for ln in cli("sources").output.splitlines() if "\tHarbour Gazette\t" in ln)
    assert row.split("\t")[7].startswith("ok: 2 item pages not fetched (summary kept)")


def test_pages_are_fetched_once_then_conditionally_and_refreshes_add_nothing(server):
    assert cli("add-source", server.url("/feed.xml")).exit_code == 0
    assert cli("refresh").exit_code == 0
    hits = dict(server.config.hits)
    before = {t: (a.body_hash, len(a.revisions)) for t, a in by_title().items()}
    for _ in range(10):
        assert cli("refresh").exit_code == 0
    assert {t: (a.body_hash, len(a.revisions)) for t, a in by_title().items()} == before
    assert server.config.hits["/p/full"] == hits["/p/full"] == 1  # done: not fetched again
    assert server.config.hits["/p/teaser"] == 1
    assert server.config.hits["/p/missing"] == 1  # a failed page is not retried at once
    # the entry's summary changes: its page is asked for again, with If-None-Match; the
    # server says 304 (its body changed but its ETag did not: only a conditional GET keeps
    # the text stored before)
    cfg = server.config
    cfg.dynamic["/p/full"] = (page(FULL_PARAS[:2] + ["An unconditional fetch sees this."] * 3),
                              "text/html", {"ETag": '"v1"'})
    cfg.dynamic["/feed.xml"] = (feed(server.url(""), "Talks ended within the hour."),
                                "application/rss+xml")
    assert cli("refresh").exit_code == 0
    full = by_title()["Third round of talks in Istanbul"]
    s = store()
    assert server.config.hits["/p/full"] == 2
    assert "Rustem Umerov" in s.body(full.body_hash)
    assert "unconditional" not in s.body(full.body_hash)
    assert [r.kind for r in full.revisions] == ["summary", "", "summary"]
    assert s.body(full.revisions[-1].body_hash) == "Talks ended within the hour."


def test_max_pages_and_the_off_switch(server):
    config("[refresh]\nmax_pages = 1\n")
    assert cli("add-source", server.url("/feed.xml")).exit_code == 0
    assert cli("refresh").exit_code == 0
    fetched = [p for p in ("/p/full", "/p/teaser", "/p/missing", "/p/binary")
               if server.config.hits.get(p)]
    assert fetched == ["/p/full"]
    assert cli("refresh").exit_code == 0  # the next refresh takes the next one
    assert server.config.hits.get("/p/teaser") == 1
    config("[refresh]\nfetch_pages = false\n")
    server.config.dynamic["/feed.xml"] = (feed(server.url(""), "Changed summary."),
                                          "application/rss+xml")
    assert cli("refresh").exit_code == 0
    assert server.config.hits["/p/full"] == 1
    assert not server.config.hits.get("/p/missing")
    full = by_title()["Third round of talks in Istanbul"]
    assert store().body(full.body_hash) == "Changed summary."
