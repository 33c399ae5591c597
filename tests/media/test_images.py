from __future__ import annotations

import numpy as np
import pytest

from studio.core.errors import MediaError
from studio.media.images import image_info, load_rgb
from tests.samples import broken_images


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return broken_images(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    "name, reason",
    [("corrupt", "damaged or truncated"), ("zero", "empty"), ("notimage", "not an image")],
)
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


def test_huge_image_is_decoded_small_without_full_decode(samples):
    info = image_info(samples["huge"])
    assert (info.width, info.height) == (12000, 12000)
    a = load_rgb(samples["huge"], max_side=2000)
    assert max(a.shape[:2]) <= 2000
    centre = a[a.shape[0] // 2, a.shape[1] // 2].astype(int)
    assert centre[1] > centre[0] and centre[1] > centre[2]


def test_sixteen_bit_greyscale_becomes_rgb(samples):
    a = load_rgb(samples["gray16"])
    assert a.shape == (256, 256, 3) and a.dtype == np.uint8
    assert a[0, 0, 0] < 5 and a[-1, -1, 0] > 250


def test_too_many_pixels_is_refused(tmp_path):
    from PIL import Image

    # A tiny PNG whose header claims 20000x20000: refused before any decoding.
    Image.new("1", (20000, 20000)).save(tmp_path / "bomb.png", optimize=True)
    with pytest.raises(MediaError, match="too large"):
        load_rgb(tmp_path / "bomb.png")
