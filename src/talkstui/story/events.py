"""Events and their alignment across outlets.

Mentions are grouped by (kind, speaker/trigger, date range): a dict of buckets, never
all-pairs; planned events a few days apart are one event whose day is disputed;
week/month/year mentions join the one finer event of their kind in their range; each
event's conflicts (day, venue, count) are read off its claims."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from talkstui.extract.gazetteer import compatible as venue_compatible
from talkstui.extract.names import party_of, person_key
from talkstui.extract.participants import compatible as compatible_parties, parties
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
                 "approx", "outlets", "slots", "superseded", "xref", "parties", "venues")

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
        self.parties: frozenset[str] | None = frozenset()  # who takes part, as parties
        self.venues: set[str] = set()  # the venues its mentions give, as written


def canonical_names(recs: list[ArticleRecord]) -> dict[str, str]:
    """One spelling per person across outlets (Zelensky / Zelenskyy / Zelenskiy): the
    commonest, ties to the earliest article's. Keyed by fold_name (as the callers look
    names up) and by person_key (the transliteration-blind key)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for r in recs[:5000]:
        for a in r.a.get("a", ()):
            if a[0] and " " not in a[0]:
                forms[person_key(a[0])][a[0]] += 1
        for q in r.a.get("q", ()):
            if q[3]:
                forms[person_key(q[3])][q[3]] += 1
    out: dict[str, str] = {}
    for k, c in forms.items():
        best = c.most_common(1)[0][0]
        out[k] = best
        for form in c:
            out[fold_name(form)] = best
    return out


def align_events(recs: list[ArticleRecord], deadlines, now: datetime, names: dict[str, str] | None = None) -> tuple[list[TimelineEvent], list[Conflict]]:
    buckets: dict[tuple, EventBucket] = {}
    get = buckets.get
    for r in recs:
        outlet = r.outlet
        for m in r.a.get("m", ()):
            key = (m[5], m[17], m[9], m[10])
            b = get(key)
            if b is not None and ((len(m) > 19 and m[19]) or m[14]):
                # the same day, other parties or another place: another event (talks of
                # Russia and Ukraine in Istanbul are not talks of two other countries in Geneva)
                mine = parties(m[19]) if len(m) > 19 else frozenset()
                n = 1
                while b is not None and not (compatible_parties(b.parties or frozenset(), mine)
                                             and _venues_agree(_bucket_venues(b), {m[14]} if m[14] else set())):
                    key = (m[5], m[17], m[9], m[10], n)
                    b = get(key)
                    n += 1
            if b is None:
                b = buckets[key] = EventBucket(m[5], m[17], m[9], m[10], m[11], m[3])
            if len(m) > 19 and m[19]:
                b.parties = (b.parties or frozenset()) | parties(m[19])
            b.items.append((r, m))
            b.outlets.add(outlet)
            if m[12]:
                b.fwd = True
            if m[14] or m[16]:
                b.slots.append((r, m))
                if m[14]:
                    b.venues.add(m[14])
    # deadlines: the day each was set, the day each falls due
    for d in deadlines:
        if d.set_on is not None:
            # the day it was set, at its precision ("earlier this month" stays a range);
            # a superseded deadline was set all the same
            lo = (d.set_earliest or d.set_on).date()
            hi = (d.set_latest or d.set_on).date() + timedelta(days=1)
            key = ("deadline_set", "", lo.isoformat(), hi.isoformat())
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
            lo = (d.due_earliest or d.due).date()
            hi = (d.due_latest or d.due).date() + timedelta(days=1)
            key = ("deadline_due", "", lo.isoformat(), hi.isoformat())
            b = buckets.get(key)
            if b is None:
                b = buckets[key] = EventBucket(*key, "day", lo.isoformat())
            b.label = b.label or d.label
            b.approx = b.approx or d.due_approx
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
            if cur is not None and (
                (b.fwd and cur[0].fwd and (b.dlo - cur[0].dlo).days <= PLAN_WINDOW)
                or (b.kind == "deadline_due" and cur[0].xref and not b.xref and b.dhi <= cur[0].dhi)
            ):
                if cur_venues is None:
                    cur_venues = set(_bucket_venues(cur[0]))
                theirs = _bucket_venues(b)
                if b.kind == "deadline_due" and cur[0].xref and not b.xref and b.dhi <= cur[0].dhi:
                    cur.append(b)  # "falls due around August 8", inside the deadline's 7-9 Aug
                    continue
                if (_venues_agree(cur_venues, theirs)
                        and compatible_parties(frozenset().union(*(x.parties or frozenset() for x in cur)), b.parties or frozenset())):
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
        chosen.append(max(c, key=lambda b: (bool(b.xref), _support(b), -b.dlo.toordinal())) if len(c) > 1 else c[0])
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
    return b.venues


def _venues_agree(mine: set[str], theirs: set[str]) -> bool:
    """Venues as written that can be one place (gazetteer: Istanbul lies in Türkiye)."""
    return all(venue_compatible(a, b) for a in mine for b in theirs)


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
    status = _reported_status(sample, statuses)
    if kind == "deadline_set":
        status = "announced"
    elif kind == "deadline_due":
        if label:
            summary = f"{label} falls due"
        # what became of the deadline, as reported: running, passed, superseded, withdrawn, met
        dls = [d for b in cluster for d, which in b.xref if which == "due"]
        live = [d for d in dls if d.status in ("running", "passed")]
        status = (live or dls)[0].status if dls else ("running" if to_dt(chosen.dlo) > now else "passed")
    start = to_dt(chosen.dlo)
    end = to_dt(chosen.dhi)
    sub = f"-{chosen.sub}" if chosen.sub else ""
    eid = _unique(f"ev-{kind}-{chosen.lo}{sub}", used)
    approx = (any(b.approx for b in cluster) or any(m[18] == "APPROX" for _, m in sample[:50])) and (
        chosen.dhi - chosen.dlo).days <= 1  # a range of days is shown as the range, not as ~ a day
    ev = TimelineEvent(
        id=eid, date=start, date_end=end, precision=chosen.prec if chosen.prec != "time" else "day",
        value=chosen.value, kind=kind, summary=summary, actors=actors, status=status,
        mentions=_maybe_lazy(lambda: [mention_from(r, m) for b in allb for r, m in b.items] + extra, lazy),
        is_future=start > now, approximate=approx, venue=venue,
        outlet_list=sorted(set().union(*(b.outlets for b in allb), (e.outlet for e in extra if not e.article_id.startswith("config:")))),
    )
    ev.participants = _participants(sample, names)
    ev._buckets = allb  # type: ignore[attr-defined]  # for ArticleView.event_ids, on demand
    ev._ncluster = len(cluster)  # type: ignore[attr-defined]  # for story.cache
    # conflicts: the day, the venue, the count
    conflicts: list[Conflict] = []
    if len(cluster) > 1 and _disjoint(cluster):
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


# a later report overrides an earlier one: "planned" then "postponed" then "held"
_FINAL = {"held": 3, "carried out": 3, "cancelled": 3, "postponed": 2, "agreed": 1, "planned": 0,
          "proposed": 0, "announced": 0}


def _reported_status(sample, statuses: Counter) -> str | None:
    """The status the latest reporting gives (among the latest articles: the most final one,
    then the commonest); a report of what happened outweighs an earlier plan."""
    if not statuses:
        return None
    latest: dict[str, tuple] = {}
    for r, m in sample:
        st = m[6]
        if not st:
            continue
        pub = r.pub or datetime.min.replace(tzinfo=UTC)
        # a past event's status from an article written after it: what happened
        after = bool(r.pub and m[10] and r.pub.date() >= date.fromisoformat(m[10]))
        key = (after and _FINAL.get(st, 0) >= 2, pub, _FINAL.get(st, 0), statuses[st])
        if st not in latest or key > latest[st]:
            latest[st] = key
    return max(latest.items(), key=lambda kv: kv[1])[0] if latest else statuses.most_common(1)[0][0]


def _participants(sample, names: dict[str, str]) -> list[str]:
    """Who takes part, commonest first, one name per person (Zelensky / Zelenskyy)."""
    count: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    for _r, m in sample:
        if len(m) > 19:
            for p in m[19]:
                k = person_key(p)
                count[k] += 1
                forms[k][p] += 1
    out = [names.get(fold_name(forms[k].most_common(1)[0][0])) or forms[k].most_common(1)[0][0]
           for k, _ in count.most_common(8)]
    # a person or a capital beside the country it stands for adds nothing ("Russia", "Moscow")
    countries = {p for p in out if party_of(p) == p and not p[:1].islower()}
    return [p for p in out if party_of(p) == p or party_of(p) not in countries]


def _disjoint(cluster: list[EventBucket]) -> bool:
    """Whether two of the days given exclude each other (a day inside a range does not)."""
    spans = sorted((b.dlo, b.dhi) for b in cluster)
    return any(spans[i + 1][0] >= spans[i][1] for i in range(len(spans) - 1)) or any(
        x[0] >= y[1] or y[0] >= x[1] for x in spans for y in spans)


def _compatible_groups(values: list[str], *, venue: bool) -> list[list[str]]:
    groups: list[tuple[set[str], list[str]]] = []
    for v in sorted(values, key=len, reverse=True):
        parts = set(venue_parts(v)) if venue else {v.split()[0]}
        for g in groups:
            if (all(venue_compatible(v, w) for w in g[1]) if venue else parts & g[0]):
                g[0].update(parts)
                g[1].append(v)
                break
        else:
            groups.append((parts, [v]))
    return [g[1] for g in groups]
