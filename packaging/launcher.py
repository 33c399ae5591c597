"""Entry script of the frozen app: the same `studio` command as `.venv/bin/studio`.

PyInstaller freezes this file (not studio/entry.py) so `freeze_support()` runs first: a library
that starts a worker process (torch, joblib) re-executes the frozen executable, which must then
act as that worker instead of opening a second studio.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    # onnxruntime (OCR, salient mask, Piper voices) starts a telemetry client that looks up
    # mobile.events.data.microsoft.com as sessions open; the app promises no network use.
    # Set before anything imports onnxruntime; inherited by worker processes.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from studio.entry import main

    sys.exit(main())
