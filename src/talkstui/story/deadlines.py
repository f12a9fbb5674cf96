"""Deadlines from every claim (articles and the config): grouped, dated, counted down.

Claims of one setter ("Trump") form a family. Inside a family, claims whose due
dates overlap are one deadline; its range is the intersection of theirs (a claim
"set earlier this month" narrows nothing, "a week after" narrows a lot). Claims
with only a duration join the deadline of that duration. The deadline set last is
current; the others are superseded, and keep every claim with its source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from talkstui.extract.text import fold_name
from talkstui.extract.values import duration_days, to_dt
from talkstui.model import Attribution, Deadline, DeadlineClaim


@dataclass
class RawClaim:
    article_id: str
    outlet: str
    published: date | None
    phrase: str
    sentence: str
    set_lo: date | None
    set_hi: date | None
    dur_lo: float | None
    dur_hi: float | None
    due_lo: date | None
    due_hi: date | None
    attribution: Attribution | None
    setter: str | None
    label: str
    from_config: bool = False
    ref: tuple | None = None  # (article index, deadline index) in the build; for story.cache


@lru_cache(maxsize=4096)
def _mid_dt(lo: date, hi: date) -> datetime:
    return to_dt(_mid(lo, hi))  # datetimes are immutable: claims of the same days share them


_to_dt = lru_cache(maxsize=4096)(to_dt)
_fmt_dur_c = None  # set below (after _fmt_dur)


def make_claim(c: RawClaim) -> DeadlineClaim:
    """The DeadlineClaim shown for one raw claim."""
    dc = object.__new__(DeadlineClaim)  # as DeadlineClaim(...), without its __init__
    dc.__dict__.update(
        article_id=c.article_id, outlet=c.outlet, phrase=c.phrase, sentence=c.sentence,
        set_on=_mid_dt(c.set_lo, c.set_hi) if c.set_lo else None,
        due=_mid_dt(c.due_lo, c.due_hi) if c.due_lo else None,
        duration=_fmt_dur_c(c.dur_lo, c.dur_hi), attribution=c.attribution,
        due_earliest=_to_dt(c.due_lo) if c.due_lo and c.due_lo != c.due_hi else None,
        due_latest=_to_dt(c.due_hi) if c.due_hi and c.due_lo != c.due_hi else None,
    )
    return dc


def config_claims(settings) -> list[RawClaim]:
    out = []
    for i, dc in enumerate(getattr(settings, "deadlines", []) or []):
        try:
            set_on = date.fromisoformat(dc.set_on[:10]) if dc.set_on else None
            due = date.fromisoformat(dc.due[:10]) if dc.due else None
        except ValueError:
            continue
        dur = duration_days(dc.duration)
        if due is None and set_on is not None and dur is not None:
            due = set_on + timedelta(days=dur)
        if due is None and dur is None:
            continue
        label = dc.label or "deadline"
        setter = None
        words = label.replace("’", "'").split("'s ")
        if len(words) > 1:
            setter = words[0].split()[-1]
        out.append(RawClaim(
            article_id=f"config:{i}", outlet="config", published=None, phrase=label,
            sentence=f"[[deadlines]] {label}", set_lo=set_on, set_hi=set_on, dur_lo=dur, dur_hi=dur,
            due_lo=due, due_hi=due, attribution=None, setter=setter, label=label, from_config=True,
        ))
    return out


def _intersect(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None:
        return b
    if b is None:
        return a
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo <= hi:
        return lo, hi
    return a  # disagreeing claims: keep the narrower earlier one


_MOVED = re.compile(
    r"\b(?:shorten(?:ed|s|ing)?|moved|extend(?:ed|s|ing)?|brought\s+forward|pushed\s+back|"
    r"new\s+deadline|revised|cut\s+(?:short|the|his|its)|reduc(?:ed|es|ing)|replac(?:ed|es|ing))\b",
    re.IGNORECASE,
)


def _mid(lo: date, hi: date) -> date:
    return lo + timedelta(days=(hi - lo).days // 2)


def _fmt_dur(lo: float | None, hi: float | None) -> str | None:
    if lo is None:
        return None
    if hi is None or hi == lo:
        return f"P{int(lo) if lo == int(lo) else lo}D"
    return f"P{int(lo)}D/P{int(hi)}D"


_fmt_dur_c = lru_cache(maxsize=4096)(_fmt_dur)


def build_deadlines(claims: list[RawClaim], now: datetime) -> list[Deadline]:
    families: dict[str, list[RawClaim]] = defaultdict(list)
    config_family = ""
    for c in claims:
        families[fold_name(c.setter) if c.setter else ""].append(c)
    # a config deadline with no setter joins the only text family, if there is one
    if "" in families and len(families) == 2:
        other = next(k for k in families if k)
        families[other].extend(families.pop(""))
    del config_family
    out: list[Deadline] = []
    for fam, items in families.items():
        dated = sorted((c for c in items if c.due_lo is not None), key=lambda c: (c.due_lo, c.due_hi))
        loose = [c for c in items if c.due_lo is None]
        groups: list[dict] = []
        for c in dated:
            rng = (c.due_lo, c.due_hi)
            placed = False
            for g in groups:
                glo, ghi = g["due"]
                if rng[0] <= ghi + timedelta(days=2) and rng[1] >= glo - timedelta(days=2):
                    if c.from_config:
                        g["due"] = rng
                    elif not g["config"]:
                        g["due"] = _intersect(g["due"], rng)
                    g["claims"].append(c)
                    g["config"] = g["config"] or c.from_config
                    placed = True
                    break
            if not placed:
                groups.append({"due": rng, "claims": [c], "config": c.from_config})
        # a claim with only a duration joins the first group holding a claim of an
        # overlapping duration. Each group's distinct durations are kept in a set, and only
        # groups that have any are scanned (a claim with no duration never joins one).
        with_durs: list[tuple[dict, set]] = []
        for g in groups:
            durs = {(x.dur_lo, x.dur_hi) for x in g["claims"] if x.dur_lo is not None}
            if durs:
                with_durs.append((g, durs))
        for c in loose:
            target = None
            if c.dur_lo is not None:
                for g, durs in with_durs:
                    if any(lo <= c.dur_hi and c.dur_lo <= hi for lo, hi in durs):
                        target = g
                        durs.add((c.dur_lo, c.dur_hi))
                        break
            if target is None:
                target = {"due": None, "claims": [], "config": False}
                groups.append(target)
                if c.dur_lo is not None:
                    with_durs.append((target, {(c.dur_lo, c.dur_hi)}))
            target["claims"].append(c)
        made: list[tuple[tuple, Deadline]] = []
        for g in groups:
            cl: list[RawClaim] = g["claims"]
            set_rng = None
            for c in cl:
                if c.set_lo is not None:
                    if c.from_config:
                        set_rng = (c.set_lo, c.set_hi)
                        break
                    set_rng = _intersect(set_rng, (c.set_lo, c.set_hi))
            labels = Counter(c.label for c in cl if not c.from_config)
            config_label = next((c.label for c in cl if c.from_config), None)
            label = config_label or (max(labels.items(), key=lambda kv: (kv[1], len(kv[0])))[0] if labels else "deadline")
            durs = [(c.dur_lo, c.dur_hi) for c in cl if c.dur_lo is not None]
            dur = Counter(durs).most_common(1)[0][0] if durs else (None, None)
            due = g["due"]
            d = Deadline(
                id="",
                label=label,
                set_on=to_dt(_mid(*set_rng)) if set_rng else None,
                duration=_fmt_dur(*dur),
                due=to_dt(_mid(*due)) if due else None,
                claims=[make_claim(c) for c in cl],
            )
            d._refs = [c.ref for c in cl]  # type: ignore[attr-defined]  # for story.cache
            if due and due[0] != due[1]:
                d.approximate = True
                d.due_earliest, d.due_latest = to_dt(due[0]), to_dt(due[1])
            if set_rng and set_rng[0] != set_rng[1]:
                d.approximate = True
                d.set_earliest, d.set_latest = to_dt(set_rng[0]), to_dt(set_rng[1])
            if d.due is not None:
                d.seconds_left = (d.due - now).total_seconds()
            newest = max((c.published for c in cl if c.published), default=None)
            # a claim that the deadline was moved ("shortened his 50-day deadline, giving
            # Moscow until Aug. 8") comes after the deadline it moved
            # (one search over all the sentences: NUL is neither a word character nor
            # whitespace, so no match spans two of them)
            moved = _MOVED.search("\x00".join(c.sentence for c in cl if not c.from_config)) is not None
            mid = _mid(*set_rng) if set_rng else None
            order = (moved, mid or newest or date.min, newest or date.min)
            made.append((order, d))
        made.sort(key=lambda t: t[0])
        current = None
        for order, d in reversed(made):
            if d.due is not None:
                current = d
                break
        for order, d in made:
            if d.due is None:
                d.status = "unknown"
            elif d is current:
                d.status = "running" if d.due > now else "passed"
            else:
                d.status = "superseded"
            d.id = f"dl-{fam or 'x'}-{d.due.date().isoformat() if d.due else 'undated'}"
        out.extend(d for _, d in made)
    rank = {"running": 0, "passed": 1, "superseded": 2, "unknown": 3}
    out.sort(key=lambda d: (rank[d.status], d.due or datetime.max.replace(tzinfo=now.tzinfo)))
    seen: Counter = Counter()
    for d in out:
        seen[d.id] += 1
        if seen[d.id] > 1:
            d.id = f"{d.id}-{seen[d.id]}"
    return out
