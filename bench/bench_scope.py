"""Story scope: what the in/out decision costs and how well it sorts, and a cold refresh of a
realistic world-news mix, against baselines measured in the same run.

    python bench/bench_scope.py [--quick]

Figures:
  relevance per article (the seed story's scope over the mixed fixture feeds and the seeds)
    vs the full analysis (talkstui.extract.analyse) of the same articles; goal <= 50 us
  precision and recall of the in/out decision on the mixed fixture feeds (42 items, 16
    stories, hand gold) vs a naive rule: "in when it names any of the story's terms"
  cold refresh of 50 feeds x 20 items, one item in ten about the story, 200 ms latency,
    vs newsboat `-x reload` (reload-threads 50) in the same run; goal ratio <= 1.5
  informative: the same refresh with the scope switched off (every item analysed), which
    is what the scope saves.
Feeds are served as in bench_refresh.py: one server per feed on 127.0.0.1, in a separate
process; talkstui runs as `python -m talkstui refresh` (start-up included, as cron runs it).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from bench_refresh import (  # noqa: E402
    Servers, check_store, newsboat_dir, newsboat_items, run_newsboat, run_talkstui, serve,
    talkstui_home,
)
from common import Figure  # noqa: E402

FEEDS = 50
ITEMS = 20
ABOUT_STORY = 10  # one item in this many is about the story
LATENCY = 0.2
GOAL_US = 50.0
GOAL_RATIO = 1.5


def _texts():
    from mixed import SEED_STORY, mixed_items

    ins, outs = [], []
    for _outlet, item, gold in mixed_items():
        (ins if gold == SEED_STORY else outs).append((item.title, item.text))
    return ins, outs


def feed_body(n: int) -> bytes:
    """A world-news feed: 20 items, one in ten about the story, the others from the mixed
    fixtures' other stories (each item its own link and title)."""
    ins, outs = _texts()
    items = []
    for i in range(ITEMS):
        pool = ins if i % ABOUT_STORY == 0 else outs
        title, text = pool[(n * ITEMS + i) % len(pool)]
        text += f" Filed to world feed {n} as item {i}."  # each item its own text (no dedup)
        items.append(f"<item><title>{escape(title)} ({n}-{i})</title>"
                     f"<link>http://world{n}.invalid/{i}</link><guid>http://world{n}.invalid/{i}</guid>"
                     f"<pubDate>Mon, 21 Jul 2025 10:{i:02d}:00 GMT</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>World feed {n}</title><link>http://world{n}.invalid/</link>"
            + "".join(items) + "</channel></rss>").encode()


# Every item analysed, as before stories had scopes (the relevance is still stored).
_NO_SCOPE = ("import talkstui.ingest.scoping as sc\n"
             "_judge = sc.Scoper.judge\n"
             "sc.Scoper.judge = lambda self, *a, **k: (_judge(self, *a, **k)[0], True)\n"
             "from talkstui.cli import main; main(['refresh'])")


# ---------------------------------------------------------------- per article


def _articles():
    from datetime import UTC, datetime

    from mixed import mixed_items

    from talkstui.seeds import seed_items

    out = [(item.title, item.text, item.published) for _o, item, _g in mixed_items()]
    now = datetime(2025, 7, 22, 12, tzinfo=UTC)
    out += [(item.title, item.text, item.published) for _s, item in seed_items(now)]
    return out


def relevance_cost() -> tuple[float, float, float]:
    """(mean us per article, the slowest article's us, mean us of analyse per article)."""
    from talkstui.extract import analyse
    from talkstui.story.definitions import seed_story
    from talkstui.story.scope import Scope

    arts = _articles()
    scope = Scope(seed_story())
    reps = 200
    per = []
    for title, text, _pub in arts:
        scope.judge(title, text)
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(reps):
                scope.judge(title, text)
            samples.append((time.perf_counter() - start) / reps)
        per.append(statistics.median(samples))
    an = []
    for title, text, pub in arts:
        analyse(text, pub)
        start = time.perf_counter()
        for _ in range(3):
            analyse(text, pub).to_dict()
        an.append((time.perf_counter() - start) / 3)
    return statistics.mean(per) * 1e6, max(per) * 1e6, statistics.mean(an) * 1e6


def precision_recall_figures() -> list[Figure]:
    from mixed import SEED_STORY, mixed_items, precision_recall

    from talkstui.story.definitions import seed_story
    from talkstui.story.scope import Scope

    scope = Scope(seed_story())
    ours, naive = [], []
    for _o, item, gold in mixed_items():
        rel = scope.judge(item.title, item.text)
        ours.append((rel.inside, gold == SEED_STORY))
        naive.append((bool(rel.terms), gold == SEED_STORY))
    p, r, tp, fp, fn = precision_recall(ours)
    np_, nr, ntp, nfp, nfn = precision_recall(naive)
    return [
        Figure("scope precision on the mixed fixture feeds (42 items, 16 stories)", p, np_,
               f"naive: any story term named ({nfp} false in)", "",
               f"precision >= 0.9 (ours: {tp} in right, {fp} wrongly in)", p >= 0.9),
        Figure("scope recall on the mixed fixture feeds", r, nr,
               f"naive: any story term named ({nfn} missed)", "",
               f"recall >= 0.9 (ours: {fn} missed)", r >= 0.9),
    ]


# ---------------------------------------------------------------- the run


def run(quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    mean_us, max_us, analyse_us = relevance_cost()
    figures.append(Figure(
        "relevance decision per article (seed story; mixed fixtures + seeds)", mean_us,
        analyse_us, "full analysis (extract.analyse) of the same articles", "us",
        f"<= {GOAL_US:g} us (slowest article {max_us:.0f} us: the 4.6 KB ABC seed)",
        mean_us <= GOAL_US))
    figures.extend(precision_recall_figures())

    runs = 1 if quick else 3
    servers = Servers(FEEDS, LATENCY, script=__file__)
    try:
        urls = servers.urls
        cold, unscoped, bare = [], [], []
        for _ in range(runs):
            home = talkstui_home(urls, concurrency=50)
            cold.append(run_talkstui(home))
            check_store(home, FEEDS * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=50)
            unscoped.append(run_talkstui(home, code=_NO_SCOPE))
            check_store(home, FEEDS * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
            home = talkstui_home(urls, concurrency=50)
            bare.append(run_talkstui(home, extract=False))
            check_store(home, FEEDS * ITEMS)
            shutil.rmtree(home, ignore_errors=True)
        ours = statistics.median(cold)
        nb = None
        if shutil.which("newsboat"):
            nbs = []
            for _ in range(runs):
                d = newsboat_dir(urls)
                nbs.append(run_newsboat(d))
                n = newsboat_items(d)
                if n != FEEDS * ITEMS:
                    raise RuntimeError(f"newsboat stored {n} items")
                shutil.rmtree(d, ignore_errors=True)
            nb = statistics.median(nbs)
        what = ("newsboat -x reload, reload-threads 50" if nb is not None
                else "newsboat not installed (apt-get install newsboat)")
        figures.append(Figure(
            f"refresh cold {FEEDS}x{ITEMS}, one in {ABOUT_STORY} about the story, "
            f"{LATENCY * 1000:.0f} ms latency vs newsboat", ours, nb, what, "s",
            f"ratio <= {GOAL_RATIO}", nb is not None and ours / nb <= GOAL_RATIO))
        figures.append(Figure(
            f"refresh cold {FEEDS}x{ITEMS} with the scope off (every item analysed) vs "
            "the scoped refresh", statistics.median(unscoped), ours, "the scoped refresh above",
            "s", "informative: what sorting before analysis saves", True))
        floor = statistics.median(bare)
        figures.append(Figure(
            f"floor: refresh cold {FEEDS}x{ITEMS} with no extraction at all (fetch, parse, "
            "durable store) vs newsboat", floor, nb, what, "s",
            "informative: the bound on the scoped refresh (the scope analyses one item in ten)",
            True))
    finally:
        servers.close()
    return figures


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), float(sys.argv[3]), body=feed_body)
    else:
        for fig in run("--quick" in sys.argv):
            print(fig.line(), flush=True)
