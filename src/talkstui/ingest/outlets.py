"""A page's outlet: its declared site name when it is one, else the host name.

Pages declare their site in `og:site_name` and the like, and many declare nonsense
there: a social-network URL, a copyright line, the article's own title, a tagline.
A site name is taken only when it reads as a name; otherwise the outlet is the
host (without "www."), which is at least true.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_NAME = 60
_NOT_A_NAME = re.compile(r"©|\(c\)|copyright|all rights reserved|https?:|www\.|/|\|", re.I)
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.I)


def host_name(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else (host or None)


def site_name_ok(name: str, *, title: str = "", url: str | None = None) -> bool:
    name = name.strip()
    if not name or len(name) > MAX_NAME or _NOT_A_NAME.search(name):
        return False
    if not re.search(r"[^\W\d_]", name):  # no letter at all
        return False
    t = title.strip().casefold()
    if t and (name.casefold() == t or (len(name) > 25 and name.casefold() in t)):
        return False  # the article's own title
    if _DOMAIN.match(name):  # a host name: only the page's own
        host = host_name(url)
        return host is not None and name.lower().removeprefix("www.") == host
    return True


def page_outlet(site_name: str | None, *, title: str = "", url: str | None = None,
                fallback: str | None = None) -> str | None:
    """The validated site name, else `fallback` (a feed or source name), else the host."""
    if site_name and site_name_ok(site_name, title=title, url=url):
        return site_name.strip()
    return fallback or host_name(url)
