"""Matcher speed: model load time on a first start, then planning time for a 6-image x
6-bullet listing whose images the cache has never seen, then the same plan again (cached).

Images are copied to a temporary folder and STUDIO_CACHE_DIR points at a fresh folder, so
every image is really analysed (OCR, salient-object mask, cues, faces, EfficientNet). The uncached plans are then
repeated from empty caches (--repeat) and their minimum and median printed with the load
average: on a shared machine single timings are noise. Targets on 2 cores: first start
< 10 s, plan after load < 2 s. Usage:
``.venv/bin/python bench/match_speed.py [--listing DIR] [--second DIR] [--clip PATH] [--repeat N]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BULLETS = [
    "Black polyester spandex pants with zipper pockets.",
    "Reflective safety accents.",
    '8" leg zips. 32" inseam.',
    "Lightweight and wind resistant.",
    "Also in green, blue and red.",
    "Machine wash cold.",
]
DEFAULT_LISTING = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "eval"
    / "dev"
    / "magento-mp03-geo-insulated-jogging-pant"
)

SECOND_LISTING = DEFAULT_LISTING.parent / "opencart-32-ipod-touch"


def _timed(label: str, fn) -> float:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    print(f"  {label:<34s} {dt:6.2f} s")
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--listing", type=Path, default=DEFAULT_LISTING, help="folder with >= 6 images"
    )
    parser.add_argument(
        "--second", type=Path, default=SECOND_LISTING, help="another folder of >= 6 images"
    )
    parser.add_argument(
        "--clip", type=Path, default=None, help="local CLIP/SigLIP checkpoint folder"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="uncached plans per listing for min/median"
    )
    args = parser.parse_args()
    os.environ["STUDIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="studio-bench-match-")
    os.environ["HF_HUB_OFFLINE"] = "1"

    print(f"first start (imports + model loads), load average {os.getloadavg()[0]:.2f}")
    start = time.perf_counter()
    from studio.analysis import effnet, faces, ocr, segment, text
    from studio.analysis.context import fixed_texts
    from studio.analysis.models import load_models

    _timed("sentence model (MiniLM)", text.get_model)
    _timed("fixed vocabularies embedded", lambda: text.embed(fixed_texts()))
    _timed("EfficientNet-Lite0", effnet.get_model)
    _timed("OCR engine (RapidOCR)", ocr.get_engine)
    _timed(
        "face cascade",
        lambda: faces.load_cascade(faces.cascade_path()) if faces.cascade_path() else None,
    )
    _timed("salient-object network (U2-Net small)", segment.get_session)
    _timed("load_models (rest, if any)", lambda: load_models(args.clip))
    print(f"  {'total first start':<34s} {time.perf_counter() - start:6.2f} s")

    from studio.analysis.__main__ import project_from_folder
    from studio.analysis.matcher import plan_job
    from studio.core.progress import run_job

    def listing(folder: Path, bullets: list[str]) -> tuple[list[Path], object]:
        work = Path(tempfile.mkdtemp(prefix="studio-bench-listing-"))
        images = sorted(
            p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"}
        )[:6]
        for p in images:
            shutil.copy2(p, work / p.name)
        (work / "bullets.txt").write_text("\n".join(bullets) + "\n", encoding="utf-8")
        return images, project_from_folder(work)

    images, project = listing(args.listing, BULLETS)
    print(f"planning {len(images)} images x {len(BULLETS)} bullets")
    _timed(
        "plan, uncached images (1st listing)",
        lambda: run_job(plan_job(project, clip_path=args.clip)),
    )
    _timed("plan again, cached", lambda: run_job(plan_job(project, clip_path=args.clip)))
    if args.second and args.second.is_dir():
        # Steady state: models warm, vocabularies embedded; only the images and bullets are new.
        _, other = listing(args.second, [b.replace("pants", "jacket") for b in BULLETS])
        _timed(
            "plan, uncached images (2nd listing)",
            lambda: run_job(plan_job(other, clip_path=args.clip)),
        )

    if args.repeat > 1:
        # The same plans again from empty caches (disk and memory; the fixed vocabularies are
        # embedded again untimed, as load_models does): timings on a shared machine are noisy.
        runs: dict[str, list[float]] = {"1st listing": [], "2nd listing": []}
        for _ in range(args.repeat):
            for label, proj in (
                ("1st listing", project),
                ("2nd listing", other if args.second else None),
            ):
                if proj is None:
                    continue
                os.environ["STUDIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="studio-bench-match-")
                text.forget()  # as in a new process (the shipped class-name vectors come back)
                text.embed(fixed_texts())
                t0 = time.perf_counter()
                run_job(plan_job(proj, clip_path=args.clip))
                runs[label].append(time.perf_counter() - t0)
        for label, ts in runs.items():
            if ts:
                print(
                    f"  plan uncached, {label}: min {min(ts):.2f} s, median {statistics.median(ts):.2f} s "
                    f"over {len(ts)} runs ({' '.join(f'{t:.2f}' for t in ts)})"
                )
        print(f"  load average {os.getloadavg()[0]:.2f}")

    print("where the uncached time goes (same images, summed)")
    from studio.analysis.image_features import _faces, decode
    from studio.analysis.ocr import read_text
    from studio.analysis.recognition import recognise_images
    from studio.analysis.visual import analyse_pixels

    rgbs: list = []
    cues: list = []
    _timed("decode (once, shared)", lambda: rgbs.extend(decode(p) for p in images))
    _timed("salient-object masks", lambda: [segment.salient_mask(x) for x in rgbs])
    _timed("pixel cues", lambda: cues.extend(analyse_pixels(x)[0] for x in rgbs))
    _timed(
        "OCR, non-backdrop region",
        lambda: [read_text(x, c.content_box) for x, c in zip(rgbs, cues, strict=True)],
    )
    _timed("OCR, whole image (for comparison)", lambda: [read_text(x) for x in rgbs])
    _timed("EfficientNet (one batch)", lambda: recognise_images(rgbs))
    _timed(
        "faces (where skin shows)", lambda: [_faces(x, c) for x, c in zip(rgbs, cues, strict=True)]
    )
    print(f"load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
