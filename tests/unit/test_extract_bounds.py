"""Extraction is bounded (issue 14, item 2): overlong sentences are split with a note, each
article has a time budget, an abandoned analysis stops. (Speed: bench/bench_pathological.py.)"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from talkstui.extract.analysis import Analysis, analyse
from talkstui.extract.budget import Budget, Cancelled
from talkstui.extract.text import MAX_SENTENCE, sentences

DCT = datetime(2025, 7, 21, tzinfo=UTC)
PATHOLOGICAL = "(talks (on (Monday "  # the shape: no full stop, a weekday every 19 chars


def text_of(kb: int) -> str:
    return (PATHOLOGICAL * (kb * 1024 // len(PATHOLOGICAL) + 1))[: kb * 1024]


def test_no_sentence_is_longer_than_the_cap_and_the_split_is_noted():
    text = text_of(20)
    notes: list[str] = []
    spans = sentences(text, notes)
    assert spans and all(b - a <= MAX_SENTENCE for a, b in spans)
    assert notes == [f"a sentence of {len(text):,} characters (at character 0) was split into "
                     f"{len(spans)} pieces of at most {MAX_SENTENCE:,}"]
    # nothing is lost: every word of the text is in some piece
    covered = "".join(text[a:b] for a, b in spans).replace(" ", "")
    assert covered == text.replace(" ", "")


def test_ordinary_text_is_split_as_before():
    text = "Talks resume on Monday. The deadline falls on 2 September, officials said."
    notes: list[str] = []
    assert [text[a:b] for a, b in sentences(text, notes)] == [
        "Talks resume on Monday.", "The deadline falls on 2 September, officials said."]
    assert notes == []


def test_a_pathological_article_is_analysed_with_notes_and_survives_storage():
    result = analyse(text_of(20), DCT)
    assert result.mentions  # the time phrases are still found
    assert all(len(s) <= MAX_SENTENCE for s in result.sentences)
    assert any("was split into" in n for n in result.notes)
    again = Analysis.from_dict(result.to_dict())
    assert again.notes == result.notes


def test_a_spent_budget_stops_the_analysis_and_says_where():
    result = analyse(text_of(50), DCT, budget=Budget(0.0))
    assert any(n.startswith("analysis stopped after 0 s") and
               n.endswith("the rest of the article was not analysed") for n in result.notes)
    full = analyse(text_of(50), DCT)
    assert len(result.mentions) < len(full.mentions)


def test_a_cancelled_analysis_raises_at_its_next_step():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        analyse(text_of(10), DCT, budget=Budget(cancel=cancel))
