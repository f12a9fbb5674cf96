"""Finding spans: the vocabulary (months, weekdays, units, number words), one compiled
regular expression per family of expressions, and the cheap trigger words that decide
where a family's long pattern runs (`candidates`: every match, before merging)."""

from __future__ import annotations

import re





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
MONTH_PATTERN = r"(?:" + _MONTH_FULL + r"|" + _MONTH_ABBR + r")"
_WEEKDAY = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
DAYNUM_PATTERN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
# A year past 2099 written after a date or as "the year 2500" ("valid until 31 December
# 9999"): taken as written, so that the analysis leaves a date outside its window out with
# a note instead of the date being read in the current year. Not before a word that counts
# something ("On March 3, 5000 people marched": the date has no year there).
_FAR_YEAR = (r"(?:2[1-9]\d\d|[3-9]\d\d\d)(?![\d%]|[.,]\d|-\d|\s*(?i:%|percent|per cent)"
             r"|\s+(?!(?i:and|or|but|at|in|on|by|to|for|from|when|while|after|before|until"
             r"|unless|if|as|is|was|will|would|the|a|an|with|under|which|that|then|so|said|says"
             r")\b)[a-z])")
_DATE_YEAR = r"(?:" + _YEAR + r"(?![\d%]|,\d)|" + _FAR_YEAR + r")"
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
               r"[- ])?(?P<mon>" + MONTH_PATTERN + r")\s+(?P<d>" + DAYNUM_PATTERN + r")(?!\d|:\d|,\d)"
               r"(?:(?P<rsep>\s*(?:-|–|—|(?i:to|and|or|through))\s*)(?P<d2>" + DAYNUM_PATTERN +
               r")(?!\d|[:.%]\d))?(?:,?\s+(?P<y>" + _DATE_YEAR + r"))?"), 7),
    # day Month [year]: "16 May 2025", "2 June", "the 2nd of June"
    ("dmy", _F(r"(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?<![\d.,])(?P<d>" + DAYNUM_PATTERN +
               r")(?:(?P<rsep>\s*(?:-|–|and|or|to)\s*)(?P<d2>" + DAYNUM_PATTERN +
               r"))?\s+(?i:of\s+)?(?P<mon>" + MONTH_PATTERN + r")(?:,?\s+(?P<y>" +
               _DATE_YEAR + r"))?"), 7),
    # Month year: "February 2022", "early March 1990", "mid-2025" handled by year family
    ("my", _F(r"(?:(?i:the\s+)?(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start "
              r"of|the middle of))[- ]?)?(?P<mon>" + MONTH_PATTERN + r"),?\s+(?:(?i:of\s+))?(?:(?P<y>"
              + _DATE_YEAR + r")|(?P<yrel>(?i:this|last|next|the same))\s+year\b)"),
     6),
    # "the week of March 6"
    ("weekof", _F(r"(?i:\bthe\s+week\s+of\s+)(?P<mon>" + MONTH_PATTERN + r")\s+(?P<d>" + DAYNUM_PATTERN +
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
                r"(?P<y>" + _YEAR + r"(?![\d%]|,\d|\.\d|\s*(?:%|(?i:percent|per cent))|-\d)"
                r"|(?<=(?i:year) )(?:2[1-9]\d\d|[3-9]\d\d\d)(?![\d%]|[.,]\d|-\d))"
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
                 r"tomorrow|yesterday|tonight))|,?\s+(?:(?i:on)\s+)?(?P<mon>" + MONTH_PATTERN +
                 r")\s+(?P<d>" + DAYNUM_PATTERN + r")(?!\d))?"), 8),
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


def candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
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
