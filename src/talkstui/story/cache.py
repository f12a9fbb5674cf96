"""A derived, rebuildable view of the story beside the store: `<store>/story-cache.json`.

The story is a pure function of (store contents, now). Most of it does not depend on
`now`: the merged events, conflicts, quotes, deadlines and their claims, the article
views. This module keeps that part on disk, keyed by

    (cache format, store generation, ANALYSIS_VERSION, lexicon fingerprint,
     [[deadlines]] fingerprint, story-code fingerprint)

and, on a matching key, rebuilds a `Story` from it by computing only what depends on
`now`: `is_future`, the status of "deadline due" events, deadline status, `seconds_left`
and the order of the deadlines. The clustering of planned "deadline due" events depends
on which deadlines are still ahead; the cache records the due dates and how many were
ahead when it was built, and is not used for a `now` on which that count differs.

It is never the source of truth: deleting it is always safe; a cache that is unreadable,
truncated, of another format or of another key is ignored (and rewritten by the next fresh
build); a failure to write it is logged and ignored. Replays (`as_of`) never use it.

File: two lines of JSON. The first (small: hundreds of events) is read eagerly; the second
holds the article views in columns and is parsed when `story.articles` is first used. For a
big story the per-sentence details (event mentions, deadline claims, an article's time
expressions) are not stored: the file keeps, per event and per deadline, which articles back
them, and they are made from those articles' stored analyses on first access (one store
snapshot per story).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import zlib
from bisect import bisect_right
from datetime import datetime
from pathlib import Path

try:  # orjson is a dependency; plain json keeps this module importable without it
    import orjson as _json

    def _dumps(obj) -> bytes:
        return _json.dumps(obj)

    _loads = _json.loads
except ImportError:  # pragma: no cover
    import json as _json_std

    def _dumps(obj) -> bytes:
        return _json_std.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()

    _loads = _json_std.loads

from talkstui.model import (
    ArticleView, Attribution, Claim, Conflict, Deadline, DeadlineClaim, EventMention, Quote,
    QuoteVariant, Story, TimelineEvent,
)
from talkstui.story.lazy import LazyList
from talkstui.story.records import outlet_of

log = logging.getLogger(__name__)

CACHE_NAME = "story-cache.json"
FORMAT = 2  # 2: a checksum line first
# A cache larger than this is not one this program wrote for any plausible store (a 50,000-
# article story writes a few MB): it is ignored and rebuilt, never read into memory.
MAX_BYTES = 256 * 1024 * 1024
_MAGIC = b"talkstui-story-cache"
INLINE_MAX = 5_000  # mentions + deadline claims + articles up to which everything is stored
_MODEL_FILE = "model.py"  # beside the story package
_code_fp: str | None = None


def cache_path(store, settings=None) -> Path:
    """The cache file of the story of `settings`: CACHE_NAME for an install's first story,
    ``story-cache.<id>.json`` for the others (each story has its own cache)."""
    stories = getattr(settings, "stories", None) or []
    story = getattr(settings, "story", None)
    if story is None or not stories or stories[0].id == story.id:
        return Path(store.directory) / CACHE_NAME
    return Path(store.directory) / f"story-cache.{story.id}.json"


def code_files() -> list[Path]:
    """The files the story depends on: every module of the story package (sorted, so the
    order is the same everywhere) and model.py."""
    here = Path(__file__).resolve().parent
    return sorted(here.glob("*.py")) + [here.parent / _MODEL_FILE]


def code_fingerprint() -> str:
    """Changes when the story code does (so an upgraded program never trusts an old view)."""
    global _code_fp
    if _code_fp is None:
        h = hashlib.sha256(str(FORMAT).encode())
        for path in code_files():
            h.update(path.name.encode())
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"?")
        _code_fp = h.hexdigest()[:16]
    return _code_fp


def cache_key(settings, generation: int) -> dict:
    from talkstui.extract import ANALYSIS_VERSION, lexicon_fingerprint

    dls = [[getattr(d, "label", None), getattr(d, "set_on", None), getattr(d, "duration", None),
            getattr(d, "due", None)] for d in (getattr(settings, "deadlines", None) or [])]
    return {
        "fmt": FORMAT, "gen": generation, "av": ANALYSIS_VERSION,
        "lx": lexicon_fingerprint(getattr(settings, "lexicon", None) or None),
        "dl": hashlib.sha256(repr(dls).encode()).hexdigest()[:16],
        "story": _story_key(settings),
        "code": code_fingerprint(),
    }


def _story_key(settings) -> list:
    from talkstui.story.definitions import active_story

    d = active_story(settings)
    return [d.id, d.fingerprint()]


# ---------------------------------------------------------------- small codecs


def _datetime_text(x: datetime | None) -> str | None:
    return x.isoformat() if x is not None else None


def _parse_datetime(x: str | None) -> datetime | None:
    return datetime.fromisoformat(x) if x is not None else None


def _attribution_doc(a: Attribution | None):
    return None if a is None else [a.speaker, a.via, a.text]


def _attribution_from_doc(x) -> Attribution | None:
    return None if x is None else Attribution(x[0], x[1], x[2])


def _mention_doc(m: EventMention) -> list:
    return [m.article_id, m.outlet, m.phrase, m.sentence, m.start, m.end, m.value,
            _attribution_doc(m.attribution), m.status]


def _mention_from_doc(x: list) -> EventMention:
    return EventMention(x[0], x[1], x[2], x[3], x[4], x[5], x[6], _attribution_from_doc(x[7]), x[8])


def _claim_doc(c: DeadlineClaim) -> list:
    return [c.article_id, c.outlet, c.phrase, c.sentence, _datetime_text(c.set_on), _datetime_text(c.due), c.duration,
            _attribution_doc(c.attribution), _datetime_text(c.due_earliest), _datetime_text(c.due_latest),
            _datetime_text(c.set_earliest), _datetime_text(c.set_latest), c.due_approx, c.due_time, c.setter,
            c.target, c.subject, c.report]


def _claim_from_doc(x: list) -> DeadlineClaim:
    return DeadlineClaim(x[0], x[1], x[2], x[3], _parse_datetime(x[4]), _parse_datetime(x[5]), x[6], _attribution_from_doc(x[7]),
                         _parse_datetime(x[8]), _parse_datetime(x[9]), _parse_datetime(x[10]),
                         _parse_datetime(x[11]), x[12], x[13], x[14], x[15], x[16], x[17])


# ---------------------------------------------------------------- writing


def _rel_doc(rel) -> list | None:
    if rel is None:
        return None
    return [rel.score, list(rel.terms), bool(rel.inside), rel.decided_by]


def _prel(x):
    if x is None:
        return None
    from talkstui.story.scope import Relevance

    return Relevance(score=x[0], terms=list(x[1]), inside=x[2], decided_by=x[3])


def encode(story: Story, key: dict, now: datetime) -> bytes:
    """The cache file for a freshly built story (as_of None)."""
    from talkstui.store.codec import source_to_doc

    events = story.events
    deadlines = story.deadlines
    rec_ids: list[str] = getattr(story, "_rec_ids")
    rec_of = {aid: i for i, aid in enumerate(rec_ids)}
    ev_index = {e.id: i for i, e in enumerate(events)}
    dl_index = {id(d): i for i, d in enumerate(deadlines)}
    n_heavy = len(rec_ids) + sum(len(d.claims) for d in deadlines)
    if n_heavy <= INLINE_MAX:
        n_heavy += sum(len(e.mentions) for e in events)
    inline = n_heavy <= INLINE_MAX

    ev_docs = []
    for e in events:
        buckets = getattr(e, "_buckets", [])
        nc = getattr(e, "_ncluster", len(buckets))
        doc = {
            "id": e.id, "d": _datetime_text(e.date), "de": _datetime_text(e.date_end), "p": e.precision, "v": e.value,
            "k": e.kind, "s": e.summary, "a": list(e.actors), "st": e.status,
            "c": list(e.conflict_ids), "ap": e.approximate, "ve": e.venue,
            "o": list(e.outlets),
            # "deadline due" events whose status is planned/held (by now), not cancelled
            "dd": e.kind == "deadline_due" and e.status in ("running", "passed"),
            "pa": list(e.participants),
        }
        if inline:
            doc["m"] = [_mention_doc(m) for m in list(e.mentions)]
        else:
            mb = []
            for b in buckets:
                idx: list[int] = []
                last = -1
                for r, _m in b.items:
                    if r.idx != last:
                        idx.append(r.idx)
                        last = r.idx
                mb.append([b.kind, b.sub, b.lo, b.hi, idx])
            doc["mb"] = mb
            doc["mx"] = [[dl_index[id(d)], which] for b in buckets[:nc] for d, which in b.xref]
        ev_docs.append(doc)

    dl_docs = []
    for d in deadlines:
        doc = {
            "id": d.id, "l": d.label, "so": _datetime_text(d.set_on), "du": d.duration, "due": _datetime_text(d.due),
            "de": _datetime_text(d.due_earliest), "dl": _datetime_text(d.due_latest), "ap": d.approximate,
            "st": d.status, "se": _datetime_text(d.set_earliest), "sl": _datetime_text(d.set_latest),
            "who": [d.setter, d.target, d.subject], "sup": [d.supersedes, d.superseded_by,
                                                            _datetime_text(d.superseded_on), d.superseded_label],
            "son": _datetime_text(d.status_on), "dp": [d.due_approx, d.due_time], "nc": len(d.claims),
        }
        if inline:
            doc["cl"] = [_claim_doc(c) for c in d.claims]
        else:
            refs = getattr(d, "_refs")
            doc["cr"] = [list(ref) if ref is not None else _claim_doc(c)
                         for ref, c in zip(refs, d.claims)]
        dl_docs.append(doc)

    dues = sorted(d.due for d in deadlines if d.due is not None)
    head = {
        "key": key,
        "inline": inline,
        "dues": [_datetime_text(x) for x in dues],
        "ahead": len(dues) - bisect_right(dues, now),
        "sources": [source_to_doc(s) for s in story.sources],
        "last_refresh": _datetime_text(story.last_refresh),
        "last_status": story.last_status,
        "events": ev_docs,
        "conflicts": [
            {"id": c.id, "about": c.about, "ev": c.event_id,
             "cl": [[x.value, x.article_id, x.outlet, _attribution_doc(x.attribution), x.sentence] for x in c.claims]}
            for c in story.conflicts
        ],
        "quotes": [
            {"id": q.id, "sp": q.speaker,
             "v": [[v.text, v.article_id, v.outlet, [[t, bool(f)] for t, f in v.diff], v.full_text,
                    v.speaker, v.speaker_text] for v in q.variants]}
            for q in story.quotes
        ],
        "deadlines": dl_docs,
        "names": getattr(story, "_names", {}),
        "n_articles": len(rec_ids),
        "story_id": getattr(story, "story_id", ""),
        "outside": [[v.id, v.url, v.title, v.outlet, _datetime_text(v.published), _rel_doc(v.relevance)]
                    for v in getattr(story, "outside", None) or ()],
    }
    # the article views, in build (snapshot) order, by column; `order` is the view order
    views = list(story.articles)
    cols: dict[str, list] = {k: [None] * len(rec_ids) for k in
                             ("id", "o", "u", "t", "p", "i", "e", "ev", "r", "n")}
    order = []
    for v in views:
        i = rec_of[v.id]
        order.append(i)
        cols["id"][i] = v.id
        cols["o"][i] = v.outlet
        cols["u"][i] = v.url
        cols["t"][i] = v.title
        cols["p"][i] = _datetime_text(v.published)
        cols["i"][i] = v.published_inferred
        cols["e"][i] = list(v.inference_evidence) or 0
        cols["ev"][i] = [ev_index[x] for x in v.event_ids]
        cols["r"][i] = _rel_doc(getattr(v, "relevance", None))
        cols["n"][i] = list(getattr(v, "notes", ())) or 0
    cols["order"] = order
    if inline:
        te = [None] * len(rec_ids)
        for v in views:
            te[rec_of[v.id]] = [[t.start, t.end, t.text, t.type, t.value, t.anchor, t.mod]
                                for t in v.time_exprs]
        cols["te"] = te
    return _dumps(head) + b"\n" + _dumps(cols) + b"\n"


def save(settings, store, generation: int, story: Story) -> bool:
    """Write the cache for a story freshly built from the snapshot of `generation`.
    Best effort: any failure is logged and ignored."""
    path = None
    tmp = None
    try:
        if generation is None or generation < 0 or story.as_of is not None:
            return False
        enabled = gc.isenabled()
        gc.disable()  # as in build_story: many small containers, none cyclic
        try:
            data = encode(story, cache_key(settings, generation), story.now)
            data = _MAGIC + b" %08x %d\n" % (zlib.crc32(data), len(data)) + data
        finally:
            if enabled:
                gc.enable()
        path = cache_path(store, settings)
        # the store's ".tmp-" mark: a temp file left by a killed writer is tidied by the store
        tmp = path.with_name(f"{CACHE_NAME}.tmp-{os.getpid()}-{os.urandom(4).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        tmp = None
        try:
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass
        return True
    except Exception as exc:  # noqa: BLE001 - the cache is never worth a failure
        log.info("story cache not written (%s): %s", path, exc)
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def is_current(settings, store, now: datetime) -> bool:
    """True when the cache file matches the store as it is now, the settings and `now`."""
    return _read_head(settings, store, now) is not None


# ---------------------------------------------------------------- reading


def _checked_bytes(path: Path) -> bytes | None:
    """The cache's content after its checksum line, or None when it is missing, implausibly
    large (checked before reading: a 2 GB sparse file is never read), or fails its CRC-32 or
    length (one changed letter): then it is removed, and the next build writes it again."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise ValueError(f"{size:,} bytes")
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        _discard(path, f"unusable: {exc}")
        return None
    nl = raw.find(b"\n")
    head = raw[:nl].split(b" ") if 0 < nl < 80 else []
    try:
        ok = (len(head) == 3 and head[0] == _MAGIC and int(head[2]) == len(raw) - nl - 1
              and int(head[1], 16) == zlib.crc32(memoryview(raw)[nl + 1:]))
    except ValueError:
        ok = False
    if not ok:
        _discard(path, "its checksum does not match its content")
        return None
    return raw[nl + 1:]


def _discard(path: Path, why: str) -> None:
    log.info("story cache %s ignored and removed: %s", path, why)
    try:
        os.unlink(path)
    except OSError:
        pass


def _read_head(settings, store, now: datetime, generation: int | None = None):
    """(head, rest bytes) when the cache file matches the store and settings, else None."""
    gen = store.generation() if generation is None else generation
    if gen < 0:
        return None
    raw = _checked_bytes(cache_path(store, settings))
    if raw is None:
        return None
    nl = raw.find(b"\n")
    if nl < 0 or not raw.endswith(b"\n") or raw.count(b"\n", nl + 1) != 1:
        return None  # truncated
    head = _loads(raw[:nl])
    if not isinstance(head, dict) or head.get("key") != cache_key(settings, gen):
        return None
    dues = [_parse_datetime(x) for x in head["dues"]]
    if len(dues) - bisect_right(dues, now) != head["ahead"]:
        return None  # a deadline passed since: planned events may group differently
    return head, raw[nl + 1:]


def load_cached(settings, store, now: datetime) -> Story | None:
    """The story for `now` from the cache, or None when there is no usable cache."""
    from talkstui.extract.values import as_utc

    try:
        now = as_utc(now)
        gen = store.generation()
        got = _read_head(settings, store, now, gen)
        if got is None:
            return None
        head, rest = got
        return _decode(settings, store, gen, head, rest, now)
    except Exception as exc:  # noqa: BLE001 - never trusted: rebuilt instead
        log.info("story cache ignored (%s): %s", type(exc).__name__, exc)
        return None


class _Rehydrator:
    """Makes the details a big cache does not store, from the articles' stored analyses
    (one snapshot, taken on first need). If the store has changed since the cache was
    written, the details come from a fresh build of the new snapshot, by id."""

    def __init__(self, settings, store, gen: int, cols_fn, now: datetime) -> None:
        self.settings, self.store, self.gen, self._cols = settings, store, gen, cols_fn
        self.now = now
        self._arts = None
        self._an: dict[int, dict] = {}
        self._fresh: Story | None = None
        self.stale = False

    def _snapshot(self) -> None:
        if self._arts is not None or self.stale:
            return
        snap = self.store.snapshot()
        ids = self._cols()["id"]
        wanted = set(ids)  # the story's own articles (the others are outside its scope)
        arts = [a for a in snap.articles if a.id in wanted]
        if snap.generation != self.gen or len(arts) != len(ids) or any(
                a.id != i for a, i in zip(arts, ids)):
            self.stale = True
            from talkstui.story.build import build_story

            self._fresh = build_story(self.settings, snap.sources, snap.articles, now=self.now,
                                      body=self.store.body,
                                      choices=getattr(snap, "choices", None))
            return
        self._arts = arts

    def fresh(self) -> Story | None:
        self._snapshot()
        return self._fresh if self.stale else None

    def time_exprs(self, i: int) -> list:
        from talkstui.story.records import time_exprs_of

        fresh = self.fresh()
        if fresh is not None:
            aid = self._cols()["id"][i]
            v = next((v for v in fresh.articles if v.id == aid), None)
            return list(v.time_exprs) if v is not None else []
        return time_exprs_of(self.rec(i)[2])

    def rec(self, i: int):
        """(article, published, analysis) of article `i` as the build saw them."""
        from talkstui.extract import analyse, lexicon_fingerprint
        from talkstui.story.records import analysis_of

        self._snapshot()
        art = self._arts[i]
        cols = self._cols()
        pub = _parse_datetime(cols["p"][i])
        a = self._an.get(i)
        if a is None:
            lexicon = getattr(self.settings, "lexicon", None) or None
            a = None
            if cols["i"][i]:
                try:
                    text = self.store.body(art.body_hash)
                except Exception:  # noqa: BLE001
                    text = None
                if text is not None:
                    a = analyse(text, pub, lexicon=lexicon).to_dict()
                stored_pub = None
            else:
                stored_pub = pub
            if a is None:
                a = analysis_of(art, stored_pub, self.store.body, lexicon,
                                 lexicon_fingerprint(lexicon))
            if len(self._an) > 50_000:
                self._an.clear()
            self._an[i] = a
        return art, pub, a


def _attr_of(a: dict, i: int) -> Attribution | None:
    if i < 0:
        return None
    xs = a.get("a", ())
    if i >= len(xs):
        return None
    x = xs[i]
    names = _NAMES.get("names")
    if names and x[0] and " " not in x[0]:
        from talkstui.extract.names import person_key

        return Attribution(names.get(person_key(x[0]), x[0]), x[1], x[2])
    return Attribution(x[0], x[1], x[2])


_NAMES: dict = {}  # the decoded story's spelling of each person (for rehydrated attributions)


def _decode(settings, store, gen: int, head: dict, rest: bytes, now: datetime) -> Story:
    from talkstui.store.codec import source_from_doc
    from talkstui.story.records import mention_of_claim, parse_day
    from talkstui.story.deadlines import RawClaim, make_claim, order_deadlines
    from talkstui.model import TimeExpr

    inline = head["inline"]
    _NAMES["names"] = head.get("names") or {}
    cols_box: list = []

    def cols() -> dict:
        if not cols_box:
            c = _loads(rest)
            if not isinstance(c, dict) or len(c["id"]) != head["n_articles"]:
                raise ValueError("story cache: bad article columns")
            cols_box.append(c)
        return cols_box[0]

    rh = _Rehydrator(settings, store, gen, cols, now)

    # deadlines (build order; `dls` keeps it for references)
    dls: list[Deadline] = []
    for x in head["deadlines"]:
        d = Deadline(
            id=x["id"], label=x["l"], set_on=_parse_datetime(x["so"]), duration=x["du"], due=_parse_datetime(x["due"]),
            due_earliest=_parse_datetime(x["de"]), due_latest=_parse_datetime(x["dl"]), approximate=x["ap"],
            status=x["st"], set_earliest=_parse_datetime(x["se"]), set_latest=_parse_datetime(x["sl"]),
        )
        d.setter, d.target, d.subject = x["who"]
        d.supersedes, d.superseded_by, son, d.superseded_label = x["sup"]
        d.superseded_on = _parse_datetime(son)
        d.status_on = _parse_datetime(x["son"])
        d.due_approx, d.due_time = x["dp"]
        if d.status in ("running", "passed"):
            d.status = "running" if d.due > now else "passed"
        if d.due is not None:
            d.seconds_left = (d.due - now).total_seconds()
        if inline:
            d.claims = [_claim_from_doc(c) for c in x["cl"]]
        else:
            d.claims = LazyList(_claims_thunk(rh, d.id, x["cr"], RawClaim, make_claim, parse_day))
        dls.append(d)
    deadlines = order_deadlines(dls, now, {id(d): x["nc"] for d, x in zip(dls, head["deadlines"])})

    events: list[TimelineEvent] = []
    for x in head["events"]:
        start = _parse_datetime(x["d"])
        status = x["st"]
        if x["dd"]:
            status = "running" if start > now else "passed"
        if inline:
            mentions = [_mention_from_doc(m) for m in x["m"]]
        else:
            mentions = LazyList(_mentions_thunk(rh, x["id"], x["mb"], x["mx"], dls, mention_of_claim))
        events.append(TimelineEvent(
            id=x["id"], date=start, date_end=_parse_datetime(x["de"]), precision=x["p"], value=x["v"],
            kind=x["k"], summary=x["s"], actors=x["a"], status=status, mentions=mentions,
            conflict_ids=x["c"], is_future=start > now, approximate=x["ap"], venue=x["ve"],
            outlet_list=x["o"], participants=x["pa"],
        ))
    conflicts = [
        Conflict(id=c["id"], about=c["about"], event_id=c["ev"],
                 claims=[Claim(v[0], v[1], v[2], _attribution_from_doc(v[3]), v[4]) for v in c["cl"]])
        for c in head["conflicts"]
    ]
    quotes = []
    for q in head["quotes"]:
        vs = []
        for v in q["v"]:
            qv = QuoteVariant(text=v[0], article_id=v[1], outlet=v[2], diff=[(t, f) for t, f in v[3]])
            qv.full_text, qv.speaker, qv.speaker_text = v[4], v[5], v[6]
            vs.append(qv)
        quotes.append(Quote(id=q["id"], speaker=q["sp"], variants=vs))

    ev_ids = [e.id for e in events]

    def views() -> list[ArticleView]:
        from talkstui.story.records import CallList

        enabled = gc.isenabled()
        gc.disable()  # tens of thousands of small containers, none cyclic
        try:
            c = cols()
            new = object.__new__
            out = []
            te = c.get("te")
            ids, outlets, urls, titles, pubs, inf, evid, evs, rels = (
                c["id"], c["o"], c["u"], c["t"], c["p"], c["i"], c["e"], c["ev"], c["r"])
            notes = c.get("n") or [0] * len(ids)
            texprs = rh.time_exprs
            fromiso = datetime.fromisoformat
            for i in c["order"]:
                v = new(ArticleView)
                p = pubs[i]
                v.__dict__.update(
                    id=ids[i], outlet=outlets[i], url=urls[i], title=titles[i],
                    published=fromiso(p) if p is not None else None, published_inferred=inf[i],
                    inference_evidence=list(evid[i] or ()),
                    event_ids=[ev_ids[k] for k in evs[i]],
                    time_exprs=([TimeExpr(*t) for t in te[i]] if te is not None
                                else CallList(texprs, i)),
                    relevance=_prel(rels[i]),
                    notes=list(notes[i] or ()),
                )
                out.append(v)
            return out
        finally:
            if enabled:
                gc.enable()

    sources = [source_from_doc(s) for s in head["sources"]]
    outside = [ArticleView(id=x[0], outlet=x[3], url=x[1], title=x[2], published=_parse_datetime(x[4]),
                           relevance=_prel(x[5])) for x in head["outside"]]
    return Story(
        now=now, as_of=None, title=getattr(settings, "story_title", "Story"), sources=sources,
        articles=LazyList(views) if not inline else views(), events=events, conflicts=conflicts,
        quotes=quotes, deadlines=deadlines, coverage={e.id: e.outlets for e in events},
        last_refresh=_parse_datetime(head["last_refresh"]), last_status=head["last_status"],
        story_id=head["story_id"], outside=outside,
    )


# thunks are module functions (no closures over the whole story beyond what they need)


def _claims_thunk(rh: _Rehydrator, did: str, refs: list, RawClaim, make_claim, parse_day):
    from talkstui.story.deadlines import claim_tail

    def thunk():
        fresh = rh.fresh()
        if fresh is not None:
            d = next((d for d in fresh.deadlines if d.id == did), None)
            return list(d.claims) if d is not None else []
        out = []
        for ref in refs:
            if isinstance(ref, list) and len(ref) == 2 and isinstance(ref[0], int):
                art, pub, a = rh.rec(ref[0])
                d = a["d"][ref[1]]
                s = a.get("s", [])
                out.append(make_claim(RawClaim(
                    article_id=art.id, outlet=outlet_of(art), published=pub.date() if pub else None,
                    phrase=d[2], sentence=s[d[3]] if 0 <= d[3] < len(s) else "",
                    set_lo=parse_day(d[4]), set_hi=parse_day(d[5]), dur_lo=d[6], dur_hi=d[7], due_lo=parse_day(d[8]),
                    due_hi=parse_day(d[9]), attribution=_attr_of(a, d[10]), setter=d[11], label=d[12],
                    **claim_tail(d),
                )))
            else:
                out.append(_claim_from_doc(ref))
        return out
    return thunk


def _mentions_thunk(rh: _Rehydrator, eid: str, mb: list, mx: list, dls: list, claim_mention):
    def thunk():
        fresh = rh.fresh()
        if fresh is not None:
            e = next((e for e in fresh.events if e.id == eid), None)
            return list(e.mentions) if e is not None else []
        out = []
        for kind, sub, lo, hi, idx in mb:
            for i in idx:
                art, _pub, a = rh.rec(i)
                s = a.get("s", [])
                outlet = outlet_of(art)
                for m in a.get("m", ()):
                    if m[5] == kind and m[17] == sub and m[9] == lo and m[10] == hi:
                        out.append(EventMention(
                            article_id=art.id, outlet=outlet, phrase=m[2],
                            sentence=s[m[4]] if 0 <= m[4] < len(s) else "", start=m[0], end=m[1],
                            value=m[3], attribution=_attr_of(a, m[7]), status=m[6]))
        for di, which in mx:
            for c in dls[di].claims:
                if which == "due" or c.set_on is not None:
                    out.append(claim_mention(c, which))
        return out
    return thunk
