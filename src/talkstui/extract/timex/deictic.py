"""The TimeML conventions for deictic expressions and times: weekdays, "today", "now",
"recently" and the like, clock times and sets ("every week")."""


from __future__ import annotations

import re
from datetime import date, timedelta
from talkstui.extract.timex.patterns import (
    MONTHS, PARTS_OF_DAY, SEASONS, WEEKDAYS,
)
from talkstui.extract.timex.arithmetic import (
    duration_value, number_value,
)
from talkstui.extract.timex.anchoring import (
    CLOCK_REF, DocumentContext, GENERIC_TODAY, NormalisedSpan,
    PAST_COUNT, POD_SUFFIX, SENT_START, day_number, mod_of_word, month_number, month_year, tense_at, weekday_date,
)




def normalise_weekday(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    s, e = m.start(), m.end()
    g = m.group

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
    return None


def normalise_deictic(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    return None


def normalise_clock(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    d = ctx.dct
    g = m.group

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
    return None


def normalise_set(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:  # noqa: C901
    text = ctx.text
    s, e = m.start(), m.end()
    g = m.group

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
    return None
