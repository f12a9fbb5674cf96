"""The story builder merges by hashing: no all-pairs comparisons across the corpus."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import talkstui.story.quotes as sq
from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.model import Article
from talkstui.story import build_story

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)
WORDS = ["scheduled", "planned", "set", "expected", "due"]


def corpus(n):
    texts = []
    for k in range(len(WORDS) * 2):
        day = datetime(2025, 7, 14 + k % 5, tzinfo=UTC)
        text = (f"“Umerov reported that the meeting is {WORDS[k % len(WORDS)]} for Wednesday,” Zelensky said. "
                f"Russia and Ukraine exchanged {100 + k % 3} prisoners on Monday, officials said. "
                f"Talks in Istanbul will be held on Thursday, an anonymous source told TASS.")
        texts.append((day, analyse(text, day).to_dict()))
    arts = []
    for i in range(n):
        day, a = texts[i % len(texts)]
        arts.append(Article(id=f"a{i}", title=f"t{i}", outlet=f"Outlet {i % 17}", url=None,
                            published=day + timedelta(minutes=i % 600), body_hash="x", analysis=a))
    return arts


def test_quote_comparisons_do_not_grow_with_the_corpus(monkeypatch):
    calls = []
    real = sq.similar

    def counting(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(sq, "similar", counting)
    small = build_story(Settings(locations=locations()), [], corpus(200), now=NOW)
    n_small = len(calls)
    calls.clear()
    big = build_story(Settings(locations=locations()), [], corpus(4000), now=NOW)
    assert len(calls) == n_small  # identical wordings are joined by hashing, never compared again
    shared = [q for q in big.quotes if "Umerov" in q.variants[0].text]
    assert len(shared) == 1
    assert len(shared[0].variants) <= 17 * len(WORDS)  # one per outlet and wording, not per article
    assert len(small.events) == len(big.events)


def test_big_story_is_consistent():
    story = build_story(Settings(locations=locations()), [], corpus(6000), now=NOW)
    assert len(story.articles) == 6000
    talks = [e for e in story.events if e.kind == "talks"]
    assert talks and all(len(e.outlets) <= 17 for e in talks)
    total = sum(len(e.mentions) for e in story.events)
    assert total >= 6000
    assert all(c.claims for c in story.conflicts)
    assert story.articles[0].event_ids


def test_changed_lexicon_reanalyses_with_the_body():
    text = "The ministers will hold a parley on Friday in Geneva."
    art = Article(id="p", title="p", outlet="O", url=None, published=NOW, body_hash="p",
                  analysis=analyse(text, NOW).to_dict())
    plain = build_story(Settings(locations=locations()), [], [art], now=NOW, body={"p": text}.get)
    assert [e.kind for e in plain.events] == ["talks"]
    custom = Settings(locations=locations(), lexicon={"parley": ["parley"]})
    story = build_story(custom, [], [art], now=NOW, body={"p": text}.get)
    assert [e.kind for e in story.events] == ["parley"]
