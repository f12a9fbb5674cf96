"""The story's per-article records and the small public interface the story cache
uses: an article's analysis (redone when stale), its time expressions, mentions made from
analysis rows and from deadline claims, and lists made on first use."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from talkstui.extract import ANALYSIS_VERSION, analyse
from talkstui.model import (
    Article, Attribution, EventMention, TimeExpr,
)
from talkstui.store.codec import StoredArticle, read_analysis
from talkstui.story.lazy import LazyList




DAY_PRECISIONS = ("day", "time")
PLAN_WINDOW = 3  # days: planned events this close, of one kind, are one event with a disputed day
KIND_LABELS = {
    "talks": "Talks",
    "prisoner_exchange": "Prisoner exchange",
    "deadline_set": "Deadline set",
    "deadline_due": "Deadline due",
    "summit": "Summit",
    "statement": "Statement",
    "strike": "Strikes",
    "sanctions": "Sanctions",
    "war": "War",
    "other": "Event",
}


class ArticleRecord:
    """One included article and its stored analysis."""

    __slots__ = ("art", "a", "pub", "inferred", "evidence", "attrs", "idx", "event_ids", "outlet",
                 "own", "stored", "sv")

    def __init__(self, art: Article, a: dict, pub: datetime | None, idx: int) -> None:
        self.art = art
        self.outlet = outlet_of(art)
        self.a = a
        self.pub = pub
        self.inferred = False
        self.evidence: list[str] = []
        self.attrs: list[Attribution] | None = None
        self.idx = idx
        self.event_ids: list[str] = []
        self.own = False  # `a` is a private decode: it may be trimmed
        self.sv = None  # (speaker, via) of each attribution, made on first use
        self.stored = False  # `a` is the article's stored analysis

    def attribution(self, i: int) -> Attribution | None:
        if i < 0:
            return None
        if self.attrs is None:
            self.attrs = [Attribution(x[0], x[1], x[2]) for x in self.a.get("a", [])]
        return self.attrs[i] if i < len(self.attrs) else None


REANALYSED: dict[tuple, dict] = {}  # stale stored analyses redone in this process (bounded)


def slim_analysis(a: dict) -> dict:
    """The analysis without the sentences no mention or deadline points at (they are most
    of it: every sentence of the article). The list keeps its length, so indexes still hold;
    the others become "" (one shared string). The story keeps every analysis it was built
    from for as long as it lives, so this is most of its memory at 50,000 articles."""
    s = a.get("s")
    if not s:
        return a
    used = {m[4] for m in a.get("m", ())}
    used.update(d[3] for d in a.get("d", ()))
    if len(used) >= len(s):
        return a
    a["s"] = [x if i in used else "" for i, x in enumerate(s)]
    return a


def analysis_of(art: Article, published: datetime | None, body, lexicon, lexfp: str,
                 own: list | None = None) -> dict:
    """The article's analysis (redone when stale). `own` gets an item when the result is the
    stored analysis freshly decoded for this build (nobody else holds it: it may be trimmed)."""
    fresh = type(art) is StoredArticle and "_analysis" not in art.__dict__
    a = read_analysis(art)  # decoded for this pass, not kept on the (shared) article
    if a and a.get("v") == ANALYSIS_VERSION and a.get("lx", "") == lexfp:
        if fresh:
            if own is not None:
                own.append(True)
            return slim_analysis(a)
        return a
    key = (art.body_hash, published, lexfp)
    done = REANALYSED.get(key)
    if done is not None:
        return done
    if body is not None:
        try:
            text = body(art.body_hash)
        except Exception:  # noqa: BLE001 - a missing body leaves the article without mentions
            text = None
        if text is not None:
            fresh = analyse(text, published, lexicon=lexicon).to_dict()
            if len(REANALYSED) > 20_000:
                REANALYSED.clear()
            REANALYSED[key] = fresh
            return fresh
    return a if a and a.get("v") == ANALYSIS_VERSION else {}


def outlet_of(art: Article) -> str:
    return art.outlet or (art.outlets[0] if art.outlets else "unknown outlet")


def mention_from(rec: ArticleRecord, m: list) -> EventMention:
    em = object.__new__(EventMention)
    s = rec.a["s"]
    em.__dict__.update(
        article_id=rec.art.id, outlet=outlet_of(rec.art), phrase=m[2],
        sentence=s[m[4]] if 0 <= m[4] < len(s) else "", start=m[0], end=m[1], value=m[3],
        attribution=rec.attribution(m[7]), status=m[6],
    )
    return em


class CallList(LazyList):
    """LazyList of fn(arg): no closure per article, and no reference cycle (a bound method
    of itself as the thunk would make each one cyclic: 100,000 of them per 50,000-article
    story, freed only by a full collection)."""

    __slots__ = ("_fn", "_arg")

    def __init__(self, fn, arg) -> None:
        list.__init__(self)
        self._fn = fn
        self._arg = arg
        self._thunk = True  # pending; see _load

    def _load(self) -> None:
        if self._thunk is not None:
            self._thunk = None
            fn, arg = self._fn, self._arg
            self._fn = self._arg = None
            list.extend(self, fn(arg))


def stored_time_exprs(art: Article) -> list[TimeExpr]:
    return time_exprs_of(read_analysis(art) or {})


def time_exprs_of(a: dict) -> list[TimeExpr]:
    return [TimeExpr(t[0], t[1], t[2], t[3], t[4], t[5], t[6]) for t in a.get("t", ())]


def parse_day(x: str | None) -> date | None:
    return date.fromisoformat(x) if x else None



def mention_of_claim(c, which: str) -> EventMention:
    when = c.set_on if which == "set" else c.due
    em = object.__new__(EventMention)  # as EventMention(...), without its __init__
    em.__dict__.update(
        article_id=c.article_id, outlet=c.outlet, phrase=c.phrase, sentence=c.sentence,
        start=0, end=0, value=day_iso(when) if when else "", attribution=c.attribution,
        status="announced" if which == "set" else "planned",
    )
    return em


@lru_cache(maxsize=4096)
def day_iso(when: datetime) -> str:
    return when.date().isoformat()
