"""Quotes and their speakers; the same quote in other words across outlets."""

from __future__ import annotations

from datetime import UTC, datetime

from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.extract.quotes import extract_quotes
from talkstui.model import Article
from talkstui.story import build_story


def test_speaker_patterns():
    text = (
        "“We are ready for a meeting at any level,” Zelensky said.\n"
        "“It is possible, and over time it will happen,” said Dmitry Peskov.\n"
        "“Everyone is used to his tough rhetoric,” Peskov told journalists.\n"
        "“This is a long process, it requires effort,” he added.\n"
        "\"Straight quotes work the same way too,\" the president said.\n"
        "Merezhko said: \"I don't expect anything serious from these talks.\"\n"
    )
    qs = extract_quotes(text)
    assert [q.speaker for q in qs] == ["Zelensky", "Peskov", "Peskov", "Peskov", "Peskov", "Merezhko"]
    assert qs[3].speaker_text == "he"


def test_multi_paragraph_quote():
    text = (
        "The minister spoke at length. “The first paragraph of the statement goes here,\n"
        "“and the second paragraph continues the same statement for a while,” Kuleba said.\n"
    )
    (q,) = extract_quotes(text)
    assert "first paragraph" in q.text and "second paragraph" in q.text
    assert q.speaker == "Kuleba"
    assert len(q.units) >= 2


def _art(i, outlet, text, day):
    pub = datetime(2025, 7, day, tzinfo=UTC)
    return Article(id=f"a{i}", title=outlet, outlet=outlet, url=None, published=pub,
                   body_hash=str(i), analysis=analyse(text, pub).to_dict())


def test_same_quote_in_other_words_is_one_quote():
    arts = [
        _art(1, "Outlet A", "“Umerov reported that the meeting is scheduled for Wednesday,” Zelensky said.", 21),
        _art(2, "Outlet B", "“Umerov reported that the meeting is planned for Wednesday,” the president said, as Zelenskyy put it.", 22),
        _art(3, "Outlet C", "“We will never recognise the occupation of our land,” Zelensky said.", 22),
    ]
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 7, 22, 12, tzinfo=UTC))
    shared = [q for q in story.quotes if len(q.variants) > 1]
    assert len(shared) == 1
    (q,) = shared
    assert [v.outlet for v in q.variants] == ["Outlet A", "Outlet B"]
    assert [r for r, d in q.variants[0].diff if d] == ["scheduled"]
    assert [r for r, d in q.variants[1].diff if d] == ["planned"]
    assert len(story.quotes) == 2


def test_part_of_a_longer_quote_matches():
    long = ("“Today, I discussed the preparations for the exchange with him. "
            "Umerov reported that the meeting is scheduled for Wednesday,” Zelensky said.")
    short = "“Umerov reported that the meeting is planned for Wednesday,” Zelensky said."
    story = build_story(Settings(locations=locations()), [], [_art(1, "A", long, 21), _art(2, "B", short, 22)],
                        now=datetime(2025, 7, 22, tzinfo=UTC))
    (q,) = [q for q in story.quotes if len(q.variants) > 1]
    assert q.variants[0].text.startswith("Umerov reported")
    assert q.variants[0].full_text.startswith("Today")
