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

from talkstui.extract.attribution import NAME, NOT_NAMES, clean_name, find_attribution, named_speaker
from talkstui.extract.names import party_of, person_key
from talkstui.extract.setting_date import dates_the_setting
from talkstui.extract.text import fold_name
from talkstui.extract.values import duration_days, value_range
from talkstui.model import Attribution, TimeExpr

_DEADLINE = re.compile(
    r"\b(deadline|ultimatum|(?:gave|give|gives|giving|given)\b[^.]{0,60}?\b(?:days?\b|weeks?\s+to\b)|within\s+\d+\s+days|or\s+face|"
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
# "the new deadline falls around August 8", "the ultimatum expires on Friday"
_DUE_VERB = re.compile(
    r"\b(?:deadline|ultimatum)\s+(?:\w+\s+){0,2}?(?:falls?|fell|expires?|expired|ends?|ended|runs?\s+out|ran\s+out|is|was|comes?|came|lapses?)\s+"
    r"(?:due\s+)?(?:on\s+)?(?:(?:around|about|roughly|approximately|on\s+or\s+about)\s+)?$",
    re.IGNORECASE,
)
_FROM_NOW = re.compile(r"\bfrom\s+(?:today|now)\b|\btoday\b", re.IGNORECASE)
_SETTER = re.compile(
    rf"(?P<sp>{NAME})(?:['’]s)?\s+(?:(?:\w+ly|also|had|has|have|on|last|this|in|earlier|\w+day|week|month)\s+){{0,3}}"
    r"(?:set|sets|issued|issues|gave|gives|given|giving|imposed|announced|extended|moved|shortened|cut|"
    r"reduced|brought forward|delivered|declared|deadline|ultimatum)\b"
)


# who is given the deadline: "gave Russia", "ultimatum to Putin", "for Moscow to agree",
# "demanding that the Kremlin leader"
_TARGET = re.compile(
    r"\b(?:gave|give|gives|giving|given|grant(?:ed|s|ing)?|(?:ultimatum|deadline)\s+(?:to|for|on)|"
    r"demand(?:ed|ing|s)?\s+(?:that|of)|for|to|pressure\s+on|telling|told|warned)\s+"
    r"(?P<t>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"
)
_PRONOUN_SETTER = re.compile(
    r"\b(?:(?:he|she)\s+(?:\w+\s+){0,2}?(?:set|sets|gave|gives|giving|give|issued|imposed|shorten\w*|"
    r"extend\w*|cut|moved|delivered|was\s+giving|would\s+give)\b|(?:his|her)\s+(?:[\w-]+\s+){0,2}?(?:deadline|ultimatum)\b)",
    re.IGNORECASE,
)
# what is demanded, by kind: a strike or a trade deadline never merges with a ceasefire one
_SUBJECTS = [
    ("strike", re.compile(r"\b(?:strike|walkout|walk\s+out|(?-i:union|unions)|workers)\b", re.IGNORECASE)),  # "Union" of the European Union: no
    ("ceasefire or peace deal", re.compile(
        r"\b(?:cease-?fire|truce|peace|end(?:ing)?\s+(?:the|its|his)\s+(?:war|fighting|invasion)|"
        r"stop(?:ping)?\s+(?:the\s+)?(?:war|fighting|killing)|halt\s+(?:the\s+)?fighting)\b", re.IGNORECASE)),
    ("trade deal", re.compile(r"\b(?:trade\s+(?:deal|agreement|talks|pact)|tariff\s+deadline|tariffs?\s+(?:will\s+)?(?:take\s+effect|kick\s+in|rise|go\s+up))\b", re.IGNORECASE)),
    ("hostages", re.compile(r"\bhostages?\b", re.IGNORECASE)),
]
# a new ultimatum replacing one: the words and the earlier one named after them
_MOVED_OLD = re.compile(
    r"\b(?:shorten\w*|cut\w*(?:\s+short)?|extend\w*|replac\w*|mov\w*|revis\w*|brought\s+forward|bringing\s+forward)\s+"
    r"(?:the|his|her|its|their|an?)\s+(?:earlier\s+|original\s+|previous\s+|initial\s+)?"
    r"(?P<n>\d+|[a-z]+)[\s-]+(?P<u>day|week)\b(?:(?!\s(?:to|giving|with|and|into|until)\b)[^,;.]){0,50}",
    re.IGNORECASE,
)
_WITHDRAWN = re.compile(
    r"\b(?:dropped|drops|withdrew|withdrawn|withdraws|lifted|lifts|rescinded|scrapped|abandoned|called\s+off|"
    r"suspended|revoked)\b[^.;]{0,40}\b(?:deadline|ultimatum)\b|\b(?:deadline|ultimatum)\b[^.;]{0,30}\b"
    r"(?:was|has\s+been|had\s+been|is)\s+(?:dropped|withdrawn|lifted|rescinded|scrapped|abandoned|called\s+off|revoked)\b",
    re.IGNORECASE,
)
_MET = re.compile(
    r"\b(?:met|meets|beat|beats)\s+(?:the|his|its|a|their|her)\s+(?:[\w-]+\s+){0,2}?(?:deadline|ultimatum)\b|"
    r"\b(?:deadline|ultimatum)\b[^.;]{0,30}\b(?:was|has\s+been|had\s+been)\s+met\b|"
    r"\b(?:agreed|signed|reached|accepted)\b[^.;]{0,60}\b(?:before|ahead\s+of)\s+the\s+(?:[\w-]+\s+)?deadline\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether|could|would|might|may|threaten\w*\s+to|will)\b[^.;]*$", re.IGNORECASE)
_APPROX_BEFORE = re.compile(r"\b(?:around|about|roughly|approximately|circa|some\s*time\s+around|on\s+or\s+about)\s*$", re.IGNORECASE)
_NEW_DEADLINE = re.compile(r"\b(?:new|fresh|revised|shorter|longer|second)\s+(?:\w+\s+)?(?:deadline|ultimatum)\b", re.IGNORECASE)


def _subject(sentence: str) -> str | None:
    for name, rx in _SUBJECTS:
        if rx.search(sentence):
            return name
    return None


def _target(sentence: str, setter: str | None) -> str | None:
    skey = person_key(setter) if setter else ""
    for m in _TARGET.finditer(sentence):
        raw = m.group("t")
        words = raw.split()
        while words and words[-1].lower() in NOT_NAMES:
            words.pop()
        if not words or words[0].lower() in NOT_NAMES - {"the"} or words[-1].lower() in NOT_NAMES:
            continue
        raw = " ".join(words)
        # "the Kremlin leader": the words up to the first lower-case one
        party = party_of(raw)
        if party is None or (skey and person_key(raw) == skey):
            continue
        if party_of(party) == party_of(setter):
            continue
        return party
    return None


def _report(sentence: str) -> str | None:
    for name, rx in (("withdrawn", _WITHDRAWN), ("met", _MET)):
        m = rx.search(sentence)
        if m and not _HYPOTHETICAL.search(sentence[:m.start()]):
            return name
    return None


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
    target: str | None = None  # "Russia": who is given the deadline
    subject: str | None = None  # "ceasefire or peace deal": what is demanded
    report: str | None = None  # "withdrawn", "met": what an article says became of it
    due_approx: bool = False  # "around August 8"
    due_time: str | None = None  # "17:00" when the due time is stated to the hour
    new: bool = False  # the sentence gives a new deadline in place of an earlier one
    report_on: date | None = None  # the day the report is about (else the article's date)

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
    last_person: str | None = None
    for si, (sa, sb) in enumerate(sents):
        if budget is not None and budget.over(sa):
            break
        sentence = text[sa:sb]
        dm = _DEADLINE.search(sentence)
        report = _report(sentence) if dm else None
        if not dm:
            if "said" in sentence or "told" in sentence:
                last_person = named_speaker(sentence) or last_person
            continue
        # the time expressions starting in this sentence, in their original order
        here = [times[i] for i in sorted(order[bisect_left(starts, sa):bisect_left(starts, sb)])]
        found = _read_one(text, sa, sb, si, here, dct, dm, quotes, last_person, sentence_index, report)
        out.extend(found)
        last_person = named_speaker(sentence) or last_person
    return out


def _read_one(text, sa, sb, si, here, dct, dm, quotes, last_person, sentence_index, report) -> list[FoundDeadline]:
    """The deadline claims of one sentence: usually one; two when it gives a new deadline
    in place of an earlier one it names ("giving Russia 10 or 12 days, shortening the
    50-day deadline he set earlier this month")."""
    sentence = text[sa:sb]
    old = _MOVED_OLD.search(sentence)
    old_span = (sa + old.start(), sa + old.end()) if old else None
    out: list[FoundDeadline] = []
    main = _claim(text, sa, sb, si, here, dct, dm, quotes, last_person, sentence_index,
                  exclude=old_span, report=report)
    if old is not None:
        n = old.group("n")
        if n.isdigit() or n.lower() in _NUM_WORDS:
            # the earlier deadline, as this sentence restates it
            inner = [t for t in here if old_span[0] <= t.start < old_span[1]]
            dur = _num(n) * _unit_days(old.group("u"))
            set_lo = set_hi = None
            for t in inner:
                r = value_range(t.value) if t.type in ("DATE", "TIME") else None
                if r is not None and (dct is None or r[0] <= dct):
                    set_lo, set_hi = r[0], r[1] - timedelta(days=1)
                    if dct is not None and set_hi > dct:
                        set_hi = max(set_lo, dct)
                    break
            if main is not None:
                prev = FoundDeadline(
                    start=old_span[0], end=old_span[1], phrase=text[old_span[0]:old_span[1]].strip(),
                    sentence=main.sentence, set_lo=set_lo, set_hi=set_hi, dur_lo=dur, dur_hi=dur,
                    due_lo=set_lo + timedelta(days=dur) if set_lo else None,
                    due_hi=set_hi + timedelta(days=dur) if set_hi else None,
                    attribution=main.attribution, setter=main.setter,
                    label=_label(main.setter, f"{dur}-day deadline", sentence),
                    target=main.target, subject=main.subject,
                )
                if main.dur_lo == dur and main.dur_hi == dur:
                    main = None  # only the earlier one is named
                else:
                    main.new = True
                out.append(prev)
    if main is not None:
        out.insert(0, main)
    return out


def _label(setter: str | None, core: str, sentence: str, target: str | None = None) -> str:
    if re.search(r"cease-?fire", sentence, re.IGNORECASE):
        core += " for a ceasefire"
    elif target and core == "deadline":
        core += f" for {target}"
    return f"{setter}'s {core}" if setter else core[:1].upper() + core[1:]


def _claim(text, sa, sb, si, here, dct, dm, quotes, last_person, sentence_index, *, exclude, report):
    sentence = text[sa:sb]

    def outside(t) -> bool:
        return exclude is None or not (exclude[0] <= t.start < exclude[1])

    def outside_pos(a: int, b: int) -> bool:
        return exclude is None or not (exclude[0] <= sa + a < exclude[1])

    # durations
    dur_lo = dur_hi = None
    phrase_span = (sa + dm.start(), sa + dm.end())
    rm = next((m for m in _RANGE_DAYS.finditer(sentence) if outside_pos(m.start(), m.end())), None)
    if rm:
        u = _unit_days(rm.group(3))
        dur_lo, dur_hi = _num(rm.group(1)) * u, _num(rm.group(2)) * u
        phrase_span = (sa + rm.start(), sa + rm.end())
    else:
        for t in here:
            if t.type == "DURATION" and outside(t):
                d = duration_days(t.value)
                if d and d >= 1 and not re.search(r"\b(after|ago|since|following)\b", text[t.end:t.end + 12], re.IGNORECASE):
                    dur_lo = dur_hi = d
                    phrase_span = (t.start, t.end)
                    break
        if dur_lo is None:
            nm = next((m for m in _N_DAYS.finditer(sentence) if outside_pos(m.start(), m.end())), None)
            if nm and not re.match(r"\s*(?:after|ago|since|following)\b", sentence[nm.end():], re.IGNORECASE):
                dur_lo = dur_hi = _num(nm.group(1)) * _unit_days(nm.group(2))
                phrase_span = (sa + nm.start(), sa + nm.end())
    # dates: a due date ("until Aug. 8") or the date it was set
    due_lo = due_hi = set_lo = set_hi = None
    due_approx = False
    due_time = None
    report_on = None
    anchors = [sa + m.start() for m in _SET_VERB.finditer(sentence) if outside_pos(m.start(), m.end())] + [sa + dm.start()]
    best_set = None
    for t in here:
        if t.type not in ("DATE", "TIME") or not outside(t):
            continue
        r = value_range(t.value)
        if r is None:
            continue
        lo, hi = r[0], r[1] - timedelta(days=1)
        before = text[max(sa, t.start - 30):t.start]
        named_due = bool(re.match(r"\s*(?:deadline|ultimatum)\b", text[t.end:t.end + 12], re.IGNORECASE)) and bool(
            re.search(r"\b(?:an?|the|his|her|its|their)\s*$", before, re.IGNORECASE))  # "an August 1 deadline"
        if named_due or _DUE_STRICT.search(before) or (dur_lo is None and _DUE_BEFORE.search(before)) or (
                dur_lo is None and report is None and _DUE_VERB.search(before)):
            due_lo, due_hi = lo, hi
            due_approx = t.mod == "APPROX" or bool(_APPROX_BEFORE.search(text[max(sa, t.start - 25):t.start]))
            if t.type == "TIME":
                tm = re.search(r"T(\d\d):?(\d\d)?", t.value)
                if tm:
                    due_time = f"{tm.group(1)}:{tm.group(2) or '00'}"
        elif r[2] in ("day", "time", "week", "month") and (dct is None or lo <= dct):
            dist = min(min(abs(a - t.end), abs(t.start - a)) for a in anchors)
            if report is not None and r[2] in ("day", "time"):
                report_on = lo
            if dist <= 60 and (best_set is None or dist < best_set[0]) and dates_the_setting(
                    sentence, t.start - sa, t.end - sa):  # not "X said on Tuesday that ... the 50-day ultimatum"
                best_set = (dist, lo, hi)
    if best_set is not None and report is None:
        set_lo, set_hi = best_set[1], best_set[2]
    if set_lo is None and dct is not None and report is None:
        am = _AGO.search(sentence)
        if am and outside_pos(am.start(), am.end()):
            n = am.group("n").lower()
            k = 3 if "few" in n else 4 if n == "several" else _num(n.split()[0])
            days = k * _unit_days(am.group("u"))
            slack = 1 if am.group("u").lower() != "day" else 0
            if am.group("u").lower() == "month":
                slack = 7
            set_lo = dct - timedelta(days=days + slack)
            set_hi = dct - timedelta(days=days - slack)
        elif _FROM_NOW.search(sentence) and due_lo is None:
            set_lo = set_hi = dct  # "10 days from today" (not "expires today")
    if set_lo is not None and dct is not None and set_hi is not None and set_hi > dct and due_lo is None:
        set_hi = max(set_lo, dct)
    if due_lo is not None and dur_lo is not None and set_lo is not None:
        if not (set_lo + timedelta(days=dur_lo) <= due_hi and set_hi + timedelta(days=dur_hi) >= due_lo):
            dur_lo = dur_hi = None  # "shortened his 50-day deadline, giving Moscow until Aug. 8"
    if due_lo is None and set_lo is not None and dur_lo is not None:
        due_lo = set_lo + timedelta(days=dur_lo)
        due_hi = set_hi + timedelta(days=dur_hi)
    if dur_lo is None and due_lo is None and report is None:
        return None
    # who set it: the subject of a verb of setting, or "he"/"his" for the speaker; never
    # someone only quoted about it ("..., a White House official said")
    sm = _SETTER.search(sentence)
    setter = clean_name(sm.group("sp")) if sm else None
    if setter and (setter.lower() in NOT_NAMES or setter.lower().startswith("the ")):
        setter = None if setter.lower() in NOT_NAMES else setter
    qsp = [(max(q.start, sa) - sa, min(q.end, sb) - sa) for q in quotes if q.start < sb and q.end > sa]
    attr = find_attribution(sentence, quote_spans=qsp, near=phrase_span[0] - sa)
    if attr is not None and attr.text and setter and attr.speaker != setter:
        at = sentence.find(attr.text)
        if at >= 0 and min(abs(at - (phrase_span[0] - sa)), abs(at + len(attr.text) - (phrase_span[0] - sa))) > 60:
            attr = None  # "..., Zelenskyy confirmed, for the first meeting since Trump set a deadline"
    if setter is None and _PRONOUN_SETTER.search(sentence):
        person = attr.speaker if attr is not None and attr.speaker and attr.via is None else None
        if person and (" " in person or person.startswith(("a ", "an ", "the "))):
            person = None
        setter = person or last_person
    if setter is not None:
        setter = clean_name(setter) or setter
    if dur_lo is not None:
        n = int(dur_lo) if dur_lo == dur_hi else None
        core = f"{n}-day deadline" if n else f"{int(dur_lo)}-{int(dur_hi)}-day deadline"
    else:
        core = "deadline"
    target = _target(sentence, setter)
    label = _label(setter, core, sentence, target)
    sentence_index.setdefault(si, len(sentence_index))
    return FoundDeadline(
        start=phrase_span[0], end=phrase_span[1], phrase=text[phrase_span[0]:phrase_span[1]],
        sentence=sentence_index[si], set_lo=set_lo, set_hi=set_hi, dur_lo=dur_lo, dur_hi=dur_hi,
        due_lo=due_lo, due_hi=due_hi, attribution=attr, setter=setter, label=label,
        target=target, subject=_subject(sentence), report=report,
        due_approx=due_approx, due_time=due_time, new=bool(_NEW_DEADLINE.search(sentence)),
        report_on=report_on,
    )


def family_key(setter: str | None) -> str:
    return fold_name(setter) if setter else ""
