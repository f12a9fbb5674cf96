"""The entry point: `extract_times(text, dct)` merges the candidates (longest, then
earliest, then family priority), normalises the winners in text order and returns
non-overlapping TimeExpr objects."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from talkstui.model import TimeExpr
from talkstui.extract.timex.patterns import candidates
from talkstui.extract.timex.arithmetic import TIMEX3_VALUE, quarter_of, shift_value
from talkstui.extract.timex.anchoring import DAY_OFF, DocumentContext, ELLIPTIC_LAST, ISO_DAY
from talkstui.extract.timex.conventions import normalise_match


# ----------------------------------------------------------------------------- entry point

_EXPLICIT = frozenset({"iso", "slash", "mdy", "dmy", "my", "month", "year", "clock", "holiday",
                       "weekday", "spoken", "weekof"})
_TYPES = ("DATE", "TIME", "DURATION", "SET")




def extract_times(text: str, dct: datetime) -> list[TimeExpr]:
    """Time expressions in `text`, normalised against the document creation time `dct`.

    Returns non-overlapping TimeExpr objects sorted by start offset; `value` is always a
    well-formed TIMEX3 value (see :data:`TIMEX3_VALUE`).
    """
    if not text:
        return []
    dct_date = dct.date() if isinstance(dct, datetime) else dct
    ctx = DocumentContext(text, dct_date)
    # longest-match selection over all families; a candidate that does not normalise
    # (checked against a scratch context) leaves its span to the others
    scratch = DocumentContext(text, dct_date)
    scratch.scratch = True
    scratch_q = f"{dct_date.year:04d}-Q{quarter_of(dct_date)}"
    chosen = []
    occupied = bytearray(len(text) + 1)
    for s, neg_len, neg_prio, name, m in candidates(text):
        e = s - neg_len
        if occupied.find(1, s, e) != -1:
            continue
        scratch.ref = ctx.dct_s
        scratch.ref_q, scratch.ref_q_at = scratch_q, s
        try:
            ok = normalise_match(scratch, name, m)
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
            res = normalise_match(ctx, name, m)
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
            if typ == "DATE" and ISO_DAY.fullmatch(val):
                # "the day after Christmas", "the day before Friday's vote": one date
                dm = DAY_OFF.search(text, max(last_end, rs - 16), rs)
                if dm is not None:
                    shift = -1 if dm.group(1).lower() == "before" else 1
                    val = (date.fromisoformat(val) + timedelta(days=shift)).isoformat()
                    rs = dm.start(1) - 4
            out.append(TimeExpr(rs, re_, text[rs:re_], typ, val, anchor, mod))
            last_end = re_
            em = ELLIPTIC_LAST.match(text, re_) if typ == "DATE" else None
            if em is not None and text[rs:re_].lower().startswith("this "):
                # "more rain this year than last": "last" stands for last year
                unit = "W" if "-W" in val else "Q" if "-Q" in val else \
                    "M" if len(val) == 7 else "Y" if len(val) == 4 else ""
                prev = shift_value(val, -1, unit) if unit else None
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
