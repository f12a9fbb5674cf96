"""The TimeML conventions for calendar expressions: ISO and slashed dates, month-day(-year),
months, years, decades, quarters, seasons, holidays and spoken dates."""


from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import (
    NUMBER_WORDS, ORDINALS, SEASONS, SEASON_ORDER,
)
from talkstui.extract.timex.arithmetic import (
    iso_week, quarter_of, season_of,
    shift_value,
)
from talkstui.extract.timex.anchoring import (
    DocumentContext, NormalisedSpan,
    day_number, mod_of_word, month_number, month_year, norm_md, tense_at, trim_rel,
)




def normalise_iso(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    g = m.group

    y, mo, dd = int(g("y")), int(g("m")), int(g("d"))
    try:
        v = date(y, mo, dd).isoformat()
    except ValueError:
        return None
    if g("hh"):
        return [(s, e, "TIME", f"{v}T{g('hh')}:{g('mi')}", None, None)]
    return [(s, e, "DATE", v, None, None)]
    return None


def normalise_slash(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    y = int(g("y"))
    if y < 100:
        y += 1900 if y > (d.year % 100) + 10 else 2000
    try:
        v = date(y, int(g("m")), int(g("d"))).isoformat()
    except ValueError:
        return None
    return [(s, e, "DATE", v, None, None)]
    return None


def normalise_mdy_dmy(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    _s, _e = m.start(), m.end()

    return norm_md(ctx, m, kind)
    return None


def normalise_my(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    if g("yrel"):
        rel = g("yrel").lower()
        y = d.year + {"this": 0, "last": -1, "next": 1}.get(rel, 0)
        if rel == "the same":
            y = int((ctx.ref or ctx.dct_s)[:4])
        v = f"{y:04d}-{month_number(g('mon')):02d}"
        return [(s, e, "DATE", v, ctx.dct_s, mod_of_word(g("mod")))]
    y = int(g("y"))
    v = f"{y:04d}-{month_number(g('mon')):02d}"
    return [(s, e, "DATE", v, None, mod_of_word(g("mod")))]
    return None


def normalise_weekof(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    g = m.group

    mon, dn = month_number(g("mon")), day_number(g("d"))
    y = int(g("y")) if g("y") else month_year(ctx, mon, dn, s, e)
    return [(s, e, "DATE", iso_week(date(y, mon, dn)), None if g("y") else ctx.dct_s,
             None)]
    return None


def normalise_month(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    _s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    mon_s = g("mon")
    rel = (g("rel") or "").lower()
    if mon_s in ("May", "MAY", "March", "MARCH") and not rel:
        # modal "May" / verb "march" at a sentence start: need a preposition
        return None
    if mon_s in ("May", "MAY") and rel in ("to", "on", "of"):
        return None
    mon = month_number(mon_s)
    s2 = trim_rel(m)
    if rel.startswith("last"):
        # "last February" written in March is the February of a year before: the month
        # just ended is "last month" or "in February"
        y = d.year if mon < d.month - 1 else d.year - 1
    elif rel.startswith("next"):
        y = d.year if mon > d.month else d.year + 1
    elif rel.startswith("this"):
        y = d.year
    else:
        y = month_year(ctx, mon, None, s2, e)
    return [(s2, e, "DATE", f"{y:04d}-{mon:02d}", ctx.dct_s, mod_of_word(rel))]
    return None


def normalise_year(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    g = m.group

    y = int(g("y"))
    pre = (g("pre") or "").lower()
    if g("yr2"):
        # "1998-99", "1998/99": a span of years; keep the first
        e = m.start("yr2")
    if not pre:
        # a bare number is a year only in a temporal context
        before = text[max(0, s - 12):s].lower()
        after = text[e:e + 14].lower()
        if re.search(r"(?:no\.|number|#|\$|rank|route|flight|room|page|model)\s*$",
                     before):
            return None
        if re.match(r"\s*(?:people|persons|troops|soldiers|men|women|units|shares|tons|"
                    r"miles|km|feet|meters|dollars|votes|jobs|cars|homes|cases|deaths|"
                    r"acres|barrels|workers|employees|members|students|copies|times|"
                    r"x\b)", after):
            return None
    if y < 1000:
        return None
    return [(s, e, "DATE", f"{y:04d}", None, mod_of_word(pre))]
    return None


def normalise_decade(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    if g("dec"):
        return [(s, e, "DATE", g("dec")[:3], None, mod_of_word(g("mod")))]
    if g("dec2"):
        c = d.year // 100
        dd = int(g("dec2")[0])
        if dd * 10 > d.year % 100:
            c -= 1
        return [(s, e, "DATE", f"{c:02d}{dd}", ctx.dct_s, mod_of_word(g("mod")))]
    if g("cent"):
        c = int(g("cent"))
        if not 1 <= c <= 100:
            return None
        return [(s, e, "DATE", f"{c - 1:02d}", None, None)]
    cw = g("cw").lower()
    c = d.year // 100 + {"this": 0, "last": -1, "next": 1}[cw]
    if cw == "this":
        return [(s, e, "DATE", f"{c:02d}", ctx.dct_s, None)]
    return [(s, e, "DATE", f"{c:02d}", ctx.dct_s, None)]
    return None


def normalise_quarter(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    unit = g("unit").lower()
    if g("two"):
        # "the first two quarters of 1990": a half year; without a year it is a duration
        if unit != "quarter" or not (g("y") or g("yw")):
            return None
        y = int(g("y")) if g("y") else d.year + {"next": 1, "last": -1, "this": 0}[
            g("yw").split()[0].lower()]
        return [(s, e, "DATE", f"{y:04d}-H{1 if g('two').lower() == 'first' else 2}",
                 None if g("y") else ctx.dct_s, None)]
    n = ORDINALS[g("ord").lower()]
    if g("ord").lower() == "last":
        if not g("y"):
            return None  # "the last half of the '80s" is left to the decade
        n = 2  # "the last half of 1989": H2
    yrs = (g("yrs") or "").lower()
    if g("y"):
        y = int(g("y"))
    elif g("yw") or yrs.startswith(("next", "last", "this")) or yrs[:2].isdigit():
        w = (g("yw") or yrs).lower()
        if w[:2].isdigit():
            y = int(w[:4])
        else:
            y = d.year + {"next": 1, "last": -1, "this": 0}[w.split()[0]]
    else:
        if unit == "half":
            y = d.year if n <= (1 if d.month <= 6 else 2) else d.year - 1
        else:
            y = d.year if n <= quarter_of(d) else d.year - 1
    if "year-" in yrs:
        y -= 1
    if unit == "half":
        if n > 2:
            return None
        v = f"{y:04d}-H{n}"
    else:
        v = f"{y:04d}-Q{n}"
    cur_q = f"{d.year:04d}-Q{quarter_of(d)}"
    if "year-" not in yrs and unit != "half" and (
            v < cur_q or v == cur_q and not g("y") and tense_at(text, s, e) < 0):
        ctx.set_q(v, s)  # a reported period, not a forecast
    return [(s, e, "DATE", v, ctx.dct_s, None)]
    return None


def normalise_qyago(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    d = ctx.dct

    base = ctx.q(s) or shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
    v = shift_value(base, -1, "Y") if base else None
    return [(s, e, "DATE", v, base, None)] if v else None
    return None


def normalise_spoken(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    g = m.group

    tw = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
          "eighty": 80, "ninety": 90, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "one": 1, "two": 2, "three": 3, "four": 4,
          "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "hundred": 0, "oh": 0}
    if g("c"):
        c = {"nineteen": 19, "eighteen": 18, "twenty": 20}[g("c").lower()]
        y = c * 100 + sum(tw[w] for w in re.split(r"[\s-]+", g("t").lower()))
    else:
        y = 2000 + (tw[g("t2").lower()] if g("t2") else 0)
    return [(s, e, "DATE", f"{y:04d}", None, None)]
    return None


def normalise_spokenmy(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    if g("dw"):
        dec = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
               "seventies": 7, "eighties": 8, "nineties": 9}[g("dw").lower()]
        # "the nineties": the latest such decade that has begun by the DCT
        c = d.year // 100 if dec * 10 <= d.year % 100 else d.year // 100 - 1
        if g("dc"):
            c = 19
        return [(s, e, "DATE", f"{c:02d}{dec}", None, mod_of_word(g("mod")))]
    ws = re.split(r"[\s-]+", g("sy").lower())
    if ws[0] == "two":
        y = 2000 + (NUMBER_WORDS.get(ws[-1], 0) if len(ws) > 2 else 0)
    else:
        y = {"nineteen": 1900, "eighteen": 1800}[ws[0]] + sum(
            NUMBER_WORDS.get(w, 0) for w in ws[1:])
    if g("se"):
        return [(s, e, "DATE", f"{y:04d}-{SEASONS[g('se').lower()]}", None, None)]
    return [(s, e, "DATE", f"{y:04d}-{month_number(g('mon')):02d}", None, None)]
    return None


def normalise_season(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    code = SEASONS[g("se").lower()]
    the = (g("the") or "").lower()
    if g("y"):
        return [(s, e, "DATE", f"{int(g('y')):04d}-{code}", None, mod_of_word(g("mod")))]
    if not the and not g("mod"):
        before = text[max(0, s - 8):s].lower()
        if not re.search(r"\b(?:in|since|until|by|this|last|next|of)\s+$", before):
            return None
    if the == "over the":
        s = m.start() + 5
    cy, cs = season_of(d)
    if the == "this past":
        y = d.year if SEASON_ORDER[code] < SEASON_ORDER[cs] else d.year - 1
    else:
        t = tense_at(text, s, e) if not the else 0
        if t > 0:
            y = d.year if SEASON_ORDER[code] >= SEASON_ORDER[cs] else d.year + 1
        else:
            y = d.year if SEASON_ORDER[code] <= SEASON_ORDER[cs] else d.year - 1
    return [(s, e, "DATE", f"{y:04d}-{code}", ctx.dct_s, mod_of_word(g("mod")))]
    return None


def normalise_holiday(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    h = g("h").lower()
    rel = (g("rel") or "").lower()
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
             "independence day": (7, 4), "halloween": (10, 31),
             "valentine's day": (2, 14), "victory day": (5, 9)}
    if g("y"):
        y = int(g("y"))
    else:
        y = d.year
    md = fixed.get(h)

    def resolve(yy: int) -> date | None:
        try:
            if md:
                return date(yy, *md)
            if h.startswith("thanksgiving"):
                first = date(yy, 11, 1)
                return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
            if h == "labor day":
                first = date(yy, 9, 1)
                return first + timedelta(days=(0 - first.weekday()) % 7)
            if h == "election day":  # US: the Tuesday after the first Monday of November
                first = date(yy, 11, 2)
                return first + timedelta(days=(1 - first.weekday()) % 7)
            if h == "memorial day":
                last = date(yy, 5, 31)
                return last - timedelta(days=last.weekday())
            if h.startswith("easter"):
                a, b, c = yy % 19, yy // 100, yy % 100
                dd_, ee = b // 4, b % 4
                f = (b + 8) // 25
                gg = (b - f + 1) // 3
                hh_ = (19 * a + b - dd_ - gg + 15) % 30
                i, k = c // 4, c % 4
                ll = (32 + 2 * ee + 2 * i - hh_ - k) % 7
                mm = (a + 11 * hh_ + 22 * ll) // 451
                month = (hh_ + ll - 7 * mm + 114) // 31
                day_ = (hh_ + ll - 7 * mm + 114) % 31 + 1
                return date(yy, month, day_)
        except ValueError:
            return None
        return None

    if not g("y"):
        cand = resolve(y)
        if cand is None:
            return None
        if rel == "last" and cand >= d:
            cand = resolve(y - 1)
        elif rel == "next" and cand <= d:
            cand = resolve(y + 1)
        elif not rel:
            # the closest occurrence; the tense decides only for a far one
            options = [c for c in (resolve(y - 1), cand, resolve(y + 1)) if c is not None]
            cand = min(options, key=lambda c: abs((c - d).days))
            if abs((cand - d).days) > 60:
                t = tense_at(text, s, e)
                if t < 0 and cand > d:
                    cand = resolve(cand.year - 1)
                elif t > 0 and cand < d:
                    cand = resolve(cand.year + 1)
    else:
        cand = resolve(y)
    if cand is None:
        return None
    if g("wk"):  # "Easter week", "Christmas week": the calendar week holding the day
        return [(s, e, "DATE", iso_week(cand), None if g("y") else ctx.dct_s, None)]
    return [(s, e, "DATE", cand.isoformat(), None if g("y") else ctx.dct_s, None)]
    return None
