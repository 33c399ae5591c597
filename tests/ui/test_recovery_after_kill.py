"""A crash loses seconds, not a minute: a studio killed with SIGKILL 5 s after an edit leaves a
recovery file with that edit, and the next start restores it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from studio.core.autosave import list_recoveries
from studio.ui.app import restore_document

STUDIO = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio.ui.document import open_document
from studio.ui.main_window import MainWindow

app = QApplication([])
w = MainWindow(open_document(Path(sys.argv[1])))
w.show()

def edit():
    scene = w.doc.project.timeline.scenes[1]
    w.doc.undo.set_scene(scene.id, "caption", "Typed just before the crash")
    print("edited", flush=True)

QTimer.singleShot(500, edit)
app.exec()
"""


@pytest.mark.slow
def test_kill_9_five_seconds_after_an_edit_keeps_the_edit(planned_file, own_config):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": str(own_config)}
    proc = subprocess.Popen(
        [sys.executable, "-c", STUDIO, str(planned_file)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "edited", proc.stderr.read()
        time.sleep(5.0)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    recoveries = list_recoveries()
    assert len(recoveries) == 1 and recoveries[0].project_file == planned_file
    doc = restore_document(recoveries[0])
    assert doc.project.timeline.scenes[1].caption == "Typed just before the crash"
    assert doc.is_dirty  # restored changes are unsaved until the next save
