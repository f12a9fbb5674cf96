"""The plain-text rendering of a Story, fitted to `width` columns."""

from __future__ import annotations

from datetime import datetime

from talkstui.sanitize import clean_line, forbidden_chars

_clean_line = clean_line
from talkstui.export.formatting import (
    MAX_ARTICLES, MAX_CLAIMS, attribution_text, cell_width, day_label,
    deadline_lines, deadline_state, diff_text, event_date_text, excerpt, fit_width, noted_articles,
    outside_line,
    time_stamp, wrap_lines,
)
from talkstui.story import when as when_


class _Whole(str):
    """A line the text export never wraps or cuts (a URL), however long."""


def render_text(story, width: int = 80) -> str:
    width = max(40, int(width))
    out: list[str] = []
    w = out.append
    title = clean_line(story.title) or "Story"
    out.extend(wrap_lines(title.upper(), width))
    outlets = sorted({a.outlet for a in story.articles})
    head = f"As of {time_stamp(story.now)}"
    if story.as_of is not None:
        head += " (replay)"
    head += f" · {len(story.articles)} article{'s' if len(story.articles) != 1 else ''}"
    head += f" from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    out.extend(wrap_lines(head, width))
    if story.last_refresh:
        out.extend(wrap_lines(f"Last refresh {time_stamp(story.last_refresh)} ({clean_line(story.last_status or 'ok')})", width))
    w("")

    w("DEADLINES")
    if not story.deadlines:
        w("  none found")
    for d in story.deadlines:
        status = clean_line(deadline_state(d, story.now))
        out.extend(wrap_lines(f"{clean_line(d.label)} [{status}]", width, "  ", "    "))
        out.extend(wrap_lines(" · ".join(deadline_lines(d)), width, "    "))
        for c in d.claims[:6]:
            due = when_.claim_text(c)
            who = f", {attribution_text(c.attribution)}" if c.attribution else ""
            out.extend(wrap_lines(f"- {clean_line(c.outlet)} ({due}{who}): “{excerpt(c.sentence, c.phrase)}”",
                             width, "    ", "      "))
        if len(d.claims) > 6:
            w(f"    - and {len(d.claims) - 6} more claims")
    w("")

    w("TIMELINE")
    shown_now = False
    conflict_ids = {c.id for c in story.conflicts}
    for e in story.events:
        if e.is_future and not shown_now:
            w(_now_rule(story.now, width))
            shown_now = True
        date_s = f"{event_date_text(e):<13}"  # "2025-07-13…15": a range of days stays a range
        kind = clean_line(e.kind.replace("_", " "))  # whole: a longer kind pushes the summary
        line = f"{date_s} {kind:<12} {clean_line(e.summary)}"
        est = when_.event_status_text(e, story.now)
        if est:
            line += f" ({clean_line(est)})"
        n = len(e.outlets)
        line += f" · {n} outlet{'s' if n != 1 else ''}"
        if any(c in conflict_ids for c in e.conflict_ids):
            line += " · ⚠ disputed"
        out.extend(wrap_lines(line, width, "  ", " " * 30))
    if not shown_now:
        w(_now_rule(story.now, width))
    w("")

    w("CONFLICTS")
    if not story.conflicts:
        w("  none found")
    for c in story.conflicts:
        out.extend(wrap_lines(clean_line(c.about)[:1].upper() + clean_line(c.about)[1:] + ":", width, "  ", "    "))
        for cl in c.claims[:MAX_CLAIMS]:
            out.extend(wrap_lines(f"- {clean_line(cl.value)}: {attribution_text(cl.attribution)}, per {clean_line(cl.outlet)}", width, "    ", "      "))
        if len(c.claims) > MAX_CLAIMS:
            w(f"    - and {len(c.claims) - MAX_CLAIMS} more claims")
    w("")

    w("QUOTES (*word* = worded differently elsewhere)")
    shared = [q for q in story.quotes if len({v.outlet for v in q.variants}) > 1]
    rest = [q for q in story.quotes if q not in shared]
    for q in shared + rest[: max(0, 8 - len(shared))]:
        who = clean_line(q.speaker) if q.speaker else "unknown speaker"
        outs = len({v.outlet for v in q.variants})
        out.extend(wrap_lines(f"{who} ({outs} outlet{'s' if outs != 1 else ''}):", width, "  "))
        for v in q.variants:
            text = diff_text(v.diff, "*", "*") if v.diff else clean_line(v.text)
            out.extend(wrap_lines(f"{clean_line(v.outlet)}: “{text}”", width, "    ", "      "))
    if len(rest) > max(0, 8 - len(shared)):
        w(f"  and {len(rest) - max(0, 8 - len(shared))} more quotes")
    w("")

    w("COVERAGE")
    all_outlets = outlets
    max_cols = max(1, (width - 30) // 5)
    if len(all_outlets) > max_cols:
        counts = {o: 0 for o in all_outlets}
        for e in story.events:
            for o in e.outlets:
                if o in counts:
                    counts[o] += 1
        all_outlets = sorted(sorted(all_outlets, key=lambda o: -counts[o])[:max_cols])
        w(f"  the {len(all_outlets)} outlets with most events, of {len(outlets)}")
    if all_outlets and story.events:
        abbrev = []
        for o in all_outlets:
            a = _abbr(o)
            n = 2
            while a in abbrev:
                a = f"{_abbr(o)[:3]}{n}"
                n += 1
            abbrev.append(a)
        for o, a in zip(all_outlets, abbrev):
            out.extend(wrap_lines(f"{a} = {clean_line(o)}", width, "  "))
        cols = " ".join(f"{a:>4}" for a in abbrev)
        label_w = max(10, width - 2 - len(cols) - 1)
        w(fit_width("  " + " " * label_w + " " + cols, width))
        for e in story.events:
            label = fit_width(f"{event_date_text(e)} {clean_line(e.summary)}", label_w)
            marks = " ".join(f"{('x' if o in e.outlets else '.'):>4}" for o in all_outlets)
            pad = label_w - cell_width(label)
            w(fit_width("  " + label + " " * max(0, pad) + " " + marks, width))
    w("")

    w("ARTICLES")
    for a in story.articles[:MAX_ARTICLES]:
        pub = day_label(a.published) if a.published else "undated"
        if a.published_inferred:
            pub += " (inferred)"
        out.extend(wrap_lines(f"{clean_line(a.outlet)} · {pub} · {clean_line(a.title)}", width, "  ", "    "))
        if a.url:  # on its own line, never broken: a URL cut in two cannot be followed
            out.append(_Whole("    " + clean_line(a.url, max_len=2000)))
        for ev in a.inference_evidence:
            out.extend(wrap_lines(f"- {clean_line(ev)}", width, "    ", "      "))
    if len(story.articles) > MAX_ARTICLES:
        w(f"  and {len(story.articles) - MAX_ARTICLES} more articles (the JSON export lists them all)")
    w("")
    noted, more = noted_articles(story)
    for a in noted:  # what an article's analysis left out (a date outside the years it holds)
        out.extend(wrap_lines(f"Notes: {clean_line(a.outlet)} · {clean_line(a.title)}: "
                              + "; ".join(clean_line(n) for n in a.notes), width, "", "    "))
    if more:
        w(f"and {more} more articles with notes (the JSON export lists them all)")
    if noted:
        w("")
    w(outside_line(story))
    text = "\n".join(line.rstrip() if isinstance(line, _Whole) else fit_width(line.rstrip(), width)
                     for line in out) + "\n"
    assert not forbidden_chars(text)
    return text


def _now_rule(now: datetime, width: int) -> str:
    head = f"  ── now: {time_stamp(now)} "
    return head + "─" * max(0, width - cell_width(head))


def _abbr(outlet: str) -> str:
    words = [x for x in clean_line(outlet).replace("-", " ").split() if x.lower() not in ("the", "of")]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:4]
    return "".join(x if x.isdigit() else x[0].upper() for x in words)[:4]


# ---------------------------------------------------------------- markdown
