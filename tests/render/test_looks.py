"""Real exports of real product photos in 16:9, 9:16 and 1:1 look produced: no blurred copies of
the photo fill the frame, and no caption covers what its scene is about.

Products: the demo (a hoodie on a model) and listings of other kinds from the shared evaluation
set (a microwave in a kitchen, a backpack and shoes on white, a watch on a wrist), each planned
by the real matcher and exported by the real pipeline (captions only, no voice or music, small).

The band measure: a blurred copy of the photo is smooth at the pixel level but keeps the
photo's shapes at a coarser scale, so outside the photo's area (the photo, the cut-out product
or the photo's side of a split) a band-pass (difference of Gaussians) still responds to it.
A continued plain backdrop is flat and a cut-out's backdrop a gradient: both give almost none.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.geometry import Rect
from studio.core.intake import load_product
from studio.core.progress import run_job
from studio.jobs.pipeline import export_job, plan_project_job, resolve_render_plan
from studio.media.ffmpeg import ffmpeg_exe
from studio.media.images import image_info
from studio.render.captions import render_caption
from studio.render.frame import FrameRenderer
from studio.render.motion import image_to_frame, in_view, rect_at, region_over_motion
from studio.render.plan import RenderPlan
from tests.conftest import REPO, SHARED_EVAL

pytestmark = pytest.mark.slow

LISTINGS = (
    "bagisto-420-20l-solo-microwave-oven",  # home appliance in a kitchen
    "magento-24-wb06-endeavor-daytrip-backpack",  # bag on white
    "saleor-127-white-plimsolls",  # shoes, transparent PNGs
    "bagisto-429-smart-fitness-watch",  # electronics on a wrist
)
PRESETS = ("landscape", "portrait", "square")
HEIGHT = 180  # the short side

BAND_DOG = 0.3  # mean |DoG| (grey levels) outside the photo above which a band is blurred photo
BAND_MIN_AREA = 0.08  # a band: at least this share of the frame outside the photo


def band_energy(frame_bgr: np.ndarray, photo: Rect) -> float | None:
    """Mean band-pass response outside ``photo`` (frame-normalised; a margin around it and the
    frame's outermost pixels left out), or None when too little of the frame is outside."""
    g = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY).astype(np.float32)
    h, w = g.shape
    s = min(h, w) / 360.0
    dog = np.abs(cv2.GaussianBlur(g, (0, 0), 2.0 * s) - cv2.GaussianBlur(g, (0, 0), 8.0 * s))
    outside = np.ones((h, w), bool)
    pad = max(2, round(24 * s))  # beyond the reach of the photo's own edge
    x0, y0 = int(np.floor(photo.x * w)) - pad, int(np.floor(photo.y * h)) - pad
    x1 = int(np.ceil((photo.x + photo.w) * w)) + pad
    y1 = int(np.ceil((photo.y + photo.h) * h)) + pad
    outside[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = False
    outside[:pad], outside[-pad:], outside[:, :pad], outside[:, -pad:] = (False,) * 4
    if outside.mean() < BAND_MIN_AREA:
        return None
    return float(dog[outside].mean())


def frame_of(video: Path, t: float, w: int, h: int) -> np.ndarray:
    out = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(video), "-frames:v", "1"]
        + ["-f", "rawvideo", "-pix_fmt", "bgr24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(out, np.uint8)[: w * h * 3].reshape(h, w, 3)


def _folder(name: str, root: Path) -> Path:
    """A product folder: the demo as shipped, or an evaluation listing with its bullets."""
    if name == "demo":
        return REPO / "studio" / "resources" / "demo"
    src = SHARED_EVAL / name
    if not src.is_dir():
        pytest.skip(f"{name} is not in the shared evaluation set here")
    listing = json.loads((src / "listing.json").read_text(encoding="utf-8"))
    d = root / name
    d.mkdir(parents=True, exist_ok=True)
    for image in listing["images"]:
        shutil.copy(src / image, d / image)
    (d / "bullets.txt").write_text("\n".join(listing["bullets"]) + "\n", encoding="utf-8")
    (d / "product.toml").write_text(f"title = {json.dumps(listing['title'])}\n")
    return d


@dataclass
class Render:
    name: str
    preset: str
    plan: RenderPlan
    renderer: FrameRenderer
    video: Path


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> list[Render]:
    root = tmp_path_factory.mktemp("looks")
    out: list[Render] = []
    for name in ("demo", *LISTINGS):
        if name != "demo" and not (SHARED_EVAL / name).is_dir():
            continue
        project = load_product(_folder(name, root), image_info).project
        run_job(plan_project_job(project))
        project.music.source = "none"
        for scene in project.timeline.scenes:
            scene.voice_line = ""  # captions only: no voice to synthesise
        for preset in PRESETS:
            project.export.preset = preset
            project.export.height = HEIGHT
            project.export.burn_captions = False  # the band measure looks at the picture
            video = root / f"{name}-{preset}.mp4"
            run_job(export_job(project, video))
            project.export.burn_captions = True
            plan, _ = resolve_render_plan(project, {})
            out.append(Render(name, preset, plan, FrameRenderer(plan), video))
    return out


def test_no_frame_shows_a_blurred_copy_of_its_photo(renders):
    measured = 0
    failures = []
    for r in renders:
        for i, s in enumerate(r.plan.scenes):
            p = r.renderer.prepared(i)
            t = s.start + s.duration / 2
            crop = rect_at(p.motion, (t - p.visible_from) / (p.visible_to - p.visible_from))
            frame = frame_of(r.video, t, r.plan.width, r.plan.height)
            energy = band_energy(frame, in_view(p.canvas.subject, crop))
            if energy is None:
                continue
            measured += 1
            if energy >= BAND_DOG:
                failures.append((r.name, r.preset, i, p.canvas.layout, round(energy, 2)))
                cv2.imwrite(str(r.video.with_name(f"{r.video.stem}-{i}-band.png")), frame)
    assert measured >= 20  # the photos did leave room outside them to measure
    assert failures == [], f"frames in {renders[0].video.parent}"


def _hits(bbox: tuple[int, int, int, int], r: Rect, w: int, h: int) -> float:
    """How much of ``r`` (frame-normalised) the box ``bbox`` (pixels) covers, in pixels."""
    x0, y0 = max(bbox[0], r.x * w), max(bbox[1], r.y * h)
    x1, y1 = min(bbox[2], (r.x + r.w) * w), min(bbox[3], (r.y + r.h) * h)
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def _area(bbox: tuple[int, int, int, int]) -> int:
    return (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])


def _clip(a: Rect, b: Rect) -> Rect:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.w, b.x + b.w), min(a.y + a.h, b.y + b.h)
    return Rect(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def test_captions_never_cover_the_focus_region(renders):
    """Over the scene's whole motion. Where no place avoids the focus region (it fills the
    frame), the caption covers less of it than in its usual place, with smaller text."""
    checked = clear = 0
    for r in renders:
        w, h = r.plan.width, r.plan.height
        for i, s in enumerate(r.plan.scenes):
            if s.focus is None or s.caption is None or s.image is None:
                continue
            p = r.renderer.prepared(i)
            if p.canvas.layout == "closing":
                continue
            shown = image_to_frame(s.focus, p.canvas.image_rect)
            shown = _clip(shown, p.canvas.subject)  # where the picture shows
            focus = region_over_motion(shown, p.motion)
            assert focus is not None
            overlays = [p.overlay] if p.overlay is not None else [o for _, _, o in p.pages if o]
            texts = [s.caption.text] if p.overlay is not None else [c.text for c in s.caption_pages]
            for overlay, text in zip(overlays, texts, strict=True):
                checked += 1
                covered = _hits(overlay.bbox, focus, w, h)
                if covered == 0.0:
                    clear += 1
                    continue
                usual = render_caption(replace(s.caption, text=text), r.plan.theme, w, h)
                assert usual is not None
                assert covered <= _hits(usual.bbox, focus, w, h), (r.name, r.preset, i)
                assert _area(overlay.bbox) < _area(usual.bbox), (r.name, r.preset, i)  # smaller
    assert checked >= 30
    assert clear >= 0.8 * checked  # nearly always a place that avoids it entirely
