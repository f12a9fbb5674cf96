"""Whose claim and through whom: "Zelensky said", "an anonymous source told TASS",
"RIA, quoting a source", "according to officials", "he said" (the last named speaker).
"""

from __future__ import annotations

import re
from functools import lru_cache

from talkstui.extract.lexicon import REPORTING_VERBS
from talkstui.model import Attribution

KNOWN_AGENCIES = [
    "RIA Novosti", "RIA", "TASS", "Interfax", "Reuters", "Associated Press", "AP", "AFP",
    "Agence France-Presse", "Bloomberg", "Ukrinform", "UNIAN", "Xinhua", "Anadolu", "dpa",
    "Sputnik", "RBC", "Kommersant", "Izvestia", "Axios", "Politico", "CNN", "BBC", "NHK",
    "Kyodo", "Yonhap", "ANSA", "EFE", "Suspilne", "Meduza", "Vedomosti",
]
_AGENCY = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in KNOWN_AGENCIES) + r")(?![\w-])")
_GENERIC_AGENCY = re.compile(
    r"(?<![\w-])([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})\s+(?:news\s+agency|agency|newspaper|"
    r"daily|broadcaster|outlet|TV|television|channel|wire service)\b"
    r"|\b(?:news\s+agency|agency|newspaper|daily|broadcaster|outlet|channel)\s+([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})"
)

_CAP = r"[A-Z\u0400-\u042f][\w’'.-]*"
NAME = rf"{_CAP}(?:\s+(?:{_CAP}|(?:de|van|von|al|bin|der|la)\b)){{0,4}}"

TITLES = {
    "president", "prime", "minister", "foreign", "defense", "defence", "secretary", "spokesperson",
    "spokesman", "spokeswoman", "kremlin", "chancellor", "ukrainian", "russian", "u.s.", "us",
    "american", "turkish", "state", "chief", "envoy", "special", "senator", "sen.", "gen.",
    "general", "mr.", "mrs.", "ms.", "dr.", "ambassador", "deputy", "head", "leader", "former",
    "lt.", "col.", "colonel", "adviser", "advisor", "aide", "negotiator", "commander", "mayor",
    "governor", "gov.", "rep.", "representative", "vice", "first", "lady", "king", "queen",
    "pope", "sir", "lord", "dame", "premier", "french", "german", "british", "european", "eu",
    "nato", "un", "white", "house", "press", "director", "official", "ukraine's", "russia's",
    "ukraine’s", "russia’s",
}
ORG_WORDS = {
    "headquarters", "coordination", "ministry", "police", "guard", "navy", "council", "court",
    "house", "ministry", "kremlin", "council", "agency", "news", "office", "department",
    "union", "nations", "government", "parliament", "army", "forces", "service", "committee",
    "commission", "bank", "fund", "times", "post", "journal", "press", "group", "party",
    "administration", "pentagon", "nato", "embassy", "staff", "command",
}
NOT_NAMES = {
    "the", "a", "an", "this", "that", "it", "he", "she", "they", "we", "i", "you", "but", "and",
    "however", "meanwhile", "on", "in", "at", "earlier", "later", "today", "tomorrow",
    "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "when", "while", "as", "after", "before", "if", "so",
    "there", "what", "who", "his", "her", "their", "our", "its", "also", "both",
}

_VERBS = "(?i:" + REPORTING_VERBS + ")"
_NAMED_BEFORE = re.compile(
    rf"(?P<sp>(?:[Tt]he\s+)?{NAME})\s+(?:(?:also|earlier|later|then|again|once again|has|had|have|"
    rf"\w+ly)\s+)?(?:on\s+[A-Z]\w+\s+)?(?:appeared\s+to\s+|seemed\s+to\s+)?(?:{_VERBS}|confirm|deny|denied)\b"
)
_NAMED_AFTER = re.compile(rf"\b(?:said|says|added|adds|wrote|told\s+\w+|continued|replied)\s+(?P<sp>(?:the\s+)?{NAME})(?=\s*(?:[,.;:!?]|$))")
_ROLE = re.compile(
    rf"(?P<sp>(?:[A-Z][\w-]*['’]s|[Tt]he|[Aa])\s+(?:[a-z-]+\s+){{0,3}}(?:minister|ministry|spokes(?:person|man|woman)|"
    rf"official|officials|president|governor|envoy|negotiator|commander|military|army|delegation|embassy|"
    rf"office|government|authorities|administration))\s+(?:\w+ly\s+|also\s+)?(?:{_VERBS})\b"
)
PRONOUN = re.compile(
    rf"\b(?P<sp>[Hh]e|[Ss]he|[Tt]hey|[Tt]he\s+(?:president|minister|spokes(?:person|man|woman)|official|"
    rf"leader|premier|chancellor|envoy|diplomat|senator|lawmaker|negotiator|commander))\s+"
    rf"(?:\w+ly\s+|also\s+)?(?:{_VERBS})\b"
)
_SOURCE_NP = (
    r"(?i:(?:an?|the|one|two|three|several|some|other|multiple)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:sources?|officials?|diplomats?|insiders?|persons?|people|representatives?))"
    r"(?:\s+(?:in|close to|familiar with|at|from|inside|within|with knowledge of)\s+(?:the\s+)?"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?"
)
_GROUP = re.compile(
    r"(?<![\w-])(?P<sp>(?:(?:[A-Z][a-z]+|US|U\.S\.|EU)\s+)?(?i:officials|authorities|sources|witnesses|residents|analysts|diplomats|rescuers|police))"
    r"\s+(?:\w+ly\s+)?(?:said|say|says|told|reported|confirmed)\b"
)
_SOURCE_TOLD = re.compile(rf"(?P<sp>{_SOURCE_NP})\s+(?:told|said\s+to|speaking\s+to)\s+(?P<via>[^,.;—–]+?)(?:\s+(?:that|on|in)\b|[,.;—–]|$)",)
_QUOTED_SOURCE = re.compile(rf"\b(?:quoted|cited|quoting|citing)\s+(?P<sp>{_SOURCE_NP}|{NAME})")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<sp>{_SOURCE_NP}|(?:the\s+)?{NAME}|[^,.;]+?)(?=[,.;]|$)")
_VIA_REPORTED = re.compile(r"(?P<via>" + _AGENCY.pattern + r")\s+(?:news\s+agency\s+)?(?:reported|said|wrote|cited)")


def agency_in(text: str) -> str | None:
    m = None
    for m in _AGENCY.finditer(text):
        pass
    if m:
        name = m.group(1)
        return "RIA" if name == "RIA Novosti" else name
    g = None
    for g in _GENERIC_AGENCY.finditer(text):
        pass
    if g:
        name = (g.group(1) or g.group(2) or "").strip()
        first = name.split()[0].lower() if name else ""
        if name and first not in NOT_NAMES and first not in TITLES:
            return name
    return None


def clean_name(raw: str) -> str | None:
    """'President Volodymyr Zelensky' -> 'Zelensky'; 'the Kremlin' -> 'the Kremlin'."""
    raw = raw.strip().rstrip(",.;:")
    raw = re.sub(r"[’']s$", "", raw)
    toks = raw.split()
    if not toks:
        return None
    if toks[0].lower() == "the":
        rest = toks[1:]
        if not rest:
            return None
        if any(t.lower() in ORG_WORDS or t.lower() in TITLES for t in rest):
            return "the " + " ".join(rest) if rest[0][0].islower() else "the " + " ".join(rest)
        return None
    if toks[0].lower() in NOT_NAMES:
        return None
    if any(t.lower() in ORG_WORDS for t in toks) and not (len(toks) >= 2 and toks[-1].lower() not in ORG_WORDS and toks[-2][0].isupper() and toks[-2].lower() not in ORG_WORDS and toks[-2].lower() not in TITLES):
        return " ".join(toks)
    while toks and toks[0].lower() in TITLES:
        toks = toks[1:]
    if not toks:
        return None
    if toks[0].lower() in NOT_NAMES or toks[0].lower() in ("officials", "sources", "witnesses", "residents"):
        return toks[0].lower() if len(toks) == 1 and toks[0].lower() not in NOT_NAMES else None
    return toks[-1]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def find_attribution(
    sentence: str,
    *,
    quote_spans: list[tuple[int, int]] | None = None,
    last_person: str | None = None,
    near: int | None = None,
) -> Attribution | None:
    """The attribution of a sentence (quoted text blanked out), or None.

    `near` (an offset in the sentence) prefers the attribution closest to it when a
    sentence holds several ("X said ..., while Y said ...").
    """
    found = _attributions(sentence, tuple(quote_spans or ()), last_person)
    if not found:
        return None
    if near is None or len(found) == 1:
        pick = found[0]
    else:
        pick = min(found, key=lambda f: abs(f[0] - near))
    return Attribution(pick[1], pick[2], pick[3])


@lru_cache(maxsize=1024)
def _attributions(sentence: str, quote_spans: tuple[tuple[int, int], ...],
                  last_person: str | None) -> tuple[tuple[int, str | None, str | None, str], ...]:
    """Every candidate attribution of a sentence as (position, speaker, via, text): computed
    once per sentence, however many time phrases in it ask."""
    found = _find_all(sentence, list(quote_spans), last_person)
    return tuple((pos, a.speaker, a.via, a.text) for pos, a in found)


# Prefilters: each pattern below needs one of these literal words (case as written; the
# `_VERBS` ones case-insensitively), so a text without any of them cannot match and the
# (slow, name-shaped) pattern is not run at all.
_VERB_WORDS = tuple(REPORTING_VERBS.split("|"))


def _any_of(*words: str) -> tuple[str, ...]:
    """Needles, most frequent first where it matters (`any(n in text ...)` stops at the
    first found; measured faster here than a regex alternation)."""
    return tuple(dict.fromkeys(words))


_NEED_SOURCE_TOLD = _any_of("told", "said", "speaking")
_NEED_QUOTED = _any_of("quot", "cit")
_NEED_VIA = _any_of("reported", "said", "wrote", "cited")
_NEED_AFTER = _any_of("said", "says", "added", "adds", "wrote", "told", "continued", "replied")
_NEED_GROUP = _any_of("said", "say", "told", "reported", "confirmed")
_NEED_VERB = _any_of(*_VERB_WORDS)  # on lower-cased text
_NEED_BEFORE = _any_of(*_VERB_WORDS, "confirm", "deny", "denied")  # on lower-cased text
# characters re.IGNORECASE folds onto an ASCII letter although str.lower() does not
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a\u212b]")


def _has(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


def _lower_or_none(text: str) -> str | None:
    """text.lower() for case-insensitive needle tests, or None when they would be unsafe."""
    return None if _FOLDS.search(text) else text.lower()


def _may_verb(low: str | None, needles: tuple[str, ...] | None = None) -> bool:
    if needles is None:
        needles = _NEED_VERB
    return low is None or any(n in low for n in needles)


def _find_all(sentence: str, quote_spans: list[tuple[int, int]],
              last_person: str | None) -> list[tuple[int, Attribution]]:
    text = _blank(sentence, quote_spans) if quote_spans else sentence
    low = _lower_or_none(text)
    found: list[tuple[int, Attribution]] = []
    for m in _SOURCE_TOLD.finditer(text) if _has(text, _NEED_SOURCE_TOLD) else ():
        via = agency_in(m.group("via"))
        found.append((m.start(), Attribution(m.group("sp").strip(), via, sentence[m.start():m.end()].strip(" ,.;"))))
    for m in _QUOTED_SOURCE.finditer(text) if _has(text, _NEED_QUOTED) else ():
        via = agency_in(text[max(0, m.start() - 120):m.start()])
        sp = m.group("sp").strip()
        if via or re.match(_SOURCE_NP, sp, re.IGNORECASE):
            spk = sp if re.match(_SOURCE_NP, sp, re.IGNORECASE) else (clean_name(sp) or sp)
            found.append((m.start(), Attribution(spk, via, sentence[max(0, m.start() - 40):m.end()].strip(" ,.;—"))))
    for m in _ACCORDING.finditer(text) if "ccording" in text else ():
        sp = m.group("sp").strip()
        via = agency_in(sp)
        spk = sp
        if re.fullmatch(NAME, sp):
            spk = clean_name(sp) or sp
        if via and spk.strip() == via:
            spk = None
        found.append((m.start(), Attribution(spk, via, sentence[m.start():m.end()].strip())))
    if not found:
        for m in _VIA_REPORTED.finditer(text) if _has(text, _NEED_VIA) else ():
            found.append((m.start(), Attribution(None, agency_in(m.group("via")), m.group(0))))
    if not found:
        for rx in (_NAMED_BEFORE if _may_verb(low, _NEED_BEFORE) else None,
                   _NAMED_AFTER if _has(text, _NEED_AFTER) else None):
            for m in rx.finditer(text) if rx is not None else ():
                name = clean_name(m.group("sp"))
                if name:
                    phrase = sentence[m.start():m.end()].strip()
                    found.append((m.start(), Attribution(name, None, phrase)))
    if not found:
        for m in _GROUP.finditer(text) if _has(text, _NEED_GROUP) else ():
            found.append((m.start(), Attribution(m.group("sp").strip().lower() if m.group("sp")[:1].isupper() and " " not in m.group("sp").strip() else m.group("sp").strip(), None, sentence[m.start():m.end()].strip())))
    if not found:
        for m in _ROLE.finditer(text) if _may_verb(low) else ():
            found.append((m.start(), Attribution(m.group("sp").strip(), None, sentence[m.start():m.end()].strip())))
    if not found and last_person:
        for m in PRONOUN.finditer(text) if _may_verb(low) else ():
            found.append((m.start(), Attribution(last_person, None, sentence[m.start():m.end()])))
    return found


def named_speaker(text: str) -> str | None:
    """The last named subject of a reporting verb in `text` (for resolving "he said")."""
    best = None
    if not _may_verb(_lower_or_none(text), _NEED_BEFORE):
        return None
    for m in _NAMED_BEFORE.finditer(text):
        name = clean_name(m.group("sp"))
        if name and not name.startswith("the "):
            best = name
    return best
