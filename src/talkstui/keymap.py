"""`[keys]` checked against the bindings it remaps: one key never does two things.

Pure: the dashboard passes its bindings in (binding id and default keys, per context) and
gets back the problems. A context's keys are its own bindings plus the app-wide ones, each
with the keymap applied (`export = "r"` takes `r` from refresh unless refresh moved too).
Only conflicts the keymap creates are refused: the defaults are the dashboard's business.
"""

from __future__ import annotations

GLOBAL = "everywhere"


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def check(keymap: dict[str, str], contexts: dict[str, list[tuple[str, str]]],
          where: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """(errors, warnings) for `keymap` (binding id -> keys) against `contexts` (name ->
    [(binding id, default keys)], GLOBAL joined to every other). `where` names each id's
    config line ("config.toml, line 12")."""
    where = where or {}
    known = {bid for bindings in contexts.values() for bid, _ in bindings}
    warnings = [f"{where.get(bid, '[keys]')}: keys.{bid}: no binding has this id (ignored)"
                for bid in keymap if bid not in known]
    errors: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    glob = contexts.get(GLOBAL, [])
    for name, own in contexts.items():
        bindings = own if name == GLOBAL else own + [b for b in glob if b not in own]
        by_key: dict[str, list[str]] = {}
        for bid, default in bindings:
            for key in _keys(keymap.get(bid, default)):
                ids = by_key.setdefault(key, [])
                if bid not in ids:
                    ids.append(bid)
        for key, ids in by_key.items():
            if len(ids) < 2 or not any(bid in keymap for bid in ids):
                continue
            user = next(bid for bid in ids if bid in keymap)
            others = [bid for bid in ids if bid != user]
            sig = (key, *sorted(ids))
            if sig in seen:
                continue
            seen.add(sig)
            errors.append(f"{where.get(user, '[keys]')}: keys.{user} = {keymap[user]!r}: "
                          f"{key!r} is already bound to {', '.join(others)}"
                          f"{'' if name == GLOBAL else f' ({name})'}; "
                          "give one of them another key")
    return errors, warnings
