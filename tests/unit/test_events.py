"""Event mentions: kind, status, attribution, actors, ranges; the lexicon is extensible."""

from __future__ import annotations

from datetime import UTC, datetime

from talkstui.extract import Analysis, analyse

DCT = datetime(2025, 7, 21, tzinfo=UTC)  # a Monday


def mentions(text, dct=DCT, **kw):
    return analyse(text, dct, **kw).mentions


def test_talks_planned_with_source_via_agency():
    (m,) = mentions("However, an anonymous source told Russia's state news agency TASS that the talks would take place Thursday.")
    assert m.kind == "talks" and m.value == "2025-07-24" and m.status == "planned"
    assert m.attribution.speaker == "an anonymous source" and m.attribution.via == "TASS"


def test_agency_quoting_a_source():
    (m,) = mentions("The state-owned RIA news agency — also quoting a source — said the negotiations would stretch over Thursday and Friday.")
    assert m.kind == "talks"
    assert m.attribution.via == "RIA" and m.attribution.speaker == "a source"
    assert (m.lo.isoformat(), m.hi.isoformat()) == ("2025-07-24", "2025-07-26")


def test_named_speaker_after_the_clause():
    (m,) = mentions("Russia and Ukraine will hold new peace talks Wednesday, President Volodymyr Zelensky announced.")
    assert m.kind == "talks" and m.attribution.speaker == "Zelensky"
    assert "Zelensky" in m.actors


def test_held_talks_in_the_past_with_venue_and_ordinal():
    ms = mentions("Russia and Ukraine have held two rounds of direct peace talks in Istanbul, the first on May 16 and the second on June 2.")
    days = {m.value: m for m in ms if m.precision == "day"}
    assert days["2025-05-16"].ordinal == "first" and days["2025-06-02"].ordinal == "second"
    assert all(m.kind == "talks" and m.status == "held" for m in days.values())


def test_statement_dated_by_a_verb_of_saying():
    (m,) = mentions("On Sunday, Kremlin spokesperson Dmitry Peskov addressed the ultimatum.")
    assert m.kind == "statement" and m.attribution.speaker == "Peskov"
    assert m.value == "2025-07-20"


def test_week_and_month_are_ranges():
    ms = mentions("This week's meeting will be the third round. Earlier this month, Trump set a 50-day deadline.")
    week = next(m for m in ms if m.precision == "week")
    assert (week.lo.isoformat(), week.hi.isoformat()) == ("2025-07-21", "2025-07-28")
    assert week.ordinal == "third"
    month = next(m for m in ms if m.precision == "month")
    assert month.kind == "deadline_set" and month.lo.isoformat() == "2025-07-01"


def test_war_and_prisoner_exchange_and_count():
    ms = mentions("The war began in February 2022. On Friday, the sides swapped 1,200 prisoners of war.")
    kinds = {m.kind for m in ms}
    assert "war" in kinds and "prisoner_exchange" in kinds
    pe = next(m for m in ms if m.kind == "prisoner_exchange")
    assert pe.count == "1200 prisoners"


def test_user_lexicon_adds_a_kind():
    text = "The ministers will hold a parley on Friday."
    assert mentions(text)[0].kind != "parley_kind"
    (m,) = mentions(text, lexicon={"parley_kind": ["parley"]})
    assert m.kind == "parley_kind"


def test_cancelled_and_proposed():
    (m,) = mentions("The summit planned for Friday was cancelled, officials said.")
    assert m.kind == "summit" and m.status == "cancelled"
    (m,) = mentions("Ukraine proposed a new round of talks for Thursday.")
    assert m.status == "proposed"


def test_undated_article_has_no_mentions_but_has_cues():
    a = analyse("Talks will be held on Wednesday, he said on Monday.", None)
    assert a.mentions == [] and a.cues["wd"]


def test_roundtrip_is_compact_and_lossless():
    a = analyse("Russia and Ukraine will hold new peace talks Wednesday, Zelensky said. “We are ready,” he added.", DCT)
    d = a.to_dict()
    assert Analysis.from_dict(d).to_dict() == d
    import json

    assert len(json.dumps(d)) < 2500


def test_hostile_text_does_not_crash():
    for text in ["", "\x00\x1b[31m", "“" * 500, "On Monday " * 300, "a" * 10000, "\"unclosed quote on Monday"]:
        analyse(text, DCT)
        analyse(text, None)


from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

_WORDS = st.sampled_from([
    "talks", "on", "Monday", "Wednesday", "“", "”", '"', "said", "Zelensky", "TASS", "source",
    "an", "anonymous", "told", "deadline", "50-day", "until", "Aug.", "8", ".", ",", "\n", "\n\n",
    "the", "prisoners", "1,200", "in", "Istanbul", "he", "added", "—", "week", "this", "\x1b", "\u202e",
])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=60), st.booleans())
def test_analyse_never_crashes_and_offsets_hold(words, dated):
    text = " ".join(words)
    a = analyse(text, DCT if dated else None)
    for m in a.mentions:
        assert text[m.start:m.end] == m.phrase
        assert 0 <= m.sentence < len(a.sentences)
    for q in a.quotes:
        for ua, ub, _keys in q.units:
            assert 0 <= ua <= ub <= len(q.text)
    d = a.to_dict()
    assert Analysis.from_dict(d).to_dict() == d


def test_postponed_until_is_the_new_plan():
    ms = {m.phrase: m for m in mentions("The talks, originally scheduled for Monday, were postponed until Thursday.", datetime(2025, 7, 22, tzinfo=UTC))}
    assert ms["Thursday"].status == "planned" and ms["Monday"].status == "postponed"  # issue 11: its own status


def test_officials_said_and_agency_reported():
    (m,) = mentions("Russian drones struck Kharkiv on Sunday, officials said.")
    assert m.kind == "strike" and m.attribution.speaker == "officials"
    (m,) = mentions("RIA, quoting a source, said the talks would resume on Friday.")
    assert m.attribution.via == "RIA" and m.attribution.speaker == "a source"
