"""An error nobody caught, on the GUI thread: logged, said once, and the work kept.

Qt calls Python slots from C++. An exception raised in one is printed to stderr and dropped,
so a seller saw a studio that silently stopped following their edits. The studio's hook:

- writes the traceback to ``errors.log`` in the config folder (rotated at 1 MB);
- autosaves the open product at once (a second fault may follow);
- says so in the studio's notice bar, with a button for the details. A storm of the same
  fault is said once every few seconds, not once per repaint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol

LOG_NAME = "errors.log"
LOG_LIMIT = 1_000_000
QUIET_S = 5.0  # the same kind of fault is said again only after this long


class _Window(Protocol):
    def report_unexpected(self, summary: str, details: str, log: Path | None) -> None: ...


def log_path() -> Path:
    from studio.core.autosave import config_dir

    return config_dir() / LOG_NAME


def write_log(text: str) -> Path | None:
    """Append ``text`` (a traceback) to the error log; None when it cannot be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_suffix(".log.1"))
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8", errors="replace") as f:
            f.write(f"--- {stamp}\n{text}\n")
    except OSError:
        return None
    return path


def summary_of(exc: BaseException) -> str:
    """One line a seller can read: the exception's own message, else its kind."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return message[:300] or type(exc).__name__


class ErrorHook:
    """sys.excepthook (and threading.excepthook) for the studio's process."""

    def __init__(self, window: Callable[[], _Window | None]) -> None:
        self._window = window
        self._last: dict[str, float] = {}
        self.count = 0

    def install(self) -> None:
        sys.excepthook = self
        threading.excepthook = self._thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self._record(args.exc_type, args.exc_value, args.exc_traceback, report=False)

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._record(exc_type, exc, tb, report=True)

    def _record(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        report: bool,
    ) -> None:
        self.count += 1
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if sys.__stderr__ is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.__stderr__.write(details)
        log = write_log(details)
        if not report or threading.current_thread() is not threading.main_thread():
            # a worker thread (a thread of its own, or a slot Qt called directly on one): its
            # job reports the failure on the GUI thread; widgets are not touched from here
            return
        key = f"{exc_type.__name__}:{summary_of(exc)}"
        now = time.monotonic()
        if now - self._last.get(key, -QUIET_S) < QUIET_S:
            return
        self._last[key] = now
        window = self._window()
        if window is not None:
            with contextlib.suppress(Exception):  # the hook itself must never raise
                window.report_unexpected(summary_of(exc), details, log)
