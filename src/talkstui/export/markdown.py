"""The markdown rendering of a Story (markdown's special characters escaped)."""

from __future__ import annotations
from talkstui.sanitize import clean_line, forbidden_chars

_clean_line = clean_line
from talkstui.export.formatting import (
    MAX_ARTICLES, attribution_text, day_label, deadline_lines, deadline_state,
    diff_text, event_date_text, excerpt, noted_articles, outside_line, time_stamp,
)
from talkstui.story import when as when_


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|{}!~"})


def _md(value) -> str:
    return clean_line(value).translate(_MD_SPECIAL)


def render_markdown(story) -> str:
    out: list[str] = []
    w = out.append
    w(f"# {_md(story.title)}")
    w("")
    outlets = sorted({a.outlet for a in story.articles})
    w(f"As of **{time_stamp(story.now)}**{' (replay)' if story.as_of else ''} · {len(story.articles)} articles from {len(outlets)} outlets")
    w("")
    w("## Deadlines")
    w("")
    if not story.deadlines:
        w("None found.")
    for d in story.deadlines:
        status = deadline_state(d, story.now)
        w(f"- **{_md(d.label)}** — {_md(status)}; {_md(' · '.join(deadline_lines(d)))}")
        for c in d.claims:
            due = _md(when_.claim_text(c))
            who = f", {_md(attribution_text(c.attribution))}" if c.attribution else ""
            w(f"  - {_md(c.outlet)} ({due}{who}): “{_md(excerpt(c.sentence, c.phrase))}”")
    w("")
    w("## Timeline")
    w("")
    w("| Date | Kind | Event | Status | Outlets |")
    w("|---|---|---|---|---|")
    now_row = False
    for e in story.events:
        if e.is_future and not now_row:
            w(f"| **now** | | {time_stamp(story.now)} | | |")
            now_row = True
        flag = " ⚠ disputed" if e.conflict_ids else ""
        w(f"| {event_date_text(e)} | {_md(e.kind)} | {_md(e.summary)}{flag} | {_md(when_.event_status_text(e, story.now) or '')} | {_md(', '.join(e.outlets))} |")
    if not now_row:
        w(f"| **now** | | {time_stamp(story.now)} | | |")
    w("")
    w("## Conflicts")
    w("")
    if not story.conflicts:
        w("None found.")
    for c in story.conflicts:
        w(f"### {_md(c.about[:1].upper() + c.about[1:])}")
        w("")
        for cl in c.claims:
            w(f"- **{_md(cl.value)}** — {_md(attribution_text(cl.attribution))}, per {_md(cl.outlet)}")
        w("")
    w("## Quotes")
    w("")
    for q in story.quotes:
        w(f"- **{_md(q.speaker or 'unknown speaker')}**")
        for v in q.variants:
            text = diff_text(v.diff, "**", "**", lambda s: s.translate(_MD_SPECIAL)) if v.diff else _md(v.text)
            w(f"  - {_md(v.outlet)}: “{text}”")
    w("")
    w("## Coverage")
    w("")
    if outlets:
        w("| Event | " + " | ".join(_md(o) for o in outlets) + " |")
        w("|---|" + "---|" * len(outlets))
        for e in story.events:
            w(f"| {event_date_text(e)} {_md(e.summary)} | " + " | ".join("✓" if o in e.outlets else "" for o in outlets) + " |")
    w("")
    w("## Articles")
    w("")
    for a in story.articles[:MAX_ARTICLES]:
        pub = day_label(a.published) if a.published else "undated"
        if a.published_inferred:
            pub += " (inferred: " + "; ".join(_md(x) for x in a.inference_evidence) + ")"
        url = f" — `{clean_line(a.url).replace('`', '')}`" if a.url else ""
        w(f"- {_md(a.outlet)}, {pub}: {_md(a.title)}{url}")
    if len(story.articles) > MAX_ARTICLES:
        w(f"- and {len(story.articles) - MAX_ARTICLES} more articles (the JSON export lists them all)")
    w("")
    noted, more = noted_articles(story)
    for a in noted:  # one paragraph (one line) each: what the article's analysis left out
        w(f"Notes: {_md(a.outlet)} · {_md(a.title)}: " + "; ".join(_md(n) for n in a.notes))
        w("")
    if more:
        w(f"and {more} more articles with notes (the JSON export lists them all)")
        w("")
    w(outside_line(story))
    text = "\n".join(out) + "\n"
    assert not forbidden_chars(text)
    return text


# ---------------------------------------------------------------- json
