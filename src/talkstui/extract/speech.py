"""Quoted words are dated by when they were spoken, not by when the article appeared.

"More details will follow tomorrow," said in a Monday address reported on Tuesday, means
Tuesday. When the sentence of a quote (or the sentence introducing the same speaker's
address just before it) says when the speaker spoke ("said in his daily address on
Monday", "In his nightly video address on Monday, Zelenskyy said"), the relative time
expressions inside the quote ("tomorrow", "yesterday", "today", weekdays, "next week") are
resolved again against that day.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import UTC, date, datetime

from talkstui.model import TimeExpr

_SPEECH_CUE = re.compile(
    r"\b(?:said|says|told|added|wrote|posted|address|speech|statement|interview|briefing|remarks|"
    r"announced|stated|speaking|spoke|video|post)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"next|last|this|coming|ago|earlier|later)\b",
    re.IGNORECASE,
)
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BACK = 3  # sentences looked back for the speaker's address


def _spoken_on(text: str, sents: list[tuple[int, int]], times: list[TimeExpr], quote, dct: date) -> date | None:
    """The day the quote was spoken, when the text says it; None otherwise."""
    starts = [a for a, _ in sents]
    qi = bisect_right(starts, quote.end) - 1
    if qi < 0:
        return None
    first = max(0, bisect_right(starts, quote.start) - 1)
    for si in range(qi, max(-1, first - _BACK - 1), -1):
        sa, sb = sents[si]
        for t in times:
            if t.type != "DATE" or not (sa <= t.start < sb) or not _DAY_VALUE.match(t.value):
                continue
            if quote.start <= t.start < quote.end:
                continue  # inside the quote: what is said, not when
            try:
                day = date.fromisoformat(t.value)
            except ValueError:
                continue
            if day > dct:
                continue  # a plan, not the day of speaking
            near = text[max(sa, t.start - 40):min(sb, t.end + 25)]
            if _SPEECH_CUE.search(near):
                return day
        if si < first and quote.speaker and quote.speaker.split()[-1] not in text[sa:sb] and not re.search(
                r"\b(?:he|she|the president|his|her)\b", text[sa:sb], re.IGNORECASE):
            break  # another speaker's sentence: no longer the same address
    return None


def redate_quotes(text: str, sents: list[tuple[int, int]], times: list[TimeExpr], quotes: list,
                  published: datetime | None) -> list[TimeExpr]:
    """`times` with the relative expressions inside quotes resolved against the day each
    quote was spoken (when the text says it and it is not the article's own day)."""
    if published is None or not quotes or not times:
        return times
    dct = published.date()
    out = list(times)
    index = {(t.start, t.end): i for i, t in enumerate(out)}
    for q in quotes:
        inside = [t for t in times if q.start <= t.start < q.end and t.type == "DATE" and _RELATIVE.search(t.text)]
        if not inside:
            continue
        day = _spoken_on(text, sents, times, q, dct)
        if day is None or day == dct:
            continue
        from talkstui.extract.timex import extract_times

        spoke = datetime(day.year, day.month, day.day, tzinfo=UTC)
        again = {(q.start + t.start, q.start + t.end): t for t in extract_times(text[q.start:q.end], spoke)}
        for t in inside:
            new = again.get((t.start, t.end))
            if new is not None and new.value != t.value:
                out[index[(t.start, t.end)]] = TimeExpr(t.start, t.end, t.text, new.type, new.value,
                                                        day.isoformat(), new.mod)
    return out
