"""A drill corpus of broken and odd sound, brand, voice, model and catalogue files.

Like tests/broken_corpus.py: made at test time by the ffmpeg binary (imageio-ffmpeg's),
numpy, Pillow, fontTools, transformers and raw byte surgery, so the readers meet files no
single writer would produce. Nothing here is committed as a blob; the big files are sparse
(a header and a hole), so they cost no time and no disk.
"""

from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import numpy as np
from PIL import Image

from tests.broken_corpus import _bomb_png, ffmpeg

SR = 48000


# ---------------------------------------------------------------- sound


def wav_bytes(
    samples: np.ndarray, sr: int, fmt: str = "<i2", *, data_len: int | None = None
) -> bytes:
    """A plain RIFF WAV of (n,) or (n, channels) samples already in the sample type ``fmt``
    ("<i2", "<i4" 32-bit, "<f4" float, "u1" 8-bit, "s24" packed 24-bit); ``data_len`` lets the
    header claim another length than the data has."""
    x = np.asarray(samples)
    channels = 1 if x.ndim == 1 else x.shape[1]
    if fmt == "s24":
        ints = np.asarray(x, "<i4").reshape(-1)
        data = b"".join(int(v & 0xFFFFFF).to_bytes(3, "little") for v in ints)
        width, tag = 3, 1
    else:
        data = np.ascontiguousarray(x, fmt).tobytes()
        width, tag = np.dtype(fmt).itemsize, 3 if fmt == "<f4" else 1
    claimed = len(data) if data_len is None else data_len
    header = b"RIFF" + struct.pack("<I", (36 + claimed) & 0xFFFFFFFF) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, tag, channels, sr, sr * channels * width, channels * width, 8 * width
    )
    return header + b"data" + struct.pack("<I", claimed & 0xFFFFFFFF) + data


def _tone(seconds: float, sr: int = SR, channels: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    x = 0.4 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * (np.mod(t, 0.5) < 0.05))
    return np.repeat(x[:, None], channels, axis=1) if channels > 1 else x


def _encoded(folder: Path, ext: str) -> Path:
    """Three seconds of tone through ffmpeg's encoder for ``ext``."""
    return ffmpeg(
        ["-f", "lavfi", "-i", f"sine=frequency=330:duration=3:sample_rate={SR}"],
        folder / f"whole.{ext}",
    )


def sparse_silent_wav(path: Path, seconds: float, sr: int = 8000) -> Path:
    """A mono 16-bit WAV of ``seconds`` of silence, written as a header and a hole (instant)."""
    data_len = int(seconds * sr) * 2
    path.write_bytes(wav_bytes(np.zeros(0, "<i2"), sr, data_len=data_len))
    os.truncate(path, 44 + data_len)
    return path


LONG_TRACK_SECONDS = 2 * 3600


def music_corpus(folder: Path) -> dict[str, Path]:
    """Each broken or odd music file, written to ``folder``, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        out[name] = folder / name

    whole = folder / "_whole"
    whole.mkdir(exist_ok=True)
    for ext in ("mp3", "wav", "flac", "ogg", "m4a"):
        data = _encoded(whole, ext).read_bytes()
        put(f"cut-half.{ext}", data[: len(data) // 2])
        put(f"cut-head.{ext}", data[:40])  # the file ends inside its own header
    put("empty.mp3", b"")
    tone = np.round(_tone(2.0) * 32767).astype("<i2")
    put("header-lies.wav", wav_bytes(tone, SR, data_len=len(tone) * 2 * 50))
    put("header-says-ffffffff.wav", wav_bytes(tone, SR, data_len=0xFFFFFFFF))
    put("header-says-less.wav", wav_bytes(tone, SR, data_len=1000))  # 2 s of data follow
    put("header-says-zero.wav", wav_bytes(tone, SR, data_len=0))
    tagged = wav_bytes(tone, SR) + b"LIST" + struct.pack("<I", 16) + b"INFOISFT" + bytes(8)
    put("list-chunk-after-data.wav", tagged)  # a proper trailing chunk stays out of the sound
    put("u8.wav", wav_bytes(np.round(_tone(1.0) * 127 + 128).astype("u1"), SR, "u1"))
    put("f32.wav", wav_bytes(_tone(1.0).astype("<f4"), SR, "<f4"))
    put("s24.wav", wav_bytes(np.round(_tone(0.5) * 8_000_000).astype("<i4"), SR, "s24"))
    put("s32.wav", wav_bytes(np.round(_tone(0.5) * 2e9).astype("<i4"), SR, "<i4"))
    put("8-channels.wav", wav_bytes(np.round(_tone(1.0, channels=8) * 32767).astype("<i2"), SR))
    put("384k.wav", wav_bytes(np.round(_tone(1.0, 384000) * 32767).astype("<i2"), 384000))
    put("8k.wav", wav_bytes(np.round(_tone(2.0, 8000) * 32767).astype("<i2"), 8000))
    put("one-sample.wav", wav_bytes(np.array([12000], "<i2"), SR))
    put("silence.wav", wav_bytes(np.zeros(SR * 2, "<i2"), SR))
    square = np.where(np.sin(2 * np.pi * 110 * np.arange(SR * 2) / SR) >= 0, 32767, -32768)
    put("clipped-square.wav", wav_bytes(square.astype("<i2"), SR))
    bad = _tone(2.0).astype("<f4")
    bad[1000:1010], bad[5000], bad[9000] = np.nan, np.inf, -np.inf
    put("nan-inf.wav", wav_bytes(bad, SR, "<f4"))
    loud = (_tone(2.0) * 1e6).astype("<f4")  # float samples far beyond full scale
    put("float-1e6.wav", wav_bytes(loud, SR, "<f4"))
    for name, args in (
        ("video-no-audio.mp4", ["-f", "lavfi", "-i", "color=c=red:s=64x48:d=2"]),
        (
            "video-with-audio.mp4",
            [
                *("-f", "lavfi", "-i", "color=c=red:s=64x48:d=2"),
                *("-f", "lavfi", "-i", f"sine=frequency=440:duration=2:sample_rate={SR}"),
                "-shortest",
            ],
        ),
    ):
        ffmpeg([*args, "-pix_fmt", "yuv420p"], folder / name)
        out[name] = folder / name
    put("notes.mp3", b"Track list for the spring video:\n1. Sunny day\n")
    out["two-hours-silence.wav"] = sparse_silent_wav(
        folder / "two-hours-silence.wav", LONG_TRACK_SECONDS
    )
    spaced = "Café del Mar – ünïcode track 🎵.mp3"
    (folder / spaced).write_bytes((whole / "whole.mp3").read_bytes())
    out[spaced] = folder / spaced
    if hasattr(os, "symlink"):
        (folder / "loop-a.mp3").symlink_to("loop-b.mp3")
        (folder / "loop-b.mp3").symlink_to("loop-a.mp3")
        out["loop-a.mp3"] = folder / "loop-a.mp3"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.mp3")  # opening it to read would wait for a writer forever
        out["pipe.mp3"] = folder / "pipe.mp3"
        (folder / "gone.mp3").symlink_to("deleted.mp3")
        out["gone.mp3"] = folder / "gone.mp3"
    (folder / "folder.wav").mkdir(exist_ok=True)
    out["folder.wav"] = folder / "folder.wav"
    put("locked.wav", wav_bytes(tone, SR))
    os.chmod(folder / "locked.wav", 0)
    return out


def can_lock_files() -> bool:
    """Whether chmod 000 keeps a file from its owner (it does not for root)."""
    return not (hasattr(os, "geteuid") and os.geteuid() == 0)


# ---------------------------------------------------------------- fonts and logos


def font_bytes(
    letters: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ", **kw
) -> bytes:
    """A tiny TrueType font whose glyphs are boxes, one for each of ``letters``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"g{ord(c):04x}" for c in letters]
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    box = pen.glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"g{ord(c):04x}" for c in letters})
    fb.setupGlyf({n: box for n in names})
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": kw.get("family", "Drill Sans"), "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def font_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        out[name] = folder / name

    from fontTools.ttLib import TTCollection, TTFont

    good = font_bytes()
    put("good.ttf", good)
    put("truncated.ttf", good[: len(good) // 2])
    put("head-only.ttf", good[:12])
    collection = TTCollection()
    collection.fonts = [TTFont(io.BytesIO(good)), TTFont(io.BytesIO(font_bytes(family="Drill B")))]
    buf = io.BytesIO()
    collection.save(buf)
    put("pair.ttc", buf.getvalue())
    woff = TTFont(io.BytesIO(good))
    woff.flavor = "woff"
    buf = io.BytesIO()
    woff.save(buf)
    put("web-font.ttf", buf.getvalue())
    put("web-font2.ttf", b"wOF2\x00\x01\x00\x00" + bytes(200))  # a WOFF2 header, renamed
    put("cjk-only.ttf", font_bytes("商品视频"))
    put("zeroed-tables.ttf", good[:12] + bytes(len(good) - 12))  # the table directory wiped
    put("empty.ttf", b"")
    put("text.ttf", b"\x00\x01\x00\x00 but then only a note about fonts\n")
    return out


def logo_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, im: Image.Image | bytes, fmt: str = "PNG", **options) -> None:
        if isinstance(im, Image.Image):
            buf = io.BytesIO()
            im.save(buf, fmt, **options)
            im = buf.getvalue()
        (folder / name).write_bytes(im)
        out[name] = folder / name

    mark = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    mark.paste((230, 40, 40, 255), (10, 10, 110, 50))
    put("good.png", mark)
    put("huge-60000.png", _bomb_png(60000, 60000))
    put("one-pixel.png", Image.new("RGBA", (1, 1), (230, 40, 40, 255)))
    frames = [mark, Image.new("RGBA", (120, 60), (40, 40, 230, 255))]
    put("animated.webp", frames[0], "WEBP", save_all=True, append_images=frames[1:])
    put("animated.png", frames[0], "PNG", save_all=True, append_images=frames[1:])
    put("cmyk.jpg", Image.new("CMYK", (120, 60), (0, 220, 220, 0)), "JPEG")
    put("transparent.png", Image.new("RGBA", (120, 60), (255, 255, 255, 0)))
    put("text.png", b"not a picture\n")
    put("cut.png", out_bytes(mark)[:60])
    return out


def out_bytes(im: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


# ---------------------------------------------------------------- Piper voices


def voice_corpus(folder: Path) -> dict[str, Path]:
    """Piper voice files (model + .onnx.json) in ``folder``; the key is the voice's id."""
    from tests.voice.tiny_piper import make_tiny_voice

    folder.mkdir(parents=True, exist_ok=True)
    model = make_tiny_voice(folder, "good").read_bytes()
    good_cfg = json.loads((folder / "good.onnx.json").read_text(encoding="utf-8"))
    out: dict[str, Path] = {}

    def put(name: str, onnx: bytes, cfg: bytes | dict | None) -> None:
        (folder / f"{name}.onnx").write_bytes(onnx)
        if cfg is not None:
            data = cfg if isinstance(cfg, bytes) else json.dumps(cfg).encode()
            (folder / f"{name}.onnx.json").write_bytes(data)
        out[name] = folder / f"{name}.onnx"

    out["good"] = folder / "good.onnx"
    put("truncated-model", model[: len(model) // 2], good_cfg)
    put("text-model", b"This is not a model, it is a note.\n" * 4, good_cfg)
    put("zip-model", b"PK\x03\x04" + bytes(300), good_cfg)
    put("no-config", model, None)
    put("malformed-config", model, b'{"audio": {"sample_rate": 22050,')
    put("config-not-object", model, b"[1, 2, 3]")
    put("nested-config", model, b"[" * 100_000 + b"]" * 100_000)
    for rate in (0, -22050, 10**12, "fast", 22050.5):
        put(f"rate-{rate}", model, {**good_cfg, "audio": {"sample_rate": rate}})
    put("rate-long-text", model, {**good_cfg, "audio": {"sample_rate": "9" * 100_000}})
    put("no-phonemes", model, {k: v for k, v in good_cfg.items() if k != "phoneme_id_map"})
    put("phonemes-not-a-map", model, {**good_cfg, "phoneme_id_map": "abc"})
    put("speakers-billion", model, {**good_cfg, "num_speakers": 10**9})
    put("speakers-4000-digits", model, None)
    digits = json.dumps({**good_cfg, "num_speakers": "N"}).replace('"N"', "9" * 4000)
    (folder / "speakers-4000-digits.onnx.json").write_text(digits, encoding="utf-8")
    if hasattr(os, "mkfifo"):
        put("pipe-config", model, None)
        os.mkfifo(folder / "pipe-config.onnx.json")  # reading it would wait forever
    (folder / "folder-model.onnx").mkdir()
    (folder / "folder-model.onnx.json").write_text(json.dumps(good_cfg), encoding="utf-8")
    out["folder-model"] = folder / "folder-model.onnx"
    put("huge-config", model, None)
    with open(folder / "huge-config.onnx.json", "wb") as f:  # 200 MB of JSON, mostly a hole
        f.write(json.dumps(good_cfg).encode()[:-1] + b', "pad": "')
        f.truncate(200_000_000)
    return out


# ---------------------------------------------------------------- CLIP checkpoints


def clip_corpus(folder: Path, tiny_clip: Path) -> dict[str, Path]:
    """Damaged copies of the tiny checkpoint folder ``tiny_clip``, by case name."""
    import shutil

    out: dict[str, Path] = {}

    def copy(name: str) -> Path:
        d = folder / name
        shutil.copytree(tiny_clip, d)
        out[name] = d
        return d

    weights = "model.safetensors"
    (folder / "empty").mkdir(parents=True)
    out["empty"] = folder / "empty"
    (copy("no-weights") / weights).unlink()
    (copy("no-tokenizer") / "tokenizer.json").unlink()
    (copy("no-preprocessor") / "preprocessor_config.json").unlink()
    w = copy("cut-weights") / weights
    w.write_bytes(w.read_bytes()[: w.stat().st_size // 2])
    w = copy("garbage-weights") / weights
    w.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{garbage}" + bytes(100))
    w = copy("zero-weights") / weights
    w.write_bytes(b"")
    c = copy("bad-config") / "config.json"
    c.write_text(c.read_text()[:50])
    c = copy("wrong-model-type") / "config.json"
    c.write_text(json.dumps({**json.loads(c.read_text()), "model_type": "no-such-model"}))
    c = copy("wrong-shapes") / "config.json"
    cfg = json.loads(c.read_text())
    cfg["projection_dim"] = 12  # the weights' projections are 8 wide
    c.write_text(json.dumps(cfg))
    c = copy("config-list") / "config.json"
    c.write_text("[]")
    (copy("tokenizer-list") / "tokenizer.json").write_text("[]")
    (copy("preprocessor-list") / "preprocessor_config.json").write_text("[1]")
    return out


# ---------------------------------------------------------------- catalogues


CATALOGUE_HEADER = ["sku", "title", "bullets", "images"]


def catalogue_rows(photo: str = "photos/a.jpg") -> list[list[str]]:
    return [
        CATALOGUE_HEADER,
        ["MUG-1", "Café mug", "Keeps tea hot|Fits the hand", photo],
        ["MUG-2", "Travel mug", "Spill-proof lid", photo],
    ]


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def catalogue_corpus(folder: Path) -> dict[str, Path]:
    """Catalogue tables in ``folder`` (which holds ``photos/a.jpg``), by case name."""
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        out[name] = folder / name

    text = _csv(catalogue_rows())
    put("bom.csv", text.encode("utf-8-sig"))
    put("utf16.csv", text.encode("utf-16"))
    put("latin1.csv", text.encode("cp1252"))
    put("semicolons.csv", _csv(catalogue_rows(), ";").encode("utf-8"))
    put("semicolons-bom.csv", _csv(catalogue_rows(), ";").encode("utf-8-sig"))
    quoted = catalogue_rows()
    quoted[1][2] = "Keeps tea hot\nfor hours|Fits the hand"
    quoted[2][1] = "Travel mug, 12 oz"
    put("quoted-newlines.csv", _csv(quoted).encode())
    ragged = catalogue_rows()
    ragged[1] = ragged[1][:3]  # no images cell
    ragged[2] = [*ragged[2], "extra", "cells"]
    put("ragged.csv", _csv(ragged).encode())
    dup = catalogue_rows()
    dup.append(["MUG-1", "Another", "Again", "photos/a.jpg"])
    put("duplicate-sku.csv", _csv(dup).encode())
    outside = catalogue_rows()
    outside[1][3] = "../../../../../../etc/passwd"
    outside[2][3] = "photos/a.jpg|/etc/hostname|/*/*/*/*/*/*/*.jpg"
    put("outside.csv", _csv(outside).encode())
    cases = catalogue_rows()
    cases.append(["mug-1", "Lower case", "Again", "photos/a.jpg"])
    cases.append(["Cafe\u0301", "Decomposed", "One", "photos/a.jpg"])
    cases.append(["Café", "Composed", "Two", "photos/a.jpg"])
    put("case-duplicate.csv", _csv(cases).encode())
    put("cr-only.csv", text.replace("\r\n", "\r").encode())
    huge = catalogue_rows()
    huge[1][2] = "x" * 200_000
    put("huge-field.csv", _csv(huge).encode())
    put("empty.csv", b"")
    put("header-only.csv", _csv([CATALOGUE_HEADER]).encode())
    put("nul-bytes.csv", text.replace("Travel", "Tra\0vel").encode())
    put("binary.csv", bytes(range(256)) * 40)
    put("products.xlsx", b"PK\x03\x04" + bytes(200))
    big = [CATALOGUE_HEADER] + [
        [f"SKU-{i:06d}", f"Item {i}", "Good|Better", "photos/a.jpg"] for i in range(100_000)
    ]
    put("100k.csv", _csv(big).encode())
    return out
