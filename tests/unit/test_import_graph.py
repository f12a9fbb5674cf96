"""The package's import graph: no cycles between modules, and no module imports another
module's private (leading-underscore) names. Every import counts, also one inside a function
(a deferred import still ties the two modules together); only imports under
`if TYPE_CHECKING:` are left out (they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

import talkstui

ROOT = Path(talkstui.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path, known: set[str]) -> tuple[set[str], list[str]]:
    """(modules of the package that `name` imports, private names it takes from others)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    targets: set[str] = set()
    private: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source not in known:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in known:
                    targets.add(sub)
                    continue
                targets.add(source)
                dunder = alias.name.startswith("__") and alias.name.endswith("__")
                if alias.name.startswith("_") and not dunder and source != name:
                    private.append(f"{name}: from {source} import {alias.name}")
    targets.discard(name)
    return targets, private


def graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = modules()
    known = set(mods)
    edges: dict[str, set[str]] = {}
    private: list[str] = []
    for name, path in mods.items():
        edges[name], bad = imports_of(name, path, known)
        private.extend(bad)
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_walk_sees_the_packages_and_their_imports():
    edges, _ = graph()
    assert {"talkstui.story.build", "talkstui.story.cache", "talkstui.store.api",
            "talkstui.extract.timex.engine", "talkstui.export.command"} <= set(edges)
    assert "talkstui.story.build" in edges["talkstui.story.load"]
    assert "talkstui.store" in edges["talkstui.export.command"]


def test_no_import_cycles_between_modules():
    edges, _ = graph()
    assert cycles(edges) == []


def test_no_module_imports_another_modules_private_names():
    _, private = graph()
    assert private == []


def test_the_checks_catch_a_cycle_and_a_private_import(tmp_path):
    # the same walk over a small package of two modules that import each other
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("from pkg.b import _helper\n")
    (pkg / "b.py").write_text("def f():\n    from pkg import a\n")
    known = {"pkg.a", "pkg.b", "pkg"}
    a_edges, a_private = imports_of("pkg.a", pkg / "a.py", known)
    b_edges, _ = imports_of("pkg.b", pkg / "b.py", known)
    assert a_private == ["pkg.a: from pkg.b import _helper"]
    assert cycles({"pkg.a": a_edges, "pkg.b": b_edges, "pkg": set()}) == [["pkg.a", "pkg.b"]]
