from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.core.errors import MediaError
from studio.media.images import _to_rgb, check_regular_file, image_info, is_image_name, load_rgb
from tests.samples import RED, broken_images, hostile_images


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return broken_images(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    """A 12000x12000 JPEG, written only for the test that needs one."""
    return broken_images(tmp_path_factory.mktemp("huge"), huge=True)["huge"]


@pytest.mark.parametrize(
    "name, reason",
    [("corrupt", "damaged or truncated"), ("zero", "empty"), ("notimage", "not an image")],
)
@pytest.mark.slow
def test_unusable_files_raise_one_clear_error_naming_the_file(samples, name, reason):
    path = samples[name]
    with pytest.raises(MediaError) as err:
        image_info(path) if name != "corrupt" else load_rgb(path)
    assert reason in str(err.value)
    assert path.name in str(err.value)


def test_cmyk_is_converted_to_correct_rgb(samples):
    a = load_rgb(samples["cmyk"])
    r, g, b = a[200, 300].astype(int)
    assert a.shape == (400, 600, 3)
    assert r > 200 and g < 80 and b < 80


def test_alpha_is_composited_on_white(samples):
    a = load_rgb(samples["alpha"])
    assert a.shape == (500, 500, 3)
    assert tuple(a[5, 5]) == (255, 255, 255)
    assert tuple(a[250, 250]) == (200, 30, 30)


def test_exif_rotation_is_applied(samples):
    info = image_info(samples["rotated"])
    assert (info.width, info.height) == (300, 600)
    a = load_rgb(samples["rotated"])
    assert a.shape == (600, 300, 3)
    # Orientation 6 turns the stored left band into the top band.
    assert a[:80].mean() < 60 and a[-200:].mean() > 200


@pytest.mark.slow
def test_huge_image_is_decoded_small_without_full_decode(huge):
    info = image_info(huge)
    assert (info.width, info.height) == (12000, 12000)
    a = load_rgb(huge, max_side=2000)
    assert max(a.shape[:2]) <= 2000
    centre = a[a.shape[0] // 2, a.shape[1] // 2].astype(int)
    assert centre[1] > centre[0] and centre[1] > centre[2]


def test_sixteen_bit_greyscale_becomes_rgb(samples):
    a = load_rgb(samples["gray16"])
    assert a.shape == (256, 256, 3) and a.dtype == np.uint8
    assert a[0, 0, 0] < 5 and a[-1, -1, 0] > 250


@pytest.mark.slow
def test_too_many_pixels_is_refused(tmp_path):
    # A tiny PNG whose header claims 20000x20000: refused before any decoding.
    Image.new("1", (20000, 20000)).save(tmp_path / "bomb.png", optimize=True)
    with pytest.raises(MediaError, match="too large"):
        load_rgb(tmp_path / "bomb.png")


# ---------------------------------------------------------------- a corpus of hostile files

# What each file in ``hostile_images`` must give: None = decodes; else words of the reason.
EXPECTED = {
    "truncated.png": "damaged or truncated",
    "truncated.jpg": "damaged or truncated",
    "truncated.webp": "damaged or truncated",
    "truncated.gif": "damaged or truncated",
    "truncated.tif": "damaged or truncated",
    "truncated.bmp": "damaged or truncated",
    "idat-bomb.png": None,  # the 64x64 the header promises; the extra 200 MB are never inflated
    "text-bomb-first.png": "damaged or truncated",
    "text-bomb-last.png": "damaged or truncated",
    "huge-header.png": "too large",
    "zero-width.png": "header is damaged",
    "one-pixel.png": "too small",
    "huge-screen.gif": "too large",
    "huge.bmp": "too large",
    "bad-ifd-offset.tif": "header is damaged",
    "bad-strip-offset.tif": "damaged or truncated",
    "huge-header.tif": "too large",
    "bad-next-frame.tif": None,
    "postscript.jpg": "not an image this app can read",
    "fits.png": "not an image this app can read",
    "photoshop.jpg": "not an image this app can read",
    "icon.png": "not an image this app can read",
    "texture.png": "not an image this app can read",
    "targa.jpg": "not an image this app can read",
    "jpeg2000.jpg": "not an image this app can read",
    "empty.jpg": "empty",
    "webpage.jpg": "not an image this app can read",
    "folder.jpg": "folder",
    "animated.gif": None,
    "animated.webp": None,
    "camera.jpg": None,
    "transparent.gif": None,
    "bad-exif.jpg": None,
    "float.tif": None,
    "uint16-big-endian.tif": None,
    "int32-signed.tif": None,
    "bilevel.tif": None,
    "bilevel.png": None,
    "cmyk.tif": None,
    "lab.tif": None,
    "link-out.png": None,
    "dangling.jpg": "does not exist",
    "pipe.jpg": "not a regular file",
    "device.jpg": "not a regular file",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_images(tmp_path_factory.mktemp("hostile"))


@pytest.mark.slow
def test_the_corpus_is_complete(hostile):
    posix_only = {"pipe.jpg", "device.jpg", "link-out.png", "dangling.jpg"}
    assert set(hostile) <= set(EXPECTED)
    assert set(EXPECTED) - set(hostile) <= posix_only


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_decodes_or_fails_with_one_clear_reason(hostile, name):
    """Whatever the file, both calls return a picture or raise MediaError: never another
    exception, never a hang (the timeout catches one)."""
    if name not in hostile:
        pytest.skip("needs a posix system")
    path, reason = hostile[name], EXPECTED[name]
    for read in (image_info, lambda p: load_rgb(p, max_side=256)):
        try:
            result = read(path)
        except MediaError as err:
            assert reason is not None, f"{name} should decode: {err}"
            assert err.reason and err.path == path
            assert reason in err.reason, err.reason
            continue
        if read is image_info:
            assert result.width >= 2 and result.height >= 2
        else:
            assert reason is None, f"{name} should be refused ({reason})"
            assert result.dtype == np.uint8 and result.ndim == 3 and result.shape[2] == 3


def test_truncated_png_fails_already_in_image_info(hostile):
    # Pillow decodes a PNG's pixels to look for EXIF after them; that must not escape as OSError.
    with pytest.raises(MediaError, match="damaged or truncated"):
        image_info(hostile["truncated.png"])


_STARTED: list[str] = []


def _record_processes(event: str, args: tuple) -> None:
    if event in (
        "subprocess.Popen",
        "os.system",
        "os.posix_spawn",
        "os.exec",
        "os.spawn",
        "os.fork",
    ):
        _STARTED.append(event)


def test_postscript_named_jpg_is_refused_without_running_anything(hostile):
    """Pillow would hand EPS to Ghostscript; restricted to our formats it never gets that far.
    An audit hook (it stays installed, but only records) sees any process being started."""
    sys.addaudithook(_record_processes)
    _STARTED.clear()
    for read in (image_info, load_rgb):
        with pytest.raises(MediaError, match="not an image this app can read") as err:
            read(hostile["postscript.jpg"])
        assert "supported: JPEG, PNG, WebP, BMP, TIFF, GIF" in err.value.reason
    assert _STARTED == []


@pytest.mark.timeout(10)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_photo_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "photo.jpg")
    for read in (image_info, load_rgb):
        with pytest.raises(MediaError, match="not a regular file"):
            read(tmp_path / "photo.jpg")
    with pytest.raises(MediaError, match="not a regular file"):
        check_regular_file(tmp_path / "photo.jpg")


def test_animations_give_their_first_frame(hostile):
    for name in ("animated.gif", "animated.webp", "camera.jpg"):
        a = load_rgb(hostile[name]).astype(int)
        assert a.shape == (32, 48, 3)
        assert abs(a[16, 24] - RED).max() < 12, name


def test_transparent_gif_is_composited_on_white(hostile):
    a = load_rgb(hostile["transparent.gif"])
    assert tuple(a[2, 2]) == (255, 255, 255)
    assert tuple(a[16, 24]) == RED


def test_broken_exif_keeps_the_photo(hostile):
    assert image_info(hostile["bad-exif.jpg"]).width == 48
    assert load_rgb(hostile["bad-exif.jpg"]).shape == (32, 48, 3)


@pytest.mark.parametrize("name", ["float.tif", "uint16-big-endian.tif", "int32-signed.tif"])
def test_high_bit_depth_ramps_span_black_to_white(hostile, name):
    """A 0..1 float TIFF used to come out all black; 12-bit and signed data are stretched too."""
    a = load_rgb(hostile[name]).astype(int)
    row = a[8, :, 0]
    assert (a[..., 0] == a[..., 1]).all() and (a[..., 1] == a[..., 2]).all()
    assert row[0] < 8 and row[-1] > 247
    assert (np.diff(row) >= 0).all() and np.diff(row).sum() > 240
    if (
        name == "float.tif"
    ):  # NaN and +-inf pixels come out black, the rest of the ramp is untouched
        assert a[0, 0, 0] == 0 and a[0, 1, 0] == 0 and a[1, 0, 0] == 0
        assert row.max() == 255


def test_bilevel_cmyk_and_lab_come_out_as_sensible_rgb(hostile):
    for name in ("bilevel.tif", "bilevel.png"):
        a = load_rgb(hostile[name])
        assert tuple(a[8, 5]) == (0, 0, 0) and tuple(a[8, 60]) == (255, 255, 255)
    r, g, b = load_rgb(hostile["cmyk.tif"])[8, 8].astype(int)
    assert r > 200 and g < 60 and b < 60
    assert abs(load_rgb(hostile["lab.tif"])[8, 8].astype(int) - RED).max() < 12


@pytest.mark.parametrize(
    "mode", ["YCbCr", "HSV", "LAB", "CMYK", "1", "L", "LA", "PA", "RGBA", "RGBX", "I", "I;16", "F"]
)
def test_every_colour_mode_becomes_rgb(mode):
    im = Image.new("RGB", (8, 6), RED)
    if mode in ("YCbCr", "HSV", "LAB", "CMYK", "RGBA", "RGBX"):
        expect = RED
        im = im.convert(mode)
    else:
        im = Image.new(mode, (8, 6), 1)
        expect = None
    out = _to_rgb(im)
    assert out.mode == "RGB" and out.size == (8, 6)
    if expect:
        assert abs(np.asarray(out)[3, 3].astype(int) - expect).max() < 12


def test_gif_is_a_photo_everywhere_photos_are_picked_up(tmp_path):
    from studio.core.intake import product_from_folder
    from studio.core.progress import run_job
    from studio.jobs.intake import import_images_job

    assert is_image_name(Path("shot.GIF")) and not is_image_name(Path(".hidden.gif"))
    d = tmp_path / "product"
    d.mkdir()
    frames = [Image.new("RGB", (48, 32), RED), Image.new("RGB", (48, 32), (0, 0, 255))]
    frames[0].save(d / "spin.gif", save_all=True, append_images=frames[1:])
    (d / "bullets.txt").write_text("Spins.\n", encoding="utf-8")
    assert [i.path for i in product_from_folder(d).project.images] == ["spin.gif"]

    src = tmp_path / "new"
    src.mkdir()
    frames[0].save(src / "more.gif", save_all=True, append_images=frames[1:])
    (src / "fake.gif").write_bytes(b"%!PS-Adobe-3.0\n")
    res = run_job(import_images_job(d, ["spin.gif"], [src / "more.gif", src / "fake.gif"]))
    assert res.added == ["more.gif"]
    assert (
        len(res.problems) == 1
        and "fake.gif" in res.problems[0]
        and "not an image" in res.problems[0]
    )
