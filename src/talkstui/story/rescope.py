"""Sorting the stored articles again after a story's terms changed (`talkstui story new`,
`add-term`, `suggest --accept`): each article whose stored decision was made with other terms
is judged again from its title and body, the decision stored, and an article that entered a
story without an analysis is analysed, in one transaction. Without it the story build judges
such articles on every build (correct, but it reads their bodies each time)."""

from __future__ import annotations

from talkstui.story.definitions import all_stories


def rescope(settings, store) -> tuple[int, int]:
    """(articles judged again, articles analysed)."""
    from talkstui.ingest.articles import analyse_text
    from talkstui.story.scope import stored_relevance
    from talkstui.story.membership import scope_of

    scopes = [scope_of(d) for d in all_stories(settings)]
    lexicon = getattr(settings, "lexicon", None) or None
    judged = analysed = 0
    with store.transaction() as tx:
        pulled = {sid for per in tx.choices.values()
                  for sid, v in (per.get("sources") or {}).items() if v}
        pulled_articles = {aid for per in tx.choices.values()
                           for aid, v in (per.get("articles") or {}).items() if v}
        for art in list(tx.articles.values()):
            stale = [sc for sc in scopes if stored_relevance(art, sc.defn.id, sc.fp) is None]
            if not stale:
                continue
            try:
                text = tx.body(art.body_hash)
            except Exception:  # noqa: BLE001 - no body: left for the build to judge
                continue
            rel = dict(art.relevance or {})
            for sc in stale:
                rel[sc.defn.id] = sc.judge(art.title or "", text).to_list(sc.fp)
            known = {sc.defn.id for sc in scopes}
            rel = {k: v for k, v in rel.items() if k in known}
            art.relevance = rel
            judged += 1
            wanted = (any(v[2] for v in rel.values()) or art.id in pulled_articles
                      or any(s in pulled for s in art.source_ids))
            if wanted and art.analysis is None:
                art.analysis = analyse_text(text, art.published, lexicon)
                analysed += art.analysis is not None
            tx.put_article(art)
    return judged, analysed
