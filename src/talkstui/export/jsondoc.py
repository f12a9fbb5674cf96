"""The JSON rendering of a Story: every article, event, claim and deadline, with its
precision, source and status as reported."""

from __future__ import annotations

import json

from talkstui.sanitize import clean_line, forbidden_chars

_clean_line = clean_line
from talkstui.export.formatting import day_iso_or_none, iso_or_none
from talkstui.story import when as when_


def _relevance_json(rel) -> dict | None:
    if rel is None:
        return None
    return {"score": rel.score, "terms": [clean_line(t) for t in rel.terms],
            "decided_by": rel.decided_by}


def story_dict(story) -> dict:
    """The JSON export as plain data (see docs/export-json.md)."""
    from functools import lru_cache

    clean_line = lru_cache(maxsize=65536)(_clean_line)  # a sentence is cleaned once, however often cited
    attr_cache: dict[int, dict | None] = {}

    def _attr_json(a):
        if a is None:
            return None
        got = attr_cache.get(id(a))
        if got is None:
            got = attr_cache[id(a)] = {
                "speaker": clean_line(a.speaker) if a.speaker else None,
                "via": clean_line(a.via) if a.via else None, "text": clean_line(a.text),
                "label": clean_line(a.label())}
        return got

    return {
        "schema": "talkstui.story/1",
        "title": clean_line(story.title),
        "story": {"id": clean_line(getattr(story, "story_id", "") or ""),
                  "title": clean_line(story.title)},
        "as_of": iso_or_none(story.as_of or story.now),
        "now": iso_or_none(story.now),
        "replay": story.as_of is not None,
        "last_refresh": iso_or_none(story.last_refresh),
        "sources": [
            {"id": clean_line(s.id), "name": clean_line(s.name), "kind": s.kind,
             "url": clean_line(s.url) if s.url else None, "last_refresh": iso_or_none(s.last_refresh),
             "last_status": clean_line(s.last_status) if s.last_status else None,
             "article_count": s.article_count}
            for s in story.sources
        ],
        "articles": [
            {"id": clean_line(a.id), "outlet": clean_line(a.outlet), "url": clean_line(a.url) if a.url else None,
             "title": clean_line(a.title), "published": iso_or_none(a.published),
             "published_inferred": a.published_inferred,
             "inference_evidence": [clean_line(x) for x in a.inference_evidence],
             "events": list(a.event_ids),
             "relevance": _relevance_json(getattr(a, "relevance", None)),
             "notes": [clean_line(n) for n in getattr(a, "notes", ())]}
            for a in story.articles
        ],
        "outside": [
            {"id": clean_line(a.id), "url": clean_line(a.url) if a.url else None,
             "title": clean_line(a.title), "outlet": clean_line(a.outlet),
             "published": iso_or_none(a.published), "relevance": _relevance_json(a.relevance)}
            for a in getattr(story, "outside", None) or ()
        ],
        "events": [
            {"id": e.id, "date": iso_or_none(e.date), "date_end": iso_or_none(e.date_end), "precision": e.precision,
             "value": clean_line(e.value), "approximate": e.approximate, "kind": clean_line(e.kind),
             "summary": clean_line(e.summary), "status": e.status,
             "status_text": clean_line(when_.event_status_text(e, story.now) or "") or None,
             "is_future": e.is_future,
             "participants": [clean_line(x) for x in e.participants],
             "venue": clean_line(e.venue) if e.venue else None,
             "actors": [clean_line(x) for x in e.actors], "outlets": [clean_line(x) for x in e.outlets],
             "conflicts": list(e.conflict_ids),
             "mentions": [
                 {"article": clean_line(m.article_id), "outlet": clean_line(m.outlet),
                  "phrase": clean_line(m.phrase), "value": clean_line(m.value),
                  "sentence": clean_line(m.sentence), "status": m.status,
                  "attributed_to": _attr_json(m.attribution)}
                 for m in list(e.mentions)
             ]}
            for e in story.events
        ],
        "conflicts": [
            {"id": c.id, "about": clean_line(c.about), "event": c.event_id,
             "claims": [
                 {"value": clean_line(cl.value), "article": clean_line(cl.article_id),
                  "outlet": clean_line(cl.outlet), "attributed_to": _attr_json(cl.attribution),
                  "sentence": clean_line(cl.sentence)}
                 for cl in c.claims
             ]}
            for c in story.conflicts
        ],
        "quotes": [
            {"id": q.id, "speaker": clean_line(q.speaker) if q.speaker else None,
             "variants": [
                 {"text": clean_line(v.text), "article": clean_line(v.article_id),
                  "outlet": clean_line(v.outlet),
                  "speaker_as_written": clean_line(v.speaker_text) if v.speaker_text else None,
                  "diff": [[clean_line(run), bool(d)] for run, d in v.diff]}
                 for v in q.variants
             ]}
            for q in story.quotes
        ],
        "deadlines": [
            {"id": d.id, "label": clean_line(d.label), "set_on": iso_or_none(d.set_on),
             "set_earliest": iso_or_none(d.set_earliest), "set_latest": iso_or_none(d.set_latest),
             "duration": d.duration, "due": iso_or_none(d.due), "due_earliest": iso_or_none(d.due_earliest),
             "due_latest": iso_or_none(d.due_latest), "approximate": d.approximate, "status": d.status,
             "seconds_left": d.seconds_left,
             "set_text": when_.set_text(d), "due_text": when_.due_text(d),
             "due_approximate": d.due_approx, "due_time_given": d.due_time,
             "status_text": clean_line(when_.status_text(d, story.now)),
             "countdown": when_.countdown_text(d, story.now),
             "setter": clean_line(d.setter) if d.setter else None,
             "target": clean_line(d.target) if d.target else None,
             "subject": clean_line(d.subject) if d.subject else None,
             "supersedes": d.supersedes, "superseded_by": d.superseded_by,
             "superseded_on": day_iso_or_none(d.superseded_on), "status_on": day_iso_or_none(d.status_on),
             "claims": [
                 {"article": clean_line(c.article_id), "outlet": clean_line(c.outlet),
                  "phrase": clean_line(c.phrase), "sentence": clean_line(c.sentence),
                  "set_on": iso_or_none(c.set_on), "due": iso_or_none(c.due), "duration": c.duration,
                  "set_text": when_.set_text(c), "due_text": when_.due_text(c),
                  "setter": clean_line(c.setter) if c.setter else None,
                  "target": clean_line(c.target) if c.target else None,
                  "subject": clean_line(c.subject) if c.subject else None, "report": c.report,
                  "attributed_to": _attr_json(c.attribution)}
                 for c in d.claims
             ]}
            for d in story.deadlines
        ],
        "coverage": {k: [clean_line(o) for o in v] for k, v in story.coverage.items()},
    }


def render_json(story) -> str:
    try:
        import orjson
    except ImportError:  # pragma: no cover
        text = json.dumps(story_dict(story), ensure_ascii=False, indent=2) + "\n"
    else:
        text = orjson.dumps(story_dict(story), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    assert not forbidden_chars(text)
    return text
