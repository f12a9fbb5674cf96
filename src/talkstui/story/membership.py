"""The scope step of the story build: the story's own articles in, the others listed.

`scoped` sorts a snapshot's articles for the story of a Settings (story.scope.sort_articles);
`attach_scope` puts each article's relevance on its view and the outside list on the Story.
"""

from __future__ import annotations

from talkstui.extract.values import as_utc
from talkstui.model import ArticleView
from talkstui.story.definitions import active_story
from talkstui.story.scope import Scope, sort_articles

_SCOPES: dict[tuple[str, str], Scope] = {}


def scope_of(defn) -> Scope:
    """The compiled scope of a story definition (kept while its terms stay the same)."""
    key = (defn.id, defn.fingerprint())
    sc = _SCOPES.get(key)
    if sc is None:
        if len(_SCOPES) > 32:
            _SCOPES.clear()
        sc = _SCOPES[key] = Scope(defn)
    return sc


def scoped(settings, articles, body, choices):
    """(definition, inside, outside) for the story of `settings`."""
    defn = active_story(settings)
    if choices is not None and not hasattr(choices, "verdict"):
        # the store's choices of every story: {story id: {"articles": ..., "sources": ...}}
        from talkstui.story.scope import Choices

        choices = Choices.from_dict(choices.get(defn.id)) if isinstance(choices, dict) else None
    inside, outside = sort_articles(defn, articles, body=body, choices=choices,
                                    scope=scope_of(defn))
    return defn, inside, outside


def outside_view(art, rel) -> ArticleView:
    outlet = art.outlet or (art.outlets[0] if art.outlets else "unknown outlet")
    return ArticleView(id=art.id, outlet=outlet, url=art.url, title=art.title,
                       published=as_utc(art.published), relevance=rel)


def attach_scope(story, defn, inside, outside, as_of) -> None:
    rel_of = {art.id: rel for art, rel in inside}
    for v in story.articles:
        v.relevance = rel_of.get(v.id)
    story.story_id = defn.id
    views = []
    for art, rel in outside:
        pub = as_utc(art.published)
        if as_of is not None and pub is not None and pub > as_of:
            continue
        views.append(outside_view(art, rel))
    views.sort(key=lambda v: (v.published is None, v.published, v.id), reverse=False)
    story.outside = views
