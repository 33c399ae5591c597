"""The inspector says what a scene will lose before the export does: a line the voice cannot
read (with a way out), emoji not drawn in captions, a bullet shortened for the video."""

from __future__ import annotations

from studio.core.edits import UndoLog
from studio.core.intake import shorten
from studio.core.model import Product, Project, Scene, Timeline
from studio.ui.inspector import SceneInspector
from studio.ui.scene_notes import caption_notes, scene_notes, voice_notes
from studio.voice.language_fit import voice_mismatch
from studio.voice.library import available_voices, user_voices_dir
from tests.voice.tiny_piper import make_tiny_voice

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
    settings = next(a for a in ins.voice_menu.actions() if a.text() == "Voice Settings…")
    with qtbot.waitSignal(ins.choose_voice_requested, timeout=1000):
        settings.trigger()
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


def test_voices_that_read_the_line_are_offered(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    make_tiny_voice(user_voices_dir(), "ru_RU-tiny-x_low", language="ru_RU")
    voices = available_voices()
    (note,) = voice_notes("防水夹克，轻便透气", "en_US", voices)
    assert "Installed voices that read it: zh_CN-tiny-x_low." in note.text
    # a Russian voice reads Cyrillic and Latin, not Chinese: it is not offered, and under it
    # the Chinese line is flagged even though nothing is stripped from it
    (note,) = voice_notes("Куртка 防水", "ru_RU", voices)
    assert note.kind == "skipped" and "Chinese" in note.text and "ru_RU" not in note.text
    assert voice_notes("Куртка Gore-Tex", "ru_RU", voices) == []
    (note,) = voice_notes("Куртка", "en_US", [])
    assert "No installed voice reads it yet" in note.text


def test_the_cli_message_names_the_lines_scripts_and_other_voices(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    voices = available_voices()
    lines = ["轻便防水背包", "Lightweight 防水 fabric", "Zip pocket", "Café crème"]
    found = voice_mismatch(lines, "en_US-joe-medium", "en_US", voices)
    assert found is not None
    assert found.lines == ("轻便防水背包", "Lightweight 防水 fabric")
    assert found.scripts == ("Chinese/Japanese characters",)
    assert found.alternatives == ("zh_CN-tiny-x_low",)
    text = found.message("en_US-joe-medium", "en_US")
    assert "(English) cannot read Chinese/Japanese characters in 2 lines" in text
    assert voice_mismatch(lines[2:], "en_US-joe-medium", "en_US", voices) is None


def test_choosing_an_offered_voice_is_one_undoable_edit(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    p, undo, ins = _inspector(
        qtbot, tmp_path, [Scene(caption="防水", voice_line="防水夹克，轻便透气")]
    )
    ins.set_scene(p.timeline.scenes[0].id)
    offered = [a for a in ins.voice_menu.actions() if a.text().startswith("zh_CN-tiny-x_low")]
    assert len(offered) == 1 and "Chinese" in offered[0].text()
    before = p.voice.voice
    offered[0].trigger()
    assert p.voice.voice == "zh_CN-tiny-x_low"
    assert not ins.notes.isVisible() and not ins.choose_voice.isVisible()
    undo.undo()
    assert p.voice.voice == before and "cannot read" in ins.notes.text()


def test_with_no_voice_for_the_language_the_menu_says_so(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    p, _undo, ins = _inspector(qtbot, tmp_path, [Scene(caption="x", voice_line="防水夹克")])
    ins.set_scene(p.timeline.scenes[0].id)
    texts = [a.text() for a in ins.voice_menu.actions() if a.text()]
    assert texts[0] == "No installed voice reads this line"
    assert not ins.voice_menu.actions()[0].isEnabled()
    with qtbot.waitSignal(ins.add_voice_requested, timeout=1000):
        next(a for a in ins.voice_menu.actions() if a.text() == "Add a Voice File…").trigger()
