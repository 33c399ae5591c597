"""Contact sheets of how products look in each aspect ratio: a grid of mid-scene frames.

One JPEG per product, template (highlight, explainer, experience, comparison) and aspect
(16:9, 9:16, 1:1) into ``docs/looks/``, made by the real
pipeline: the matcher plans the product, the RenderPlan is resolved as export resolves it
(product masks included), and the frame function draws each scene halfway through (in the
middle of its first caption page when the caption is paged). Voice lines are left out: the
frames do not depend on them, only the scene lengths do.

Products: the bundled demo and, when the shared evaluation set is next to the checkout, a
few listings of other kinds. Any product folder (photos + bullets.txt) or evaluation listing
folder can be named instead.

Usage: ``.venv/bin/python scripts/contact_sheets.py [--out docs/looks] [--width 1280]
[--template NAME ...] [FOLDER ...]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.core.intake import load_product  # noqa: E402
from studio.core.model import TEMPLATES, Preset  # noqa: E402
from studio.core.progress import run_job  # noqa: E402
from studio.jobs.pipeline import plan_project_job, resolve_render_plan  # noqa: E402
from studio.media.images import image_info  # noqa: E402
from studio.render.fonts import LATIN_BOLD, load_font  # noqa: E402
from studio.render.frame import FrameRenderer  # noqa: E402
from studio.render.plan import ScenePlan  # noqa: E402

EVAL = REPO.parent / "shared" / "eval" / "dev"
DEFAULT = (
    REPO / "studio" / "resources" / "demo",
    EVAL / "bagisto-420-20l-solo-microwave-oven",  # a microwave in a kitchen
    EVAL / "magento-24-wb06-endeavor-daytrip-backpack",  # a backpack on white
)
ASPECTS: dict[Preset, str] = {"landscape": "16x9", "portrait": "9x16", "square": "1x1"}
FRAME_SHORT_SIDE = 360
GAP = 8
BACKGROUND = (38, 38, 42)


def product_folder(src: Path, work: Path) -> Path:
    """``src`` if it is a product folder, else an evaluation listing turned into one."""
    if (src / "bullets.txt").is_file() or not (src / "listing.json").is_file():
        return src
    listing = json.loads((src / "listing.json").read_text(encoding="utf-8"))
    folder = work / src.name
    folder.mkdir(parents=True, exist_ok=True)
    for name in listing["images"]:
        shutil.copy(src / name, folder / name)
    (folder / "bullets.txt").write_text("\n".join(listing["bullets"]) + "\n", encoding="utf-8")
    (folder / "product.toml").write_text(f"title = {json.dumps(listing['title'])}\n")
    return folder


def shown_at(scene: ScenePlan) -> float:
    """A moment that shows the scene settled: its middle, or its first caption page's."""
    if scene.caption_pages:
        page = scene.caption_pages[0]
        return (page.start + page.end) / 2
    return scene.start + scene.duration / 2


def sheet(frames: list[np.ndarray], title: str, width: int) -> Image.Image:
    """The frames (BGR) in a grid ``width`` pixels wide, under a one-line title."""
    fh, fw = frames[0].shape[:2]
    cols = 4 if fh > fw else 3
    rows = -(-len(frames) // cols)
    tile_w = (width - GAP * (cols + 1)) // cols
    tile_h = round(tile_w * fh / fw)
    header = 44
    img = Image.new("RGB", (width, header + rows * (tile_h + GAP) + GAP), BACKGROUND)
    ImageDraw.Draw(img).text(
        (GAP + 4, header / 2),
        title,
        fill=(235, 235, 235),
        font=load_font(LATIN_BOLD, 22),
        anchor="lm",
    )
    for k, frame in enumerate(frames):
        r, c = divmod(k, cols)
        tile = Image.fromarray(np.ascontiguousarray(frame[..., ::-1])).resize(
            (tile_w, tile_h), Image.Resampling.LANCZOS
        )
        img.paste(tile, (GAP + c * (tile_w + GAP), header + GAP + r * (tile_h + GAP)))
    return img


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path, help="product or listing folders")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "looks")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument(
        "--template", action="append", choices=TEMPLATES, help="only these templates"
    )
    args = parser.parse_args()
    templates = args.template or list(TEMPLATES)
    sources = args.folders or [p for p in DEFAULT if p.is_dir()]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="studio-looks-") as tmp:
        for src in sources:
            project = load_product(product_folder(src.resolve(), Path(tmp)), image_info).project
            run_job(plan_project_job(project))
            for scene in project.timeline.scenes:
                scene.voice_line = ""
            name = src.resolve().name
            for template, (preset, label) in itertools.product(templates, ASPECTS.items()):
                project.look.template = template
                project.export.preset = preset
                project.export.height = FRAME_SHORT_SIDE
                plan, _ = resolve_render_plan(project, {})
                renderer = FrameRenderer(plan)
                frames = [renderer.frame_at(shown_at(s)) for s in plan.scenes]
                layouts = [renderer.prepared(i).canvas.layout for i in range(len(plan.scenes))]
                title = (
                    f"{project.product.title or name} · {template} · {label} · {', '.join(layouts)}"
                )
                path = args.out / f"{name}-{template}-{label}.jpg"
                sheet(frames, title, args.width).save(path, quality=80, optimize=True)
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


if __name__ == "__main__":
    main()
