"""A drill corpus of broken and odd input files, made at test time with several tools.

Pillow writes most of them, the ffmpeg binary (imageio-ffmpeg's) and OpenCV write the
high-bit-depth and other-encoder variants, and raw byte surgery makes the damaged ones, so
the decoders meet files no single writer would produce. Nothing here is committed as a blob.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

RED, BLUE = (220, 30, 30), (30, 60, 220)


def _save(im: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def _picture(size: tuple[int, int] = (96, 64)) -> Image.Image:
    """Red left half, blue right half, a white square top-left: orientation is visible."""
    w, h = size
    im = Image.new("RGB", size, RED)
    ImageDraw.Draw(im).rectangle([w // 2, 0, w, h], fill=BLUE)
    ImageDraw.Draw(im).rectangle([0, 0, w // 6, h // 4], fill=(255, 255, 255))
    return im


def _noise(size: tuple[int, int] = (160, 120)) -> Image.Image:
    w, h = size
    return Image.fromarray(np.random.default_rng(11).integers(0, 256, (h, w, 3), dtype=np.uint8))


def _segments(jpeg: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each header segment of a JPEG, up to and including SOS."""
    out, i = [], 2
    while i < len(jpeg):
        marker = jpeg[i + 1]
        length = struct.unpack_from(">H", jpeg, i + 2)[0]
        out.append((marker, i, i + 2 + length))
        if marker == 0xDA:
            break
        i += 2 + length
    return out


def _segment(jpeg: bytes, marker: int) -> tuple[int, int]:
    return next((s, e) for m, s, e in _segments(jpeg) if m == marker)


def ffmpeg(args: list[str], out: Path) -> Path:
    """Run the ffmpeg binary imageio-ffmpeg ships (the one the app itself uses)."""
    import imageio_ffmpeg

    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args, str(out)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out


def _rle8_bmp(width: int, height: int) -> bytes:
    """A BI_RLE8 BMP (Pillow reads RLE but does not write it): two colour bands."""
    rows = b""
    for y in range(height):
        index = 0 if y < height // 2 else 1
        rows += bytes([width, index]) + b"\0\0"  # one run per row, then end of line
    rows += b"\0\1"  # end of bitmap
    palette = bytes([30, 30, 220, 0, 220, 60, 30, 0]) + bytes(4 * 254)  # BGRX: red, blue
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 1, len(rows), 2835, 2835, 256, 0)
    offset = 14 + len(header) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + header + palette + rows


def image_corpus(folder: Path) -> dict[str, Path]:
    """Each broken or odd photo file, written to ``folder``, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        out[name] = folder / name

    pic, noise = _picture(), _noise()
    jpeg = _save(noise, "JPEG", quality=90)

    # --- JPEG damage, by byte surgery
    sos_start, sos_end = _segment(jpeg, 0xDA)
    put("cut-mid-scan.jpg", jpeg[: sos_end + (len(jpeg) - sos_end) // 2])
    dht_start, _ = _segment(jpeg, 0xC4)
    bad_dht = bytearray(jpeg)
    bad_dht[dht_start + 5 : dht_start + 21] = b"\xff" * 16  # code counts far beyond 256
    put("bad-huffman.jpg", bytes(bad_dht))
    scrambled = bytearray(jpeg)
    rng = np.random.default_rng(3)
    for i in rng.integers(sos_end + 10, len(jpeg) - 10, 40):
        scrambled[i] = 0x5A  # flipped entropy-coded bytes: decodes as garbage, must not crash
    put("scrambled-scan.jpg", bytes(scrambled))
    sof = bytearray(jpeg)
    sof_start, _ = _segment(jpeg, 0xC0)
    sof[sof_start + 1] = 0xC9  # declares arithmetic coding over Huffman-coded data
    put("fake-arithmetic.jpg", bytes(sof))
    bomb = bytearray(jpeg)
    struct.pack_into(">HH", bomb, sof_start + 5, 60000, 60000)
    put("bomb-60000.jpg", bytes(bomb))
    near = bytearray(jpeg)
    struct.pack_into(">HH", near, sof_start + 5, 9000, 9000)  # allowed size, data for 160x120
    put("claims-9000.jpg", bytes(near))

    # --- JPEG variants that must decode
    put("progressive.jpg", _save(pic, "JPEG", progressive=True, quality=95))
    put("cmyk.jpg", _save(Image.new("CMYK", (64, 48), (0, 220, 220, 0)), "JPEG"))
    ycck = bytearray(_save(Image.new("CMYK", (64, 48), (0, 220, 220, 0)), "JPEG"))
    # Pillow writes an Adobe APP14 block without YCCK; libjpeg writes YCCK when it says so.
    adobe = ycck.find(b"Adobe")
    if adobe > 0:
        ycck[adobe + 11] = 2
    put("ycck.jpg", bytes(ycck))
    put("grey.jpg", _save(pic.convert("L"), "JPEG"))
    for n in range(2, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        put(f"orientation-{n}.jpg", _save(pic, "JPEG", exif=exif, quality=95))
    ffmpeg(
        ["-f", "lavfi", "-i", "color=c=red:s=96x64:d=1", "-frames:v", "1", "-pix_fmt", "yuvj444p"],
        folder / "ffmpeg-444.jpg",
    )
    out["ffmpeg-444.jpg"] = folder / "ffmpeg-444.jpg"

    # --- PNG
    put("rgb16.png", _cv2_png(np.tile(np.linspace(0, 65535, 96, dtype=np.uint16), (64, 1))))
    ffmpeg(
        ["-f", "lavfi", "-i", "color=c=red:s=96x64:d=1", "-frames:v", "1", "-pix_fmt", "rgb48be"],
        folder / "ffmpeg-rgb48.png",
    )
    out["ffmpeg-rgb48.png"] = folder / "ffmpeg-rgb48.png"
    ffmpeg(
        ["-f", "lavfi", "-i", "color=c=red:s=96x64:d=1", "-frames:v", "1", "-pix_fmt", "ya16be"],
        folder / "ffmpeg-grey-alpha16.png",
    )
    out["ffmpeg-grey-alpha16.png"] = folder / "ffmpeg-grey-alpha16.png"
    put("one-bit.png", _save(pic.convert("1"), "PNG"))
    png = bytearray(_save(pic, "PNG"))
    idat = png.find(b"IDAT")
    length = struct.unpack_from(">I", png, idat - 4)[0]
    png[idat + 4 + length] ^= 0xFF  # the IDAT checksum no longer matches
    put("bad-crc.png", bytes(png))
    ihdr = bytearray(_save(pic, "PNG"))
    ihdr[29] ^= 0xFF  # the IHDR checksum
    put("bad-ihdr-crc.png", bytes(ihdr))
    palette = Image.new("P", (64, 48), 0)
    palette.putpalette([0, 255, 0, *RED])
    ImageDraw.Draw(palette).rectangle([16, 12, 47, 35], fill=1)
    put("palette-trns.png", _save(palette, "PNG", transparency=0))
    grey_alpha = Image.new("LA", (64, 48), (0, 0))
    ImageDraw.Draw(grey_alpha).rectangle([16, 12, 47, 35], fill=(40, 255))
    put("grey-alpha.png", _save(grey_alpha, "PNG"))
    frames = [Image.new("RGB", (48, 32), RED), Image.new("RGB", (48, 32), BLUE)]
    put("animated.apng.png", _save(frames[0], "PNG", save_all=True, append_images=frames[1:]))
    put("animated.gif", _save(frames[0], "GIF", save_all=True, append_images=frames[1:]))
    put("animated.webp", _save(frames[0], "WEBP", save_all=True, append_images=frames[1:]))
    put("bomb-60000.png", _bomb_png(60000, 60000))

    # --- TIFF
    put("lzw.tif", _save(pic, "TIFF", compression="tiff_lzw"))
    put("jpeg-in.tif", _save(pic, "TIFF", compression="jpeg"))
    put("multipage.tif", _save(frames[0], "TIFF", save_all=True, append_images=frames[1:]))
    ffmpeg(
        ["-f", "lavfi", "-i", "color=c=red:s=96x64:d=1", "-frames:v", "1", "-pix_fmt", "rgb48le"],
        folder / "rgb16.tif",
    )
    out["rgb16.tif"] = folder / "rgb16.tif"
    put(
        "float-rgb.tif", _cv2_tiff(np.dstack([np.full((48, 64), v, np.float32) for v in (1, 0, 0)]))
    )
    put("float-grey.tif", _save(Image.fromarray(np.full((48, 64), 0.5, np.float32)), "TIFF"))

    # --- BMP, ICO
    put("one-bit.bmp", _save(pic.convert("1"), "BMP"))
    put("rle8.bmp", _rle8_bmp(64, 48))
    ffmpeg(
        ["-f", "lavfi", "-i", "color=c=red:s=96x64:d=1", "-frames:v", "1", "-pix_fmt", "rgb565le"],
        folder / "bitfields.bmp",
    )
    out["bitfields.bmp"] = folder / "bitfields.bmp"
    put("icon.ico", _save(pic, "ICO"))
    put("icon-as.png", _save(pic, "ICO"))

    # --- extreme shapes
    put("1x8000.png", _save(Image.new("RGB", (1, 8000), RED), "PNG"))
    put("8000x1.png", _save(Image.new("RGB", (8000, 1), RED), "PNG"))
    put("2x8000.png", _save(Image.new("RGB", (2, 8000), RED), "PNG"))
    put("8000x2.png", _save(Image.new("RGB", (8000, 2), RED), "PNG"))

    # --- the wrong name on the right content, and the wrong content on a photo's name
    put("png-named.jpg", _save(pic, "PNG"))
    put("jpeg-named.png", _save(pic, "JPEG"))
    put("text.jpg", b"Just some notes about the product.\n")
    put("page.jpg", b"<!DOCTYPE html><html><body><img src='x.jpg'></body></html>\n")
    put("document.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    put("archive.jpg", _zip())
    put("empty.jpg", b"")
    (folder / "folder.jpg").mkdir(exist_ok=True)
    out["folder.jpg"] = folder / "folder.jpg"
    put("photo.avif", _save(pic, "AVIF") if "AVIF" in Image.SAVE else b"")
    put("photo.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(64))
    put("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>")
    if hasattr(os, "symlink"):
        (folder / "loop-a.jpg").symlink_to("loop-b.jpg")
        (folder / "loop-b.jpg").symlink_to("loop-a.jpg")
        out["loop-a.jpg"] = folder / "loop-a.jpg"
    return out


def _cv2_png(grey16: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", np.dstack([grey16, grey16[:, ::-1], grey16]))
    assert ok
    return buf.tobytes()


def _cv2_tiff(rgb: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".tiff", rgb[..., ::-1].copy())
    assert ok
    return buf.tobytes()


def _bomb_png(width: int, height: int) -> bytes:
    """A few hundred bytes declaring width x height one-bit pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photo.jpg", b"not really")
    return buf.getvalue()


# Names a seller's system can produce: long, emoji, right-to-left, combining marks.
ODD_NAMES = (
    "🎁" * 60 + ".jpg",  # 240 bytes of emoji, near the 255-byte limit of most file systems
    "صورة المنتج.jpg",  # Arabic, right to left
    "מוצר \u202egpj.png",  # Hebrew with a right-to-left override inside the name
    "Cafe\u0301 noir.jpg",  # a decomposed accent (as macOS writes names)
    "a" * 250 + ".jpg",
)


def text_corpus() -> dict[str, bytes]:
    """Odd encodings and shapes of a bullets file, by case name."""
    lines = "Keeps drinks cold for 24 hours\nFits every cup holder\nCafé-grade steel\n"
    return {
        "utf16-bom": lines.encode("utf-16"),
        "utf16-be-bom": b"\xfe\xff" + lines.encode("utf-16-be"),
        "utf8-bom": lines.encode("utf-8-sig"),
        "utf32-bom": lines.encode("utf-32"),
        "invalid-utf8": lines.encode("utf-8") + b"\xc3\x28 broken\n",
        "nul-bytes": lines.replace("cold", "co\0ld").encode("utf-8"),
        "cr-only": lines.replace("\n", "\r").encode("utf-8"),
        "one-5mb-line": b"x" * 5_000_000,
        "utf16-no-bom": lines.encode("utf-16-le"),
    }
