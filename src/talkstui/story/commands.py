"""`talkstui stories` and the `talkstui story` group: list, show, new, add-term, suggest,
pull-in / push-out / forget (the user's choices). No logic of their own beyond printing:
the definitions are `story.definitions`, the decisions `story.scope`, the choices `story.choices`."""

from __future__ import annotations

from datetime import datetime

from talkstui.errors import TalksError
from talkstui.sanitize import clean_line
from talkstui.story.definitions import (
    all_stories, find_story, settings_for, stories_dir, write_story_file,
)
from talkstui.story.scope import StoryDef, Term, fold, slug, suggest_terms


def _out(line: str = "") -> None:
    print(line)


def _store(settings):
    from talkstui.seeds import ensure_seeded
    from talkstui.store import Store

    store = Store(settings.locations.store_dir)
    ensure_seeded(settings, store)
    return store


def _now(now: datetime | None) -> datetime:
    if now is not None:
        return now
    from talkstui.clock import SystemClock

    return SystemClock().now()


def next_deadline_text(story) -> str:
    """The current deadline in the words of the screen and the exports (story.when): its due
    date and countdown never finer than the articles give them."""
    from talkstui.story import when

    d = story.current_deadline
    if d is None or d.due is None:
        return "no deadline"
    label = clean_line(d.label, max_len=40)
    due = when.due_text(d)
    state = when.countdown_text(d, story.now) if d.status == "running" else when.status_text(d)
    return f"{label}: due {due} \u00b7 {state}" if due else f"{label} \u00b7 {state}"


def story_summaries(settings, store, now: datetime, as_of: datetime | None = None):
    """[(definition, Story)] for every story of the install (each from its own cache), as
    they stood at `as_of` when given."""
    from talkstui.story import load_story

    return [(d, load_story(settings_for(settings, d), store, now=now, as_of=as_of))
            for d in all_stories(settings)]


def list_stories_command(settings, *, now: datetime | None = None,
                         as_of: datetime | None = None) -> int:
    """`talkstui stories`: id, title, articles in it, the next deadline; and how many stored
    articles are in no story at all."""
    store = _store(settings)
    now = _now(now)
    rows = story_summaries(settings, store, now, as_of)
    first = True
    in_any: set[str] = set()
    total: set[str] = set()
    for d, story in rows:
        mark = "*" if first else " "
        first = False
        _out(f"{mark} {d.id}  {clean_line(d.title, max_len=60)}")
        _out(f"    {len(story.articles)} articles, {len(story.outside)} outside · "
             f"{next_deadline_text(story)}")
        in_any.update(a.id for a in story.articles)
        total.update(a.id for a in story.articles)
        total.update(a.id for a in story.outside)
    none = len(total - in_any)
    _out(f"{none} stored article{'s' if none != 1 else ''} in no story "
         f"(* = the story `talkstui` opens)")
    return 0


def _term_arg(text: str) -> Term:
    """"Zelensky|Zelenskyy|Zelenskiy" (first the name, then other spellings), with an
    optional weight after a colon: "Istanbul:0.5"."""
    weight = 1.0
    if ":" in text:
        head, _, tail = text.rpartition(":")
        try:
            weight = float(tail)
            text = head
        except ValueError:
            pass
    if weight <= 0:
        raise TalksError(f"the weight of {clean_line(text, max_len=80)!r} must be above zero")
    forms = [f.strip() for f in text.split("|") if f.strip()]
    if not forms:
        raise TalksError("an empty term")
    return Term(forms[0], tuple(forms[1:]), weight)


def new_story_command(settings, title: str, terms: list[str], exclude: list[str],
                      story_id: str | None) -> int:
    """`talkstui story new TITLE --term ...`: a new story from a title and a few terms."""
    if not title.strip():
        raise TalksError("a story needs a title")
    sid = story_id or slug(title)
    if slug(sid) != sid:
        raise TalksError(f"a story id is lower-case letters, digits and hyphens, e.g. {slug(sid)!r}")
    if any(d.id == sid for d in all_stories(settings)):
        raise TalksError(f"there is already a story {sid!r} (use `talkstui story add-term`)")
    if not terms:
        raise TalksError("give at least one --term (a name, place or phrase the story is about)")
    d = StoryDef(id=sid, title=clean_line(title, max_len=200), terms=[_term_arg(t) for t in terms],
                 exclude=[_term_arg(t) for t in exclude])
    path = write_story_file(settings.locations, d)
    _out(f"story {sid!r} written to {clean_line(str(path))}")
    _rescope()
    _out(f"see it with `talkstui --story {sid}`; more terms: `talkstui story suggest {sid}`")
    return 0


def _own_definition(settings, d: StoryDef) -> StoryDef:
    """The definition kept in the story's own file (created with only the id and title when
    the story comes from the config or the seeds): what add-term and suggest extend."""
    from talkstui.story.definitions import read_story_file

    path = stories_dir(settings.locations) / f"{d.id}.toml"
    if path.exists():
        return read_story_file(path)
    return StoryDef(id=d.id, title=d.title)


def add_terms_command(settings, name: str, terms: list[str], exclude: list[str]) -> int:
    d = find_story(settings, name)
    own = _own_definition(settings, d)
    have = {fold(t.name) for t in d.terms} | {fold(t.name) for t in d.exclude}
    added = []
    for raw in terms:
        t = _term_arg(raw)
        if fold(t.name) not in have:
            own.terms.append(t)
            have.add(fold(t.name))
            added.append(t.name)
    for raw in exclude:
        t = _term_arg(raw)
        if fold(t.name) not in have:
            own.exclude.append(t)
            have.add(fold(t.name))
            added.append("not " + t.name)
    if not added:
        _out("nothing new: every term is already in the story")
        return 0
    path = write_story_file(settings.locations, own)
    _out(f"{d.id}: added {', '.join(clean_line(a, max_len=60) for a in added)} "
         f"({clean_line(str(path))})")
    _rescope()
    return 0


def _rescope() -> None:
    """Sort the stored articles again with the stories as they now are (one transaction)."""
    from talkstui.config import load_settings
    from talkstui.story.rescope import rescope

    settings = load_settings()
    judged, analysed = rescope(settings, _store(settings))
    if judged:
        _out(f"{judged} stored article{'s' if judged != 1 else ''} sorted again"
             + (f", {analysed} analysed (they entered a story)" if analysed else ""))


def show_story_command(settings, name: str | None, *, now: datetime | None = None,
                       limit: int = 20) -> int:
    """`talkstui story show [NAME]`: the definition, the counts, and the articles outside
    with why (the closest first)."""
    from talkstui.story import load_story

    d = find_story(settings, name) if name else all_stories(settings)[0]
    store = _store(settings)
    story = load_story(settings_for(settings, d), store, now=_now(now))
    _out(f"{d.id}: {clean_line(d.title)}")
    _out(f"  threshold {d.threshold:g}; title match 3 points, lead 1.5, further down 1 (x weight)")
    for label, terms in (("terms", d.terms), ("exclude", d.exclude)):
        for t in terms:
            forms = " / ".join(clean_line(f, max_len=40) for f in t.forms)
            w = f"  (weight {t.weight:g})" if t.weight != 1.0 else ""
            _out(f"  {label}: {forms}{w}")
    users = sum(1 for a in story.articles if a.relevance and a.relevance.decided_by == "user")
    _out(f"  {len(story.articles)} articles in ({users} by your choice), "
         f"{len(story.outside)} outside · {next_deadline_text(story)}")
    if story.outside:
        _out(f"closest outside (score, terms; `talkstui story pull-in {d.id} ID` to take one in):")
        ranked = sorted(story.outside, key=lambda v: -(v.relevance.score if v.relevance else 0))
        for v in ranked[:limit]:
            r = v.relevance
            who = " [your choice]" if r and r.decided_by == "user" else ""
            terms = ", ".join(r.terms[:4]) if r and r.terms else "no term"
            _out(f"  {v.id}  {r.score if r else 0:g}  {clean_line(v.outlet, max_len=20)}: "
                 f"{clean_line(v.title, max_len=70)} ({clean_line(terms, max_len=60)}){who}")
    return 0


def suggest_command(settings, name: str | None, accept: list[str], *, limit: int = 15) -> int:
    """`talkstui story suggest [NAME] [--accept TERM ...]`: names that recur in the story's
    articles and rarely outside it; `--accept` adds the ones named (or `--accept all`)."""
    d = find_story(settings, name) if name else all_stories(settings)[0]
    store = _store(settings)
    from talkstui.clock import SystemClock
    from talkstui.story import load_story

    story = load_story(settings_for(settings, d), store, now=SystemClock().now())

    def texts(views, cap=3000):
        out = []
        for v in list(views)[-cap:]:
            art = store.article(v.id)
            if art is None:
                continue
            try:
                out.append(f"{art.title}\n{store.body(art.body_hash)}")
            except Exception:  # noqa: BLE001 - a missing body: its title only
                out.append(art.title)
        return out

    found = suggest_terms(d, texts(story.articles), texts(story.outside), limit=limit)
    if not accept:
        if not found:
            _out(f"{d.id}: no further terms to suggest ({len(story.articles)} articles in, "
                 f"{len(story.outside)} outside)")
            return 0
        _out(f"{d.id}: names that recur in its {len(story.articles)} articles and rarely outside:")
        for s in found:
            _out(f"  {clean_line(s.term, max_len=60)}  (in {s.inside}, outside {s.outside})")
        _out(f"accept with `talkstui story suggest {d.id} --accept NAME` (or --accept all)")
        return 0
    names = [s.term for s in found] if [a.lower() for a in accept] == ["all"] else accept
    return add_terms_command(settings, d.id, names, [])


# ---------------------------------------------------------------- the user's choices


def choice_command(settings, name: str | None, targets: list[str], sources: list[str],
                   verdict: bool | None) -> int:
    """Pull articles or whole sources into a story (verdict True), push them out (False), or
    forget the choice (None). Stored in the store; survives refreshes and re-analysis."""
    from talkstui.story.choices import set_choices

    d = find_story(settings, name) if name else all_stories(settings)[0]
    if not targets and not sources:
        raise TalksError("name at least one article id or --source")
    store = _store(settings)
    done = set_choices(settings, store, d.id, articles=targets, sources=sources, verdict=verdict)
    word = {True: "pulled into", False: "pushed out of", None: "back to the terms for"}[verdict]
    for what in done:
        _out(f"{clean_line(what, max_len=120)}: {word} {d.id}")
    return 0
