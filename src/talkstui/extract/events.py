"""Event mentions: one per dated time expression in a sentence, with its kind, status,
actors, attribution and the slots sources may disagree about (day, venue, a count).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date

from talkstui.extract.attribution import NAME, NOT_NAMES, TITLES, agency_in, clean_name, find_attribution
from talkstui.extract.lexicon import PRIORITY, Lexicon, hits, scanners, status_scanners
from talkstui.extract.text import fold_name
from talkstui.extract.values import value_range
from talkstui.model import Attribution, TimeExpr

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "next", "new", "latest", "last", "previous"]
_ORD = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b(?:\s+(?:recent|direct|new|possible|formal))?\s+(?:round|meeting|session|exchange|swap)", re.IGNORECASE)
_ORD_NEAR = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE)
_VENUE_AFTER = re.compile(
    r"^(?:\s+(?:will|would|be|been|being|again|held|hold|take|took|place|was|were|is|are|have|had|having|also|to|due|set|scheduled|planned|expected|resume|resumed))*"
    r"\s+in\s+(?:the\s+)?(?P<v>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?:,\s+[A-Z][\w’'-]+)?)"
)
_COUNT = re.compile(
    r"\b(?P<n>\d[\d,.]*(?:\s+(?:thousand|hundred))?|thousands|hundreds|dozens|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred)(?:\s+(?:thousand|hundred))?)"
    r"\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?P<what>prisoners|POWs|captives|soldiers|servicemen|civilians|bodies|children|detainees)\b",
    re.IGNORECASE,
)
_SPEECH_VERB = re.compile(
    r"^(?:said|says|say|told|tells|announced|announces|confirmed|confirms|reported|added|stated|wrote|posted|"
    r"claimed|noted|stressed|warned|addressed|discussed|spoke|speaking|replied|appeared|declared|insisted|urged)$",
    re.IGNORECASE,
)
_DUE_BEFORE = re.compile(r"(?:until|by|before|no later than|expires?(?:\s+on)?|deadline\s+(?:of|on|is)|due(?:\s+on)?|ends?\s+on)\s*$", re.IGNORECASE)
_MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
}
_ACTOR = re.compile(NAME)
_JOIN = re.compile(r"^\s*(?:and|or|to|through|till|until|-|–|—|and on|or on)\s*$", re.IGNORECASE)
_COPYRIGHT_BEFORE = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?$", re.IGNORECASE)
_FRONTED = re.compile(r"^\W*(?:(?:on|in|at|by|earlier|later|late|early|since|from|until|this|last|on\s+\w+)\W+){0,3}$", re.IGNORECASE)
_DEADLINE_WORDS = re.compile(r"\b(?:deadline|ultimatum|(?:gave|give|gives|giving|given)\b[^.]{0,40}?\buntil)", re.IGNORECASE)
_RESCHEDULED = re.compile(r"\b(?:postponed|moved|rescheduled|delayed|pushed\s+back|brought\s+forward)\s+(?:\w+\s+)?(?:until|to|for|till)\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–(]")
_BARE = re.compile(r"^[\s\W]*$")
_DATELINE_HEAD = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]+)?,\s*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:,\s*\d{4}\s*)?\([^)]{1,40}\)\s*[-—–]")
_TOK = re.compile(r"[\w’'-]+")


@dataclass
class FoundMention:
    start: int
    end: int
    phrase: str
    value: str
    sentence: int  # index into the sentence list
    kind: str
    status: str | None
    attribution: Attribution | None
    actors: list[str]
    lo: date
    hi: date  # exclusive
    precision: str
    forward: bool  # dated on or after the article's own date (a plan, not a report)
    trigger: str = ""  # the words naming the event ("peace talks", "full-scale invasion")
    venue: str | None = None
    ordinal: str | None = None
    count: str | None = None
    sub: str = ""  # extra bucket key: the speaker of a statement, the trigger of "other"
    mod: str | None = None
    extra: dict = field(default_factory=dict)


def actors_in(sentence: str) -> list[str]:
    return list(_actors(sentence))


@lru_cache(maxsize=1024)
def _actors(sentence: str) -> tuple[str, ...]:
    return tuple(_actors_list(sentence))


def _actors_list(sentence: str) -> list[str]:
    out: list[str] = []
    ws = sentence.split()
    if len(ws) >= 4 and sum(w[:1].isupper() for w in ws) >= 0.7 * len(ws):
        return out
    seen: set[str] = set()
    for m in _ACTOR.finditer(sentence):
        raw = m.group(0)
        toks = raw.split()
        while toks and (toks[0].lower() in TITLES or toks[0].lower() in NOT_NAMES or toks[0].lower() in _MONTHS_DAYS):
            toks = toks[1:]
        if not toks:
            continue
        if m.start() == 0 and len(toks) == 1 and toks[0].lower() in NOT_NAMES:
            continue
        name = clean_name(" ".join(toks))
        if not name or name.lower() in _MONTHS_DAYS or name.lower() in NOT_NAMES or len(name) < 2:
            continue
        name = re.sub(r"[’']s$", "", name).strip(".")
        if agency_in(name) == name:
            continue
        key = fold_name(name)
        if key in seen:
            continue
        seen.add(key)
        out.append(name)
        if len(out) >= 6:
            break
    return out


@lru_cache(maxsize=1024)
def _kind_hits(sentence: str, lexicon: Lexicon) -> tuple[tuple[str, int, int, str], ...]:
    """Every trigger of every kind in a sentence, in (kind, position) order: scanned once
    per sentence, however many time phrases (and date cues) it holds."""
    return tuple((kind, m.start(), m.end(), m.group(0)) for kind, m in hits(sentence, scanners(lexicon)))


def pick_kind(
    sentence: str, ps: int, pe: int, lexicon: Lexicon, deadline_sentence: bool, forward: bool = False
) -> tuple[str, str, int, int]:
    """(kind, trigger text, trigger start, end) nearest to the phrase at [ps, pe)."""
    head = sentence[:ps]
    if deadline_sentence and _DUE_BEFORE.search(head[-40:]):
        return "deadline_due", "deadline", ps, pe
    best: tuple[float, int, str, str, int, int] | None = None
    for kind, ms, me, mtext in _kind_hits(sentence, lexicon):
        if ms >= ps and me <= pe:
            continue
        if me <= ps:
            dist = ps - me
            between = sentence[me:ps]
        else:
            dist = (ms - pe) * 1.6 + 10
            between = sentence[pe:ms]
        if _CLAUSE_BREAK.search(between):
            dist += 30  # another clause: less likely what the date is about
        if kind == "statement":
            dist += 25 if not forward else 200
        cand = (dist, PRIORITY.get(kind, 0.5), kind, mtext, ms, me)
        if best is None or cand[:2] < best[:2]:
            best = cand
    # a time phrase attached to a verb of saying dates a statement, not the thing said:
    # "announced on Saturday", "told reporters on Wednesday", "On Monday, Zelenskyy said";
    # not "drones struck Kharkiv on Sunday, officials said"
    speech_near = False
    if not forward and (best is None or best[0] > 12 or best[2] == "statement"):
        seg_a = max([head.rfind(c) for c in ",;—–("] + [-1]) + 1
        ends = [sentence.find(c, pe) for c in ",;—–("]
        seg_b = min([e for e in ends if e >= 0] + [len(sentence)])
        head_toks = _TOK.findall(head[seg_a:])
        before = head_toks[-3:]
        after = _TOK.findall(sentence[pe:seg_b])[:4]
        if not head_toks or _FRONTED.match(head):
            after += _TOK.findall(sentence[pe:])[:7]
        speech_near = any(_SPEECH_VERB.match(w) for w in before + after)
    if speech_near:
        if best and best[2] == "statement":
            return "statement", best[3], best[4], best[5]
        return "statement", "", ps, pe
    if best is None:
        return "other", "", ps, pe
    return best[2], best[3], best[4], best[5]


def _trigger_phrase(sentence: str, ts: int, te: int) -> str:
    m = re.search(r"((?:[\w]+-[\w-]+|peace|direct|new|prisoner|military|leaders[’']?)\s+)?$", sentence[:ts])
    pre = (m.group(1) or "") if m else ""
    return (pre + sentence[ts:te]).strip()


_STATUS_RANK = {"cancelled": 0, "proposed": 1, "agreed": 2, "planned": 3, "held": 3, "carried out": 3,
                "announced": 5}


@lru_cache(maxsize=1024)
def _status_hits(sentence: str) -> tuple[tuple[str, int], ...]:
    return tuple((name, m.start()) for name, m in hits(sentence, status_scanners()))


def _status(sentence: str, anchor: int, forward: bool, ps: int | None = None) -> str | None:
    if ps is not None and _RESCHEDULED.search(sentence[max(0, ps - 40):ps]):
        return "planned"  # "postponed until Thursday": Thursday is the new plan
    best: tuple[float, str] | None = None
    rank = _STATUS_RANK
    for name, start in _status_hits(sentence):
        dist = abs(start - anchor) + rank[name] * 15
        if name == "planned" and not forward:
            dist += 60
        if name in ("held", "carried out") and forward:
            dist += 60
        if best is None or dist < best[0]:
            best = (dist, name)
    if best is None:
        return None
    return best[1]


def _venue(sentence: str, ts: int, te: int, ps: int, pe: int) -> str | None:
    for pos in (te, pe):
        m = _VENUE_AFTER.match(sentence[pos:pos + 80])
        if m:
            v = m.group("v").strip()
            first = v.split()[0].lower().strip(",")
            if first in _MONTHS_DAYS or first in NOT_NAMES:
                continue
            return v
    return None


def _ordinal(sentence: str, ps: int) -> str | None:
    near = [m for m in _ORD_NEAR.finditer(sentence[max(0, ps - 45):ps])]
    if near and not re.search(r"[,;—–]", sentence[max(0, ps - 45) + near[-1].end():ps]):
        return near[-1].group(1).lower()
    a = max([sentence.rfind(c, 0, ps) for c in ",;—–"] + [-1]) + 1
    ends = [sentence.find(c, ps) for c in ",;—–"]
    b = min([e for e in ends if e >= 0] + [len(sentence)])
    found = {m.group(1).lower() for m in _ORD.finditer(sentence[a:b])}
    found -= {"next", "new", "latest", "last", "previous"}
    if len(found) == 1:
        return found.pop()
    return None


def _count(sentence: str) -> str | None:
    m = _COUNT.search(sentence)
    if not m:
        return None
    n = m.group("n").lower().replace(",", "")
    return f"{n} {m.group('what').lower()}"


def _join_ranges(text: str, times: list[TimeExpr]) -> list[tuple[int, int, str, str, date, date, str, str | None]]:
    """Dated expressions as (start, end, phrase, value, lo, hi, precision, mod);
    "Thursday and Friday", "May 16 to 18" become one range."""
    items = []
    for t in times:
        if t.type not in ("DATE", "TIME"):
            continue
        r = value_range(t.value)
        if r is None:
            continue
        items.append([t.start, t.end, t.text, t.value, r[0], r[1], r[2], t.mod])
    out: list[list] = []
    for it in items:
        if out:
            prev = out[-1]
            between = text[prev[1]:it[0]]
            gap = (it[4] - prev[5]).days
            conj = between.strip().lower().startswith(("and", "or"))
            if prev[6] == it[6] and _JOIN.match(between) and it[4] >= prev[4] and (gap <= 0 if conj else gap <= 31):
                prev[1] = it[1]
                prev[2] = text[prev[0]:it[1]]
                prev[3] = f"{prev[3]}/{it[3]}"
                prev[5] = it[5]
                continue
        out.append(it)
    return [tuple(x) for x in out]  # type: ignore[misc]


def extract_mentions(
    text: str,
    sents: list[tuple[int, int]],
    times: list[TimeExpr],
    quotes: list,
    dct: date | None,
    lexicon: Lexicon,
    sentence_index: dict[int, int],
) -> list[FoundMention]:
    """Mentions of events. `sentence_index` maps a sentence number to its stored index
    (filled here as sentences get used)."""
    joined = _join_ranges(text, times)
    out: list[FoundMention] = []
    qspans = sorted((q.start, q.end, q.speaker) for q in quotes)
    qstarts = [q[0] for q in qspans]
    si = 0
    last_person: str | None = None
    deadline_words: dict[int, bool] = {}  # per sentence: it speaks of a deadline
    from talkstui.extract.attribution import named_speaker

    for item in joined:
        start, end, phrase, value, lo, hi, precision, mod = item
        while si < len(sents) and sents[si][1] <= start:
            found = named_speaker(text[sents[si][0]:sents[si][1]])
            if found:
                last_person = found
            si += 1
        if si >= len(sents):
            break
        sa, sb = sents[si]
        sentence = text[sa:sb]
        ps, pe = start - sa, end - sa
        dl = deadline_words.get(si)
        if dl is None:
            dl = deadline_words[si] = bool(_DEADLINE_WORDS.search(sentence))
        forward = dct is not None and lo > dct
        if _COPYRIGHT_BEFORE.search(sentence[max(0, ps - 20):ps]):
            continue
        if _BARE.match(sentence[:ps]) and _BARE.match(sentence[pe:]):
            continue  # a live blog's entry time, a date line: when it was written, not an event
        if _DATELINE_HEAD.match(sentence[:ps]) and _DATELINE_TAIL.match(sentence[pe:]):
            continue
        kind, trig, ts, te = pick_kind(sentence, ps, pe, lexicon, dl, forward)
        k = bisect_right(qstarts, start) - 1
        in_quote = qspans[k] if k >= 0 and qspans[k][0] <= start < qspans[k][1] else None
        if kind == "other" and in_quote is not None:
            continue  # "More details will follow tomorrow.": a time in a quote, no event named
        if kind == "deadline_set" and forward:
            kind = "deadline_due"  # a deadline dated in the future is when it falls due
        lo_k = max(0, bisect_right(qstarts, sa) - 1)
        hi_k = bisect_right(qstarts, sb)
        local_q = [(max(q[0], sa) - sa, min(q[1], sb) - sa) for q in qspans[lo_k:hi_k] if q[0] < sb and q[1] > sa]
        if in_quote is not None and in_quote[2]:
            attr = Attribution(in_quote[2], None, f"{in_quote[2]} (quoted)")
        else:
            attr = find_attribution(sentence, quote_spans=local_q, last_person=last_person, near=ps)
        trigger = _trigger_phrase(sentence, ts, te) if kind != "other" and te > ts and (ts, te) != (ps, pe) else ""
        sub = ""
        if kind == "statement":
            sub = fold_name(attr.speaker) if attr and attr.speaker else ""
        elif kind not in PRIORITY:
            sub = trigger.lower().split()[-1] if trigger else ""
        if kind == "other":
            sub = " ".join(sorted(_TOK.findall(sentence.lower()))[:0])  # "other" never merges across words
            words = [w.lower() for w in _TOK.findall(sentence) if len(w) > 4 and w.lower() not in NOT_NAMES]
            sub = words[0] if words else ""
        status = (None if kind == "statement" else "announced" if kind == "deadline_set"
                  else ("planned" if forward else "held") if kind == "deadline_due"
                  else _status(sentence, ts if kind != "other" else ps, forward, ps))
        if (dct is not None and hi <= dct and status == "planned" and ts >= pe
                and kind not in ("deadline_set", "deadline_due", "other")):
            # "on Monday, to discuss upcoming prisoner swaps": Monday dates the talking
            kind, status, trigger, sub = "statement", None, "", fold_name(attr.speaker) if attr and attr.speaker else ""
        sentence_index.setdefault(si, len(sentence_index))
        out.append(FoundMention(
            start=start, end=end, phrase=phrase, value=value, sentence=sentence_index[si], kind=kind,
            status=status,
            attribution=attr, actors=actors_in(sentence), lo=lo, hi=hi, precision=precision,
            forward=forward, trigger=trigger,
            venue=_venue(sentence, ts, te, ps, pe) if kind != "statement" else None,
            ordinal=_ordinal(sentence, ps) if kind in ("talks", "prisoner_exchange", "summit") else None,
            count=_count(sentence) if kind == "prisoner_exchange" else None,
            sub=sub, mod=mod,
        ))
    return out
