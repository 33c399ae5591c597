"""Rendering: the frame function, captions, subtitles and the ffmpeg export job.

Public names are re-exported lazily, so ``import studio.render.plan`` (which the planner
and the UI need) does not pull in OpenCV, Pillow or numpy.

    from studio.render import FrameRenderer, encode_job, write_srt, default_theme
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "FrameRenderer": "studio.render.frame",
    "encode_job": "studio.render.encoder",
    "write_srt": "studio.render.subtitles",
    "write_vtt": "studio.render.subtitles",
    "default_theme": "studio.render.fonts",
    "render_caption": "studio.render.captions",
    "safe_area": "studio.render.captions",
    "auto_motion": "studio.render.motion",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'studio.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
