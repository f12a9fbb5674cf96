"""Deadlines from every claim (articles and the config): grouped, dated, counted down.

A deadline is an ultimatum by a setter to a target about a subject (Trump -> Russia: a
ceasefire or peace deal). Claims join one deadline only when these agree (an unknown one
agrees with anything) and their due dates overlap (or, with no due date, their
durations); its range is the intersection of theirs (a claim "set earlier this month"
narrows nothing, "a week after" narrows a lot; "around August 8" narrows nothing either).
A later deadline of the same setter to the same target, set while an earlier one was
running, supersedes it: the earlier one keeps every claim and says by which and when.
The status comes from the reporting (withdrawn, met), else from the dates at `now`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from talkstui.extract.names import person_key
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
    target: str | None = None
    subject: str | None = None
    report: str | None = None
    due_approx: bool = False
    due_time: str | None = None
    new: bool = False
    report_on: date | None = None


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
        set_earliest=_to_dt(c.set_lo) if c.set_lo and c.set_lo != c.set_hi else None,
        set_latest=_to_dt(c.set_hi) if c.set_hi and c.set_lo != c.set_hi else None,
        due_approx=bool(c.due_approx), due_time=bool(c.due_time), setter=c.setter, target=c.target,
        subject=c.subject, report=c.report,
    )
    if c.due_time and c.due_lo and c.due_lo == c.due_hi:
        dc.due = _at_time(c.due_lo, c.due_time)
    return dc


def claim_tail(d: list) -> dict:
    """The fields a stored deadline claim (analysis version 3) adds after its label."""
    if len(d) < 20:
        return {}
    return {"target": d[13], "subject": d[14], "report": d[15], "due_approx": bool(d[16]),
            "due_time": d[17], "new": bool(d[18]), "report_on": date.fromisoformat(d[19]) if d[19] else None}


def _at_time(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return to_dt(day) + timedelta(hours=h, minutes=m)


def _config_time(text: str | None) -> str | None:
    """"16:00" (UTC) for a config due date given to the minute ("2025-09-02T16:00Z"); None for
    a day: the countdown is then no finer than days and hours."""
    if not text or len(text.strip()) <= 10:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value:%H:%M}"


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
            try:
                due = set_on + timedelta(days=dur)
            except OverflowError:  # (the config loader already leaves such deadlines out)
                continue
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
            due_time=_config_time(dc.due),
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


_SIG = ("skey", "target", "subject")


def _sig(c: RawClaim) -> dict:
    return {"skey": person_key(c.setter) if c.setter else None, "target": c.target, "subject": c.subject}


def _agrees(sig: dict, c: dict) -> bool:
    for k in _SIG:
        a, b = sig[k], c[k]
        if a is not None and b is not None and a != b:
            return False
    return True


def _durs_agree(g: dict, c: RawClaim) -> bool:
    if c.dur_lo is None or not g["durs"]:
        return True
    return any(lo <= c.dur_hi and c.dur_lo <= hi for lo, hi in g["durs"])


def _group_claims(claims: list[RawClaim]) -> list[dict]:
    groups: list[dict] = []
    config_only = [c for c in claims if c.from_config]
    text = [c for c in claims if not c.from_config]
    # a config deadline with no setter joins the only text family, if there is one
    skeys = {person_key(c.setter) for c in text if c.setter}
    for c in config_only:
        if c.setter is None and len(skeys) == 1:
            c.setter = next(c2.setter for c2 in text if c2.setter)

    def unknowns(c: RawClaim) -> int:
        return sum(v is None for v in _sig(c).values())

    dated = sorted((c for c in claims if c.due_lo is not None),
                   key=lambda c: (not c.from_config, unknowns(c), c.due_approx, c.due_lo, c.due_hi))
    loose = [c for c in claims if c.due_lo is None and c.dur_lo is not None]
    reports = [c for c in claims if c.due_lo is None and c.dur_lo is None]
    for c in dated:
        cs = _sig(c)
        slack = 2
        rng = (c.due_lo, c.due_hi)
        for g in groups:
            if not _agrees(g["sig"], cs) or not _durs_agree(g, c):
                continue
            if g["due"] is None:
                continue
            glo, ghi = g["due"]
            if rng[0] <= ghi + timedelta(days=slack) and rng[1] >= glo - timedelta(days=slack):
                if c.from_config:
                    g["due"] = rng
                elif not g["config"] and not c.due_approx:
                    g["due"] = rng if g["approx_only"] else _intersect(g["due"], rng)
                    g["approx_only"] = False
                break
        else:
            g = {"sig": dict(cs), "due": rng, "claims": [], "config": False, "durs": set(),
                 "approx_only": c.due_approx}
            groups.append(g)
        for k in _SIG:
            if g["sig"][k] is None:
                g["sig"][k] = cs[k]
        g["claims"].append(c)
        g["config"] = g["config"] or c.from_config
        if c.dur_lo is not None:
            g["durs"].add((c.dur_lo, c.dur_hi))
    # a claim with only a duration joins a deadline of an overlapping duration
    for c in sorted(loose, key=unknowns):
        cs = _sig(c)
        target = next((g for g in groups if g["durs"] and _agrees(g["sig"], cs) and _durs_agree(g, c)), None)
        if target is None:
            target = {"sig": dict(cs), "due": None, "claims": [], "config": False, "durs": set(),
                      "approx_only": False}
            groups.append(target)
        for k in _SIG:
            if target["sig"][k] is None:
                target["sig"][k] = cs[k]
        target["durs"].add((c.dur_lo, c.dur_hi))
        target["claims"].append(c)
    # a report ("dropped the deadline", "met the deadline") is about the deadline of that
    # setter and target that was set last before it
    for c in reports:
        cs = _sig(c)
        when = c.report_on or c.published
        cands = [g for g in groups if _agrees(g["sig"], cs)]
        if not cands:
            continue

        def set_mid(g):
            rng = _set_range(g["claims"])
            return _mid(*rng) if rng else date.min

        before = [g for g in cands if when is None or set_mid(g) <= when]
        pick = max(before or cands, key=set_mid)
        pick["claims"].append(c)
    return groups


def _set_range(cl: list[RawClaim]) -> tuple[date, date] | None:
    set_rng = None
    for c in cl:
        if c.set_lo is not None:
            if c.from_config:
                return (c.set_lo, c.set_hi)
            set_rng = _intersect(set_rng, (c.set_lo, c.set_hi))
    return set_rng


def _names(claims: list[RawClaim]) -> dict[str, str]:
    """One written form per setter: the commonest (a surname alone before a full name)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for c in claims:
        if c.setter:
            forms[person_key(c.setter)][c.setter] += 1
    return {k: max(v.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] for k, v in forms.items()}


def build_deadlines(claims: list[RawClaim], now: datetime) -> list[Deadline]:
    names = _names(claims)
    made: list[tuple[dict, Deadline, tuple]] = []
    for g in _group_claims(claims):
        cl: list[RawClaim] = g["claims"]
        dated_cl = [c for c in cl if c.due_lo is not None or c.dur_lo is not None]
        set_rng = _set_range(dated_cl)
        labels = Counter(c.label for c in dated_cl if not c.from_config)
        with_setter = Counter({k: v for k, v in labels.items() if "'s " in k})
        labels = with_setter or labels
        config_label = next((c.label for c in cl if c.from_config), None)
        # the most telling label: with a duration ("Trump's 10-12-day deadline"), then the commonest
        label = config_label or (max(labels.items(), key=lambda kv: ("-day" in kv[0], kv[1], len(kv[0])))[0]
                                 if labels else "Deadline")
        durs = [(c.dur_lo, c.dur_hi) for c in cl if c.dur_lo is not None]
        dur = Counter(durs).most_common(1)[0][0] if durs else (None, None)
        due = g["due"]
        if due and set_rng and due[0] < set_rng[0]:
            due = (set_rng[0], max(due[1], set_rng[0]))  # never due before it was set
        sig = g["sig"]
        timed = next((c.due_time for c in cl if c.due_time and c.due_lo is not None and due
                      and c.due_lo == c.due_hi == due[0] == due[1]), None)
        d = Deadline(
            id="",
            label=label,
            set_on=to_dt(_mid(*set_rng)) if set_rng else None,
            duration=_fmt_dur(*dur),
            due=(_at_time(due[0], timed) if timed else to_dt(_mid(*due))) if due else None,
            claims=[make_claim(c) for c in cl],
        )
        d.setter = names.get(sig["skey"]) if sig["skey"] else None
        d.target, d.subject = sig["target"], sig["subject"]
        d.due_time = timed is not None
        d.due_approx = bool(due) and g["approx_only"]
        d._refs = [c.ref for c in cl]  # type: ignore[attr-defined]  # for story.cache
        if due and due[0] != due[1]:
            d.approximate = True
            d.due_earliest, d.due_latest = to_dt(due[0]), to_dt(due[1])
        if d.due_approx:
            d.approximate = True
        if set_rng and set_rng[0] != set_rng[1]:
            d.approximate = True
            d.set_earliest, d.set_latest = to_dt(set_rng[0]), to_dt(set_rng[1])
        if d.due is not None:
            d.seconds_left = (d.due - now).total_seconds()
        newest = max((c.published for c in cl if c.published), default=None)
        first = min((c.published for c in cl if c.published), default=None)
        mid = _mid(*set_rng) if set_rng else None
        # with no set date: a deadline first reported later was set later
        order = (mid or first or date.min, newest or date.min)
        # reports of what became of it
        for c in cl:
            if c.report and not (c.published and c.published > now.date()):
                d.status = c.report
                d.status_on = to_dt(c.report_on or c.published) if (c.report_on or c.published) else None
        made.append((g, d, order))
    # ids (the family is the setter; deadlines of one setter are told apart by due date)
    for g, d, _ in made:
        fam = g["sig"]["skey"] or "x"
        d.id = f"dl-{fam}-{d.due.date().isoformat() if d.due else 'undated'}"
    seen: Counter = Counter()
    for _, d, _ in sorted(made, key=lambda t: t[2]):
        seen[d.id] += 1
        if seen[d.id] > 1:
            d.id = f"{d.id}-{seen[d.id]}"
    # supersession: a later ultimatum of the same setter to the same target, set while the
    # earlier one ran, replaces it
    made.sort(key=lambda t: t[2])
    for i, (g, d, order) in enumerate(made):
        for g2, d2, order2 in made[i + 1:]:
            if g["sig"]["skey"] is None or g2["sig"]["skey"] != g["sig"]["skey"]:
                continue
            if g["sig"]["target"] != g2["sig"]["target"] and None not in (g["sig"]["target"], g2["sig"]["target"]):
                continue
            if g["sig"]["subject"] != g2["sig"]["subject"] and None not in (g["sig"]["subject"], g2["sig"]["subject"]):
                continue
            if order2[0] <= order[0] or d2.due is None:
                continue
            if d.due is not None and order2[0] > d.due.date():
                continue  # set after the earlier one had passed: it did not replace it
            d.superseded_by, d2.supersedes = d2.id, d.id
            d.superseded_on = to_dt(order2[0]) if order2[0] != date.min else None
            d.superseded_label = d2.label
            break
    for _g, d, _ in made:
        if d.status in ("withdrawn", "met"):
            continue
        if d.superseded_by:
            d.status = "superseded"
        elif d.due is None:
            d.status = "unknown"
        else:
            d.status = "running" if d.due > now else "passed"
    out = [d for _, d, _ in made]
    return order_deadlines(out, now, {id(d): len(d.claims) for d in out})


RANK = {"running": 0, "passed": 1, "met": 1, "withdrawn": 1, "superseded": 2, "unknown": 3}


def order_deadlines(deadlines: list[Deadline], now: datetime, sizes: dict[int, int]) -> list[Deadline]:
    """Current first: running, then passed or settled, then superseded; among those, the
    ultimatum the coverage follows most (its setter and target's claims), then the soonest."""
    family: Counter = Counter()
    for d in deadlines:
        family[(d.setter, d.target)] += sizes.get(id(d), 0)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(deadlines, key=lambda d: (RANK[d.status], -family[(d.setter, d.target)], d.due or far))
