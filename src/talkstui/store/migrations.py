"""Schema migrations of the main file: version -> function(data, put_body) -> data of
version + 1, run under the exclusive lock on first open."""

from __future__ import annotations

from collections.abc import Callable
from talkstui.store.codec import (
    article_from_doc,
    article_to_doc,
    source_from_doc,
    source_to_doc,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]
from talkstui.store.format import empty_data


# ---------------------------------------------------------------- migrations


def _migrate_0_to_1(data: dict, put_body: Callable[[str], str]) -> dict:
    """Schema 0 (a stock TinyDB file: int doc ids, bodies inline as ``body``, analysis as an
    object) to schema 1 (keyed by id, bodies in bodies/, analysis as JSON text)."""
    out = empty_data()
    for doc in (data.get("sources") or {}).values():
        src = source_from_doc(doc)
        out["sources"][src.id] = source_to_doc(src)
    for doc in (data.get("articles") or {}).values():
        doc = dict(doc)
        body = doc.pop("body", None)
        if isinstance(body, str):
            doc["body_hash"] = put_body(body)
        art = article_from_doc(doc)
        out["articles"][art.id] = article_to_doc(art)
    for name, table in data.items():  # keep any other table as it is
        if name not in ("sources", "articles", "meta", "_default") or (name == "_default" and table):
            out.setdefault(name, table)
    return out


def _migrate_1_to_2(data: dict, put_body: Callable[[str], str]) -> dict:
    """Schema 1 (every article in the main file) to schema 2 (most of them in segment files
    named by the main file): the same documents; the commit moves them into segments."""
    return data


# version -> function(data, put_body) -> data of version + 1
MIGRATIONS: dict[int, Callable[[dict, Callable[[str], str]], dict]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
}
