"""Keys that belong to the focused control, not to the window's shortcuts.

The studio plays on Space, deletes the selected scene on Delete and moves the playhead on
Home/End, from anywhere in the window, as editors do. Text boxes already keep their keys
(Qt asks them first). Other controls do not, so without this Space on a focused button or
check box would start playback instead of pressing it, and Delete in the Images list would
delete a scene. The guard answers Qt's "shortcut override" question for those controls: the
key then goes to the control.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QComboBox,
    QWidget,
)

_SPACE = {Qt.Key.Key_Space}
_LIST_KEYS = {
    Qt.Key.Key_Space,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
}
_SLIDER_KEYS = {Qt.Key.Key_Home, Qt.Key.Key_End}


def control_keeps(widget: QWidget, key: int, modifiers: Qt.KeyboardModifier) -> bool:
    """Whether ``widget`` (the focused one) should get ``key`` rather than a window shortcut."""
    if modifiers & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
        return False  # Ctrl/Alt combinations are shortcuts
    if bool(widget.property("window_keys")):
        return False  # e.g. the timeline: Space plays, Delete deletes the scene
    if isinstance(widget, QAbstractButton | QComboBox):
        return key in _SPACE
    if isinstance(widget, QAbstractItemView):
        return key in _LIST_KEYS
    if isinstance(widget, QAbstractSlider):
        return key in _SLIDER_KEYS
    return False


class KeyGuard(QObject):
    """Installed on the application while a studio window exists."""

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(obj, QWidget)
            and isinstance(e, QKeyEvent)
            and control_keeps(obj, e.key(), e.modifiers())
        ):
            e.accept()
        return False
