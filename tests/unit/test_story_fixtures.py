"""Articles in other shapes than the seeds: wire reports, a live blog, an interview."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from talkstui.config import Settings, locations
from talkstui.export import render_text
from talkstui.extract import analyse
from talkstui.model import Article
from talkstui.sanitize import forbidden_chars
from talkstui.story import build_story

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def art(name, outlet, published):
    text = (FIX / name).read_text("utf-8")
    return Article(id=name, title=text.split("\n", 1)[0][:80], outlet=outlet, url=None,
                   published=published, body_hash=name, analysis=analyse(text, published).to_dict())


def body(name):
    return (FIX / name).read_text("utf-8")


def test_two_wire_reports_disagree_on_the_number_of_prisoners():
    arts = [art("wire_prisoner_swap.txt", "Wirewire", datetime(2025, 8, 14, 15, tzinfo=UTC)),
            art("wire_prisoner_swap_other.txt", "Other Agency", datetime(2025, 8, 14, 16, tzinfo=UTC))]
    story = build_story(Settings(locations=locations()), [], arts, now=datetime(2025, 8, 15, tzinfo=UTC), body=body)
    (swap,) = [e for e in story.events if e.kind == "prisoner_exchange" and e.value == "2025-08-14"]
    assert swap.outlets == ["Other Agency", "Wirewire"]
    (conflict,) = [c for c in story.conflicts if c.event_id == swap.id]
    assert {c.value for c in conflict.claims} == {"84 prisoners", "146 prisoners"}
    # the July 23 talks are one event from both reports
    (talks,) = [e for e in story.events if e.kind == "talks" and e.value == "2025-07-23"]
    assert talks.outlets == ["Other Agency", "Wirewire"]
    # the shared Zelenskiy quote
    assert any(len(q.variants) == 2 for q in story.quotes)
    # the dateline is not an event of its own, and an anonymous source is kept with its outlet
    nxt = [e for e in story.events if e.precision == "week"]
    assert nxt and any(m.attribution and m.attribution.via == "Reuters" for m in nxt[0].mentions)


def test_live_blog_timestamps_are_not_events():
    a = art("liveblog.txt", "Live", datetime(2025, 8, 13, 14, 30, tzinfo=UTC))
    ms = analyse(body("liveblog.txt"), a.published).mentions
    assert not any("BST" in m.phrase for m in ms)
    summits = [m for m in ms if m.kind == "summit"]
    assert {m.value for m in summits} >= {"2025-08-15"}
    assert any(m.attribution and m.attribution.speaker == "Peskov" for m in ms)
    story = build_story(Settings(locations=locations()), [], [a], now=datetime(2025, 8, 13, 15, tzinfo=UTC))
    (summit,) = [e for e in story.events if e.kind == "summit" and e.value == "2025-08-15"]
    assert summit.is_future and summit.venue


def test_interview_transcript():
    a = art("interview.txt", "Example Media", datetime(2025, 7, 17, tzinfo=UTC))
    ms = analyse(body("interview.txt"), a.published).mentions
    talks = [m for m in ms if m.kind == "talks" and m.value == "2025-07-23"]
    assert talks and talks[0].status == "proposed" and talks[0].venue == "Istanbul"
    pe = [m for m in ms if m.kind == "prisoner_exchange"]
    assert pe and pe[0].value == "2025-06-09"
    story = build_story(Settings(locations=locations()), [], [a], now=datetime(2025, 7, 17, 12, tzinfo=UTC))
    text = render_text(story)
    assert not forbidden_chars(text) and all(len(line) <= 80 for line in text.splitlines())


def test_summit_reports_deadline_moves_and_quote_variants():
    july = Article(id="july", title="July", outlet="Daily", url=None, published=datetime(2025, 7, 15, tzinfo=UTC),
                   body_hash="july", analysis=analyse(
                       "On July 14, Trump set a 50-day deadline for Russia to agree to a ceasefire.",
                       datetime(2025, 7, 15, tzinfo=UTC)).to_dict())
    arts = [july, art("wire_summit.txt", "Wirewire", datetime(2025, 8, 8, 20, tzinfo=UTC)),
            art("summit_followup.txt", "Other Daily", datetime(2025, 8, 9, 10, tzinfo=UTC))]
    now = datetime(2025, 8, 9, 12, tzinfo=UTC)
    story = build_story(Settings(locations=locations()), [], arts, now=now, body=body)
    current = story.current_deadline
    assert current.due.date().isoformat() == "2025-08-08" and current.status == "passed"
    assert current.seconds_left < 0
    old = [d for d in story.deadlines if d.status == "superseded"]
    assert old and old[0].due.date().isoformat() == "2025-09-02"
    dues = [e for e in story.events if e.kind == "deadline_due" and e.value == "2025-08-08"]
    assert len(dues) == 1  # the text's "until Friday, August 8" and the deadline itself are one event
    (summit,) = [e for e in story.events if e.value == "2025-08-15" and e.kind in ("talks", "summit")]
    assert summit.outlets == ["Other Daily", "Wirewire"] and summit.is_future
    (q,) = [q for q in story.quotes if len(q.variants) == 2]
    assert q.speaker == "Trump"
    marked = " ".join(r for v in q.variants for r, d in v.diff if d)
    assert "United States" in marked
