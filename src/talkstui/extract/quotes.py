"""Quoted speech and its speaker.

Straight and curly quotes; a quote may run over several paragraphs (each continuing
paragraph opens with a quote mark and the unfinished one does not close). The speaker
comes from "X said", "said X", "X told journalists", "X added", or a pronoun or role
("he said", "the president said") resolved to the last named speaker.

Each quote also gets its sentences ("units") with a few stable block keys, so that
the story builder finds the same quote across outlets by hashing, never all-pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from talkstui.extract.attribution import NAME, PRONOUN, clean_name, named_speaker
from talkstui.extract.lexicon import REPORTING_VERBS
from talkstui.extract.text import content_words, paragraphs, stable_hash

_PAIRS = [("“", "”"), ("\"", "\""), ("«", "»"), ("„", "“")]
_PAIR_OF = {o: (o, c) for o, c in _PAIRS}
_OPENERS = re.compile("[" + "".join(o for o, _ in _PAIRS) + "]")
_MIN_WORDS = 4

_AFTER_NAMED = re.compile(
    rf"^[\s,.—–-]*(?P<sp>(?:the\s+)?{NAME})\s+(?:\w+ly\s+|also\s+)?(?:{REPORTING_VERBS}|told\s+\w+)\b"
)
_AFTER_INVERTED = re.compile(
    rf"^[\s,.—–-]*(?:said|says|added|adds|wrote|continued|replied|told\s+\w+)\s+(?P<sp>(?:the\s+)?{NAME})"
)
_AFTER_PRONOUN = re.compile(r"^[\s,.—–-]*" + PRONOUN.pattern)
_BEFORE = re.compile(
    rf"(?P<sp>(?:the\s+)?{NAME})\s+(?:\w+ly\s+|also\s+|then\s+)?(?:{REPORTING_VERBS})\b[^“\"]*?[,:]?\s*$"
)
_BEFORE_PRONOUN = re.compile(r"\b(?P<sp>[Hh]e|[Ss]he|[Tt]he\s+president|[Tt]he\s+minister)\s+(?:\w+ly\s+)?(?:" + REPORTING_VERBS + r")\b[^“\"]*?[,:]?\s*$")


@dataclass
class FoundQuote:
    start: int  # offsets of the quoted text (inside the marks) in the article
    end: int
    text: str
    speaker: str | None
    speaker_text: str = ""  # as written: "the president", "Zelenskyy"
    # sentences of the quote: (start, end) offsets into `text` (not the article), block keys
    units: list[tuple[int, int, list[int]]] = field(default_factory=list)


def _find_raw(text: str, pa: int, pb: int) -> list[tuple[int, int, bool]]:
    """(inner start, inner end, closed) for quotes opening in one paragraph."""
    out = []
    i = pa
    while i < pb:
        found = _OPENERS.search(text, i, pb)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        pair = _PAIR_OF[ch]
        # a straight quote closing a word is not an opening one
        if ch == '"' and i > pa and text[i - 1].isalnum():
            i += 1
            continue
        close = text.find(pair[1], i + 1, pb)
        if close == -1:
            out.append((i + 1, pb, False))
            break
        out.append((i + 1, close, True))
        i = close + 1
    return out


def _units(text: str, a: int, b: int, base: int = 0) -> list[tuple[int, int, list[int]]]:
    """Sentences of text[a:b], as offsets from `base` (where text[a] sits in the quote)."""
    units = []
    for m in re.finditer(r"[^.!?…]+(?:[.!?…]+|$)", text[a:b]):
        ua, ub = a + m.start(), a + m.end()
        seg = text[ua:ub]
        words = content_words(seg)
        if len(words) < 3:
            continue
        while ua < ub and text[ua].isspace():
            ua += 1
        units.append((ua - a + base, ub - a + base, block_keys(words)))
    return units


def block_keys(words: list[str], k: int = 3) -> list[int]:
    """A few min-hash keys (of words and of word pairs): similar sentences share one."""
    uni = sorted({stable_hash(w) for w in words})[:k]
    bi = sorted({stable_hash(a + " " + b) for a, b in zip(words, words[1:])})[:k]
    return uni + [h ^ 0x5BD1E995 for h in bi]


def _speaker_after(tail: str, last: str | None) -> tuple[str | None, str]:
    tail = tail[:160]
    for rx in (_AFTER_NAMED, _AFTER_INVERTED):
        m = rx.match(tail)
        if m:
            name = clean_name(m.group("sp"))
            if name:
                return name, m.group("sp").strip()
    m = _AFTER_PRONOUN.match(tail)
    if m:
        return last, m.group("sp")
    return None, ""


def _speaker_before(head: str, last: str | None) -> tuple[str | None, str]:
    head = head[-200:]
    m = _BEFORE.search(head)
    if m:
        name = clean_name(m.group("sp"))
        if name:
            return name, m.group("sp").strip()
    m = _BEFORE_PRONOUN.search(head)
    if m:
        return last, m.group("sp")
    return None, ""


def extract_quotes(text: str) -> list[FoundQuote]:
    quotes: list[FoundQuote] = []
    last_person: str | None = None
    paras = paragraphs(text)
    pending: FoundQuote | None = None  # a multi-paragraph quote still open
    for pa, pb in paras:
        raw = _find_raw(text, pa, pb)
        if pending is not None:
            if raw and raw[0][0] - 1 == pa:  # continues with an opening mark
                a, b, closed = raw.pop(0)
                base = len(pending.text) + 1
                pending.text = pending.text + "\n" + text[a:b]
                pending.end = b
                pending.units += _units(text, a, b, base)
                if closed:
                    if pending.speaker is None:
                        pending.speaker, pending.speaker_text = _speaker_after(text[b + 1 : pb], last_person)
                    quotes.append(pending)
                    pending = None
            else:
                quotes.append(pending)
                pending = None
        for a, b, closed in raw:
            inner = text[a:b]
            sp, sp_text = _speaker_after(text[b + 1 : pb], last_person) if closed else (None, "")
            if sp is None:
                sp, sp_text = _speaker_before(_outside_quotes(text, max(pa, a - 401), a - 1), last_person)
            if sp is None and not closed:
                sp, sp_text = None, ""
            q = FoundQuote(a, b, inner, sp, sp_text, _units(text, a, b))
            if sp and sp_text and not re.match(r"(?i)he|she|they|the\s", sp_text):
                last_person = sp
            if not closed:
                pending = q
                continue
            if len(inner.split()) >= _MIN_WORDS or sp:
                quotes.append(q)
        rest = _outside_quotes(text, pa, pb)
        found = named_speaker(rest)
        if found:
            last_person = found
    if pending is not None:
        quotes.append(pending)
    # a quote with no speaker in a paragraph right after the same speaker's quote
    return quotes


def _outside_quotes(text: str, a: int, b: int) -> str:
    seg = text[a:b]
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), seg)
