"""The extractors' speed-ups change nothing: needle prefilters, per-sentence caches and the
full-stop scan give exactly what the plain patterns give (see extract/lexicon.py `hits`,
attribution.py `_find_all`, text.py `_word_before_stop`)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from talkstui.extract import attribution as A
from talkstui.extract import lexicon as L
from talkstui.extract.text import _word_before_stop, sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Texts where str.lower() and re.IGNORECASE disagree (long s, dotless i, dotted I, Kelvin),
# user words, mixed case, apostrophes of both kinds.
ODD = [
    "The ſummit and the ſwap were SCHEDULED, officials ſaid.",
    "İstanbul TALKS: the delegatİon met; the ultımatum expired.",
    "A \u212aelvin-sign strike? No: the K\u212aremlin’s STATEMENT said they’ll meet.",
    "Leaders’ meeting, leaders' meeting, face-to-face, in-person meeting.",
    "RIA, quoting a source, said the Kremlin denied it; he CONFIRMED nothing.",
    "Sources told TASS on Monday that a source close to the talks said to reporters so.",
]


def corpus() -> list[str]:
    out = list(ODD)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in sentences(text)]
    return out


def plain_hits(text, table):
    return [(name, m.span(), m.group(0)) for name, rx, _needles in table
            for m in rx.finditer(text)]


def test_lexicon_prefilter_finds_exactly_what_the_patterns_find():
    lex = L.build_lexicon({"energy": ["pipeline*", "gas"], "ceasefire": ["truce", "cease-fire"]})
    for table in (L.scanners(L.DEFAULT), L.scanners(lex), L.status_scanners()):
        for s in corpus():
            got = [(name, m.span(), m.group(0)) for name, m in L.hits(s, table)]
            assert got == plain_hits(s, table), s


def test_attribution_prefilters_change_no_attribution():
    saved = {n: getattr(A, n) for n in dir(A) if n.startswith("_NEED_")}
    try:
        for s in corpus():
            fast = [(p, a.speaker, a.via, a.text) for p, a in A._find_all(s, [], "Zelensky")]
            fast_named = A.named_speaker(s)
            for n in saved:  # needles that are always there: every pattern runs
                setattr(A, n, ("",))
            slow = [(p, a.speaker, a.via, a.text) for p, a in A._find_all(s, [], "Zelensky")]
            slow_named = A.named_speaker(s)
            for n, v in saved.items():
                setattr(A, n, v)
            assert fast == slow and fast_named == slow_named, s
    finally:
        for n, v in saved.items():
            setattr(A, n, v)


def test_word_before_a_full_stop_is_what_the_regex_found():
    rng = random.Random(7)
    alphabet = "aB.z. U.S.x1 -é"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) + "."
        stop = len(text) - 1
        start = rng.randint(0, stop)
        m = re.search(r"([A-Za-z.]+)\.$", text[start:stop + 1])
        assert _word_before_stop(text, start, stop) == (m.group(1) if m else None), text
