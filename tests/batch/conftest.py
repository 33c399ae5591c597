"""A small real catalogue: three good SKUs from the demo's photos and one whose photos are all
broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.samples import DEMO

GOOD = {
    "hood-a": ("img1.jpg|img3.jpg", "Kangaroo pocket.|Adjustable drawstring hood."),
    "hood-b": ("img2.jpg|img4.jpg", "Ribbed cuffs.|Full zip."),
    "hood-c": ("img1.jpg|img5.jpg", "Water-repellent shell.|Warm inside."),
}
BROKEN = "hood-broken"


def write_catalogue(folder: Path) -> Path:
    photos = folder / "photos"
    photos.mkdir(parents=True)
    for name in ("img1.jpg", "img2.jpg", "img3.jpg", "img4.jpg", "img5.jpg"):
        shutil.copy(DEMO / name, photos / name)
    (photos / "bad1.jpg").write_text("<html>a web page saved as a photo</html>")
    (photos / "bad2.jpg").write_bytes((DEMO / "img1.jpg").read_bytes()[:200])  # truncated
    rows = ["sku,title,price,bullets,images"]
    for sku, (images, bullets) in GOOD.items():
        paths = "|".join(f"photos/{n}" for n in images.split("|"))
        rows.append(f'{sku},"Hoodie {sku[-1].upper()}",$10,"{bullets}",{paths}')
    rows.append(f"{BROKEN},Broken,$1,Nothing to see.,photos/bad1.jpg|photos/bad2.jpg")
    path = folder / "catalogue.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def catalogue(tmp_path) -> Path:
    return write_catalogue(tmp_path / "catalogue")
