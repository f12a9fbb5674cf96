"""Anchoring to a reference time: the tense around an expression, the context of one
document (its DCT and the latest explicit reference), and the year of a month or the
date of a weekday chosen from them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import DAYNUM_PATTERN, MONTHS, MONTH_PATTERN


# ----------------------------------------------------------------------------- tense

# "n": passives and participles after an auxiliary ("would be held"): not a tense cue;
# "f": future; "p": past. Alternation order matters: "planned" is a future cue.
_CUES = re.compile(
    r"(?P<n>\b(?i:be|been|being|is|are|get|got|gets)\s+(?!(?i:scheduled|planned|expected|"
    r"slated|set|due)\b)(?i:\w{3,}ed|held|made|set|met|"
    r"taken|given|seen|sent|put|paid|cut|won|lost|told|done|shown|known)\b)"
    r"|\b(?P<f>(?i:will|won't|wo n't|shall|would|is to|are to|was to|were to|going to|"
    r"scheduled|slated|planned|planning|plans? to|expected|expects?|due|set to|set for|"
    r"is set|are set|"
    r"upcoming|"
    r"to be|to meet|to hold|to visit|to begin|to start|to resume|to take place|"
    r"to travel|to attend|to sign|to vote|to announce|to open|to end|to arrive|to leave|"
    r"(?<!\bthe )(?<!\bits )(?<!\bour )(?<!\bhis )(?:intends?|hopes?|aims?)|"  # not nouns
    r"proposed|ahead of|until|next|starting|pending|deadline|effective|"
    r"payable|"
    r"as early as|as soon as|as late as|"
    # news writes scheduled events in the present: "Arafat meets Albright Monday"
    r"tentatively|(?<!\bto )(?:meets?|visits?|begins?|opens?|arrives?|leaves?|heads?|"
    r"travels?|resumes?|convenes?))|could|may|might|should|must)\b"
    # a pluperfect schedule ("had been due to expire Friday") is a plan overtaken: past
    r"|\b(?P<p>(?i:had\s+been\s+(?:due|scheduled|slated|planned|expected|set)|"
    r"said|says|say|was|were|had|did|told|reported|announced|ago|last|earlier|"
    r"previously|since|been|(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bstill )(?<!\bvery )"
    r"(?<!\bmore )(?<!\bmost )(?<!\bnewly )(?!un)"
    r"(?!\w*(?:ceed|need|speed|indeed)\b)\w{3,}ed"  # "will succeed" is not a past tense
    r"|began|met|held|took|came|went|spoke"
    r"|gave|made|left|saw|fell|rose"
    r"|won|lost|got|sent|wrote))\b"
)
_RIGHT_CUES = re.compile(
    r"\b(?P<f>(?i:will|would|is to|are to|'ll|plans? to|is expected|are expected|"
    r"(?:was|were|is|are)\s+(?:planning|preparing|scheduled|due|set)))\b"
    r"|\b(?P<p>(?i:said|says|told|announced|reported|was|were|had|did|met|held|\w{3,}ed))\b"
)
# a sentence ends at . ! ? ; before a space, but not after an initial, "a.m." or "Mr."
SENT_BREAK = re.compile(r"(?<!\b[A-Za-z])(?<!\b[ap]\.m)(?<!\bMr)(?<!\bMrs)(?<!\bMs)"
                         r"(?<!\bDr)(?<!\bSt)(?<!\bNo)"
                         r"(?<!\bJan|\bFeb|\bMar|\bApr|\bAug|\bSep|\bOct|\bNov|\bDec)"
                         r"(?<!\bJun|\bJul)(?<!\bSept)[.!?;]\s|\n")


def tense_at(text: str, start: int, end: int) -> int:
    """+1 future, -1 past, 0 unknown, from the verbs nearest the expression in its sentence."""
    lo = max(0, start - 80)
    left = text[lo:start]
    cut = None
    for cut in SENT_BREAK.finditer(left):
        pass
    if cut is not None:
        left = left[cut.end():]
    best_d, best = 10**9, 0
    for m in _CUES.finditer(left):
        if m.group("n"):
            continue
        d = len(left) - m.end()
        if d <= best_d:
            best_d, best = d, (1 if m.group("f") else -1)
    right = text[end:end + 60]
    cut = SENT_BREAK.search(right)
    if cut is not None:
        right = right[:cut.start()]
    m = _RIGHT_CUES.search(right)
    if m is not None and m.start() < 40 and (best == 0 or best_d > 40):
        return 1 if m.group("f") else -1
    return best



# ----------------------------------------------------------------------------- engine

class DocumentContext:
    __slots__ = ("text", "dct", "dct_s", "ref", "ref_q", "ref_q_at", "day", "day_at", "scratch")

    def __init__(self, text: str, dct: date) -> None:
        self.text = text
        self.dct = dct
        self.dct_s = dct.isoformat()
        self.ref: str | None = None  # last explicit date value in text order
        self.ref_q: str | None = None  # last reported quarter mentioned ...
        self.ref_q_at = 0  # ... and where
        self.day: date | None = None  # the last day-precision date found, of any kind ...
        self.day_at = -1  # ... and where it ended
        self.scratch = False  # the context used only to test that a candidate normalises

    def set_q(self, value: str, at: int) -> None:
        # the reporting period stays the topic: an earlier quarter mentioned for comparison
        # ("after a flat second quarter") does not replace the latest one
        if self.ref_q is None or value >= self.ref_q:
            self.ref_q, self.ref_q_at = value, at

    def q(self, at: int) -> str | None:
        """The quarter under discussion at offset `at`, if one was mentioned recently."""
        if self.ref_q is not None and at - self.ref_q_at <= _Q_SPAN:
            return self.ref_q
        return None


# A year-to-date figure ("For the nine months, net was ... compared with ... a year
# earlier") compares with the year before, not with its quarter: when the latest period
# named before the expression, in its sentence or the one before, is a run of months
# rather than a quarter, "a year earlier" is the previous year (TimeBank: 7 of 9 such
# cases; the quarter stays the topic otherwise).
YTD_PERIOD = re.compile(r"(?i)\b(?:(?:first|latest|past|the)\s+)(?:nine|six|9|6)\s+months\b"
                         r"|\byear\s+to\s+date\b")
_Q_PERIOD = re.compile(r"(?i)\bquarters?\b|\bquarterly\b|-quarter\b|\bthree\s+months\b")


def said_on(ctx: DocumentContext, at: int) -> bool:
    """True when a day in the past week was named earlier in this sentence ("announced on
    Saturday that ..."): the reported speech's own time, which a relative week follows."""
    if ctx.day is None or ctx.day_at < 0 or ctx.day_at > at:
        return False
    if not 0 < (ctx.dct - ctx.day).days <= 6:
        return False
    return SENT_BREAK.search(ctx.text, ctx.day_at, at) is None


def ytd_topic(text: str, at: int) -> bool:
    """True when the reporting period under discussion at `at` is a year-to-date run."""
    lo = max(0, at - 400)
    left = text[lo:at]
    breaks = [b.end() for b in SENT_BREAK.finditer(left)]
    para = left.rfind("\n")
    # the current sentence and the one before, within the paragraph
    start = breaks[-2] if len(breaks) >= 2 else 0
    start = max(start, para + 1)
    left = left[start:]
    last_ytd = None
    for last_ytd in YTD_PERIOD.finditer(left):
        pass
    if last_ytd is None:
        return False
    last_q = None
    for last_q in _Q_PERIOD.finditer(left):
        pass
    return last_q is None or last_q.start() < last_ytd.start()


_WD_REF = 0  # anchoring weekdays on the last explicit date: measured worse on TempEval (DCT wins)
_Q_SPAN = 10**9  # how far back a quarter stays the topic; shorter spans measured worse
CLOCK_REF = 1
_WD_AHEAD = 5  # bare weekdays resolve at most this many days ahead of the DCT
POD_SUFFIX = frozenset({"afternoon", "evening"})
_MONTH_SLACK = 60
_DAY_SLACK = 90


_DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s+$")
PERSON_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:son|sons|daughters?|boys?|girls?|bab(?:y|ies)|"
                           r"child|children|infants?|grandsons?|granddaughters?|twins)\b")
_THROUGH = re.compile(r"\b(?:[Tt]hrough|[Tt]hru)\s+$")
_DEADLINE_MID = re.compile(r"\b(?:by|until|till)\s+$")


def month_year(ctx: DocumentContext, month: int, day: int | None, start: int, end: int) -> int:
    """The year of a month (and day) given without one: the closest to the DCT, ties by tense."""
    d = ctx.dct
    best = None
    for y in (d.year - 1, d.year, d.year + 1):
        try:
            cand = date(y, month, day or 15)
        except ValueError:
            continue
        dist = abs((cand - d).days)
        if best is None or dist < best[0]:
            best = (dist, y, cand)
    if best is None:
        return d.year
    dist, y, cand = best
    if day is None and dist > _MONTH_SLACK:
        t = tense_at(ctx.text, start, end)
        if _DEADLINE.search(ctx.text, max(0, start - 12), start):
            t = 1  # "by February", "until January": a deadline, ahead of the DCT
        if t > 0 and cand < d:
            return y + 1
        if cand > d and _THROUGH.search(ctx.text, max(0, start - 10), start):
            return y  # "loans extended through January": the coming one
        if t <= 0 and cand > d:  # news narrates the past: a far month without tense is past
            return y - 1
    elif day is not None and dist > _DAY_SLACK:
        t = tense_at(ctx.text, start, end)
        if t < 0 and cand > d:
            return y - 1
        if t > 0 and cand < d:
            return y + 1
    return y


def _future_sentence(text: str, start: int, end: int) -> bool:
    """True when the sentence around [start, end) has a future cue anywhere in it."""
    left = text[max(0, start - 300):start]
    cut = None
    for cut in SENT_BREAK.finditer(left):
        pass
    if cut is not None:
        left = left[cut.end():]
    right = text[end:end + 300]
    cut = SENT_BREAK.search(right)
    if cut is not None:
        right = right[:cut.start()]
    return any(m.group("f") for m in _CUES.finditer(left)) or \
        any(m.group("f") for m in _RIGHT_CUES.finditer(right))


def weekday_date(ctx: DocumentContext, wd: int, start: int, end: int, rel: str | None = None) -> date:
    d = ctx.dct
    if _WD_REF and ctx.ref and len(ctx.ref) >= 10 and rel is None:
        try:
            r = date.fromisoformat(ctx.ref[:10])
            if 0 < abs((r - d).days) <= _WD_REF:
                d = r
        except ValueError:
            pass
    delta = (wd - d.weekday()) % 7  # days forward to the next such weekday (0 = today)
    if rel == "last":
        return d - timedelta(days=(7 - delta) if delta else 7)
    if rel == "next":
        return d + timedelta(days=delta or 7)
    if delta == 0:
        return d
    t = tense_at(ctx.text, start, end)
    if t > 0 and _DEADLINE_MID.search(ctx.text, max(0, start - 12), start):
        # "postponed until Tuesday": a deadline ahead (a sentence-opening "Until Thursday,"
        # frames a state that has just ended)
        return d + timedelta(days=delta)
    if t > 0 and delta < _WD_AHEAD:
        return d + timedelta(days=delta)
    if t == 0 and delta == 1 and _future_sentence(ctx.text, start, end):
        # no tense next to it, but the sentence looks ahead ("the envoy is due to land in
        # Kyiv, the first leg of the tour, Tuesday morning" written on a Monday): tomorrow
        return d + timedelta(days=1)
    # a bare weekday five or six days ahead is rare in news ("next Tuesday" is written):
    # a future cue that far off is about an event already past ("could be reached Wednesday")
    return d - timedelta(days=7 - delta)


def month_number(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def day_number(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))


NormalisedSpan = tuple[int, int, str, str, str | None, str | None]  # start,end,type,value,anchor,mod


def norm_md(ctx: DocumentContext, m: re.Match[str], kind: str) -> list[NormalisedSpan] | None:
    mon = month_number(m.group("mon"))
    d1 = day_number(m.group("d"))
    ys = m.group("y")
    s, e = m.start(), m.end()
    anchor = None
    if ys:
        y = int(ys)
    else:
        y = month_year(ctx, mon, d1, s, e)
        anchor = ctx.dct_s
    try:
        v1 = date(y, mon, d1).isoformat()
    except ValueError:
        return None
    d2s = m.group("d2")
    mod = None
    if m.groupdict().get("mod"):
        mod = {"early": "START", "mid": "MID", "late": "END"}[m.group("mod").lower()]
    if d2s:
        d2 = day_number(d2s)
        if d2 <= d1:
            d2s = None
        else:
            try:
                v2 = date(y, mon, d2).isoformat()
            except ValueError:
                return None
            if kind == "mdy":
                e1 = m.end("d")
                s2 = m.start("d2")
                e2 = m.end("d2") if not ys else m.end()
                return [(s, e1, "DATE", v1, anchor, mod), (s2, e2, "DATE", v2, anchor, mod)]
            # dmy "23-24 July": first day bare, second with month
            return [(m.start("d"), m.end("d"), "DATE", v1, anchor, mod),
                    (m.start("d2"), e, "DATE", v2, anchor, mod)]
    if m.group("rsep") and not d2s:
        # "May 16 and 3" nonsense range: keep only the first part
        if kind == "mdy":
            e = m.end("d")
    return [(s, e, "DATE", v1, anchor, mod)]


_MOD_WORDS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID",
              "middle": "MID", "late": "END", "end": "END"}


def mod_of_word(s: str | None) -> str | None:
    if not s:
        return None
    for w, v in _MOD_WORDS.items():
        if w in s.lower():
            return v
    return None


def trim_rel(m: re.Match[str], group: str = "rel") -> int:
    """Start of the expression, leaving out a preposition matched in group `group`."""
    r = m.group(group)
    if r and r.lower().split()[0] in ("by", "in", "since", "until", "of", "during", "before",
                                      "after", "from", "through", "throughout", "on", "to",
                                      "the"):
        words = r.lower()
        if "end" in words or "beginning" in words or "start" in words or "middle" in words:
            k = re.search(r"(?i)the\b|end\b|beginning\b|start\b|middle\b", r)
            return m.start(group) + k.start()
        return m.start("mon")
    return m.start()


GENERIC_TODAY = re.compile(r"'s\s+(?:[a-z]+\s+)?(?:youth|young|world|society|generation|"
                            r"children|kids|people|students|consumers|families|women|men|"
                            r"workers|economy|standards|computers|technology|culture|"
                            r"politics|market|markets|business)\b")
SENT_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"'`]\s*)$")

HOUR_IN = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                      r"twelve)(?:\s+o'clock)?\s+in\s+$", re.IGNORECASE)
ENDED = re.compile(r"\s+(?:ended|ending|that ended|which ended|to)\s+(" + MONTH_PATTERN + r")\s+("
                    + DAYNUM_PATTERN + r")")



RESULTS_OF = re.compile(r"'s\s+(?:net\s+)?(?:loss|losses|profit|profits|earnings|results|"
                         r"income|sales|revenue|revenues)\b")
N_MONTHS = re.compile(r"\s+(nine|six|three|\d{1,2})\s+months\b", re.I)
PAST_COUNT = re.compile(r"\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|"
                         r"few)\s+([a-z]+s)\b", re.I)
ELLIPTIC_LAST = re.compile(r"\s+(?:as|than)\s+(last)(?=\s*[.,;:!?)]|\s+(?:and|but|or)\b)")
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
DAY_OFF = re.compile(r"\b[Tt]he day (before|after)\s+$")
