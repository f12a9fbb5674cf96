"""HTML fragments (feed entry content) to plain text, cheaply and without I/O."""

from __future__ import annotations

import html as _html
import re

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "section", "article", "pre", "ul", "ol", "table", "hr", "figure", "figcaption"}
_TAGS = re.compile(r"<[^>]*>")
_BLANKS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]", text[:4096]))


def html_to_text(fragment: str) -> str:
    if not fragment:
        return ""
    if not looks_like_html(fragment):
        return _html.unescape(fragment).strip()
    try:
        import lxml.html

        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for bad in root.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        parts: list[str] = []

        def walk(el) -> None:
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag.lower() in _BLOCK:
                parts.append("\n\n" if tag.lower() != "br" else "\n")
            if el.text and tag:
                parts.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
            if tag.lower() in _BLOCK:
                parts.append("\n\n")

        walk(root)
        text = "".join(parts)
    except Exception:  # noqa: BLE001 - malformed fragment: fall back to tag stripping
        text = _html.unescape(_TAGS.sub(" ", fragment))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
