"""What the command line prints from a seller's text is shown, never obeyed by the terminal."""

from __future__ import annotations

from studio.cli import main, shown


def test_control_characters_and_bidi_overrides_are_escaped():
    assert shown("a\x1b[2Jb\x07c\u202ed\n") == "a\\x1b[2Jb\\x07c\\u202ed\n"
    assert shown("ok\tfine") == "ok\tfine"


def test_say_show_text_prints_no_raw_escape(capsys):
    assert main(["say", "Only $5 \x1b]0;owned\x07 today", "--show-text"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "5 dollars" in out
