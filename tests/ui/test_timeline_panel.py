"""The time-scaled timeline in the studio window, used as a seller would: zooming, trimming a
scene by its edge, moving the playhead on the ruler, reordering, the keyboard; and the sound
drawn once the preview is built. Real widgets, real project, real preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from studio.ui.timeline_card import voice_rect
from studio.ui.timeline_time import MIN_CARD_W, ZOOM_STEP, card_width, trim_duration
from studio.ui.timeline_view import EDGE_GRAB, TRAILING_ROOM

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _active(qtbot, w):
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5_000)
    return w


def _card(view, row):
    return view.visualRect(view.model().index(row, 0))


def _card_widths(view):
    return [_card(view, r).width() for r in range(view.model().rowCount())]


def _ready(qtbot, w, timeout=180_000):
    """The preview is built and shown, and the timeline took its durations and sound."""
    qtbot.waitUntil(
        lambda: w.player.preview is not None and not w.player.busy and not w.timeline_panel.busy,
        timeout=timeout,
    )


def test_zoom_keys_scale_every_card_with_its_duration_and_ctrl_0_fits(qtbot, window):
    w = _active(qtbot, window)
    panel, view = w.timeline_panel, w.timeline
    scale = panel.scale
    qtbot.waitUntil(lambda: _card(view, 0).width() > 0)

    def check_proportional():
        pps = scale.px_per_s
        assert _card_widths(view) == [card_width(d, pps) for d in scale.map.durations]
        for width, d in zip(_card_widths(view), scale.map.durations, strict=True):
            if width > MIN_CARD_W:
                assert width == pytest.approx(d * pps, abs=0.5)

    check_proportional()
    before = scale.px_per_s
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert scale.px_per_s == pytest.approx(before * ZOOM_STEP)
    check_proportional()
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert scale.px_per_s == pytest.approx(before * ZOOM_STEP**3)
    assert scale.map.width > view.viewport().width()  # too wide now: it scrolls
    assert panel.scrollbar.isVisibleTo(w) and panel.scrollbar.maximum() > 0
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert scale.px_per_s == pytest.approx(before * ZOOM_STEP**2)
    check_proportional()

    qtbot.keyClick(view, Qt.Key.Key_0, CTRL)  # fit: the whole video in the width
    check_proportional()
    room = view.viewport().width() - TRAILING_ROOM
    assert room * 0.97 <= scale.map.width <= room
    assert view.scroll_x() == 0
    last = _card(view, view.model().rowCount() - 1)
    assert last.right() < view.viewport().width()


def test_ctrl_wheel_zooms_about_the_mouse(qtbot, window):
    w = _active(qtbot, window)
    panel, view = w.timeline_panel, w.timeline
    qtbot.waitUntil(lambda: _card(view, 0).width() > 0)
    panel.zoom_by(3)  # zoomed in and scrolled, so the anchor is not the strip's start
    view.horizontalScrollBar().setValue(150)
    x = 400.0
    t_under_mouse = panel.scale.map.t_at(view.scroll_x() + x)
    before = panel.scale.px_per_s
    wheel = QWheelEvent(
        QPointF(x, 60),
        view.viewport().mapToGlobal(QPointF(x, 60)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert panel.scale.px_per_s == pytest.approx(before * ZOOM_STEP)
    assert panel.scale.map.t_at(view.scroll_x() + x) == pytest.approx(t_under_mouse, abs=0.03)


def test_dragging_a_cards_right_edge_sets_a_fixed_duration_and_undo_makes_it_automatic(
    qtbot, window
):
    w = _active(qtbot, window)
    view, scale = w.timeline, w.timeline_panel.scale
    scene = w.doc.project.timeline.scenes[1]
    assert scene.duration is None
    qtbot.waitUntil(lambda: _card(view, 1).width() > 0)
    edge = QPoint(_card(view, 1).right() - 1, _card(view, 1).center().y())
    assert view.edge_at(edge) == 1 and view.edge_at(edge - QPoint(3 * EDGE_GRAB, 0)) == -1

    start = scale.map.durations[1]
    pps = scale.px_per_s
    qtbot.mousePress(view.viewport(), LEFT, pos=edge)
    assert view.trimming and view.selected_scene_id() == scene.id
    qtbot.mouseMove(view.viewport(), pos=edge + QPoint(40, 0))
    qtbot.mouseMove(view.viewport(), pos=edge + QPoint(90, 0))
    want = trim_duration(start * pps + 90, pps)
    assert scale.map.durations[1] == want  # the card follows the mouse, showing the duration
    assert scene.duration is None  # nothing is edited until the release
    view.grab()  # paints the duration pill by the edge
    qtbot.mouseRelease(view.viewport(), LEFT, pos=edge + QPoint(90, 0))
    assert not view.trimming
    assert scene.duration == want
    assert w.undo_action.text() == "Undo Change Duration"
    assert scale.sources[1] in ("fixed", "plan") and scale.map.durations[1] == pytest.approx(want)
    assert _card(view, 1).width() == card_width(want, scale.px_per_s)

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert scene.duration is None  # automatic again
    assert scale.sources[1] in ("plan", "voice", "estimate")
    assert _card(view, 1).width() == card_width(scale.map.durations[1], scale.px_per_s)

    # dragging far left stops at the shortest scene the render makes; Escape cancels a drag
    edge = QPoint(_card(view, 1).right() - 1, _card(view, 1).center().y())
    qtbot.mousePress(view.viewport(), LEFT, pos=edge)
    qtbot.mouseMove(view.viewport(), pos=QPoint(2, edge.y()))
    assert scale.map.durations[1] == trim_duration(0, pps)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.trimming and scene.duration is None
    qtbot.mouseRelease(view.viewport(), LEFT, pos=QPoint(2, edge.y()))
    assert scene.duration is None and w.undo_action.text() != "Undo Change Duration"


def test_reordering_by_dropping_a_card_still_works_in_the_time_scaled_strip(qtbot, window):
    w = _active(qtbot, window)
    view, model = w.timeline, w.timeline_model
    scenes = w.doc.project.timeline.scenes
    order = [s.id for s in scenes]
    card = _card(view, 1)
    target = QPoint(card.left() + max(2, card.width() // 5), card.center().y())
    md = model.mimeData([model.index(2)])
    drop = QDropEvent(
        target.toPointF(),
        Qt.DropAction.MoveAction,
        md,
        LEFT,
        Qt.KeyboardModifier.NoModifier,
    )
    drop.setAccepted(False)
    view.dropEvent(drop)
    assert [s.id for s in scenes] == [order[0], order[2], order[1], order[3]]
    # the cards follow their scenes: widths move with them
    durations = w.timeline_panel.scale.map.durations
    assert _card_widths(view) == [card_width(d, w.timeline_panel.scale.px_per_s) for d in durations]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert [s.id for s in scenes] == order


def test_arrow_keys_move_the_selection(qtbot, window):
    w = _active(qtbot, window)
    scenes = w.doc.project.timeline.scenes
    w.timeline.select_scene(scenes[0].id)
    w.timeline.setFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Right)
    assert w.timeline.selected_scene_id() == scenes[1].id
    qtbot.keyClick(w.timeline, Qt.Key.Key_Right)
    qtbot.keyClick(w.timeline, Qt.Key.Key_Left)
    assert w.timeline.selected_scene_id() == scenes[1].id
    assert w.inspector.scene is scenes[1]


@pytest.mark.slow
def test_after_the_preview_cards_last_what_it_plays_and_show_their_voice(qtbot, window):
    w = window
    _ready(qtbot, w)
    panel, view = w.timeline_panel, w.timeline
    preview = w.player.preview
    scale = panel.scale
    # the export's durations, exactly
    assert list(scale.map.durations) == [sp.duration for sp in preview.plan.scenes]
    assert scale.sources == ["plan"] * len(preview.plan.scenes)
    assert scale.map.duration == pytest.approx(preview.duration)
    scenes = w.doc.project.timeline.scenes
    voiced = [s for s in scenes if s.voice_line.strip()]
    assert voiced
    for s in voiced:
        wave = scale.voice_wave(s)
        assert wave is not None and wave.envelope.max() > 0.05
    assert scale.music_wave is not None and scale.music_wave.envelope.max() > 0.01
    # the voice is drawn in the card's foot, in the highlight colour
    row = scenes.index(voiced[0])
    image = view.viewport().grab().toImage()
    band = voice_rect(_card(view, row))
    hl = view.palette().color(QPalette.ColorRole.Highlight)
    painted = [
        image.pixelColor(x, band.center().y())
        for x in range(band.left(), band.right())
        if abs(x - (panel.scale.map.x_at(scale.playhead) - view.scroll_x())) > 3
    ]
    assert any(abs(c.blue() - hl.blue()) < 40 and abs(c.red() - hl.red()) < 60 for c in painted)


@pytest.mark.slow
def test_dragging_on_the_ruler_moves_the_players_playhead(qtbot, window):
    w = window
    _ready(qtbot, w)
    panel = w.timeline_panel
    ruler, player, scale = panel.ruler, w.player, panel.scale
    fps = player.preview.plan.fps
    t1, t2 = 0.3 * player.duration, 0.8 * player.duration
    x1 = ruler.x_of(t1)
    qtbot.mousePress(ruler, LEFT, pos=QPoint(x1, ruler.height() // 2))
    assert player.position == pytest.approx(t1, abs=1.5 / fps)
    assert scale.playhead == player.position
    x2 = ruler.x_of(t2)
    qtbot.mouseMove(ruler, pos=QPoint(x2, ruler.height() // 2))
    qtbot.mouseRelease(ruler, LEFT, pos=QPoint(x2, ruler.height() // 2))
    assert player.position == pytest.approx(t2, abs=1.5 / fps)
    qtbot.waitUntil(lambda: player.shown_time is not None and abs(player.shown_time - t2) < 0.1)
    assert player.preview.scene_at(player.position) == player.preview.scene_at(t2)
    # the playhead is drawn across the ruler, the cards and the music at the same place
    hl = ruler.palette().color(QPalette.ColorRole.Highlight)
    x_ruler = ruler.x_of(player.position)
    for lane, x in (
        (ruler, x_ruler),
        (panel.music, panel.music.x_of(player.position)),
        (w.timeline.viewport(), round(scale.map.x_at(player.position)) - w.timeline.scroll_x()),
    ):
        colour = lane.grab().toImage().pixelColor(x, lane.height() // 2 + 3)
        assert colour == hl, lane
    # the player moving moves the playhead on the timeline
    player.seek(t1)
    assert scale.playhead == pytest.approx(t1, abs=1.5 / fps)
    assert ruler.x_of(scale.playhead) < x_ruler


def test_zoom_keys_keep_the_playhead_where_it_is(qtbot, window):
    w = _active(qtbot, window)
    panel, view = w.timeline_panel, w.timeline
    qtbot.waitUntil(lambda: _card(view, 0).width() > 0)
    panel.zoom_by(4)  # wide enough to scroll at every zoom below
    t = panel.scale.map.duration / 2  # mid-video, in the middle of the view
    view.horizontalScrollBar().setValue(
        round(panel.scale.map.x_at(t) - view.viewport().width() / 2)
    )
    panel.scale.set_playhead(t)
    x = panel.ruler.x_of(t)
    w.zoom_in_action.trigger()
    assert abs(panel.ruler.x_of(t) - x) <= 1
    w.zoom_out_action.trigger()
    w.zoom_out_action.trigger()
    assert panel.scale.map.width > view.viewport().width()
    assert abs(panel.ruler.x_of(t) - x) <= 1


@pytest.mark.slow
def test_beats_are_marked_on_the_music_when_cuts_snap_to_them(qtbot, window):
    w = window
    _ready(qtbot, w)
    scale, lane = w.timeline_panel.scale, w.timeline_panel.music
    assert scale.music_wave is not None and not scale.music_wave.beats  # not snapping yet
    w.doc.undo.set_attr("music", "snap_to_beats", True)
    assert "estimate" not in scale.sources  # known durations while the preview is rebuilt
    _ready(qtbot, w)
    beats = scale.music_wave.beats
    assert len(beats) > 4
    preview = w.player.preview
    assert list(scale.map.durations) == [sp.duration for sp in preview.plan.scenes]
    fps = preview.plan.fps
    cuts = scale.map.starts[1:]
    assert any(min(abs(c - b) for b in beats) < 1 / fps for c in cuts)  # cuts moved onto beats
    image = lane.grab().toImage()
    text = lane.palette().color(QPalette.ColorRole.Text)
    xs = [lane.x_of(b) for b in beats if 60 < lane.x_of(b) < lane.x_of(scale.map.duration)]
    assert xs and all(image.pixelColor(x, 4) == text for x in xs)  # right of the lane's name
