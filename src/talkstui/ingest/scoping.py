"""Scope at ingest: each new item judged for every story before it is analysed.

An item inside some story (by its terms, or because the user pulled its whole source into a
story) is analysed; the others are stored with their relevance and without an analysis, and
analysed only when they enter a story (the story build analyses an article it keeps that has
none). On busy world-news feeds this is most of a cold refresh's extraction time saved.
"""

from __future__ import annotations

from talkstui.story.definitions import all_stories
from talkstui.story.scope import relevance_doc


class Scoper:
    """The compiled scopes of every story of an install."""

    def __init__(self, settings, pulled_sources: set[str] | None = None) -> None:
        from talkstui.story.membership import scope_of

        self.scopes = [scope_of(d) for d in all_stories(settings)]
        self.pulled_sources = set(pulled_sources or ())

    def judge(self, title: str, text: str, source_id: str | None = None) -> tuple[dict, bool]:
        """({story id: stored relevance}, analyse it?)."""
        rel, keep = relevance_doc(self.scopes, title, text)
        return rel, keep or (source_id is not None and source_id in self.pulled_sources)


def may_concern_a_story(judged: tuple[dict, bool] | None) -> bool:
    """Whether a summary-only item's page is worth fetching: the item is inside some story
    by its title and summary, or names at least one story term (a summary too short to
    decide, e.g. "Delegations met in Istanbul"). An item naming none is about other news: its
    page is not fetched. Without a judgement (no scoper): yes."""
    if judged is None:
        return True
    relevance, keep = judged
    return keep or any(isinstance(v, list) and len(v) > 1 and v[1] for v in relevance.values())


def pulled_sources(store) -> set[str]:
    """Sources the user pulled into some story (their articles are always analysed)."""
    try:
        choices = store.choices()
    except Exception:  # noqa: BLE001 - a store without choices (or unreadable): none
        return set()
    out: set[str] = set()
    for per_story in (choices or {}).values():
        for sid, verdict in (per_story.get("sources") or {}).items():
            if verdict:
                out.add(sid)
    return out


def scope_and_analyse(settings, items) -> list[tuple[dict, dict | None]]:
    """(relevance, analysis) for cleaned items added outside a refresh (add-source, import,
    the seeds): analysed only when inside some story."""
    from talkstui.ingest.articles import analyse_text

    scoper = Scoper(settings)
    lexicon = getattr(settings, "lexicon", None) or None
    out = []
    for item in items:
        rel, keep = scoper.judge(item.title, item.text)
        out.append((rel, analyse_text(item.text, item.published, lexicon) if keep else None))
    return out
