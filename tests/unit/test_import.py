"""`talkstui import`: files and folders in; user errors as one line, no traceback."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkstui.cli import main
from talkstui.config import load_settings
from talkstui.store import Store

HTML = (
    "<html><head><title>Istanbul talks</title><meta name='author' content='R. Writer'>"
    "<meta property='article:published_time' content='2025-07-23T10:00:00Z'></head><body>"
    "<article><h1>Istanbul talks</h1>"
    + "<p>The delegations met in Istanbul on Wednesday and agreed on a new prisoner exchange, "
      "officials said after the meeting.</p>" * 4
    + "</article></body></html>"
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot():
    return Store(load_settings().locations.store_dir).snapshot()


def imported(snap):
    return [a for a in snap.articles if not a.bundled]


def test_import_text_markdown_and_html(tmp_path):
    (tmp_path / "a.md").write_text("## Talks on Wednesday\n\nJuly 22, 2025\n\nThe talks will be "
                                   "held on Wednesday.\n")
    (tmp_path / "b.txt").write_text("Plain text article about the deadline.\nSecond line.\n")
    (tmp_path / "c.html").write_text(HTML)
    result = invoke("import", str(tmp_path / "a.md"), str(tmp_path / "b.txt"),
                    str(tmp_path / "c.html"), "--outlet", "Wire")
    assert result.exit_code == 0, result.output
    assert "imported 3 files: 3 new articles" in result.output
    arts = {a.title: a for a in imported(snapshot())}
    assert arts["Talks on Wednesday"].published == datetime(2025, 7, 22, tzinfo=UTC)
    assert arts["Plain text article about the deadline."].published is None
    assert arts["Istanbul talks"].published == datetime(2025, 7, 23, tzinfo=UTC)
    assert {a.outlet for a in arts.values()} == {"Wire"}


def count_commits(monkeypatch) -> list[int]:
    commits: list[int] = []
    real = Store._commit_data

    def counting(self, *a, **k):
        commits.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr(Store, "_commit_data", counting)
    return commits


def test_import_folder_recursively_by_extension_in_one_write(tmp_path, monkeypatch):
    folder = tmp_path / "dir"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.markdown").write_text("# One\n\nFirst article body.\n")
    (folder / "sub" / "two.htm").write_text(HTML)
    (folder / "sub" / "skip.pdf").write_bytes(b"%PDF-1.4\x00\x01")
    (folder / "notes.json").write_text("{}")
    Store(load_settings().locations.store_dir)  # created before counting
    commits = count_commits(monkeypatch)
    result = invoke("import", str(folder))
    assert result.exit_code == 0, result.output
    assert len(commits) == 1
    assert {a.title for a in imported(snapshot())} == {"One", "Istanbul talks"}


def test_import_url_and_published_options(tmp_path):
    (tmp_path / "a.txt").write_text("Some article text.\n")
    result = invoke("import", str(tmp_path / "a.txt"), "--url",
                    "https://Example.org/a/?utm_source=x", "--published", "2025-07-20")
    assert result.exit_code == 0, result.output
    (art,) = imported(snapshot())
    assert art.url == "https://example.org/a"
    assert art.published == datetime(2025, 7, 20, tzinfo=UTC)


def test_reimport_is_deduplicated(tmp_path):
    (tmp_path / "a.txt").write_text("Same text.\n")
    invoke("import", str(tmp_path / "a.txt"))
    result = invoke("import", str(tmp_path / "a.txt"))
    assert "0 new articles" in result.output
    assert len(imported(snapshot())) == 1


def one_line_error(result, needle: str) -> None:
    assert result.exit_code != 0
    out = result.output.strip()
    assert len(out.splitlines()) == 1, out
    assert needle in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize("setup, needle", [
    (lambda p: None, "no such file or folder"),
    (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 100), "binary"),
    (lambda p: p.mkdir() or None, "no .txt"),
])
def test_import_user_errors_are_one_line(tmp_path, setup, needle):
    target = tmp_path / "thing.txt"
    setup(target)
    one_line_error(CliRunner().invoke(main, ["import", str(target)]), needle)


def test_import_empty_file_and_url_with_many_files(tmp_path):
    (tmp_path / "empty.md").write_text("")
    one_line_error(CliRunner().invoke(main, ["import", str(tmp_path / "empty.md")]), "no text")
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.txt").write_text("b\n")
    one_line_error(CliRunner().invoke(main, ["import", str(tmp_path / "a.txt"),
                                             str(tmp_path / "b.txt"), "--url",
                                             "https://x.org/"]), "exactly one file")
    one_line_error(CliRunner().invoke(main, ["import", str(tmp_path / "a.txt"), "--url",
                                             "file:///etc/passwd"]), "only http and https")


def test_bad_option_value_is_one_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("a\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "a.txt"), "--published",
                                       "next tuesday"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "is not a date" in result.output


def test_nothing_is_written_when_one_file_fails(tmp_path):
    (tmp_path / "good.txt").write_text("Good.\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "good.txt"),
                                       str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert imported(snapshot()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    target = tmp_path / "secret.txt"
    target.write_text("x\n")
    target.chmod(0)
    one_line_error(CliRunner().invoke(main, ["import", str(target)]), "permission denied")


def test_unreadable_file_via_oserror(tmp_path, monkeypatch):
    target = tmp_path / "secret.txt"
    target.write_text("x\n")
    real_open = os.open

    def deny(file, *a, **k):  # files are opened with os.open (non-blocking, then fstat)
        if Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr("os.open", deny)
    one_line_error(CliRunner().invoke(main, ["import", str(target)]), "permission denied")


def run_import(home: Path, *args: str, timeout: float = 60):
    import subprocess
    import sys

    env = dict(os.environ, TALKSTUI_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "talkstui", "import", *args], env=env,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("make, kind", [
    (lambda p: os.mkfifo(p), "a FIFO (named pipe)"),
    (lambda p: (p.parent / "pipe").exists() or os.mkfifo(p.parent / "pipe") or
     p.symlink_to(p.parent / "pipe"), "a FIFO (named pipe)"),
    (lambda p: p.symlink_to("/dev/zero"), "a device"),
])
@pytest.mark.parametrize("given", ["file", "folder"])
def test_fifos_devices_and_links_to_them_are_refused_not_waited_on(tmp_path, make, kind, given):
    # issue 14: a FIFO inside an imported folder hung `import` forever
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Talks resume.\n\nThe talks resume on Monday.\n")
    bad = folder / "sub" / "notes.txt"
    make(bad)
    proc = run_import(tmp_path / "home", str(folder if given == "folder" else bad), timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"talkstui: {bad}: {kind}, not a regular file: not imported"
    assert "Traceback" not in proc.stderr


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path, monkeypatch):
    # root reads every folder: the refusal the kernel would give is injected
    folder = tmp_path / "articles"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text("Talks resume.\n\nThe talks resume on Monday.\n")
    (folder / "locked" / "hidden.txt").write_text("Hidden.\n")
    real_scandir = os.scandir

    def deny(path="."):
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("os.scandir", deny)
    result = CliRunner().invoke(main, ["import", str(folder)])
    one_line_error(result, f"{folder / 'locked'}: a folder that cannot be read "
                           "(Permission denied): nothing imported")
    assert imported(snapshot()) == []
