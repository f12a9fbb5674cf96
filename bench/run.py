"""Run every benchmark and print each figure next to its baseline, measured in the same run.

    python bench/run.py            # the full suite
    python bench/run.py --quick    # under two minutes: smaller sizes, shorter idle windows
    python bench/run.py --only store,extract

One line a figure: `NAME: ours X, baseline Y (what), ratio R, goal G, met|missed`
(`informative` for figures that only explain another one: they have no goal).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Figure, machine  # noqa: E402

SUITES = ["tui", "refresh", "store", "story", "extract", "scope"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under two minutes")
    parser.add_argument("--only", help="comma-separated suites: " + ",".join(SUITES))
    parser.add_argument("--markdown", type=Path, help="also write the table as markdown here")
    args = parser.parse_args(argv)
    suites = args.only.split(",") if args.only else SUITES

    print(f"machine: {machine()}")
    print(f"mode: {'quick' if args.quick else 'full'}")
    figures: list[Figure] = []
    failed = []
    for name in suites:
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench_{name}")
            produced = module.run(args.quick)
        except Exception:  # a broken suite is reported, the others still run
            traceback.print_exc()
            failed.append(name)
            continue
        for figure in produced:
            print(figure.line(), flush=True)
        figures.extend(produced)
        print(f"# {name}: {time.perf_counter() - started:.1f} s", flush=True)

    if args.markdown:
        rows = ["| figure | ours | baseline | ratio | goal | |", "|---|---|---|---|---|---|"]
        for f in figures:
            ratio = "n/a" if f.ratio is None else f"{f.ratio:.3g}"
            base = "n/a" if f.baseline is None else f"{f.baseline:.4g} {f.unit}"
            rows.append(
                f"| {f.name} | {f.ours:.4g} {f.unit} | {base} ({f.baseline_what}) | {ratio} "
                f"| {f.goal} | {f.status} |"
            )
        args.markdown.write_text("\n".join(rows) + "\n", encoding="utf-8")
    counts = {k: sum(f.status == k for f in figures) for k in ("met", "missed", "informative")}
    print(f"summary: {counts['met']} met, {counts['missed']} missed, "
          f"{counts['informative']} informative"
          + (f", suites failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
