"""Painting the studio must not eat references to None.

PySide6-Essentials 6.12.0 returns None from void QPainter calls (fillRect, setPen, drawRect…)
without a reference of its own. On Python 3.11, where None is an ordinary object, each call
lowers its count by one, and after some minutes of playback the studio aborts with "Fatal
Python error: none_dealloc: deallocating None". pyproject.toml keeps Qt below that release;
this test fails on any Qt binding with the same fault, whichever widget paints.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_painter_calls_keep_none_alive(qapp):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    p = QPainter(image)
    gc.collect()
    gc.disable()  # a collection during the loop would free other objects' references to None
    before = sys.getrefcount(None)
    for _ in range(2000):
        p.fillRect(QRect(0, 0, 8, 8), QColor(10, 20, 30))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRect(QRect(0, 0, 4, 4))
    after = sys.getrefcount(None)
    gc.enable()
    p.end()
    assert after - before > -100, f"None lost {before - after} references in 6000 paint calls"


def test_repainting_the_whole_window_keeps_none_alive(window, qtbot):
    window.grab()  # the first paint builds caches (thumbnails, waveforms)
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(10):
            window.grab()
            window.timeline_panel.ruler.grab()
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after - before > -200, f"None lost {before - after} references in 10 repaints"
