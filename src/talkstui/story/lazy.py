"""Helpers for the story builder: a list filled on first use."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def _loader(name: str):
    base = getattr(list, name)

    def method(self, *args, **kwargs):
        self._load()
        return base(self, *args, **kwargs)

    method.__name__ = name
    return method


class LazyList(list):
    """A list whose items are made on first access (most stories are never read whole:
    a timeline row shows one mention, an export of 50,000 articles reads them all)."""

    __slots__ = ("_thunk",)

    def __init__(self, thunk: Callable[[], Iterable] | Iterable | None = None) -> None:
        super().__init__()
        if thunk is not None and not callable(thunk):
            super().extend(thunk)
            thunk = None
        self._thunk = thunk

    def _load(self) -> None:
        thunk = self._thunk
        if thunk is not None:
            self._thunk = None
            list.extend(self, thunk())

    def __reduce_ex__(self, protocol):
        self._load()
        return (list, (list(list.__iter__(self)),))


for _name in (
    "__iter__", "__len__", "__getitem__", "__contains__", "__eq__", "__ne__", "__repr__",
    "__reversed__", "__add__", "__mul__", "__rmul__", "__setitem__", "__delitem__", "__iadd__",
    "__imul__", "__lt__", "__le__", "__gt__", "__ge__", "index", "count", "copy", "append",
    "extend", "insert", "pop", "remove", "sort", "reverse", "clear",
):
    setattr(LazyList, _name, _loader(_name))
