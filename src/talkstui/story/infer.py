"""Publication dates for undated articles, from their text and the other sources.

A window comes from the dated articles that share a quote with the undated one (a
quote is reported after it is said), or from a date line. Inside the window each day
is scored by the article's weekday phrases: a past "on Monday" points at most six
days back, a future "on Wednesday" at most six ahead, nearer is likelier (news says
"last Tuesday" otherwise); a phrase whose event the dated articles report on the
day it resolves to (talks on 2025-07-23) counts for that day, and so does "this
week's meeting" when such a meeting falls in that day's week. The copyright year
rules out other years. The best day wins; the evidence is kept as sentences.
"""

from __future__ import annotations

from datetime import date, timedelta

from talkstui.extract.values import WEEKDAYS

MAX_WINDOW = 21


def infer_date(
    cues: dict,
    shared: list[tuple[date, str, str]],  # (date of a dated article sharing a quote, outlet, quote)
    corpus_days: set[tuple[str, date]],  # (kind, day) reported by dated articles
    corpus_weeks: set[tuple[str, int, int]],  # (kind, iso year, iso week)
) -> tuple[date, list[str]] | None:
    evidence: list[str] = []
    dateline = cues.get("dl")
    if dateline:
        d = date.fromisoformat(dateline)
        return d, [f"a date line near the top reads {d.isoformat()}"]
    year = cues.get("cy")
    wds = cues.get("wd", [])
    this_week = cues.get("tw", [])
    if shared:
        first = min(s[0] for s in shared)
        last = max(s[0] for s in shared)
        lo = first - timedelta(days=1)
        hi = min(last + timedelta(days=7), lo + timedelta(days=MAX_WINDOW))
        candidates = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    else:
        # no shared quote: the days on which its weekday phrases would name events that
        # the dated articles report (talks "on Wednesday" and talks on 2025-07-23)
        first = None
        by_kind: dict[str, list[date]] = {}
        for kind, day in corpus_days:
            if kind != "statement":
                by_kind.setdefault(kind, []).append(day)
        cand: set[date] = set()
        for wd, tense, kind, _phrase in wds:
            for r in by_kind.get(kind, ())[:500]:
                if r.weekday() != wd or (year and r.year != year):
                    continue
                span = range(1, 7) if tense == "f" else range(-6, 1) if tense == "p" else range(-6, 7)
                cand.update(r - timedelta(days=k) for k in span)
            if len(cand) > 400:
                break
        candidates = sorted(cand)
        if not candidates:
            return None
    best: tuple[float, date] | None = None
    second: float | None = None
    for d in candidates:
        cost = 0.0
        if first is not None and d < first:
            cost += 2.0  # it quotes something a dated article reported later: unlikely earlier
        if year and d.year != year:
            cost += 100.0
        for wd, tense, kind, _phrase in wds:
            back = (d.weekday() - wd) % 7
            ahead = (wd - d.weekday()) % 7
            if tense == "p":
                r, c = d - timedelta(days=back), back
            elif tense == "f":
                # "will meet on Wednesday" is rarely written on that Wednesday
                ahead = ahead or 7
                r, c = d + timedelta(days=ahead), ahead
            else:
                r, c = (d - timedelta(days=back), back) if back <= ahead else (d + timedelta(days=ahead), ahead)
            if (kind, r) in corpus_days:
                c -= 3 if kind != "statement" else 1
            cost += c
        iso = d.isocalendar()
        for kind in this_week:
            cost += -2 if (kind, iso[0], iso[1]) in corpus_weeks else 2
        if best is None or cost < best[0] or (
            cost == best[0] and first is not None and abs((d - first).days) < abs((best[1] - first).days)
        ):
            if best is not None:
                second = best[0] if second is None else min(second, best[0])
            best = (cost, d)
        elif second is None or cost < second:
            second = cost
    if best is None:
        return None
    day = best[1]
    if not shared:
        matched = 0
        for wd, tense, kind, _p in wds:
            if kind == "statement" or tense not in "pf":
                continue
            r = (day - timedelta(days=(day.weekday() - wd) % 7)) if tense == "p" else (
                day + timedelta(days=(wd - day.weekday()) % 7 or 7))
            matched += (kind, r) in corpus_days
        if matched < 2 or (second is not None and second - best[0] < 1):
            return None  # too little to go on
    for sd, outlet, quote in sorted(shared)[:3]:
        q = quote if len(quote) <= 60 else quote[:59] + "…"
        evidence.append(f"shares a quote with {outlet} ({sd.isoformat()}): “{q}”")
    iso = day.isocalendar()
    for wd, tense, kind, phrase in wds:
        if tense == "p":
            r = day - timedelta(days=(day.weekday() - wd) % 7)
        elif tense == "f":
            r = day + timedelta(days=(wd - day.weekday()) % 7 or 7)
        else:
            continue
        if (kind, r) in corpus_days and kind != "statement":
            evidence.append(f"“{phrase}” ({'future' if tense == 'f' else 'past'}): {kind} on {r.isoformat()}, as dated articles report")
    for kind in sorted(set(this_week)):
        if (kind, iso[0], iso[1]) in corpus_weeks:
            evidence.append(f"“this week”: {kind} in the week of {day.isoformat()}")
    past = sorted({WEEKDAYS[wd] for wd, t, _k, _p in wds if t == "p"})
    future = sorted({WEEKDAYS[wd] for wd, t, _k, _p in wds if t == "f"})
    if past or future:
        evidence.append(
            "weekday phrases: " + ", ".join(
                [f"{w} (past)" for w in past] + [f"{w} (future)" for w in future]
            ) + f" fit {WEEKDAYS[day.weekday()]} {day.isoformat()} best"
        )
    if year:
        evidence.append(f"copyright {year}")
    return day, list(dict.fromkeys(evidence))
