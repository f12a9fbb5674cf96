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

The package, by stage:

    patterns.py     finding spans: vocabulary, one regex per family, trigger windows
    anchoring.py    anchoring to a reference time: tense, the document context, years of
                    months and dates of weekdays
    arithmetic.py   value arithmetic and TIMEX3 output: calendar shifts, numbers, durations,
                    the TIMEX3 value validator
    conventions.py  the TimeML conventions: one normaliser per family of expressions,
                    dispatched to calendar_dates.py (dates, months, years, quarters,
                    holidays), relative.py ("last week", "three days ago", "a year
                    earlier") and deictic.py (weekdays, "today", clock times, sets)
    engine.py       extract_times: candidates merged, normalised in text order
"""

from talkstui.extract.timex.arithmetic import TIMEX3_VALUE, is_timex3_value
from talkstui.extract.timex.engine import extract_times
from talkstui.extract.timex.patterns import TRIGGERS

__all__ = ["extract_times", "TIMEX3_VALUE", "is_timex3_value", "TRIGGERS"]
