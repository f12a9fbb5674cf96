"""A small gazetteer of the places news of talks and summits names: each place and what
contains it, so that "Istanbul", "Istanbul, Turkey" and "Türkiye" are compatible venues,
and "Anchorage" and "Alaska" are, while "Istanbul" and "Geneva" are not.

Only containment is known here, not geometry: two venues are compatible when one lies in
the other (or they are the same place under another name).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# place -> the place that contains it (None: a country or a region at the top)
_PARENT: dict[str, str | None] = {
    # Türkiye
    "turkey": None, "istanbul": "turkey", "ankara": "turkey", "antalya": "turkey",
    "dolmabahce palace": "istanbul", "ciragan palace": "istanbul",
    # the United States
    "united states": None, "alaska": "united states", "anchorage": "alaska",
    "joint base elmendorf-richardson": "anchorage", "washington": "united states",
    "the white house": "washington", "white house": "washington", "new york": "united states",
    "florida": "united states", "mar-a-lago": "florida", "palm beach": "florida",
    # Europe
    "switzerland": None, "geneva": "switzerland", "bern": "switzerland", "burgenstock": "switzerland",
    "saudi arabia": None, "riyadh": "saudi arabia", "jeddah": "saudi arabia",
    "united arab emirates": None, "abu dhabi": "united arab emirates", "dubai": "united arab emirates",
    "qatar": None, "doha": "qatar", "belarus": None, "minsk": "belarus",
    "vatican": None, "vatican city": "vatican", "italy": None, "rome": "italy",
    "hungary": None, "budapest": "hungary", "france": None, "paris": "france",
    "germany": None, "berlin": "germany", "united kingdom": None, "london": "united kingdom",
    "belgium": None, "brussels": "belgium", "poland": None, "warsaw": "poland",
    "russia": None, "moscow": "russia", "st. petersburg": "russia", "saint petersburg": "russia",
    "ukraine": None, "kyiv": "ukraine", "kharkiv": "ukraine", "odesa": "ukraine", "lviv": "ukraine",
    "china": None, "beijing": "china", "egypt": None, "cairo": "egypt",
}
_ALIASES = {
    "türkiye": "turkey", "turkiye": "turkey", "republic of turkey": "turkey",
    "us": "united states", "u.s.": "united states", "usa": "united states", "america": "united states",
    "the united states": "united states", "uk": "united kingdom", "britain": "united kingdom",
    "kiev": "kyiv", "odessa": "odesa", "uae": "united arab emirates", "the uae": "united arab emirates",
    "washington, d.c.": "washington", "washington dc": "washington", "d.c.": "washington",
    "the vatican": "vatican", "saint peter's": "vatican", "elmendorf": "joint base elmendorf-richardson",
}


def _norm(place: str) -> str:
    p = unicodedata.normalize("NFKC", place).strip().strip(",.;:").lower().replace("’", "'")
    p = " ".join(p.split())
    if p.startswith("the ") and p[4:] in _PARENT:
        p = p[4:]
    return _ALIASES.get(p, p)


def _plain(place: str) -> str:
    """Without diacritics: "Dolmabahçe" -> "dolmabahce"."""
    return "".join(c for c in unicodedata.normalize("NFKD", place) if not unicodedata.combining(c))


def canonical(place: str) -> str:
    p = _norm(place)
    if p not in _PARENT:
        q = _norm(_plain(place))
        if q in _PARENT:
            return q
    return p


def known(place: str) -> bool:
    return canonical(place) in _PARENT


@lru_cache(maxsize=8192)
def lineage(place: str) -> tuple[str, ...]:
    """The place and every place containing it: "Anchorage" -> [anchorage, alaska, united states]."""
    out = []
    p: str | None = canonical(place)
    while p is not None and p not in out:
        out.append(p)
        p = _PARENT.get(p)
    return tuple(out)


def venue_places(venue: str | None) -> list[str]:
    """The places a venue as written names ("Istanbul, Turkey" -> [istanbul, turkey])."""
    if not venue:
        return []
    return [canonical(p) for p in venue.split(",") if p.strip()]


@lru_cache(maxsize=8192)
def compatible(a: str | None, b: str | None) -> bool:
    """Whether two venues as written can be the same place. Unknown or missing venues are
    compatible with anything; known ones must lie one within the other."""
    pa, pb = venue_places(a), venue_places(b)
    if not pa or not pb:
        return True
    la = {x for p in pa for x in lineage(p)}
    lb = {x for p in pb for x in lineage(p)}
    # the most specific place of each must lie within the other's lineage
    return pa[0] in lb or pb[0] in la or (not known(pa[0]) and not known(pb[0]) and bool(set(pa) & set(pb)))


def most_specific(venues: list[str]) -> str | None:
    """Of compatible venues as written, the one naming the smallest place (ties: the longer text)."""
    if not venues:
        return None
    return max(venues, key=lambda v: (len(lineage(venue_places(v)[0])) if venue_places(v) else 0, len(v)))
