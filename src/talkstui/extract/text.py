"""Small text helpers shared by the extractors: sentences, tokens, names.

Pure functions over plain strings; offsets always index the text given.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "rep", "sen", "gov",
    "st", "mt", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "no", "u.s", "u.k", "u.n",
    "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m",
    "approx", "dept", "est", "fig", "i.e", "e.g", "al",
}

_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9«])")
_PARA = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d{1,2}:\d{2}|#))|\n")

OPEN_QUOTES = "\"“«„"
CLOSE_QUOTES = "\"”»“"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs (every line break ends one; blank lines are skipped)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n", text):
        if text[pos : m.start()].strip():
            spans.append(_strip_span(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_strip_span(text, pos, len(text)))
    return spans


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# The longest sentence the extractors look at. The work for each time phrase grows with the
# length of its sentence, so a "sentence" of 50 KB with no full stop (hostile or broken
# markup) would make extraction quadratic; real sentences stay well under this.
MAX_SENTENCE = 1000


def sentences(text: str, notes: list[str] | None = None) -> list[tuple[int, int]]:
    """Spans of sentences: paragraphs split at sentence ends, abbreviations respected.

    A sentence longer than MAX_SENTENCE characters is split at spaces into pieces of at most
    that length (a note saying so is appended to `notes`), so no span is ever longer."""
    spans = _sentences(text)
    if all(b - a <= MAX_SENTENCE for a, b in spans):
        return spans
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a <= MAX_SENTENCE:
            out.append((a, b))
            continue
        pieces = split_span(text, a, b, MAX_SENTENCE)
        if notes is not None:
            notes.append(f"a sentence of {b - a:,} characters (at character {a:,}) was split "
                         f"into {len(pieces)} pieces of at most {MAX_SENTENCE:,}")
        out.extend(pieces)
    return out


def split_span(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """[a, b) cut into spans of at most `limit` characters, at the last space before each cut
    where there is one (linear: each character is looked at a bounded number of times)."""
    out: list[tuple[int, int]] = []
    while b - a > limit:
        cut = text.rfind(" ", a + limit // 2, a + limit)
        cut = a + limit if cut <= a else cut
        piece = _strip_span(text, a, cut)
        if piece[1] > piece[0]:
            out.append(piece)
        a = cut
    piece = _strip_span(text, a, b)
    if piece[1] > piece[0]:
        out.append(piece)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for pa, pb in paragraphs(text):
        start = pa
        chunk = text[pa:pb]
        for m in _SENT_END.finditer(chunk):
            end = pa + m.end()
            # the word before the full stop
            if m.group(0).startswith("."):
                word = _word_before_stop(text, start, pa + m.start())
                if word is not None:
                    word = word.lower().rstrip(".")
                    if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                        continue
            # a quote that does not close in this sentence: keep it together
            seg = text[start:end]
            if _open_quote_balance(seg) > 0 and len(seg) < 600:
                continue
            out.append(_strip_span(text, start, end))
            start = end
        if text[start:pb].strip():
            out.append(_strip_span(text, start, pb))
    return out


_RUN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before_stop(text: str, start: int, stop: int) -> str | None:
    """The run of [A-Za-z.] just before the full stop at `stop` (not before `start`), or None:
    what `re.search(r"([A-Za-z.]+)\\.$", text[start:stop + 1])` finds, without rescanning
    the sentence so far for every full stop in it."""
    i = stop
    while i > start and text[i - 1] in _RUN:
        i -= 1
    return text[i:stop] if i < stop else None


def _open_quote_balance(seg: str) -> int:
    curly = seg.count("“") - seg.count("”")
    straight = seg.count('"') % 2
    return max(curly, 0) + straight


_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff0-9][\w'’\-]*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


STOPWORDS = frozenset(
    """a an the and or but if of in on at to for from by with without about as into onto over
    under after before since until than then that this these those there here it its it's is are
    was were be been being has have had do does did will would shall should can could may might
    must not no nor so such very also just only even still yet more most less least much many
    some any each every all both either neither other another own same he she they we you i me
    him her them us our your their his hers theirs who whom whose which what when where why how
    said says say told tell according""".split()
)


def content_words(text: str) -> list[str]:
    return [w for w in (x.lower().replace("’", "'") for x in words(text)) if w not in STOPWORDS]


def stable_hash(value: str) -> int:
    """A hash that is the same in every process (Python's hash() of str is not)."""
    return zlib.crc32(value.encode("utf-8"))


@lru_cache(maxsize=4096)
def fold_name(name: str) -> str:
    """A key under which spellings of a name meet: Zelensky / Zelenskyy / Zelenskiy."""
    key = name.lower().replace("’", "'")
    key = re.sub(r"[^a-z\u0400-\u04ff ]+", "", key)
    key = re.sub(r"(iy|yy|ii|y|i)$", "y", key)
    key = re.sub(r"(.)\1+", r"\1", key)
    return key.strip()
