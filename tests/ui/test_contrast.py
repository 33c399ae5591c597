"""Every text colour the studio uses reads on its background in both schemes: WCAG AA, 4.5:1
for text. A note keeps a readable colour after the scheme changes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from studio.ui.motion_editor import COLOURS, tag_colours
from studio.ui.notes import NoteLabel
from studio.ui.theme import (
    NOTE_KINDS,
    apply_appearance,
    contrast_ratio,
    dark_palette,
    light_palette,
    note_colour,
)
from studio.ui.timeline_view import NOT_SHOWN_COLOUR, confidence_colour

AA_TEXT = 4.5
R = QPalette.ColorRole

# (text, background) roles the widgets draw text with
TEXT_PAIRS = [
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight),
    (R.ToolTipText, R.ToolTipBase),
    (R.PlaceholderText, R.Base),
    (R.PlaceholderText, R.Window),
    (R.Link, R.Base),
    (R.Link, R.Window),
]


def palettes():
    return {"light": light_palette(), "dark": dark_palette()}


def test_contrast_ratio_matches_the_wcag_examples():
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_text_roles_meet_aa(qapp, scheme):
    pal = palettes()[scheme]
    low = {
        f"{fg.name}/{bg.name}": round(contrast_ratio(pal.color(fg), pal.color(bg)), 2)
        for fg, bg in TEXT_PAIRS
        if contrast_ratio(pal.color(fg), pal.color(bg)) < AA_TEXT
    }
    assert not low, low


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_note_colours_meet_aa_on_window_and_base(qapp, scheme):
    pal = palettes()[scheme]
    for kind in NOTE_KINDS:
        for bg in (R.Window, R.Base):
            ratio = contrast_ratio(note_colour(pal, kind), pal.color(bg))
            assert ratio >= AA_TEXT, (kind, bg.name, ratio)


def test_badges_and_motion_tags_meet_aa(qapp):
    white = QColor("white")
    for bg in (confidence_colour(0.95), confidence_colour(0.6), confidence_colour(0.1)):
        assert contrast_ratio(white, bg) >= AA_TEXT, bg.name()
    assert contrast_ratio(white, NOT_SHOWN_COLOUR) >= AA_TEXT
    for which in COLOURS:
        for selected in (True, False):
            fg, bg = tag_colours(which, selected)
            assert contrast_ratio(fg, bg) >= AA_TEXT, (which, selected)


def test_a_note_stays_readable_when_the_scheme_changes(qtbot, qapp):
    apply_appearance(qapp, "light")
    note = NoteLabel("warning")
    qtbot.addWidget(note)
    note.set_note("Skipped broken.jpg: the file is truncated")
    note.show()
    try:
        for scheme in ("dark", "light", "dark"):
            apply_appearance(qapp, scheme)
            qapp.processEvents()
            fg = note.palette().color(R.WindowText)
            bg = note.palette().color(R.Window)
            assert bg == qapp.palette().color(R.Window)  # the scheme's own background
            assert contrast_ratio(fg, bg) >= AA_TEXT, (scheme, fg.name(), bg.name())
    finally:
        apply_appearance(qapp, "light")
