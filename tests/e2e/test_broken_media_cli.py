"""The drill's broken music, voice, brand, CLIP and catalogue files (tests/broken_corpus_media.py)
through the real command line: one line naming the file and what is wrong, no traceback, the
rest of the work done and nothing half-written."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.broken_corpus_media import (
    catalogue_rows,
    music_corpus,
    voice_corpus,
)
from tests.e2e.cli import studio
from tests.samples import product_photo

pytestmark = pytest.mark.slow


def _errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# ---------------------------------------------------------------- music in a product


@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    made = music_corpus(tmp_path_factory.mktemp("music"))
    yield made
    os.chmod(made["locked.wav"], 0o644)


def _product(root, track):
    d = root / "kettle"
    d.mkdir()
    product_photo(d / "front.jpg", size=(300, 400))
    product_photo(d / "side.jpg", size=(300, 400), colour=(30, 60, 200))
    (d / "bullets.txt").write_text("Keeps drinks cold\nFits every cup holder\n", encoding="utf-8")
    shutil.copy(track, d / track.name)
    (d / "product.toml").write_text(f'title = "Kettle"\nmusic = "{track.name}"\n', "utf-8")
    return d


def _render(product, out, config):
    return studio(
        "render",
        str(product),
        "-o",
        str(out),
        "--height",
        "144",
        "--enhance",
        "off",
        "--no-srt",
        "-q",
        config=config,
        timeout=300,
    )


@pytest.mark.parametrize(
    "name, reason",
    [
        ("notes.mp3", "notes.mp3: not an audio file this app can read"),
        ("one-sample.wav", "one-sample.wav: too short to use as music"),
    ],
)
def test_a_render_with_a_bad_track_stops_with_one_line_and_writes_nothing(
    tracks, tmp_path, name, reason
):
    """The one-sample file ended the render with scipy's ValueError traceback."""
    product = _product(tmp_path, tracks[name])
    before = sorted(p.name for p in product.iterdir())
    out = tmp_path / "out"
    out.mkdir()
    proc = _render(product, out / "kettle.mp4", tmp_path / "cfg")
    assert proc.returncode == 1
    errors = _errors(proc.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error: {reason}"), proc.stderr
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in product.iterdir()) == before


def test_a_two_hour_track_renders_from_its_first_seconds(tracks, tmp_path):
    """It was decoded whole at 48 kHz stereo float (2.7 GB) to use a few seconds of it."""
    product = _product(tmp_path, tracks["two-hours-silence.wav"])
    out = tmp_path / "kettle.mp4"
    proc = _render(product, out, tmp_path / "cfg")
    assert proc.returncode == 0, proc.stderr
    _errors(proc.stderr)
    assert out.stat().st_size > 10_000


def test_a_track_cut_short_renders_and_the_render_says_it_ends_early(tracks, tmp_path):
    """A half-downloaded track plays up to its cut; the export now says so."""
    product = _product(tmp_path, tracks["cut-half.mp3"])
    out = tmp_path / "kettle.mp4"
    proc = _render(product, out, tmp_path / "cfg")
    assert proc.returncode == 0, proc.stderr
    assert "warning: cut-half.mp3: the track ends early" in proc.stderr, proc.stderr
    assert out.stat().st_size > 10_000


# ---------------------------------------------------------------- voices


@pytest.fixture(scope="module")
def voice_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("voices") / "voices"
    voice_corpus(d)
    return d


def _voice_env(voice_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_VOICES_DIR", str(voice_dir))


def test_voices_lists_the_good_voice_and_each_broken_one_with_its_reason(
    voice_dir, tmp_path, monkeypatch
):
    """With num_speakers = 10**9 in one config, `studio voices` never finished; a config
    nested 100,000 deep ended it with a RecursionError."""
    _voice_env(voice_dir, monkeypatch)
    proc = studio("voices", "--json", config=tmp_path / "cfg", timeout=120)
    assert proc.returncode == 0, proc.stderr
    _errors(proc.stderr)
    doc = json.loads(proc.stdout)
    text = json.dumps(doc)
    assert '"good"' in text
    for vid, reason in [
        ("truncated-model", "the model file is cut short"),
        ("speakers-billion", "is not a number of voices"),
        ("nested-config", "not a Piper voice config"),
        ("rate-0", "is not a rate a voice speaks at"),
        ("no-phonemes", "no phoneme_id_map"),
    ]:
        assert f"{vid}.onnx" in text and reason in text, vid


def test_saying_a_line_with_a_broken_voice_is_one_message(voice_dir, tmp_path, monkeypatch):
    """The truncated model was listed, then failed inside onnxruntime."""
    _voice_env(voice_dir, monkeypatch)
    out = tmp_path / "hi.wav"
    proc = studio(
        "say", "Hello", "--voice", "truncated-model", "-o", str(out), config=tmp_path / "cfg"
    )
    assert proc.returncode == 1
    assert _errors(proc.stderr) == [
        "error: voice 'truncated-model' can't be used: truncated-model.onnx: the model file is "
        "cut short (an unfinished download?)"
    ]
    assert not out.exists()


# ---------------------------------------------------------------- brand kits


def test_brands_lists_the_good_kits_past_a_damaged_one(tmp_path):
    """A kit.json nested 100,000 deep ended `studio brands` with a RecursionError."""
    cfg = tmp_path / "cfg"
    for slug, data in [
        ("good", {"format": "product-video-studio-brand", "name": "Good"}),
        ("deep", None),
        ("huge-name", {"format": "product-video-studio-brand", "name": "N" * 200_000}),
    ]:
        (cfg / "brands" / slug).mkdir(parents=True)
        raw = b"[" * 100_000 if data is None else json.dumps(data).encode()
        (cfg / "brands" / slug / "kit.json").write_bytes(raw)
    proc = studio("brands", "--json", config=cfg, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _errors(proc.stderr)
    names = sorted(k["name"] for k in json.loads(proc.stdout))
    assert names == ["Good", "huge-name"]


# ---------------------------------------------------------------- CLIP


def test_match_with_a_damaged_clip_checkpoint_is_one_message(tmp_path):
    """Its cut safetensors raised SafetensorError as a traceback, under transformers' report."""
    clip = tmp_path / "clip"
    clip.mkdir()
    small = {"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1}
    small["num_attention_heads"] = 2
    config = {
        "model_type": "clip",
        "projection_dim": 8,
        "text_config": {**small, "vocab_size": 20, "max_position_embeddings": 16},
        "vision_config": {**small, "image_size": 32, "patch_size": 8},
    }
    (clip / "config.json").write_text(json.dumps(config))
    (clip / "model.safetensors").write_bytes(b'\x40\x00\x00\x00\x00\x00\x00\x00{"a": ')
    d = tmp_path / "kettle"
    d.mkdir()
    product_photo(d / "front.jpg", size=(300, 400))
    (d / "bullets.txt").write_text("Keeps drinks cold\n", encoding="utf-8")
    proc = studio(
        "match", str(d), "--json", "--clip", str(clip), config=tmp_path / "cfg", timeout=300
    )
    assert proc.returncode == 1
    errors = _errors(proc.stderr)
    assert len(errors) == 1 and "its weights file is damaged or cut short" in errors[0]
    assert str(clip) in errors[0] and "LOAD REPORT" not in proc.stderr


# ---------------------------------------------------------------- catalogues


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("products.xlsx", b"PK\x03\x04" + bytes(200), "products.xlsx: a spreadsheet file"),
        ("empty.csv", b"", "empty.csv: empty catalogue"),
        ("binary.csv", bytes(range(256)) * 40, "binary.csv: not text"),
    ],
)
def test_batch_of_an_unreadable_catalogue_is_one_message(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    out = tmp_path / "out"
    proc = studio("batch", str(tmp_path / name), "-o", str(out), config=tmp_path / "cfg")
    assert proc.returncode == 1
    errors = _errors(proc.stderr)
    assert len(errors) == 1 and reason in errors[0], proc.stderr


def test_batch_of_hostile_semicolon_rows_renders_nothing_and_copies_no_system_file(tmp_path):
    """Semicolons were "missing columns sku, title, bullets, images"; ../../etc/passwd was
    accepted as a photo and copied into the SKU's folder."""
    rows = catalogue_rows()
    rows[1][3] = "../../../../../../../../etc/passwd"
    rows[2][3] = "/etc/hostname"
    table = tmp_path / "products.csv"
    table.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8-sig")
    out = tmp_path / "out"
    proc = studio(
        "batch",
        str(table),
        "-o",
        str(out),
        "--workers",
        "1",
        config=tmp_path / "cfg",
        timeout=300,
    )
    assert proc.returncode == 3, proc.stderr
    _errors(proc.stderr)
    assert "MUG-1: no photos found: ../../../../../../../../etc/passwd (not a photo)" in (
        proc.stderr
    )
    assert "MUG-2: no photos found: /etc/hostname (not a photo)" in proc.stderr
    copied = [p.name for p in out.rglob("*") if p.name in ("passwd", "hostname")]
    assert copied == []


def test_saving_a_kit_from_a_product_with_broken_brand_files(tmp_path):
    """The truncated font and an invisible logo were copied into the saved kit, to fail or
    vanish in every product the kit was later applied to."""
    from PIL import Image

    from tests.broken_corpus_media import font_bytes

    d = tmp_path / "kettle"
    d.mkdir()
    product_photo(d / "front.jpg", size=(300, 400))
    (d / "bullets.txt").write_text("Keeps drinks cold\n", encoding="utf-8")
    font = font_bytes()
    (d / "cut.ttf").write_bytes(font[: len(font) // 2])
    (d / "product.toml").write_text('title = "Kettle"\nheading_font = "cut.ttf"\n', "utf-8")
    cfg = tmp_path / "cfg"
    proc = studio("brands", "--save", "Acme", str(d), config=cfg, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _errors(proc.stderr)
    assert "cut.ttf is cut short" in proc.stderr
    assert sorted(p.name for p in (cfg / "brands" / "acme").iterdir()) == ["kit.json"]

    Image.new("RGBA", (120, 60), (255, 255, 255, 0)).save(d / "logo.png")
    proc = studio("brands", "--save", "Clear", str(d), config=cfg, timeout=120)
    assert proc.returncode == 1
    assert _errors(proc.stderr) == ["error: logo: logo.png is completely transparent"]
    assert not (cfg / "brands" / "clear").exists()
