"""Story scope: which articles a story is about, and why. Pure: no I/O, no clock, no Textual.

A story is defined by a title and its terms (names, places, organisations, phrases), each with
aliases and spellings, plus exclusions. `Scope(defn).judge(title, body)` sorts one article in or
out and says which terms decided it:

* every distinct term counts once for where it is found first, by its weight: in the title
  3 points, in the lead (the first `LEAD_CHARS` characters of the body) 1.5, further down 1;
  each further mention in the body adds 0.5, at most `REPEAT_CAP` in all;
* an exclusion in the title takes `EXCLUDE_TITLE` points off, one in the body 1 point per
  distinct exclusion (so "talks in Istanbul" about Iran's nuclear programme stay out);
* an article is inside when its score reaches the story's `threshold` (default 4) AND a term
  is in the title, or two distinct terms are found, or one of its terms is a strong one
  (weight >= 2: a phrase that names the story, "50-day deadline"); or when it names three
  distinct terms and scores three quarters of the threshold (a one-sentence summary has no
  room for repeats). One passing mention ("... as in Ukraine", once, in the tenth paragraph)
  is 1 point times its weight: never enough.

An alias ending in ``*`` matches any word starting so ("Ukrain*": Ukraine, Ukrainian,
Ukrainians). Matching ignores case, treats ’ as ', and finds a term written with accents also
without them (Erdoğan, Erdogan); words of a phrase may be joined by a space or a hyphen.

All of a story's spellings are one Aho-Corasick automaton, run once over the title and once
over the body: the per-article cost is one pass over the text, in C (bench: `relevance per
article`, beside the full analysis per article).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

TITLE_POINTS = 3.0
LEAD_POINTS = 1.5
BODY_POINTS = 1.0
REPEAT_POINTS = 0.5
REPEAT_CAP = 1.5  # extra points from repeated mentions of one term, at most
EXCLUDE_TITLE = 4.0
EXCLUDE_BODY = 1.0
LEAD_CHARS = 600
THRESHOLD = 4.0
STRONG_WEIGHT = 2.0  # a term this heavy names the story by itself ("50-day deadline")
SEVERAL_TERMS = 3  # a summary naming this many distinct terms needs only SEVERAL_SHARE
SEVERAL_SHARE = 0.75  # of the threshold (a one-sentence feed item has no room for repeats)

DecidedBy = Literal["terms", "user"]


@dataclass(frozen=True)
class Term:
    """A name, place, organisation or phrase, with its other spellings."""

    name: str
    aliases: tuple[str, ...] = ()
    weight: float = 1.0

    @property
    def forms(self) -> tuple[str, ...]:
        out: list[str] = []
        for f in (self.name, *self.aliases):
            f = f.strip()
            if f and f not in out:
                out.append(f)
        return tuple(out)


@dataclass
class StoryDef:
    """What a story is about: its id (a slug), title, terms and exclusions."""

    id: str
    title: str
    terms: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    threshold: float = THRESHOLD
    deadlines: list = field(default_factory=list)  # config.DeadlineConfig, this story's own
    keep_all: bool = False  # every article belongs (a story fed by sources of its own)

    def fingerprint(self) -> str:
        """Changes when anything that decides in/out changes (terms, exclusions, threshold)."""
        parts = [repr(self.threshold), repr(LEAD_CHARS), repr(THRESHOLD), repr(self.keep_all)]
        for kind, terms in (("t", self.terms), ("x", self.exclude)):
            for t in terms:
                parts.append(f"{kind}:{t.name}|{'|'.join(t.aliases)}|{t.weight!r}")
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]

    def term_names(self) -> set[str]:
        return {fold(f) for t in self.terms for f in t.forms} | {
            fold(f) for t in self.exclude for f in t.forms}


@dataclass
class Relevance:
    """Why an article is in or out of one story."""

    score: float
    terms: list[str]  # the story's terms that matched (their names), strongest first
    inside: bool
    decided_by: DecidedBy = "terms"
    excluded_by: list[str] = field(default_factory=list)

    def to_list(self, fp: str) -> list:
        """The stored form: [score, terms, inside, fingerprint, excluded_by]."""
        return [round(self.score, 2), list(self.terms), bool(self.inside), fp,
                list(self.excluded_by)]

    @classmethod
    def from_list(cls, raw) -> Relevance | None:
        try:
            score, terms, inside = float(raw[0]), [str(t) for t in raw[1]], bool(raw[2])
            excluded = [str(t) for t in raw[4]] if len(raw) > 4 else []
        except (TypeError, ValueError, IndexError):
            return None
        return cls(score, terms, inside, "terms", excluded)

    def to_dict(self) -> dict:
        return {"score": round(self.score, 2), "terms": list(self.terms),
                "decided_by": self.decided_by, "inside": self.inside}


# ---------------------------------------------------------------- matching

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fold(text: str) -> str:
    """Lower case, without accents, with one kind of apostrophe: what matching compares."""
    text = text.translate(_QUOTES).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _keys(form: str) -> tuple[list[str], bool]:
    """The folded strings one form is searched as, and whether it is a prefix ("Ukrain*")."""
    f = " ".join(form.translate(_QUOTES).lower().split())
    prefix = f.endswith("*")
    f = f.rstrip("*").strip()
    out = {f}
    if " " in f or "-" in f:  # "cease fire", "cease-fire", "50-day", "50 day"
        words = f.replace("-", " ").split()
        out.add(" ".join(words))
        out.add("-".join(words))
    plain = unicodedata.normalize("NFKD", f)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    if plain != f:
        out |= {plain, plain.replace("-", " "), plain.replace(" ", "-")}
    return [k for k in out if k], prefix


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _word_before(b: bytes, pos: int) -> bool:
    """Whether the character ending just before byte `pos` is a letter, digit or _."""
    c = b[pos - 1]
    if c < 0x80:
        return c in _WORD_BYTES
    k = pos - 1
    while k > 0 and 0x80 <= b[k] < 0xC0:
        k -= 1
    ch = b[k:pos].decode("utf-8", "replace")[:1]
    return ch.isalnum()


def _word_at(b: bytes, pos: int) -> bool:
    """Whether the character starting at byte `pos` is a letter, digit or _."""
    c = b[pos]
    if c < 0x80:
        return c in _WORD_BYTES
    ch = b[pos:pos + 4].decode("utf-8", "ignore")[:1]
    return ch.isalnum()


class Scope:
    """A story's terms compiled for `judge`. Build once per story, use for every article.

    Every folded spelling of every term and exclusion is one pattern of one Aho-Corasick
    automaton (ahocorasick-rs, leftmost-longest, over UTF-8 bytes): a title or body is scanned
    once, in native code, however many terms a story has. A match counts when it starts and
    ends at word boundaries (a prefix form only needs to start at one). Texts are only
    ASCII-lower-cased (and ’ made '): accented and plain spellings, and the capitalised
    accented ones, are all patterns, so no text is normalised.
    """

    def __init__(self, defn: StoryDef) -> None:
        import ahocorasick_rs

        self.defn = defn
        self.fp = defn.fingerprint()
        self._terms: list[Term] = []
        self._excl: list[bool] = []
        found: dict[bytes, list] = {}
        for excl, terms in ((False, defn.terms), (True, defn.exclude)):
            for t in terms:
                i = len(self._terms)
                self._terms.append(t)
                self._excl.append(excl)
                for form in t.forms:
                    keys, prefix = _keys(form)
                    for k in keys:
                        variants = {k, k[:1].upper() + k[1:]} if not k.isascii() else {k}
                        for v in variants:
                            found.setdefault(v.encode("utf-8"), []).append((i, prefix))
        self._owners = [tuple(v) for v in found.values()]
        self._auto = (ahocorasick_rs.BytesAhoCorasick(
            list(found), matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
            if found else None)

    def _scan(self, text: str):
        """(term index, start, end) for every match at word boundaries (byte offsets)."""
        raw = text.encode("utf-8", "surrogatepass").lower()
        if b"\xe2\x80\x99" in raw:
            raw = raw.replace(b"\xe2\x80\x99", b"'")
        n = len(raw)
        owners = self._owners
        for pat, start, end in self._auto.find_matches_as_indexes(raw):
            if start > 0 and _word_before(raw, start):
                continue
            tail = end < n and _word_at(raw, end)
            for i, prefix in owners[pat]:
                if tail and not prefix:
                    continue
                yield i, start, end

    def judge(self, title: str, body: str) -> Relevance:
        if self.defn.keep_all:
            return Relevance(0.0, [], True)
        if self._auto is None:
            return Relevance(0.0, [], False)
        points: dict[int, float] = {}
        extra: dict[int, float] = {}
        excluded: dict[int, float] = {}
        terms = self._terms
        excl = self._excl
        in_title = False
        for i, _start, _end in self._scan((title or "").lower()):  # short: a full lower()
            w = terms[i].weight
            if excl[i]:
                excluded[i] = EXCLUDE_TITLE * w
            else:
                in_title = True
                points[i] = TITLE_POINTS * w
        # the body: the same scan as _scan, inlined (this loop is most of the cost)
        raw = (body or "").encode("utf-8", "surrogatepass").lower()
        if b"\xe2\x80\x99" in raw:
            raw = raw.replace(b"\xe2\x80\x99", b"'")
        n = len(raw)
        owners = self._owners
        word = _WORD_BYTES
        done: set[int] = set()  # terms whose repeats are capped: their matches are skipped
        for pat, start, end in self._auto.find_matches_as_indexes(raw):
            if start > 0:
                c = raw[start - 1]
                if (c in word) if c < 0x80 else _word_before(raw, start):
                    continue
            tail = None
            for i, prefix in owners[pat]:
                if i in done:
                    continue
                if not prefix:
                    if tail is None:
                        tail = end < n and ((raw[end] in word) if raw[end] < 0x80
                                            else _word_at(raw, end))
                    if tail:
                        continue
                w = terms[i].weight
                if excl[i]:
                    excluded.setdefault(i, EXCLUDE_BODY * w)
                    done.add(i)
                elif i in points:
                    got = extra.get(i, 0.0) + REPEAT_POINTS * w
                    extra[i] = got
                    if got >= REPEAT_CAP * w:
                        done.add(i)
                else:
                    points[i] = (LEAD_POINTS if start < LEAD_CHARS else BODY_POINTS) * w
        score = sum(points.values()) + sum(extra.values()) - sum(excluded.values())
        found = sorted(points, key=lambda i: (-(points[i] + extra.get(i, 0.0)), i))
        t = self.defn.threshold
        inside = (score >= t and (in_title or len(points) >= 2 or any(
            terms[i].weight >= STRONG_WEIGHT for i in points))) or (
            len(points) >= SEVERAL_TERMS and score >= SEVERAL_SHARE * t)
        return Relevance(
            score=round(score, 2), terms=[terms[i].name for i in found], inside=inside,
            excluded_by=[terms[i].name for i in sorted(excluded)],
        )



# ---------------------------------------------------------------- deciding, with the user's word


@dataclass
class Choices:
    """The user's in/out choices for one story: articles and whole sources.

    An article's own choice wins over its source's; either wins over the terms.
    """

    articles: dict[str, bool] = field(default_factory=dict)  # article id -> in?
    sources: dict[str, bool] = field(default_factory=dict)  # source id -> in?

    def verdict(self, article_id: str, source_ids: Iterable[str]) -> bool | None:
        got = self.articles.get(article_id)
        if got is not None:
            return got
        votes = [self.sources[s] for s in source_ids if s in self.sources]
        if not votes:
            return None
        return any(votes)  # one source pulled in is enough to keep an article it carries

    def fingerprint(self) -> str:
        data = repr((sorted(self.articles.items()), sorted(self.sources.items())))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict:
        return {"articles": dict(self.articles), "sources": dict(self.sources)}

    @classmethod
    def from_dict(cls, raw) -> Choices:
        if not isinstance(raw, dict):
            return cls()
        arts = raw.get("articles") if isinstance(raw.get("articles"), dict) else {}
        srcs = raw.get("sources") if isinstance(raw.get("sources"), dict) else {}
        return cls({str(k): bool(v) for k, v in arts.items()},
                   {str(k): bool(v) for k, v in srcs.items()})


def decide(rel: Relevance, user: bool | None) -> Relevance:
    """The relevance with the user's choice applied (shown as the user's)."""
    if user is None:
        return rel
    return Relevance(rel.score, rel.terms, user, "user", rel.excluded_by)


# ---------------------------------------------------------------- suggesting terms

_NAME = re.compile(
    r"\b(?:St\.|[A-Z][\w'’\-]+)(?:\s+(?:[A-Z][\w'’\-]+|of|al|bin|de|van|von|for)){0,5}")
_COMMON = frozenset(
    "the a an and but or if in on at of for to from by with as it its he she they we i you this "
    "that these those there here his her their our my your mr mrs ms dr president minister "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow after before "
    "when while what who why how however meanwhile also according related updated read more "
    "earlier later last next new one two three first second third reuters ap afp".split()
)


def candidate_names(text: str) -> set[str]:
    """Capitalised names and short name phrases in `text`. A one-word name counts only if it
    is capitalised somewhere other than at the start of a sentence ("Speaking to reporters"
    is not a name)."""
    out: set[str] = set()
    initial: set[str] = set()
    mid: set[str] = set()
    for m in _NAME.finditer(text):
        words = m.group(0).replace("’", "'").split()
        while words and words[-1].lower() in ("of", "al", "bin", "de", "van", "von", "for"):
            words.pop()
        while words and words[0].lower() in _COMMON:
            words.pop(0)
        if not words:
            continue
        name = re.sub(r"'s$", "", " ".join(words))
        if len(name) < 3 or name.lower() in _COMMON:
            continue
        if len(words) == 1:
            before = text[:m.start()].rstrip(" \t\"'“‘(")
            (initial if not before or before[-1] in ".!?:\n" else mid).add(name)
        else:
            out.add(name)
            if len(words) == 2 and all(w[:1].isupper() for w in words) and len(words[1]) > 3:
                out.add(re.sub(r"'s$", "", words[1]))  # "Dmitry Medvedev": also "Medvedev"
    return out | mid


@dataclass
class Suggestion:
    term: str
    inside: int  # articles of the story that name it
    outside: int  # other stored articles that name it


def suggest_terms(defn: StoryDef, inside: Iterable[str], outside: Iterable[str], *,
                  limit: int = 15, min_articles: int = 2) -> list[Suggestion]:
    """Names that recur in the story's articles (texts `inside`) and rarely outside, and are
    not terms already: ranked by how much more often they are named inside than outside."""
    known = defn.term_names()
    ins = [candidate_names(t) for t in inside]
    outs = [candidate_names(t) for t in outside]
    n_in, n_out = max(1, len(ins)), max(1, len(outs))
    count_in: dict[str, int] = {}
    for names in ins:
        for n in names:
            count_in[n] = count_in.get(n, 0) + 1
    count_out: dict[str, int] = {}
    for names in outs:
        for n in names:
            if n in count_in:
                count_out[n] = count_out.get(n, 0) + 1
    scope = Scope(defn)
    ranked = []
    for name, k in count_in.items():
        if k < min_articles or fold(name) in known:
            continue
        if scope.judge(name, "").terms:
            continue  # it is, or it names, a term already ("Vladimir Putin", "Ukrainians")
        o = count_out.get(name, 0)
        share_in, share_out = k / n_in, o / n_out
        if share_out * 2 >= share_in:  # common outside as well: not this story's own
            continue
        ranked.append((share_in - share_out, k, name, o))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    # a longer name that contains a shorter suggested one ("Rustem Umerov", "Umerov"): keep
    # the one named in more articles, the longer on a tie
    out: list[Suggestion] = []
    for _gain, k, name, o in ranked:
        if any(name in s.term.split() or s.term in name.split() for s in out):
            continue
        out.append(Suggestion(name, k, o))
        if len(out) >= limit:
            break
    return out


def slug(title: str) -> str:
    """A story id from its title: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "story"


# ---------------------------------------------------------------- articles in and out


def stored_relevance(article, story_id: str, fp: str) -> Relevance | None:
    """The decision stored with an article at ingest for this story, if made with these terms."""
    rel = getattr(article, "relevance", None)
    if not isinstance(rel, dict):
        return None
    raw = rel.get(story_id)
    if not isinstance(raw, list) or len(raw) < 4 or raw[3] != fp:
        return None
    return Relevance.from_list(raw)


def judge_article(scope: Scope, article, body=None) -> Relevance:
    """The article's relevance: stored at ingest when current, else judged from its title and
    body (`body(hash)`; title only when the body cannot be read)."""
    got = stored_relevance(article, scope.defn.id, scope.fp)
    if got is not None:
        return got
    text = None
    if body is not None:
        try:
            text = body(article.body_hash)
        except Exception:  # noqa: BLE001 - a missing body: see below
            text = None
    if text is None:
        # no body to read: the sentences kept with its analysis, else the title alone
        try:
            from talkstui.store.codec import read_analysis

            sentences = (read_analysis(article) or {}).get("s") or ()
        except Exception:  # noqa: BLE001
            sentences = ()
        text = " ".join(x for x in sentences if isinstance(x, str))
    return scope.judge(article.title or "", text)


def sort_articles(defn: StoryDef, articles, *, body=None, choices: Choices | None = None,
                  scope: Scope | None = None):
    """(inside, outside): lists of (article, Relevance) for one story, the user's choices
    applied. Order is kept."""
    scope = scope or Scope(defn)
    inside: list = []
    outside: list = []
    for art in articles:
        rel = judge_article(scope, art, body)
        if choices is not None:
            rel = decide(rel, choices.verdict(art.id, getattr(art, "source_ids", ()) or ()))
        (inside if rel.inside else outside).append((art, rel))
    return inside, outside


def relevance_doc(scopes: list[Scope], title: str, text: str) -> tuple[dict, bool]:
    """What ingest stores with an article ({story id: stored form}) and whether any story
    keeps it by its terms."""
    out: dict = {}
    keep = False
    for sc in scopes:
        rel = sc.judge(title, text)
        out[sc.defn.id] = rel.to_list(sc.fp)
        keep = keep or rel.inside
    return out, keep
