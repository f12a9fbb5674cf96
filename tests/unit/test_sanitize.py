from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from talkstui.sanitize import clean_line, clean_text, forbidden_chars, safe_filename

HOSTILE = [
    "\x1b[2J\x1b[31mred",  # CSI
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52 clipboard write
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m C1 CSI \x9d OSC \x85 NEL",
    "abc\u202edcba\u2066x\u2069",  # bidi override and isolate
    "zero\u200bwidth\u200d\ufeff",
    "bell\x07 backspace\x08 nul\x00 del\x7f",
]


def test_escape_sequences_become_visible_text():
    out = clean_line("\x1b[31mred")
    assert out == "␛[31mred"


def test_every_hostile_string_is_inert():
    for value in HOSTILE:
        for cleaned in (clean_line(value), clean_text(value)):
            assert forbidden_chars(cleaned) == [], (value, cleaned)


def test_bidi_overrides_are_shown_not_obeyed():
    assert "<RLO>" in clean_line("abc\u202edcba")


def test_zero_width_characters_are_removed():
    assert clean_line("zero\u200bwidth") == "zerowidth"


def test_body_keeps_paragraphs_line_does_not():
    assert clean_text("one\r\ntwo\n\nthree") == "one\ntwo\n\nthree"
    assert clean_line("one\ntwo\tthree") == "one two three"


def test_lengths_are_bounded():
    assert len(clean_line("x" * 500, max_len=80)) == 80


def test_lone_surrogates_do_not_break_encoding():
    clean_line("a\ud800b").encode("utf-8")


def test_markup_is_left_as_text_for_plain_rendering():
    # Markup is not interpreted here; widgets show the result as plain content.
    assert clean_line("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_safe_filename_cannot_escape_or_hide():
    for hostile in ["../../x", "/abs", "a\x00b", "-rf", "x" * 300, "\x1b[31m.bashrc", "..", ""]:
        name = safe_filename(hostile)
        assert "/" not in name and "\x00" not in name and "\\" not in name
        assert not name.startswith(("-", "."))
        assert 0 < len(name) <= 80
        assert name not in (".", "..")


@given(st.text())
def test_clean_output_never_has_forbidden_characters(value):
    assert forbidden_chars(clean_line(value)) == []
    assert forbidden_chars(clean_text(value)) == []
    clean_text(value).encode("utf-8")
