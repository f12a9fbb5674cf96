"""Extraction speed: the whole extractor (`analyse`: time expressions, events, quotes,
attributions, deadlines, date cues) and the time-expression engine alone (`extract_times`),
each against dateparser's `search_dates` on the same text.

    python bench/bench_extract.py [--quick]

Corpus: the plain <TEXT> of every TempEval-3 training document (found through
$TALKSTUI_TEMPEVAL, else ../shared/tempeval3/train beside the repository) plus the bundled
seed articles, repeated until it holds at least 1 MB (quick: 256 KB). Each document is one
`analyse(text, dct)` call (or `extract_times(text, dct)` for the engine alone), as at
ingest. `analyse` keeps no state between calls (its per-sentence caches are cleared for
every article), so repeating documents to reach the size measures no cache. dateparser is far slower, so it runs on a
small slice of the same documents (one `search_dates` call per paragraph, as the TempEval
scorer's dateparser baseline does); both figures are KB of text per second, each the median
of 5 timed runs after one warm-up (dateparser: 5 distinct slices, since it caches per string).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from common import Figure, median_time  # noqa: E402

GOAL_KBPS = 200.0
RUNS = 5
_DCT = re.compile(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"')
_DCT2 = re.compile(r'<TIMEX3[^>]*value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ENT = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _tempeval_dir() -> Path | None:
    for cand in (os.environ.get("TALKSTUI_TEMPEVAL"), ROOT.parent / "shared/tempeval3/train",
                 Path("/work/shared/tempeval3/train")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def _dct(raw: str) -> datetime:
    for cand in (raw, raw[:19], raw[:16], raw[:10]):
        try:
            d = datetime.fromisoformat(cand)
        except ValueError:
            continue
        return d if d.tzinfo else d.replace(tzinfo=timezone.utc)
    return datetime(2000, 1, 1, tzinfo=timezone.utc)


def load_documents() -> list[tuple[str, datetime]]:
    """(text, dct) pairs: TempEval-3 training texts (tags stripped) and the seeds."""
    docs: list[tuple[str, datetime]] = []
    base = _tempeval_dir()
    if base is not None:
        for path in sorted(base.rglob("*.tml")):
            raw = path.read_text(encoding="utf-8", errors="replace")
            m = _TEXT.search(raw)
            if not m:
                continue
            d = _DCT.search(raw) or _DCT2.search(raw)
            text = _TAG.sub("", m.group(1))
            for k, v in _ENT.items():
                text = text.replace(k, v)
            docs.append((text, _dct(d.group(1) if d else "2000-01-01")))
    seed_dct = datetime(2025, 7, 22, 12, tzinfo=timezone.utc)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        docs.append((path.read_text(encoding="utf-8", errors="replace"), seed_dct))
    return docs


def corpus(min_bytes: int) -> list[tuple[str, datetime]]:
    docs = load_documents()
    out: list[tuple[str, datetime]] = []
    size = 0
    while size < min_bytes:
        for text, dct in docs:
            out.append((text, dct))
            size += len(text.encode("utf-8"))
            if size >= min_bytes:
                break
    return out


def _kb(docs: list[tuple[str, datetime]]) -> float:
    return sum(len(t.encode("utf-8")) for t, _ in docs) / 1024




def _ours(docs: list[tuple[str, datetime]]) -> float:
    from talkstui.extract.timex import extract_times

    def go() -> None:
        for text, dct in docs:
            extract_times(text, dct)

    return _kb(docs) / median_time(go, RUNS, warm_up=True)


def _whole(docs: list[tuple[str, datetime]]) -> float:
    from talkstui.extract import analyse

    def go() -> None:
        for text, dct in docs:
            analyse(text, dct).to_dict()

    return _kb(docs) / median_time(go, RUNS, warm_up=True)


def _dateparser(slices: list[list[tuple[str, datetime]]]) -> float | None:
    """Median KB/s over the slices; each slice is timed once, after a warm-up slice.

    Every run sees different documents: dateparser caches per string, so timing the
    same text five times would measure its cache.
    """
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    para = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.S)

    def go(docs: list[tuple[str, datetime]]) -> None:
        for text, dct in docs:
            settings = {"RELATIVE_BASE": dct.replace(tzinfo=None),
                        "RETURN_AS_TIMEZONE_AWARE": False}
            for m in para.finditer(text):
                try:
                    search_dates(m.group(0), languages=["en"], settings=settings)
                except Exception:  # dateparser raises on some odd inputs
                    pass

    go(slices[0])  # warm-up: language data
    rates = []
    for docs in slices[1:]:
        start = time.perf_counter()
        go(docs)
        rates.append(_kb(docs) / (time.perf_counter() - start))
    return statistics.median(rates)


def _slices(count: int, kb_each: int) -> list[list[tuple[str, datetime]]]:
    """`count` slices of about `kb_each` KB of distinct documents each."""
    docs = load_documents()
    out: list[list[tuple[str, datetime]]] = [[]]
    size = 0
    for text, dct in docs:
        if len(out) > count:
            break
        out[-1].append((text, dct))
        size += len(text.encode("utf-8"))
        if size >= kb_each * 1024:
            out.append([])
            size = 0
    return [s for s in out if s][:count]


def run(quick: bool) -> list[Figure]:
    big = corpus(256 * 1024 if quick else 1024 * 1024)
    whole = _whole(big)
    ours = _ours(big)
    slices = _slices(RUNS + 1, 4 if quick else 16)
    base = _dateparser(slices)
    what = (f"dateparser search_dates per paragraph, median of {len(slices) - 1} distinct "
            f"~{4 if quick else 16} KB slices of the same corpus (it is too slow for all of it)"
            if base is not None else "dateparser not installed")
    size = f"{_kb(big) / 1024:.2f} MB, median of {RUNS}"
    return [
        Figure(name=f"whole extractor (analyse + to_dict) throughput ({size})",
               ours=whole, baseline=base, baseline_what=what, unit="KB/s",
               goal=f">= {GOAL_KBPS:.0f} KB/s on one core", met=whole >= GOAL_KBPS),
        Figure(name=f"extract_times throughput ({size})",
               ours=ours, baseline=base, baseline_what=what, unit="KB/s",
               goal=f">= {GOAL_KBPS:.0f} KB/s on one core", met=ours >= GOAL_KBPS),
    ]


if __name__ == "__main__":
    for fig in run("--quick" in sys.argv):
        print(fig.line())
