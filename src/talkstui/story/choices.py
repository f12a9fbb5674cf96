"""The user's in/out choices, kept in the store: pulling an article or a whole source into a
story, pushing it out, or forgetting the choice. A choice is stored per story and survives
refreshes and re-analysis (it is never touched by either); the story build applies it over
the terms' decision and shows it as the user's (`Relevance.decided_by == "user"`).

An article pulled into a story that was stored without an analysis (it was outside every
story) is analysed in the same transaction, so the story does not analyse it on every build.
"""

from __future__ import annotations

from talkstui.errors import TalksError
from talkstui.sanitize import clean_line


def _find_source(tx, name: str):
    want = name.strip().lower()
    for src in tx.sources.values():
        if want in (src.id.lower(), (src.name or "").lower(), (src.url or "").lower()):
            return src
    known = ", ".join(sorted(tx.sources)) or "none"
    raise TalksError(f"no source named {clean_line(name, max_len=80)!r} "
                     f"(sources: {clean_line(known, max_len=200)})")


def _analyse_if_needed(tx, art, settings) -> None:
    if art.analysis is not None:
        return
    from talkstui.ingest.articles import analyse_text

    try:
        text = tx.body(art.body_hash)
    except Exception:  # noqa: BLE001 - no body: the story judges and shows it without events
        return
    analysis = analyse_text(text, art.published, getattr(settings, "lexicon", None) or None)
    if analysis is not None:
        art.analysis = analysis
        tx.put_article(art)


def set_choices(settings, store, story_id: str, *, articles=(), sources=(),
                verdict: bool | None) -> list[str]:
    """Record `verdict` (True in, False out, None: forget) for articles (ids) and sources
    (id, name or URL) in one transaction. Returns what was changed, as display names."""
    done: list[str] = []
    with store.transaction() as tx:
        per = tx.choices.setdefault(story_id, {"articles": {}, "sources": {}})
        per.setdefault("articles", {})
        per.setdefault("sources", {})
        for aid in articles:
            art = tx.articles.get(aid)
            if art is None:
                raise TalksError(f"no article with the id {clean_line(aid, max_len=80)!r} "
                                 "(`talkstui story show` lists ids)")
            if verdict is None:
                per["articles"].pop(aid, None)
            else:
                per["articles"][aid] = verdict
                if verdict:
                    _analyse_if_needed(tx, art, settings)
            done.append(f"{art.outlet}: {art.title}")
        for name in sources:
            src = _find_source(tx, name)
            if verdict is None:
                per["sources"].pop(src.id, None)
            else:
                per["sources"][src.id] = verdict
                if verdict:
                    for art in list(tx.articles.values()):
                        if src.id in art.source_ids:
                            _analyse_if_needed(tx, art, settings)
            done.append(f"source {src.name}")
        if not per["articles"] and not per["sources"]:
            tx.choices.pop(story_id, None)
    return done


def choices_for(store_or_snapshot, story_id: str):
    """The story.scope.Choices of one story."""
    from talkstui.story.scope import Choices

    raw = getattr(store_or_snapshot, "choices", None)
    raw = raw() if callable(raw) else raw
    return Choices.from_dict((raw or {}).get(story_id))
