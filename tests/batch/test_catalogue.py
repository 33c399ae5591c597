"""Reading catalogues: CSV/TSV as spreadsheets write them, folders of product folders."""

from __future__ import annotations

import codecs
import tomllib
from pathlib import Path

import pytest

from studio.batch.catalogue import read_catalogue
from studio.batch.settings import BatchSettings, input_hash
from studio.core.errors import ProjectError, StudioError
from tests.samples import demo_product, product_photo


def _photos(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        product_photo(folder / n, size=(80, 100))
    return folder


def _texts(spec) -> dict[str, str]:
    return dict(spec.texts)


def test_quoted_fields_keep_commas_and_pipes_split_bullets(tmp_path):
    _photos(tmp_path / "p", "a.jpg", "b.jpg")
    (tmp_path / "c.csv").write_text(
        "sku,title,price,bullets,images\n"
        'S1,"Hoodie, black","$1,299.00","Warm, soft fleece.|Zip ""YKK"" pulls.| |Pocket.",p/a.jpg|p/b.jpg\n',
        encoding="utf-8",
    )
    (spec,) = read_catalogue(tmp_path / "c.csv").skus
    assert spec.problem is None
    assert _texts(spec)["bullets.txt"] == 'Warm, soft fleece.\nZip "YKK" pulls.\nPocket.\n'
    meta = tomllib.loads(_texts(spec)["product.toml"])
    assert meta == {"title": "Hoodie, black", "price": "$1,299.00"}
    assert [n for n, _ in spec.files] == ["001-a.jpg", "002-b.jpg"]


def test_utf8_with_bom_and_non_latin_text(tmp_path):
    _photos(tmp_path / "p", "a.jpg")
    text = "sku,title,bullets,images\nS-ü,Mütze 帽子,Wärmt.|保暖。,p\n"
    (tmp_path / "c.csv").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (spec,) = read_catalogue(tmp_path / "c.csv").skus
    assert spec.sku == "S-ü"  # the BOM is not part of the first column's name
    assert tomllib.loads(_texts(spec)["product.toml"])["title"] == "Mütze 帽子"
    assert _texts(spec)["bullets.txt"] == "Wärmt.\n保暖。\n"


def test_missing_required_columns_name_them(tmp_path):
    (tmp_path / "c.csv").write_text("sku,title,price\nS1,A,1\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="missing columns bullets, images"):
        read_catalogue(tmp_path / "c.csv")


def test_optional_columns_missing_and_short_rows(tmp_path):
    _photos(tmp_path / "p", "a.jpg")
    (tmp_path / "c.csv").write_text(
        "sku,title,bullets,images,brand,colour\nS1,A,One.,p\nS2,B,Two.,p,Acme,red\n",
        encoding="utf-8",
    )
    cat = read_catalogue(tmp_path / "c.csv")
    assert [s.sku for s in cat.skus] == ["S1", "S2"]
    assert "brand" not in tomllib.loads(_texts(cat.skus[0])["product.toml"])
    assert tomllib.loads(_texts(cat.skus[1])["product.toml"])["brand"] == "Acme"
    assert any("colour" in w for w in cat.warnings)


def test_rows_pointing_at_missing_images_or_without_bullets_are_failures_not_errors(tmp_path):
    _photos(tmp_path / "p", "a.jpg")
    (tmp_path / "c.csv").write_text(
        "sku,title,bullets,images\n"
        "GONE,A,One.,nowhere/*.jpg\n"
        "HALF,B,Two.,p/a.jpg|p/missing.jpg\n"
        "EMPTY,C, | ,p\n"
        "NOFILE,D,Three.,p/missing.jpg\n"
        ",E,Four.,p\n"
        "HALF,F,Dup.,p\n",
        encoding="utf-8",
    )
    cat = read_catalogue(tmp_path / "c.csv")
    by = {s.sku: s for s in cat.skus}
    assert set(by) == {"GONE", "HALF", "EMPTY", "NOFILE"}
    assert "no photos found" in by["GONE"].problem
    assert "missing.jpg" in by["NOFILE"].problem
    assert "no bullets" in by["EMPTY"].problem
    assert by["HALF"].problem is None and "missing.jpg" in by["HALF"].warnings[0]
    assert any("line 6" in w and "no sku" in w for w in cat.warnings)
    assert any("line 7" in w and "earlier" in w for w in cat.warnings)


def test_tsv_glob_and_folder(tmp_path):
    _photos(tmp_path / "p", "img10.jpg", "img2.jpg", "notes.txt.jpg")
    (tmp_path / "p" / "listing.json").write_text("{}")
    (tmp_path / "c.tsv").write_text(
        "sku\ttitle\tbullets\timages\nA\tT\tOne.\tp\nB\tT\tOne.\tp/img*.jpg\n", encoding="utf-8"
    )
    a, b = read_catalogue(tmp_path / "c.tsv").skus
    assert [n for n, _ in a.files] == ["001-img2.jpg", "002-img10.jpg", "003-notes.txt.jpg"]
    assert [n for n, _ in b.files] == ["001-img2.jpg", "002-img10.jpg"]


def test_a_folder_of_product_folders_skips_the_output_folder(tmp_path):
    cat_dir = tmp_path / "cat"
    demo_product(cat_dir / "one")
    demo_product(cat_dir / "two")
    (cat_dir / ".hidden").mkdir()
    (cat_dir / "one" / "old-render.mp4").write_bytes(b"an earlier video")
    out = cat_dir / "out"
    demo_product(out / "looks-like-a-product")
    cat = read_catalogue(cat_dir, exclude=out)
    assert [s.sku for s in cat.skus] == ["one", "two"]
    names = {n for n, _ in cat.skus[0].files}
    assert {"bullets.txt", "img1.jpg"} <= names and "old-render.mp4" not in names
    with pytest.raises(ProjectError, match="one product, not a catalogue"):
        read_catalogue(cat_dir / "one")


def test_the_input_hash_follows_content_and_settings(tmp_path):
    demo_product(tmp_path / "cat" / "one")
    (spec,) = read_catalogue(tmp_path / "cat").skus
    s = BatchSettings(height=240)
    h = input_hash(spec, s)
    assert input_hash(spec, s) == h
    assert input_hash(spec, BatchSettings(height=144)) != h
    (tmp_path / "cat" / "one" / "bullets.txt").write_text("Kangaroo pocket.\nNew bullet.\n")
    assert input_hash(spec, s) != h


def test_settings_refuse_unknown_presets():
    with pytest.raises(StudioError, match="unknown preset"):
        BatchSettings(presets=("cinema",))


def test_the_shipped_example_catalogue_reads_whole():
    from studio.media.locations import resource

    cat = read_catalogue(resource("catalogue", "products.csv"))
    assert len(cat.skus) == 3 and not cat.warnings
    assert all(s.problem is None and s.files for s in cat.skus)
