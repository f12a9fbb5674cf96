"""The same quote across outlets: one Quote with a variant per article.

Candidates come from the block keys `analyse` stored for each quote sentence (a
min-hash of its words and word pairs): quotes sharing a key are compared with
rapidfuzz against the key's first quote only, and joined in a union-find. Never
all-pairs. Exact repeats (same normalised sentence) are joined by hashing first.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from talkstui.extract.text import fold_name, stable_hash
from talkstui.model import Quote, QuoteVariant

_NORM = re.compile(r"[^\w\s]+")


def norm(text: str) -> str:
    return " ".join(_NORM.sub(" ", text.lower().replace("’", "'")).split())


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        p = self.parent
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while x != root:
            nxt = p.get(x, x)
            p[x] = root
            x = nxt
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = a.count(" ") + 1, b.count(" ") + 1
    if min(la, lb) < 4:
        return False
    if fuzz.ratio(a, b) >= 78 or fuzz.token_set_ratio(a, b) >= 90:
        return True
    return min(la, lb) >= 6 and fuzz.partial_ratio(a, b) >= 94


def group_quotes(items: list[tuple[int, list]]):
    """items: (article index, stored quotes). Returns the union-find over first
    occurrences (article, quote), the groups of identical quotes keyed by their first
    occurrence, and per first occurrence the sentence numbers that matched elsewhere."""
    uf = UnionFind()
    matched: dict[tuple[int, int], set[int]] = defaultdict(set)
    by_text: dict[str, tuple[int, int, int]] = {}
    by_key: dict[int, tuple[int, int, int, str]] = {}
    groups: dict[str, list[tuple[int, int]]] = {}
    for ai, quotes in items:
        for qi, q in enumerate(quotes):
            text = q[2]
            group = groups.get(text)
            if group is not None:  # the very same words: no need to look closer
                group.append((ai, qi))
                continue
            groups[text] = [(ai, qi)]
            node = (ai, qi)
            for ui, unit in enumerate(q[5]):
                u = norm(text[unit[0]:unit[1]])
                first = by_text.get(u)
                if first is not None:
                    if first[0] != ai:
                        uf.union(node, (first[0], first[1]))
                        matched[node].add(ui)
                        matched[(first[0], first[1])].add(first[2])
                    continue
                by_text[u] = (ai, qi, ui)
                for key in unit[2]:
                    rep = by_key.get(key)
                    if rep is None:
                        by_key[key] = (ai, qi, ui, u)
                        continue
                    if rep[0] == ai:
                        continue
                    other = (rep[0], rep[1])
                    if ui in matched[node] and uf.find(other) == uf.find(node):
                        continue
                    if similar(u, rep[3]):
                        uf.union(node, other)
                        matched[node].add(ui)
                        matched[other].add(rep[2])
    return uf, groups, matched


def word_diff(text: str, other: str) -> list[tuple[str, bool]]:
    """Runs of words of `text`, each marked True where it differs from `other`."""
    a = text.split()
    b = other.split()
    na = [norm(w) for w in a]
    nb = [norm(w) for w in b]
    sm = difflib.SequenceMatcher(a=na, b=nb, autojunk=False)
    runs: list[tuple[str, bool]] = []
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        if i1 == i2:
            continue
        differs = tag != "equal"
        chunk = " ".join(a[i1:i2])
        if runs and runs[-1][1] == differs:
            runs[-1] = (runs[-1][0] + " " + chunk, differs)
        else:
            runs.append((chunk, differs))
    return runs


_NEVER = datetime.max.replace(tzinfo=UTC)


def _order(meta) -> tuple:
    published = meta[2]
    return (published or _NEVER, meta[0])


def build_quotes(
    items: list[tuple[int, list]],
    article_meta: list[tuple[str, str, object]],  # (id, outlet, published-or-None) per article index
) -> tuple[list[Quote], dict[tuple[int, int], str]]:
    """Quotes with variants (one per outlet and wording), and the id of each (article, quote)."""
    uf, groups, matched = group_quotes(items)
    needed = {ai for ai, _ in items}
    orders = {ai: _order(article_meta[ai]) for ai in needed}
    comps: dict = defaultdict(list)
    for group in groups.values():
        root = uf.find(group[0])
        comps[root].append(group)
    lookup = dict(items)
    out: list[Quote] = []
    ids: dict[tuple[int, int], str] = {}
    first_seen: dict[int, tuple] = {}
    for glist in comps.values():
        variants: list[tuple[tuple, QuoteVariant, str | None]] = []
        seen: set = set()
        speakers: Counter = Counter()
        for g in glist:
            first = g[0]
            mu_first = sorted(matched.get(first, ()))
            q0 = lookup[first[0]][first[1]]
            g_sorted = sorted(g, key=lambda m: orders[m[0]]) if len(g) > 1 else g
            if q0[3]:
                speakers[fold_name(q0[3])] += len(g)
            seen_outlets: set = set()
            for ai, qi in g_sorted:
                outlet = article_meta[ai][1]
                if outlet in seen_outlets:
                    continue
                seen_outlets.add(outlet)
                q = lookup[ai][qi]
                text = q[2]
                units = q[5]
                # several wordings: show the part they share; one wording: all of it
                if len(glist) > 1 and mu_first:
                    a, b = units[mu_first[0]][0], units[mu_first[-1]][1]
                    vtext = text[a:b].strip().rstrip(",")
                else:
                    vtext = text.strip().rstrip(",")
                key = (outlet, norm(vtext))
                if key in seen:
                    continue
                seen.add(key)
                aid = article_meta[ai][0]
                v = QuoteVariant(text=vtext, article_id=aid, outlet=outlet)
                v.full_text = text
                v.speaker = q[3]
                v.speaker_text = q[4] or ""
                variants.append((orders[ai], v, q[3]))
        variants.sort(key=lambda t: t[0])
        vs = [v for _, v, _ in variants]
        if len(vs) > 1:
            base = vs[0].text
            cache: dict[str, list] = {}
            vs[0].diff = word_diff(base, vs[1].text)
            for v in vs[1:]:
                if v.text not in cache:
                    cache[v.text] = word_diff(v.text, base)
                v.diff = list(cache[v.text])
        else:
            vs[0].diff = [(vs[0].text, False)]
        speaker = None
        if speakers:
            best = speakers.most_common(1)[0][0]
            forms = Counter(s for _, _, s in variants if s and fold_name(s) == best)
            speaker = forms.most_common(1)[0][0] if forms else None
        qid = f"q-{stable_hash(norm(vs[0].text)):08x}"
        quote = Quote(id=qid, speaker=speaker, variants=vs)
        out.append(quote)
        first_seen[id(quote)] = min((orders[g[0][0]], g[0][1]) for g in glist)
        for g in glist:
            for m in g:
                ids[m] = qid
    # quotes carried by more outlets first; then in the order the articles tell them
    out.sort(key=lambda q: (-len({v.outlet for v in q.variants}), first_seen[id(q)], q.id))
    seen_ids: Counter = Counter()
    for q in out:
        seen_ids[q.id] += 1
        if seen_ids[q.id] > 1:
            q.id = f"{q.id}-{seen_ids[q.id]}"
    return out, ids
