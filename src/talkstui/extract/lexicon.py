"""The words that name event kinds and statuses. Users extend kinds via `[lexicon]`.

Each kind maps to trigger words or phrases (lower case; a trailing `*` matches any
ending). A user's `settings.lexicon` adds words to a kind, or adds a new kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

KINDS: dict[str, list[str]] = {
    "talks": [
        "talks", "negotiation*", "negotiating", "round", "rounds", "meeting", "meetings", "meet",
        "met", "delegation*", "peace talks", "parley*", "consultation*", "dialogue",
    ],
    "prisoner_exchange": [
        "prisoner exchange*", "prisoner swap*", "exchange of prisoners", "swap*", "exchange",
        "exchanges", "prisoners of war", "pows", "prisoners", "remains of", "bodies of",
    ],
    "deadline_set": ["deadline", "deadlines", "ultimatum*"],
    "deadline_due": ["deadline expires", "deadline runs out", "deadline passes", "expir*"],
    "summit": [
        "summit*", "leaders' meeting", "leaders’ meeting", "meeting at the level of leaders",
        "in-person meeting", "face-to-face", "meeting between trump and putin",
    ],
    "statement": [
        "address", "speech", "statement*", "post", "interview", "press conference",
        "briefing", "remarks", "announcement",
    ],
    "strike": [
        "strike*", "attack*", "drone*", "missile*", "shelling", "bombard*", "airstrike*",
        "assault*", "shelled", "bombing*",
    ],
    "war": ["invasion", "invaded", "war", "offensive", "counteroffensive", "mobilization", "mobilisation"],
    "sanctions": ["sanction*", "tariff*", "embargo*", "price cap"],
}

# Lower number = stronger: used when several kinds occur near a time phrase.
PRIORITY = {
    "deadline_due": 0, "deadline_set": 1, "prisoner_exchange": 2, "summit": 2, "talks": 3,
    "sanctions": 4, "strike": 4, "war": 5, "statement": 6,
}

STATUSES: list[tuple[str, list[str]]] = [
    ("cancelled", ["cancel*", "called off", "scrapped", "suspended", "won't take place", "will not take place"]),
    ("postponed", ["postpon*", "delayed", "pushed back", "put off", "rescheduled"]),
    ("proposed", ["propos*", "offer*", "suggest*", "invited", "called for", "urged"]),
    ("agreed", ["agreed", "agree to", "agreement", "deal reached"]),
    ("planned", [
        "will", "would", "scheduled", "planned", "plans", "set for", "set to", "expected",
        "upcoming", "next", "to be held", "to take place", "due to", "coming", "preparation*",
        "'ll", "’ll", "shall", "is to", "are to",
    ]),
    ("held", ["held", "took place", "met", "was", "were", "have held", "had held", "ended", "concluded"]),
    ("carried out", ["carried out", "conducted", "launched", "began", "completed", "swapped", "exchanged", "returned"]),
    ("announced", ["announc*", "confirm*", "said", "says", "reported"]),
]

REPORTING_VERBS = (
    "said|says|say|told|tells|announced|announces|confirmed|confirms|reported|reports|added|adds|"
    "stated|states|wrote|writes|posted|claimed|claims|noted|notes|stressed|insisted|warned|"
    "continued|replied|explained|argued|declared|suggested|acknowledged|revealed|cited|quoted|"
    "quoting|according|addressed|commented|responded"
)


@dataclass(frozen=True)
class Lexicon:
    kinds: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def kind_names(self) -> list[str]:
        return [k for k, _ in self.kinds]


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        w = w.strip().lower()
        if not w:
            continue
        star = w.endswith("*")
        body = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+").replace("'", "['’]")
        alts.append(body + (r"[\w'’-]*" if star else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def build_lexicon(extra: dict[str, list[str]] | None = None) -> Lexicon:
    merged: dict[str, list[str]] = {k: list(v) for k, v in KINDS.items()}
    for kind, words in (extra or {}).items():
        key = re.sub(r"[^a-z0-9_]+", "_", str(kind).lower()).strip("_") or "other"
        merged.setdefault(key, [])
        merged[key].extend(str(w) for w in words if str(w).strip())
    return Lexicon(tuple((k, tuple(v)) for k, v in merged.items()))


@lru_cache(maxsize=32)
def compiled(lexicon: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, _pattern(words)) for kind, words in lexicon.kinds if words]


@lru_cache(maxsize=1)
def status_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, _pattern(tuple(words))) for name, words in STATUSES]


# Characters that re.IGNORECASE folds onto an ASCII letter although str.lower() does not
# (dotless i, long s, dotted capital I, Kelvin, Angstrom): a needle test on such a text is
# not a safe "cannot match", so the pattern runs as usual.
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a\u212b]")


def _needle(word: str) -> str:
    """The literal start of a trigger word, as it must appear (lower-cased) in any match."""
    w = word.strip().lower().rstrip("*")
    for i, ch in enumerate(w):
        if ch.isspace() or ch in "'’":
            return w[:i]
    return w


def _needles(words) -> tuple[str, ...] | None:
    """Needles for a prefilter (tested on lower-cased text): None when some word has no
    usable literal start."""
    out = {_needle(w) for w in words if w.strip()}
    if not out or any(not n or not n.isascii() for n in out):
        return None
    return tuple(sorted(out))


@lru_cache(maxsize=32)
def scanners(lexicon: Lexicon) -> list[tuple[str, re.Pattern[str], tuple[str, ...] | None]]:
    """(kind, pattern, needles): a kind whose needles are all absent from a text has no match."""
    return [(kind, _pattern(words), _needles(words)) for kind, words in lexicon.kinds if words]


@lru_cache(maxsize=1)
def status_scanners() -> list[tuple[str, re.Pattern[str], tuple[str, ...] | None]]:
    return [(name, _pattern(tuple(words)), _needles(words)) for name, words in STATUSES]


def hits(text: str, table) -> list[tuple[str, re.Match[str]]]:
    """(name, match) of every pattern of `table` (scanners / status_scanners) in `text`,
    pattern by pattern, exactly as `pattern.finditer` would give them; patterns whose
    needles are all absent are skipped without running."""
    low = None if _FOLDS.search(text) else text.lower()
    out = []
    for name, rx, needles in table:
        if low is not None and needles is not None and not any(n in low for n in needles):
            continue
        out.extend((name, m) for m in rx.finditer(text))
    return out


DEFAULT = build_lexicon()


def lexicon_key(extra: dict[str, list[str]] | None) -> Lexicon:
    if not extra:
        return DEFAULT
    return build_lexicon({k: list(v) for k, v in sorted(extra.items())})
