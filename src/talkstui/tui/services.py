"""The app's one window on the rest of talkstui: store, story, refresh, sources, export.

Everything is imported on first use, inside the worker that needs it, so the
first frame never waits for TinyDB, httpx or the extractors. Tests pass their
own `Services` (or a store stand-in) to `TalksApp`.
No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from talkstui.config import Settings

if TYPE_CHECKING:
    from talkstui.model import Article, Story


class Services:
    """Default implementation backed by `talkstui.store`, `talkstui.story` and friends."""

    def __init__(self, settings: Settings, store: Any | None = None) -> None:
        self.settings = settings
        self._store = store
        self._lock = threading.RLock()  # one owner of the store at a time (TinyDB is not thread-safe)
        self._seeded = False

    # ---------------------------------------------------------------- store

    @property
    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                from talkstui.store import Store

                self._store = Store(self.settings.locations.store_dir)
            return self._store

    def ensure_seeded(self, now: datetime | None = None) -> None:
        """Fill an empty store from the seeds, stamped with the app's `now` (deterministic
        under a frozen clock)."""
        if self._seeded:
            return
        with self._lock:
            from talkstui.clock import FixedClock
            from talkstui.seeds import ensure_seeded

            ensure_seeded(self.settings, self.store, clock=FixedClock(now) if now else None)
            self._seeded = True

    def generation(self) -> object:
        with self._lock:
            return self.store.generation()

    def generation_nowait(self) -> object | None:
        """The store's generation, or None if the store is busy or not open yet.

        Called on the UI thread by the poll timer, so it must never wait for a worker.
        """
        if self._store is None or not self._lock.acquire(blocking=False):
            return None
        try:
            return self._store.generation()
        finally:
            self._lock.release()

    def recovery_message(self) -> str | None:
        return getattr(self.store, "last_recovery_message", None) or None

    def load_story(self, now: datetime, as_of: datetime | None) -> Story:
        with self._lock:
            self.ensure_seeded(now)
            from talkstui.story import load_story

            story = load_story(self.settings, self.store, now=now, as_of=as_of)
        # A large story materialises its details on first access; touch here, in the load
        # worker, what the first screen shows at once (the countdown's claims, the articles
        # browser), so that the UI thread never pays for it.
        current = story.current_deadline
        if current is not None:
            len(current.claims)
        len(story.articles)
        return story

    def article(self, article_id: str) -> Article | None:
        with self._lock:
            store = self.store
            getter = getattr(store, "article", None)
            if callable(getter):
                return getter(article_id)
            snap = store.snapshot()
            articles = getattr(snap, "articles", snap)
            if isinstance(articles, dict):
                return articles.get(article_id)
            for item in articles or []:
                if getattr(item, "id", None) == article_id:
                    return item
            return None

    def body(self, body_hash: str) -> str | None:
        with self._lock:
            return self.store.body(body_hash)

    # ---------------------------------------------------------------- actions

    async def refresh(self, progress: Callable[..., None], clock: Any) -> Any:
        from talkstui.refresh import refresh_sources

        return await refresh_sources(self.settings, self.store, progress=progress, clock=clock)

    def add_source(self, url: str, name: str | None = None, *, discover: bool = True) -> Any:
        from talkstui.sources import add_source

        with self._lock:
            return add_source(self.settings, self.store, url, name=name, discover=discover)

    def find_feeds(self, url: str) -> list:
        """The feeds a site's home page names (rel=alternate); [] for a feed, an article page
        or a failed fetch (adding it then says why)."""
        import asyncio

        from talkstui.ingest.content import sniff
        from talkstui.ingest.discover import page_is_article
        from talkstui.sources import find_feeds

        fetched, links = asyncio.run(find_feeds(self.settings, url))
        if not links or sniff(fetched.body, fetched.content_type) != "page" or \
                page_is_article(fetched.body, fetched.content_type):
            return []
        return links

    def export(self, story: Story, fmt: str) -> Path:
        from talkstui.export import export_to_folder

        return export_to_folder(story, fmt, self.settings.locations.export_dir)
