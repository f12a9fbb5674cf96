"""The TimeML conventions for relative and anaphoric expressions: "the next UNIT", "last
/ this / next UNIT", "NUM UNIT (ago / later)", bare units and "that day" / "a year
earlier"."""


from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import (
    ORDINALS, PARTS_OF_DAY, SEASONS, SEASON_ORDER, UNITS, WEEKDAYS,
)
from talkstui.extract.timex.arithmetic import (
    add_months, duration_value, iso_week, number_value, offset_from_dct, quarter_of, season_of,
    shift_value,
)
from talkstui.extract.timex.anchoring import (
    DocumentContext, ENDED, HOUR_IN, N_MONTHS, NormalisedSpan,
    PERSON_AFTER, RESULTS_OF, SENT_BREAK, YTD_PERIOD,
    day_number, mod_of_word, month_number, month_year, said_on, tense_at, weekday_date, ytd_topic,
)




_YEAR_NUMBER = re.compile(r"\s+\d{4,}")


def normalise_theunit(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    if unit == "year" and det == "the" and _YEAR_NUMBER.match(text, e):
        # "the year 2500 ...": the number is the year the article names; the year family
        # takes it when it can, "the year" alone would state the current year
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
    return None


def normalise_rel(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    return None


def normalise_numunit(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    return None


def normalise_bareunit(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    g = m.group

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
    return None


def normalise_anaph(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    return None
