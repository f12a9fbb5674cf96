"""Scope and item pages together: a summary-only feed item is judged again on its page's
text once the page is its body, and the page is analysed only when inside the story."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from fixtures.servers import Config, serving

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.store import Store
from talkstui.story import load_story

STORY = "russia-ukraine"
PAGE = ("<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        "<article><h1>{title}</h1>{paras}</article><footer>Contact us</footer></body></html>")
TALKS = [
    "Delegations from Russia and Ukraine met at Ciragan Palace in Istanbul on Wednesday "
    "evening for a third round of direct talks, Turkish officials said.",
    "Ukraine's delegation was led by Rustem Umerov, who told reporters that the sides had "
    "agreed on a new exchange of prisoners before the meeting ended.",
    "Russia's negotiator Vladimir Medinsky said Moscow proposed short ceasefires of 24 to 48 "
    "hours to collect the bodies of soldiers, according to the TASS news agency.",
    "US President Donald Trump had said on July 14 that Russia faced severe tariffs if no "
    "deal was reached within 50 days, a deadline that runs out in early September.",
]
REGATTA = [
    "The harbour regatta returns on Saturday after two years away, with more than eighty "
    "boats entered in the three classes, the sailing club said on Tuesday.",
    "Organisers expect the race around the lighthouse to start at ten in the morning if the "
    "wind allows; the junior classes sail a shorter course inside the breakwater.",
    "The quay will be closed to cars from Friday evening, and the ferry will run every half "
    "hour instead of every hour while the boats are out.",
    "Last time the cup went to a crew from the fishing cooperative, whose skipper has said "
    "she will not defend it this year because of a shoulder injury.",
]


def feed(base: str) -> bytes:
    items = [("Evening report", "/p/talks", "Our correspondent's report from Istanbul."),
             ("Weekend on the water", "/p/regatta", "What to expect in Istanbul on Saturday."),
             ("Markets close higher", "/p/markets", "Shares rose for a third day.")]
    out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
           '<link>http://gazette.invalid/</link>']
    for i, (title, path, text) in enumerate(items):
        out.append(f"<item><title>{title}</title><link>{base}{path}</link>"
                   f"<guid isPermaLink='false'>hg-{i}</guid>"
                   "<pubDate>Wed, 23 Jul 2025 18:00:00 GMT</pubDate>"
                   f"<description>{text}</description></item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def page(title: str, paras: list[str]) -> bytes:
    return PAGE.format(title=title, paras="".join(f"<p>{p}</p>" for p in paras)).encode()


@pytest.fixture
def server():
    with serving(Config()) as srv:
        srv.config.dynamic["/feed.xml"] = (feed(srv.url("")), "application/rss+xml")
        srv.config.dynamic["/p/talks"] = (page("Evening report", TALKS), "text/html")
        srv.config.dynamic["/p/regatta"] = (page("Weekend on the water", REGATTA), "text/html")
        srv.config.dynamic["/p/markets"] = (page("Markets close higher", REGATTA), "text/html")
        yield srv


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_summary_only_item_is_in_or_out_of_the_story_by_its_pages_text(server):
    assert cli("add-source", server.url("/feed.xml")).exit_code == 0
    result = cli("refresh")
    assert result.exit_code == 0, result.output
    s = Store(load_settings().locations.store_dir)
    arts = {a.title: a for a in s.snapshot().articles if not a.bundled}
    talks, regatta = arts["Evening report"], arts["Weekend on the water"]
    # both bodies are the pages' text, the summaries kept as revisions
    assert "Rustem Umerov" in s.body(talks.body_hash)
    assert "lighthouse" in s.body(regatta.body_hash)
    assert [r.kind for r in talks.revisions] == [r.kind for r in regatta.revisions] == ["summary"]
    # the summary alone names one place of the story, not enough to be inside; the page is
    # fetched because it names a term, and the page's text puts it inside: analysed
    score, terms, inside, _fp, _excl = talks.relevance[STORY]
    assert inside and "Umerov" in terms and "50-day deadline" in terms
    assert "P50D" in str(talks.analysis)
    # the regatta's page is outside: stored with its decision, not analysed
    assert regatta.relevance[STORY][2] is False and regatta.analysis is None
    # the story shows the one and lists the other as outside
    story = load_story(load_settings(), s, now=datetime(2025, 7, 24, tzinfo=UTC))
    assert "Evening report" in {a.title for a in story.articles}
    assert "Weekend on the water" not in {a.title for a in story.articles}
    assert "Weekend on the water" in {a.title for a in story.outside}


def test_an_item_naming_nothing_of_any_story_never_has_its_page_fetched(server):
    assert cli("add-source", server.url("/feed.xml")).exit_code == 0
    assert cli("refresh").exit_code == 0
    hits = server.config.hits
    assert hits.get("/p/talks") == 1 and hits.get("/p/regatta") == 1
    assert "/p/markets" not in hits  # other news: its page is not fetched
    s = Store(load_settings().locations.store_dir)
    (markets,) = [a for a in s.snapshot().articles if a.title == "Markets close higher"]
    assert s.body(markets.body_hash) == "Shares rose for a third day."  # stored, summary kept
    assert markets.relevance[STORY][2] is False and markets.analysis is None
