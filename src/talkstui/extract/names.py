"""One person, one name; one party, one key.

- `person_key`: the key under which spellings of one person meet (Zelensky / Zelenskyy /
  Zelenskiy, Medinsky / Medinskiy, "President Donald Trump" / "Trump").
- `role_names` / `resolve_role`: "the Kremlin spokesman" is the person the article names in
  that role nearby ("Kremlin spokesperson Dmitry Peskov", "Peskov, the Kremlin's spokesman").
- `party_of`: the party a name stands for when it is the target of an ultimatum
  (Moscow, the Kremlin, Putin -> Russia; Kyiv -> Ukraine).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from talkstui.extract.text import fold_name

# transliteration endings that spell one sound: -sky/-skyy/-skiy/-skii/-ski
_TRANSLIT = [
    (re.compile(r"(sk|ck|tsk|zk)(?:iy|yy|ii|y|i|ij)$"), r"sky"),
    (re.compile(r"(?:iy|yy|ii|ij)$"), "y"),
    (re.compile(r"kh"), "h"),
]


@lru_cache(maxsize=16384)
def person_key(name: str | None) -> str:
    """'Zelenskyy' and 'President Volodymyr Zelenskiy' -> 'zelensky'. Only the surname
    (the last word) counts: outlets vary in titles and first names, not surnames."""
    if not name:
        return ""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return ""
    if words[0].lower() == "the":
        return fold_name(name)  # a role or an organisation: "the Kremlin"
    key = fold_name(words[-1])
    for pat, rep in _TRANSLIT:
        key = pat.sub(rep, key)
    return key


# ---------------------------------------------------------------- roles

_ROLE_WORD = r"(?:spokes(?:person|man|woman)|press\s+secretary|foreign\s+minister|defen[cs]e\s+minister|" \
    r"prime\s+minister|president|envoy|negotiator|chief\s+negotiator|aide|adviser|advisor|" \
    r"head\s+of\s+the\s+delegation|delegation\s+head|minister)"
_ORG = (r"(?:(?:the\s+)?(?:[A-Z][\w.-]*(?:['’]s)?\s+){1,3})?"
        r"(?:(?:foreign|defen[cs]e|interior|ministry|presidential|military|press)\s+){0,2}")
_CAPNAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}"
# "Kremlin spokesperson Dmitry Peskov", "Russia's chief negotiator Vladimir Medinsky"
_ROLE_THEN_NAME = re.compile(rf"(?P<role>{_ORG}{_ROLE_WORD})\s+(?P<name>{_CAPNAME})")
# "Dmitry Peskov, the Kremlin spokesman," / "Peskov, Putin's spokesman"
_NAME_THEN_ROLE = re.compile(rf"(?P<name>{_CAPNAME}),\s+(?P<role>(?:the\s+|an?\s+)?{_ORG}{_ROLE_WORD})\b")
_ROLE_MENTION = re.compile(rf"\b(?P<role>(?:[Tt]he|[A-Z][\w-]*['’]s)\s+(?:[A-Z][\w-]*\s+){{0,2}}{_ROLE_WORD})\b")
_NOT_A_NAME = {"the", "a", "an", "on", "in", "said", "says", "told", "and", "but", "has", "had"}


def role_key(role: str) -> str:
    """'the Kremlin's spokesman' and 'Kremlin spokesperson' -> 'kremlin spokesperson'."""
    r = role.lower().replace("’", "'")
    r = re.sub(r"^(?:the|an?)\s+", "", r)
    r = re.sub(r"'s\b", "", r)
    r = re.sub(r"spokes(?:man|woman)", "spokesperson", r)
    r = re.sub(r"\badvisor\b", "adviser", r)
    r = re.sub(r"\bdefence\b", "defense", r)
    return " ".join(r.split())


def role_names(text: str) -> list[tuple[int, str, str]]:
    """(position, role key, surname) for every role the text ties to a name, in order."""
    out = []
    for pat in (_ROLE_THEN_NAME, _NAME_THEN_ROLE):
        for m in pat.finditer(text):
            name = m.group("name").split()
            if not name or name[0].lower() in _NOT_A_NAME or name[-1].lower() in _NOT_A_NAME:
                continue
            out.append((m.start(), role_key(m.group("role")), name[-1].rstrip("’'s")))
    out.sort()
    return out


def resolve_role(speaker: str | None, at: int, roles: list[tuple[int, str, str]]) -> str | None:
    """The named person for a speaker given as a role ("the Kremlin spokesman"): the
    nearest one named in that role before `at` (else after it); None if no such person."""
    if not speaker or not roles:
        return None
    sp = speaker.strip()
    if not re.fullmatch(rf"(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[\w’'.-]+\s+){{0,3}}?{_ROLE_WORD}", sp):
        return None
    key = role_key(sp)
    hits = [(p, n) for p, k, n in roles if k == key or (len(key.split()) > 1 and k.endswith(key))]
    if not hits:
        # "the spokesman" alone: the one spokesperson the article names
        last = key.split()[-1]
        names = {n for _, k, n in roles if k.split()[-1] == last}
        if len(key.split()) == 1 and len(names) == 1:
            return names.pop()
        return None
    i = bisect_right([p for p, _ in hits], at) - 1
    return hits[i][1] if i >= 0 else hits[0][1]


# ---------------------------------------------------------------- parties

_PARTIES = {
    "Russia": ["russia", "moscow", "the kremlin", "kremlin", "putin", "vladimir putin", "russian federation",
               "russians", "russian side"],
    "Ukraine": ["ukraine", "kyiv", "kiev", "zelensky", "ukrainians", "ukrainian side"],
    "United States": ["united states", "us", "u.s.", "usa", "washington", "the white house", "white house",
                      "trump", "donald trump", "america"],
    "European Union": ["eu", "european union", "brussels", "the eu"],
    "China": ["china", "beijing", "xi", "xi jinping"],
    "Iran": ["iran", "tehran"],
    "Hamas": ["hamas"],
    "Israel": ["israel", "netanyahu"],
}
_PARTY_OF = {alias: party for party, aliases in _PARTIES.items() for alias in aliases}


def party_of(name: str | None) -> str | None:
    """The party a name stands for ("Moscow" -> "Russia"), or the name itself (cleaned)."""
    if not name:
        return None
    return _party_of(name)


@lru_cache(maxsize=8192)
def _party_of(name: str) -> str | None:
    raw = " ".join(name.replace("’", "'").split()).strip(" ,.;:")
    raw = re.sub(r"'s$", "", raw)
    low = raw.lower()
    if low in _PARTY_OF:
        return _PARTY_OF[low]
    key = person_key(raw)
    if len(key) > 3 and key in _PARTY_BY_KEY:
        return _PARTY_BY_KEY[key]
    return raw


_PARTY_BY_KEY = {person_key(alias): party for alias, party in _PARTY_OF.items() if " " not in alias}
