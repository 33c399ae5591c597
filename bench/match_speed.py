"""Matcher speed: model load time on a first start, then planning time for a 6-image x
6-bullet listing whose images the cache has never seen, then the same plan again (cached).

Images are copied to a temporary folder and STUDIO_CACHE_DIR points at a fresh folder, so
every image is really analysed (OCR, cues, faces, EfficientNet). Targets on 2 cores:
first start < 10 s, plan after load < 2 s. Usage:
``.venv/bin/python bench/match_speed.py [--listing DIR] [--second DIR] [--clip PATH]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BULLETS = [
    "Black polyester spandex pants with zipper pockets.",
    "Reflective safety accents.",
    "8\" leg zips. 32\" inseam.",
    "Lightweight and wind resistant.",
    "Also in green, blue and red.",
    "Machine wash cold.",
]
DEFAULT_LISTING = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "magento-mp03-geo-insulated-jogging-pant"

SECOND_LISTING = DEFAULT_LISTING.parent / "opencart-32-ipod-touch"


def _timed(label: str, fn) -> float:  # noqa: ANN001 - any zero-argument callable
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    print(f"  {label:<34s} {dt:6.2f} s")
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listing", type=Path, default=DEFAULT_LISTING, help="folder with >= 6 images")
    parser.add_argument("--second", type=Path, default=SECOND_LISTING, help="another folder of >= 6 images")
    parser.add_argument("--clip", type=Path, default=None, help="local CLIP/SigLIP checkpoint folder")
    args = parser.parse_args()
    os.environ["STUDIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="studio-bench-match-")
    os.environ["HF_HUB_OFFLINE"] = "1"

    print("first start (imports + model loads)")
    start = time.perf_counter()
    from studio.analysis import effnet, faces, ocr, text

    _timed("sentence model (MiniLM)", text._get_model)
    _timed("EfficientNet-Lite0", effnet.get_model)
    _timed("OCR engine (RapidOCR)", ocr._get_engine)
    _timed("face cascade", lambda: faces.load_cascade(faces.cascade_path()) if faces.cascade_path() else None)
    if args.clip:
        from studio.analysis.clip import load_clip

        _timed("CLIP checkpoint", lambda: load_clip(args.clip))
    print(f"  {'total first start':<34s} {time.perf_counter() - start:6.2f} s")

    from studio.analysis.__main__ import project_from_folder
    from studio.analysis.matcher import plan_job
    from studio.core.progress import run_job

    def listing(folder: Path, bullets: list[str]) -> tuple[list[Path], object]:
        work = Path(tempfile.mkdtemp(prefix="studio-bench-listing-"))
        images = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})[:6]
        for p in images:
            shutil.copy2(p, work / p.name)
        (work / "bullets.txt").write_text("\n".join(bullets) + "\n", encoding="utf-8")
        return images, project_from_folder(work)

    images, project = listing(args.listing, BULLETS)
    print(f"planning {len(images)} images x {len(BULLETS)} bullets")
    _timed("plan, uncached images (1st listing)", lambda: run_job(plan_job(project, clip_path=args.clip)))
    _timed("plan again, cached", lambda: run_job(plan_job(project, clip_path=args.clip)))
    if args.second and args.second.is_dir():
        # Steady state: models warm, vocabularies embedded; only the images and bullets are new.
        _, other = listing(args.second, [b.replace("pants", "jacket") for b in BULLETS])
        _timed("plan, uncached images (2nd listing)", lambda: run_job(plan_job(other, clip_path=args.clip)))

    print("where the uncached time goes (same images, summed)")
    from studio.analysis.image_features import _faces
    from studio.analysis.ocr import OCR_MAX_SIDE, read_text
    from studio.analysis.recognition import recognise_image
    from studio.analysis.visual import analyse_pixels
    from studio.media.images import load_rgb

    rgbs: list = []
    _timed("decode", lambda: rgbs.extend(load_rgb(p, OCR_MAX_SIDE) for p in images))
    _timed("pixel cues", lambda: [analyse_pixels(x) for x in rgbs])
    _timed("OCR", lambda: [read_text(x) for x in rgbs])
    _timed("EfficientNet", lambda: [recognise_image(x) for x in rgbs])
    _timed("faces (worn figures only)", lambda: [_faces(x, analyse_pixels(x)[0]) for x in rgbs])


if __name__ == "__main__":
    main()
