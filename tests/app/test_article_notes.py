"""The reader shows what an article's analysis left out (issue 14 item 3): an article imported
into a real store with a date outside 1900-2200 opens with a "Notes" section naming it; a
seed article (no notes) has no such section."""

from __future__ import annotations

from talkstui.tui.screens.reader import ReaderScreen

from .conftest import NOW, screen_lines, settle

NOTE = "'9999-12-31' (9999-12-31) is outside the years 1900-2200: left out"


async def test_the_reader_shows_the_note_of_a_far_date(tmp_path, monkeypatch):
    from talkstui.config import load_settings, locations
    from talkstui.sources import import_files
    from talkstui.store import Store
    from talkstui.tui.app import make_app

    monkeypatch.setenv("TALKSTUI_HOME", str(tmp_path / "home"))
    settings = load_settings(locations())
    store = Store(settings.locations.store_dir)
    article = tmp_path / "memorandum.txt"
    article.write_text(
        "Kremlin says memorandum has no end date\n\n"
        "The draft memorandum handed to the Ukrainian side stays in force until 9999-12-31, "
        "Kremlin spokesman Dmitry Peskov told reporters on Monday. He said the next round of "
        "talks in Istanbul could take place on Wednesday.\n")
    import_files(settings, store, [article], outlet="Wire Desk", published=NOW)
    app = make_app(settings, as_of=NOW, watch_store=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        views = {a.title: a for a in app.story.articles}
        far = views["Kremlin says memorandum has no end date"]
        app.open_article(far.id)
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        notes = app.screen.query_one("#reader-notes")
        shown = notes.render()  # plain content (a Text made into Content), never markup
        assert shown.plain == f"Notes\n\u2022 {NOTE}\n"
        assert any(getattr(span.style, "dim", False) and getattr(span.style, "italic", False)
                   and shown.plain[span.start:span.end] == NOTE for span in shown.spans)
        await pilot.press("G")  # the end of the reader, where the section is
        await pilot.pause()
        painted = "\n".join(screen_lines(app))
        assert "Notes" in painted and NOTE in painted
        await pilot.press("escape")
        await settle(pilot, app)
        # a seed article, without notes: no section
        seed = next(a for a in app.story.articles if a.outlet == "The Moscow Times")
        app.open_article(seed.id)
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one_optional("#reader-notes") is None
        await pilot.press("G")
        await pilot.pause()
        assert "Notes" not in "\n".join(screen_lines(app))
