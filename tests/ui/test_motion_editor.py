"""The Ken Burns editor: real photos, real mouse and key events, edits through the UndoLog."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QThreadPool

from studio.core.edits import UndoLog
from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Motion, Project, Scene, Timeline
from studio.render.motion import fitted_photo_rect
from studio.ui.motion_editor import MIN_SIDE, MotionEditor, automatic_motion
from studio.ui.thumbnails import ThumbnailCache
from tests.samples import DEMO, demo_product

EXPLICIT = Motion(Rect(0.2, 0.2, 0.5, 0.5), Rect.full())


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    root = demo_product(tmp_path / "hoodie")
    p = Project(
        root,
        images=[ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        timeline=Timeline(
            [Scene(caption="First", image="img1.jpg"), Scene(caption="Second", image="img3.jpg")]
        ),
    )
    undo = UndoLog(p)
    thumbs = ThumbnailCache()
    editor = MotionEditor(p, undo, thumbs)
    qtbot.addWidget(editor)
    editor.resize(320, 220)
    editor.show()
    qtbot.waitExposed(editor)
    scene = p.timeline.scenes[0]
    editor.set_scene(scene)
    qtbot.waitUntil(lambda: thumbs.pixmap(str(root / "img1.jpg")) is not None, timeout=30_000)
    yield p, undo, editor, scene
    QThreadPool.globalInstance().waitForDone(30_000)


def _point(editor: MotionEditor, x: float, y: float) -> QPoint:
    """Widget pixel of a frame position (normalised)."""
    box = editor.view.frame_box()
    return QPointF(box.x() + x * box.width(), box.y() + y * box.height()).toPoint()


def _drag(qtbot, editor: MotionEditor, a: QPoint, b: QPoint) -> None:
    v = editor.view
    qtbot.mousePress(v, Qt.MouseButton.LeftButton, pos=a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    qtbot.mouseMove(v, pos=mid)
    qtbot.mouseMove(v, pos=b)
    qtbot.mouseRelease(v, Qt.MouseButton.LeftButton, pos=b)


def test_shows_the_renderers_automatic_framing(setup):
    p, _undo, editor, scene = setup
    from studio.jobs.pipeline import resolve_render_plan
    from studio.render.frame import FrameRenderer

    plan, _clips = resolve_render_plan(p, {})
    rendered = FrameRenderer(plan, 320, 180).prepared(0).motion
    shown = editor.view.shown_motion()
    assert scene.motion is None and editor.kind.text() == "Automatic"
    for a, b in ((shown.start, rendered.start), (shown.end, rendered.end)):
        assert np.allclose(a.to_list(), b.to_list(), atol=0.01)


@pytest.mark.parametrize("size", [(1274, 1580), (1900, 1000), (1920, 1080), (600, 3000)])
def test_photo_sits_where_the_renderer_fits_it(size):
    from studio.render.canvas import photo_canvas

    w, h = size
    canvas = photo_canvas(np.zeros((h, w, 3), np.uint8), 640, 360, 1.2)
    assert np.allclose(
        fitted_photo_rect(w, h, 640, 360).to_list(), canvas.image_rect.to_list(), atol=0.005
    )


@pytest.mark.parametrize(
    ("size", "frame"),
    [
        ((1274, 1580), (360, 640)),
        ((1274, 1580), (640, 640)),
        ((1080, 1080), (360, 640)),
        ((1920, 1080), (360, 640)),
        ((1920, 1080), (640, 640)),
        ((1000, 1300), (640, 360)),
    ],
)
def test_a_photo_cropped_around_its_focus_sits_where_the_renderer_puts_it(size, frame, tmp_path):
    """A scene the seller framed keeps the fitted placement; an automatic one gets the
    renderer's layout, which the editor works out from a small decode of the same photo."""
    import cv2

    from studio.jobs.editor_layout import editor_layout
    from studio.render.canvas import photo_canvas

    w, h = size
    focus = Rect(0.5, 0.3, 0.3, 0.4)
    framed = photo_canvas(np.zeros((h, w, 3), np.uint8), *frame, 1.2, focus=focus, framed=True)
    placed = fitted_photo_rect(w, h, *frame, focus)
    assert max(placed.w, placed.h) > 1.05  # cropped to fill
    assert np.allclose(placed.to_list(), framed.image_rect.to_list(), atol=0.005)

    photo = cv2.resize(cv2.imread(str(DEMO / "img1.jpg"))[..., ::-1], (w, h))
    canvas = photo_canvas(photo, *frame, 1.2, focus=focus)
    small = cv2.resize(photo, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    lay = editor_layout(tmp_path / "none.jpg", small, (w, h), *frame, focus)
    assert lay.kind == canvas.layout
    assert np.allclose(lay.image.to_list(), canvas.image_rect.to_list(), atol=0.01)


def test_the_editor_shows_a_focused_photo_as_the_portrait_render_does(qtbot, setup):
    p, undo, editor, scene = setup
    from studio.jobs.pipeline import resolve_render_plan
    from studio.render.frame import FrameRenderer

    p.export.preset = "portrait"
    undo.set_scene(scene.id, "focus", Rect(0.35, 0.2, 0.3, 0.6))
    plan, _clips = resolve_render_plan(p, {})
    prepared = FrameRenderer(plan, 180, 320).prepared(0)
    shown = editor.view.photo_rect()
    assert np.allclose(shown.to_list(), prepared.canvas.image_rect.to_list(), atol=0.01)
    motion = editor.view.shown_motion()
    for a, b in ((motion.start, prepared.motion.start), (motion.end, prepared.motion.end)):
        assert np.allclose(a.to_list(), b.to_list(), atol=0.01)
    # the photo is drawn inside the frame only: beside it the view's own background shows
    box = editor.view.frame_box()
    image = editor.view.grab().toImage()
    y = int(box.center().y())
    outside = image.pixelColor(int(box.left()) - 4, y)
    assert outside == image.pixelColor(int(box.left()) // 2, y)
    assert image.pixelColor(int(box.left()) + 4, y) != outside


def test_dragging_a_rectangle_is_one_undo_step(qtbot, setup):
    _p, undo, editor, scene = setup
    auto = editor.view.shown_motion()
    tight = "end" if auto.end.w < auto.start.w else "start"  # the full-frame one cannot move
    r = getattr(auto, tight)
    box = editor.view.frame_box()
    a = _point(editor, r.cx, r.cy)
    _drag(qtbot, editor, a, a + QPoint(-12, -4))
    assert scene.motion is not None and editor.kind.text() == "Custom"
    moved = getattr(scene.motion, tight)
    assert moved.x == pytest.approx(max(0.0, r.x - 12 / box.width()), abs=0.005)
    assert moved.y == pytest.approx(max(0.0, r.y - 4 / box.height()), abs=0.005)
    assert (moved.w, moved.h) == pytest.approx((r.w, r.h))
    other = "start" if tight == "end" else "end"
    assert getattr(scene.motion, other) == getattr(auto, other)
    assert undo.undo_label == "Change Motion"
    undo.undo()
    assert scene.motion is None
    assert editor.view.shown_motion() == auto  # followed the undo
    assert not undo.can_undo
    undo.redo()
    assert getattr(scene.motion, tight) == moved


def test_moving_stays_inside_the_frame(qtbot, setup):
    _p, undo, editor, scene = setup
    undo.set_scene(scene.id, "motion", EXPLICIT)
    _drag(qtbot, editor, _point(editor, 0.45, 0.45), _point(editor, -0.5, 1.4))
    assert scene.motion.start == Rect(0.0, 0.5, 0.5, 0.5)


def test_resizing_keeps_the_frames_aspect_and_stays_inside(qtbot, setup):
    _p, undo, editor, scene = setup
    undo.set_scene(scene.id, "motion", EXPLICIT)
    editor.view.select("start")
    # the bottom-right corner, dragged out: the top-left corner stays, the aspect is the frame's
    _drag(qtbot, editor, _point(editor, 0.7, 0.7), _point(editor, 0.8, 0.75))
    s = scene.motion.start
    assert (s.x, s.y) == pytest.approx((0.2, 0.2))
    assert s.w == pytest.approx(s.h) and s.w == pytest.approx(0.6, abs=0.01)
    assert undo.undo_label == "Change Motion"
    # far outside the frame: as large as fits from that corner
    _drag(qtbot, editor, _point(editor, s.x + s.w, s.y + s.h), _point(editor, 1.6, 1.3))
    assert scene.motion.start == Rect(0.2, 0.2, 0.8, 0.8)
    # the top-left corner, pushed past the other one: no smaller than the least crop allowed
    _drag(qtbot, editor, _point(editor, 0.2, 0.2), _point(editor, 0.95, 0.95))
    s = scene.motion.start
    assert s.w == pytest.approx(MIN_SIDE) and s.w == pytest.approx(s.h)
    assert (s.x + s.w, s.y + s.h) == pytest.approx((1.0, 1.0))
    undo.undo()
    undo.undo()
    undo.undo()
    assert scene.motion == EXPLICIT


def test_reset_and_swap(qtbot, setup):
    _p, undo, editor, scene = setup
    assert not editor.reset_button.isEnabled()
    auto = editor.view.shown_motion()
    qtbot.mouseClick(editor.swap_button, Qt.MouseButton.LeftButton)
    assert scene.motion == Motion(auto.end, auto.start)  # zoom in became zoom out
    assert editor.reset_button.isEnabled()
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert scene.motion is None
    assert undo.undo_label == "Reset Motion"
    assert not editor.reset_button.isEnabled()
    undo.undo()
    assert scene.motion == Motion(auto.end, auto.start)
    undo.undo()
    assert scene.motion is None


def test_arrow_keys_nudge_the_selected_rectangle(qtbot, setup):
    _p, undo, editor, scene = setup
    undo.set_scene(scene.id, "motion", EXPLICIT)
    v = editor.view
    v.setFocus()
    qtbot.keyClick(v, Qt.Key.Key_S)
    assert v.selected == "start"
    for _ in range(3):
        qtbot.keyClick(v, Qt.Key.Key_Right)
    qtbot.keyClick(v, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert scene.motion.start.x == pytest.approx(0.23)
    assert scene.motion.start.y == pytest.approx(0.25)
    assert scene.motion.end == Rect.full()
    undo.undo()  # a run of nudges is one step
    assert scene.motion == EXPLICIT
    qtbot.keyClick(v, Qt.Key.Key_E)
    qtbot.keyClick(v, Qt.Key.Key_Left)  # the full frame has nowhere to go
    assert scene.motion == EXPLICIT


def test_first_nudge_of_an_automatic_scene_makes_it_explicit(qtbot, setup):
    p, undo, editor, scene = setup
    auto = automatic_motion(p, scene, editor.view.photo_rect())
    assert editor.view.shown_motion() == auto
    editor.view.select("start" if auto.start.w < 1 else "end")
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Up)
    assert scene.motion is not None and scene.motion != auto
    undo.undo()
    assert scene.motion is None


def test_follows_the_scene_and_the_preset(qtbot, setup):
    p, undo, editor, scene = setup
    box = editor.view.frame_box()
    assert box.width() / box.height() == pytest.approx(16 / 9, rel=0.02)
    p.export.preset = "portrait"
    box = editor.view.frame_box()
    assert box.width() / box.height() == pytest.approx(9 / 16, rel=0.02)
    other = p.timeline.scenes[1]
    editor.set_scene(other)
    undo.set_scene(scene.id, "motion", EXPLICIT)  # elsewhere: not shown
    assert editor.view.shown_motion() != EXPLICIT
    undo.set_scene(other.id, "motion", EXPLICIT)
    assert editor.view.shown_motion() == EXPLICIT and editor.kind.text() == "Custom"
    editor.set_scene(None)
    assert editor.view.shown_motion() is None and not editor.swap_button.isEnabled()


def test_bars_beside_the_photo_look_like_the_renderers(qtbot, setup):
    """img1 is shot on white: the renderer continues the white into the bars, and so does the
    editor; img3's edges are busy, so both use a blurred backdrop instead."""
    from studio.jobs.pipeline import resolve_render_plan
    from studio.render.frame import FrameRenderer
    from studio.ui.motion_editor import plain_edges

    p, _undo, editor, _scene = setup
    thumbs = editor.view._thumbs
    paths = [str(p.root / n) for n in ("img1.jpg", "img3.jpg")]
    qtbot.waitUntil(lambda: all(thumbs.pixmap(path) is not None for path in paths), timeout=30_000)
    plain = [plain_edges(thumbs.pixmap(path).toImage(), True) for path in paths]
    assert plain == [True, False]
    plan, _ = resolve_render_plan(p, {})
    r = FrameRenderer(plan, 320, 180)
    bars = [
        r.frame_at(s.start + s.duration / 2)[90, 2].astype(int) for s in plan.scenes
    ]  # BGR, left edge
    assert min(bars[0]) > 230  # white continued
    assert max(bars[1]) < 200  # a darkened backdrop
