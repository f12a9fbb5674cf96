"""The TimeML conventions: one normaliser per family of expressions, turning a match
into (start, end, type, value, anchor, mod) as the TempEval-3 annotations do (see the
package docstring for the conventions chosen by counting)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import (
    MONTHS, NUMBER_WORDS, ORDINALS, PARTS_OF_DAY, SEASONS, SEASON_ORDER, UNITS, WEEKDAYS,
)
from talkstui.extract.timex.arithmetic import (
    add_months, duration_value, iso_week, number_value, offset_from_dct, quarter_of, season_of,
    shift_value,
)
from talkstui.extract.timex.anchoring import (
    CLOCK_REF, DocumentContext, ENDED, GENERIC_TODAY, HOUR_IN, N_MONTHS, NormalisedSpan,
    PAST_COUNT, PERSON_AFTER, POD_SUFFIX, RESULTS_OF, SENT_BREAK, SENT_START, YTD_PERIOD,
    day_number, mod_of_word, month_number, month_year, norm_md, said_on, tense_at, trim_rel,
    weekday_date, ytd_topic,
)


def normalise_match(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

    if kind == "iso":
        y, mo, dd = int(g("y")), int(g("m")), int(g("d"))
        try:
            v = date(y, mo, dd).isoformat()
        except ValueError:
            return None
        if g("hh"):
            return [(s, e, "TIME", f"{v}T{g('hh')}:{g('mi')}", None, None)]
        return [(s, e, "DATE", v, None, None)]

    if kind == "slash":
        y = int(g("y"))
        if y < 100:
            y += 1900 if y > (d.year % 100) + 10 else 2000
        try:
            v = date(y, int(g("m")), int(g("d"))).isoformat()
        except ValueError:
            return None
        return [(s, e, "DATE", v, None, None)]

    if kind in ("mdy", "dmy"):
        return norm_md(ctx, m, kind)

    if kind == "my":
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

    if kind == "weekof":
        mon, dn = month_number(g("mon")), day_number(g("d"))
        y = int(g("y")) if g("y") else month_year(ctx, mon, dn, s, e)
        return [(s, e, "DATE", iso_week(date(y, mon, dn)), None if g("y") else ctx.dct_s,
                 None)]

    if kind == "month":
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

    if kind == "year":
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

    if kind == "decade":
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

    if kind == "quarter":
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

    if kind == "qyago":
        base = ctx.q(s) or shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
        v = shift_value(base, -1, "Y") if base else None
        return [(s, e, "DATE", v, base, None)] if v else None

    if kind == "theunit":
        det = re.sub(r"\s+", " ", (g("det") or "").lower()).strip()
        if g("fy"):
            det = det.replace(" fiscal", "")  # "the current fiscal year" is "the current year"
        unit = g("unit").lower()
        if unit == "year" and det in ("the latest", "the most recent") and g("fy"):
            return [(s, e, "DATE", f"{d.year - 1:04d}", ctx.dct_s, None)]  # last one closed
        if unit in ("year-earlier", "year-ago"):
            mm = N_MONTHS.match(text, e)
            if mm is not None:
                # "the year-earlier six months": a run of months, a duration like
                # "the six months" itself
                n = number_value(mm.group(1).lower())
                if n:
                    return [(s, mm.end(), "DURATION", duration_value(n, "months"), None, None)]
            base = ctx.q(s) if not ytd_topic(text, s) else None
            base = base or f"{d.year:04d}"
            v = shift_value(base, -1, "Y")
            return [(m.start("unit"), e, "DATE", v, base, None)] if v else None
        if not det:
            return None
        if unit in ("quarter", "period"):
            qm = ENDED.match(text, e)
            if qm and det in ("the", "the latest", "the fiscal", "the first", "the most recent",
                              "the current", "the recent", "the past"):
                mon = month_number(qm.group(1))
                dn = day_number(qm.group(2))
                y = month_year(ctx, mon, dn, s, e)
                # a three-month period ending then: the calendar quarter holding most of
                # it, the one of its middle month ("ended July 31" is 2Q, "Sept. 30" 3Q)
                my, mm = add_months(y, mon, -1 if dn >= 20 else -2)
                v = f"{my:04d}-Q{(mm - 1) // 3 + 1}"
                ctx.set_q(v, s)
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            if det in ("the", "the latest", "the most recent", "the recent", "the past",
                       "the current", "the fiscal", "the first"):
                if unit == "period" and det in ("the", "the first", "the fiscal", "the past"):
                    return None
                if det == "the current":
                    v = f"{d.year:04d}-Q{quarter_of(d)}"
                elif det in ("the latest", "the most recent", "the recent"):
                    v = shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
                else:
                    v = ctx.q(s) or shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            if det in ("the year-earlier", "the year-ago") and unit == "period" and \
                    ytd_topic(text, s):
                ym = None
                for ym in YTD_PERIOD.finditer(text, max(0, s - 400), s):
                    pass
                nm = re.search(r"(?i)(nine|six|9|6)\s+months", ym.group(0)) if ym else None
                if nm:
                    # after "For the nine months, ...": the year-earlier nine months
                    return [(s, e, "DURATION", duration_value(number_value(nm.group(1).lower()), "months"),
                             None, None)]
            if det in ("the year-earlier", "the year-ago", "the same", "the prior",
                       "the previous", "the comparable"):
                base = ctx.q(s) or shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
                if det in ("the prior", "the previous"):
                    v = shift_value(base, -1, "Q")
                else:
                    v = shift_value(base, -1, "Y")
                if unit == "period" and det == "the same":
                    v = base
                return [(s, e, "DATE", v, base, None)] if v else None
            return None
        if unit == "week" and det in ("the", "the past", "the current"):
            if det == "the past":
                return [(s, e, "DURATION", "P1W", None, None)]
            if det == "the":
                # bare "the week" is anaphoric ("for the week, the index fell"): which week
                # the text does not say, only the year (TimeML: an X placeholder)
                return [(s, e, "DATE", f"{d.year:04d}-WXX", ctx.dct_s, None)]
            return [(s, e, "DATE", iso_week(d), ctx.dct_s, None)]
        if unit == "weekend" and det in ("the", "the past", "the previous"):
            # the weekend before a weekday DCT, the coming one on a weekend DCT
            t = tense_at(text, s, e)
            if d.weekday() >= 5:
                base = d
            elif t > 0:
                base = d + timedelta(days=5 - d.weekday())
            else:
                base = d - timedelta(days=d.weekday() + 2)
            return [(s, e, "DATE", iso_week(base) + "-WE", ctx.dct_s, None)]
        if unit == "month" and det in ("the", "the current"):
            return [(s, e, "DATE", f"{d.year:04d}-{d.month:02d}", ctx.dct_s, None)]
        if unit == "year" and det in ("the", "the current", "the fiscal", "the full",
                                      "the entire", "the whole"):
            after = text[e:e + 12].lower()
            if det in ("the entire", "the whole") or after.startswith(
                    (" before", " after", " since", " to ")):
                return [(s, e, "DURATION", "P1Y", None, None)]
            if re.match(r"\s+(?:ended|ending|through|to date)", after):
                return [(s, e, "DURATION", "P1Y", None, None)]
            return [(s, e, "DATE", f"{d.year:04d}", ctx.dct_s, None)]
        if unit == "year" and det == "the past":
            return [(s, e, "DATE", f"{d.year - 1:04d}", ctx.dct_s, None)]
        if unit == "decade" and det in ("the past", "the last"):
            return [(s, e, "DURATION", "P10Y", None, None)]
        return None

    if kind == "rel":
        det = re.sub(r"\s+", " ", g("det").lower())
        unit = g("unit").lower()
        if m.group(0)[:1].isupper() and g("unit")[:1].isupper() and s > 0 and \
                not re.search(r"(?:^|[.!?;:\n])[\s\"'`]*$", text[max(0, s - 6):s]):
            return None  # 'ABC\'s "This Week"': a title, not a time
        mod_s = (g("mod") or "").lower()
        mod = mod_of_word(mod_s)
        if mod_s in ("the rest of", "the remainder of"):
            mod = None
        base_det = det.replace("the ", "")
        plural = unit.endswith("s") and unit not in ("days",) and unit[:-1] in (
            "week", "weekend", "month", "year", "quarter", "decade") or unit in (
            "days", "centuries")
        if plural:
            # "the coming months", "the past weeks", "recent years"
            if unit == "years" and base_det == "past" and not det.startswith("the"):
                return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
            if unit in ("months", "quarters", "years") and det == "coming":
                # "in coming months": the vague future, as "in recent years" is the past
                return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
            if base_det in ("coming", "next", "following", "upcoming", "past", "last",
                            "previous"):
                return [(m.start("det") if not det.startswith("the") else s, e, "DURATION",
                         duration_value(None, unit), None, None)]
            return None
        if det in ("the following", "the previous") and unit in ("day", "week", "month",
                                                                "year", "quarter"):
            return None  # anaphoric: the one after/before the time under discussion ("anaph")
        if base_det in ("this", "current", "this coming", "this past"):
            step = 0
        elif base_det in ("last", "past", "previous"):
            step = -1
        elif base_det in ("next", "coming", "upcoming", "following"):
            step = 1
        elif base_det == "same":
            return None
        else:
            step = 0
        if base_det == "this past":
            step = -1 if unit in SEASONS else 0
        if unit in WEEKDAYS and det in ("the previous", "the following") and ctx.ref and \
                re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.ref[:10]):
            # "down from the previous Friday": the one before the day under discussion
            r = date.fromisoformat(ctx.ref[:10])
            if det == "the previous":
                dd = r - timedelta(days=(r.weekday() - WEEKDAYS[unit]) % 7 or 7)
            else:
                dd = r + timedelta(days=(WEEKDAYS[unit] - r.weekday()) % 7 or 7)
            return [(s, e, "DATE", dd.isoformat(), ctx.ref[:10], mod)]
        if unit in WEEKDAYS:
            if base_det in ("this", "current", "this coming", "this past"):
                rel = "next" if base_det == "this coming" else (
                    "last" if base_det == "this past" else None)
                dd = weekday_date(ctx, WEEKDAYS[unit], s, e, rel)
            else:
                dd = weekday_date(ctx, WEEKDAYS[unit], s, e, "last" if step < 0 else "next")
            return [(s, e, "DATE", dd.isoformat(), ctx.dct_s, mod)]
        if unit in ("morning", "afternoon", "evening", "night"):
            if base_det == "last" and unit in ("night", "evening"):
                dd = d - timedelta(days=1)
            elif base_det in ("this",):
                dd = d
            else:
                return None
            return [(s, e, "TIME", dd.isoformat() + PARTS_OF_DAY[unit], ctx.dct_s, mod)]
        if unit == "day":
            if base_det in ("past", "last", "next", "coming"):
                return [(s, e, "DURATION", "P1D", None, None)]
            dd = d + timedelta(days=step)
            return [(s, e, "DATE", dd.isoformat(), ctx.dct_s, mod)]
        if unit in ("week", "weekend"):
            base_day = d
            if base_det in ("upcoming", "coming") and said_on(ctx, s):
                # "announced on Saturday ... talks for the upcoming week": the week after
                # the day it was said, not after the article's date
                base_day = ctx.day
            v = iso_week(base_day + timedelta(weeks=step))
            if unit == "weekend":
                v += "-WE"
            return [(s, e, "DATE", v, ctx.dct_s, mod)]
        if unit == "month":
            y, mo = add_months(d.year, d.month, step)
            return [(s, e, "DATE", f"{y:04d}-{mo:02d}", ctx.dct_s, mod)]
        if unit == "year":
            return [(s, e, "DATE", f"{d.year + step:04d}", ctx.dct_s, mod)]
        if unit == "quarter":
            v = shift_value(f"{d.year:04d}-Q{quarter_of(d)}", step, "Q")
            if step == 0 and base_det == "this" and ctx.q(s) and \
                    ctx.q(s) == shift_value(v or "", -1, "Q") and \
                    RESULTS_OF.match(text, e) and tense_at(text, s, e) <= 0:
                # "this quarter's profit reflects ..." in a report on the quarter just
                # closed: the reported quarter, not the one in progress
                v = ctx.q(s)
            if v and step < 0:
                ctx.set_q(v, s)  # a reported (closed) quarter becomes the topic
            return [(s, e, "DATE", v, ctx.dct_s, mod)] if v else None
        if unit == "decade":
            dec = d.year // 10 + step
            return [(s, e, "DATE", f"{dec:03d}", ctx.dct_s, mod)]
        if unit == "century":
            return [(s, e, "DATE", f"{d.year // 100 + step:02d}", ctx.dct_s, mod)]
        if unit in SEASONS or unit == "season":
            if unit == "season":
                return None
            code = SEASONS[unit]
            cy, cs = season_of(d)
            if step == 0:
                y = d.year
            elif step < 0 and base_det == "this past":
                y = d.year if SEASON_ORDER[code] < SEASON_ORDER[cs] else d.year - 1
            elif step < 0:
                y = d.year - 1
            else:
                y = d.year if SEASON_ORDER[code] > SEASON_ORDER[cs] else d.year + 1
            return [(s, e, "DATE", f"{y:04d}-{code}", ctx.dct_s, mod)]
        return None

    if kind == "numunit":
        unit = g("unit").lower()
        n_s = g("n").lower()
        n = number_value(n_s)
        rel = (g("rel") or "").lower()
        det = (g("det") or "").lower()
        the = g("the")
        appr = (g("appr") or "").lower()
        if n_s in ("some", "many") and not rel:
            return None
        if n_s in ("a", "an", "the") and unit.endswith("s") and not unit.endswith("ss"):
            return None
        if (g("old") or rel == "old") and unit.startswith(("year", "yr")):
            return None
        if g("old") and PERSON_AFTER.match(text, e):
            return None  # a person's age ("their 6-month-old son"), not a period of time
        if g("old"):
            rel = ""
        unit_key = unit.rstrip("s")
        if unit in ("centuries",):
            unit_key = "century"
        if unit_key in ("weekend",) and n_s in ("a", "an"):
            return None
        if n_s == "one" and unit == "day" and not (rel or det or the or appr) and re.search(
                r"\b(?:will|would|could|might|may|can|shall|should|must|to|he|she|they|we|I|"
                r"you)\s+$", text[max(0, s - 8):s]) and re.match(r"\s+[a-z]+", text[e:e + 20]) \
                and not re.match(r"\s+(?:of|after|before|later|earlier|ago|and|or|to|in|"
                                 r"for|at)\b", text[e:e + 10]):
            # "will one day be": the indefinite future, not a one-day period
            return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
        if unit_key == "quarter" and not rel and det in ("", "first", "past", "last", "latest"):
            if n_s in ("a", "an", "one"):
                return None
        half = bool(g("half"))
        if g("n2"):
            # "10 or 12 days", "two to three weeks": an approximate duration
            n2 = number_value(g("n2"))
            if n is None or n2 is None or n2 <= n:
                return None
            if re.search(r"(?i)\bbetween\s+$", text[max(0, s - 9):s]):
                # "between two and six days": the two ends of the range, each a duration
                return [(m.start("n"), m.end("n"), "DURATION", duration_value(n, unit), None, None),
                        (m.start("n2"), e, "DURATION", duration_value(n2, unit), None, None)]
            v = duration_value(n, unit)
            return [(s, e, "DURATION", v, None, "APPROX")]
        if n is not None and (n > 10000 or n <= 0):
            return None
        if g("unit")[:1].isupper() and not m.group(0)[:1].isupper() or \
                g("unit").istitle() and g("n")[:1].isdigit():
            return None  # "60 Minutes": a title
        if unit_key == "quarter" and unit.endswith("s") and g("sep") == "-":
            return None  # "three-quarters": a fraction
        if unit_key == "second" and n_s in ("a", "one") and not rel:
            return None  # "a second betrayal"
        if n_s in ("a", "an", "per") and not rel and not appr and not det and re.search(
                r"(?:\d|\b(?:million|billion|thousand|hundred|dozen|cents|dollars|percent|"
                r"times|seats|flights|shares|people|dlrs|yen|pounds|euros))[\s%]*$",
                text[max(0, s - 24):s]):
            return None  # a rate: "$2 million a year", "four flights a week"
        if re.fullmatch(r"1\d{3}|20\d\d", g("n")) and not g("alt"):
            return None
        # leading "the" only belongs to the expression with a determiner or a count
        if the and not det and (n is None or g("sep").strip() == "-" or (
                not unit.lower().endswith("s") and n_s not in ("a", "an", "one")
                and re.match(r" [a-z]", text[e:e + 2]))):
            s = m.start("n")
        if appr in ("about", "only", "just", "around", "roughly", "over",
                    "approximately", "another", "barely", "some") and not rel:
            s = m.start("n")
        des, is_time, mult = UNITS.get(unit_key if unit_key in UNITS else "day")
        if rel in ("ago", "back"):
            if n is None:
                return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
            if unit_key == "year" and n == 1 and ctx.q(s) and not ytd_topic(text, s):
                v = shift_value(ctx.q(s), -1, "Y")
                return [(s, e, "DATE", v, ctx.q(s), None)] if v else None
            if unit_key == "week" and n >= 3 and n == int(n) and not half:
                # "six weeks ago": that far back the writer counts in weeks, not days
                v = iso_week(d - timedelta(weeks=int(n)))
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            v = offset_from_dct(d, -n, unit_key, half)
            return [(s, e, "DATE", v, ctx.dct_s, None)] if v else None
        if rel in ("from now", "hence"):
            if n is None:
                return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
            v = offset_from_dct(d, n, unit_key, half)
            return [(s, e, "DATE", v, ctx.dct_s, None)] if v else None
        if rel in ("earlier", "later") and (n is None or unit_key in ("day", "night", "hour",
                                                                      "minute", "second", "hr",
                                                                      "min")):
            # "three days later", "a few days later": TimeBank marks the duration
            e = m.end("unit") if not g("half") else m.end("half")
            return [(s, e, "DURATION", duration_value(n, unit, half), None, None)]
        if rel in ("earlier", "later", "before", "after", "previously"):
            if n is None or is_time:
                if rel in ("before", "after"):
                    e = m.start("rel") - 1
                    return [(s, e, "DURATION", duration_value(n, unit, half), None, None)]
                return None
            sign = -1 if rel in ("earlier", "before", "previously") else 1
            if rel in ("before", "after"):
                # "two days before the vote": the duration, not a date
                e = m.end("unit") if not g("half") else m.end("half")
                return [(s, e, "DURATION", duration_value(n, unit, half), None, None)]
            if unit_key == "year" and n == 1 and rel == "earlier" and ctx.q(s) and \
                    ytd_topic(text, s):
                v = f"{int(ctx.q(s)[:4]) - 1:04d}"
                return [(s, e, "DATE", v, ctx.q(s), None)]
            base = ctx.ref if unit_key not in ("year", "decade") else (
                ctx.q(s) or ctx.ref)
            if base is None or base.endswith("_REF"):
                # nothing to be earlier than: the DCT, at the unit's precision
                sign = -1 if rel in ("earlier", "before", "previously") else 1
                v = offset_from_dct(d, sign * n, unit_key, half)
                return [(s, e, "DATE", v, ctx.dct_s, None)] if v else None
            if unit_key in ("year", "decade", "century"):
                k, u = int(n * mult), "Y"
            elif unit_key == "month":
                k, u = int(n), "M"
            elif unit_key == "quarter":
                k, u = int(n), "Q"
            elif unit_key in ("week", "fortnight"):
                k, u = int(n * mult), "W"
            else:
                k, u = int(n), "D"
            if unit_key in ("day",) and not re.fullmatch(r"\d{4}-\d\d-\d\d", base):
                base = ctx.dct_s
            v = shift_value(base, sign * k, u)
            if v is None and u in ("D", "W"):
                v = shift_value(ctx.dct_s, sign * k, u)
            if v is None and u in ("Y", "M"):
                v = offset_from_dct(date.fromisoformat(ctx.dct_s), sign * n, unit_key, False)
            return [(s, e, "DATE", v, base, None)] if v else None
        if rel in ("ahead",) and n is None:
            return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        if rel in ("ahead", "since", "long"):
            e = m.end("unit") if not g("half") else m.end("half")
        mod = {"more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
               "fewer than": "LESS_THAN", "under": "LESS_THAN", "about": "APPROX",
               "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
               "nearly": "LESS_THAN", "almost": "LESS_THAN", "at least": "EQUAL_OR_MORE",
               "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS"}.get(appr)
        if appr in ("only", "just", "another", "barely", "a full", "full", "a further",
                    "an additional", "an extra", "some") and n is not None:
            if appr in ("another", "a further", "an additional", "an extra", "some"):
                s = m.start("appr") if appr != "some" else m.start("n")
                if appr != "some":
                    s = m.start("n")
        return [(s, e, "DURATION", duration_value(n, unit, half), None, mod)]

    if kind == "bareunit":
        unit = g("unit").lower()
        det = (g("det") or "").lower()
        rel = (g("rel") or "").lower()
        if det in ("coming", "next", "following", "ensuing") or rel in ("ahead", "to come"):
            return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        if det in ("past", "last", "recent"):
            if unit == "years" and det in ("recent", "past") and not g("the"):
                return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
            return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        if rel == "ago":
            return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
        if g("long"):  # "decades-long", "day-long"
            n = 1 if g("lu") and not g("lu").lower().endswith("s") and not unit.endswith("s") \
                else None
            return [(s, e, "DURATION", duration_value(n, unit), None, None)]
        if g("the") and (det in ("early", "first") or re.search(
                r"(?i)\b(?:over|through|throughout|during)\s+$", text[max(0, s - 12):s])) and \
                not g("of") and unit.endswith("s"):
            # "over the years", "in the early years", "the first hours of the war": a vague
            # stretch of time (TimeML: DURATION PXY)
            return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        if g("the") or det in ("early", "first"):
            return None
        if g("of") and unit in ("years", "decades", "months", "weeks", "days"):
            # "after years of war", "months of talks"
            return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        before = text[max(0, s - 12):s].lower()
        if re.search(r"\b(?:for|over|in|within|taking|take|takes|took|lasted|last)\s+$", before):
            if unit in ("years", "decades", "centuries", "months", "weeks", "days", "hours",
                        "minutes"):
                return [(s, e, "DURATION", duration_value(None, unit), None, None)]
        return None

    if kind == "weekday":
        wd = WEEKDAYS[g("wd").lower()]
        if g("wd")[0].islower():
            return None
        if g("pl") or g("podpl"):
            # "on Mondays", "Tuesday nights": every such day (part of day)
            pod = PARTS_OF_DAY[g("pod").lower()] if g("pod") else ""
            return [(s, e, "SET", f"XXXX-WXX-{wd + 1}{pod}", None, None)]
        dd = weekday_date(ctx, wd, s, e)
        v = dd.isoformat()
        if g("pod") and g("pod").lower() in POD_SUFFIX:
            # TimeBank dates "Friday night" and "Friday morning" to the day, and keeps the
            # part of day for afternoons and evenings
            v += PARTS_OF_DAY[g("pod").lower()]
        return [(s, e, "DATE", v, ctx.dct_s, None)]

    if kind == "deictic":
        w = re.sub(r"\s+", " ", g("w").lower())
        one = timedelta(days=1)
        if s > 0 and w[:1] != "n" and re.search(r"[A-Z]\w*[ \t]$", text[max(0, s - 20):s]) \
                and g("w")[:1].isupper() and not re.search(r"(?:^|[.!?:;\"'`]\s*)[A-Z]\w*[ \t]$",
                                                          text[max(0, s - 20):s]):
            return None  # "VOA Today", a name
        if w in ("today",):
            if GENERIC_TODAY.match(text, e):
                return None  # "today's youth", "in today's world": generic, not the DCT
            return [(s, e, "DATE", ctx.dct_s, ctx.dct_s, None)]
        if w == "yesterday":
            return [(s, e, "DATE", (d - one).isoformat(), ctx.dct_s, None)]
        if w == "tomorrow":
            if re.search(r"\b(?!as\b|morning\b|evening\b|afternoon\b|night\b)[a-z]+\s+of\s+$",
                         text[max(0, s - 30):s]):
                return None  # "the people of tomorrow": the future in general, not a day
            return [(s, e, "DATE", (d + one).isoformat(), ctx.dct_s, None)]
        if w == "the day before yesterday":
            return [(s, e, "DATE", (d - 2 * one).isoformat(), ctx.dct_s, None)]
        if w == "the day after tomorrow":
            return [(s, e, "DATE", (d + 2 * one).isoformat(), ctx.dct_s, None)]
        if w == "tonight":
            return [(s, e, "TIME", ctx.dct_s + "TNI", ctx.dct_s, None)]
        if w == "last night":
            return [(s, e, "TIME", (d - one).isoformat() + "TNI", ctx.dct_s, None)]
        if w == "overnight":
            base = d
            if ctx.day is not None and 0 < (d - ctx.day).days <= 7 and \
                    0 <= s - ctx.day_at <= 300:
                base = ctx.day  # a market report on Friday: the night before that Friday
            return [(s, e, "TIME", (base - one).isoformat() + "TNI", base.isoformat(), None)]
        if w.startswith("this "):
            return [(s, e, "TIME", ctx.dct_s + PARTS_OF_DAY[w[5:]], ctx.dct_s, None)]
        parts = w.split()
        if len(parts) >= 2 and parts[0].rstrip("'s") in ("today", "tomorrow", "yesterday"):
            off = {"today": 0, "tomorrow": 1, "yesterday": -1}[parts[0].replace("'s", "")]
            v = (d + off * one).isoformat() + PARTS_OF_DAY.get(parts[-1], "")
            return [(s, e, "TIME", v, ctx.dct_s, None)]
        pm = re.fullmatch(r"(early|late|mid)[- ]?(morning|afternoon|evening)(?: (today|yesterday|"
                          r"tomorrow))?", w)
        if pm:
            off = {None: 0, "today": 0, "tomorrow": 1, "yesterday": -1}[pm.group(3)]
            v = (d + off * one).isoformat() + PARTS_OF_DAY[pm.group(2)]
            return [(s, e, "TIME", v, ctx.dct_s, mod_of_word(pm.group(1)))]
        if len(parts) == 2 and parts[1] in ("today", "tonight", "yesterday", "tomorrow"):
            off = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[parts[1]]
            mod = "START" if parts[0] in ("early", "earlier") else "END"
            if parts[0] in ("later", "earlier"):
                mod = None
                s = m.start() + len(parts[0]) + 1
            v = (d + off * one).isoformat() + ("TNI" if parts[1] == "tonight" else "")
            return [(s, e, "TIME" if parts[1] == "tonight" else "DATE", v, ctx.dct_s, mod)]
        if w == "then":
            # "until then": the date just named (anaphoric; "since then" and "by then" are
            # mostly left unannotated)
            if not ctx.ref or ctx.ref.endswith("_REF"):
                return None
            return [(s, e, "DATE", ctx.ref, ctx.ref, None)]
        if w == "the time":
            # "saying at the time he was willing": the past time under discussion
            return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
        if w in ("then current", "then-current"):
            return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]  # "the then current price"
        if w == "a later date":
            return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
        if w.endswith(" day"):
            # "today is the eighth day of the siege", "it's the second day of the strike":
            # the DCT itself (present tense only; "was the second day" is left alone)
            if not re.search(r"(?i)\b(?:today|it|this|now)(?:\s+is|'s)\s+$",
                             text[max(0, s - 12):s]):
                return None
            return [(s, e, "DATE", ctx.dct_s, ctx.dct_s, None)]
        if w in ("now", "currently") and text[e:e + 1] == "," and SENT_START.search(
                text, max(0, s - 4), s):
            return None  # "Now, he says ...": a discourse marker opening the sentence
        if w in ("now", "right now", "just now", "nowadays", "currently", "presently",
                 "at present", "these days", "at the moment", "the present", "current",
                 "the time being"):
            if w == "current":
                after = text[e:e + 25].lower()
                if re.match(r"\s+(?:account|affairs|events|president|chairman|law|rules|"
                            r"system|members?|prime|minister|leaders?|leadership|"
                            r"government|administration|regime|form|flow|state|version|"
                            r"of|and|to)\b", after):
                    return None
            return [(s, e, "DATE", "PRESENT_REF", ctx.dct_s, None)]
        if w == "recent" and re.match(r"\s+(?:days|weeks|months|years|quarters|decades)\b",
                                      text[e:e + 12], re.I):
            return None
        if w == "recent" and re.search(r"(?i)\b(?:the|an?)\s+$", text[max(0, s - 5):s]):
            return None  # "the recent collapse", "a recent offering": mostly left unannotated
        if w in ("recently", "lately", "recent", "the past", "once", "formerly", "hitherto"):
            if w == "once":
                after = text[e:e + 20].lower()
                before = text[max(0, s - 10):s].lower()
                if not re.match(r"\s+(?:a|an|the)?\s*(?:high|mighty|proud|powerful|"
                                r"thriving|popular|prominent|dominant)", after) or \
                        re.search(r"at\s+$", before):
                    return None
            if w in ("formerly", "hitherto"):
                return None
            if w == "the past":
                cm = PAST_COUNT.match(text, e)
                if cm is not None:
                    se = cm.group(1).lower()[:-1]
                    if se in SEASONS:  # "the past two winters": that season, recurring
                        return [(s, cm.end(), "SET", f"XXXX-{SEASONS[se]}", None, None)]
                    return None  # "the past three champions": a count, not the past
            return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
        if w in ("the future", "future", "soon", "in the near future", "in the long run",
                 "the near term", "the short term", "the long term"):
            if w == "soon" and (re.search(r"(?i)\bas\s+$", text[max(0, s - 4):s])
                                or re.match(r"\s+(?:after|afterwards|thereafter)\b", text[e:e + 14])
                                or tense_at(text, s, e) < 0):
                return None  # "as soon as", "soon after", "was soon released": no future
            if w in ("future", "the future") and (
                    re.search(r"(?i)\bforeseeable\s+$", text[max(0, s - 12):s])
                    or re.match(r"\s+of\b", text[e:e + 4])):
                return None  # "the foreseeable future", "the future of X": not annotated
            if w == "future" and re.search(r"'s\s+$", text[max(0, s - 3):s]) and \
                    re.match(r"\s+[a-z]+(?:ing|ship|s)\b", text[e:e + 20]):
                return None  # "Intel's future flagship", "the company's future earnings"
            if w == "future" and not re.search(r"(?:'s|\bthe|\bnear|\bdistant|\bin|\bfor|\bof|"
                                               r"\babout|\bforeseeable)\s+$",
                                               text[max(0, s - 14):s].lower()):
                return None  # "future earnings": an adjective
            if w == "in the near future":
                s = s + 3
            if w == "in the long run":
                return None
            return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
        return None

    if kind == "clock":
        if g("noon"):
            nn = g("noon").lower()
            if re.search(r"(?i)high\s+$", text[max(0, s - 6):s]):
                return None
            hh, mi = (24 if nn == "midnight" else 12), 0
        elif g("h24") is not None:
            hh, mi = int(g("h24")), int(g("mi24"))
            if not g("tz") and not g("wd") and not g("wd0") and not g("mon"):
                before = text[max(0, s - 6):s].lower()
                if not re.search(r"\b(?:at|by|from|until|till|to|after|before|around)\s+$",
                                 before) and not re.match(r"\s*(?:hours|hrs|h\b|local)",
                                                          text[e:e + 8]):
                    return None
        else:
            hh = int(g("h"))
            mi = int(g("mi") or 0)
            if hh == 0 or hh > 12:
                return None
            pm = g("ap").lower().startswith("p")
            if pm and hh != 12:
                hh += 12
            if not pm and hh == 12:
                hh = 0
        day = d
        anchor = ctx.dct_s
        if CLOCK_REF and ctx.ref and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.ref[:10]) and \
                len(ctx.ref) >= 10:
            # a bare clock time is on the day under discussion, the last explicit date
            day = date.fromisoformat(ctx.ref[:10])
            anchor = ctx.ref[:10]
        wd_s = g("wd") or g("wd0")
        if wd_s:
            w = wd_s.lower()
            if w in WEEKDAYS:
                day = weekday_date(ctx, WEEKDAYS[w], s, e)
            else:
                day = d + timedelta(days={"today": 0, "tonight": 0, "tomorrow": 1,
                                          "yesterday": -1}[w])
        elif g("mon"):
            mon = month_number(g("mon"))
            dn = day_number(g("d"))
            y = month_year(ctx, mon, dn, s, e)
            try:
                day = date(y, mon, dn)
            except ValueError:
                return None
        try:
            v = f"{day.isoformat()}T{hh:02d}:{mi:02d}"
        except ValueError:
            return None
        return [(s, e, "TIME", v, anchor, None)]

    if kind == "set":
        if g("adv"):
            a = g("adv").lower()
            nxt = re.match(r"\s+([a-z]+)", text[e:e + 20])
            det_before = re.search(r"\b(?:a|his|her|their|its|our|my|your)\s+$",
                                   text[max(0, s - 8):s].lower())
            if det_before and a in ("daily", "weekly", "hourly", "nightly", "monthly") and nxt:
                return [(s, e, "SET", {"daily": "P1D", "weekly": "P1W", "hourly": "PT1H",
                                       "nightly": "P1D", "monthly": "P1M"}[a], None, None)]
            if nxt and a not in ("annually", "every day") and nxt.group(1) not in (
                    "and", "or", "but", "to", "in", "on", "at", "for", "from", "with", "by",
                    "since", "until", "through", "during", "as", "about", "if", "when",
                    "while", "because", "so", "than", "the", "a", "an", "this", "that", "his",
                    "her", "their", "its", "our", "basis"):
                return None
            before = text[max(0, s - 8):s].lower()
            if re.search(r"(?:party|the|a|its|his|their)\s+$", before):
                return None
            if a in ("annually", "yearly", "quarterly") and re.search(
                    r"(?:%|\bpercent|\bper cent|\bunits|\bprofits)\s+$",
                    text[max(0, s - 12):s].lower()):
                return None  # a growth rate, "rise 8.5% annually": not annotated
            v = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                 "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
                 "biweekly": "P2W", "bimonthly": "P2M", "semiannually": "P6M",
                 "every day": "P1D", "everyday": "P1D"}[a]
            return [(s, e, "SET", v, None, None)]
        if g("times"):
            return [(s, e, "SET", duration_value(1, g("unit2")), None, None)]
        if (g("q") or "").lower() == "per" and re.search(
                r"(?:\d|\b(?:million|billion|thousand|hundred))\s+\w+\s+$",
                text[max(0, s - 30):s]):
            return None  # a rate, "15 million instructions per second": not annotated
        unit = g("unit").lower()
        if unit in WEEKDAYS:
            return [(s, e, "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None, None)]
        if unit in PARTS_OF_DAY:
            return [(s, e, "SET", "P1D", None, None)]
        if unit in SEASONS:
            return [(s, e, "SET", f"XXXX-{SEASONS[unit]}", None, None)]
        if unit in MONTHS:
            return [(s, e, "SET", f"XXXX-{MONTHS[unit]:02d}", None, None)]
        n = number_value(g("n")) if g("n") else 1
        if g("other"):
            n = (n or 1) * 2
        if n is None:
            return None
        return [(s, e, "SET", duration_value(n, unit), None, None)]

    if kind == "spoken":
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

    if kind == "spokenmy":
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

    if kind == "anaph":
        if g("pod"):
            # "(dealers bought) in the morning" after "dashed Friday": that day's morning,
            # when a day was named in this sentence or the one before
            if ctx.scratch:
                return [(s, e, "TIME", ctx.dct_s + PARTS_OF_DAY[g("pod").lower()], None, None)]
            if ctx.day is None or ctx.day_at < 0 or s - ctx.day_at > 250 or \
                    len(SENT_BREAK.findall(re.sub(r"\s+", " ", text[ctx.day_at:s]))) > 1:
                return None
            pod = g("pod").lower()
            hm = HOUR_IN.search(text, max(0, s - 24), s)
            if hm:
                # "at 4 in the morning": a clock time on that day
                h = number_value(hm.group(1))
                if h is not None and 1 <= h <= 12:
                    h = int(h) % 12 + (12 if pod != "morning" else 0)
                    return [(hm.start(), e, "TIME", f"{ctx.day.isoformat()}T{h:02d}:00",
                             ctx.day.isoformat(), None)]
            return [(s, e, "TIME", ctx.day.isoformat() + PARTS_OF_DAY[pod],
                     ctx.day.isoformat(), None)]
        if g("ye"):
            return [(s, e, "DATE", f"{d.year:04d}", ctx.dct_s, "END")]
        if g("qu"):
            y = int(g("y"))
            qu = g("qu").lower()
            if g("ord"):
                n = ORDINALS[g("ord").lower()]
                if qu == "half":
                    return [(s, e, "DATE", f"{y:04d}-H{min(n, 2)}", None, None)]
                return [(s, e, "DATE", f"{y:04d}-Q{n}", None, None)]
            base = ctx.q(s) or shift_value(f"{d.year:04d}-Q{quarter_of(d)}", -1, "Q")
            if qu == "half" or base is None or ytd_topic(text, s):
                return [(s, e, "DATE", f"{y:04d}", None, None)]
            return [(s, e, "DATE", f"{y:04d}{base[4:]}", base, None)]
        det = re.sub(r"\s+", " ", g("det").lower())
        unit = g("unit").lower()
        base = ctx.ref or ctx.dct_s
        step = {"that": 0, "that same": 0, "the same": 0, "the following": 1, "the next": 1,
                "the previous": -1, "the preceding": -1, "the prior": -1}[det]
        if unit in ("morning", "afternoon", "evening", "night"):
            if len(base) < 10:
                return None
            day = date.fromisoformat(base[:10]) + timedelta(days=step)
            return [(s, e, "TIME", day.isoformat() + PARTS_OF_DAY[unit], base, None)]
        if unit == "quarter":
            q = ctx.q(s)
            if q is None:
                return None
            v = shift_value(q, step, "Q")
            return [(s, e, "DATE", v, q, None)] if v else None
        if unit == "day":
            if len(base) < 10:
                return None
            v = (date.fromisoformat(base[:10]) + timedelta(days=step)).isoformat()
        elif unit == "week":
            if len(base) < 10:
                return None
            v = iso_week(date.fromisoformat(base[:10]) + timedelta(weeks=step))
        elif unit == "month":
            if len(base) < 7:
                return None
            y, mo = add_months(int(base[:4]), int(base[5:7]), step)
            v = f"{y:04d}-{mo:02d}"
        else:
            v = f"{int(base[:4]) + step:04d}"
        s2 = m.start("det") if (g("mod") or "").lower() in ("earlier", "later") else s
        return [(s2, e, "DATE", v, base, mod_of_word(g("mod")))]

    if kind == "season":
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

    if kind == "holiday":
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
