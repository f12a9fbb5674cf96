"""Deadline claims: a duration set on a (maybe approximate) date, or a due date.

"a 50-day deadline" set "earlier this month" (a range of set dates, so a range of due
dates), "came a week after Trump issued an ultimatum" (set about a week before the
article), "until Aug. 8" (a due date), "10 or 12 days" (a range of durations).
Durations come from the time-expression engine; this module only reads the few
deadline-specific shapes around them ("N or M days", "N-day").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from talkstui.extract.attribution import NAME, clean_name, find_attribution
from talkstui.extract.text import fold_name
from talkstui.extract.values import duration_days, value_range
from talkstui.model import Attribution, TimeExpr

_DEADLINE = re.compile(
    r"\b(deadline|ultimatum|(?:gave|give|gives|giving|given)\b[^.]{0,60}?\bdays?\b|within\s+\d+\s+days|or\s+face|"
    r"days?\s+to\s+(?:reach|agree|end|make)|grace\s+period|time\s+limit|"
    r"(?:gave|give|gives|giving|given)\b[^.]{0,40}?\buntil\b)",
    re.IGNORECASE,
)
_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1,
}
_N = r"(\d+|" + "|".join(_NUM_WORDS) + r")"
_RANGE_DAYS = re.compile(r"[\"“']?" + _N + r"\s*(?:or|to|-|–)\s*" + _N + r"[\"”’']?[\s-]+(day|week)s?\b", re.IGNORECASE)
_N_DAYS = re.compile(_N + r"[\s-]+(day|week|month)s?\b", re.IGNORECASE)
_AGO = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|\d+|a\s+few|several)\s+(?P<u>day|week|month)s?\s+"
    r"(?:after|since|ago|following)\b",
    re.IGNORECASE,
)
_DUE_BEFORE = re.compile(r"(?:until|by|before|no later than|expires?(?:\s+on)?|deadline\s+(?:of|on|is)|due(?:\s+on)?|ends?\s+on)\s*$", re.IGNORECASE)
_SET_VERB = re.compile(r"\b(?:set|sets|issued|issues|gave|gives|imposed|announced|extended|moved|shortened|delivered)\b", re.IGNORECASE)
_DUE_STRICT = re.compile(r"(?:until|by|before|no later than|expires?(?:\s+on)?|runs?\s+out\s+on|due(?:\s+on)?|ends?\s+on)\s*$", re.IGNORECASE)
_FROM_NOW = re.compile(r"\bfrom\s+(?:today|now)\b|\btoday\b", re.IGNORECASE)
_SETTER = re.compile(
    rf"(?P<sp>{NAME})(?:['’]s)?\s+(?:(?:\w+ly|also|had|has|have|on|last|this|in|earlier|\w+day|week|month)\s+){{0,3}}"
    r"(?:set|sets|issued|issues|gave|gives|given|giving|imposed|announced|extended|moved|shortened|cut|"
    r"reduced|brought forward|delivered|declared|deadline|ultimatum)\b"
)


@dataclass
class FoundDeadline:
    start: int
    end: int
    phrase: str
    sentence: int
    set_lo: date | None
    set_hi: date | None
    dur_lo: float | None
    dur_hi: float | None
    due_lo: date | None
    due_hi: date | None
    attribution: Attribution | None
    setter: str | None
    label: str

    @property
    def approximate(self) -> bool:
        return (self.due_lo != self.due_hi) or (self.set_lo != self.set_hi and self.due_lo is None)


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else _NUM_WORDS.get(s, 1)


def _unit_days(u: str) -> int:
    return {"day": 1, "week": 7, "month": 30}[u.lower()]


def extract_deadlines(
    text: str,
    sents: list[tuple[int, int]],
    times: list[TimeExpr],
    dct: date | None,
    sentence_index: dict[int, int],
    quotes: list,
    budget=None,
) -> list[FoundDeadline]:
    out: list[FoundDeadline] = []
    order = sorted(range(len(times)), key=lambda i: times[i].start)  # stable: ties keep order
    starts = [times[i].start for i in order]
    for si, (sa, sb) in enumerate(sents):
        if budget is not None and budget.over(sa):
            break
        sentence = text[sa:sb]
        dm = _DEADLINE.search(sentence)
        if not dm:
            continue
        # the time expressions starting in this sentence, in their original order
        here = [times[i] for i in sorted(order[bisect_left(starts, sa):bisect_left(starts, sb)])]
        # durations
        dur_lo = dur_hi = None
        phrase_span = (sa + dm.start(), sa + dm.end())
        rm = _RANGE_DAYS.search(sentence)
        if rm:
            u = _unit_days(rm.group(3))
            dur_lo, dur_hi = _num(rm.group(1)) * u, _num(rm.group(2)) * u
            phrase_span = (sa + rm.start(), sa + rm.end())
        else:
            for t in here:
                if t.type == "DURATION":
                    d = duration_days(t.value)
                    if d and d >= 1 and not re.search(r"\b(after|ago|since|following)\b", text[t.end:t.end + 12], re.IGNORECASE):
                        dur_lo = dur_hi = d
                        phrase_span = (t.start, t.end)
                        break
            if dur_lo is None:
                nm = _N_DAYS.search(sentence)
                if nm and not re.match(r"\s*(?:after|ago|since|following)\b", sentence[nm.end():], re.IGNORECASE):
                    dur_lo = dur_hi = _num(nm.group(1)) * _unit_days(nm.group(2))
                    phrase_span = (sa + nm.start(), sa + nm.end())
        # dates: a due date ("until Aug. 8") or the date it was set
        due_lo = due_hi = set_lo = set_hi = None
        anchors = [sa + m.start() for m in _SET_VERB.finditer(sentence)] + [sa + dm.start()]
        best_set = None
        for t in here:
            if t.type not in ("DATE", "TIME"):
                continue
            r = value_range(t.value)
            if r is None:
                continue
            lo, hi = r[0], r[1] - timedelta(days=1)
            before = text[max(sa, t.start - 30):t.start]
            if _DUE_STRICT.search(before) or (dur_lo is None and _DUE_BEFORE.search(before)):
                due_lo, due_hi = lo, hi
            elif r[2] in ("day", "time", "week", "month") and (dct is None or lo <= dct):
                dist = min(min(abs(a - t.end), abs(t.start - a)) for a in anchors)
                if dist <= 60 and (best_set is None or dist < best_set[0]):
                    best_set = (dist, lo, hi)
        if best_set is not None:
            set_lo, set_hi = best_set[1], best_set[2]
        if set_lo is None and dct is not None:
            am = _AGO.search(sentence)
            if am:
                n = am.group("n").lower()
                k = 3 if "few" in n else 4 if n == "several" else _num(n.split()[0])
                days = k * _unit_days(am.group("u"))
                slack = 1 if am.group("u").lower() != "day" else 0
                if am.group("u").lower() == "month":
                    slack = 7
                set_lo = dct - timedelta(days=days + slack)
                set_hi = dct - timedelta(days=days - slack)
            elif _FROM_NOW.search(sentence):
                set_lo = set_hi = dct
        if set_lo is not None and dct is not None and set_hi is not None and set_hi > dct and due_lo is None:
            set_hi = max(set_lo, dct)
        if due_lo is not None and dur_lo is not None and set_lo is not None:
            if not (set_lo + timedelta(days=dur_lo) <= due_hi and set_hi + timedelta(days=dur_hi) >= due_lo):
                dur_lo = dur_hi = None  # "shortened his 50-day deadline, giving Moscow until Aug. 8"
        if due_lo is None and set_lo is not None and dur_lo is not None:
            due_lo = set_lo + timedelta(days=dur_lo)
            due_hi = set_hi + timedelta(days=dur_hi)
        if dur_lo is None and due_lo is None:
            continue
        sm = _SETTER.search(sentence)
        setter = clean_name(sm.group("sp")) if sm else None
        qsp = [(max(q.start, sa) - sa, min(q.end, sb) - sa) for q in quotes if q.start < sb and q.end > sa]
        attr = find_attribution(sentence, quote_spans=qsp, near=phrase_span[0] - sa)
        if attr is not None and attr.text and setter and attr.speaker != setter:
            at = sentence.find(attr.text)
            if at >= 0 and min(abs(at - (phrase_span[0] - sa)), abs(at + len(attr.text) - (phrase_span[0] - sa))) > 60:
                attr = None  # "..., Zelenskyy confirmed, for the first meeting since Trump set a deadline"
        if setter is None and attr is not None:
            setter = attr.speaker
        if dur_lo is not None:
            n = int(dur_lo) if dur_lo == dur_hi else None
            core = f"{n}-day deadline" if n else f"{int(dur_lo)}-{int(dur_hi)}-day deadline"
        else:
            core = "deadline"
        if re.search(r"cease-?fire", sentence, re.IGNORECASE):
            core += " for a ceasefire"
        label = f"{setter}'s {core}" if setter else core[:1].upper() + core[1:]
        sentence_index.setdefault(si, len(sentence_index))
        out.append(FoundDeadline(
            start=phrase_span[0], end=phrase_span[1], phrase=text[phrase_span[0]:phrase_span[1]],
            sentence=sentence_index[si], set_lo=set_lo, set_hi=set_hi, dur_lo=dur_lo, dur_hi=dur_hi,
            due_lo=due_lo, due_hi=due_hi, attribution=attr, setter=setter, label=label,
        ))
    return out


def family_key(setter: str | None) -> str:
    return fold_name(setter) if setter else ""
