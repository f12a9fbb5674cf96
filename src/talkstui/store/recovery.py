"""Repair, restore and migration of a damaged or old store (mixed into `Store`): a
bad file is moved aside byte for byte and the last good copy brought back, with one
message naming both."""

from __future__ import annotations

import os
import warnings
from datetime import datetime, timezone
from pathlib import Path

import orjson

from talkstui.errors import StoreError
from talkstui.store.segments import (
    BadSegment,
    twin_path,
    twin_problem,
)
from talkstui.store.codec import (
    CodecError,
)

try:  # the shared lock needs flock; elsewhere reads take the exclusive lock
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]
from talkstui.store.files import (
    fsync_dir, move_aside_file, os_error_message, tmp_name, unlink_quietly, write_durably,
)
from talkstui.store.format import (
    CorruptFile, MAIN, NeedsMigration, SCHEMA_VERSION, body_hash_of, check_v1, empty_data,
    gc_paused, parse_main_file,
)
from talkstui.store.migrations import MIGRATIONS


class StoreRecovered(UserWarning):
    """The store file was unreadable and was restored from the last good copy."""

    def __init__(self, message: str, bad_copy: Path | None, restored_from: Path | None) -> None:
        super().__init__(message)
        self.message = message
        self.bad_copy = bad_copy
        self.restored_from = restored_from

    def __str__(self) -> str:
        return self.message


class StoreRecovery:
    """Repair and restore for `Store` (a mixin: uses its directory, lock and paths)."""

    @staticmethod
    def _is_empty_store(path: Path) -> bool:
        try:
            if path.stat().st_size > 4096:
                return False
            data = orjson.loads(path.read_bytes())
            return (not data.get("articles") and not data.get("sources")
                    and not ((data.get("meta") or {}).get("1") or {}).get("segments"))
        except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError):
            return False

    # ------------------------------------------------ repair and migration

    def _repair(self) -> None:
        """Under the exclusive lock: create, restore or migrate the main file as needed."""
        try:
            data = self._load_raw()
            try:
                check_v1(data, deep=True)
                self._convert(data)
            except CodecError as exc:
                raise CorruptFile(f"a malformed document: {exc}") from None
            return  # readable: another process repaired it meanwhile
        except FileNotFoundError:
            self._restore(None, "the file is missing")
            return
        except CorruptFile as bad:
            self._restore(bad.reason, bad.reason)
            return
        except NeedsMigration as need:
            self._migrate(need.version)
            return
        except BadSegment as bad:
            self._repair_segment(bad)
            return

    def _migrate(self, version: int) -> None:
        raw = self.path.read_bytes()
        with gc_paused():
            data = orjson.loads(raw)
        migrated_from = version
        bodies: dict[str, str] = {}

        def put_body(text: str) -> str:
            h = body_hash_of(text)
            bodies[h] = text
            return h

        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(f"cannot migrate the store {self.path} from schema {version}")
            try:
                data = step(data, put_body)
            except (CodecError, KeyError, TypeError, ValueError) as exc:
                raise StoreError(
                    f"cannot migrate the store {self.path} from schema {version}: {exc}"
                ) from None
            version += 1
            data.setdefault("meta", {"1": {}})["1"]["schema"] = version
        data["meta"]["1"].setdefault("generation", 0)
        data["meta"]["1"]["migrated_from"] = migrated_from
        self._commit_data(data, bodies=bodies)

    def _restore(self, reason: str | None, why: str) -> None:
        moved: Path | None = None
        if reason is not None:  # an unreadable file: move it aside, as it is
            moved = self._move_aside()
        elif not self.good_path.exists() and not self._corrupt_copies():
            # a new store
            self._commit_data(empty_data())
            return
        good_error = self._good_copy_problem()
        if good_error is None:
            try:
                raw = self.good_path.read_bytes()
                self._replace_main_copy(raw)
            except OSError as exc:
                raise StoreError(
                    f"The store file {self.path} is unreadable ({why})"
                    + (f"; it was moved aside to {moved}" if moved else "")
                    + f", and restoring the last good copy {self.good_path} failed: "
                    f"{os_error_message(exc)}."
                ) from None
            saved = datetime.fromtimestamp(self.good_path.stat().st_mtime, timezone.utc)
            if moved is not None:
                message = (
                    f"The store file {self.path} was unreadable ({why}): it was moved aside to "
                    f"{moved}, and the last good copy {self.good_path} (the store as it was "
                    f"before its last write, saved {saved:%Y-%m-%d %H:%M:%S} UTC) was restored."
                )
            else:
                message = (
                    f"The store file {self.path} was missing: the last good copy "
                    f"{self.good_path} (saved {saved:%Y-%m-%d %H:%M:%S} UTC) was restored."
                )
            self._announce(StoreRecovered(message, moved, self.good_path))
            return
        others = self._corrupt_copies()
        if moved is not None:
            raise StoreError(
                f"The store file {self.path} is unreadable ({why}). It was moved aside to {moved}"
                f" unchanged. There is no readable last good copy ({self.good_path}: "
                f"{good_error}), so nothing was restored and no empty store was created. "
                f"Repair the file, or remove it from {self.directory} to start an empty store."
            )
        raise StoreError(
            f"The store file {self.path} is missing, and there is no readable last good copy "
            f"({self.good_path}: {good_error}). Unreadable store files were moved aside earlier: "
            f"{', '.join(str(p) for p in others)}. Nothing was restored and no empty store was "
            f"created: repair one of them and rename it to {self.path}, or remove them from "
            f"{self.directory} to start an empty store."
        )

    def _repair_segment(self, bad: BadSegment) -> bool:
        """A segment the main file names is damaged or missing: move it aside as it is, and
        put back its second copy (True); failing that, restore the last good copy of the
        store (False), or raise StoreError."""
        moved: Path | None = None
        if bad.path.exists():
            moved = move_aside_file(bad.path, f"The store segment {bad.path} is unreadable ({bad.reason})")
        meta = parse_main_file(self.path)["meta"]["1"]
        rec = next((r for r in meta.get("segments") or () if r["name"] == bad.name), None)
        twin = twin_path(self.segments_dir, bad.name)
        problem = "not named by the store file" if rec is None else twin_problem(self.segments_dir, rec)
        aside = f": it was moved aside to {moved}" if moved else ""
        if problem is None:
            try:
                self._replace_copy(bad.path, twin.read_bytes(), self.segments_dir)
            except OSError as exc:
                raise StoreError(
                    f"The store segment {bad.path} is unreadable ({bad.reason}){aside}, and "
                    f"restoring its copy {twin} failed: {os_error_message(exc)}."
                ) from None
            self._announce(StoreRecovered(
                f"The store segment {bad.path} was unreadable ({bad.reason}){aside}, and its "
                f"second copy {twin} was restored: no article was lost.",
                moved, twin,
            ))
            return True
        self._restore(
            bad.reason,
            f"its segment {bad.path} is unreadable: {bad.reason}"
            + (f"; the segment was moved aside to {moved}" if moved else "")
            + f"; its second copy {twin} is {problem}",
        )
        return False

    def _replace_copy(self, target: Path, raw: bytes, folder: Path) -> None:
        tmp = folder / tmp_name(target.name[:16])
        try:
            write_durably(tmp, raw, "tmp")
            os.replace(tmp, target)
            fsync_dir(folder)
        finally:
            unlink_quietly(tmp)

    def _corrupt_copies(self) -> list[Path]:
        return sorted(self.directory.glob(MAIN + ".corrupt-*"))

    def _good_copy_problem(self) -> str | None:
        try:
            data = self._load_path(self.good_path)
            check_v1(data, deep=True)
            self._convert(data)
        except FileNotFoundError:
            return "missing"
        except BadSegment as bad:
            return f"unreadable too: its segment {bad.path} is unreadable ({bad.reason})"
        except StoreError as exc:
            return str(exc)
        except CodecError as exc:
            return f"unreadable too: a malformed document: {exc}"
        except CorruptFile as bad:
            return f"unreadable too: {bad.reason}"
        except NeedsMigration:
            pass
        return None

    def _move_aside(self) -> Path:
        return move_aside_file(self.path, f"The store file {self.path} is unreadable")

    def _replace_main_copy(self, raw: bytes) -> None:
        tmp = self.directory / tmp_name(MAIN)
        try:
            write_durably(tmp, raw, "tmp")
            os.replace(tmp, self.path)
            fsync_dir(self.directory)
        finally:
            unlink_quietly(tmp)

    def _announce(self, notice: StoreRecovered) -> None:
        self.last_recovery_message = notice.message
        if self.on_recovery is not None:
            self.on_recovery(notice)
        warnings.warn(notice, stacklevel=4)
