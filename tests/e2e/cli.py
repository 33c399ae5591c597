"""Running the real `studio` command line in a fresh process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def studio(*args: str, config: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m studio ARGS`` with its own config folder; output captured as text."""
    env = {**os.environ, "PYTHONUTF8": "1", "STUDIO_CONFIG_DIR": str(config)}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
