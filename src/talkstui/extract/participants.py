"""Who takes part in an event: countries, delegations, organisations, named people.

"Russian and Ukrainian negotiating teams will meet" -> Russia, Ukraine; "Trump would meet
Putin in Alaska" -> Trump, Putin. Someone who only reports the event ("..., Zelensky
announced") is not a participant, unless they say they take part ("he would meet").
`parties` gives the countries (or organisations) they stand for, for telling events apart:
talks between Russia and Ukraine are not a summit of the United States and Russia.
"""

from __future__ import annotations

import re
from functools import lru_cache

from talkstui.extract import gazetteer
from talkstui.extract.names import party_of, person_key

_DEMONYMS = {
    "russian": "Russia", "russia's": "Russia", "ukrainian": "Ukraine", "ukraine's": "Ukraine",
    "american": "United States", "u.s.": "United States", "us": "United States",
    "turkish": "Turkey", "european": "European Union", "eu": "European Union", "chinese": "China",
    "iranian": "Iran", "israeli": "Israel", "palestinian": "Palestinians", "saudi": "Saudi Arabia",
    "qatari": "Qatar", "british": "United Kingdom", "french": "France", "german": "Germany",
}
_COUNTRIES = ["Russia", "Ukraine", "United States", "Turkey", "Türkiye", "China", "Iran", "Israel",
              "Hamas", "NATO", "European Union", "EU", "United Nations", "UN", "Moscow", "Kyiv",
              "Washington", "the Kremlin", "Belarus", "Qatar", "Saudi Arabia", "France", "Germany",
              "United Kingdom", "Britain", "Poland", "Hungary", "U.S.", "US"]
_SIDE = r"(?:\s+(?:and\s+\w+\s+)?(?:delegations?|teams?|negotiating\s+teams?|negotiators|sides?|officials|diplomats|envoys|representatives|forces|troops|leaders?))"
_DEMONYM_RX = re.compile(
    r"\b(" + "|".join(re.escape(d) for d in sorted(_DEMONYMS, key=len, reverse=True)) + r")(?=(?:\s+and\s+\w+)?" + _SIDE + r"\b|\s+and\s+\w+" + _SIDE + r")",
    re.IGNORECASE,
)
_COUNTRY_RX = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in _COUNTRIES) + r")(?![\w-])")
_PERSON_VERB = r"(?:will|would|to|is\s+to|plans?\s+to|agreed\s+to|wants\s+to)?\s*(?:meet|met|meets|meeting|hold|held|holds|talk|talks|negotiate|sit\s+down)"
_WITH = re.compile(rf"(?:\b(?P<a>[A-Z][\w’'-]+)\s+)?(?:{_PERSON_VERB})\s+(?:with\s+)?(?:(?:Russian|Ukrainian|U\.S\.|US|American|Turkish)\s+)?(?:President|Prime\s+Minister|leader\s+)?\s*(?:[A-Z][\w’'-]+\s+)?(?P<b>[A-Z][\w’'-]+)")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+and\s+(?P<b>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
_FROM = re.compile(
    r"\b(?i:negotiators|delegations?|officials|envoys|representatives|teams?|leaders|ministers|diplomats)\s+"
    r"(?:from|of)\s+(?:the\s+)?(?P<a>[A-Z][\w’'-]+)(?:(?:,\s+|\s+and\s+)(?:the\s+)?(?P<b>[A-Z][\w’'-]+))?"
)
_SELF = re.compile(r"\b(?:he|she|I|we|myself)\b\s+(?:\w+\s+){0,2}?(?:meet|attend|join|travel|hold|lead)\b|\bmyself\b", re.IGNORECASE)
_SKIP = {"the", "a", "an", "on", "in", "and", "but", "president", "friday", "monday", "tuesday",
         "wednesday", "thursday", "saturday", "sunday", "next", "this", "last"}


def participants(sentence: str, *, speaker: str | None = None, venue: str | None = None,
                 actors: list[str] | None = None) -> list[str]:
    """Who takes part, as written (a surname for a person, a country for a delegation)."""
    out: list[str] = []

    def add(name: str | None) -> None:
        if not name:
            return
        name = name.strip(" ,.;:’'")
        if not name or name.lower() in _SKIP:
            return
        party = party_of(name)
        if gazetteer.known(name) or name.lower() in ("the kremlin", "kremlin", "white house", "the white house"):
            if party not in _PARTY_NAMES:
                return  # a place, not a party ("in Istanbul")
            name = party  # "talks with Moscow": Russia
        if party != name and party in {party_of(x) for x in out}:
            return  # "Putin" beside "Russia": the country already stands for him
        if venue and any(gazetteer.canonical(name) == p for p in gazetteer.venue_places(venue)):
            return
        key = person_key(name)
        if any(person_key(x) == key for x in out):
            return
        out.append(name)

    for m in _DEMONYM_RX.finditer(sentence):
        add(_DEMONYMS[m.group(1).lower()])
    for m in _FROM.finditer(sentence):
        add(party_of(m.group("a")))
        if m.group("b"):
            add(party_of(m.group("b")))
    for m in _BETWEEN.finditer(sentence):
        add(_short(m.group("a")))
        add(_short(m.group("b")))
    for m in _WITH.finditer(sentence):
        for g in ("a", "b"):
            if m.group(g):
                add(_short(m.group(g)))
    for m in _COUNTRY_RX.finditer(sentence):
        after = sentence[m.end():m.end() + 3]
        before = sentence[max(0, m.start() - 4):m.start()]
        if before.endswith(("in ", "to ")) and not after.startswith(" and"):
            continue  # "in Turkey", "a return visit to Russia": where, not who
        add(party_of(m.group(1)) if m.group(1) not in ("NATO", "Hamas", "UN") else m.group(1))
    if speaker and _SELF.search(sentence):
        add(speaker)
    if speaker and not _SELF.search(sentence):
        sk = person_key(speaker)
        out = [x for x in out if person_key(x) != sk]
    return out[:8]


_PARTY_NAMES = {"Russia", "Ukraine", "United States", "European Union", "China", "Iran", "Israel",
                "Turkey", "Belarus", "Qatar", "Saudi Arabia", "France", "Germany", "United Kingdom",
                "Poland", "Hungary"}


def _short(name: str) -> str:
    """A person by surname, a party by its name: "Vladimir Putin" -> "Putin"."""
    words = name.split()
    if len(words) > 1 and party_of(name) == name and words[0][0].isupper():
        return words[-1]
    return name


def parties(names: list[str]) -> frozenset[str]:
    return _parties(tuple(names))


@lru_cache(maxsize=4096)
def _parties(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p for p in (party_of(n) for n in names) if p)


def compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of parties can be one event's when either is unknown or one holds the other."""
    return not a or not b or a <= b or b <= a
