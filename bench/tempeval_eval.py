#!/usr/bin/env python3
"""In-process TempEval-3 Task A evaluation of talkstui's time-expression engine.

Same figures as ``../shared/tempeval3/score.py --cmd "talkstui extract-times ..."`` but
calls ``extract_times`` directly (about 1-2 s instead of one process per document), so it
can be run after every change to the rules.  The scorer's own functions (TimeML loading,
alignment, metrics) are imported from ``<repo>/../shared/tempeval3/score.py``.

    python bench/tempeval_eval.py                 # overall figures
    python bench/tempeval_eval.py --split         # also TimeBank / AQUAINT separately
    python bench/tempeval_eval.py --errors        # list misses, spurious finds, wrong values
    python bench/tempeval_eval.py --errors --grep 'year (ago|earlier)'   # only matching errors
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; ../../shared from a worktree in /work/wt/<name>
SCORER_DIR = next((p / "shared" / "tempeval3" for p in (ROOT.parent, ROOT.parent.parent)
                   if (p / "shared" / "tempeval3" / "score.py").exists()), ROOT.parent / "shared" / "tempeval3")
sys.path.insert(0, str(SCORER_DIR))
sys.path.insert(0, str(ROOT / "src"))

import score  # noqa: E402  (the TempEval-3 scorer)

from talkstui.extract.timex import extract_times  # noqa: E402


def part_of(doc) -> str:
    parts = Path(doc.path).parts
    return "TimeBank" if "TimeBank" in parts else "AQUAINT" if "AQUAINT" in parts else "other"


def evaluate(paths: list[str]):
    """Score every document; return ({part: Counts}, [(doc, kind, gold, sys)])."""
    totals = {"ALL": score.Counts()}
    errors = []
    for path in score.find_tml(paths):
        doc = score.load_tml(path)
        found = extract_times(doc.text, score._dct_datetime(doc.dct))
        raw = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
               for t in found]
        res = score.validate_output(raw, doc.text)
        counts, _per_type, details = score.score_doc(doc, res)
        totals["ALL"].add(counts)
        totals.setdefault(part_of(doc), score.Counts()).add(counts)
        errors.extend((doc, kind, g, s) for kind, g, s in details)
    return totals, errors


def line(label: str, c) -> str:
    m = score.metrics(c)
    return (f"{label:9s} strict {100 * m['strict_F1']:6.2f}  relaxed {100 * m['relaxed_F1']:6.2f}  "
            f"type {100 * m['type_F1']:6.2f}  value {100 * m['value_F1']:6.2f}   "
            f"(gold {c.gold} sys {c.system} relaxed {c.relaxed} value-ok {c.value_ok})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(SCORER_DIR / "train")])
    ap.add_argument("--split", action="store_true", help="figures per corpus (TimeBank/AQUAINT)")
    ap.add_argument("--errors", action="store_true", help="list every miss/spurious/wrong value")
    ap.add_argument("--grep", metavar="REGEX", help="with --errors: only errors whose text matches")
    ap.add_argument("--kind", help="with --errors: only MISSED, SPURIOUS, PARTIAL or MATCH")
    args = ap.parse_args(argv)

    totals, errors = evaluate(args.paths)
    if args.errors:
        rx = re.compile(args.grep, re.I) if args.grep else None
        for doc, kind, g, s in errors:
            if args.kind and kind != args.kind.upper():
                continue
            if rx and not rx.search(f"{g.text if g else ''} | {s.text if s else ''}"):
                continue
            a = (g or s).start
            ctx = doc.text[max(0, a - 60):a + 60].replace("\n", " ")
            print(f"{doc.doc_id[:24]:24s} {doc.dct[:10]} {kind:8s} G:{score.fmt_timex(g)}  "
                  f"S:{score.fmt_timex(s)}   ...{ctx}...")
        print()
    print(line("ALL", totals["ALL"]))
    if args.split:
        for part in sorted(k for k in totals if k != "ALL"):
            print(line(part, totals[part]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
