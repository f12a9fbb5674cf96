"""The story built from the two bundled seed articles, as of 2025-07-22T12:00Z."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from talkstui.config import Settings, locations
from talkstui.extract import analyse
from talkstui.export import render_json, render_markdown, render_text
from talkstui.model import Article
from talkstui.sanitize import forbidden_chars
from talkstui.seeds import seed_items
from talkstui.story.definitions import seed_story
from talkstui.story import build_story

NOW = datetime(2025, 7, 22, 12, tzinfo=UTC)


def seed_articles():
    arts, bodies = [], {}
    for i, (_seed, item) in enumerate(seed_items(NOW)):
        h = f"body{i}"
        bodies[h] = item.text
        arts.append(Article(
            id=f"seed{i}", title=item.title, outlet=item.outlet, url=item.url,
            published=item.published, body_hash=h, analysis=analyse(item.text, item.published).to_dict(),
        ))
    return arts, bodies


def unrelated_articles():
    """The mixed fixture feeds' items about other stories (tests/fixtures/feeds/mixed):
    other ceasefire talks, deadlines, trade talks, strikes, prisoner swaps, passing mentions."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    from mixed import SEED_STORY, mixed_items

    arts, bodies = [], {}
    for i, (outlet, item, gold) in enumerate(mixed_items()):
        if gold == SEED_STORY:
            continue
        h = f"mixed{i}"
        bodies[h] = item.text
        arts.append(Article(
            id=f"mixed{i}", title=item.title, outlet=outlet, url=item.url,
            published=item.published, body_hash=h,
            analysis=analyse(item.text, item.published).to_dict()))
    return arts, bodies


@pytest.fixture(scope="module", params=["seeds", "seeds and unrelated feeds"])
def story(request):
    arts, bodies = seed_articles()
    if request.param != "seeds":
        more, more_bodies = unrelated_articles()
        assert len(more) >= 25
        arts = more[:10] + arts + more[10:]
        bodies.update(more_bodies)
    # the seed story's definition (a bare Settings keeps every article: no scope)
    settings = Settings(locations=locations(), story=seed_story())
    return build_story(settings, [], arts, now=NOW, body=bodies.get)


def test_only_the_seed_articles_are_in_the_story(story):
    assert sorted(a.outlet for a in story.articles) == ["ABC News", "The Moscow Times"]
    assert all(a.relevance.inside and a.relevance.decided_by == "terms" for a in story.articles)
    assert "Zelensky" in story.articles[0].relevance.terms
    assert all(not v.relevance.inside for v in story.outside)
    mentioned = {m.article_id for e in story.events for m in e.mentions}
    assert mentioned <= {a.id for a in story.articles}
    assert not [e for e in story.events if e.venue and "Seattle" in e.venue]


def by_outlet(story, outlet):
    return next(a for a in story.articles if a.outlet == outlet)


def test_abc_date_is_inferred(story):
    abc = by_outlet(story, "ABC News")
    assert abc.published == datetime(2025, 7, 22, tzinfo=UTC)
    assert abc.published_inferred
    assert any("quote" in e for e in abc.inference_evidence)
    mt = by_outlet(story, "The Moscow Times")
    assert not mt.published_inferred


def _talks(story, day):
    return [e for e in story.events if e.kind == "talks" and e.date.date().isoformat() == day]


@pytest.mark.parametrize("day", ["2025-05-16", "2025-06-02"])
def test_first_two_rounds_backed_by_both(story, day):
    (ev,) = _talks(story, day)
    assert ev.outlets == ["ABC News", "The Moscow Times"]
    assert "Istanbul" in ev.summary
    assert not ev.is_future
    assert story.coverage[ev.id] == ["ABC News", "The Moscow Times"]


def test_third_round_and_its_disputed_day(story):
    (ev,) = _talks(story, "2025-07-23")
    assert ev.is_future
    assert ev.outlets == ["ABC News", "The Moscow Times"]
    assert "Third" in ev.summary
    (conflict,) = [c for c in story.conflicts if c.event_id == ev.id]
    assert conflict.id in ev.conflict_ids
    claims = {(c.value.split(" (")[0], c.outlet, c.attribution.speaker if c.attribution else None,
               c.attribution.via if c.attribution else None) for c in conflict.claims}
    assert ("Wednesday", "The Moscow Times", "Zelensky", None) in claims
    assert any(v == "Wednesday" and o == "ABC News" and via == "TASS" for v, o, _s, via in claims)
    assert any(v == "Thursday" and o == "The Moscow Times" and via == "TASS" for v, o, _s, via in claims)
    assert any(v == "Thursday and Friday" and o == "ABC News" and via == "RIA" for v, o, _s, via in claims)


def test_umerov_quote_is_one_quote_with_two_variants(story):
    (q,) = [q for q in story.quotes if any("Umerov reported" in v.text for v in q.variants)]
    assert q.speaker.startswith("Zelensk")
    assert {v.outlet for v in q.variants} == {"ABC News", "The Moscow Times"}
    marked = {run for v in q.variants for run, differs in v.diff if differs}
    assert marked == {"scheduled", "planned"}


def test_fifty_day_deadline(story):
    d = story.current_deadline
    assert d is not None and "50-day" in d.label
    assert d.status == "running"
    assert d.approximate
    assert abs((d.set_on.date() - datetime(2025, 7, 14).date()).days) <= 1
    assert abs((d.due.date() - datetime(2025, 9, 2).date()).days) <= 1
    assert d.due_earliest <= d.due <= d.due_latest
    assert 40 * 86400 < d.seconds_left < 43 * 86400
    assert {c.outlet for c in d.claims} == {"ABC News", "The Moscow Times"}


def test_invasion_in_february_2022(story):
    evs = [e for e in story.events if e.value == "2022-02"]
    assert evs and evs[0].precision == "month"
    assert "invasion" in evs[0].summary.lower()


def test_timeline_sorted_and_split(story):
    dates = [e.date for e in story.events]
    assert dates == sorted(dates)
    assert all(e.is_future == (e.date > NOW) for e in story.events)


def test_exports_are_clean(story):
    text = render_text(story)
    # 80 columns, except a URL: issue 13 asks that it is never broken (its own whole line)
    urls = {a.url for a in story.articles if a.url}
    assert all(len(line) <= 80 or line.strip() in urls for line in text.splitlines())
    assert all(url in [line.strip() for line in text.splitlines()] for url in urls)
    assert not forbidden_chars(text)
    assert "2025-07-23" in text and "Thursday and Friday" in text
    md = render_markdown(story)
    assert "**scheduled**" in md
    import json

    data = json.loads(render_json(story))
    assert data["as_of"] == "2025-07-22T12:00:00Z"
    abc = next(a for a in data["articles"] if a["outlet"] == "ABC News")
    assert abc["published"] == "2025-07-22T00:00:00Z" and abc["published_inferred"] is True


def test_as_of_replay_leaves_out_later_articles(story):
    arts, bodies = seed_articles()
    early = build_story(Settings(locations=locations()), [], arts, now=NOW,
                        as_of=datetime(2025, 7, 21, 12, tzinfo=UTC), body=bodies.get)
    assert early.now == datetime(2025, 7, 21, 12, tzinfo=UTC)
    assert [a.outlet for a in early.articles] == ["The Moscow Times"]


# ---------------------------------------------------------------- issue 11 on the seeds


def test_fifty_day_deadline_says_who_to_whom_and_how_sure(story):
    from talkstui.story import when

    d = story.current_deadline
    assert (d.setter, d.target, d.subject) == ("Trump", "Russia", "ceasefire or peace deal")
    abc = next(c for c in d.claims if c.sentence.startswith("Earlier this month"))
    assert when.set_text(abc) == "1–22 Jul 2025"  # "earlier this month": the month so far
    assert when.due_text(abc) == "20 Aug–10 Sep 2025"
    assert when.countdown_text(d, NOW) == f"in 41–43 days"  # a range: days only
    text = render_text(story)
    import json

    data = json.loads(render_json(story))
    (jd,) = data["deadlines"]
    assert jd["due_text"] == when.due_text(d) and f"due {jd['due_text']}" in " ".join(text.split())


def test_one_name_for_zelensky_in_every_claim(story):
    speakers = {c.attribution.speaker for cf in story.conflicts for c in cf.claims
                if c.attribution and c.attribution.speaker and c.attribution.speaker.startswith("Zelensk")}
    assert speakers == {"Zelensky"}


def test_quoted_tomorrow_is_the_day_after_the_monday_address(story):
    abc = by_outlet(story, "ABC News")
    (t,) = [t for t in abc.time_exprs if t.text == "tomorrow"]
    assert t.value == "2025-07-22"  # said on Monday 21 July, reported on the 22nd


def test_third_round_has_participants_and_is_not_confirmed_later(story):
    from talkstui.story import when

    (ev,) = _talks(story, "2025-07-23")
    assert {"Russia", "Ukraine"} <= set(ev.participants)
    assert when.event_status_text(ev, datetime(2026, 1, 1, tzinfo=UTC)) == "planned for 23 Jul, not confirmed since"
