"""A drill with broken and odd files made by several tools (see tests/broken_corpus.py): each
photo decodes to the right picture or fails with one reason naming the file, and a product
folder holding them all still opens with every good photo and one warning per bad file."""

from __future__ import annotations

import os

import numpy as np
import pytest

from studio.core.errors import MediaError
from studio.core.intake import load_product
from studio.core.textfiles import DAMAGED_UTF8, decode_text
from studio.media.images import image_info, load_rgb
from tests.broken_corpus import ODD_NAMES, image_corpus, text_corpus
from tests.samples import product_photo

# None: decodes; else words of the reason. Files that pass image_info (headers only) but whose
# pixels are damaged are listed in DAMAGED_PIXELS.
EXPECTED: dict[str, str | None] = {
    "cut-mid-scan.jpg": "damaged or truncated",
    "bad-huffman.jpg": "damaged or truncated",
    "scrambled-scan.jpg": None,
    "fake-arithmetic.jpg": None,
    "bomb-60000.jpg": "too large",
    "claims-9000.jpg": None,
    "progressive.jpg": None,
    "cmyk.jpg": None,
    "ycck.jpg": None,
    "grey.jpg": None,
    **{f"orientation-{n}.jpg": None for n in range(2, 9)},
    "ffmpeg-444.jpg": None,
    "rgb16.png": None,
    "ffmpeg-rgb48.png": None,
    "ffmpeg-grey-alpha16.png": None,
    "one-bit.png": None,
    "bad-crc.png": None,
    "bad-ihdr-crc.png": "header is damaged",
    "palette-trns.png": None,
    "grey-alpha.png": None,
    "animated.apng.png": None,
    "animated.gif": None,
    "animated.webp": None,
    "bomb-60000.png": "too large",
    "lzw.tif": None,
    "jpeg-in.tif": None,
    "multipage.tif": None,
    "rgb16.tif": None,
    "float-rgb.tif": "of a kind this app cannot decode",
    "float-grey.tif": None,
    "one-bit.bmp": None,
    "rle8.bmp": None,
    "bitfields.bmp": None,
    "icon.ico": "not an image this app can read",
    "icon-as.png": "not an image this app can read",
    "1x8000.png": "too small",
    "8000x1.png": "too small",
    "2x8000.png": None,
    "8000x2.png": None,
    "png-named.jpg": None,
    "jpeg-named.png": None,
    "text.jpg": "not an image this app can read",
    "page.jpg": "not an image this app can read",
    "document.jpg": "not an image this app can read",
    "archive.jpg": "not an image this app can read",
    "empty.jpg": "empty",
    "folder.jpg": "folder",
    "photo.avif": "not an image this app can read",
    "photo.heic": "not an image this app can read",
    "logo.svg": "not an image this app can read",
    "loop-a.jpg": "Too many levels of symbolic links",
}
DAMAGED_PIXELS = {"cut-mid-scan.jpg", "bad-huffman.jpg"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return image_corpus(tmp_path_factory.mktemp("drill"))


def test_the_corpus_is_what_the_table_expects(corpus):
    assert set(corpus) <= set(EXPECTED)
    assert set(EXPECTED) - set(corpus) <= {"loop-a.jpg"}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_decodes_or_fails_with_one_clear_reason(corpus, name):
    if name not in corpus:
        pytest.skip("needs symbolic links")
    path, reason = corpus[name], EXPECTED[name]
    for read in (image_info, lambda p: load_rgb(p, max_side=512)):
        try:
            result = read(path)
        except MediaError as err:
            assert reason is not None, f"{name} should decode: {err}"
            assert err.path == path and name in str(err)
            assert reason in err.reason, err.reason
            continue
        if read is image_info:
            assert reason is None or name in DAMAGED_PIXELS, f"{name}: {reason} expected"
            assert result.width >= 2 and result.height >= 2
        else:
            assert reason is None, f"{name} should be refused ({reason})"
            assert result.dtype == np.uint8 and result.ndim == 3 and result.shape[2] == 3


def test_a_valid_tiff_of_float_colour_is_not_called_damaged(corpus):
    """Pillow cannot open RGB float TIFFs; the seller hears that, not that the file is broken."""
    with pytest.raises(MediaError) as err:
        image_info(corpus["float-rgb.tif"])
    assert "damaged" not in err.value.reason
    assert "cannot decode" in err.value.reason and "save it again" in err.value.reason


def test_a_flat_float_image_keeps_its_grey(corpus):
    """A 0..1 float image of one value used to come out black: nothing to stretch."""
    a = load_rgb(corpus["float-grey.tif"]).astype(int)
    assert abs(a - 128).max() <= 1


def test_every_exif_orientation_turns_the_picture_upright(corpus):
    """The white square sits top-left in the upright picture whatever the stored orientation."""
    for n in range(2, 9):
        a = load_rgb(corpus[f"orientation-{n}.jpg"])
        assert a.shape == ((96, 64, 3) if n >= 5 else (64, 96, 3)), n
        info = image_info(corpus[f"orientation-{n}.jpg"])
        assert (info.height, info.width) == a.shape[:2]
        ys, xs = np.nonzero(a.min(axis=2) > 200)
        corner = (ys.mean() < a.shape[0] / 2, xs.mean() < a.shape[1] / 2)
        # which corner each orientation moves the stored top-left corner to
        expected = {
            2: (True, False),
            3: (False, False),
            4: (False, True),
            5: (True, True),
            6: (True, False),
            7: (False, False),
            8: (False, True),
        }[n]
        assert corner == expected, n


def test_odd_colour_layouts_come_out_in_their_colours(corpus):
    assert load_rgb(corpus["cmyk.jpg"])[20, 30].tolist() == [255, 35, 35]
    for name in ("ffmpeg-rgb48.png", "rgb16.tif", "bitfields.bmp", "ffmpeg-444.jpg"):
        r, g, b = load_rgb(corpus[name])[30, 40].astype(int)
        assert r > 240 and g < 10 and b < 10, name
    trns = load_rgb(corpus["palette-trns.png"])
    assert tuple(trns[2, 2]) == (255, 255, 255) and tuple(trns[24, 32]) == (220, 30, 30)
    la = load_rgb(corpus["grey-alpha.png"])
    assert tuple(la[2, 2]) == (255, 255, 255) and tuple(la[24, 32]) == (40, 40, 40)
    rle = load_rgb(corpus["rle8.bmp"])
    assert tuple(rle[40, 10]) == (220, 30, 30) and tuple(rle[5, 10]) == (30, 60, 220)
    assert tuple(load_rgb(corpus["animated.apng.png"])[16, 24]) == (220, 30, 30)


# ---------------------------------------------------------------- a product folder of them


@pytest.fixture(scope="module")
def drill_product(tmp_path_factory):
    d = tmp_path_factory.mktemp("drill-product") / "kettle"
    made = image_corpus(d)
    product_photo(d / "good-front.jpg", size=(300, 400))
    for name in ODD_NAMES:
        product_photo(d / name, size=(120, 160))
    if hasattr(os, "symlink"):
        (d / "link-loop.png").symlink_to("link-loop.png")
    (d / "bullets.txt").write_text("Keeps drinks cold\nFits every cup holder\n", encoding="utf-8")
    return d, made


def test_a_folder_of_every_bad_file_opens_with_its_good_photos(drill_product):
    """A loop of links among the photos used to end the whole product with a RuntimeError."""
    d, made = drill_product
    intake = load_product(d, image_info)
    kept = {a.path for a in intake.project.images}
    usable = {n for n, r in EXPECTED.items() if r is None} | set(ODD_NAMES) | {"good-front.jpg"}
    assert kept == usable | (DAMAGED_PIXELS & set(made))
    text = "\n".join(intake.warnings)
    for name, reason in EXPECTED.items():
        if reason is not None and name in made and name not in DAMAGED_PIXELS:
            assert sum(f"skipped {name}:" in w for w in intake.warnings) == 1, (name, text)
    if hasattr(os, "symlink"):
        assert "skipped link-loop.png: a link that leads back to itself" in text
        assert "skipped loop-a.jpg: a link that leads back to itself" in text


def test_pictures_in_formats_the_app_does_not_read_are_named_not_ignored(drill_product):
    """HEIC (iPhone), AVIF, SVG and icons were passed over without a word."""
    d, _ = drill_product
    warnings = load_product(d, image_info).warnings
    for name, kind in [
        ("photo.heic", "HEIC"),
        ("photo.avif", "AVIF"),
        ("logo.svg", "SVG"),
        ("icon.ico", "icon"),
    ]:
        hits = [w for w in warnings if w.startswith(f"skipped {name}:")]
        assert len(hits) == 1 and kind in hits[0] and "JPEG or PNG" in hits[0], warnings


def test_a_name_that_is_not_text_costs_only_that_photo(tmp_path):
    """A name in an old encoding (Latin-1 bytes) used to stop the render at saving the project
    ("images[0].path: contains characters that are not valid text")."""
    d = tmp_path / "p"
    d.mkdir()
    product_photo(d / "good.jpg", size=(120, 160))
    os.link(d / "good.jpg", os.fsencode(d) + b"/caf\xe9.jpg")
    (d / "new\nline.jpg").write_bytes(b"junk")
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    intake = load_product(d, image_info)
    assert [a.path for a in intake.project.images] == ["good.jpg"]
    assert any(
        w.startswith("skipped caf\\xe9.jpg: its name is not valid text") for w in intake.warnings
    )
    # a newline in a name is shown escaped, so each warning stays one line
    assert all("\n" not in w for w in intake.warnings)
    assert any(w.startswith("skipped new\\nline.jpg: not an image") for w in intake.warnings)


# ---------------------------------------------------------------- text files


def _product(tmp_path, **files: bytes):
    d = tmp_path / "p"
    d.mkdir()
    product_photo(d / "a.jpg", size=(120, 160))
    files.setdefault("bullets_txt", b"Warm\nSoft\n")
    for name, data in files.items():
        (d / name.replace("_", ".")).write_bytes(data)
    return load_product(d, image_info)


BULLETS = ["Keeps drinks cold for 24 hours", "Fits every cup holder", "Café-grade steel"]


@pytest.mark.parametrize("case", ["utf16-bom", "utf16-be-bom", "utf8-bom", "utf32-bom", "cr-only"])
def test_bullets_in_any_marked_encoding_or_line_end_are_read(tmp_path, case):
    intake = _product(tmp_path, bullets_txt=text_corpus()[case])
    assert intake.project.product.bullets == BULLETS and intake.warnings == []


def test_nul_bytes_in_bullets_are_dropped_not_fatal(tmp_path):
    assert (
        _product(tmp_path, bullets_txt=text_corpus()["nul-bytes"]).project.product.bullets
        == BULLETS
    )


def test_one_bad_byte_does_not_turn_every_accent_into_mojibake(tmp_path):
    """UTF-8 with one stray byte used to be read as Windows-1252 whole: "CafÃ©-grade steel"."""
    raw = text_corpus()["invalid-utf8"]
    assert decode_text(raw, "bullets.txt")[1] == DAMAGED_UTF8
    intake = _product(tmp_path, bullets_txt=raw)
    assert intake.project.product.bullets == [*BULLETS, "( broken"]
    assert intake.warnings == [
        "bullets.txt: line 4 holds bytes that are not UTF-8 text; they were left out. "
        "Check the wording there."
    ]


def test_latin_text_without_utf8_is_still_read_as_windows_1252():
    raw = "Crème brûlée\nSoft café".encode("cp1252")
    assert decode_text(raw, "bullets.txt") == ("Crème brûlée\nSoft café", "cp1252")


@pytest.mark.parametrize("case", ["one-5mb-line", "utf16-no-bom"])
def test_unusable_bullets_fail_with_one_message_naming_the_file(tmp_path, case):
    from studio.core.errors import ProjectError

    with pytest.raises(ProjectError, match=r"bullets\.txt: (too large|not text)"):
        _product(tmp_path, bullets_txt=text_corpus()[case])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_product_toml_with_a_byte_order_mark_is_read(tmp_path, encoding):
    """Notepad's "Unicode" product.toml was refused, though bullets.txt so saved was read."""
    toml = 'title = "Trail Bottle Café"\nprice = "$24"\n'.encode(encoding)
    intake = _product(tmp_path, product_toml=toml)
    assert intake.project.product.title == "Trail Bottle Café"
    assert intake.project.product.price == "$24"


def test_product_toml_with_old_mac_line_ends_is_read(tmp_path):
    intake = _product(tmp_path, product_toml=b'title = "Cafe"\rprice = "$3"\r')
    assert (intake.project.product.title, intake.project.product.price) == ("Cafe", "$3")


def test_translation_toml_in_utf16_is_used(tmp_path):
    intake = _product(
        tmp_path,
        **{"product_de_toml": 'title = "Flasche"\n'.encode("utf-16"), "bullets_de_txt": b"Warm\n"},
    )
    assert intake.project.product.locales["de"].title == "Flasche"
    assert intake.warnings == []


def test_an_empty_translation_names_its_own_file(tmp_path):
    intake = _product(tmp_path, bullets_de_txt=b"\0\0\0")
    assert intake.warnings == [
        "bullets.de.txt was not used: bullets.de.txt is empty: write one selling point per line"
    ]


@pytest.mark.parametrize(
    "toml, needle",
    [
        (b'title = "A"\ntitle = "B"\n', "product.toml: Cannot overwrite a value (at line 2"),
        (b'title = "Ca\0fe"\n', "product.toml: Illegal character"),
        (b"title = 42\n", "product.toml: title must be text in quotes"),
        (b"speed = nan\n", "product.toml: speed must be a number"),
        (b'title = "Caf\xc3\xa9"\nprice = "\xff3"\n', "product.toml: line 2 holds bytes"),
    ],
)
def test_broken_product_toml_is_one_message_with_the_place(tmp_path, toml, needle):
    from studio.core.errors import ProjectError

    with pytest.raises(ProjectError) as err:
        _product(tmp_path, product_toml=toml)
    assert needle in str(err.value)


@pytest.mark.parametrize(
    "toml, needle",
    [
        (b"brand_kit = 5\n", "product.toml brand_kit: a kit's name or folder in quotes"),
        (b"heading_font = 5\n", "product.toml heading_font: a font file's name in quotes"),
    ],
)
def test_wrong_types_in_the_look_are_reported_not_silently_ignored(tmp_path, toml, needle):
    intake = _product(tmp_path, product_toml=toml)
    assert any(needle in w for w in intake.warnings), intake.warnings
