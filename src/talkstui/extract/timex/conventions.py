"""The TimeML conventions: one normaliser per family of expressions, turning a match
into (start, end, type, value, anchor, mod) as the TempEval-3 annotations do (see the
package docstring for the conventions chosen by counting). The normalisers live by kind in
`calendar_dates`, `relative` and `deictic`; this module dispatches to them."""

from __future__ import annotations

import re

from talkstui.extract.timex.calendar_dates import (
    normalise_iso,
    normalise_slash,
    normalise_mdy_dmy,
    normalise_my,
    normalise_weekof,
    normalise_month,
    normalise_year,
    normalise_decade,
    normalise_quarter,
    normalise_qyago,
    normalise_spoken,
    normalise_spokenmy,
    normalise_season,
    normalise_holiday,
)
from talkstui.extract.timex.relative import (
    normalise_theunit,
    normalise_rel,
    normalise_numunit,
    normalise_bareunit,
    normalise_anaph,
)
from talkstui.extract.timex.deictic import (
    normalise_weekday,
    normalise_deictic,
    normalise_clock,
    normalise_set,
)
from talkstui.extract.timex.anchoring import DocumentContext, NormalisedSpan

# family of expressions (the name its pattern has in `patterns`) -> its normaliser
NORMALISERS = {
    "iso": normalise_iso,
    "slash": normalise_slash,
    "mdy": normalise_mdy_dmy,
    "dmy": normalise_mdy_dmy,
    "my": normalise_my,
    "weekof": normalise_weekof,
    "month": normalise_month,
    "year": normalise_year,
    "decade": normalise_decade,
    "quarter": normalise_quarter,
    "qyago": normalise_qyago,
    "theunit": normalise_theunit,
    "rel": normalise_rel,
    "numunit": normalise_numunit,
    "bareunit": normalise_bareunit,
    "weekday": normalise_weekday,
    "deictic": normalise_deictic,
    "clock": normalise_clock,
    "set": normalise_set,
    "spoken": normalise_spoken,
    "spokenmy": normalise_spokenmy,
    "anaph": normalise_anaph,
    "season": normalise_season,
    "holiday": normalise_holiday,
}


def normalise_match(ctx: DocumentContext, kind: str, m: re.Match[str]) -> list[NormalisedSpan] | None:
    """(start, end, type, value, anchor, mod) spans for match `m` of family `kind`, or None
    when the match is not a time expression after all (its span is left to the others)."""
    normalise = NORMALISERS.get(kind)
    return normalise(ctx, kind, m) if normalise is not None else None
