"""Events and their alignment across outlets.

Mentions are grouped by (kind, speaker/trigger, date range): a dict of buckets, never
all-pairs; planned events a few days apart are one event whose day is disputed;
week/month/year mentions join the one finer event of their kind in their range; each
event's conflicts (day, venue, count) are read off its claims."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from talkstui.extract.text import fold_name
from talkstui.extract.values import WEEKDAYS, to_dt
from talkstui.model import (
    Claim, Conflict, EventMention, TimelineEvent,
)
from talkstui.story.lazy import LazyList
from talkstui.story.records import (
    ArticleRecord, DAY_PRECISIONS, KIND_LABELS, PLAN_WINDOW, mention_from, mention_of_claim,
    outlet_of,
)


def day_text(lo: date, hi: date) -> str:
    """'Wednesday (2025-07-23)', 'Thursday and Friday (2025-07-24 to 2025-07-25)'."""
    last = hi - timedelta(days=1)
    if last <= lo:
        return f"{WEEKDAYS[lo.weekday()]} ({lo.isoformat()})"
    join = " and " if (last - lo).days == 1 else " to "
    return f"{WEEKDAYS[lo.weekday()]}{join}{WEEKDAYS[last.weekday()]} ({lo.isoformat()} to {last.isoformat()})"


def venue_parts(v: str) -> list[str]:
    return [p.strip().lower() for p in v.split(",") if p.strip()]


class EventBucket:
    __slots__ = ("kind", "sub", "lo", "hi", "prec", "items", "fwd", "value", "dlo", "dhi", "extra", "label",
                 "approx", "outlets", "slots", "superseded", "xref")

    def __init__(self, kind, sub, lo, hi, prec, value):
        self.kind, self.sub, self.lo, self.hi, self.prec, self.value = kind, sub, lo, hi, prec, value
        self.items: list[tuple[ArticleRecord, list]] = []
        self.fwd = False
        self.dlo = date.fromisoformat(lo)
        self.dhi = date.fromisoformat(hi)
        self.extra: list[EventMention] = []
        self.label: str | None = None
        self.approx = False
        self.outlets: set[str] = set()
        self.slots: list[tuple[ArticleRecord, list]] = []  # mentions giving a venue or a count
        self.superseded = False
        self.xref: list[tuple[object, str]] = []  # (deadline, "set"/"due") of each extra


def canonical_names(recs: list[ArticleRecord]) -> dict[str, str]:
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


def align_events(recs: list[ArticleRecord], deadlines, now: datetime, names: dict[str, str] | None = None) -> tuple[list[TimelineEvent], list[Conflict]]:
    buckets: dict[tuple, EventBucket] = {}
    get = buckets.get
    for r in recs:
        outlet = r.outlet
        for m in r.a.get("m", ()):
            key = (m[5], m[17], m[9], m[10])
            b = get(key)
            if b is None:
                b = buckets[key] = EventBucket(m[5], m[17], m[9], m[10], m[11], m[3])
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
                b = buckets[key] = EventBucket(*key, "day", lo.isoformat())
            b.label = d.label
            b.approx = b.approx or d.set_earliest is not None
            for c in d.claims:
                if c.set_on is not None:
                    b.extra.append(mention_of_claim(c, "set"))
            b.xref.append((d, "set"))
        if d.due is not None:
            lo = d.due.date()
            key = ("deadline_due", "", lo.isoformat(), (lo + timedelta(days=1)).isoformat())
            b = buckets.get(key)
            if b is None:
                b = buckets[key] = EventBucket(*key, "day", lo.isoformat())
            b.label = b.label or d.label
            b.approx = b.approx or d.approximate
            b.fwd = b.fwd or d.due > now
            b.extra.extend(mention_of_claim(c, "due") for c in d.claims)
            b.xref.append((d, "due"))
            if d.status == "superseded":
                b.superseded = True

    lazy = sum(len(b.items) for b in buckets.values()) > LAZY_MENTIONS
    fine: dict[tuple[str, str], list[EventBucket]] = defaultdict(list)
    coarse: list[EventBucket] = []
    for b in buckets.values():
        if b.prec in DAY_PRECISIONS and (b.dhi - b.dlo).days <= 4:
            fine[(b.kind, b.sub)].append(b)
        else:
            coarse.append(b)

    clusters: list[list[EventBucket]] = []
    index: dict[tuple[str, str], tuple[list[date], list[int]]] = {}
    for ks, bs in fine.items():
        bs.sort(key=lambda b: (b.lo, b.hi))
        mine: list[int] = []
        cur: list[EventBucket] | None = None
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
    chosen: list[EventBucket] = []
    for c in clusters:
        chosen.append(max(c, key=lambda b: (_support(b), -b.dlo.toordinal())) if len(c) > 1 else c[0])
    for ks, (dates, mine) in index.items():
        mine.sort(key=lambda i: chosen[i].dlo)
        dates.extend(chosen[i].dlo for i in mine)
    attached: dict[int, list[EventBucket]] = defaultdict(list)
    loose: list[EventBucket] = []
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



SAMPLE = 400  # mentions looked at per bucket for its support, actors, status


def attribution_key(r: ArticleRecord, i: int):
    if i < 0:
        return None
    a = r.a.get("a", ())
    return tuple(a[i]) if i < len(a) else None


def speaker_via(r: ArticleRecord, i: int) -> tuple | None:
    """(speaker, via) of attribution `i` of `r` (what `attribution_key(r, i)[:2]` gives)."""
    if i < 0:
        return None
    sv = r.sv
    if sv is None:
        sv = r.sv = [(x[0], x[1]) for x in r.a.get("a", ())]
    return sv[i] if i < len(sv) else None


def _support(b: EventBucket) -> int:
    seen = {(r.outlet, attribution_key(r, m[7])) for r, m in b.items[:SAMPLE]}
    return len(seen) + len(b.extra) + (len(b.outlets) if len(b.items) > SAMPLE else 0)


def _bucket_venues(b: EventBucket) -> set[str]:
    return {p for v in {m[14] for _, m in b.slots if m[14]} for p in venue_parts(v)}


def _venues_ok(cluster: list[EventBucket], b: EventBucket) -> bool:
    mine = {p for x in cluster for _, m in x.slots if m[14] for p in venue_parts(m[14])}
    theirs = {p for _, m in b.slots if m[14] for p in venue_parts(m[14])}
    return not mine or not theirs or bool(mine & theirs)


def _unique(base: str, used: Counter) -> str:
    base = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in base)[:80]
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


def _summary(kind: str, items: list[tuple[ArticleRecord, list]], speakers: Counter) -> tuple[str, str | None]:
    ordinals = Counter(m[15] for _, m in items if m[15])
    venues = Counter(m[14] for _, m in items if m[14])
    venue = None
    if venues:
        # the most specific form that the others agree with ("Istanbul, Turkey" over "Turkey")
        venue = max(venues, key=lambda v: (venues[v] + sum(n for w, n in venues.items() if w != v and set(venue_parts(w)) <= set(venue_parts(v))), len(v)))
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
        key = (value, r.outlet, speaker_via(r, m[7]))
        if key in seen:
            continue
        seen.add(key)
        sent = r.a["s"][m[4]] if m[4] < len(r.a["s"]) else ""
        out.append(Claim(value=value, article_id=r.art.id, outlet=outlet_of(r.art),
                         attribution=r.attribution(m[7]), sentence=sent))
    return out

def _event(cluster: list[EventBucket], chosen: EventBucket, coarse: list[EventBucket], now: datetime, used: Counter,
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
        mentions=_maybe_lazy(lambda: [mention_from(r, m) for b in allb for r, m in b.items] + extra, lazy),
        is_future=start > now, approximate=approx, venue=venue,
        outlet_list=sorted(set().union(*(b.outlets for b in allb), (e.outlet for e in extra if not e.article_id.startswith("config:")))),
    )
    ev._buckets = allb  # type: ignore[attr-defined]  # for ArticleView.event_ids, on demand
    ev._ncluster = len(cluster)  # type: ignore[attr-defined]  # for story.cache
    # conflicts: the day, the venue, the count
    conflicts: list[Conflict] = []
    if len(cluster) > 1:
        claims = _claims((day_text(b.dlo, b.dhi), r, m)
                         for b in sorted(cluster, key=lambda b: b.lo) for r, m in b.items)
        cid = f"cf-{eid}-day"
        conflicts.append(Conflict(id=cid, about=f"the day of the {summary[:1].lower() + summary[1:]}", event_id=eid, claims=claims))
        ev.conflict_ids.append(cid)
    for slot, col, about in (("venue", 14, "the venue of the"), ("count", 16, "the number in the")):
        vals: dict[str, list[tuple[ArticleRecord, list]]] = defaultdict(list)
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
        parts = set(venue_parts(v)) if venue else {v.split()[0]}
        for g in groups:
            if parts & g[0]:
                g[0].update(parts)
                g[1].append(v)
                break
        else:
            groups.append((parts, [v]))
    return [g[1] for g in groups]
