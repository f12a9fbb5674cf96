"""The store at scale: ours against stock TinyDB (JSONStorage) on the same documents.

    python bench/bench_store.py [--quick]

Figures at 1,000 / 10,000 / 50,000 synthetic articles (quick: 1,000 and 10,000):
  (a) open + list all articles: `Store(dir).articles()` vs `TinyDB(file).table(...).all()`;
      also ours with every `analysis` decoded (`with_analysis=True`: what the story
      builder will touch);
  (b) one write of 50 new articles (bodies, url look-ups, one commit) vs stock
      `insert_multiple` of the same 50 documents into the big file;
  (c) peak memory (VmHWM, the peak RSS) of (a) and (b), each in a fresh subprocess.
Stock TinyDB keeps bodies inline (it has no body store); ours keeps them in bodies/.
Ours fsyncs every file it writes (50 bodies, the main file, the folders); stock TinyDB never
fsyncs. Ours keeps most articles in immutable segment files named by the main file (schema 2),
so the write of 50 rewrites only the main file (its inline articles), not the store. Dirty pages are flushed (os.sync) before each timed run, outside the timing.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from common import Figure, child_peak_mb  # noqa: E402

BODY_BYTES = 3000
EVENTS = 5
_WORDS = (
    "talks delegation Istanbul ceasefire deadline prisoners exchange memorandum Kremlin Kyiv "
    "Washington envoy round negotiations sanctions president minister officials said week "
    "Wednesday Monday summit agreement proposal draft humanitarian"
).split()


def synthetic_body(i: int) -> str:
    rng = random.Random(i)
    words: list[str] = []
    size = 0
    while size < BODY_BYTES:
        w = rng.choice(_WORDS)
        words.append(w)
        size += len(w) + 1
    return f"Article {i}. " + " ".join(words)[: BODY_BYTES - 20] + "."


def synthetic_analysis(i: int) -> dict:
    """About 1 KB: five events with their time phrase, sentence and attribution."""
    day = 1 + i % 28
    return {
        "events": [
            {
                "kind": ("talks", "prisoner_exchange", "deadline_set", "summit", "statement")[j],
                "value": f"2025-07-{day:02d}",
                "phrase": "on Wednesday",
                "sentence": f"Delegations will meet in Istanbul on Wednesday, officials said ({i}/{j}).",
                "start": 100 * j,
                "end": 100 * j + 12,
                "status": "planned",
                "speaker": "Zelensky" if j % 2 else None,
            }
            for j in range(EVENTS)
        ],
        "published_inferred": False,
    }


def synthetic_article_doc(i: int, body_hash: str) -> dict:
    """An article document as `talkstui.store.codec.article_to_doc` writes it."""
    base = datetime(2025, 7, 1, tzinfo=timezone.utc)
    url = f"https://outlet{i % 40}.example/news/{i}"
    return {
        "id": f"art-{i:07d}",
        "title": f"Peace talks: report number {i}",
        "outlet": f"Outlet {i % 40}",
        "url": url,
        "published": (base + timedelta(minutes=i)).isoformat(),
        "body_hash": body_hash,
        "source_ids": [f"src-{i % 40}"],
        "outlets": [f"Outlet {i % 40}"],
        "urls": [url],
        "author": None,
        "fetched_at": (base + timedelta(minutes=i, seconds=30)).isoformat(),
        "bundled": False,
        "revisions": [],
        "analysis": synthetic_analysis(i),
    }


def make_synthetic_store(
    directory: Path,
    n: int,
    *,
    start: int = 0,
    analysis: Callable[[int, str], dict | None] | None = None,
) -> Path:
    """Fill a talkstui store in `directory` with `n` synthetic articles (3 KB bodies, ~1 KB
    analysis with five events) from 40 sources, quickly: bodies are written without fsync.
    `analysis(i, body)` replaces the synthetic analysis (say, a real `extract.analyse(...)
    .to_dict()` of a few templates, for the story benchmark). Returns the directory."""
    import orjson

    from talkstui.store import Store

    directory = Path(directory)
    store = Store(directory)
    articles = {}
    made_dirs: set[str] = set()
    for i in range(start, start + n):
        body = synthetic_body(i).encode()
        h = hashlib.sha256(body).hexdigest()
        shard = directory / "bodies" / h[:2]
        if h[:2] not in made_dirs:
            shard.mkdir(parents=True, exist_ok=True)
            made_dirs.add(h[:2])
        (shard / h).write_bytes(body)
        doc = synthetic_article_doc(i, h)
        if analysis is not None:
            doc["analysis"] = analysis(i, body.decode())
        if doc["analysis"] is not None:
            doc["analysis"] = orjson.dumps(doc["analysis"]).decode()
        articles[doc["id"]] = doc
    sources = {
        f"src-{k}": {
            "id": f"src-{k}", "name": f"Outlet {k}", "kind": "feed",
            "url": f"https://outlet{k}.example/feed.xml", "path": None, "bundled": False,
            "etag": None, "last_modified": None, "last_refresh": None, "last_status": "ok",
            "last_error": None, "article_count": 0,
        }
        for k in range(40)
    }
    data = {"meta": {"1": {"schema": 1, "generation": 0}}, "sources": sources, "articles": articles}
    with store._locks.exclusive():
        store._commit_data(data)
    return directory


def make_stock_tinydb(path: Path, n: int) -> Path:
    """The same documents for stock TinyDB: int doc ids, bodies inline, analysis as objects."""
    table = {}
    for i in range(n):
        body = synthetic_body(i)
        doc = synthetic_article_doc(i, hashlib.sha256(body.encode()).hexdigest())
        doc["body"] = body
        table[str(i + 1)] = doc
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"_default": {}, "articles": table}, f)
    return path


def _new_docs(k: int, start: int) -> list[tuple[str, dict]]:
    out = []
    for i in range(start, start + k):
        body = synthetic_body(i)
        out.append((body, synthetic_article_doc(i, hashlib.sha256(body.encode()).hexdigest())))
    return out


# ---------------------------------------------------------------- operations


def ours_open_list(directory: Path, touch_analysis: bool = False) -> int:
    from talkstui.store import Store

    articles = Store(directory).articles(with_analysis=touch_analysis)
    return len(articles)


def stock_open_list(path: Path) -> int:
    from tinydb import TinyDB

    db = TinyDB(path)
    docs = db.table("articles").all()
    db.close()
    return len(docs)


# new article numbers for the write figures: fresh in every process (never duplicates)
_write_counter = [random.SystemRandom().randrange(1_000_000, 1_000_000_000, 1_000_000)]


def ours_write50(directory: Path) -> None:
    from talkstui.model import Article
    from talkstui.store import Store
    from talkstui.store.codec import dt_from_str

    start = _write_counter[0]
    _write_counter[0] += 50
    store = Store(directory)
    with store.transaction() as tx:
        for body, doc in _new_docs(50, start):
            if tx.find_article_by_url(doc["url"]) is not None:
                continue
            h = tx.put_body(body)
            if tx.find_article_by_body_hash(h) is not None:
                continue
            doc = dict(doc, published=dt_from_str(doc["published"]),
                       fetched_at=dt_from_str(doc["fetched_at"]), body_hash=h)
            tx.put_article(Article(**doc))


def stock_write50(path: Path) -> None:
    from tinydb import TinyDB

    start = _write_counter[0]
    _write_counter[0] += 50
    docs = []
    for body, doc in _new_docs(50, start):
        doc["body"] = body
        docs.append(doc)
    db = TinyDB(path)
    db.table("articles").insert_multiple(docs)
    db.close()


def _median_time(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        _settle()
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def _settle() -> None:
    """Flush dirty pages left by earlier steps (writing the 233 MB stock file, say), so that
    our fsyncs do not pay for them: ext4 commits other files' data with each journal commit."""
    if hasattr(os, "sync"):
        os.sync()


def _child_peak(op: str, target: Path) -> float:
    """Peak RSS (MB) of one operation in a fresh interpreter."""
    return child_peak_mb(str(Path(__file__).resolve()), op, target)


def _child(op: str, target: str) -> None:
    path = Path(target)
    {
        "ours_open": lambda: ours_open_list(path),
        "ours_open_analysis": lambda: ours_open_list(path, touch_analysis=True),
        "stock_open": lambda: stock_open_list(path),
        "ours_write": lambda: ours_write50(path),
        "stock_write": lambda: stock_write50(path),
        "baseline": lambda: None,
    }[op]()
    print(_peak_rss_mb())


def _peak_rss_mb() -> float:
    """Peak RSS of this process image. VmHWM starts afresh at exec; ru_maxrss would inherit
    the parent's peak from the fork."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- figures


def run(quick: bool) -> list[Figure]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 50_000]
    figures: list[Figure] = []
    root = Path(tempfile.mkdtemp(prefix="talkstui-bench-store-"))
    try:
        for n in sizes:
            figures.extend(_run_size(root / f"n{n}", n, quick))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return figures


def _run_size(root: Path, n: int, quick: bool) -> list[Figure]:
    ours_dir = make_synthetic_store(root / "ours", n)
    stock = make_stock_tinydb(root / "stock.json", n)
    big = n >= 50_000
    runs = 5
    stock_runs = 3 if big else 5
    label = f"{n:,}"
    stock_what = f"stock TinyDB JSONStorage, bodies inline, median of {stock_runs}"
    figs = []

    # the main file and the segment files it names (not their second copies)
    ours_dir_size = ((ours_dir / "store.json").stat().st_size
                     + sum(p.stat().st_size for p in (ours_dir / "segments").glob("*.seg"))) / 1e6
    stock_size = stock.stat().st_size / 1e6

    t_ours = _median_time(lambda: ours_open_list(ours_dir), runs)
    t_ours_an = _median_time(lambda: ours_open_list(ours_dir, touch_analysis=True), runs)
    t_stock = _median_time(lambda: stock_open_list(stock), stock_runs)
    # the goals are set at 50,000 articles; smaller sizes only need to beat stock TinyDB
    want = 0.2 if big else 1.0
    bound = " and <= 0.3 s" if big else ""
    figs.append(Figure(
        f"store open+list {label} articles (store.json + segments {ours_dir_size:.0f} MB vs {stock_size:.0f} MB)",
        t_ours, t_stock, stock_what, "s", f"ratio <= {want:g}{bound}",
        t_ours <= want * t_stock and (not big or t_ours <= 0.3),
    ))
    decoded = ("informative: every analysis decoded into objects at once, which no command "
               "or screen does (the story build decodes them one at a time: see the story "
               "figures); ratio <= 1")
    figs.append(Figure(
        f"store open+list {label} articles, every analysis decoded (with_analysis=True)",
        t_ours_an, t_stock, stock_what, "s", decoded, t_ours_an <= t_stock,
    ))

    t_w = _median_time(lambda: ours_write50(ours_dir), runs)
    t_w_stock = _median_time(lambda: stock_write50(stock), stock_runs)
    figs.append(Figure(
        f"store write of 50 new articles into {label}",
        t_w, t_w_stock, stock_what.replace("median", "insert_multiple, median"), "s",
        f"ratio <= {want:g}{bound}", t_w <= want * t_w_stock and (not big or t_w <= 0.3),
    ))

    base_mb = _child_peak("baseline", ours_dir)
    for what, ours_op, stock_op in (
        ("open+list", "ours_open", "stock_open"),
        ("open+list, every analysis decoded", "ours_open_analysis", "stock_open"),
        ("write of 50", "ours_write", "stock_write"),
    ):
        m_ours = _child_peak(ours_op, ours_dir)
        m_stock = _child_peak(stock_op, stock)
        mbound = " and <= 300 MB" if big else ""
        goal = f"ratio <= {want:g}{mbound}"
        met = m_ours <= want * m_stock and (not big or m_ours <= 300)
        if ours_op == "ours_open_analysis":
            goal, met = decoded, m_ours <= m_stock
        figs.append(Figure(
            f"store peak memory, {what}, {label} articles (interpreter alone {base_mb:.0f} MB)",
            m_ours, m_stock, "stock TinyDB, same documents, peak RSS (VmHWM) of a fresh process", "MB",
            goal, met,
        ))
    return figs


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    for figure in run("--quick" in sys.argv):
        print(figure.line(), flush=True)
