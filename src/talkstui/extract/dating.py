"""Clues to an undated article's publication date, found in its own text.

Weekday phrases with their tense ("on Monday, Zelenskyy said" is past, "will meet on
Wednesday" is future), "this week's meeting", a date line near the top, the copyright
year. The story builder weighs them against the dated articles (see story.infer).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from talkstui.extract.lexicon import Lexicon
from talkstui.extract.text import sentences

_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?\b")
_THIS_WEEK = re.compile(r"\bthis\s+week(?:['’]s)?\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(will|would|['’]ll|shall|scheduled|planned|set\s+to|set\s+for|expected|due\s+to|is\s+to|are\s+to|"
    r"going\s+to|plans?\s+to|upcoming|next)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(said|told|was|were|had|did|spoke|announced|addressed|confirmed|posted|held|met|wrote|"
    r"reported|took|began|came|went|gave|made|\w{3,}ed)\b", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*[-–]\s*)?((?:19|20)\d\d)", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)[a-z]*,?\s+)?"
    r"(?:(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?P<y2>(?:19|20)\d\d)|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))"
    r"(?:[\s,]+\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)


_PARTICIPLE_AUX = re.compile(r"\b(?:be|been|being|is|are|am|was|were|has|have|had|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


# ", officials said" after the phrase: who reports it and when, not the tense of the event
_ATTRIBUTION_TAIL = re.compile(r"^[^,;:]*,\s*(?:[\w’'.-]+\s+){0,5}$")
_REPORTING = frozenset("said told announced confirmed reported wrote posted".split())


def _tense(sentence: str, pos: int, end: int) -> str:
    """'f' (future), 'p' (past) or '?': the nearest finite verb marker wins, except a
    reporting verb after the phrase ("will hold talks on Wednesday, officials said") when
    the clause has a marker of its own before it."""
    best: tuple[int, str] | None = None
    tail: tuple[int, str] | None = None
    before = False  # a marker before the phrase ("In a Tuesday post, he said": none, "said" decides)
    for name, ms, me, word in _tense_hits(sentence):
        if ms < end and me > pos:
            continue
        d = pos - me if me <= pos else ms - end
        if d > 80:
            continue
        if name == "p" and word in ("scheduled", "planned", "expected"):
            continue
        if name == "p" and _PARTICIPLE_AUX.search(sentence[:ms]):
            continue  # "would be held": the auxiliary decides
        if ms >= end and word in _REPORTING and _ATTRIBUTION_TAIL.match(sentence[end:ms]):
            if tail is None or d < tail[0]:
                tail = (d, name)
            continue
        before = before or me <= pos
        if best is None or d < best[0]:
            best = (d, name)
    if tail is not None and not before and (best is None or tail[0] < best[0]):
        best = tail
    return best[1] if best else "?"


@lru_cache(maxsize=256)
def _tense_hits(sentence: str) -> tuple[tuple[str, int, int, str], ...]:
    return tuple((name, m.start(), m.end(), m.group(1).lower())
                 for rx, name in ((_FUTURE, "f"), (_PAST, "p")) for m in rx.finditer(sentence))


def date_cues(text: str, lexicon: Lexicon, sents: list[tuple[int, int]] | None = None,
              budget=None) -> dict:
    """{"wd": [[weekday, tense, kind, phrase]], "tw": [kinds], "cy": year, "dl": iso}.

    `sents` are `sentences(text)` when the caller has them already."""
    from talkstui.extract.events import pick_kind

    cues: list[list] = []
    this_week: list[str] = []
    head = text[:400].split("\n")
    dateline = None
    for line in head[:8]:
        m = _DATELINE.match(line)
        if m:
            from dateutil.parser import parse

            try:
                dateline = parse(m.group(0).strip(), fuzzy=False).date().isoformat()
            except (ValueError, OverflowError):
                dateline = None
            break
    # where a weekday or "this week" occurs in the whole text: only sentences those touch
    # are searched again (a match inside a sentence is found, or covered, by the whole-text
    # scan, so no sentence that would match is skipped)
    spans = sorted((m.start(), m.end()) for rx in (_WEEKDAY, _THIS_WEEK) for m in rx.finditer(text))
    k = 0
    for sa, sb in ((sentences(text) if sents is None else sents) if spans else ()):
        while k < len(spans) and spans[k][1] <= sa:
            k += 1
        if k == len(spans):
            break
        if spans[k][0] >= sb:
            continue  # spans are disjoint and sorted: none touches this sentence
        if budget is not None and budget.over(sa):
            break
        sentence = text[sa:sb]
        if not (_WEEKDAY.search(sentence) or _THIS_WEEK.search(sentence)):
            continue
        dl = "deadline" in sentence.lower()
        for m in _WEEKDAY.finditer(sentence):
            tense = _tense(sentence, m.start(), m.end())
            kind = pick_kind(sentence, m.start(), m.end(), lexicon, dl, tense == "f")[0]
            wd = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].index(m.group(1))
            cues.append([wd, tense, kind, m.group(0)])
        for m in _THIS_WEEK.finditer(sentence):
            this_week.append(pick_kind(sentence, m.start(), m.end(), lexicon, dl)[0])
    years = [int(y) for y in _COPYRIGHT.findall(text)]
    out: dict = {}
    if cues:
        out["wd"] = cues
    if this_week:
        out["tw"] = this_week
    if years:
        out["cy"] = max(years)
    if dateline:
        out["dl"] = dateline
    return out


def dateline_datetime(iso: str) -> datetime:
    d = datetime.fromisoformat(iso)
    return d.replace(tzinfo=UTC)
