"""OPML subscription lists (newsboat, Feedly, NetNewsWire ... all export and import it).

Reading: every `<outline>` with an `xmlUrl` is a feed; its title is the outline's
`title`, else its `text`; its folder is the titles of the outlines around it. The
file is parsed with entities, DTDs and the network turned off (an OPML file is as
untrusted as a feed). Writing: OPML 2.0, one outline per feed or page source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from talkstui.ingest.items import ParseFailure

MAX_OUTLINES = 10_000


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str = ""
    folder: str = ""  # "News / Europe" for nested outlines


def _attr(el, name: str) -> str:
    for key, value in el.attrib.items():
        if key.lower() == name.lower():
            return " ".join(str(value).split())
    return ""


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds an OPML document lists, in order. Raises ParseFailure("parse_error")."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseFailure("parse_error", f"not an OPML file: {exc}") from None
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise ParseFailure("parse_error", "not an OPML file (no <opml> root element)")
    out: list[OpmlFeed] = []

    def walk(el, folder: list[str]) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag.lower() != "outline":
                continue
            if len(out) >= MAX_OUTLINES:
                return
            title = _attr(child, "title") or _attr(child, "text")
            url = _attr(child, "xmlUrl")
            if url:
                out.append(OpmlFeed(url=url, title=title, folder=" / ".join(folder)))
            walk(child, folder + [title] if not url and title else folder)

    body = next((c for c in root if isinstance(c.tag, str) and c.tag.lower() == "body"), None)
    if body is None:
        raise ParseFailure("parse_error", "not an OPML file (no <body>)")
    walk(body, [])
    return out


def write_opml(sources, now: datetime, title: str = "talkstui sources") -> bytes:
    """OPML 2.0 for the feed and page sources (local files and the seeds are left out)."""
    from xml.etree import ElementTree as ET

    from talkstui.sanitize import clean_line

    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for src in sorted(sources, key=lambda s: s.name.lower()):
        if src.kind not in ("feed", "page") or not src.url or src.bundled:
            continue
        name = clean_line(src.name, max_len=200)
        url = clean_line(src.url, max_len=2000)
        if src.kind == "feed":
            ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=url)
        else:
            ET.SubElement(body, "outline", type="link", text=name, title=name, url=url)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") \
        + b"\n"
