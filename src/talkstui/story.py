"""Story(now): one pure function of the store's contents and `now`.

`build_story` merges what `extract.analyse` stored per article at ingest:

1. articles published after `as_of` are left out (and `now` becomes `as_of`);
2. quotes are grouped across outlets (story_quotes: block keys + rapidfuzz);
3. undated articles get a date inferred from the dated ones (story_infer) and are
   analysed again with it (the body comes from the `body(hash)` accessor);
4. mentions are grouped by (kind, speaker/trigger, date range): a dict of buckets, never
   all-pairs; planned events a few days apart are one event whose day is disputed;
   week/month/year mentions join the one finer event of their kind in their range;
5. deadlines are grouped and counted down (story_deadlines);
6. conflicts (day, venue, count) and the coverage matrix are read off each event.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from talkstui.extract import ANALYSIS_VERSION, analyse, lexicon_fingerprint
from talkstui.extract.text import fold_name
from talkstui.extract.values import WEEKDAYS, as_utc, to_dt
from talkstui.model import (
    Article, ArticleView, Attribution, Claim, Conflict, EventMention, Source, Story, TimeExpr,
    TimelineEvent,
)
from talkstui.story_deadlines import RawClaim, build_deadlines, config_claims
from talkstui.story_infer import infer_date
from talkstui.story_quotes import build_quotes
from talkstui.story_scoped import attach_scope, scoped
from talkstui.store_codec import StoredArticle, read_analysis
from talkstui.story_util import LazyList

__all__ = ["build_story", "load_story", "warm_story_cache"]

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


class _Rec:
    """One included article and its stored analysis."""

    __slots__ = ("art", "a", "pub", "inferred", "evidence", "attrs", "idx", "event_ids", "outlet",
                 "own", "stored", "sv")

    def __init__(self, art: Article, a: dict, pub: datetime | None, idx: int) -> None:
        self.art = art
        self.outlet = _outlet(art)
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


_REANALYSED: dict[tuple, dict] = {}  # stale stored analyses redone in this process (bounded)


def _slim(a: dict) -> dict:
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


def _analysis_of(art: Article, published: datetime | None, body, lexicon, lexfp: str,
                 own: list | None = None) -> dict:
    """The article's analysis (redone when stale). `own` gets an item when the result is the
    stored analysis freshly decoded for this build (nobody else holds it: it may be trimmed)."""
    fresh = type(art) is StoredArticle and "_analysis" not in art.__dict__
    a = read_analysis(art)  # decoded for this pass, not kept on the (shared) article
    if a and a.get("v") == ANALYSIS_VERSION and a.get("lx", "") == lexfp:
        if fresh:
            if own is not None:
                own.append(True)
            return _slim(a)
        return a
    key = (art.body_hash, published, lexfp)
    done = _REANALYSED.get(key)
    if done is not None:
        return done
    if body is not None:
        try:
            text = body(art.body_hash)
        except Exception:  # noqa: BLE001 - a missing body leaves the article without mentions
            text = None
        if text is not None:
            fresh = analyse(text, published, lexicon=lexicon).to_dict()
            if len(_REANALYSED) > 20_000:
                _REANALYSED.clear()
            _REANALYSED[key] = fresh
            return fresh
    return a if a and a.get("v") == ANALYSIS_VERSION else {}


def _outlet(art: Article) -> str:
    return art.outlet or (art.outlets[0] if art.outlets else "unknown outlet")


def _mention(rec: _Rec, m: list) -> EventMention:
    em = object.__new__(EventMention)
    s = rec.a["s"]
    em.__dict__.update(
        article_id=rec.art.id, outlet=_outlet(rec.art), phrase=m[2],
        sentence=s[m[4]] if 0 <= m[4] < len(s) else "", start=m[0], end=m[1], value=m[3],
        attribution=rec.attribution(m[7]), status=m[6],
    )
    return em


def _day_text(lo: date, hi: date) -> str:
    """'Wednesday (2025-07-23)', 'Thursday and Friday (2025-07-24 to 2025-07-25)'."""
    last = hi - timedelta(days=1)
    if last <= lo:
        return f"{WEEKDAYS[lo.weekday()]} ({lo.isoformat()})"
    join = " and " if (last - lo).days == 1 else " to "
    return f"{WEEKDAYS[lo.weekday()]}{join}{WEEKDAYS[last.weekday()]} ({lo.isoformat()} to {last.isoformat()})"


def _venue_parts(v: str) -> list[str]:
    return [p.strip().lower() for p in v.split(",") if p.strip()]


class _Bucket:
    __slots__ = ("kind", "sub", "lo", "hi", "prec", "items", "fwd", "value", "dlo", "dhi", "extra", "label",
                 "approx", "outlets", "slots", "superseded", "xref")

    def __init__(self, kind, sub, lo, hi, prec, value):
        self.kind, self.sub, self.lo, self.hi, self.prec, self.value = kind, sub, lo, hi, prec, value
        self.items: list[tuple[_Rec, list]] = []
        self.fwd = False
        self.dlo = date.fromisoformat(lo)
        self.dhi = date.fromisoformat(hi)
        self.extra: list[EventMention] = []
        self.label: str | None = None
        self.approx = False
        self.outlets: set[str] = set()
        self.slots: list[tuple[_Rec, list]] = []  # mentions giving a venue or a count
        self.superseded = False
        self.xref: list[tuple[object, str]] = []  # (deadline, "set"/"due") of each extra


def build_story(
    settings,
    sources: list[Source],
    articles: list[Article],
    *,
    now: datetime,
    as_of: datetime | None = None,
    body: Callable[[str], str] | None = None,
    choices=None,
) -> Story:
    """The story for `now` (or as it stood at `as_of`): the story of `settings` (its scope
    keeps its own articles: story_scope; `choices` are the user's in/out choices)."""
    # Hundreds of thousands of small containers are made here and none is cyclic:
    # the cyclic collector would walk them all again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(settings, sources, articles, now=now, as_of=as_of, body=body,
                      choices=choices)
    finally:
        if enabled:
            # the new objects go straight to the oldest generation, so the next young
            # collections do not walk them all (a full pass over a 50,000-article story
            # takes seconds); not done when the application uses gc.freeze itself
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _build(settings, sources, articles, *, now, as_of, body, choices=None) -> Story:
    as_of = as_utc(as_of)
    now = as_of if as_of is not None else as_utc(now)
    lexicon = getattr(settings, "lexicon", None) or None
    lexfp = lexicon_fingerprint(lexicon)

    # 0. the story's own articles (its terms and the user's choices); the others are listed
    defn, inside, outside = scoped(settings, articles, body, choices)
    articles = [art for art, _rel in inside]

    # 1. included articles
    recs: list[_Rec] = []
    undated: list[_Rec] = []
    _own: list = []
    for art in articles:
        pub = as_utc(art.published)
        if pub is not None and as_of is not None and pub > as_of:
            continue
        rec = _Rec(art, _analysis_of(art, pub, body, lexicon, lexfp, _own), pub, len(recs))
        if _own:
            rec.own = rec.stored = True
            _own.clear()
        recs.append(rec)
        if pub is None:
            undated.append(rec)

    # 2. quotes
    q_items = [(r.idx, r.a.get("q", [])) for r in recs if r.a.get("q")]
    meta = [(r.art.id, _outlet(r.art), r.pub) for r in recs]
    quotes, quote_ids = build_quotes(q_items, meta)

    # 3. dates for undated articles
    if undated:
        _infer(recs, undated, quotes, quote_ids, body, lexicon)
        if as_of is not None:
            recs = [r for r in recs if r.pub is None or r.pub <= as_of]
            keep = {r.art.id for r in recs}
            for q in quotes:
                q.variants = [v for v in q.variants if v.article_id in keep]
            quotes = [q for q in quotes if q.variants]

    # 4. deadlines (their set and due dates are timeline events too)
    raw: list[RawClaim] = config_claims(settings)
    for r in recs:
        s = r.a.get("s", [])
        for j, d in enumerate(r.a.get("d", [])):
            raw.append(RawClaim(
                article_id=r.art.id, outlet=_outlet(r.art), published=r.pub.date() if r.pub else None,
                phrase=d[2], sentence=s[d[3]] if 0 <= d[3] < len(s) else "",
                set_lo=_pd(d[4]), set_hi=_pd(d[5]), dur_lo=d[6], dur_hi=d[7], due_lo=_pd(d[8]),
                due_hi=_pd(d[9]), attribution=r.attribution(d[10]), setter=d[11], label=d[12],
                ref=(r.idx, j),
            ))
    deadlines = build_deadlines(raw, now)

    # 5. events
    names = _canonical_names(recs)
    for q in quotes:
        if q.speaker:
            q.speaker = names.get(fold_name(q.speaker), q.speaker)
    events, conflicts = _align(recs, deadlines, now, names)
    events.sort(key=lambda e: (e.date, e.date_end, e.kind, e.id))
    coverage = {e.id: e.outlets for e in events}
    index: dict[str, list[str]] | None = None

    def event_ids_of(article_id: str) -> list[str]:
        nonlocal index
        if index is None:
            index = defaultdict(list)
            for e in events:
                seen: set[str] = set()
                for b in getattr(e, "_buckets", ()):
                    for r, _m in b.items:
                        aid = r.art.id
                        if aid not in seen:
                            seen.add(aid)
                            index[aid].append(e.id)
        return index.get(article_id, [])

    views = []
    new = object.__new__
    lazy = len(recs) > LAZY_ARTICLES
    for r in recs:
        a = r.a
        art = r.art
        v = new(ArticleView)
        v.__dict__.update(
            id=art.id, outlet=r.outlet, url=art.url, title=art.title, published=r.pub,
            published_inferred=r.inferred, inference_evidence=r.evidence,
            event_ids=_CallList(event_ids_of, art.id) if lazy else list(event_ids_of(art.id)),
            time_exprs=(_CallList(_stored_time_exprs, art) if lazy and r.own and r.stored
                        else _CallList(_time_exprs, a) if lazy else _time_exprs(a)),
        )
        views.append(v)
        if lazy and r.own and r.stored:
            # what the story keeps of each analysis: mentions, deadlines, attributions and
            # the sentences they point at; time expressions are read again from the article
            for k in ("t", "q", "c", "dct"):
                a.pop(k, None)
    views.sort(key=lambda v: (v.published is None, v.published or now, v.id))
    last_refresh = max((as_utc(s.last_refresh) for s in sources if s.last_refresh), default=None)
    if last_refresh is not None and as_of is not None and last_refresh > as_of:
        last_refresh = None  # a replay does not know about later refreshes
    statuses = [s.last_status for s in sources if s.last_status]
    bad = [st for st in statuses if st not in ("ok", "not_modified")]
    story = Story(
        now=now, as_of=as_of, title=getattr(settings, "story_title", "Story"), sources=list(sources),
        articles=views, events=events, conflicts=conflicts, quotes=quotes, deadlines=deadlines,
        coverage=coverage, last_refresh=last_refresh,
        last_status=(bad[0] if bad else ("ok" if statuses else None)),
    )
    story._rec_ids = [r.art.id for r in recs]  # type: ignore[attr-defined]  # for story_cache
    attach_scope(story, defn, inside, outside, as_of)
    return story


def load_story(settings, store, *, now: datetime, as_of: datetime | None = None,
               use_cache: bool = True) -> Story:
    """The story from one snapshot of the store.

    Without `as_of`, a story cache beside the store (story_cache: a derived view keyed by
    the store generation, never the source of truth) is used when it matches, and written
    after a fresh build; any trouble with it falls back to the fresh build."""
    if as_of is None and use_cache:
        from talkstui import story_cache

        story = story_cache.load_cached(settings, store, now)
        if story is not None:
            return story
    snap = store.snapshot()
    story = build_story(settings, snap.sources, snap.articles, now=now, as_of=as_of, body=store.body,
                        choices=getattr(snap, "choices", None))
    if as_of is None and use_cache:
        from talkstui import story_cache

        story_cache.save(settings, store, getattr(snap, "generation", None), story)
    return story


def warm_story_cache(settings, store, now: datetime) -> bool:
    """Build and write the story cache unless it is already current (for `refresh`, after
    its commit). Never raises for the cache's sake; returns True when the cache is current."""
    from talkstui import story_cache

    return story_cache.warm(settings, store, now)


class _CallList(LazyList):
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


def _stored_time_exprs(art: Article) -> list[TimeExpr]:
    return _time_exprs(read_analysis(art) or {})


def _time_exprs(a: dict) -> list[TimeExpr]:
    return [TimeExpr(t[0], t[1], t[2], t[3], t[4], t[5], t[6]) for t in a.get("t", ())]


def _pd(x: str | None) -> date | None:
    return date.fromisoformat(x) if x else None


# ---------------------------------------------------------------- inference


def _infer(recs, undated, quotes, quote_ids, body, lexicon) -> None:
    by_id = {r.art.id: r for r in recs}
    corpus_days: set[tuple[str, date]] = set()
    corpus_weeks: set[tuple[str, int, int]] = set()
    seen_days: set[tuple[str, str]] = set()
    for r in recs:
        if r.pub is None:
            continue
        for m in r.a.get("m", []):
            if m[11] in DAY_PRECISIONS and (m[5], m[9]) not in seen_days:
                seen_days.add((m[5], m[9]))
                d = date.fromisoformat(m[9])
                corpus_days.add((m[5], d))
                iso = d.isocalendar()
                corpus_weeks.add((m[5], iso[0], iso[1]))
    shared: dict[str, list[tuple[date, str, str]]] = defaultdict(list)
    for q in quotes:
        dated = [(by_id[v.article_id].pub.date(), v.outlet, v.text) for v in q.variants
                 if by_id.get(v.article_id) is not None and by_id[v.article_id].pub is not None]
        if not dated:
            continue
        for v in q.variants:
            r = by_id.get(v.article_id)
            if r is not None and r.pub is None:
                shared[r.art.id].extend(dated)
    for r in undated:
        found = infer_date(r.a.get("c", {}), shared.get(r.art.id, []), corpus_days, corpus_weeks)
        if found is None:
            continue
        day, evidence = found
        r.pub = to_dt(day)
        r.inferred = True
        r.evidence = evidence
        if body is not None:
            try:
                text = body(r.art.body_hash)
            except Exception:  # noqa: BLE001
                text = None
            if text is not None:
                r.a = analyse(text, r.pub, lexicon=lexicon).to_dict()
                r.stored = False
                r.sv = None
                r.attrs = None


# ---------------------------------------------------------------- alignment


def _canonical_names(recs: list[_Rec]) -> dict[str, str]:
    """One spelling per person across outlets (Zelensky / Zelenskyy): the commonest."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for r in recs[:5000]:
        for a in r.a.get("a", ()):
            if a[0] and " " not in a[0]:
                forms[fold_name(a[0])][a[0]] += 1
        for q in r.a.get("q", ()):
            if q[3]:
                forms[fold_name(q[3])][q[3]] += 1
    return {k: c.most_common(1)[0][0] for k, c in forms.items()}


def _align(recs: list[_Rec], deadlines, now: datetime, names: dict[str, str] | None = None) -> tuple[list[TimelineEvent], list[Conflict]]:
    buckets: dict[tuple, _Bucket] = {}
    get = buckets.get
    for r in recs:
        outlet = r.outlet
        for m in r.a.get("m", ()):
            key = (m[5], m[17], m[9], m[10])
            b = get(key)
            if b is None:
                b = buckets[key] = _Bucket(m[5], m[17], m[9], m[10], m[11], m[3])
            b.items.append((r, m))
            b.outlets.add(outlet)
            if m[12]:
                b.fwd = True
            if m[14] or m[16]:
                b.slots.append((r, m))
    # deadlines: the day each was set, the day each falls due
    for d in deadlines:
        if d.set_on is not None and d.status != "superseded":
            lo = d.set_on.date()
            key = ("deadline_set", "", lo.isoformat(), (lo + timedelta(days=1)).isoformat())
            b = buckets.get(key)
            if b is None:
                b = buckets[key] = _Bucket(*key, "day", lo.isoformat())
            b.label = d.label
            b.approx = b.approx or d.set_earliest is not None
            for c in d.claims:
                if c.set_on is not None:
                    b.extra.append(_claim_mention(c, "set"))
            b.xref.append((d, "set"))
        if d.due is not None:
            lo = d.due.date()
            key = ("deadline_due", "", lo.isoformat(), (lo + timedelta(days=1)).isoformat())
            b = buckets.get(key)
            if b is None:
                b = buckets[key] = _Bucket(*key, "day", lo.isoformat())
            b.label = b.label or d.label
            b.approx = b.approx or d.approximate
            b.fwd = b.fwd or d.due > now
            b.extra.extend(_claim_mention(c, "due") for c in d.claims)
            b.xref.append((d, "due"))
            if d.status == "superseded":
                b.superseded = True

    lazy = sum(len(b.items) for b in buckets.values()) > LAZY_MENTIONS
    fine: dict[tuple[str, str], list[_Bucket]] = defaultdict(list)
    coarse: list[_Bucket] = []
    for b in buckets.values():
        if b.prec in DAY_PRECISIONS and (b.dhi - b.dlo).days <= 4:
            fine[(b.kind, b.sub)].append(b)
        else:
            coarse.append(b)

    clusters: list[list[_Bucket]] = []
    index: dict[tuple[str, str], tuple[list[date], list[int]]] = {}
    for ks, bs in fine.items():
        bs.sort(key=lambda b: (b.lo, b.hi))
        mine: list[int] = []
        cur: list[_Bucket] | None = None
        cur_venues: set[str] | None = None  # venue parts of the cluster, made on first use
        for b in bs:
            if (
                cur is not None and b.fwd and cur[0].fwd
                and (b.dlo - cur[0].dlo).days <= PLAN_WINDOW
            ):
                if cur_venues is None:
                    cur_venues = _bucket_venues(cur[0])
                theirs = _bucket_venues(b)
                if not cur_venues or not theirs or cur_venues & theirs:
                    cur.append(b)
                    cur_venues |= theirs
                    continue
            cur = [b]
            cur_venues = None
            clusters.append(cur)
            mine.append(len(clusters) - 1)
        index[ks] = ([], mine)
    # the day each cluster stands for: the best-supported bucket
    chosen: list[_Bucket] = []
    for c in clusters:
        chosen.append(max(c, key=lambda b: (_support(b), -b.dlo.toordinal())) if len(c) > 1 else c[0])
    for ks, (dates, mine) in index.items():
        mine.sort(key=lambda i: chosen[i].dlo)
        dates.extend(chosen[i].dlo for i in mine)
    attached: dict[int, list[_Bucket]] = defaultdict(list)
    loose: list[_Bucket] = []
    for b in coarse:
        dates, mine = index.get((b.kind, b.sub), ([], []))
        i = bisect_left(dates, b.dlo)
        j = bisect_left(dates, b.dhi)
        n = j - i
        if n == 1:
            attached[mine[i]].append(b)
        elif n == 0 and b.prec != "decade":
            if b.prec == "year" and any(k[0] == b.kind for k in index):
                continue  # "talks this year" beside dated talks adds nothing
            loose.append(b)
        # n > 1: which one it means is unknown; left out
    events: list[TimelineEvent] = []
    conflicts: list[Conflict] = []
    used_ids: Counter = Counter()
    for ci, c in enumerate(clusters):
        ev, cf = _event(c, chosen[ci], attached.get(ci, []), now, used_ids, names or {}, lazy)
        events.append(ev)
        conflicts.extend(cf)
    for b in loose:
        ev, cf = _event([b], b, [], now, used_ids, names or {}, lazy)
        events.append(ev)
        conflicts.extend(cf)
    return events, conflicts


def _claim_mention(c, which: str) -> EventMention:
    when = c.set_on if which == "set" else c.due
    em = object.__new__(EventMention)  # as EventMention(...), without its __init__
    em.__dict__.update(
        article_id=c.article_id, outlet=c.outlet, phrase=c.phrase, sentence=c.sentence,
        start=0, end=0, value=_day_iso(when) if when else "", attribution=c.attribution,
        status="announced" if which == "set" else "planned",
    )
    return em


@lru_cache(maxsize=4096)
def _day_iso(when: datetime) -> str:
    return when.date().isoformat()


SAMPLE = 400  # mentions looked at per bucket for its support, actors, status


def _attr_key(r: _Rec, i: int):
    if i < 0:
        return None
    a = r.a.get("a", ())
    return tuple(a[i]) if i < len(a) else None


def _sv(r: _Rec, i: int) -> tuple | None:
    """(speaker, via) of attribution `i` of `r` (what `_attr_key(r, i)[:2]` gives)."""
    if i < 0:
        return None
    sv = r.sv
    if sv is None:
        sv = r.sv = [(x[0], x[1]) for x in r.a.get("a", ())]
    return sv[i] if i < len(sv) else None


def _support(b: _Bucket) -> int:
    seen = {(r.outlet, _attr_key(r, m[7])) for r, m in b.items[:SAMPLE]}
    return len(seen) + len(b.extra) + (len(b.outlets) if len(b.items) > SAMPLE else 0)


def _bucket_venues(b: _Bucket) -> set[str]:
    return {p for v in {m[14] for _, m in b.slots if m[14]} for p in _venue_parts(v)}


def _venues_ok(cluster: list[_Bucket], b: _Bucket) -> bool:
    mine = {p for x in cluster for _, m in x.slots if m[14] for p in _venue_parts(m[14])}
    theirs = {p for _, m in b.slots if m[14] for p in _venue_parts(m[14])}
    return not mine or not theirs or bool(mine & theirs)


def _unique(base: str, used: Counter) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in base)[:80]
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


def _summary(kind: str, items: list[tuple[_Rec, list]], speakers: Counter) -> tuple[str, str | None]:
    ordinals = Counter(m[15] for _, m in items if m[15])
    venues = Counter(m[14] for _, m in items if m[14])
    venue = None
    if venues:
        # the most specific form that the others agree with ("Istanbul, Turkey" over "Turkey")
        venue = max(venues, key=lambda v: (venues[v] + sum(n for w, n in venues.items() if w != v and set(_venue_parts(w)) <= set(_venue_parts(v))), len(v)))
    label = KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
    if kind in ("talks", "summit", "prisoner_exchange"):
        head = label
        if ordinals:
            o = ordinals.most_common(1)[0][0]
            head = f"{o.capitalize()} round of talks" if kind == "talks" else f"{o.capitalize()} {label.lower()}"
        return (f"{head} in {venue}" if venue else head), venue
    if kind == "statement":
        trig = Counter(m[13].split()[-1].lower() for _, m in items if m[13] and m[13].lower() != "statement")
        who = None
        if speakers:
            k = Counter(fold_name(s) for s in speakers.elements()).most_common(1)[0][0]
            who = Counter(s for s in speakers.elements() if fold_name(s) == k).most_common(1)[0][0]
        what = trig.most_common(1)[0][0] if trig else None
        head = f"Statement by {who}" if who else "Statement"
        return (f"{head} ({what})" if what else head), None
    if kind == "other":
        r, m = items[0]
        s = r.a["s"][m[4]] if m[4] < len(r.a["s"]) else m[2]
        s = " ".join(s.split())
        return (s if len(s) <= 70 else s[:69] + "…"), venue
    trig = Counter(m[13] for _, m in items if m[13])
    if trig:
        t = trig.most_common(1)[0][0]
        if kind == "strike" and t.lower() not in ("strike", "strikes", "attack", "attacks"):
            return f"Strikes ({t.lower()})" + (f" in {venue}" if venue else ""), venue
        return t[:1].upper() + t[1:] + (f" in {venue}" if venue and kind != "war" else ""), venue
    return label, venue


def _maybe_lazy(thunk, lazy: bool) -> list:
    """A plain list for an ordinary story; made on first use for a huge one (a LazyList:
    iterate or index it; C-level serialisers such as orjson need `list(...)` first)."""
    return LazyList(thunk) if lazy else thunk()


LAZY_MENTIONS = 10_000  # a story with more mentions than this makes its lists on demand
LAZY_ARTICLES = 5_000



def _claims(entries) -> list[Claim]:
    """One Claim per (value, outlet, speaker) from (value, record, mention) entries, in order."""
    out: list[Claim] = []
    seen: set = set()
    for value, r, m in entries:
        key = (value, r.outlet, _sv(r, m[7]))
        if key in seen:
            continue
        seen.add(key)
        sent = r.a["s"][m[4]] if m[4] < len(r.a["s"]) else ""
        out.append(Claim(value=value, article_id=r.art.id, outlet=_outlet(r.art),
                         attribution=r.attribution(m[7]), sentence=sent))
    return out

def _event(cluster: list[_Bucket], chosen: _Bucket, coarse: list[_Bucket], now: datetime, used: Counter,
           names: dict[str, str], lazy: bool = False):
    allb = cluster + coarse
    extra = [e for b in cluster for e in b.extra]
    kind = chosen.kind
    speakers: Counter = Counter()
    actor_count: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    statuses: Counter = Counter()
    sample = [it for b in allb for it in b.items[:SAMPLE]]
    for r, m in sample:
        if m[7] >= 0 and kind == "statement":
            a = r.attribution(m[7])
            if a is not None and a.speaker:
                speakers[names.get(fold_name(a.speaker), a.speaker)] += 1
        for name in m[8]:
            k = fold_name(name)
            actor_count[k] += 1
            forms[k][name] += 1
        if m[6]:
            statuses[m[6]] += 1
    summary, venue = _summary(kind, sample, speakers) if sample else (
        f"{extra[0].phrase}" if extra else KIND_LABELS.get(kind, kind), None)
    label = next((b.label for b in cluster if b.label), None)
    if kind == "deadline_set" and label:
        summary = f"{label} set"
    places = {fold_name(p) for v in ([venue] if venue else []) for p in v.split(",")}
    actors = [names.get(k) or forms[k].most_common(1)[0][0] for k, _ in actor_count.most_common(8)
              if k not in places][:6]
    status = statuses.most_common(1)[0][0] if statuses else None
    if kind == "deadline_set":
        status = "announced"
    elif kind == "deadline_due":
        if label:
            summary = f"{label} falls due"
        status = "cancelled" if all(b.superseded for b in cluster if b.extra) and any(b.extra for b in cluster) else (
            "planned" if to_dt(chosen.dlo) > now else "held")
    start = to_dt(chosen.dlo)
    end = to_dt(chosen.dhi)
    sub = f"-{chosen.sub}" if chosen.sub else ""
    eid = _unique(f"ev-{kind}-{chosen.lo}{sub}", used)
    approx = any(b.approx for b in cluster) or any(m[18] == "APPROX" for _, m in sample[:50])
    ev = TimelineEvent(
        id=eid, date=start, date_end=end, precision=chosen.prec if chosen.prec != "time" else "day",
        value=chosen.value, kind=kind, summary=summary, actors=actors, status=status,
        mentions=_maybe_lazy(lambda: [_mention(r, m) for b in allb for r, m in b.items] + extra, lazy),
        is_future=start > now, approximate=approx, venue=venue,
        outlet_list=sorted(set().union(*(b.outlets for b in allb), (e.outlet for e in extra if not e.article_id.startswith("config:")))),
    )
    ev._buckets = allb  # type: ignore[attr-defined]  # for ArticleView.event_ids, on demand
    ev._ncluster = len(cluster)  # type: ignore[attr-defined]  # for story_cache
    # conflicts: the day, the venue, the count
    conflicts: list[Conflict] = []
    if len(cluster) > 1:
        claims = _claims((_day_text(b.dlo, b.dhi), r, m)
                         for b in sorted(cluster, key=lambda b: b.lo) for r, m in b.items)
        cid = f"cf-{eid}-day"
        conflicts.append(Conflict(id=cid, about=f"the day of the {summary[:1].lower() + summary[1:]}", event_id=eid, claims=claims))
        ev.conflict_ids.append(cid)
    for slot, col, about in (("venue", 14, "the venue of the"), ("count", 16, "the number in the")):
        vals: dict[str, list[tuple[_Rec, list]]] = defaultdict(list)
        for b in allb:
            for r, m in b.slots:
                if m[col]:
                    vals[m[col]].append((r, m))
        if len(vals) < 2:
            continue
        groups = _compatible_groups(list(vals), venue=(slot == "venue"))
        if len(groups) < 2:
            continue
        claims = _claims((v, r, m) for g in groups for v in g for r, m in vals[v])
        cid = f"cf-{eid}-{slot}"
        conflicts.append(Conflict(id=cid, about=f"{about} {summary[:1].lower() + summary[1:]}", event_id=eid, claims=claims))
        ev.conflict_ids.append(cid)
    return ev, conflicts


def _compatible_groups(values: list[str], *, venue: bool) -> list[list[str]]:
    groups: list[tuple[set[str], list[str]]] = []
    for v in sorted(values, key=len, reverse=True):
        parts = set(_venue_parts(v)) if venue else {v.split()[0]}
        for g in groups:
            if parts & g[0]:
                g[0].update(parts)
                g[1].append(v)
                break
        else:
            groups.append((parts, [v]))
    return [g[1] for g in groups]


def utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)
