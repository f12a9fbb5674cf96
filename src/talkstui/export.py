"""Text, markdown and JSON renderings of a Story, and writing them to files safely.

Every untrusted string (titles, outlets, sentences, quotes, names) goes through
`sanitize.clean_line` / `clean_text` here; the text renderer fits `width` columns.

Files:
- `export_to_folder` (the dashboard's `e` key): the name comes from
  `sanitize.safe_filename`, the file is created inside the export folder only, never
  over an existing file (a `-2`, `-3` ... suffix instead) and never through a link
  planted at its name: the data goes to a temporary file opened with
  O_CREAT|O_EXCL|O_NOFOLLOW, which is then hard-linked to the final name (link
  fails if anything exists there) and removed.
- `export_command -o FILE` (the CLI): the user chose FILE. A relative FILE is relative
  to the current directory. An existing FILE is refused unless --force; a symlink at
  FILE is always refused; the write goes to a temporary file next to FILE, which
  replaces FILE atomically (os.replace never follows a link at the target).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from talkstui.errors import TalksError
from talkstui.sanitize import clean_line, forbidden_chars, safe_filename

_clean_line = clean_line

__all__ = [
    "render_text", "render_markdown", "render_json", "export_to_folder", "export_command", "render",
    "FORMATS",
]

FORMATS = {"text": "txt", "markdown": "md", "json": "json"}
MAX_ARTICLES = 100  # listed in text and markdown; JSON has them all
MAX_CLAIMS = 12  # per conflict, in text


# ---------------------------------------------------------------- helpers


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(dt: datetime | None) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d") if dt else "?"


def _stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def countdown(seconds: float | None) -> str:
    """'41 days 12 h left', 'passed 3 days 2 h ago', 'unknown'."""
    if seconds is None:
        return "unknown"
    s = abs(int(seconds))
    days, rem = divmod(s, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        span = f"{days} day{'s' if days != 1 else ''} {hours} h"
    elif hours:
        span = f"{hours} h {minutes} min"
    else:
        span = f"{minutes} min"
    return f"{span} left" if seconds >= 0 else f"passed {span} ago"


def _cells(text: str) -> int:
    try:
        from rich.cells import cell_len
    except ImportError:  # pragma: no cover
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return cell_len(text)


def _fit(line: str, width: int) -> str:
    if _cells(line) <= width:
        return line
    out = ""
    for ch in line:
        if _cells(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    sub = indent if subsequent is None else subsequent
    lines = textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=sub,
        break_long_words=True, break_on_hyphens=False,
    ) or [indent.rstrip()]
    return [_fit(x, width) for x in lines]


def _attr(a) -> str:
    return clean_line(a.label()) if a is not None else "unattributed"


def _event_date(e) -> str:
    if e.precision in ("day", "time"):
        last = (e.date_end - e.date).days
        d = e.date.strftime("%Y-%m-%d")
        if last > 1:
            d += "…" + (e.date_end.replace() - (e.date_end - e.date) / last).strftime("%d")
        return ("~" if e.approximate else "") + d
    if e.precision == "week":
        iso = e.date.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if e.precision == "month":
        return e.date.strftime("%Y-%m")
    if e.precision == "year":
        return e.date.strftime("%Y")
    return clean_line(e.value)[:10]


def _diff_text(diff, mark_open: str, mark_close: str, escape=lambda s: s) -> str:
    parts = []
    for run, differs in diff:
        run = escape(clean_line(run))
        parts.append(f"{mark_open}{run}{mark_close}" if differs else run)
    return " ".join(parts)


def excerpt(sentence: str, phrase: str, size: int = 90) -> str:
    """A clean piece of `sentence` around `phrase`, at most `size` characters."""
    s = clean_line(sentence)
    p = clean_line(phrase)
    if len(s) <= size:
        return s
    at = s.find(p) if p else -1
    if at < 0:
        return s[: size - 1] + "…"
    start = max(0, at + len(p) // 2 - size // 2)
    start = s.rfind(" ", 0, start) + 1 if start > 0 else 0
    piece = s[start : start + size]
    return ("…" if start > 0 else "") + piece + ("…" if start + size < len(s) else "")


def _deadline_lines(d) -> list[str]:
    when = []
    if d.set_on:
        when.append(("set about " if d.set_earliest else "set ") + _day(d.set_on))
    if d.duration:
        when.append(d.duration)
    if d.due:
        due = ("due about " if d.approximate else "due ") + _day(d.due)
        if d.due_earliest and d.due_latest:
            due += f" (between {_day(d.due_earliest)} and {_day(d.due_latest)})"
        when.append(due)
    return when


# ---------------------------------------------------------------- text


def render_text(story, width: int = 80) -> str:
    width = max(40, int(width))
    out: list[str] = []
    w = out.append
    title = clean_line(story.title) or "Story"
    out.extend(_wrap(title.upper(), width))
    outlets = sorted({a.outlet for a in story.articles})
    head = f"As of {_stamp(story.now)}"
    if story.as_of is not None:
        head += " (replay)"
    head += f" · {len(story.articles)} article{'s' if len(story.articles) != 1 else ''}"
    head += f" from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    out.extend(_wrap(head, width))
    if story.last_refresh:
        out.extend(_wrap(f"Last refresh {_stamp(story.last_refresh)} ({clean_line(story.last_status or 'ok')})", width))
    w("")

    w("DEADLINES")
    if not story.deadlines:
        w("  none found")
    for d in story.deadlines:
        status = d.status
        if d.status in ("running", "passed") and d.seconds_left is not None:
            status = countdown(d.seconds_left)
        out.extend(_wrap(f"{clean_line(d.label)} [{status}]", width, "  ", "    "))
        out.extend(_wrap(" · ".join(_deadline_lines(d)), width, "    "))
        for c in d.claims[:6]:
            due = ""
            if c.due_earliest and c.due_latest:
                due = f"due {_day(c.due_earliest)} to {_day(c.due_latest)}"
            elif c.due:
                due = f"due {_day(c.due)}"
            else:
                due = "no date given"
            who = f", {_attr(c.attribution)}" if c.attribution else ""
            out.extend(_wrap(f"- {clean_line(c.outlet)} ({due}{who}): “{excerpt(c.sentence, c.phrase)}”",
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
        date_s = f"{_event_date(e):<11}"
        kind = clean_line(e.kind.replace("_", " "))[:12]
        line = f"{date_s} {kind:<12} {clean_line(e.summary)}"
        if e.status:
            line += f" ({clean_line(e.status)})"
        n = len(e.outlets)
        line += f" · {n} outlet{'s' if n != 1 else ''}"
        if any(c in conflict_ids for c in e.conflict_ids):
            line += " · ⚠ disputed"
        out.extend(_wrap(line, width, "  ", " " * 28))
    if not shown_now:
        w(_now_rule(story.now, width))
    w("")

    w("CONFLICTS")
    if not story.conflicts:
        w("  none found")
    for c in story.conflicts:
        out.extend(_wrap(clean_line(c.about)[:1].upper() + clean_line(c.about)[1:] + ":", width, "  ", "    "))
        for cl in c.claims[:MAX_CLAIMS]:
            out.extend(_wrap(f"- {clean_line(cl.value)}: {_attr(cl.attribution)}, per {clean_line(cl.outlet)}", width, "    ", "      "))
        if len(c.claims) > MAX_CLAIMS:
            w(f"    - and {len(c.claims) - MAX_CLAIMS} more claims")
    w("")

    w("QUOTES (*word* = worded differently elsewhere)")
    shared = [q for q in story.quotes if len({v.outlet for v in q.variants}) > 1]
    rest = [q for q in story.quotes if q not in shared]
    for q in shared + rest[: max(0, 8 - len(shared))]:
        who = clean_line(q.speaker) if q.speaker else "unknown speaker"
        outs = len({v.outlet for v in q.variants})
        out.extend(_wrap(f"{who} ({outs} outlet{'s' if outs != 1 else ''}):", width, "  "))
        for v in q.variants:
            text = _diff_text(v.diff, "*", "*") if v.diff else clean_line(v.text)
            out.extend(_wrap(f"{clean_line(v.outlet)}: “{text}”", width, "    ", "      "))
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
            out.extend(_wrap(f"{a} = {clean_line(o)}", width, "  "))
        cols = " ".join(f"{a:>4}" for a in abbrev)
        label_w = max(10, width - 2 - len(cols) - 1)
        w(_fit("  " + " " * label_w + " " + cols, width))
        for e in story.events:
            label = _fit(f"{_event_date(e)} {clean_line(e.summary)}", label_w)
            marks = " ".join(f"{('x' if o in e.outlets else '.'):>4}" for o in all_outlets)
            pad = label_w - _cells(label)
            w(_fit("  " + label + " " * max(0, pad) + " " + marks, width))
    w("")

    w("ARTICLES")
    for a in story.articles[:MAX_ARTICLES]:
        pub = _day(a.published) if a.published else "undated"
        if a.published_inferred:
            pub += " (inferred)"
        out.extend(_wrap(f"{clean_line(a.outlet)} · {pub} · {clean_line(a.title)}", width, "  ", "    "))
        if a.url:
            out.extend(_wrap(clean_line(a.url), width, "    ", "    "))
        for ev in a.inference_evidence:
            out.extend(_wrap(f"- {clean_line(ev)}", width, "    ", "      "))
    if len(story.articles) > MAX_ARTICLES:
        w(f"  and {len(story.articles) - MAX_ARTICLES} more articles (the JSON export lists them all)")
    w("")
    w(outside_line(story))
    text = "\n".join(_fit(line.rstrip(), width) for line in out) + "\n"
    assert not forbidden_chars(text)
    return text


def _now_rule(now: datetime, width: int) -> str:
    head = f"  ── now: {_stamp(now)} "
    return head + "─" * max(0, width - _cells(head))


def _abbr(outlet: str) -> str:
    words = [x for x in clean_line(outlet).replace("-", " ").split() if x.lower() not in ("the", "of")]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:4]
    return "".join(x if x.isdigit() else x[0].upper() for x in words)[:4]


# ---------------------------------------------------------------- markdown

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|{}!~"})


def _md(value) -> str:
    return clean_line(value).translate(_MD_SPECIAL)


def render_markdown(story) -> str:
    out: list[str] = []
    w = out.append
    w(f"# {_md(story.title)}")
    w("")
    outlets = sorted({a.outlet for a in story.articles})
    w(f"As of **{_stamp(story.now)}**{' (replay)' if story.as_of else ''} · {len(story.articles)} articles from {len(outlets)} outlets")
    w("")
    w("## Deadlines")
    w("")
    if not story.deadlines:
        w("None found.")
    for d in story.deadlines:
        status = countdown(d.seconds_left) if d.status in ("running", "passed") else d.status
        w(f"- **{_md(d.label)}** — {status}; {' · '.join(_deadline_lines(d))}")
        for c in d.claims:
            due = (f"due {_day(c.due_earliest)} to {_day(c.due_latest)}" if c.due_earliest and c.due_latest
                   else f"due {_day(c.due)}" if c.due else "no date given")
            who = f", {_md(_attr(c.attribution))}" if c.attribution else ""
            w(f"  - {_md(c.outlet)} ({due}{who}): “{_md(excerpt(c.sentence, c.phrase))}”")
    w("")
    w("## Timeline")
    w("")
    w("| Date | Kind | Event | Status | Outlets |")
    w("|---|---|---|---|---|")
    now_row = False
    for e in story.events:
        if e.is_future and not now_row:
            w(f"| **now** | | {_stamp(story.now)} | | |")
            now_row = True
        flag = " ⚠ disputed" if e.conflict_ids else ""
        w(f"| {_event_date(e)} | {_md(e.kind)} | {_md(e.summary)}{flag} | {_md(e.status or '')} | {_md(', '.join(e.outlets))} |")
    if not now_row:
        w(f"| **now** | | {_stamp(story.now)} | | |")
    w("")
    w("## Conflicts")
    w("")
    if not story.conflicts:
        w("None found.")
    for c in story.conflicts:
        w(f"### {_md(c.about[:1].upper() + c.about[1:])}")
        w("")
        for cl in c.claims:
            w(f"- **{_md(cl.value)}** — {_md(_attr(cl.attribution))}, per {_md(cl.outlet)}")
        w("")
    w("## Quotes")
    w("")
    for q in story.quotes:
        w(f"- **{_md(q.speaker or 'unknown speaker')}**")
        for v in q.variants:
            text = _diff_text(v.diff, "**", "**", lambda s: s.translate(_MD_SPECIAL)) if v.diff else _md(v.text)
            w(f"  - {_md(v.outlet)}: “{text}”")
    w("")
    w("## Coverage")
    w("")
    if outlets:
        w("| Event | " + " | ".join(_md(o) for o in outlets) + " |")
        w("|---|" + "---|" * len(outlets))
        for e in story.events:
            w(f"| {_event_date(e)} {_md(e.summary)} | " + " | ".join("✓" if o in e.outlets else "" for o in outlets) + " |")
    w("")
    w("## Articles")
    w("")
    for a in story.articles[:MAX_ARTICLES]:
        pub = _day(a.published) if a.published else "undated"
        if a.published_inferred:
            pub += " (inferred: " + "; ".join(_md(x) for x in a.inference_evidence) + ")"
        url = f" — `{clean_line(a.url).replace('`', '')}`" if a.url else ""
        w(f"- {_md(a.outlet)}, {pub}: {_md(a.title)}{url}")
    if len(story.articles) > MAX_ARTICLES:
        w(f"- and {len(story.articles) - MAX_ARTICLES} more articles (the JSON export lists them all)")
    w("")
    w(outside_line(story))
    text = "\n".join(out) + "\n"
    assert not forbidden_chars(text)
    return text


# ---------------------------------------------------------------- json


def story_dict(story) -> dict:
    """The JSON export as plain data (see docs/export-json.md)."""
    from functools import lru_cache

    clean_line = lru_cache(maxsize=65536)(_clean_line)  # a sentence is cleaned once, however often cited
    attr_cache: dict[int, dict | None] = {}

    def _attr_json(a):
        if a is None:
            return None
        got = attr_cache.get(id(a))
        if got is None:
            got = attr_cache[id(a)] = {
                "speaker": clean_line(a.speaker) if a.speaker else None,
                "via": clean_line(a.via) if a.via else None, "text": clean_line(a.text),
                "label": clean_line(a.label())}
        return got

    return {
        "schema": "talkstui.story/1",
        "title": clean_line(story.title),
        "story": {"id": clean_line(getattr(story, "story_id", "") or ""),
                  "title": clean_line(story.title)},
        "as_of": _iso(story.as_of or story.now),
        "now": _iso(story.now),
        "replay": story.as_of is not None,
        "last_refresh": _iso(story.last_refresh),
        "sources": [
            {"id": clean_line(s.id), "name": clean_line(s.name), "kind": s.kind,
             "url": clean_line(s.url) if s.url else None, "last_refresh": _iso(s.last_refresh),
             "last_status": clean_line(s.last_status) if s.last_status else None,
             "article_count": s.article_count}
            for s in story.sources
        ],
        "articles": [
            {"id": clean_line(a.id), "outlet": clean_line(a.outlet), "url": clean_line(a.url) if a.url else None,
             "title": clean_line(a.title), "published": _iso(a.published),
             "published_inferred": a.published_inferred,
             "inference_evidence": [clean_line(x) for x in a.inference_evidence],
             "events": list(a.event_ids),
             "relevance": _relevance_json(getattr(a, "relevance", None))}
            for a in story.articles
        ],
        "outside": [
            {"id": clean_line(a.id), "url": clean_line(a.url) if a.url else None,
             "title": clean_line(a.title), "outlet": clean_line(a.outlet),
             "published": _iso(a.published), "relevance": _relevance_json(a.relevance)}
            for a in getattr(story, "outside", None) or ()
        ],
        "events": [
            {"id": e.id, "date": _iso(e.date), "date_end": _iso(e.date_end), "precision": e.precision,
             "value": clean_line(e.value), "approximate": e.approximate, "kind": clean_line(e.kind),
             "summary": clean_line(e.summary), "status": e.status, "is_future": e.is_future,
             "venue": clean_line(e.venue) if e.venue else None,
             "actors": [clean_line(x) for x in e.actors], "outlets": [clean_line(x) for x in e.outlets],
             "conflicts": list(e.conflict_ids),
             "mentions": [
                 {"article": clean_line(m.article_id), "outlet": clean_line(m.outlet),
                  "phrase": clean_line(m.phrase), "value": clean_line(m.value),
                  "sentence": clean_line(m.sentence), "status": m.status,
                  "attributed_to": _attr_json(m.attribution)}
                 for m in list(e.mentions)
             ]}
            for e in story.events
        ],
        "conflicts": [
            {"id": c.id, "about": clean_line(c.about), "event": c.event_id,
             "claims": [
                 {"value": clean_line(cl.value), "article": clean_line(cl.article_id),
                  "outlet": clean_line(cl.outlet), "attributed_to": _attr_json(cl.attribution),
                  "sentence": clean_line(cl.sentence)}
                 for cl in c.claims
             ]}
            for c in story.conflicts
        ],
        "quotes": [
            {"id": q.id, "speaker": clean_line(q.speaker) if q.speaker else None,
             "variants": [
                 {"text": clean_line(v.text), "article": clean_line(v.article_id),
                  "outlet": clean_line(v.outlet),
                  "speaker_as_written": clean_line(v.speaker_text) if v.speaker_text else None,
                  "diff": [[clean_line(run), bool(d)] for run, d in v.diff]}
                 for v in q.variants
             ]}
            for q in story.quotes
        ],
        "deadlines": [
            {"id": d.id, "label": clean_line(d.label), "set_on": _iso(d.set_on),
             "set_earliest": _iso(d.set_earliest), "set_latest": _iso(d.set_latest),
             "duration": d.duration, "due": _iso(d.due), "due_earliest": _iso(d.due_earliest),
             "due_latest": _iso(d.due_latest), "approximate": d.approximate, "status": d.status,
             "seconds_left": d.seconds_left,
             "claims": [
                 {"article": clean_line(c.article_id), "outlet": clean_line(c.outlet),
                  "phrase": clean_line(c.phrase), "sentence": clean_line(c.sentence),
                  "set_on": _iso(c.set_on), "due": _iso(c.due), "duration": c.duration,
                  "attributed_to": _attr_json(c.attribution)}
                 for c in d.claims
             ]}
            for d in story.deadlines
        ],
        "coverage": {k: [clean_line(o) for o in v] for k, v in story.coverage.items()},
    }


def _relevance_json(rel) -> dict | None:
    if rel is None:
        return None
    return {"score": rel.score, "terms": [_clean_line(t) for t in rel.terms],
            "decided_by": rel.decided_by}


def outside_line(story) -> str:
    """The one line text and markdown end with: how many stored articles the story left out."""
    n = len(getattr(story, "outside", None) or ())
    noun = "article" if n == 1 else "articles"
    return (f"{n} stored {noun} outside this story (the JSON export lists them)" if n
            else "No stored article is outside this story.")


def render_json(story) -> str:
    try:
        import orjson
    except ImportError:  # pragma: no cover
        text = json.dumps(story_dict(story), ensure_ascii=False, indent=2) + "\n"
    else:
        text = orjson.dumps(story_dict(story), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    assert not forbidden_chars(text)
    return text


def render(story, fmt: str, width: int = 80) -> str:
    if fmt == "text":
        return render_text(story, width)
    if fmt in ("markdown", "md"):
        return render_markdown(story)
    if fmt == "json":
        return render_json(story)
    raise TalksError(f"unknown export format {clean_line(fmt)!r}; use text, markdown or json")


# ---------------------------------------------------------------- files

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _write_new(dir_fd: int, name: str, data: bytes) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o644, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _tmp_name(base: str) -> str:
    return f".{base[:40]}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def export_to_folder(story, fmt: str, export_dir, *, name: str | None = None) -> Path:
    """Write an export into `export_dir` under a new name; returns the file's path."""
    ext = FORMATS.get("markdown" if fmt == "md" else fmt)
    if ext is None:
        raise TalksError(f"unknown export format {clean_line(fmt)!r}; use text, markdown or json")
    data = render(story, "markdown" if fmt == "md" else fmt).encode("utf-8")
    folder = Path(export_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o755)
    except OSError as exc:
        raise TalksError(f"cannot create the export folder {clean_line(folder)}: {exc.strerror}") from None
    stamp = (story.as_of or story.now).astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    stem = safe_filename(name if name else f"{story.title}-{stamp}", default="snapshot", max_len=80)
    if stem.lower().endswith("." + ext):
        stem = stem[: -len(ext) - 1] or "snapshot"
    try:
        dir_fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError as exc:
        raise TalksError(f"cannot open the export folder {clean_line(folder)}: {exc.strerror}") from None
    try:
        tmp = _tmp_name(stem)
        _write_new(dir_fd, tmp, data)
        try:
            for n in range(1, 1000):
                final = f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}"
                assert "/" not in final and final not in (".", "..")
                try:
                    os.link(tmp, final, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
                except FileExistsError:
                    continue
                except OSError:  # no hard links here: create the final name directly
                    try:
                        _write_new(dir_fd, final, data)
                    except FileExistsError:
                        continue
                _fsync_dir(dir_fd)
                return folder / final
            raise TalksError(f"too many exports named {stem} in {clean_line(folder)}")
        finally:
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except FileNotFoundError:
                pass
    finally:
        os.close(dir_fd)


def _fsync_dir(dir_fd: int) -> None:
    try:
        os.fsync(dir_fd)
    except OSError:
        pass


def write_output(data: bytes, output: Path, *, force: bool) -> Path:
    """Write `data` to the user's chosen `output` (relative to the cwd)."""
    path = output if output.is_absolute() else Path.cwd() / output
    shown = clean_line(str(output))
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise TalksError(f"{shown}: {exc.strerror}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise TalksError(f"{shown} is a symbolic link; not writing through it")
        if stat.S_ISDIR(st.st_mode):
            raise TalksError(f"{shown} is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise TalksError(f"{shown} is not a regular file")
        if not force:
            raise TalksError(f"{shown} exists; use --force to overwrite it")
    parent = path.parent
    try:
        dir_fd = os.open(parent, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except FileNotFoundError:
        raise TalksError(f"{shown}: the folder {clean_line(str(parent))} does not exist") from None
    except OSError as exc:
        raise TalksError(f"{shown}: {exc.strerror}") from None
    tmp = _tmp_name(path.name)
    try:
        try:
            _write_new(dir_fd, tmp, data)
        except OSError as exc:
            raise TalksError(f"{shown}: cannot write: {exc.strerror}") from None
        try:
            if st is None or not force:
                try:
                    os.link(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
                except FileExistsError:
                    raise TalksError(f"{shown} exists; use --force to overwrite it") from None
                except OSError:
                    _write_new(dir_fd, path.name, data)
            else:
                # os.replace swaps the name: a link planted at it meanwhile is replaced, not followed
                os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except FileExistsError:
            raise TalksError(f"{shown} exists; use --force to overwrite it") from None
        except TalksError:
            raise
        except OSError as exc:
            raise TalksError(f"{shown}: cannot write: {exc.strerror}") from None
        _fsync_dir(dir_fd)
    finally:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        os.close(dir_fd)
    return path


def export_command(settings, fmt: str, output: Path | None, *, as_of: datetime | None = None,
                   force: bool = False, now: datetime | None = None, stdout=None) -> int:
    """`talkstui export`: the story from the store, to stdout or to FILE. Returns 0."""
    from talkstui.store import Store
    from talkstui.story import load_story

    store = Store(settings.locations.store_dir)
    try:
        from talkstui.seeds import ensure_seeded
    except ImportError:  # pragma: no cover
        ensure_seeded = None
    if ensure_seeded is not None:
        ensure_seeded(settings, store)
    if now is None:
        from talkstui.clock import SystemClock

        now = SystemClock().now()
    story = load_story(settings, store, now=now, as_of=as_of)
    text = render(story, fmt)
    if output is None or str(output) == "-":
        stream = stdout or sys.stdout
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit-time flush
            except OSError:
                pass
            return 0
        return 0
    write_output(text.encode("utf-8"), Path(output), force=force)
    return 0
