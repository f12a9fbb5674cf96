"""Find time expressions in English news text and normalise them to TimeML TIMEX3 values.

Pure: ``extract_times(text, dct)`` takes the text and the document creation time (DCT) and
returns :class:`~talkstui.model.TimeExpr` objects sorted by offset, non-overlapping, with
offsets into exactly the text given. No I/O, no clock, no Textual.

How it works (rule-based, in the spirit of HeidelTime):

1. *Find.* One precompiled regular expression per family of expressions (absolute dates,
   deictic words, "NUM UNIT" spans, relative "this/last/next UNIT", weekdays, clock times,
   quarters, sets ...). A family's long pattern only runs in windows around its short
   trigger words (month names, unit words, digits ...), so the text is scanned by cheap
   patterns at C speed, with no Python per-character loops. Every match is a candidate.
2. *Merge.* Longest match wins, then the earlier one, then the family priority; a candidate
   that does not normalise (a bare "1988" that is a count, "May" the modal) leaves its span
   to the others; overlapping losers are dropped.
3. *Normalise.* In text order, each winner is turned into a TIMEX3 value against an anchor:
   the DCT for deictic expressions ("today", "this month", "Wednesday" with the tense of the
   nearby verbs: "will meet on Wednesday" is the next one, "said on Monday" the last one, or
   today), or the most recent explicit reference in the text for anaphoric ones ("a year
   earlier" after "the third quarter" is the third quarter of the year before, "the
   following month", "that day"). Anchoring weekdays on the last explicit date instead of
   the DCT was measured on TempEval-3 and is worse, as HeidelTime found for news.

Conventions follow the TimeML annotations of TempEval-3 where they are consistent: "the
past three years" is a DURATION (P3Y), "three years ago" a DATE (the DCT year minus 3),
"the 1990s" is 199, "the third quarter" 2025-Q3, "now" PRESENT_REF, "recently" PAST_REF,
"in the future" FUTURE_REF, "every week" a SET P1W; "previously" and "former" are not time
expressions. A range such as "10 or 12 days" is one DURATION with the first value and mod
APPROX; "July 23-24" is two DATEs.

Values never claim more precision than the text: a week is ``2025-W30``, a month ``2025-07``.

Conventions chosen by counting how the TempEval-3 training data annotates each construction
(majority wins, checked separately on TimeBank and AQUAINT): in earnings news the quarter under
discussion is the latest closed one mentioned ("a year ago" after "the third quarter" is last
year's third quarter, a forecast for the current quarter does not change that); "the quarter
ended July 31" is the calendar quarter of its middle month (2Q); "the quarter a year ago",
"last year's quarter" are one expression; "the following year", "the previous Friday" count
from the time under discussion; a bare weekday is never five or six days ahead of the DCT
(a future cue that far is about a past event) unless a deadline says so ("until Tuesday");
"by February" points ahead. Left unannotated: sentence-opening "Now," / "Currently,", generic
"today's youth", growth rates ("8% annually", "per second"), "the foreseeable future", "the
future of", adjectival "the recent X" / "a recent X", titles ("This Week", "60 Minutes").
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from talkstui.model import TimeExpr

__all__ = ["extract_times", "TIMEX3_VALUE", "is_timex3_value"]

# ----------------------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
PARTS_OF_DAY = {
    "morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "overnight": "TNI",
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "last": 4, "final": 4,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "one hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2,
    "couple of": 2, "half a": 0.5, "a half": 0.5, "thousand": 1000, "a thousand": 1000,
    "another": 1, "an additional": 1, "a further": 1, "an extra": 1,
}
VAGUE_NUMBERS = {"a few", "few", "several", "some", "many", "the", "a number of", "numerous",
                 "a series of"}
# unit -> (TIMEX3 duration designator, is time part, multiplier)
UNITS = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1),
    "fortnight": ("W", False, 2), "month": ("M", False, 1), "year": ("Y", False, 1),
    "decade": ("Y", False, 10), "century": ("Y", False, 100), "quarter": ("Q", False, 1),
    "weekend": ("D", False, 2), "yr": ("Y", False, 1), "min": ("M", True, 1),
    "hr": ("H", True, 1),
}

_UNIT_RE = (r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
            r"|years?|yrs?|decades?|century|centuries|quarters?|weekends?)")
_NUM_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|"
             r"three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight"
             r"|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
             r"|nineteen|(?:a |one )?hundred|(?:a )?thousand|(?:a )?dozen)")
_NUM = (r"(?:\d{1,3}(?:,\d{3})+|\d+ 1/2|\d+(?:\.\d+)?|" + _NUM_WORD +
        r"|a couple(?: of)?|couple of|half an?|an?|a few|few|several|some|many|numerous"
        r"|a number of)")
_MONTH_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October"
               r"|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST"
               r"|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)")
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = r"(?:" + _MONTH_FULL + r"|" + _MONTH_ABBR + r")"
_WEEKDAY = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_POD = r"(?:morning|afternoon|evening|night)"

# ----------------------------------------------------------------------------- patterns
# Each family is one compiled regex, scanned once. Case-insensitive parts are marked (?i:...)
# so that month names and "May" stay case-sensitive.

_F = re.compile  # noqa: N816

PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    # ISO date / datetime: 2025-07-21, 2025-07-21T11:00
    ("iso", _F(r"(?<![\d\-/.])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
               r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
               r"(?:Z|[+-]\d\d:?\d\d)?)?(?![\d\-])"), 9),
    # US numeric date 7/21/2025, 7/21/98
    ("slash", _F(r"(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/"
                 r"(?P<y>\d{4}|\d\d)(?![\d/])"), 8),
    # Month day[, year], with optional weekday in front and day ranges: "Wednesday, July 23",
    # "July 23-24", "Aug. 7, 1998", "May 16"
    ("mdy", _F(r"(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?:(?i:the\s+)?(?P<mod>(?i:early|mid|late))"
               r"[- ])?(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAYNUM + r")(?!\d|:\d|,\d)"
               r"(?:(?P<rsep>\s*(?:-|–|—|(?i:to|and|or|through))\s*)(?P<d2>" + _DAYNUM +
               r")(?!\d|[:.%]\d))?(?:,?\s+(?P<y>" + _YEAR + r")(?![\d%]|,\d))?"), 7),
    # day Month [year]: "16 May 2025", "2 June", "the 2nd of June"
    ("dmy", _F(r"(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?<![\d.,])(?P<d>" + _DAYNUM +
               r")(?:(?P<rsep>\s*(?:-|–|and|or|to)\s*)(?P<d2>" + _DAYNUM +
               r"))?\s+(?i:of\s+)?(?P<mon>" + _MONTH + r")(?:,?\s+(?P<y>" + _YEAR +
               r")(?![\d%]|,\d))?"), 7),
    # Month year: "February 2022", "early March 1990", "mid-2025" handled by year family
    ("my", _F(r"(?:(?i:the\s+)?(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start "
              r"of|the middle of))[- ]?)?(?P<mon>" + _MONTH + r"),?\s+(?:(?i:of\s+))?(?:(?P<y>"
              + _YEAR + r")(?![\d%]|,\d)|(?P<yrel>(?i:this|last|next|the same))\s+year\b)"),
     6),
    # "the week of March 6"
    ("weekof", _F(r"(?i:\bthe\s+week\s+of\s+)(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAYNUM +
                  r")(?!\d)(?:,?\s+(?P<y>" + _YEAR + r")(?!\d))?"), 7),
    # Month alone, optionally modified: "in January", "late November", "last April",
    # "the end of August"
    ("month", _F(r"(?:(?P<rel>(?i:last|next|this|this past|this coming|(?:the\s+)?(?:early|"
                 r"mid|late|end|beginning|start|middle)(?:\s+of)?|(?:the\s+)?(?:end|beginning|"
                 r"start|middle)\s+of|by(?: the end of)?|in|since|until|of|during|before|after"
                 r"|from|through|throughout|on|to|the))[- ]+)?(?P<mon>" + _MONTH_FULL +
                 r")(?!\s*\d)\b"), 3),
    # Years: "1998", "fiscal 1989", "mid-1990", "the year 2000", "1998's"
    ("year", _F(r"(?:(?P<pre>(?i:fiscal(?:\s+year)?|calendar|the\s+year|(?:the\s+)?(?:early|"
                r"mid|late|end of|start of|beginning of|post|pre)))[- ]+|(?<![\d$£€#.,/:-]))"
                r"(?P<y>" + _YEAR + r")(?![\d%]|,\d|\.\d|\s*(?:%|(?i:percent|per cent))|-\d)"
                r"(?:(?P<yr2>\s*(?:-|–|/)\s*\d\d(?!\d)))?"), 4),
    # Decades and centuries: "the 1990s", "the '80s", "mid-1980s", "the 20th century"
    ("decade", _F(r"(?i:(?:the\s+)?(?:(?P<mod>early|mid|late)[- ])?)(?:(?P<dec>1\d\d0|20\d0)"
                  r"'?s|'(?P<dec2>\d0)s)\b|(?i:(?:the\s+)?(?P<cent>\d\d?)(?:st|nd|rd|th)"
                  r"\s+century|(?P<cw>this|last|next)\s+century)"), 5),
    # Quarters and halves: "the third quarter", "third-quarter", "the fiscal first quarter",
    # "next year's first quarter", "the first half of 1990"
    ("quarter", _F(r"(?i:(?:(?P<yrs>next year's|last year's|this year's|the year-earlier|"
                   r"the year-ago|year-earlier|year-ago|(?:19|20)\d\d's)\s+|(?:the\s+)?)"
                   r"(?:(?:fiscal|calendar)[- ])?(?P<ord>first|second|third|fourth|1st|2nd|3rd"
                   r"|4th|last(?=[- ](?:half|two))|(?P<two>first|last)\s+two)[- ](?:fiscal[- ])?"
                   r"(?P<unit>quarter|half|period)"
                   r"(?:s(?![a-z]))?(?![a-z])(?:(?:\s+of)?\s+"
                   r"(?:(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)|(?P<yw>this year|last year|next "
                   r"year))(?!\d))?)"), 6),
    # The anaphoric period nouns: "the quarter", "the latest quarter", "the year-earlier
    # quarter", "the same period a year earlier", "year-earlier", "the week", "the weekend"
    ("theunit", _F(r"(?i:\b(?P<det>the\s+(?:latest|current|most recent|recent|past|prior|"
                   r"previous|year-earlier|year-ago|same|fiscal|comparable|first|full|entire"
                   r"|whole)?\s*(?P<fy>(?<=[a-z] )fiscal\s+(?=year))?|)(?P<unit>quarter|period|"
                   r"year-earlier|year-ago|week|weekend|"
                   r"month|year|decade)(?!-)\b)"), 1),
    # The reporting period a year back: "the quarter a year ago", "last year's quarter",
    # "the corresponding period last year", "the comparable year-ago quarter"
    ("qyago", _F(r"(?i:\b(?:the|its)\s+(?:(?:corresponding|comparable|same)\s+)?(?:quarter|"
                 r"period)\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+"
                 r"(?:previous|prior)\s+year)\b|\blast\s+year's\s+(?:quarter|period)\b|"
                 r"\bthe\s+(?:comparable|corresponding|same)\s+(?:year-ago|year-earlier)\s+"
                 r"(?:quarter|period)\b)"), 6),
    # Relative: "this week", "last year", "next month", "earlier this month",
    # "the upcoming week", "the end of this year", "early next year", "this summer",
    # "last Friday", "the past year", "the coming months"
    ("rel", _F(r"(?i:\b(?:(?P<mod>earlier|later|early|late|mid|the end of|the beginning of|"
               r"the start of|the middle of|the rest of|the remainder of|end of|start of|"
               r"beginning of|middle of|the first half of|the second half of)[- ]+)?"
               r"(?P<det>this past|this coming|this|last|next|past|coming|previous|current|"
               r"upcoming|following|the past|the coming|the next|the last|the previous|"
               r"the upcoming|the current|the following|the same)\s+"
               r"(?P<unit>weeks?|weekends?|months?|years?|quarters?|decades?|centur(?:y|ies)|"
               r"days?|spring|summer|fall|autumn|winter|season|monday|tuesday|wednesday|"
               r"thursday|friday|saturday|sunday|morning|afternoon|evening|night)\b)"), 5),
    # NUM UNIT: durations, "three years ago", "a year earlier", "50-day", "the past three
    # years", "the first nine months", "10 or 12 days", "more than four hours"
    ("numunit", _F(r"(?i:\b(?:(?P<the>the|each of the|all of the)\s+)?(?:(?P<det>past|last|"
                   r"next|first|previous|coming|following|final|latest|recent|initial|"
                   r"remaining|preceding|ensuing|same|additional|other|further)\s+)?"
                   r"(?:(?P<appr>more than|less than|fewer than|about|nearly|almost|around|"
                   r"roughly|at least|at most|up to|over|under|approximately|only|just|some|"
                   r"barely|a full|full)\s+)?"
                   r"(?P<n>another|an additional|a further|an extra|" + _NUM + r")(?:(?P<alt>\s+"
                   r"(?:or|to)\s+|\s*[-–]\s*)(?P<n2>" + _NUM + r"))?(?:\s+(?:more|additional|"
                   r"extra|further|trading|business|working|calendar))?"
                   r"(?P<sep>[\s-]+)(?P<unit>" + _UNIT_RE + r")(?P<half>\s+and\s+a\s+half)?"
                   r"(?P<orso>\s+or\s+(?:so|two|three|more))?"
                   r"(?:(?P<old>-old)|\s+(?P<rel>ago|earlier|later|before|after|from now|"
                   r"ahead|hence|back|previously|since|old|long))?\b)"), 6),
    # Plain vague plural units: "years", "months", "weeks ahead", "for days"
    ("bareunit", _F(r"(?i:\b(?:(?P<the>the)\s+)?(?:(?P<det>past|last|next|coming|recent|"
                    r"following|ensuing|early|first)\s+)?(?P<unit>minutes|hours|days|weeks|"
                    r"months|years|decades|centuries|"
                    r"(?P<lu>day|week|month|year|decade)s?(?=-long\b))"
                    r"(?:\s+or\s+(?:hours|days|weeks|months|years|decades)\b)?"
                    r"(?:(?P<long>-long)|\s+(?P<rel>ago|ahead|to come|earlier|later)|"
                    r"(?=\s+of\s+(?P<of>[a-z])))?\b)"),
     2),
    # Weekdays (with part of day): "Wednesday", "Friday night", "Sunday's", "on Mondays"
    ("weekday", _F(r"(?P<wd>" + _WEEKDAY + r")(?P<pl>s)?\b(?:\s+(?P<pod>(?i:" + _POD +
                   r"))(?P<podpl>s)?\b)?"), 4),
    # Deictic words
    ("deictic", _F(r"(?i:\b(?P<w>today|tonight|tomorrow|yesterday|now|"
                   r"nowadays|currently|presently|at present|these days|at the moment|"
                   r"recently|lately|recent|the past|the future|future|the present|soon|"
                   r"the (?:near|short|long) term|"
                   r"current|overnight|this (?:morning|afternoon|evening)|last night|"
                   r"the day before yesterday|the day after tomorrow|once|formerly|"
                   r"the time being|in the near future|in the long run|hitherto|"
                   r"(?<=[a-z,] at )the time(?![-\w]|\s+(?:of|when|that|being)\b)|"
                   r"then[- ]current|"
                   r"a later date|(?<=\b[Uu]ntil )then|"
                   r"(?:(?<=\bis )|(?<='s ))(?:the\s+)?(?:first|second|third|"
                   r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+day"
                   r"(?=\s+(?:of|in|since)\b)|"
                   r"(?:early|late|mid)[- ]?(?:morning|afternoon|evening)(?:\s+(?:today|"
                   r"yesterday|tomorrow))?|"
                   r"(?:early|late|later|earlier)\s+(?:today|tonight|yesterday|tomorrow)|"
                   r"(?:today|tomorrow|yesterday)(?:'s)?\s+(?:morning|afternoon|evening|"
                   r"night)|(?:yesterday|today|tomorrow)\s+(?:morning|afternoon|evening))\b)"),
     3),
    # Clock times: "11 a.m.", "15:00 GMT", "10:35 a.m. local time", "noon Thursday",
    # "5 p.m. EST Nov. 9"
    ("clock", _F(r"(?:(?P<wd0>" + _WEEKDAY + r"|(?i:today|tomorrow|yesterday|tonight)),?\s+"
                 r"(?i:at|by|from|around|about)\s+)?"
                 r"(?<![\d.,:$])(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>"
                 r"[AaPp]\.\s?[Mm]\.?|[AaPp][Mm]\b)|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)"
                 r"(?![\d:])|\b(?P<noon>(?i:noon|midnight|midday))\b)"
                 r"(?:\s+(?P<tz>GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|MSK|EET|EEST|"
                 r"(?i:local time|Moscow time|Kyiv time|Eastern time|ET\b)))?"
                 r"(?:,?\s+(?:(?i:on|this|next|last)\s+)?(?P<wd>" + _WEEKDAY + r"|(?i:today|"
                 r"tomorrow|yesterday|tonight))|,?\s+(?:(?i:on)\s+)?(?P<mon>" + _MONTH +
                 r")\s+(?P<d>" + _DAYNUM + r")(?!\d))?"), 8),
    # Sets: "every week", "each year", "daily", "twice a week", "a year" after a rate
    ("set", _F(r"(?i:\b(?:(?P<q>every|each|per)\s+(?P<other>other\s+)?(?:(?P<n>" + _NUM_WORD +
               r"|\d+)\s+)?(?P<unit>" + _UNIT_RE + r"|monday|tuesday|wednesday|thursday|"
               r"friday|saturday|sunday|morning|afternoon|evening|night|spring|summer|fall|"
               r"autumn|winter|january|february|march|april|may|june|july|august|september|"
               r"october|november|december)|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|"
               r"hourly|nightly|biweekly|bimonthly|semiannually|every day|everyday)|"
               r"(?P<times>once|twice|three times|four times|\d+ times)\s+(?:a|an|per)\s+"
               r"(?P<unit2>day|week|month|year|hour|minute|decade)))\b"), 5),
    # Spoken years: "nineteen ninety-six", "two thousand"
    ("spoken", _F(r"(?i:\b(?:the\s+year\s+)?(?P<c>nineteen|eighteen|twenty)[\s-]+(?P<t>(?:twenty|"
                  r"thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four"
                  r"|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                  r"sixteen|seventeen|eighteen|nineteen|hundred|oh[\s-](?:one|two|three|four|"
                  r"five|six|seven|eight|nine))\b|\b(?:the\s+year\s+)?two\s+thousand(?:\s+"
                  r"(?:and\s+)?(?P<t2>one|two|three|four|five|six|seven|eight|nine|ten))?\b)"),
     3),
    # Spoken years after a month or season, spoken decades (broadcast transcripts):
    # "January nineteen ninety-seven", "the winter of nineteen ninety-four", "the nineties"
    ("spokenmy", _F(r"(?i:\b(?:(?P<the>the\s+)?(?P<se>spring|summer|fall|autumn|winter)\s+of"
                    r"|(?P<mon>" + _MONTH_FULL + r")(?:,?\s+of)?)\s+(?P<sy>(?:nineteen|eighteen)"
                    r"[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]"
                    r"(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|"
                    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+"
                    r"thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine"
                    r"|ten))?)\b|\bthe\s+(?:(?P<mod>early|mid|late)[- ])?(?P<dc>nineteen\s+)?"
                    r"(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|"
                    r"nineties)\b)"), 6),
    # Year ends and anaphoric periods: "year-end", "by year's end", "that year",
    # "later that year", "the same day", "the following month", "the 1988 quarter"
    ("anaph", _F(r"(?i:\b(?P<ye>(?:the\s+)?(?:fiscal\s+)?year[- ]end|year's\s+end|the\s+end\s+of\s+"
                 r"the\s+year)\b|\b(?:(?P<mod>earlier|later|early|late)\s+)?(?P<det>that|that "
                 r"same|the same|the following|the next|the previous|the preceding|the prior)\s+"
                 r"(?P<unit>day|week|month|year|quarter|morning|afternoon|evening|night)\b"
                 r"|\bthe\s+(?P<y>(?:19|20)\d\d)\s+(?:(?P<ord>first|second|third|fourth)[- ])?"
                 r"(?:fiscal\s+)?(?P<qu>quarter|period|half)\b"
                 r"|(?<=\bin )the\s+(?P<pod>morning|afternoon|evening)\b(?!\s+of\b))"), 5),
    # Seasons: "the summer", "early summer", "summer 2025"
    ("season", _F(r"(?i:\b(?:(?P<the>the|this past|over the)\s+)?(?:(?P<mod>early|mid|late)[- ])?"
                  r"(?P<se>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d))?"
                  r"(?![-\w]))"), 2),
    # Holidays
    ("holiday", _F(r"(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>Christmas(?: Day| Eve)?|"
                   r"New Year's(?: Day| Eve)?|Thanksgiving(?: Day)?|Independence Day|"
                   r"Halloween|Valentine's Day|Easter(?: Sunday)?|Labor Day|Memorial Day|"
                   r"Victory Day|Election Day)(?P<wk>\s+week)?(?:,?\s+(?P<y>" + _YEAR +
                   r"))?\b"), 5),
]

# ----------------------------------------------------------------------------- validator

TIMEX3_VALUE = re.compile(
    r"^(?:"
    r"\d{2}|\d{3}|\d{4}|[0-9X]{4}"  # century, decade, year
    r"|[0-9X]{4}-(?:0[1-9]|1[0-2]|XX)"  # month
    r"|[0-9X]{4}-(?:0[1-9]|1[0-2]|XX)-(?:0[1-9]|[12]\d|3[01]|XX)"  # day
    r"(?:T(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?|T(?:MO|AF|EV|NI|DT))?"  # time
    r"|[0-9X]{4}-W(?:0[1-9]|[1-4]\d|5[0-3]|XX)(?:-[1-7]|-WE)?(?:T(?:MO|AF|EV|NI))?"  # week
    r"|[0-9X]{4}-Q[1-4X]|[0-9X]{4}-H[12X]|[0-9X]{4}-(?:SP|SU|FA|WI)"  # quarter, half, season
    r"|T(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?"  # bare time
    r"|P(?:(?:\d+(?:\.\d+)?|X)[YQMWD])+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"  # durations
    r"|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r")$"
)


def is_timex3_value(value: str) -> bool:
    """True when `value` is a well-formed TIMEX3 value of the kinds this module emits."""
    return bool(TIMEX3_VALUE.match(value))


# ----------------------------------------------------------------------------- tense

# "n": passives and participles after an auxiliary ("would be held"): not a tense cue;
# "f": future; "p": past. Alternation order matters: "planned" is a future cue.
_CUES = re.compile(
    r"(?P<n>\b(?i:be|been|being|is|are|get|got|gets)\s+(?!(?i:scheduled|planned|expected|"
    r"slated|set|due)\b)(?i:\w{3,}ed|held|made|set|met|"
    r"taken|given|seen|sent|put|paid|cut|won|lost|told|done|shown|known)\b)"
    r"|\b(?P<f>(?i:will|won't|wo n't|shall|would|is to|are to|was to|were to|going to|"
    r"scheduled|slated|planned|planning|plans? to|expected|expects?|due|set to|set for|"
    r"is set|are set|"
    r"upcoming|"
    r"to be|to meet|to hold|to visit|to begin|to start|to resume|to take place|"
    r"to travel|to attend|to sign|to vote|to announce|to open|to end|to arrive|to leave|"
    r"(?<!\bthe )(?<!\bits )(?<!\bour )(?<!\bhis )(?:intends?|hopes?|aims?)|"  # not nouns
    r"proposed|ahead of|until|next|starting|pending|deadline|effective|"
    r"payable|"
    r"as early as|as soon as|as late as|"
    # news writes scheduled events in the present: "Arafat meets Albright Monday"
    r"tentatively|(?<!\bto )(?:meets?|visits?|begins?|opens?|arrives?|leaves?|heads?|"
    r"travels?|resumes?|convenes?))|could|may|might|should|must)\b"
    # a pluperfect schedule ("had been due to expire Friday") is a plan overtaken: past
    r"|\b(?P<p>(?i:had\s+been\s+(?:due|scheduled|slated|planned|expected|set)|"
    r"said|says|say|was|were|had|did|told|reported|announced|ago|last|earlier|"
    r"previously|since|been|(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bstill )(?<!\bvery )"
    r"(?<!\bmore )(?<!\bmost )(?<!\bnewly )(?!un)"
    r"(?!\w*(?:ceed|need|speed|indeed)\b)\w{3,}ed"  # "will succeed" is not a past tense
    r"|began|met|held|took|came|went|spoke"
    r"|gave|made|left|saw|fell|rose"
    r"|won|lost|got|sent|wrote))\b"
)
_RIGHT_CUES = re.compile(
    r"\b(?P<f>(?i:will|would|is to|are to|'ll|plans? to|is expected|are expected|"
    r"(?:was|were|is|are)\s+(?:planning|preparing|scheduled|due|set)))\b"
    r"|\b(?P<p>(?i:said|says|told|announced|reported|was|were|had|did|met|held|\w{3,}ed))\b"
)
# a sentence ends at . ! ? ; before a space, but not after an initial, "a.m." or "Mr."
_SENT_BREAK = re.compile(r"(?<!\b[A-Za-z])(?<!\b[ap]\.m)(?<!\bMr)(?<!\bMrs)(?<!\bMs)"
                         r"(?<!\bDr)(?<!\bSt)(?<!\bNo)"
                         r"(?<!\bJan|\bFeb|\bMar|\bApr|\bAug|\bSep|\bOct|\bNov|\bDec)"
                         r"(?<!\bJun|\bJul)(?<!\bSept)[.!?;]\s|\n")


def _tense(text: str, start: int, end: int) -> int:
    """+1 future, -1 past, 0 unknown, from the verbs nearest the expression in its sentence."""
    lo = max(0, start - 80)
    left = text[lo:start]
    cut = None
    for cut in _SENT_BREAK.finditer(left):
        pass
    if cut is not None:
        left = left[cut.end():]
    best_d, best = 10**9, 0
    for m in _CUES.finditer(left):
        if m.group("n"):
            continue
        d = len(left) - m.end()
        if d <= best_d:
            best_d, best = d, (1 if m.group("f") else -1)
    right = text[end:end + 60]
    cut = _SENT_BREAK.search(right)
    if cut is not None:
        right = right[:cut.start()]
    m = _RIGHT_CUES.search(right)
    if m is not None and m.start() < 40 and (best == 0 or best_d > 40):
        return 1 if m.group("f") else -1
    return best


# ----------------------------------------------------------------------------- calendar

def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + n
    return t // 12, t % 12 + 1


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _season_of(d: date) -> tuple[int, str]:
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


def _shift_value(value: str, n: int, unit: str) -> str | None:
    """Shift a TIMEX3 date value by n units, keeping its granularity where possible."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            d = date.fromisoformat(value)
            if unit == "D":
                return (d + timedelta(days=n)).isoformat()
            if unit == "W":
                return (d + timedelta(weeks=n)).isoformat()
            if unit == "M":
                y, m = _add_months(d.year, d.month, n)
            else:
                y, m = d.year + n, d.month
            day = min(d.day, 28) if m == 2 else min(d.day, 30 if m in (4, 6, 9, 11) else 31)
            return date(y, m, day).isoformat()
        if re.fullmatch(r"\d{4}-\d\d", value):
            y, m = int(value[:4]), int(value[5:7])
            if unit == "M":
                y, m = _add_months(y, m, n)
                return f"{y:04d}-{m:02d}"
            if unit == "Y":
                return f"{y + n:04d}-{m:02d}"
            return None
        mq = re.fullmatch(r"(\d{4})-Q(\d)", value)
        if mq:
            y, q = int(mq.group(1)), int(mq.group(2))
            if unit == "Y":
                return f"{y + n:04d}-Q{q}"
            if unit == "Q":
                t = y * 4 + q - 1 + n
                return f"{t // 4:04d}-Q{t % 4 + 1}"
            return None
        mw = re.fullmatch(r"(\d{4})-W(\d\d)", value)
        if mw and unit == "W":
            d = date.fromisocalendar(int(mw.group(1)), int(mw.group(2)), 1)
            return _iso_week(d + timedelta(weeks=n))
        ms = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if ms and unit == "Y":
            return f"{int(ms.group(1)) + n:04d}-{ms.group(2)}"
        if re.fullmatch(r"\d{4}", value) and unit == "Y":
            return f"{int(value) + n:04d}"
    except (ValueError, OverflowError):
        return None
    return None


def _num(s: str) -> float | None:
    s = s.lower().strip()
    s = re.sub(r"\s+", " ", s)
    if s in VAGUE_NUMBERS or s in ("a number of", "numerous"):
        return None
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    if s.endswith(" 1/2") and s[:1].isdigit():
        return float(s[:-4]) + 0.5
    if s[:1].isdigit():
        try:
            v = float(s.replace(",", ""))
        except ValueError:
            return None
        return v
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        a, b = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        return a * b if b >= 100 else a + b
    return None


def _fmt_num(v: float) -> str:
    if v == int(v):
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _duration(n: float | None, unit: str, half: bool = False) -> str:
    unit = unit.lower().rstrip("s") if unit.lower() not in ("centuries",) else "century"
    if unit.endswith("ie"):
        unit = unit[:-2] + "y"
    des, is_time, mult = UNITS.get(unit, ("D", False, 1))
    if n is None:
        amount = "X"
    else:
        v = n * mult + (0.5 * mult if half else 0)
        if v != int(v) and v * 2 == int(v * 2):
            # "5 1/2 hours" -> PT5H30M, "2 1/2 years" -> P2Y6M
            whole = int(v)
            sub = {"Y": ("M", 6, False), "H": ("M", 30, True), "D": ("H", 12, True),
                   "W": ("D", 3.5, False), "M": ("D", 15, False)}.get(des)
            if des == "M" and is_time:
                sub = ("S", 30, True)  # "a minute and a half" -> PT1M30S
            if sub:
                sdes, samt, stime = sub
                if sdes == "D" and samt != int(samt):
                    return ("PT" if is_time else "P") + _fmt_num(v) + des
                head = f"{whole}{des}" if whole else ""
                if is_time:
                    return f"PT{head}{_fmt_num(samt)}{sdes}"
                if stime:
                    return f"P{head}T{_fmt_num(samt)}{sdes}"
                return f"P{head}{_fmt_num(samt)}{sdes}"
        amount = _fmt_num(v)
    return ("PT" if is_time else "P") + amount + des


# ----------------------------------------------------------------------------- engine

class _Ctx:
    __slots__ = ("text", "dct", "dct_s", "ref", "ref_q", "ref_q_at", "day", "day_at", "scratch")

    def __init__(self, text: str, dct: date) -> None:
        self.text = text
        self.dct = dct
        self.dct_s = dct.isoformat()
        self.ref: str | None = None  # last explicit date value in text order
        self.ref_q: str | None = None  # last reported quarter mentioned ...
        self.ref_q_at = 0  # ... and where
        self.day: date | None = None  # the last day-precision date found, of any kind ...
        self.day_at = -1  # ... and where it ended
        self.scratch = False  # the context used only to test that a candidate normalises

    def set_q(self, value: str, at: int) -> None:
        # the reporting period stays the topic: an earlier quarter mentioned for comparison
        # ("after a flat second quarter") does not replace the latest one
        if self.ref_q is None or value >= self.ref_q:
            self.ref_q, self.ref_q_at = value, at

    def q(self, at: int) -> str | None:
        """The quarter under discussion at offset `at`, if one was mentioned recently."""
        if self.ref_q is not None and at - self.ref_q_at <= _Q_SPAN:
            return self.ref_q
        return None


# A year-to-date figure ("For the nine months, net was ... compared with ... a year
# earlier") compares with the year before, not with its quarter: when the latest period
# named before the expression, in its sentence or the one before, is a run of months
# rather than a quarter, "a year earlier" is the previous year (TimeBank: 7 of 9 such
# cases; the quarter stays the topic otherwise).
_YTD_PERIOD = re.compile(r"(?i)\b(?:(?:first|latest|past|the)\s+)(?:nine|six|9|6)\s+months\b"
                         r"|\byear\s+to\s+date\b")
_Q_PERIOD = re.compile(r"(?i)\bquarters?\b|\bquarterly\b|-quarter\b|\bthree\s+months\b")


def _said_on(ctx: _Ctx, at: int) -> bool:
    """True when a day in the past week was named earlier in this sentence ("announced on
    Saturday that ..."): the reported speech's own time, which a relative week follows."""
    if ctx.day is None or ctx.day_at < 0 or ctx.day_at > at:
        return False
    if not 0 < (ctx.dct - ctx.day).days <= 6:
        return False
    return _SENT_BREAK.search(ctx.text, ctx.day_at, at) is None


def _ytd_topic(text: str, at: int) -> bool:
    """True when the reporting period under discussion at `at` is a year-to-date run."""
    lo = max(0, at - 400)
    left = text[lo:at]
    breaks = [b.end() for b in _SENT_BREAK.finditer(left)]
    para = left.rfind("\n")
    # the current sentence and the one before, within the paragraph
    start = breaks[-2] if len(breaks) >= 2 else 0
    start = max(start, para + 1)
    left = left[start:]
    last_ytd = None
    for last_ytd in _YTD_PERIOD.finditer(left):
        pass
    if last_ytd is None:
        return False
    last_q = None
    for last_q in _Q_PERIOD.finditer(left):
        pass
    return last_q is None or last_q.start() < last_ytd.start()


_WD_REF = 0  # anchoring weekdays on the last explicit date: measured worse on TempEval (DCT wins)
_Q_SPAN = 10**9  # how far back a quarter stays the topic; shorter spans measured worse
_CLOCK_REF = 1
_WD_AHEAD = 5  # bare weekdays resolve at most this many days ahead of the DCT
_POD_SUFFIX = frozenset({"afternoon", "evening"})
_MONTH_SLACK = 60
_DAY_SLACK = 90


_DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s+$")
_PERSON_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:son|sons|daughters?|boys?|girls?|bab(?:y|ies)|"
                           r"child|children|infants?|grandsons?|granddaughters?|twins)\b")
_THROUGH = re.compile(r"\b(?:[Tt]hrough|[Tt]hru)\s+$")
_DEADLINE_MID = re.compile(r"\b(?:by|until|till)\s+$")


def _month_year(ctx: _Ctx, month: int, day: int | None, start: int, end: int) -> int:
    """The year of a month (and day) given without one: the closest to the DCT, ties by tense."""
    d = ctx.dct
    best = None
    for y in (d.year - 1, d.year, d.year + 1):
        try:
            cand = date(y, month, day or 15)
        except ValueError:
            continue
        dist = abs((cand - d).days)
        if best is None or dist < best[0]:
            best = (dist, y, cand)
    if best is None:
        return d.year
    dist, y, cand = best
    if day is None and dist > _MONTH_SLACK:
        t = _tense(ctx.text, start, end)
        if _DEADLINE.search(ctx.text, max(0, start - 12), start):
            t = 1  # "by February", "until January": a deadline, ahead of the DCT
        if t > 0 and cand < d:
            return y + 1
        if cand > d and _THROUGH.search(ctx.text, max(0, start - 10), start):
            return y  # "loans extended through January": the coming one
        if t <= 0 and cand > d:  # news narrates the past: a far month without tense is past
            return y - 1
    elif day is not None and dist > _DAY_SLACK:
        t = _tense(ctx.text, start, end)
        if t < 0 and cand > d:
            return y - 1
        if t > 0 and cand < d:
            return y + 1
    return y


def _future_sentence(text: str, start: int, end: int) -> bool:
    """True when the sentence around [start, end) has a future cue anywhere in it."""
    left = text[max(0, start - 300):start]
    cut = None
    for cut in _SENT_BREAK.finditer(left):
        pass
    if cut is not None:
        left = left[cut.end():]
    right = text[end:end + 300]
    cut = _SENT_BREAK.search(right)
    if cut is not None:
        right = right[:cut.start()]
    return any(m.group("f") for m in _CUES.finditer(left)) or \
        any(m.group("f") for m in _RIGHT_CUES.finditer(right))


def _weekday_date(ctx: _Ctx, wd: int, start: int, end: int, rel: str | None = None) -> date:
    d = ctx.dct
    if _WD_REF and ctx.ref and len(ctx.ref) >= 10 and rel is None:
        try:
            r = date.fromisoformat(ctx.ref[:10])
            if 0 < abs((r - d).days) <= _WD_REF:
                d = r
        except ValueError:
            pass
    delta = (wd - d.weekday()) % 7  # days forward to the next such weekday (0 = today)
    if rel == "last":
        return d - timedelta(days=(7 - delta) if delta else 7)
    if rel == "next":
        return d + timedelta(days=delta or 7)
    if delta == 0:
        return d
    t = _tense(ctx.text, start, end)
    if t > 0 and _DEADLINE_MID.search(ctx.text, max(0, start - 12), start):
        # "postponed until Tuesday": a deadline ahead (a sentence-opening "Until Thursday,"
        # frames a state that has just ended)
        return d + timedelta(days=delta)
    if t > 0 and delta < _WD_AHEAD:
        return d + timedelta(days=delta)
    if t == 0 and delta == 1 and _future_sentence(ctx.text, start, end):
        # no tense next to it, but the sentence looks ahead ("the envoy is due to land in
        # Kyiv, the first leg of the tour, Tuesday morning" written on a Monday): tomorrow
        return d + timedelta(days=1)
    # a bare weekday five or six days ahead is rare in news ("next Tuesday" is written):
    # a future cue that far off is about an event already past ("could be reached Wednesday")
    return d - timedelta(days=7 - delta)


def _mon(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _daynum(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))


_Result = tuple[int, int, str, str, str | None, str | None]  # start,end,type,value,anchor,mod


def _norm_md(ctx: _Ctx, m: re.Match[str], kind: str) -> list[_Result] | None:
    mon = _mon(m.group("mon"))
    d1 = _daynum(m.group("d"))
    ys = m.group("y")
    s, e = m.start(), m.end()
    anchor = None
    if ys:
        y = int(ys)
    else:
        y = _month_year(ctx, mon, d1, s, e)
        anchor = ctx.dct_s
    try:
        v1 = date(y, mon, d1).isoformat()
    except ValueError:
        return None
    d2s = m.group("d2")
    mod = None
    if m.groupdict().get("mod"):
        mod = {"early": "START", "mid": "MID", "late": "END"}[m.group("mod").lower()]
    if d2s:
        d2 = _daynum(d2s)
        if d2 <= d1:
            d2s = None
        else:
            try:
                v2 = date(y, mon, d2).isoformat()
            except ValueError:
                return None
            if kind == "mdy":
                e1 = m.end("d")
                s2 = m.start("d2")
                e2 = m.end("d2") if not ys else m.end()
                return [(s, e1, "DATE", v1, anchor, mod), (s2, e2, "DATE", v2, anchor, mod)]
            # dmy "23-24 July": first day bare, second with month
            return [(m.start("d"), m.end("d"), "DATE", v1, anchor, mod),
                    (m.start("d2"), e, "DATE", v2, anchor, mod)]
    if m.group("rsep") and not d2s:
        # "May 16 and 3" nonsense range: keep only the first part
        if kind == "mdy":
            e = m.end("d")
    return [(s, e, "DATE", v1, anchor, mod)]


_MOD_WORDS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID",
              "middle": "MID", "late": "END", "end": "END"}


def _mod_of(s: str | None) -> str | None:
    if not s:
        return None
    for w, v in _MOD_WORDS.items():
        if w in s.lower():
            return v
    return None


def _trim_rel(m: re.Match[str], group: str = "rel") -> int:
    """Start of the expression, leaving out a preposition matched in group `group`."""
    r = m.group(group)
    if r and r.lower().split()[0] in ("by", "in", "since", "until", "of", "during", "before",
                                      "after", "from", "through", "throughout", "on", "to",
                                      "the"):
        words = r.lower()
        if "end" in words or "beginning" in words or "start" in words or "middle" in words:
            k = re.search(r"(?i)the\b|end\b|beginning\b|start\b|middle\b", r)
            return m.start(group) + k.start()
        return m.start("mon")
    return m.start()


_GENERIC_TODAY = re.compile(r"'s\s+(?:[a-z]+\s+)?(?:youth|young|world|society|generation|"
                            r"children|kids|people|students|consumers|families|women|men|"
                            r"workers|economy|standards|computers|technology|culture|"
                            r"politics|market|markets|business)\b")
_SENT_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"'`]\s*)$")

_HOUR_IN = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                      r"twelve)(?:\s+o'clock)?\s+in\s+$", re.IGNORECASE)
_ENDED = re.compile(r"\s+(?:ended|ending|that ended|which ended|to)\s+(" + _MONTH + r")\s+("
                    + _DAYNUM + r")")


# "every " / "each " right before a weekday, or "every Monday and " before the second one
_EVERY_BEFORE = re.compile(
    r"(?:(?P<q>\b(?:every|each)\s+)|\b(?:every|each)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)s?\s*(?:,\s*|\s+(?:and|or)\s+))$",
    re.IGNORECASE,
)

def _normalise(ctx: _Ctx, kind: str, m: re.Match[str]) -> list[_Result] | None:  # noqa: C901
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
        return _norm_md(ctx, m, kind)

    if kind == "my":
        if g("yrel"):
            rel = g("yrel").lower()
            y = d.year + {"this": 0, "last": -1, "next": 1}.get(rel, 0)
            if rel == "the same":
                y = int((ctx.ref or ctx.dct_s)[:4])
            v = f"{y:04d}-{_mon(g('mon')):02d}"
            return [(s, e, "DATE", v, ctx.dct_s, _mod_of(g("mod")))]
        y = int(g("y"))
        v = f"{y:04d}-{_mon(g('mon')):02d}"
        return [(s, e, "DATE", v, None, _mod_of(g("mod")))]

    if kind == "weekof":
        mon, dn = _mon(g("mon")), _daynum(g("d"))
        y = int(g("y")) if g("y") else _month_year(ctx, mon, dn, s, e)
        return [(s, e, "DATE", _iso_week(date(y, mon, dn)), None if g("y") else ctx.dct_s,
                 None)]

    if kind == "month":
        mon_s = g("mon")
        rel = (g("rel") or "").lower()
        if mon_s in ("May", "MAY", "March", "MARCH") and not rel:
            # modal "May" / verb "march" at a sentence start: need a preposition
            return None
        if mon_s in ("May", "MAY") and rel in ("to", "on", "of"):
            return None
        mon = _mon(mon_s)
        s2 = _trim_rel(m)
        if rel.startswith("last"):
            # "last February" written in March is the February of a year before: the month
            # just ended is "last month" or "in February"
            y = d.year if mon < d.month - 1 else d.year - 1
        elif rel.startswith("next"):
            y = d.year if mon > d.month else d.year + 1
        elif rel.startswith("this"):
            y = d.year
        else:
            y = _month_year(ctx, mon, None, s2, e)
        return [(s2, e, "DATE", f"{y:04d}-{mon:02d}", ctx.dct_s, _mod_of(rel))]

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
        return [(s, e, "DATE", f"{y:04d}", None, _mod_of(pre))]

    if kind == "decade":
        if g("dec"):
            return [(s, e, "DATE", g("dec")[:3], None, _mod_of(g("mod")))]
        if g("dec2"):
            c = d.year // 100
            dd = int(g("dec2")[0])
            if dd * 10 > d.year % 100:
                c -= 1
            return [(s, e, "DATE", f"{c:02d}{dd}", ctx.dct_s, _mod_of(g("mod")))]
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
                y = d.year if n <= _quarter(d) else d.year - 1
        if "year-" in yrs:
            y -= 1
        if unit == "half":
            if n > 2:
                return None
            v = f"{y:04d}-H{n}"
        else:
            v = f"{y:04d}-Q{n}"
        cur_q = f"{d.year:04d}-Q{_quarter(d)}"
        if "year-" not in yrs and unit != "half" and (
                v < cur_q or v == cur_q and not g("y") and _tense(text, s, e) < 0):
            ctx.set_q(v, s)  # a reported period, not a forecast
        return [(s, e, "DATE", v, ctx.dct_s, None)]

    if kind == "qyago":
        base = ctx.q(s) or _shift_value(f"{d.year:04d}-Q{_quarter(d)}", -1, "Q")
        v = _shift_value(base, -1, "Y") if base else None
        return [(s, e, "DATE", v, base, None)] if v else None

    if kind == "theunit":
        det = re.sub(r"\s+", " ", (g("det") or "").lower()).strip()
        if g("fy"):
            det = det.replace(" fiscal", "")  # "the current fiscal year" is "the current year"
        unit = g("unit").lower()
        if unit == "year" and det in ("the latest", "the most recent") and g("fy"):
            return [(s, e, "DATE", f"{d.year - 1:04d}", ctx.dct_s, None)]  # last one closed
        if unit in ("year-earlier", "year-ago"):
            mm = _N_MONTHS.match(text, e)
            if mm is not None:
                # "the year-earlier six months": a run of months, a duration like
                # "the six months" itself
                n = _num(mm.group(1).lower())
                if n:
                    return [(s, mm.end(), "DURATION", _duration(n, "months"), None, None)]
            base = ctx.q(s) if not _ytd_topic(text, s) else None
            base = base or f"{d.year:04d}"
            v = _shift_value(base, -1, "Y")
            return [(m.start("unit"), e, "DATE", v, base, None)] if v else None
        if not det:
            return None
        if unit in ("quarter", "period"):
            qm = _ENDED.match(text, e)
            if qm and det in ("the", "the latest", "the fiscal", "the first", "the most recent",
                              "the current", "the recent", "the past"):
                mon = _mon(qm.group(1))
                dn = _daynum(qm.group(2))
                y = _month_year(ctx, mon, dn, s, e)
                # a three-month period ending then: the calendar quarter holding most of
                # it, the one of its middle month ("ended July 31" is 2Q, "Sept. 30" 3Q)
                my, mm = _add_months(y, mon, -1 if dn >= 20 else -2)
                v = f"{my:04d}-Q{(mm - 1) // 3 + 1}"
                ctx.set_q(v, s)
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            if det in ("the", "the latest", "the most recent", "the recent", "the past",
                       "the current", "the fiscal", "the first"):
                if unit == "period" and det in ("the", "the first", "the fiscal", "the past"):
                    return None
                if det == "the current":
                    v = f"{d.year:04d}-Q{_quarter(d)}"
                elif det in ("the latest", "the most recent", "the recent"):
                    v = _shift_value(f"{d.year:04d}-Q{_quarter(d)}", -1, "Q")
                else:
                    v = ctx.q(s) or _shift_value(f"{d.year:04d}-Q{_quarter(d)}", -1, "Q")
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            if det in ("the year-earlier", "the year-ago") and unit == "period" and \
                    _ytd_topic(text, s):
                ym = None
                for ym in _YTD_PERIOD.finditer(text, max(0, s - 400), s):
                    pass
                nm = re.search(r"(?i)(nine|six|9|6)\s+months", ym.group(0)) if ym else None
                if nm:
                    # after "For the nine months, ...": the year-earlier nine months
                    return [(s, e, "DURATION", _duration(_num(nm.group(1).lower()), "months"),
                             None, None)]
            if det in ("the year-earlier", "the year-ago", "the same", "the prior",
                       "the previous", "the comparable"):
                base = ctx.q(s) or _shift_value(f"{d.year:04d}-Q{_quarter(d)}", -1, "Q")
                if det in ("the prior", "the previous"):
                    v = _shift_value(base, -1, "Q")
                else:
                    v = _shift_value(base, -1, "Y")
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
            return [(s, e, "DATE", _iso_week(d), ctx.dct_s, None)]
        if unit == "weekend" and det in ("the", "the past", "the previous"):
            # the weekend before a weekday DCT, the coming one on a weekend DCT
            t = _tense(text, s, e)
            if d.weekday() >= 5:
                base = d
            elif t > 0:
                base = d + timedelta(days=5 - d.weekday())
            else:
                base = d - timedelta(days=d.weekday() + 2)
            return [(s, e, "DATE", _iso_week(base) + "-WE", ctx.dct_s, None)]
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
        mod = _mod_of(mod_s)
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
                         _duration(None, unit), None, None)]
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
                dd = _weekday_date(ctx, WEEKDAYS[unit], s, e, rel)
            else:
                dd = _weekday_date(ctx, WEEKDAYS[unit], s, e, "last" if step < 0 else "next")
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
            if base_det in ("upcoming", "coming") and _said_on(ctx, s):
                # "announced on Saturday ... talks for the upcoming week": the week after
                # the day it was said, not after the article's date
                base_day = ctx.day
            v = _iso_week(base_day + timedelta(weeks=step))
            if unit == "weekend":
                v += "-WE"
            return [(s, e, "DATE", v, ctx.dct_s, mod)]
        if unit == "month":
            y, mo = _add_months(d.year, d.month, step)
            return [(s, e, "DATE", f"{y:04d}-{mo:02d}", ctx.dct_s, mod)]
        if unit == "year":
            return [(s, e, "DATE", f"{d.year + step:04d}", ctx.dct_s, mod)]
        if unit == "quarter":
            v = _shift_value(f"{d.year:04d}-Q{_quarter(d)}", step, "Q")
            if step == 0 and base_det == "this" and ctx.q(s) and \
                    ctx.q(s) == _shift_value(v or "", -1, "Q") and \
                    _RESULTS_OF.match(text, e) and _tense(text, s, e) <= 0:
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
            cy, cs = _season_of(d)
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
        n = _num(n_s)
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
        if g("old") and _PERSON_AFTER.match(text, e):
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
            n2 = _num(g("n2"))
            if n is None or n2 is None or n2 <= n:
                return None
            if re.search(r"(?i)\bbetween\s+$", text[max(0, s - 9):s]):
                # "between two and six days": the two ends of the range, each a duration
                return [(m.start("n"), m.end("n"), "DURATION", _duration(n, unit), None, None),
                        (m.start("n2"), e, "DURATION", _duration(n2, unit), None, None)]
            v = _duration(n, unit)
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
            if unit_key == "year" and n == 1 and ctx.q(s) and not _ytd_topic(text, s):
                v = _shift_value(ctx.q(s), -1, "Y")
                return [(s, e, "DATE", v, ctx.q(s), None)] if v else None
            if unit_key == "week" and n >= 3 and n == int(n) and not half:
                # "six weeks ago": that far back the writer counts in weeks, not days
                v = _iso_week(d - timedelta(weeks=int(n)))
                return [(s, e, "DATE", v, ctx.dct_s, None)]
            v = _offset(d, -n, unit_key, half)
            return [(s, e, "DATE", v, ctx.dct_s, None)] if v else None
        if rel in ("from now", "hence"):
            if n is None:
                return [(s, e, "DATE", "FUTURE_REF", ctx.dct_s, None)]
            v = _offset(d, n, unit_key, half)
            return [(s, e, "DATE", v, ctx.dct_s, None)] if v else None
        if rel in ("earlier", "later") and (n is None or unit_key in ("day", "night", "hour",
                                                                      "minute", "second", "hr",
                                                                      "min")):
            # "three days later", "a few days later": TimeBank marks the duration
            e = m.end("unit") if not g("half") else m.end("half")
            return [(s, e, "DURATION", _duration(n, unit, half), None, None)]
        if rel in ("earlier", "later", "before", "after", "previously"):
            if n is None or is_time:
                if rel in ("before", "after"):
                    e = m.start("rel") - 1
                    return [(s, e, "DURATION", _duration(n, unit, half), None, None)]
                return None
            sign = -1 if rel in ("earlier", "before", "previously") else 1
            if rel in ("before", "after"):
                # "two days before the vote": the duration, not a date
                e = m.end("unit") if not g("half") else m.end("half")
                return [(s, e, "DURATION", _duration(n, unit, half), None, None)]
            if unit_key == "year" and n == 1 and rel == "earlier" and ctx.q(s) and \
                    _ytd_topic(text, s):
                v = f"{int(ctx.q(s)[:4]) - 1:04d}"
                return [(s, e, "DATE", v, ctx.q(s), None)]
            base = ctx.ref if unit_key not in ("year", "decade") else (
                ctx.q(s) or ctx.ref)
            if base is None or base.endswith("_REF"):
                # nothing to be earlier than: the DCT, at the unit's precision
                sign = -1 if rel in ("earlier", "before", "previously") else 1
                v = _offset(d, sign * n, unit_key, half)
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
            v = _shift_value(base, sign * k, u)
            if v is None and u in ("D", "W"):
                v = _shift_value(ctx.dct_s, sign * k, u)
            if v is None and u in ("Y", "M"):
                v = _offset(date.fromisoformat(ctx.dct_s), sign * n, unit_key, False)
            return [(s, e, "DATE", v, base, None)] if v else None
        if rel in ("ahead",) and n is None:
            return [(s, e, "DURATION", _duration(None, unit), None, None)]
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
        return [(s, e, "DURATION", _duration(n, unit, half), None, mod)]

    if kind == "bareunit":
        unit = g("unit").lower()
        det = (g("det") or "").lower()
        rel = (g("rel") or "").lower()
        if det in ("coming", "next", "following", "ensuing") or rel in ("ahead", "to come"):
            return [(s, e, "DURATION", _duration(None, unit), None, None)]
        if det in ("past", "last", "recent"):
            if unit == "years" and det in ("recent", "past") and not g("the"):
                return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
            return [(s, e, "DURATION", _duration(None, unit), None, None)]
        if rel == "ago":
            return [(s, e, "DATE", "PAST_REF", ctx.dct_s, None)]
        if g("long"):  # "decades-long", "day-long"
            n = 1 if g("lu") and not g("lu").lower().endswith("s") and not unit.endswith("s") \
                else None
            return [(s, e, "DURATION", _duration(n, unit), None, None)]
        if g("the") and (det in ("early", "first") or re.search(
                r"(?i)\b(?:over|through|throughout|during)\s+$", text[max(0, s - 12):s])) and \
                not g("of") and unit.endswith("s"):
            # "over the years", "in the early years", "the first hours of the war": a vague
            # stretch of time (TimeML: DURATION PXY)
            return [(s, e, "DURATION", _duration(None, unit), None, None)]
        if g("the") or det in ("early", "first"):
            return None
        if g("of") and unit in ("years", "decades", "months", "weeks", "days"):
            # "after years of war", "months of talks"
            return [(s, e, "DURATION", _duration(None, unit), None, None)]
        before = text[max(0, s - 12):s].lower()
        if re.search(r"\b(?:for|over|in|within|taking|take|takes|took|lasted|last)\s+$", before):
            if unit in ("years", "decades", "centuries", "months", "weeks", "days", "hours",
                        "minutes"):
                return [(s, e, "DURATION", _duration(None, unit), None, None)]
        return None

    if kind == "weekday":
        wd = WEEKDAYS[g("wd").lower()]
        if g("wd")[0].islower():
            return None
        if g("pl") or g("podpl"):
            # "on Mondays", "Tuesday nights": every such day (part of day)
            pod = PARTS_OF_DAY[g("pod").lower()] if g("pod") else ""
            return [(s, e, "SET", f"XXXX-WXX-{wd + 1}{pod}", None, None)]
        every = _EVERY_BEFORE.search(text[max(0, s - 40):s])
        if every is not None:
            # "every Monday morning" (XXXX-WXX-1TMO), and the second day of "every Monday
            # and Thursday": a set of days, as TimeML writes "Tuesday nights"
            pod = PARTS_OF_DAY[g("pod").lower()] if g("pod") else ""
            start = s - (len(every.group(0)) if every.group("q") else 0)
            return [(start, e, "SET", f"XXXX-WXX-{wd + 1}{pod}", None, None)]
        dd = _weekday_date(ctx, wd, s, e)
        v = dd.isoformat()
        if g("pod") and g("pod").lower() in _POD_SUFFIX:
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
            if _GENERIC_TODAY.match(text, e):
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
            return [(s, e, "TIME", v, ctx.dct_s, _mod_of(pm.group(1)))]
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
        if w in ("now", "currently") and text[e:e + 1] == "," and _SENT_START.search(
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
                cm = _PAST_COUNT.match(text, e)
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
                                or _tense(text, s, e) < 0):
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
        if _CLOCK_REF and ctx.ref and re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.ref[:10]) and \
                len(ctx.ref) >= 10:
            # a bare clock time is on the day under discussion, the last explicit date
            day = date.fromisoformat(ctx.ref[:10])
            anchor = ctx.ref[:10]
        wd_s = g("wd") or g("wd0")
        if wd_s:
            w = wd_s.lower()
            if w in WEEKDAYS:
                day = _weekday_date(ctx, WEEKDAYS[w], s, e)
            else:
                day = d + timedelta(days={"today": 0, "tonight": 0, "tomorrow": 1,
                                          "yesterday": -1}[w])
        elif g("mon"):
            mon = _mon(g("mon"))
            dn = _daynum(g("d"))
            y = _month_year(ctx, mon, dn, s, e)
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
            return [(s, e, "SET", _duration(1, g("unit2")), None, None)]
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
        n = _num(g("n")) if g("n") else 1
        if g("other"):
            n = (n or 1) * 2
        if n is None:
            return None
        return [(s, e, "SET", _duration(n, unit), None, None)]

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
            return [(s, e, "DATE", f"{c:02d}{dec}", None, _mod_of(g("mod")))]
        ws = re.split(r"[\s-]+", g("sy").lower())
        if ws[0] == "two":
            y = 2000 + (NUMBER_WORDS.get(ws[-1], 0) if len(ws) > 2 else 0)
        else:
            y = {"nineteen": 1900, "eighteen": 1800}[ws[0]] + sum(
                NUMBER_WORDS.get(w, 0) for w in ws[1:])
        if g("se"):
            return [(s, e, "DATE", f"{y:04d}-{SEASONS[g('se').lower()]}", None, None)]
        return [(s, e, "DATE", f"{y:04d}-{_mon(g('mon')):02d}", None, None)]

    if kind == "anaph":
        if g("pod"):
            # "(dealers bought) in the morning" after "dashed Friday": that day's morning,
            # when a day was named in this sentence or the one before
            if ctx.scratch:
                return [(s, e, "TIME", ctx.dct_s + PARTS_OF_DAY[g("pod").lower()], None, None)]
            if ctx.day is None or ctx.day_at < 0 or s - ctx.day_at > 250 or \
                    len(_SENT_BREAK.findall(re.sub(r"\s+", " ", text[ctx.day_at:s]))) > 1:
                return None
            pod = g("pod").lower()
            hm = _HOUR_IN.search(text, max(0, s - 24), s)
            if hm:
                # "at 4 in the morning": a clock time on that day
                h = _num(hm.group(1))
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
            base = ctx.q(s) or _shift_value(f"{d.year:04d}-Q{_quarter(d)}", -1, "Q")
            if qu == "half" or base is None or _ytd_topic(text, s):
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
            v = _shift_value(q, step, "Q")
            return [(s, e, "DATE", v, q, None)] if v else None
        if unit == "day":
            if len(base) < 10:
                return None
            v = (date.fromisoformat(base[:10]) + timedelta(days=step)).isoformat()
        elif unit == "week":
            if len(base) < 10:
                return None
            v = _iso_week(date.fromisoformat(base[:10]) + timedelta(weeks=step))
        elif unit == "month":
            if len(base) < 7:
                return None
            y, mo = _add_months(int(base[:4]), int(base[5:7]), step)
            v = f"{y:04d}-{mo:02d}"
        else:
            v = f"{int(base[:4]) + step:04d}"
        s2 = m.start("det") if (g("mod") or "").lower() in ("earlier", "later") else s
        return [(s2, e, "DATE", v, base, _mod_of(g("mod")))]

    if kind == "season":
        code = SEASONS[g("se").lower()]
        the = (g("the") or "").lower()
        if g("y"):
            return [(s, e, "DATE", f"{int(g('y')):04d}-{code}", None, _mod_of(g("mod")))]
        if not the and not g("mod"):
            before = text[max(0, s - 8):s].lower()
            if not re.search(r"\b(?:in|since|until|by|this|last|next|of)\s+$", before):
                return None
        if the == "over the":
            s = m.start() + 5
        cy, cs = _season_of(d)
        if the == "this past":
            y = d.year if SEASON_ORDER[code] < SEASON_ORDER[cs] else d.year - 1
        else:
            t = _tense(text, s, e) if not the else 0
            if t > 0:
                y = d.year if SEASON_ORDER[code] >= SEASON_ORDER[cs] else d.year + 1
            else:
                y = d.year if SEASON_ORDER[code] <= SEASON_ORDER[cs] else d.year - 1
        return [(s, e, "DATE", f"{y:04d}-{code}", ctx.dct_s, _mod_of(g("mod")))]

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
                    t = _tense(text, s, e)
                    if t < 0 and cand > d:
                        cand = resolve(cand.year - 1)
                    elif t > 0 and cand < d:
                        cand = resolve(cand.year + 1)
        else:
            cand = resolve(y)
        if cand is None:
            return None
        if g("wk"):  # "Easter week", "Christmas week": the calendar week holding the day
            return [(s, e, "DATE", _iso_week(cand), None if g("y") else ctx.dct_s, None)]
        return [(s, e, "DATE", cand.isoformat(), None if g("y") else ctx.dct_s, None)]

    return None


def _offset(d: date, n: float, unit_key: str, half: bool) -> str | None:
    """DCT shifted by n units, at the unit's granularity ("three years ago" -> a year)."""
    try:
        if unit_key in ("year", "yr"):
            if n != int(n) or half:
                return None
            return f"{d.year + int(n):04d}"
        if unit_key in ("decade",):
            return f"{d.year + int(n) * 10:04d}"
        if unit_key in ("century",):
            return f"{(d.year + int(n) * 100) // 100:02d}"
        if unit_key in ("month",):
            y, m = _add_months(d.year, d.month, int(n))
            return f"{y:04d}-{m:02d}"
        if unit_key in ("quarter",):
            y, m = _add_months(d.year, d.month, int(n) * 3)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if unit_key in ("week", "fortnight"):
            k = int(n) * (2 if unit_key == "fortnight" else 1)
            return (d + timedelta(weeks=k)).isoformat()
        if unit_key in ("day", "night"):
            return (d + timedelta(days=int(n))).isoformat()
        if unit_key in ("hour", "hr", "minute", "min", "second"):
            return d.isoformat()
    except (ValueError, OverflowError):
        return None
    return None


# ----------------------------------------------------------------------------- entry point

_EXPLICIT = frozenset({"iso", "slash", "mdy", "dmy", "my", "month", "year", "clock", "holiday",
                       "weekday", "spoken", "weekof"})
_TYPES = ("DATE", "TIME", "DURATION", "SET")


# Cheap triggers: a family's full pattern only runs in windows around its trigger words, so
# the text is scanned by short patterns and the long ones (optional prefixes, big
# alternations) only see a small part of it. Every match of a family contains one of its
# triggers and is shorter than _WINDOW, so the result is that of a full scan.
_WINDOW = 160
_UNIT_T = r"second|minute|min|hour|hr|day|night|week|fortnight|month|year|yr|decade|centur|quarter"
_MONTH_T = (r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|"
            r"SEP|OCT|NOV|DEC")
TRIGGERS: dict[str, re.Pattern[str] | None] = {
    "iso": None, "slash": None, "weekday": None,
    "mdy": _F(_MONTH_T), "dmy": _F(_MONTH_T), "my": _F(_MONTH_T), "month": _F(_MONTH_T),
    "weekof": _F(_MONTH_T),
    "year": _F(r"\d\d\d\d"),
    "decade": _F(r"\d0'?s|'\d0s|(?i:centur)"),
    "quarter": _F(r"(?i:quarter|half|period)"),
    "theunit": _F(r"(?i:quarter|period|year|week|month|decade)"),
    "qyago": _F(r"(?i:quarter|period)"),
    "rel": _F(r"(?i:" + _UNIT_T + r"|spring|summer|fall|autumn|winter|season|monday|tuesday|"
              r"wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening)"),
    "numunit": _F(r"(?i:" + _UNIT_T + r")"),
    "bareunit": _F(r"(?i:minute|hour|day|week|month|year|decade|centur)"),
    "deictic": _F(r"(?i:today|tonight|tomorrow|yesterday|now|current|present|these days|"
                  r"moment|recent|lately|past|future|soon|overnight|morning|afternoon|evening|"
                  r"night|once|formerly|time being|at the time|term|hitherto|later date|day|"
                  r"then)"),
    "clock": _F(r"(?i:[ap]\.?\s?m\b|\d:[0-5]\d|noon|midnight|midday)"),
    "set": _F(r"(?i:every|each|per\b|daily|weekly|monthly|annually|yearly|quarterly|hourly|"
              r"nightly|biweekly|bimonthly|semiannually|once|twice|times)"),
    "spoken": _F(r"(?i:nineteen|eighteen|twenty|thousand)"),
    "spokenmy": _F(r"(?i:nineteen|eighteen|thousand|ties\b)"),
    "anaph": _F(r"(?i:year|day|week|month|quarter|morning|afternoon|evening|night|period|half)"),
    "season": _F(r"(?i:spring|summer|fall|autumn|winter)"),
    "holiday": _F(r"Christmas|New Year|Thanksgiving|Independence|Halloween|Valentine|Easter|"
                  r"Labor Day|Memorial|Victory|Election Day"),
}


def _windows(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in trigger.finditer(text):
        a, b = m.start() - _WINDOW, m.end() + _WINDOW
        if a < 0:
            a = 0
        if b > n:
            b = n
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
    cands = []
    for name, rx, prio in PATTERNS:
        trig = TRIGGERS.get(name)
        if trig is None:
            found = rx.finditer(text)
        else:
            found = [m for a, b in _windows(trig, text) for m in rx.finditer(text, a, b)]
        for m in found:
            if m.end() > m.start():
                cands.append((m.start(), -(m.end() - m.start()), -prio, name, m))
    cands.sort(key=lambda c: (c[1], c[0], c[2]))  # longest first
    return cands


_RESULTS_OF = re.compile(r"'s\s+(?:net\s+)?(?:loss|losses|profit|profits|earnings|results|"
                         r"income|sales|revenue|revenues)\b")
_N_MONTHS = re.compile(r"\s+(nine|six|three|\d{1,2})\s+months\b", re.I)
_PAST_COUNT = re.compile(r"\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|"
                         r"few)\s+([a-z]+s)\b", re.I)
_ELLIPTIC_LAST = re.compile(r"\s+(?:as|than)\s+(last)(?=\s*[.,;:!?)]|\s+(?:and|but|or)\b)")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_DAY_OFF = re.compile(r"\b[Tt]he day (before|after)\s+$")


def extract_times(text: str, dct: datetime) -> list[TimeExpr]:
    """Time expressions in `text`, normalised against the document creation time `dct`.

    Returns non-overlapping TimeExpr objects sorted by start offset; `value` is always a
    well-formed TIMEX3 value (see :data:`TIMEX3_VALUE`).
    """
    if not text:
        return []
    dct_date = dct.date() if isinstance(dct, datetime) else dct
    ctx = _Ctx(text, dct_date)
    # longest-match selection over all families; a candidate that does not normalise
    # (checked against a scratch context) leaves its span to the others
    scratch = _Ctx(text, dct_date)
    scratch.scratch = True
    scratch_q = f"{dct_date.year:04d}-Q{_quarter(dct_date)}"
    chosen = []
    occupied = bytearray(len(text) + 1)
    for s, neg_len, neg_prio, name, m in _candidates(text):
        e = s - neg_len
        if occupied.find(1, s, e) != -1:
            continue
        scratch.ref = ctx.dct_s
        scratch.ref_q, scratch.ref_q_at = scratch_q, s
        try:
            ok = _normalise(scratch, name, m)
        except (ValueError, OverflowError, KeyError, IndexError, TypeError, AttributeError):
            ok = None
        if not ok:
            continue
        occupied[s:e] = b"\x01" * (e - s)
        chosen.append((s, name, m))
    chosen.sort(key=lambda c: c[0])
    out: list[TimeExpr] = []
    last_end = 0
    for s, name, m in chosen:
        try:
            res = _normalise(ctx, name, m)
        except (ValueError, OverflowError, KeyError, IndexError, TypeError, AttributeError):
            res = None
        if not res:
            continue
        for rs, re_, typ, val, anchor, mod in res:
            # trim whitespace and punctuation at the ends of the span
            while rs < re_ and not text[rs].isalnum() and text[rs] not in "'":
                rs += 1
            while re_ > rs and not text[re_ - 1].isalnum() and text[re_ - 1] not in ".":
                re_ -= 1
            if re_ <= rs or rs < last_end or typ not in _TYPES or not val or \
                    not TIMEX3_VALUE.match(val):
                continue
            if typ == "DATE" and _ISO_DAY.fullmatch(val):
                # "the day after Christmas", "the day before Friday's vote": one date
                dm = _DAY_OFF.search(text, max(last_end, rs - 16), rs)
                if dm is not None:
                    shift = -1 if dm.group(1).lower() == "before" else 1
                    val = (date.fromisoformat(val) + timedelta(days=shift)).isoformat()
                    rs = dm.start(1) - 4
            out.append(TimeExpr(rs, re_, text[rs:re_], typ, val, anchor, mod))
            last_end = re_
            em = _ELLIPTIC_LAST.match(text, re_) if typ == "DATE" else None
            if em is not None and text[rs:re_].lower().startswith("this "):
                # "more rain this year than last": "last" stands for last year
                unit = "W" if "-W" in val else "Q" if "-Q" in val else \
                    "M" if len(val) == 7 else "Y" if len(val) == 4 else ""
                prev = _shift_value(val, -1, unit) if unit else None
                if prev:
                    out.append(TimeExpr(em.start(1), em.end(1), em.group(1), "DATE", prev,
                                        val, None))
                    last_end = em.end(1)
            if typ in ("DATE", "TIME") and name in _EXPLICIT and val[:1].isdigit():
                ctx.ref = val[:10]
            if typ == "DATE" and len(val) == 10 and val[4] == "-" and val[:4].isdigit():
                try:
                    ctx.day, ctx.day_at = date.fromisoformat(val), re_
                except ValueError:
                    pass
    return out
