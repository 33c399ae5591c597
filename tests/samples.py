"""Makers of real sample files for tests: photos, and the broken files sellers actually have."""

from __future__ import annotations

import contextlib
import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def product_photo(
    path: Path, size=(800, 1000), colour=(40, 90, 200), background=(255, 255, 255), label: str = ""
) -> Path:
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


def broken_images(folder: Path, huge: bool = False) -> dict[str, Path]:
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

    if huge:  # 12000x12000: a second to write, so only for the tests that need it
        big = Image.new("RGB", (12000, 12000), (230, 230, 230))
        ImageDraw.Draw(big).rectangle([3000, 3000, 9000, 9000], fill=(20, 120, 60))
        big.save(folder / "huge.jpg", quality=70)
        out["huge"] = folder / "huge.jpg"

    gray16 = Image.fromarray((np.linspace(0, 65535, 256 * 256).reshape(256, 256)).astype(np.uint16))
    gray16.save(folder / "gray16.png")
    out["gray16"] = folder / "gray16.png"
    good.unlink()
    return out


DEMO = Path(__file__).resolve().parents[1] / "studio" / "resources" / "demo"


def demo_product(
    folder: Path,
    images: tuple[str, ...] = ("img1.jpg", "img3.jpg"),
    bullets: tuple[str, ...] = ("Kangaroo pocket.", "Adjustable drawstring hood."),
) -> Path:
    """A small real product folder: a few of the demo's photos and short bullets."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in images:
        shutil.copy(DEMO / name, folder / name)
    (folder / "bullets.txt").write_text("\n".join(bullets) + "\n", encoding="utf-8")
    return folder


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, idat: bytes, before: bytes = b"", after: bytes = b"") -> bytes:
    """A hand-made RGB PNG: any header and any (compressed) pixel data, valid checksums."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + before
        + _png_chunk(b"IDAT", idat)
        + after
        + _png_chunk(b"IEND", b"")
    )


def _tiff_patch(data: bytes, tag: int, value: int) -> bytes:
    """Set the inline value of ``tag`` in the first IFD of a little-endian TIFF Pillow wrote."""
    out = bytearray(data)
    ifd = struct.unpack_from("<I", out, 4)[0]
    for i in range(struct.unpack_from("<H", out, ifd)[0]):
        entry = ifd + 2 + 12 * i
        if struct.unpack_from("<H", out, entry)[0] == tag:
            struct.pack_into("<I", out, entry + 8, value)
            return bytes(out)
    raise KeyError(tag)


def _encoded(im: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


RED, GREEN = (230, 20, 20), (20, 200, 40)


def hostile_images(folder: Path) -> dict[str, Path]:
    """Broken, hostile and exotic photo files, like those in Pillow's own test corpus, written to
    ``folder``: truncated files, decompression bombs, absurd headers, other formats renamed to a
    photo's extension, pipes and links, and odd colour modes that must still come out right.

    Posix-only entries (a FIFO, a link to a device) are left out where the system has none.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        out[name] = folder / name

    noise = Image.fromarray(
        np.random.default_rng(7).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    )
    for fmt, name in [
        ("PNG", "truncated.png"),
        ("JPEG", "truncated.jpg"),
        ("WEBP", "truncated.webp"),
        ("GIF", "truncated.gif"),
        ("TIFF", "truncated.tif"),
        ("BMP", "truncated.bmp"),
    ]:
        data = _encoded(noise, fmt)
        put(name, data[: len(data) // 2])

    rows = zlib.compress(b"\0" * (64 * (1 + 64 * 3)))
    bomb = zlib.compress(b"\0" * 200_000_000, 9)  # ~200 KB that inflate to 200 MB
    put("idat-bomb.png", _png(64, 64, bomb))  # far more pixel data than 64x64 needs
    put("text-bomb-first.png", _png(64, 64, rows, before=_png_chunk(b"zTXt", b"note\0\0" + bomb)))
    put("text-bomb-last.png", _png(64, 64, rows, after=_png_chunk(b"zTXt", b"note\0\0" + bomb)))
    put("huge-header.png", _png(100_000, 100_000, rows))
    put("zero-width.png", _png(0, 64, rows))
    put("one-pixel.png", _encoded(Image.new("RGB", (1, 1)), "PNG"))
    gif = bytearray(_encoded(noise.convert("P"), "GIF"))
    gif[6:10] = struct.pack("<HH", 65535, 65535)  # logical screen of 4.3 gigapixels
    put("huge-screen.gif", bytes(gif))
    bmp = bytearray(_encoded(noise, "BMP"))
    bmp[18:26] = struct.pack("<ii", 100_000, -100_000)
    put("huge.bmp", bytes(bmp))

    tiff = _encoded(noise, "TIFF")
    put("bad-ifd-offset.tif", tiff[:4] + struct.pack("<I", 10**9) + tiff[8:])
    put("bad-strip-offset.tif", _tiff_patch(tiff, 273, 10**9))
    put("huge-header.tif", _tiff_patch(_tiff_patch(tiff, 256, 60_000), 257, 60_000))
    two = _encoded(
        Image.new("RGB", (40, 30), RED),
        "TIFF",
        save_all=True,
        append_images=[Image.new("RGB", (40, 30), GREEN)],
    )
    ifd = struct.unpack_from("<I", two, 4)[0]
    nxt = ifd + 2 + 12 * struct.unpack_from("<H", two, ifd)[0]
    put(
        "bad-next-frame.tif", two[:nxt] + struct.pack("<I", 10**9) + two[nxt + 4 :]
    )  # frame 0 is fine

    # Other formats under a photo's name: decided by content, and never handed to Pillow.
    put(
        "postscript.jpg",
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
        b"newpath 0 0 moveto 100 100 lineto stroke showpage\n%%EOF\n",
    )
    cards = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                    0",
        "NAXIS2  =                   10",
        "END",
    ]
    put("fits.png", "".join(c.ljust(80) for c in cards).ljust(2880).encode() + bytes(2880))
    put(
        "photoshop.jpg",
        b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 4, 4, 8, 3) + bytes(12) + bytes(2 + 48),
    )
    put("icon.png", _encoded(noise.resize((128, 128)), "ICNS"))
    put("texture.png", _encoded(noise.resize((64, 64)), "DDS"))
    put("targa.jpg", _encoded(noise, "TGA"))
    put("jpeg2000.jpg", _encoded(noise, "JPEG2000"))
    put("empty.jpg", b"")
    put("webpage.jpg", b"<html>a web page saved with a .jpg name</html>")
    (folder / "folder.jpg").mkdir(exist_ok=True)
    out["folder.jpg"] = folder / "folder.jpg"

    # Usable, if unusual: these must decode to the right picture.
    frames = [Image.new("RGB", (48, 32), RED), Image.new("RGB", (48, 32), GREEN)]
    put(
        "animated.gif",
        _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0),
    )
    put(
        "animated.webp",
        _encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True),
    )
    put(
        "camera.jpg", _encoded(frames[0], "MPO", save_all=True, append_images=frames[1:])
    )  # multi-picture JPEG
    see_through = Image.new("P", (48, 32), 0)
    see_through.putpalette([255, 0, 255, *RED])
    ImageDraw.Draw(see_through).rectangle([16, 8, 31, 23], fill=1)
    put("transparent.gif", _encoded(see_through, "GIF", transparency=0))
    put(
        "bad-exif.jpg",
        _encoded(frames[0], "JPEG", exif=b"Exif\0\0II*\0\xff\xff\xff\x7f" + bytes(8)),
    )
    ramp = np.tile(np.linspace(0.0, 1.0, 64, dtype=np.float32), (16, 1))
    ramp[0, 0], ramp[0, 1], ramp[1, 0] = np.nan, np.inf, -np.inf
    put("float.tif", _encoded(Image.fromarray(ramp), "TIFF"))
    ramp16 = np.tile(
        np.linspace(0, 4095, 64).astype(">u2"), (16, 1)
    )  # 12-bit camera data, big-endian
    put(
        "uint16-big-endian.tif",
        _encoded(Image.frombytes("I;16B", (64, 16), ramp16.tobytes()), "TIFF"),
    )
    put(
        "int32-signed.tif",
        _encoded(
            Image.fromarray(np.tile(np.linspace(-5e5, 5e5, 64).astype(np.int32), (16, 1))), "TIFF"
        ),
    )
    bilevel = Image.new("1", (64, 16), 0)
    ImageDraw.Draw(bilevel).rectangle([32, 0, 63, 15], fill=1)
    put("bilevel.tif", _encoded(bilevel, "TIFF"))
    put("bilevel.png", _encoded(bilevel, "PNG"))
    put("cmyk.tif", _encoded(Image.new("CMYK", (64, 16), (0, 230, 230, 0)), "TIFF"))
    put("lab.tif", _encoded(Image.new("RGB", (64, 16), RED).convert("LAB"), "TIFF"))

    outside = folder / "elsewhere"
    outside.mkdir(exist_ok=True)
    frames[0].save(outside / "real.png")
    with contextlib.suppress(OSError, NotImplementedError):
        (folder / "link-out.png").symlink_to(
            outside / "real.png"
        )  # followed; containment is checked elsewhere
        out["link-out.png"] = folder / "link-out.png"
        (folder / "dangling.jpg").symlink_to(folder / "gone.jpg")
        out["dangling.jpg"] = folder / "dangling.jpg"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.jpg")  # reading it would block forever
        out["pipe.jpg"] = folder / "pipe.jpg"
        (folder / "device.jpg").symlink_to("/dev/zero")  # endless bytes
        out["device.jpg"] = folder / "device.jpg"
    return out
