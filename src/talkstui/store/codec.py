"""Serialisation of the stored model types (Source, Article, Revision) to JSON documents.

Datetimes are ISO 8601 strings in UTC (``2025-07-21T09:30:00+00:00``); ``None`` stays ``None``;
naive datetimes are taken to be UTC.

`Article.analysis` is opaque to the store. In the file it is kept as a JSON *string* (the
document ``{"analysis": "{\\"events\\": ...}"}``), so that reading the main file creates one
string per article instead of hundreds of small objects, and a write passes it through untouched.
Articles read from the store are `StoredArticle`s: a subclass of `Article` that decodes
`analysis` on first access. They compare equal to plain `Article`s with the same fields.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

import orjson

from talkstui.model import Article, Revision, Source
from talkstui.store.segments import SegmentAnalyses

UTC = timezone.utc

ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
SOURCE_FIELDS = tuple(f.name for f in fields(Source))
# keys of an article document as written by this module, in this order
ARTICLE_DOC_KEYS = frozenset(ARTICLE_FIELDS)
# the documents of every store written before stories had scopes (and every segment of one:
# segments are never rewritten) lack only `relevance`
DOC_KEYS_BEFORE_SCOPES = ARTICLE_DOC_KEYS - {"relevance"}


class CodecError(ValueError):
    """A document does not have the shape of a stored type."""


# ---------------------------------------------------------------- datetimes


def dt_to_str(value: datetime | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise CodecError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat()


def dt_from_str(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CodecError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CodecError(f"not an ISO date: {value[:40]!r}") from exc
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    if dt.tzinfo is not UTC:
        return dt.astimezone(UTC)
    return dt


# ---------------------------------------------------------------- sources


def source_to_doc(src: Source) -> dict:
    return {
        "id": src.id,
        "name": src.name,
        "kind": src.kind,
        "url": src.url,
        "path": src.path,
        "bundled": bool(src.bundled),
        "etag": src.etag,
        "last_modified": src.last_modified,
        "last_refresh": dt_to_str(src.last_refresh),
        "last_status": src.last_status,
        "last_error": src.last_error,
        "article_count": int(src.article_count),
        "from_config": bool(src.from_config),
        "last_success": dt_to_str(src.last_success),
        "muted": bool(src.muted),
        "last_warning": src.last_warning,
    }


def source_from_doc(doc: Any) -> Source:
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise CodecError("a source document must be an object with a string id")
    kwargs = {k: doc[k] for k in SOURCE_FIELDS if k in doc}
    kwargs["last_refresh"] = dt_from_str(doc.get("last_refresh"))
    if "last_success" in doc:
        kwargs["last_success"] = dt_from_str(doc.get("last_success"))
    elif doc.get("last_status") in ("ok", "not_modified"):  # written before the field existed
        kwargs["last_success"] = kwargs["last_refresh"]
    kwargs["muted"] = bool(doc.get("muted", False))
    kwargs.setdefault("name", doc["id"])
    kwargs.setdefault("kind", "feed")
    try:
        return Source(**kwargs)
    except TypeError as exc:
        raise CodecError(f"bad source document {doc.get('id')!r}: {exc}") from exc


# ---------------------------------------------------------------- revisions


def revision_to_doc(rev: Revision) -> dict:
    doc = {"body_hash": rev.body_hash, "seen_at": dt_to_str(rev.seen_at), "title": rev.title}
    if rev.kind:
        doc["kind"] = rev.kind
    return doc


def revision_from_doc(doc: Any) -> Revision:
    if not isinstance(doc, dict) or not isinstance(doc.get("body_hash"), str):
        raise CodecError("a revision document must be an object with a string body_hash")
    return Revision(
        body_hash=doc["body_hash"],
        seen_at=dt_from_str(doc.get("seen_at")),  # type: ignore[arg-type]
        title=doc.get("title") or "",
        kind=doc.get("kind") if isinstance(doc.get("kind"), str) else "",
    )


# ---------------------------------------------------------------- articles

_MISSING = object()
_new = object.__new__


class StoredArticle(Article):
    """An `Article` read from the store: `analysis` is decoded from JSON on first access.

    Behaves as an `Article` in every way (isinstance, fields, `dataclasses.asdict/replace`,
    equality with plain `Article`s); only the decoding of `analysis` is deferred.
    """

    # not a dataclass of its own: it inherits Article's fields, __init__ and __repr__

    @property  # type: ignore[override]
    def analysis(self) -> dict | None:
        d = self.__dict__
        value = d.get("_analysis", _MISSING)
        if value is _MISSING:
            raw = _on_hand(d.pop("_analysis_json", None), d)
            value = orjson.loads(raw) if isinstance(raw, str) else raw
            d["_analysis"] = value
        return value

    @analysis.setter
    def analysis(self, value: dict | None) -> None:
        d = self.__dict__
        d.pop("_analysis_json", None)
        d["_analysis"] = value

    def analysis_json(self) -> str | None:
        """`analysis` as JSON text, without decoding it if it was never touched."""
        d = self.__dict__
        if "_analysis" not in d:
            raw = _on_hand(d.get("_analysis_json"), d)
            return raw if isinstance(raw, str) or raw is None else orjson.dumps(raw).decode()
        return _analysis_to_json(d["_analysis"])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in ARTICLE_FIELDS)

    __hash__ = None  # type: ignore[assignment]  # like Article (eq without frozen)

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in ARTICLE_FIELDS)
        return f"Article({inner})"

    def __reduce__(self):  # pickles (and copies) as a plain Article
        return (_plain_article, (tuple(getattr(self, n) for n in ARTICLE_FIELDS),))

    def __copy__(self) -> StoredArticle:
        clone = _new(StoredArticle)
        clone.__dict__.update(self.__dict__)
        return clone


def _on_hand(raw: Any, d: dict) -> Any:
    """The analysis JSON text of an article whose text a snapshot left on disk."""
    if type(raw) is SegmentAnalyses:
        return raw.text(d["id"])
    return raw


def _plain_article(values: tuple) -> Article:
    return Article(**dict(zip(ARTICLE_FIELDS, values)))


def _analysis_to_json(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CodecError(f"Article.analysis must be a dict or None, got {type(value).__name__}")
    try:
        return orjson.dumps(value).decode()
    except TypeError as exc:  # orjson.JSONEncodeError: not JSON, or an int beyond 64 bits
        raise CodecError(f"Article.analysis is not storable as JSON: {exc}") from None


def article_to_doc(a: Article) -> dict:
    if isinstance(a, StoredArticle):
        analysis = a.analysis_json()
    else:
        analysis = _analysis_to_json(a.analysis)
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": dt_to_str(a.published),
        "body_hash": a.body_hash,
        "source_ids": list(a.source_ids),
        "outlets": list(a.outlets),
        "urls": list(a.urls),
        "author": a.author,
        "fetched_at": dt_to_str(a.fetched_at),
        "bundled": bool(a.bundled),
        "revisions": [revision_to_doc(r) for r in a.revisions],
        "analysis": analysis,
        "relevance": a.relevance,
    }


def _dt_fast(value: Any) -> datetime | None:
    if value is None:
        return None
    if type(value) is str and value.endswith("+00:00"):
        return datetime.fromisoformat(value)
    return dt_from_str(value)


def article_from_doc(doc: Any) -> StoredArticle:
    """Build an article from a document. Takes ownership of `doc` (it becomes the instance's
    attribute dict), so pass a fresh, unshared dict."""
    if type(doc) is not dict:
        raise CodecError("an article document must be an object")
    if doc.keys() == DOC_KEYS_BEFORE_SCOPES:
        doc["relevance"] = None  # in place: a new dict per article costs memory and time
    if doc.keys() != ARTICLE_DOC_KEYS:
        doc = _normalise_article_doc(doc)
    try:
        doc["published"] = _dt_fast(doc["published"])
        doc["fetched_at"] = _dt_fast(doc["fetched_at"])
        revs = doc["revisions"]
        if revs:
            doc["revisions"] = [revision_from_doc(r) for r in revs]
        doc["_analysis_json"] = doc.pop("analysis")
    except (ValueError, TypeError) as exc:
        raise CodecError(f"bad article document {doc.get('id')!r}: {exc}") from exc
    a = _new(StoredArticle)
    a.__dict__ = doc
    return a


def _normalise_article_doc(doc: dict) -> dict:
    if not isinstance(doc.get("id"), str) or not isinstance(doc.get("body_hash"), str):
        raise CodecError("an article document needs a string id and body_hash")
    defaults: dict[str, Any] = {
        "title": "",
        "outlet": "",
        "url": None,
        "published": None,
        "source_ids": [],
        "outlets": [],
        "urls": [],
        "author": None,
        "fetched_at": None,
        "bundled": False,
        "revisions": [],
        "analysis": None,
        "relevance": None,  # stored before stories had scopes: judged again when read
    }
    out = {}
    for key in ARTICLE_FIELDS:
        out[key] = doc[key] if key in doc else defaults[key]
    if not isinstance(out["revisions"], list):
        raise CodecError(f"bad article document {doc['id']!r}: revisions is not a list")
    if isinstance(out["analysis"], dict):  # tolerate a decoded analysis (hand-edited file)
        out["analysis"] = orjson.dumps(out["analysis"]).decode()
    return out


def articles_from_docs(docs: dict) -> list[StoredArticle]:
    """The hot path: every article document of a freshly parsed file."""
    out = []
    append = out.append
    new = _new
    keys = ARTICLE_DOC_KEYS
    before_scopes = DOC_KEYS_BEFORE_SCOPES
    fromiso = datetime.fromisoformat
    for doc in docs.values():
        # inline fast path of article_from_doc for documents this module wrote
        if type(doc) is dict and doc.keys() == before_scopes:
            doc["relevance"] = None  # written before stories had scopes: judged when read
        if type(doc) is dict and doc.keys() == keys and not doc["revisions"]:
            p = doc["published"]
            f = doc["fetched_at"]
            if (p is None or (type(p) is str and p.endswith("+00:00"))) and (
                f is None or (type(f) is str and f.endswith("+00:00"))
            ):
                try:
                    if p is not None:
                        doc["published"] = fromiso(p)
                    if f is not None:
                        doc["fetched_at"] = fromiso(f)
                except ValueError as exc:
                    raise CodecError(f"bad article document {doc.get('id')!r}: {exc}") from exc
                doc["_analysis_json"] = doc.pop("analysis")
                a = new(StoredArticle)
                a.__dict__ = doc
                append(a)
                continue
        append(article_from_doc(doc))
    return out


def read_analysis(article: Article) -> dict | None:
    """`article.analysis` without keeping the decoded value on the article: for a pass over
    every article that needs each analysis once (50,000 decoded analyses held at once take
    about 180 MB; decoded one at a time they take next to nothing)."""
    if type(article) is StoredArticle:
        d = article.__dict__
        if "_analysis" not in d:
            raw = _on_hand(d.get("_analysis_json"), d)
            return orjson.loads(raw) if isinstance(raw, str) else raw
    return article.analysis


def decode_analyses(articles: list) -> None:
    """Decode `analysis` of every `StoredArticle` in `articles` now (see
    `talkstui.store.Store.snapshot(with_analysis=True)`, which also pauses the cyclic GC)."""
    for a in articles:
        if type(a) is StoredArticle and "_analysis" not in a.__dict__:
            a.analysis  # noqa: B018
