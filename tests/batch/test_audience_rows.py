"""Catalogue rows that name an audience: the profile is found where the catalogue is read
(the seller's own included), travels with the SKU and counts in its input hash; an unknown
audience fails that row alone; the SKU's video is the audience's variant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.batch.catalogue import AUDIENCE_FILE, read_catalogue
from studio.batch.settings import BatchSettings, input_hash
from studio.batch.sku_render import render_sku_job
from studio.core.audience import AudienceProfile, save_profile
from studio.core.progress import run_job
from tests.samples import DEMO


def _table(tmp_path, rows: list[str]):
    path = tmp_path / "products.csv"
    head = "sku,title,price,bullets,images,audience"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def _row(sku: str, audience: str) -> str:
    bullets = "Gift box with a card included.|Water-repellent shell.|Kangaroo pocket."
    return f'{sku},Hoodie,$10,"{bullets}",{DEMO / "img1.jpg"}|{DEMO / "img3.jpg"},{audience}'


def test_a_row_names_an_audience_and_it_travels_with_the_sku(tmp_path):
    save_profile(AudienceProfile(name="Runners", description="Runners out in all weather."))
    table = _table(
        tmp_path,
        [
            _row("gift", "Gift buyers"),
            _row("run", "runners"),
            _row("plain", ""),
            _row("x", "Aliens"),
        ],
    )
    cat = read_catalogue(table)
    assert not cat.warnings  # the audience column is a known one
    specs = {s.sku: s for s in cat.skus}

    gift = json.loads(dict(specs["gift"].texts)[AUDIENCE_FILE])
    assert gift["name"] == "Gift buyers" and gift["badge"]
    assert json.loads(dict(specs["run"].texts)[AUDIENCE_FILE])["name"] == "Runners"
    assert AUDIENCE_FILE not in dict(specs["plain"].texts) and specs["plain"].problem is None
    assert "no audience 'Aliens'" in (specs["x"].problem or "")
    assert "Runners" in (specs["x"].problem or "")

    settings = BatchSettings(height=144)
    hashes = {input_hash(specs[s], settings) for s in ("gift", "run", "plain")}
    assert len(hashes) == 3  # the same product for another audience is another render


@pytest.mark.slow
def test_the_skus_video_is_its_audiences_variant(tmp_path):
    (spec,) = read_catalogue(_table(tmp_path, [_row("gift", "gift buyers")])).skus
    settings = BatchSettings(height=144, dry_run=True)
    outcome = run_job(render_sku_job(spec, settings, tmp_path / "work"))
    assert outcome.error is None, outcome.error
    (variant,) = outcome.variants
    assert variant.error is None, variant.error
    srt = Path(variant.files["srt"]).read_text(encoding="utf-8")
    assert "Hoodie — $10 · Gift idea" in srt  # the dry run's title card, with the badge
