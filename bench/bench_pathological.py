"""Analysis of pathological articles grows at most linearly with their length (issue 14).

    python bench/bench_pathological.py [--quick]

Inputs: 10, 50 and 200 KB of one hostile shape repeated with no full stop (so the whole
article is one "sentence"): `(talks (on (Monday ` (the issue's case: every weekday a time
phrase, each looked at against its whole sentence), a quote-heavy shape and a weekday-heavy
one. Each is one `analyse(text, dct)` call, as at ingest (median of RUNS).

Figures, each against a baseline measured in the same run:
- growth: seconds at 200 KB / seconds at 10 KB, beside the size ratio (20): linear growth
  gives a ratio near 1 (ours / 20); the goal is at most 1.5 (nothing worse than linear,
  allowing for noise). A 200 KB input that reaches the per-article budget
  (ARTICLE_SECONDS) stops there: capped, which also meets the goal.
- before the cap: the same shape at 10 and 50 KB with sentences uncapped and no budget (the
  code as it was), informative: its growth ratio over the size ratio (5) shows the
  quadratic cost the cap removed.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from common import Figure, machine, median_time  # noqa: E402

SHAPES = {
    "nested parentheses": "(talks (on (Monday ",
    "quotes": '"talks on Monday," Zelensky said "on Tuesday ',
    "weekdays": "Monday Tuesday talks deadline ",
}
DCT = datetime(2025, 7, 21, tzinfo=timezone.utc)


def text_of(unit: str, kb: int) -> str:
    return (unit * (kb * 1024 // len(unit) + 1))[: kb * 1024]


def timed(unit: str, kb: int, runs: int) -> float:
    from talkstui.extract.analysis import analyse

    text = text_of(unit, kb)
    return median_time(lambda: analyse(text, DCT), runs)


def uncapped(unit: str, kb: int) -> float:
    """The extractor as it was: sentences of any length, no budget."""
    from talkstui.extract import budget, text
    from talkstui.extract.analysis import analyse

    old = text.MAX_SENTENCE
    text.MAX_SENTENCE = 10**9
    try:
        body = text_of(unit, kb)
        return median_time(lambda: analyse(body, DCT, budget=budget.Budget(None)), 1)
    finally:
        text.MAX_SENTENCE = old


def main(quick: bool = False) -> list[Figure]:
    from talkstui.extract.budget import ARTICLE_SECONDS

    runs = 1 if quick else 3
    print(f"machine: {machine()}")
    figures = []
    for name, unit in SHAPES.items():
        t = {kb: timed(unit, kb, runs) for kb in (10, 50, 200)}
        print(f"{name}: 10 KB {t[10]:.3f} s, 50 KB {t[50]:.3f} s, 200 KB {t[200]:.3f} s "
              f"(budget {ARTICLE_SECONDS:g} s)")
        growth = t[200] / t[10]
        figures.append(Figure(
            f"analysis growth 10 -> 200 KB, {name}", growth, 20.0,
            "linear growth: the size ratio 20", "x", "ratio <= 1.5 (at most linear)",
            growth / 20.0 <= 1.5))
        growth50 = t[50] / t[10]
        figures.append(Figure(
            f"analysis growth 10 -> 50 KB, {name}", growth50, 5.0,
            "linear growth: the size ratio 5", "x", "ratio <= 1.5 (at most linear)",
            growth50 / 5.0 <= 1.5))
    unit = SHAPES["nested parentheses"]
    before = {kb: uncapped(unit, kb) for kb in (10, 50)}
    print(f"uncapped (as before), nested parentheses: 10 KB {before[10]:.3f} s, "
          f"50 KB {before[50]:.3f} s")
    figures.append(Figure(
        "analysis growth 10 -> 50 KB before the cap, nested parentheses",
        before[50] / before[10], 5.0, "linear growth: the size ratio 5", "x",
        "informative (the quadratic cost removed)", True))
    for f in figures:
        print(f.line())
    return figures


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
