"""The inspector says what a scene will lose before the export does: a line the voice cannot
read (with a way out), emoji not drawn in captions, a bullet shortened for the video."""

from __future__ import annotations

from studio.core.edits import UndoLog
from studio.core.intake import shorten
from studio.core.model import Product, Project, Scene, Timeline
from studio.ui.inspector import SceneInspector
from studio.ui.scene_notes import caption_notes, scene_notes, voice_notes

LONG = " ".join(f"Feature {i} keeps you comfortable all day." for i in range(80))


def test_a_line_in_a_script_the_voice_cannot_read_is_silent_and_said_so():
    (note,) = voice_notes("防水夹克，轻便透气", "en_US")
    assert note.kind == "silent"
    assert "English voice cannot read" in note.text and "Chinese" in note.text


def test_mixed_scripts_say_what_is_skipped_and_what_is_said():
    (note,) = voice_notes("Waterproof 防水 jacket", "en_US")
    assert note.kind == "skipped"
    assert "“Waterproof jacket”" in note.text


def test_ordinary_lines_have_no_notes():
    assert voice_notes("Only $63.00, 2 for 1 — café crème", "en_US") == []
    assert voice_notes("", "en_US") == []
    assert caption_notes("Only $63.00 — café crème", bold=False) == []


def test_emoji_in_a_caption_are_named():
    (note,) = caption_notes("Stay dry 🔥✨ all day", bold=False)
    assert note.kind == "emoji" and "🔥✨" in note.text


def test_a_shortened_bullet_says_how_much_is_kept():
    short = shorten(LONG)
    scene = Scene(kind="bullet", bullet=0, source_text=short, caption=short, voice_line=short)
    notes = scene_notes(scene, [LONG], "en_US")
    assert [n.kind for n in notes] == ["shortened"]
    assert f"{len(LONG):,} characters" in notes[0].text
    # once the seller wrote their own words for the scene, the automatic cut no longer matters
    scene.source_text = "My own words."
    assert scene_notes(scene, [LONG], "en_US") == []


def _inspector(qtbot, tmp_path, scenes, bullets=()):
    p = Project(tmp_path, product=Product(bullets=list(bullets)), timeline=Timeline(scenes))
    undo = UndoLog(p)
    ins = SceneInspector(p, undo)
    qtbot.addWidget(ins)
    ins.show()
    return p, undo, ins


def test_inspector_warns_about_a_silent_line_and_keep_silent_clears_it(qtbot, tmp_path):
    p, undo, ins = _inspector(
        qtbot, tmp_path, [Scene(caption="防水夹克", voice_line="防水夹克，轻便透气"), Scene()]
    )
    ins.set_scene(p.timeline.scenes[0].id)
    assert ins.notes.isVisible() and "cannot read" in ins.notes.text()
    assert ins.choose_voice.isVisible() and ins.keep_silent.isVisible()
    with qtbot.waitSignal(ins.choose_voice_requested, timeout=1000):
        ins.choose_voice.click()
    ins.keep_silent.click()
    assert p.timeline.scenes[0].voice_line == ""
    assert not ins.notes.isVisible() and not ins.keep_silent.isVisible()
    undo.undo()  # silence was a normal, undoable edit
    assert p.timeline.scenes[0].voice_line == "防水夹克，轻便透气"
    assert "cannot read" in ins.notes.text()


def test_inspector_notes_follow_typing(qtbot, tmp_path):
    p, _undo, ins = _inspector(qtbot, tmp_path, [Scene(caption="Warm", voice_line="Warm.")])
    ins.set_scene(p.timeline.scenes[0].id)
    assert not ins.notes.isVisible()
    ins.caption.setFocus()
    ins.caption.moveCursor(ins.caption.textCursor().MoveOperation.End)
    ins.caption.insertPlainText(" 🔥")  # as typed or pasted (QTest cannot type astral characters)
    assert ins.notes.isVisible() and "🔥" in ins.notes.text()


def test_inspector_shows_the_shortened_bullet(qtbot, tmp_path):
    short = shorten(LONG)
    scene = Scene(kind="bullet", bullet=0, source_text=short, caption=short, voice_line=short)
    p, _undo, ins = _inspector(qtbot, tmp_path, [scene], bullets=[LONG])
    ins.set_scene(scene.id)
    assert "the video uses the first" in ins.notes.text()


def test_heading_number_follows_a_reorder(qtbot, tmp_path):
    p, undo, ins = _inspector(qtbot, tmp_path, [Scene(caption="A"), Scene(caption="B")])
    second = p.timeline.scenes[1]
    ins.set_scene(second.id)
    assert ins.heading.text().startswith("Scene 2")
    p.timeline.scenes.move(1, 0)
    assert ins.heading.text().startswith("Scene 1")


def test_with_no_scene_only_the_hint_shows(qtbot, tmp_path):
    _p, _undo, ins = _inspector(qtbot, tmp_path, [])
    assert "Select a scene" in ins.heading.text()
    assert not ins.notes.isVisible()
    assert not ins.choose_voice.isVisible() and not ins.duration.isVisible()
    assert not ins.caption.isEnabled()
