"""Makers of real sample files for tests: photos, and the broken files sellers actually have."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def product_photo(path: Path, size=(800, 1000), colour=(40, 90, 200), background=(255, 255, 255), label: str = "") -> Path:
    """A plausible product shot: a coloured shape on a plain background, optional printed text."""
    im = Image.new("RGB", size, background)
    d = ImageDraw.Draw(im)
    w, h = size
    d.rounded_rectangle([w * 0.25, h * 0.15, w * 0.75, h * 0.85], radius=int(w * 0.05), fill=colour)
    d.ellipse([w * 0.4, h * 0.05, w * 0.6, h * 0.25], fill=tuple(int(c * 0.7) for c in colour))
    if label:
        d.text((w * 0.3, h * 0.5), label, fill=(255, 255, 255))
    im.save(path)
    return path


def broken_images(folder: Path) -> dict[str, Path]:
    """Each kind of bad or awkward image a seller can drop in, written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    good = product_photo(folder / "good.jpg")
    data = good.read_bytes()
    (folder / "corrupt.jpg").write_bytes(data[: len(data) // 3])  # truncated mid-scan
    out["corrupt"] = folder / "corrupt.jpg"
    (folder / "zero.jpg").write_bytes(b"")
    out["zero"] = folder / "zero.jpg"
    (folder / "notimage.jpg").write_text("<html>this is a web page saved with a .jpg name</html>")
    out["notimage"] = folder / "notimage.jpg"

    cmyk = Image.new("CMYK", (600, 400), (0, 200, 200, 0))  # strong red in CMYK
    cmyk.save(folder / "cmyk.jpg", "JPEG")
    out["cmyk"] = folder / "cmyk.jpg"

    rgba = Image.new("RGBA", (500, 500), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).ellipse([100, 100, 400, 400], fill=(200, 30, 30, 255))
    rgba.save(folder / "alpha.png")
    out["alpha"] = folder / "alpha.png"

    # Stored landscape (600x300) with EXIF orientation 6: displays as portrait 300x600.
    rot = Image.new("RGB", (600, 300), (255, 255, 255))
    ImageDraw.Draw(rot).rectangle([0, 0, 100, 300], fill=(0, 0, 0))  # dark band on the stored left
    exif = Image.Exif()
    exif[0x0112] = 6
    rot.save(folder / "rotated.jpg", exif=exif.tobytes())
    out["rotated"] = folder / "rotated.jpg"

    huge = Image.new("RGB", (12000, 12000), (230, 230, 230))
    ImageDraw.Draw(huge).rectangle([3000, 3000, 9000, 9000], fill=(20, 120, 60))
    huge.save(folder / "huge.jpg", quality=70)
    out["huge"] = folder / "huge.jpg"

    gray16 = Image.fromarray((np.linspace(0, 65535, 256 * 256).reshape(256, 256)).astype(np.uint16))
    gray16.save(folder / "gray16.png")
    out["gray16"] = folder / "gray16.png"
    good.unlink()
    return out


DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"


def demo_product(folder: Path, images: tuple[str, ...] = ("img1.jpg", "img3.jpg"),
                 bullets: tuple[str, ...] = ("Kangaroo pocket.", "Adjustable drawstring hood.")) -> Path:
    """A small real product folder: a few of the demo's photos and short bullets."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in images:
        shutil.copy(DEMO / name, folder / name)
    (folder / "bullets.txt").write_text("\n".join(bullets) + "\n", encoding="utf-8")
    return folder
