"""Nothing moves under the mouse and nothing clips: the toolbar keeps its buttons in place
whatever the undo step is called, a small window keeps the preview large (side panels share
one column), side panels never need to scroll sideways, and undoing a delete selects the
scene that came back."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from studio.core.edits import RemoveScene


def _settle():
    QApplication.instance().processEvents()


def _button_x(w, action) -> int:
    return w.toolbar.widgetForAction(action).geometry().x()


def test_toolbar_buttons_stay_put_when_the_undo_step_changes(window):
    w = window
    before = {a: _button_x(w, a) for a in (w.add_images_action, w.replan_action, w.export_action)}
    scene = w.doc.project.timeline.scenes[1]
    w.doc.undo.set_scene(scene.id, "caption", "A caption long enough to name a long undo step")
    _settle()
    assert w.undo_action.text() == "Undo Edit Caption"  # the menu names the step
    assert w.toolbar.widgetForAction(w.undo_action).text() == "Undo"  # the button does not
    assert "Edit Caption" in w.undo_action.toolTip()
    assert {a: _button_x(w, a) for a in before} == before
    assert not w.undo_action.icon().isNull() and not w.export_action.icon().isNull()


def _no_sideways_scroll(w):
    for tabs in (w.side_tabs, w.scene_tabs):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            _settle()
            page = tabs.widget(i)
            if isinstance(page, QScrollArea):
                inner = page.widget()
                assert inner.minimumSizeHint().width() <= page.viewport().width(), tabs.tabText(i)
                assert inner.width() <= page.viewport().width(), tabs.tabText(i)


def test_a_small_window_keeps_the_preview_large_and_panels_unclipped(window):
    w = window
    w.resize(1024, 700)
    _settle()
    assert w.compact and not w.side_tabs.isVisible()
    titles = [w.scene_tabs.tabText(i) for i in range(w.scene_tabs.count())]
    assert titles == ["Scene", "Voice", "Product", "Images", "Music", "Look"]
    bar = w.scene_tabs.tabBar()  # every tab whole, none behind a scroll arrow
    assert bar.tabRect(bar.count() - 1).right() <= bar.width(), (bar.width(), bar.sizeHint())
    central = w.centralWidget().width()
    assert w.player.width() >= 0.6 * central, (w.player.width(), central)
    assert w.player.slider.width() >= 250
    w.timeline.select_scene(w.doc.project.timeline.scenes[1].id)
    w.music_panel.new_variation.click()  # once put the seed in its label and widened the panel
    _no_sideways_scroll(w)
    w.show_page(w.image_list)
    assert w.scene_tabs.currentWidget() is w.image_list

    w.resize(1280, 800)
    _settle()
    assert not w.compact and w.side_tabs.isVisible()
    assert w.side_tabs.count() == 4 and w.scene_tabs.count() == 2
    assert w.scene_tabs.minimumWidth() == 0  # the compact column's width is not kept
    assert w.side_tabs.currentWidget() is w.image_list  # the page in front stays in front
    _no_sideways_scroll(w)


def test_undoing_a_delete_selects_the_scene_that_came_back(window):
    w = window
    scenes = w.doc.project.timeline.scenes
    victim = scenes[1]
    w.timeline.select_scene(victim.id)
    w.doc.undo.push(RemoveScene(victim.id))
    _settle()
    assert w.timeline.selected_scene_id() != victim.id
    w.doc.undo.undo()
    _settle()
    assert w.timeline.selected_scene_id() == victim.id
    assert w.inspector.scene is victim or w.inspector.scene.id == victim.id
