"""Writing an export to a file safely.

- `export_to_folder` (the dashboard's `e` key): the name comes from
  `sanitize.safe_filename`, the file is created inside the export folder only, never
  over an existing file (a `-2`, `-3` ... suffix instead) and never through a link
  planted at its name: the data goes to a temporary file opened with
  O_CREAT|O_EXCL|O_NOFOLLOW, which is then hard-linked to the final name (link
  fails if anything exists there) and removed.
- `write_output` (`export -o FILE`): the user chose FILE. A relative FILE is relative
  to the current directory. An existing FILE is refused unless --force; a symlink at
  FILE is always refused; the write goes to a temporary file next to FILE, which
  replaces FILE atomically (os.replace never follows a link at the target)."""

from __future__ import annotations

import os
import stat
from datetime import UTC
from pathlib import Path

from talkstui.errors import TalksError
from talkstui.sanitize import clean_line, safe_filename

_clean_line = clean_line
from talkstui.export.formats import FORMATS, render


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _write_new(dir_fd: int, name: str, data: bytes) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o644, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _tmp_name(base: str) -> str:
    return f".{base[:40]}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def export_to_folder(story, fmt: str, export_dir, *, name: str | None = None) -> Path:
    """Write an export into `export_dir` under a new name; returns the file's path."""
    ext = FORMATS.get("markdown" if fmt == "md" else fmt)
    if ext is None:
        raise TalksError(f"unknown export format {clean_line(fmt)!r}; use text, markdown or json")
    data = render(story, "markdown" if fmt == "md" else fmt).encode("utf-8")
    folder = Path(export_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o755)
    except OSError as exc:
        raise TalksError(f"cannot create the export folder {clean_line(folder)}: {exc.strerror}") from None
    stamp = (story.as_of or story.now).astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    stem = safe_filename(name if name else f"{story.title}-{stamp}", default="snapshot", max_len=80)
    if stem.lower().endswith("." + ext):
        stem = stem[: -len(ext) - 1] or "snapshot"
    try:
        dir_fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError as exc:
        raise TalksError(f"cannot open the export folder {clean_line(folder)}: {exc.strerror}") from None
    try:
        tmp = _tmp_name(stem)
        _write_new(dir_fd, tmp, data)
        try:
            for n in range(1, 1000):
                final = f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}"
                assert "/" not in final and final not in (".", "..")
                try:
                    os.link(tmp, final, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
                except FileExistsError:
                    continue
                except OSError:  # no hard links here: create the final name directly
                    try:
                        _write_new(dir_fd, final, data)
                    except FileExistsError:
                        continue
                _fsync_dir(dir_fd)
                return folder / final
            raise TalksError(f"too many exports named {stem} in {clean_line(folder)}")
        finally:
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except FileNotFoundError:
                pass
    finally:
        os.close(dir_fd)


def _fsync_dir(dir_fd: int) -> None:
    try:
        os.fsync(dir_fd)
    except OSError:
        pass


def write_output(data: bytes, output: Path, *, force: bool) -> Path:
    """Write `data` to the user's chosen `output` (relative to the cwd)."""
    path = output if output.is_absolute() else Path.cwd() / output
    shown = clean_line(str(output))
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise TalksError(f"{shown}: {exc.strerror}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise TalksError(f"{shown} is a symbolic link; not writing through it")
        if stat.S_ISDIR(st.st_mode):
            raise TalksError(f"{shown} is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise TalksError(f"{shown} is not a regular file")
        if not force:
            raise TalksError(f"{shown} exists; use --force to overwrite it")
    parent = path.parent
    try:
        dir_fd = os.open(parent, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except FileNotFoundError:
        raise TalksError(f"{shown}: the folder {clean_line(str(parent))} does not exist") from None
    except OSError as exc:
        raise TalksError(f"{shown}: {exc.strerror}") from None
    tmp = _tmp_name(path.name)
    try:
        try:
            _write_new(dir_fd, tmp, data)
        except OSError as exc:
            raise TalksError(f"{shown}: cannot write: {exc.strerror}") from None
        try:
            if st is None or not force:
                try:
                    os.link(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
                except FileExistsError:
                    raise TalksError(f"{shown} exists; use --force to overwrite it") from None
                except OSError:
                    _write_new(dir_fd, path.name, data)
            else:
                # os.replace swaps the name: a link planted at it meanwhile is replaced, not followed
                os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except FileExistsError:
            raise TalksError(f"{shown} exists; use --force to overwrite it") from None
        except TalksError:
            raise
        except OSError as exc:
            raise TalksError(f"{shown}: cannot write: {exc.strerror}") from None
        _fsync_dir(dir_fd)
    finally:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        os.close(dir_fd)
    return path
