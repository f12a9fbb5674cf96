"""Plain data types shared by every layer. No I/O, no Textual.

Stored types (Source, Article) are what the store keeps; the Story types are
what `story.build_story` derives from them for one `now`, and what both the
TUI and every export render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SourceKind = Literal["feed", "page", "file", "bundled", "unknown"]  # unknown: added while down
Precision = Literal["time", "day", "week", "month", "quarter", "season", "year", "decade", "ref"]


# ---------------------------------------------------------------- stored


@dataclass
class Source:
    """Something refreshed into the store: a feed, an article page, or local files."""

    id: str  # stable slug, unique
    name: str
    kind: SourceKind
    url: str | None = None  # http(s) URL for feeds and pages
    path: str | None = None  # local path for file sources
    bundled: bool = False  # the seeds; removable like any source
    etag: str | None = None
    last_modified: str | None = None
    last_refresh: datetime | None = None  # UTC: the last attempt
    last_status: str | None = None  # "ok", "not_modified", or a typed failure ("timeout", ...)
    last_error: str | None = None  # one sanitised line
    article_count: int = 0
    from_config: bool = False  # listed in the config file (dropped from it: no longer refreshed)
    last_success: datetime | None = None  # UTC: the last attempt that succeeded
    muted: bool = False  # gone for good: refresh skips it (its articles stay)
    last_warning: str | None = None  # with "ok_with_warnings": what was wrong (one line)


@dataclass
class Revision:
    """An earlier text of an article whose text changed."""

    body_hash: str
    seen_at: datetime  # UTC
    title: str = ""
    kind: str = ""  # "" an earlier text; "summary" the feed's summary, kept when the body
    # became the text of the item's page; "teaser" a page that held no more than a teaser


@dataclass
class Article:
    """One article. The body lives outside the main store file, content-addressed."""

    id: str  # stable: derived from the canonical URL, else from the content hash
    title: str
    outlet: str
    url: str | None  # canonical URL, if any
    published: datetime | None  # UTC; None = undated
    body_hash: str  # sha256 hex of the body text, key into the body store
    source_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # every outlet that carried it
    urls: list[str] = field(default_factory=list)  # every URL it was seen at
    author: str | None = None
    fetched_at: datetime | None = None  # UTC
    bundled: bool = False
    revisions: list[Revision] = field(default_factory=list)  # earlier texts, oldest first
    analysis: dict | None = None  # extract.analyse(...).to_dict() at ingest, for `published`
    # in/out per story, decided at ingest: {story id: [score, terms, inside, terms fingerprint,
    # exclusions]} (story.scope.Relevance.to_list); None for articles stored before scopes
    relevance: dict | None = None


# ---------------------------------------------------------------- time expressions


@dataclass(frozen=True)
class TimeExpr:
    """A TIMEX3 found in text. Offsets are into exactly the text given."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # TIMEX3 value: 2025-07-23, 2025-W30, 2025-07, 2025-SU, P50D, PRESENT_REF, ...
    anchor: str | None = None  # the value it was resolved against (DCT or an earlier date)
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER ...

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "anchor": self.anchor,
            "mod": self.mod,
        }


# ---------------------------------------------------------------- the story


@dataclass
class Attribution:
    """Whose claim it is and through whom: "an anonymous source told TASS"."""

    speaker: str | None  # "Zelensky", "an anonymous source", None when unattributed
    via: str | None = None  # "TASS", "RIA"
    text: str = ""  # the phrase as written

    def label(self) -> str:
        if self.speaker and self.via:
            return f"{self.speaker} (via {self.via})"
        return self.speaker or self.via or "unattributed"


@dataclass
class EventMention:
    """One sentence in one article that speaks of an event."""

    article_id: str
    outlet: str
    phrase: str  # the time phrase
    sentence: str
    start: int  # span of the phrase in the article body
    end: int
    value: str  # the TIMEX3 value as resolved in this article
    attribution: Attribution | None = None
    status: str | None = None  # announced, planned, held, agreed, carried out, proposed, cancelled


@dataclass
class TimelineEvent:
    id: str
    date: datetime  # start of the range, UTC
    date_end: datetime  # end of the range (exclusive), UTC; day events span one day
    precision: Precision
    value: str  # TIMEX3 value the event is dated by
    kind: str  # talks, prisoner_exchange, deadline_set, deadline_due, summit, statement, ...
    summary: str
    actors: list[str] = field(default_factory=list)
    status: str | None = None
    mentions: list[EventMention] = field(default_factory=list)
    conflict_ids: list[str] = field(default_factory=list)
    is_future: bool = False  # relative to the story's now
    approximate: bool = False  # the date is an estimate ("a week after ..."), see date/date_end
    venue: str | None = None  # where, when a source says ("Istanbul, Turkey")
    outlet_list: list[str] | None = None  # precomputed `outlets` (the story builder fills it)
    participants: list[str] = field(default_factory=list)  # who takes part: countries, delegations, people

    @property
    def outlets(self) -> list[str]:
        if self.outlet_list is not None:
            return self.outlet_list
        return sorted({m.outlet for m in self.mentions})


@dataclass
class Claim:
    value: str  # "Wednesday (2025-07-23)"
    article_id: str
    outlet: str
    attribution: Attribution | None = None
    sentence: str = ""


@dataclass
class Conflict:
    id: str
    about: str  # "the day of the third round"
    event_id: str | None
    claims: list[Claim] = field(default_factory=list)


@dataclass
class QuoteVariant:
    text: str
    article_id: str
    outlet: str
    diff: list[tuple[str, bool]] = field(default_factory=list)  # (word run, differs?)
    full_text: str = ""  # the whole quote in that article (text may be the shared part only)
    speaker: str | None = None  # the speaker as resolved in that article
    speaker_text: str = ""  # as written there: "the president", "he", "Zelenskyy"


@dataclass
class Quote:
    id: str
    speaker: str | None
    variants: list[QuoteVariant] = field(default_factory=list)


@dataclass
class DeadlineClaim:
    article_id: str
    outlet: str
    phrase: str
    sentence: str
    set_on: datetime | None
    due: datetime | None
    duration: str | None  # TIMEX3 duration, "P50D"
    attribution: Attribution | None = None
    due_earliest: datetime | None = None  # this claim's own range, when approximate
    due_latest: datetime | None = None
    set_earliest: datetime | None = None  # this claim's own set range ("earlier this month")
    set_latest: datetime | None = None
    due_approx: bool = False  # "around August 8"
    due_time: bool = False  # the due time is stated to the hour
    setter: str | None = None
    target: str | None = None
    subject: str | None = None
    report: str | None = None  # "withdrawn" or "met": what this article says became of it


@dataclass
class Deadline:
    id: str
    label: str  # "Trump's 50-day deadline for a ceasefire"
    set_on: datetime | None
    duration: str | None
    due: datetime | None
    due_earliest: datetime | None = None  # when approximate
    due_latest: datetime | None = None
    approximate: bool = False
    status: Literal["running", "passed", "superseded", "withdrawn", "met", "unknown"] = "unknown"
    seconds_left: float | None = None  # negative once passed
    claims: list[DeadlineClaim] = field(default_factory=list)
    set_earliest: datetime | None = None  # when the set date is approximate
    set_latest: datetime | None = None
    setter: str | None = None  # "Trump": who gave the ultimatum
    target: str | None = None  # "Russia": to whom
    subject: str | None = None  # "ceasefire or peace deal": about what
    supersedes: str | None = None  # id of the deadline this one replaced
    superseded_by: str | None = None  # id of the deadline that replaced this one
    superseded_on: datetime | None = None  # the day the replacing one was set
    superseded_label: str | None = None  # its label ("Trump's 10-12-day deadline")
    status_on: datetime | None = None  # the day of the report it was withdrawn or met
    due_approx: bool = False  # the due day is an estimate ("around August 8"): shown with ~
    due_time: bool = False  # the due time is stated to the hour: the countdown shows minutes


@dataclass
class ArticleView:
    """An article as the story sees it: the inferred date and the events found in it."""

    id: str
    outlet: str
    url: str | None
    title: str
    published: datetime | None
    published_inferred: bool = False
    inference_evidence: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    time_exprs: list[TimeExpr] = field(default_factory=list)
    relevance: object | None = None  # story.scope.Relevance: why it is in (or out of) the story
    notes: list[str] = field(default_factory=list)  # what its analysis left out, and why


@dataclass
class Story:
    """Everything the screen and the exports show, for one `now`."""

    now: datetime
    as_of: datetime | None
    title: str
    sources: list[Source]
    articles: list[ArticleView]
    events: list[TimelineEvent]  # sorted by date; `is_future` splits past and future
    conflicts: list[Conflict]
    quotes: list[Quote]
    deadlines: list[Deadline]  # current first; superseded after
    coverage: dict[str, list[str]] = field(default_factory=dict)  # event id -> outlets
    last_refresh: datetime | None = None
    last_status: str | None = None
    story_id: str = ""  # the story definition's id
    # the stored articles outside this story (ArticleView with relevance, no events), and
    # how many there are (the list may be capped by whoever built it)
    outside: list[ArticleView] = field(default_factory=list)

    @property
    def current_deadline(self) -> Deadline | None:
        for d in self.deadlines:
            if d.status in ("running", "passed"):
                return d
        return self.deadlines[0] if self.deadlines else None
