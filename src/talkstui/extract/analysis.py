"""`analyse(text, published, lexicon=...)`: runs once per article at ingest.

It keeps everything that does not depend on other articles: time expressions, event
mentions (kind, status, actors, attribution, slots, date ranges), quotes with their
speakers and block keys, deadline claims, and clues to an undated article's date. The
story builder (`talkstui.story`) only merges these. `Analysis.to_dict()` is compact
(lists, not objects) and versioned: a stored analysis of another version is recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from talkstui.extract.budget import Budget
from talkstui.extract.dating import date_cues
from talkstui.extract.deadlines import FoundDeadline, extract_deadlines
from talkstui.extract.events import FoundMention, extract_mentions
from talkstui.extract.lexicon import lexicon_key
from talkstui.extract.names import resolve_role, role_names
from talkstui.extract.quotes import FoundQuote, extract_quotes
from talkstui.extract.speech import redate_quotes
from talkstui.extract.text import sentences
from talkstui.daterange import WINDOW, YEAR_MAX, YEAR_MIN, to_utc
from talkstui.extract.values import as_utc, duration_days, out_of_window
from talkstui.model import Attribution, TimeExpr

__all__ = ["Analysis", "analyse", "ANALYSIS_VERSION", "lexicon_fingerprint"]

ANALYSIS_VERSION = 4  # 2: no "other" event from a time phrase inside a quote; 3: deadline setter/target/subject/report, quotes dated by their speech; 4: a date of speaking is not the day a named ultimatum was set, ", officials said" does not make "will ... on Wednesday" past


def _d(x: date | None) -> str | None:
    return x.isoformat() if x is not None else None


def _pd(x: str | None) -> date | None:
    return date.fromisoformat(x) if x else None


@dataclass
class Analysis:
    published: datetime | None
    sentences: list[str] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    mentions: list[FoundMention] = field(default_factory=list)
    quotes: list[FoundQuote] = field(default_factory=list)
    deadlines: list[FoundDeadline] = field(default_factory=list)
    cues: dict = field(default_factory=dict)
    lexicon: str = ""  # fingerprint of the user's extra lexicon words ("" = none)
    notes: list[str] = field(default_factory=list)  # what was left out, and why

    def to_dict(self) -> dict:
        attrs: list[list] = []
        index: dict[tuple, int] = {}

        def ai(a: Attribution | None) -> int:
            if a is None:
                return -1
            key = (a.speaker, a.via, a.text)
            if key not in index:
                index[key] = len(attrs)
                attrs.append([a.speaker, a.via, a.text])
            return index[key]

        out: dict = {
            "v": ANALYSIS_VERSION,
            "dct": self.published.isoformat() if self.published else None,
            "s": self.sentences,
            "t": [[t.start, t.end, t.text, t.type, t.value, t.anchor, t.mod] for t in self.times],
            "m": [
                [m.start, m.end, m.phrase, m.value, m.sentence, m.kind, m.status, ai(m.attribution),
                 m.actors, _d(m.lo), _d(m.hi), m.precision, int(m.forward), m.trigger, m.venue,
                 m.ordinal, m.count, m.sub, m.mod, m.participants]
                for m in self.mentions
            ],
            "q": [[q.start, q.end, q.text, q.speaker, q.speaker_text, [list(u) for u in q.units]]
                  for q in self.quotes],
            "d": [
                [d.start, d.end, d.phrase, d.sentence, _d(d.set_lo), _d(d.set_hi), d.dur_lo, d.dur_hi,
                 _d(d.due_lo), _d(d.due_hi), ai(d.attribution), d.setter, d.label,
                 d.target, d.subject, d.report, int(d.due_approx), d.due_time, int(d.new), _d(d.report_on)]
                for d in self.deadlines
            ],
            "c": self.cues,
        }
        out["a"] = attrs
        if self.lexicon:
            out["lx"] = self.lexicon
        if self.notes:
            out["n"] = list(self.notes)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        attrs = [Attribution(a[0], a[1], a[2]) for a in data.get("a", [])]

        def at(i: int) -> Attribution | None:
            return attrs[i] if 0 <= i < len(attrs) else None

        dct = data.get("dct")
        return cls(
            published=as_utc(datetime.fromisoformat(dct)) if dct else None,
            sentences=list(data.get("s", [])),
            times=[TimeExpr(t[0], t[1], t[2], t[3], t[4], t[5], t[6]) for t in data.get("t", [])],
            mentions=[
                FoundMention(m[0], m[1], m[2], m[3], m[4], m[5], m[6], at(m[7]), list(m[8]),
                             _pd(m[9]), _pd(m[10]), m[11], bool(m[12]), m[13], m[14], m[15], m[16],
                             m[17], m[18], {}, list(m[19]) if len(m) > 19 else [])
                for m in data.get("m", [])
            ],
            quotes=[FoundQuote(q[0], q[1], q[2], q[3], q[4], [tuple(u) for u in q[5]])
                    for q in data.get("q", [])],
            deadlines=[
                FoundDeadline(d[0], d[1], d[2], d[3], _pd(d[4]), _pd(d[5]), d[6], d[7], _pd(d[8]),
                              _pd(d[9]), at(d[10]), d[11], d[12], *_dl_tail(d))
                for d in data.get("d", [])
            ],
            cues=dict(data.get("c", {})),
            lexicon=data.get("lx", ""),
            notes=[str(n) for n in data.get("n", [])],
        )


def _dl_tail(d: list) -> tuple:
    if len(d) < 20:
        return ()
    return (d[13], d[14], d[15], bool(d[16]), d[17], bool(d[18]), _pd(d[19]))


# Longer texts go to the time-expression engine in windows of about this many characters
# (cut at line breaks where possible), so the per-article budget is checked between them.
TIMEX_WINDOW = 40_000


def _windows(text: str) -> list[tuple[int, int]]:
    if len(text) <= TIMEX_WINDOW:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    a = 0
    while len(text) - a > TIMEX_WINDOW:
        cut = text.rfind("\n", a + TIMEX_WINDOW // 2, a + TIMEX_WINDOW)
        if cut <= a:
            cut = text.rfind(" ", a + TIMEX_WINDOW // 2, a + TIMEX_WINDOW)
        cut = a + TIMEX_WINDOW if cut <= a else cut
        out.append((a, cut))
        a = cut
    out.append((a, len(text)))
    return out


def _times(text: str, published: datetime | None, budget: Budget | None = None) -> list[TimeExpr]:
    if published is None:
        return []
    try:
        from talkstui.extract.timex import extract_times
    except ImportError:  # pragma: no cover - while the engine is being written
        return []
    out: list[TimeExpr] = []
    for a, b in _windows(text):
        if budget is not None and a and budget.over(a):
            break
        try:
            found = extract_times(text[a:b], published)
        except Exception:  # noqa: BLE001 - one bad article must not stop an ingest
            continue
        for t in found:
            out.append(t if not a else TimeExpr(t.start + a, t.end + a, t.text, t.type, t.value,
                                               t.anchor, t.mod))
    return out


def analyse(text: str, published: datetime | None, *, lexicon: dict[str, list[str]] | None = None,
            budget: Budget | None = None) -> Analysis:
    """Everything about one article that does not depend on the other articles.

    Bounded: sentences are capped in length (an overlong one is split, with a note) and the
    work stops when `budget` (by default ARTICLE_SECONDS) is spent, keeping what was found
    with a note saying where it stopped. Raises budget.Cancelled if the budget's cancel
    event is set."""
    text = text or ""
    budget = budget or Budget()
    clear_caches()
    notes: list[str] = []
    published = _in_window(published, notes)
    lex = lexicon_key(lexicon)
    sents = sentences(text, notes)
    times = _window_times(_times(text, published, budget), notes)
    dct = published.date() if published else None
    quotes = [] if budget.over(0) else extract_quotes(text)
    times = redate_quotes(text, sents, times, quotes, published)
    roles = role_names(text)
    if roles:
        for q in quotes:
            who = resolve_role(q.speaker, q.start, roles) or resolve_role(q.speaker_text, q.start, roles)
            if who:
                q.speaker = who
    used: dict[int, int] = {}
    mentions = [] if budget.over(0) else _range_safe(
        lambda: extract_mentions(text, sents, times, quotes, dct, lex, used, budget),
        "events", notes)
    deadlines = [] if budget.over() else _range_safe(
        lambda: extract_deadlines(text, sents, times, dct, used, quotes, budget),
        "deadlines", notes)
    if roles:
        for m in mentions:
            m.attribution = _resolved(m.attribution, m.start, roles)
        for d in deadlines:
            d.attribution = _resolved(d.attribution, d.start, roles)
    stored = [""] * len(used)
    for si, idx in used.items():
        a, b = sents[si]
        stored[idx] = text[a:b]
    cues = {} if budget.over() else _range_safe(lambda: date_cues(text, lex, sents, budget),
                                                 "date cues", notes, {})
    if budget.note():
        notes.append(budget.note())
    return Analysis(published, stored, times, mentions, quotes, deadlines, cues,
                    lexicon_fingerprint(lexicon), notes)


def _in_window(published: datetime | None, notes: list[str]) -> datetime | None:
    """The publication time as UTC, or None (analysed as undated, with a note) when it lies
    outside the years the story can hold."""
    if published is None:
        return None
    out = to_utc(published)
    if out is None:
        notes.append(f"the publication date {published.isoformat()} is outside the years "
                     f"{WINDOW}: the article was analysed as undated")
    return out


# A duration longer than the whole window (in days) names no date a story can hold.
_LONGEST_DAYS = (YEAR_MAX - YEAR_MIN + 1) * 366


def _window_times(times: list[TimeExpr], notes: list[str]) -> list[TimeExpr]:
    """Time phrases, without those naming a date outside the window or an endless duration
    (each left out with a note quoting it)."""
    out = []
    for t in times:
        far = (t.type in ("DATE", "TIME") and out_of_window(t.value)) or (
            t.type == "DURATION" and (duration_days(t.value) or 0) > _LONGEST_DAYS)
        if far:
            notes.append(f"{t.text!r} ({t.value}) is outside the years {WINDOW}: left out")
        else:
            out.append(t)
    return out


def _range_safe(step, what: str, notes: list[str], empty=None):
    """One extraction step; a date computation that still leaves Python's range costs that
    step's findings (with a note), never the article or the story."""
    try:
        return step()
    except OverflowError:
        notes.append(f"{what} left out: a date in the article leaves the years {WINDOW}")
        return [] if empty is None else empty


def _resolved(a: Attribution | None, at: int, roles) -> Attribution | None:
    """"the Kremlin spokesman" -> the person the article names in that role nearby."""
    if a is None or not a.speaker:
        return a
    who = resolve_role(a.speaker, at, roles)
    return Attribution(who, a.via, a.text) if who else a


def clear_caches() -> None:
    """Forget the per-sentence caches of the extractors (they only pay within one article:
    several time phrases and date cues in one sentence). Pure functions: clearing is never
    needed for correctness, only to keep memory flat and benchmarks honest."""
    from talkstui.extract import attribution, dating, events

    events._kind_hits.cache_clear()
    events._status_hits.cache_clear()
    events._actors.cache_clear()
    attribution._attributions.cache_clear()
    dating._tense_hits.cache_clear()


def lexicon_fingerprint(lexicon: dict[str, list[str]] | None) -> str:
    """Changes when the user's `[lexicon]` does: stored analyses made with another are stale."""
    if not lexicon:
        return ""
    from talkstui.extract.text import stable_hash

    canon = ";".join(f"{k}={','.join(sorted(map(str, v)))}" for k, v in sorted(lexicon.items()))
    return f"{stable_hash(canon):08x}"
