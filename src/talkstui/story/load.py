"""The story from the store: a fresh build, or the story cache beside the store when it matches.

`load_story` and `warm_story_cache` are the only places that put the pure build
(story.build) and its derived on-disk view (story.cache) together, so neither of those two
modules imports the other's caller.
"""

from __future__ import annotations

import logging
from datetime import datetime

from talkstui.model import Story
from talkstui.story import cache as story_cache
from talkstui.story.build import build_story

log = logging.getLogger(__name__)


def load_story(settings, store, *, now: datetime, as_of: datetime | None = None,
               use_cache: bool = True) -> Story:
    """The story from one snapshot of the store.

    Without `as_of`, a story cache beside the store (story.cache: a derived view keyed by
    the store generation, never the source of truth) is used when it matches, and written
    after a fresh build; any trouble with it falls back to the fresh build."""
    if as_of is None and use_cache:
        story = story_cache.load_cached(settings, store, now)
        if story is not None:
            return story
    snap = store.snapshot()
    story = build_story(settings, snap.sources, snap.articles, now=now, as_of=as_of,
                        body=store.body, choices=getattr(snap, "choices", None))
    if as_of is None and use_cache:
        story_cache.save(settings, store, getattr(snap, "generation", None), story)
    return story


def warm_story_cache(settings, store, now: datetime) -> bool:
    """Build and write the story cache unless it is already current (for `refresh`, after
    its commit). Never raises for the cache's sake; returns True when the cache is current."""
    try:
        if story_cache.is_current(settings, store, now):
            return True
        load_story(settings, store, now=now)  # builds fresh and writes the cache
        return story_cache.is_current(settings, store, now)
    except Exception as exc:  # noqa: BLE001
        log.info("story cache not warmed: %s", exc)
        return False
