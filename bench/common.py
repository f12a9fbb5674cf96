"""What every benchmark shares: a figure, medians, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    """One measured figure beside its baseline from the same run.

    `lower_is_better` says which way the ratio should go; `ratio` is always
    ours / baseline, and `goal` is a human-readable bound on it (or on `ours`).
    """

    name: str
    ours: float
    baseline: float | None
    baseline_what: str
    unit: str
    goal: str
    met: bool

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.ours / self.baseline

    @property
    def status(self) -> str:
        """met, missed, or informative (a figure that explains another; it has no goal)."""
        if self.goal.startswith("informative"):
            return "informative"
        return "met" if self.met else "missed"

    def line(self) -> str:
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.3g}"
        base = "n/a" if self.baseline is None else f"{self.baseline:.4g} {self.unit}"
        return (
            f"{self.name}: ours {self.ours:.4g} {self.unit}, baseline {base} ({self.baseline_what}), "
            f"ratio {ratio}, goal {self.goal}, {self.status}"
        )


def median_time(fn: Callable[[], object], runs: int = 5, *, warm_up: bool = False) -> float:
    """Median wall time of `runs` calls, in seconds (after one untimed call if `warm_up`)."""
    if warm_up:
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def child_peak_mb(script: str, op: str, target: Path) -> float:
    """Peak memory (MB) of one operation run by `script --child OP TARGET` in a fresh
    interpreter; the script prints the figure as its last line."""
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent / "src"), str(here)]))
    out = subprocess.run(
        [sys.executable, script, "--child", op, str(target)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    return float(out.strip().splitlines()[-1])


def machine() -> str:
    return (
        f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
