"""A cached product mask torn by a killed run is a cache miss, said nowhere: no decoder
message reaches the terminal (libpng's "Read Error" did, through OpenCV)."""

from __future__ import annotations

import cv2
import numpy as np

from studio.media.images import load_cached_mask


def test_a_torn_mask_is_none_and_prints_nothing(tmp_path, capfd):
    mask = np.zeros((120, 80), np.uint8)
    mask[30:90, 20:60] = 255
    good = tmp_path / "good.png"
    ok, png = cv2.imencode(".png", mask)
    assert ok
    good.write_bytes(png.tobytes())
    torn = tmp_path / "torn.png"
    torn.write_bytes(png.tobytes()[: len(png) // 2])
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    scrambled = tmp_path / "scrambled.png"  # the header intact, the data not
    data = bytearray(png.tobytes())
    for i in range(60, len(data) - 20):
        data[i] = (data[i] * 7 + 3) % 256
    scrambled.write_bytes(bytes(data))

    loaded = load_cached_mask(good)
    assert loaded is not None and np.array_equal(loaded, mask)
    capfd.readouterr()
    assert load_cached_mask(torn) is None
    assert load_cached_mask(empty) is None
    assert load_cached_mask(scrambled) is None
    assert load_cached_mask(tmp_path / "missing.png") is None
    out, err = capfd.readouterr()
    assert out == "" and err == "", err
