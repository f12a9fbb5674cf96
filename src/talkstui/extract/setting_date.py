"""Whether a date in a deadline sentence is the day the deadline was set.

A date belongs to the verb next to it in its clause: the last verb before it, else the
first verb after it. "Trump set a 50-day deadline on Monday" and "On July 14, Trump gave
Russia 50 days" date the setting. "Medvedev said on Tuesday that Moscow did not care about
Trump's 50-day ultimatum" dates Medvedev's words: the sentence only names an ultimatum that
already existed, so it gives its duration and no date. The one exception is a speaker who
gives the deadline in the words reported ("Trump said on Monday he was giving Russia 10 or
12 days"): then the day of speaking is the day of setting.
"""

from __future__ import annotations

import re

__all__ = ["dates_the_setting"]

_SETTING_VERBS = (
    "set|sets|setting|issue|issued|issues|issuing|give|gave|gives|giving|given|grant|granted|grants|granting|"
    "impose|imposed|imposes|imposing|announce|announced|announces|announcing|unveil|unveiled|unveils|declare|declared|"
    "declares|deliver|delivered|delivers|extend|extended|extends|extending|shorten|shortened|shortens|shortening|"
    "move|moved|moves|cut|cuts|cutting|reduce|reduced|reduces|handed|hands|laid|lays|brought|bringing"
)
# verbs of speaking and other events a date often belongs to instead
_OTHER_VERBS = (
    "say|said|says|saying|tell|told|tells|telling|warn|warned|warns|add|added|adds|state|stated|states|claim|claimed|"
    "claims|reply|replied|replies|respond|responded|responds|remark|remarked|write|wrote|writes|writing|post|posted|"
    "note|noted|notes|argue|argued|argues|insist|insisted|insists|stress|stressed|dismiss|dismissed|dismisses|"
    "call|called|calls|calling|describe|described|reject|rejected|rejects|reiterate|reiterated|comment|commented|"
    "confirm|confirmed|confirms|report|reported|explain|explained|suggest|suggested|acknowledge|acknowledged|"
    "admit|admitted|deny|denied|denies|urge|urged|urges|speak|spoke|speaks|speaking|spoken|meet|met|meets|meeting|"
    "visit|visited|visits|arrive|arrived|arrives|hold|held|holds|launch|launched|strike|struck|strikes|attack|attacked|"
    "sign|signed|agree|agreed|vow|vowed|pledge|pledged|mock|mocked|react|reacted|hit|hits|kill|killed|travel|"
    "travelled|traveled|fly|flew|talk|talked|talks|ask|asked|asks|answer|answered|tweet|tweeted|address|addressed|"
    "brief|briefed|brush|brushed|shrug|shrugged|laugh|laughed|scoff|scoffed|criticise|criticised|criticize|criticized|"
    "welcome|welcomed|welcomes|wrote|appear|appeared|interview|interviewed"
)
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][a-z]+)?(?![\w-])")
_SETTING = re.compile(rf"(?:{_SETTING_VERBS})", re.IGNORECASE)
_OTHER = re.compile(rf"(?:{_OTHER_VERBS})", re.IGNORECASE)
# any other lower-case past tense ("dismissed", "launched"): a verb the date may belong to
_PAST = re.compile(r"[a-z]{2,}ed")
_NOT_VERBS = frozenset(
    "need speed hundred proceed exceed indeed seed feed breed embed shed deed weed creed greed".split()
)
_CLAUSE_END = re.compile(r"[;:()\[\]—–]|,\s|\bthat\b|\bwhich\b|\bwho\b|\bwhile\b|\bas\b|\bafter\b|\bbefore\b", re.IGNORECASE)
# the words reported are themselves the giving: "he was giving Russia 10 or 12 days"
_GIVEN_IN_THE_WORDS = re.compile(
    r"\b(?:he|she|they|we|i|it)\s+(?:was|is|were|are|would|will|['’]d|['’]ll)\s+(?:now\s+|be\s+|also\s+)?"
    r"(?:giving|give|setting|set|issuing|issue|imposing|impose|granting|grant|shortening|shorten|extending|extend|"
    r"cutting|cut|reducing|reduce)\b",
    re.IGNORECASE,
)
_INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
# the date a duration counts from: "50 days from July 14"
_COUNTED_FROM = re.compile(r"\b(?:days?|weeks?|months?)\s+(?:from|starting|beginning|as\s+of)\s+$", re.IGNORECASE)
# words a subject may take between a fronted date and its verb: "On July 14, President Trump gave"
_MAX_WORDS_AFTER = 6


def _kind(word: str) -> str | None:
    if _SETTING.fullmatch(word):
        return "set"
    if _OTHER.fullmatch(word):
        return "other"
    if word.islower() and word not in _NOT_VERBS and _PAST.fullmatch(word):
        return "other"
    return None


def _verb_before(left: str) -> str | None:
    """The kind of the last verb in the clause that ends where the date begins."""
    cut = 0
    for m in _CLAUSE_END.finditer(left):
        cut = m.end()
    for m in reversed(list(_WORD.finditer(left, cut))):
        if _INFINITIVE.search(left[max(0, m.start() - 8):m.start()]):
            continue  # "50 days to agree to a ceasefire": what is demanded, not an event
        kind = _kind(m.group())
        if kind is not None:
            return kind
    return None


def _verb_after(right: str) -> str | None:
    """The kind of the first verb after the date, in its clause (a fronted date's comma
    does not end it: "On Tuesday, Medvedev said")."""
    right = re.sub(r"^\s*,", " ", right)
    end = _CLAUSE_END.search(right)
    words = list(_WORD.finditer(right, 0, end.start() if end else len(right)))
    for m in words[:_MAX_WORDS_AFTER]:
        if _INFINITIVE.search(right[max(0, m.start() - 8):m.start()]):
            continue
        kind = _kind(m.group())
        if kind is not None:
            return kind
    return None


def dates_the_setting(sentence: str, start: int, end: int) -> bool:
    """Whether the date at sentence[start:end] may be the day the deadline in the sentence
    was set: not when it belongs to a verb of speaking or of another event (unless the
    words reported give the deadline)."""
    if _COUNTED_FROM.search(sentence[:start]):
        return True
    kind = _verb_before(sentence[:start]) or _verb_after(sentence[end:])
    if kind != "other":
        return True
    return bool(_GIVEN_IN_THE_WORDS.search(sentence))
