"""Story(now): one pure function of the store's contents and `now`.

`build_story` merges what `extract.analyse` stored per article at ingest:

1. articles published after `as_of` are left out (and `now` becomes `as_of`);
2. quotes are grouped across outlets (story.quotes: block keys + rapidfuzz);
3. undated articles get a date inferred from the dated ones (story.infer) and are
   analysed again with it (the body comes from the `body(hash)` accessor);
4. mentions are grouped into events (story.events);
5. deadlines are grouped and counted down (story.deadlines);
6. conflicts (day, venue, count) and the coverage matrix are read off each event.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime

from talkstui.extract import analyse, lexicon_fingerprint
from talkstui.extract.text import fold_name
from talkstui.extract.values import as_utc, to_dt
from talkstui.model import (
    Article, ArticleView, Source, Story,
)
from talkstui.story.deadlines import RawClaim, build_deadlines, claim_tail, config_claims
from talkstui.story.infer import infer_date
from talkstui.story.membership import attach_scope, scoped
from talkstui.story.quotes import build_quotes
from talkstui.story.records import (
    ArticleRecord, CallList, DAY_PRECISIONS, analysis_of, canonical_attribution, outlet_of,
    parse_day, stored_time_exprs, time_exprs_of,
)
from talkstui.story.events import LAZY_ARTICLES, align_events, canonical_names


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
    keeps its own articles: story.membership; `choices` are the user's in/out choices)."""
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
    recs: list[ArticleRecord] = []
    undated: list[ArticleRecord] = []
    _own: list = []
    for art in articles:
        pub = as_utc(art.published)
        if pub is not None and as_of is not None and pub > as_of:
            continue
        rec = ArticleRecord(art, analysis_of(art, pub, body, lexicon, lexfp, _own), pub, len(recs))
        if _own:
            rec.own = rec.stored = True
            _own.clear()
        recs.append(rec)
        if pub is None:
            undated.append(rec)

    # 2. quotes
    q_items = [(r.idx, r.a.get("q", [])) for r in recs if r.a.get("q")]
    meta = [(r.art.id, outlet_of(r.art), r.pub) for r in recs]
    quotes, quote_ids = build_quotes(q_items, meta)

    # 3. dates for undated articles
    if undated:
        infer_dates(recs, undated, quotes, quote_ids, body, lexicon)
        if as_of is not None:
            recs = [r for r in recs if r.pub is None or r.pub <= as_of]
            keep = {r.art.id for r in recs}
            for q in quotes:
                q.variants = [v for v in q.variants if v.article_id in keep]
            quotes = [q for q in quotes if q.variants]

    # one spelling per person in every attribution (Zelensky / Zelenskyy)
    names = canonical_names(recs)
    for r in recs:
        r.names = names
        r.attrs = None
    # 4. deadlines (their set and due dates are timeline events too)
    raw: list[RawClaim] = config_claims(settings)
    for r in recs:
        s = r.a.get("s", [])
        for j, d in enumerate(r.a.get("d", [])):
            raw.append(RawClaim(
                article_id=r.art.id, outlet=outlet_of(r.art), published=r.pub.date() if r.pub else None,
                phrase=d[2], sentence=s[d[3]] if 0 <= d[3] < len(s) else "",
                set_lo=parse_day(d[4]), set_hi=parse_day(d[5]), dur_lo=d[6], dur_hi=d[7], due_lo=parse_day(d[8]),
                due_hi=parse_day(d[9]), attribution=r.attribution(d[10]), setter=d[11], label=d[12],
                ref=(r.idx, j), **claim_tail(d),
            ))
    deadlines = build_deadlines(raw, now)

    # 5. events
    for q in quotes:
        if q.speaker:
            q.speaker = names.get(fold_name(q.speaker), q.speaker)
    events, conflicts = align_events(recs, deadlines, now, names)
    for cf in conflicts:
        for cl in cf.claims:
            cl.attribution = canonical_attribution(cl.attribution, names)
    for d in deadlines:
        for c in d.claims:
            c.attribution = canonical_attribution(c.attribution, names)
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
            event_ids=CallList(event_ids_of, art.id) if lazy else list(event_ids_of(art.id)),
            time_exprs=(CallList(stored_time_exprs, art) if lazy and r.own and r.stored
                        else CallList(time_exprs_of, a) if lazy else time_exprs_of(a)),
            notes=[str(n) for n in a.get("n", ())],
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
    story._rec_ids = [r.art.id for r in recs]  # type: ignore[attr-defined]  # for story.cache
    story._names = names  # type: ignore[attr-defined]  # for story.cache
    attach_scope(story, defn, inside, outside, as_of)
    return story


# ---------------------------------------------------------------- inference


def infer_dates(recs, undated, quotes, quote_ids, body, lexicon) -> None:
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


def utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)
