"""One consistent read of the store (`StoreSnapshot`) and the article map a transaction
works on: articles converted on first access, segment lines parsed when needed, look-ups
by URL and body hash."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from talkstui.errors import StoreError
from talkstui.model import Article, Source
from talkstui.store.codec import (
    ARTICLE_DOC_KEYS,
    CodecError,
    StoredArticle,
    article_from_doc,
    article_to_doc,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]
from talkstui.store.format import SCHEMA_VERSION, SegmentLine, gc_paused


# ---------------------------------------------------------------- public types


@dataclass
class StoreSnapshot:
    """One consistent read of the store."""

    sources: list[Source]
    articles: list[Article]
    generation: int
    schema: int = SCHEMA_VERSION
    _by_id: dict[str, Article] | None = field(default=None, repr=False, compare=False)
    # the user's in/out choices per story (store.choices)
    choices: dict = field(default_factory=dict)

    def article(self, article_id: str) -> Article | None:
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.articles}
        return self._by_id.get(article_id)


_SAME_FIELDS = ("id", "title", "outlet", "url", "body_hash", "source_ids", "outlets", "urls",
                "author", "bundled", "revisions")
_same_fields = operator.itemgetter(*_SAME_FIELDS)
_get_url = operator.itemgetter("url")
_get_urls = operator.itemgetter("urls")
_get_hash = operator.itemgetter("body_hash")
_REINDEX_AFTER = 16
_get_lists = operator.itemgetter("source_ids", "outlets", "urls")


class ArticleMap(MutableMapping):
    """``tx.articles``: the articles of the transaction, by id, converted on first access.

    Values are `Article`s; anything read through the map may be mutated in place and is
    written back on commit (call `put_article` after editing one, so that the look-ups by URL
    and body hash see the change at once). Documents never converted are written back as read;
    so are converted articles that were not changed (checked by identity, field by field).
    """

    def __init__(
        self,
        docs: dict[str, Any],
        seg_docs: dict[str, Any] | None = None,
        load_line: Callable[[SegmentLine], dict[str, Any]] | None = None,
        refmeta: dict[str, tuple] | None = None,
    ) -> None:
        self._d: dict[str, Any] = docs  # id -> raw document (dict), `SegmentLine` or Article
        self._load_line = load_line
        self._refmeta = refmeta or {}
        # documents that live in segment files: written back by reference (not into the
        # main file) when unchanged, so their lists are remembered at conversion, to see
        # edits made in place (the lists are shared with the raw document)
        self._seg: dict[str, Any] = seg_docs or {}
        self._lists: dict[str, tuple] = {}
        self.changed: set[str] = set()  # segment documents edited in place (set by to_docs)
        # id -> (raw document, published, fetched_at) of articles converted from a document
        self._orig: dict[str, tuple[dict, Any, Any]] = {}
        self._url: dict[str, str] | None = None  # look-up indexes, built on first use
        self._hash: dict[str, str] | None = None
        self._unindexed: set[str] = set()  # converted since indexing: may be edited in place

    # ------------------------------------------------ conversion

    def _convert(self, key: str, raw: dict) -> Article:
        try:
            a = article_from_doc(dict(raw))  # a shallow copy: lists stay shared with `raw`
        except CodecError as exc:
            raise StoreError(f"the store has a malformed article: {exc}") from None
        if raw.keys() == ARTICLE_DOC_KEYS:
            self._orig[key] = (raw, a.published, a.fetched_at)
            if self._seg.get(key) is raw:
                self._lists[key] = tuple(map(tuple, _get_lists(raw)))
        self._d[key] = a
        if self._url is not None:
            self._unindexed.add(key)
        return a

    def _get(self, key: str) -> Article:
        v = self._d[key]
        if type(v) is SegmentLine:
            v = self._read_line(key, v)
        return self._convert(key, v) if type(v) is dict else v

    def _read_line(self, key: str, line: SegmentLine) -> dict:
        """Read the segment line holding `key`: every article of it that is still a
        reference becomes its document."""
        if self._load_line is None:
            raise StoreError("internal error: a segment line without a reader")
        with gc_paused():
            docs = self._load_line(line)
        d, seg = self._d, self._seg
        for k, doc in docs.items():
            if d.get(k) is line:
                d[k] = doc
            if seg.get(k) is line:
                seg[k] = doc
        v = d[key]
        if type(v) is SegmentLine:
            raise StoreError(f"the store segment {line.rec['name']} does not hold article "
                             f"{key[:40]!r} that its index names")
        return v

    def load_all(self) -> None:
        """Read every segment line still unread."""
        pending = {id(v): (k, v) for k, v in self._d.items() if type(v) is SegmentLine}
        for k, v in pending.values():
            if self._d.get(k) is v:
                self._read_line(k, v)

    def _convert_all(self) -> None:
        self.load_all()
        with gc_paused():
            for key in [k for k, v in self._d.items() if type(v) is dict]:
                self._convert(key, self._d[key])

    def _unchanged(self, key: str, a: Any) -> dict | None:
        """The document `a` was converted from, if `a` is still exactly that document."""
        orig = self._orig.get(key)
        if orig is None or type(a) is not StoredArticle:
            return None
        raw, published, fetched_at = orig
        d = a.__dict__
        if "_analysis" in d or d.get("_analysis_json") is not raw["analysis"]:
            return None  # analysis was decoded (and may have been edited in place)
        if d["published"] is not published or d["fetched_at"] is not fetched_at:
            return None
        if raw["revisions"] or len(d) != len(raw):
            return None
        if not all(map(operator.is_, _same_fields(d), _same_fields(raw))):
            return None
        return raw  # lists edited in place are shared with `raw`, so it is current

    # ------------------------------------------------ mapping

    def __getitem__(self, key: str) -> Article:
        return self._get(key)

    def __setitem__(self, key: str, value: Article) -> None:
        if not isinstance(value, Article):
            raise TypeError(f"tx.articles values must be Article, not {type(value).__name__}")
        if key != value.id:
            raise ValueError(f"key {key!r} differs from the article id {value.id!r}")
        self._d[key] = value
        if self._url is not None:
            self._index_one(key, value)
            self._unindexed.discard(key)

    def __delitem__(self, key: str) -> None:
        del self._d[key]
        self._unindexed.discard(key)
        self._orig.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._d))

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    def get(self, key: str, default: Any = None) -> Any:
        return self._get(key) if key in self._d else default

    def values(self):  # type: ignore[override]
        self._convert_all()
        return list(self._d.values())

    def items(self):  # type: ignore[override]
        self._convert_all()
        return list(self._d.items())

    def copy(self) -> dict[str, Article]:
        return dict(self.items())

    def __repr__(self) -> str:
        return f"<tx.articles: {len(self._d)} articles>"

    # ------------------------------------------------ look-ups

    def _index_one(self, key: str, a: Any) -> None:
        assert self._url is not None and self._hash is not None
        for u in a.urls or ():
            if isinstance(u, str):
                self._url[u] = key
        if isinstance(a.url, str):
            self._url[a.url] = key
        if isinstance(a.body_hash, str):
            self._hash[a.body_hash] = key

    def _indexes(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._url is None or self._hash is None:
            with gc_paused():
                self._build_indexes()
        elif len(self._unindexed) > _REINDEX_AFTER:
            for k in self._unindexed:
                if k in self._d:
                    self._index_one(k, self._d[k])
            self._unindexed = set()
        return self._url, self._hash  # type: ignore[return-value]

    def _build_indexes(self) -> None:
        refs = [k for k, v in self._d.items() if type(v) is SegmentLine]
        keys = [k for k, v in self._d.items() if type(v) is dict]
        raws = [self._d[k] for k in keys]
        try:  # C-level passes over the documents, which all have these keys
            urls = list(map(_get_url, raws))
            url = dict(zip(urls, keys))
            by_hash = dict(zip(map(_get_hash, raws), keys))
            extra = [
                (k, us) for k, us, u in zip(keys, map(_get_urls, raws), urls)
                if len(us) != 1 or us[0] != u
            ]
        except (KeyError, TypeError):  # hand-made documents: the slow way
            url, by_hash, extra = {}, {}, []
            for k, v in zip(keys, raws):
                if isinstance(v.get("url"), str):
                    url[v["url"]] = k
                by_hash[v.get("body_hash")] = k
                extra.append((k, v.get("urls") or ()))
        meta = self._refmeta
        for k in refs:  # articles in unread segment lines: from the segment index
            m = meta.get(k)
            if m is None:
                continue
            u, us, h = m[:3]
            if isinstance(u, str):
                url.setdefault(u, k)
            if isinstance(h, str):
                by_hash.setdefault(h, k)
            if us:
                extra.append((k, us))
        for k, us in extra:
            for u in us:
                if isinstance(u, str):
                    url.setdefault(u, k)
        url.pop(None, None)  # type: ignore[call-overload]
        self._url, self._hash = url, by_hash
        for k, v in self._d.items():
            if type(v) is not dict and type(v) is not SegmentLine:
                self._index_one(k, v)
        self._unindexed = set()

    def find_by_url(self, url: str) -> Article | None:
        by_url, _ = self._indexes()
        for key in self._unindexed:
            a = self._d.get(key)
            if a is not None and (a.url == url or url in a.urls):
                return a
        key = by_url.get(url)
        if key is None or key not in self._d:
            return None
        a = self._get(key)
        return a if a.url == url or url in a.urls else None

    def find_by_body_hash(self, body_hash: str) -> Article | None:
        _, by_hash = self._indexes()
        for key in self._unindexed:
            a = self._d.get(key)
            if a is not None and a.body_hash == body_hash:
                return a
        key = by_hash.get(body_hash)
        if key is None or key not in self._d:
            return None
        a = self._get(key)
        return a if a.body_hash == body_hash else None

    def to_docs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, v in self._d.items():
            if type(v) is dict or type(v) is SegmentLine:
                out[key] = v
                continue
            raw = self._unchanged(key, v)
            if raw is not None:
                lists = self._lists.get(key)
                if lists is not None and tuple(map(tuple, _get_lists(raw))) != lists:
                    self.changed.add(key)
                out[key] = raw
                continue
            try:
                out[v.id] = article_to_doc(v)
            except (CodecError, AttributeError, TypeError) as exc:
                raise StoreError(f"cannot store article {key!r}: {exc}") from None
        return out
