"""The drill's broken sound, brand, voice, model and catalogue files (tests/broken_corpus_media.py)
through the functions that read them: each file is used, or fails with one reason naming it;
the files beside it keep working; nothing hangs."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from studio.core.errors import MediaError, ProjectError, StudioError
from tests.broken_corpus_media import (
    SR,
    can_lock_files,
    catalogue_corpus,
    clip_corpus,
    font_corpus,
    logo_corpus,
    music_corpus,
    voice_corpus,
)

# ---------------------------------------------------------------- music tracks

SPACED = "Café del Mar – ünïcode track 🎵.mp3"
# None: the track is used; else words of the reason
MUSIC: dict[str, str | None] = {
    "cut-half.mp3": None,  # the music before the cut plays
    "cut-half.wav": None,
    "cut-half.flac": None,
    "cut-half.ogg": "damaged or cut short",
    "cut-half.m4a": "damaged or cut short (the file ends before its index)",
    "cut-head.mp3": "not an audio file this app can read",
    "cut-head.wav": "not an audio file this app can read",
    "cut-head.flac": "not an audio file this app can read",
    "cut-head.ogg": "damaged or cut short",
    "cut-head.m4a": "damaged or cut short",
    "empty.mp3": "the file is empty",
    "header-lies.wav": None,
    "header-says-ffffffff.wav": None,
    "header-says-less.wav": None,
    "header-says-zero.wav": None,
    "list-chunk-after-data.wav": None,
    "u8.wav": None,
    "f32.wav": None,
    "s24.wav": None,
    "s32.wav": None,
    "8-channels.wav": None,
    "384k.wav": None,
    "8k.wav": None,
    "one-sample.wav": "too short to use as music",
    "silence.wav": None,
    "clipped-square.wav": None,
    "nan-inf.wav": None,
    "float-1e6.wav": None,
    "video-no-audio.mp4": "holds no sound",
    "video-with-audio.mp4": None,
    "notes.mp3": "not an audio file this app can read",
    "two-hours-silence.wav": None,
    SPACED: None,
    "loop-a.mp3": "a link that leads back to itself",
    "folder.wav": "is a folder",
    "pipe.mp3": "is not a regular file",
    "gone.mp3": "a link to a file that does not exist",
    "locked.wav": "cannot be read (Permission denied)",
}
HEARD = {n for n, r in MUSIC.items() if r is None} - {"silence.wav", "two-hours-silence.wav"}


@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    made = music_corpus(tmp_path_factory.mktemp("music"))
    yield made
    os.chmod(made["locked.wav"], 0o644)


def _skip_unmade(name: str, corpus: dict) -> None:
    if name not in corpus:
        pytest.skip("needs symbolic links and named pipes")
    if name == "locked.wav" and not can_lock_files():
        pytest.skip("root reads a file whatever its permissions")


def test_the_music_corpus_is_what_the_table_expects(tracks):
    assert set(tracks) <= set(MUSIC)
    assert set(MUSIC) - set(tracks) <= {"loop-a.mp3", "pipe.mp3", "gone.mp3"}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", sorted(MUSIC))
def test_each_track_is_fitted_or_fails_with_one_clear_reason(tracks, name):
    """A one-sample file ended the render with scipy's "noverlap must be less than nperseg",
    NaN samples came out as NaN music, a loop of links or a folder was "not found", a video
    without sound was "not an audio file", and two hours of silence were decoded whole at
    48 kHz (2.7 GB) to use its first seconds."""
    from studio.music.tracks import load_track

    _skip_unmade(name, tracks)
    path, reason = tracks[name], MUSIC[name]
    try:
        audio = load_track(path, 3.0, SR)
    except MediaError as err:
        assert reason is not None, f"{name} should be used: {err}"
        assert err.path == path and str(err).startswith(f"{name}: ")
        assert reason in str(err) and "\n" not in str(err)
        return
    assert reason is None, f"{name} should fail with {reason!r}"
    assert audio.shape == (3 * SR, 2) and audio.dtype == np.float32
    assert np.isfinite(audio).all()
    assert (np.abs(audio).max() > 0.01) == (name in HEARD), name


def test_a_wav_header_that_undercounts_is_read_to_the_end_of_its_data(tracks):
    """A header claiming 1,000 bytes before 2 s of samples was refused as "too short to use as
    music (0.01 s)"; a proper chunk after the samples must still stay out of the sound."""
    from studio.media.audio import wav_header_too_short
    from studio.music.tracks import decode_audio

    assert decode_audio(tracks["header-says-less.wav"], SR).shape[0] == 2 * SR
    assert decode_audio(tracks["list-chunk-after-data.wav"], SR).shape[0] == 2 * SR
    assert not wav_header_too_short(tracks["list-chunk-after-data.wav"])
    assert not wav_header_too_short(tracks["u8.wav"])
    assert not wav_header_too_short(tracks["notes.mp3"])


def test_a_cached_fit_names_a_file_that_cannot_be_opened(tracks):
    from studio.music.tracks import cached_fit_track

    with pytest.raises(MediaError, match="loop-a.mp3: a link that leads back to itself"):
        cached_fit_track(tracks["loop-a.mp3"], 2.0)
    with pytest.raises(MediaError, match="folder.wav: is a folder"):
        cached_fit_track(tracks["folder.wav"], 2.0)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.mp3", "the file is empty"),
        ("notes.mp3", "not an audio file"),
        ("video-no-audio.mp4", "holds no sound"),
        ("one-sample.wav", "too short"),
        ("silence.wav", "the track is silent"),
        ("two-hours-silence.wav", "the track is silent"),
        ("folder.wav", "is a folder"),
    ],
)
def test_importing_a_bad_track_copies_nothing(tracks, tmp_path, name, reason):
    from studio.core.progress import run_job
    from studio.jobs.audition import import_track_job

    root = tmp_path / "kettle"
    root.mkdir()
    with pytest.raises(MediaError, match=reason) as err:
        run_job(import_track_job(tracks[name], root))
    assert err.value.path == tracks[name]
    assert list(root.iterdir()) == []


def test_odd_but_good_tracks_import_under_their_own_names(tracks, tmp_path):
    from studio.core.progress import run_job
    from studio.jobs.audition import import_track_job

    root = tmp_path / "kettle"
    root.mkdir()
    for name in (SPACED, "s24.wav", "8-channels.wav", "384k.wav", "cut-half.flac"):
        assert run_job(import_track_job(tracks[name], root)) == f"music/{name}"


def _music_product(root, toml: str):
    from tests.samples import product_photo

    root.mkdir()
    product_photo(root / "a.jpg", size=(120, 160))
    (root / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    (root / "product.toml").write_text(toml, encoding="utf-8")
    return root


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "kind, reason",
    [
        ("folder", "is a folder, not a file"),
        ("pipe", "is not a regular file (a pipe, socket or device)"),
        ("empty", "the file is empty"),
        ("dangling", "a link to a file that does not exist"),
        ("loop", "a link loop"),
        ("missing", "file not found"),
    ],
)
def test_a_music_track_in_product_toml_that_is_no_sound_file_says_what_it_is(
    tmp_path, kind, reason
):
    """A folder, a pipe or an empty file named x.wav was "music track 'x.wav' not found"."""
    from studio.core.intake import load_product
    from studio.media.images import image_info

    d = _music_product(tmp_path / "p", 'music = "x.wav"\n')
    if kind == "folder":
        (d / "x.wav").mkdir()
    elif kind == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        os.mkfifo(d / "x.wav")
    elif kind == "empty":
        (d / "x.wav").write_bytes(b"")
    elif kind == "dangling":
        (d / "x.wav").symlink_to("deleted.wav")
    elif kind == "loop":
        (d / "x.wav").symlink_to("y.wav")
        (d / "y.wav").symlink_to("x.wav")
    with pytest.raises(ProjectError) as err:
        load_product(d, image_info)
    message = str(err.value)
    assert "x.wav" in message and reason in message and "\n" not in message, message


def test_product_toml_and_the_track_import_take_the_same_kinds_of_file(tmp_path):
    """An .mp4, .aac or .opus track worked as `music = ...` in product.toml but the music
    panel's import refused it ("choose an MP3, WAV, M4A, OGG or FLAC file"); a text file was
    taken by product.toml and failed only at render time."""
    from studio.core.intake import MUSIC_SUFFIXES, load_product
    from studio.core.progress import run_job
    from studio.jobs.audition import MUSIC_EXTENSIONS, import_track_job
    from studio.media.images import image_info
    from tests.broken_corpus import ffmpeg

    assert set(MUSIC_EXTENSIONS) == set(MUSIC_SUFFIXES)
    assert {".mp4", ".aac", ".opus", ".m4a", ".flac"} <= set(MUSIC_SUFFIXES)
    made = tmp_path / "made"
    made.mkdir()
    for ext in (".mp4", ".aac", ".opus"):
        track = ffmpeg(
            ["-f", "lavfi", "-i", f"sine=frequency=330:duration=2:sample_rate={SR}"],
            made / f"song{ext}",
        )
        d = _music_product(tmp_path / f"p{ext}", f'music = "song{ext}"\n')
        shutil.copy(track, d / track.name)
        assert load_product(d, image_info).project.music.path == track.name
        kettle = tmp_path / f"kettle{ext}"
        kettle.mkdir()
        assert run_job(import_track_job(track, kettle)) == f"music/{track.name}"
    d = _music_product(tmp_path / "text", 'music = "notes.txt"\n')
    (d / "notes.txt").write_text("Track list\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="notes.txt'?: choose an MP3, WAV"):
        load_product(d, image_info)
    with pytest.raises(MediaError, match="choose an MP3, WAV"):
        run_job(import_track_job(d / "notes.txt", tmp_path / "kettle.mp4"))


def test_a_track_cut_short_is_imported_with_a_word_that_it_ends_early(tracks, tmp_path):
    """An MP3, FLAC or WAV cut in half played up to the cut and nobody was told."""
    from studio.core.progress import run_job
    from studio.jobs.audition import import_track_job

    root = tmp_path / "kettle"
    root.mkdir()
    for name in ("cut-half.mp3", "cut-half.flac", "cut-half.wav", "header-lies.wav"):
        said: list[str] = []
        assert run_job(import_track_job(tracks[name], root, said)) == f"music/{name}"
        assert len(said) == 1 and said[0].startswith(f"{name}: the track ends early"), said
    for name in (
        SPACED,
        "header-says-less.wav",
        "header-says-ffffffff.wav",
        "video-with-audio.mp4",
    ):
        said = []
        run_job(import_track_job(tracks[name], root, said))
        assert said == [], name


@pytest.mark.parametrize("name", ["clipped-square.wav", "float-1e6.wav", "8-channels.wav"])
def test_a_track_far_beyond_full_scale_is_mixed_under_the_ceiling(tracks, name):
    from studio.music.mix import mix
    from studio.music.tracks import load_track

    out = mix([], load_track(tracks[name], 3.0, SR), 3.0, sr=SR)
    assert np.isfinite(out).all() and 0.05 < np.abs(out).max() <= 1.0


@pytest.mark.parametrize(
    "name, reason",
    [
        ("cut-head.wav", "not a WAV file this app can read"),
        ("folder.wav", "is a folder"),
        ("loop-a.mp3", "leads back to itself"),
        ("empty.mp3", "the file is empty"),
    ],
)
def test_read_wav_names_what_is_wrong(tracks, name, reason):
    from studio.media.audio import read_wav

    _skip_unmade(name, tracks)
    with pytest.raises(MediaError, match=reason):
        read_wav(tracks[name])


def test_read_wav_makes_nan_and_infinity_silent(tracks):
    from studio.media.audio import read_wav

    x, sr = read_wav(tracks["nan-inf.wav"])
    assert sr == SR and np.isfinite(x).all() and x[1000:1010].tolist() == [0.0] * 10
    for name in ("u8.wav", "s24.wav", "s32.wav", "header-lies.wav"):
        x, _ = read_wav(tracks[name])
        assert 0.2 < np.abs(x).max() <= 1.0, name


# ---------------------------------------------------------------- brand kit: fonts and logos

FONTS: dict[str, str | None] = {
    "good.ttf": None,
    "pair.ttc": None,
    "cjk-only.ttf": None,  # a font for other scripts: the fallback fonts set Latin text
    "truncated.ttf": "is cut short",
    "head-only.ttf": "is damaged or not a font",
    "web-font.ttf": "is a WOFF web font; use its TTF or OTF file",
    "web-font2.ttf": "is a WOFF2 web font",
    "zeroed-tables.ttf": "is damaged or not a font",
    "empty.ttf": "is empty",
    "text.ttf": "is damaged or not a font",
}
LOGOS: dict[str, str | None] = {
    "good.png": None,
    "animated.webp": None,  # drawn as its first frame
    "animated.png": None,
    "cmyk.jpg": None,
    "huge-60000.png": "too many pixels",
    "one-pixel.png": "too small",
    "transparent.png": "completely transparent",
    "text.png": "not a picture",
    "cut.png": "damaged or cut short",
}


@pytest.fixture(scope="module")
def brand_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("brand")
    return {**font_corpus(d / "fonts"), **logo_corpus(d / "logos")}


@pytest.mark.parametrize("name", sorted(FONTS))
def test_each_font_is_accepted_or_refused_with_its_reason(brand_files, name):
    """A font cut in half, or with its tables zeroed, passed the four-byte check and failed
    (or set nothing) mid-render; a WOFF was called "damaged"."""
    from studio.core.brand import font_problem
    from studio.render.fonts import load_font

    problem, reason = font_problem(brand_files[name]), FONTS[name]
    if reason is None:
        assert problem == ""
        load_font(brand_files[name], 24).getbbox("Kettle")
    else:
        assert problem.startswith(name) and reason in problem


def test_latin_text_falls_back_from_a_font_without_latin_letters(brand_files):
    from studio.render.fonts import font_chain, font_for

    chain = font_chain(False, brand_files["cjk-only.ttf"])
    assert font_for("Kettle", chain=chain) not in (None, brand_files["cjk-only.ttf"])


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", sorted(LOGOS))
def test_each_logo_is_accepted_or_refused_with_its_reason(brand_files, name):
    """A 60000x60000 PNG header, a 1x1 dot, an invisible logo and a text file named .png all
    passed the kit's check; the bomb then ended the render with Pillow's
    DecompressionBombError."""
    from studio.core.brand import logo_problem
    from studio.render.logo import load_logo

    problem, reason = logo_problem(brand_files[name]), LOGOS[name]
    if reason is None:
        assert problem == ""
        assert load_logo(brand_files[name], 100, 300).size[1] <= 100
    else:
        assert problem.startswith(name) and reason in problem


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", sorted(n for n, reason in LOGOS.items() if reason))
def test_a_logo_that_cannot_be_drawn_is_one_media_error_naming_it(brand_files, name):
    """The 60000x60000 PNG ended the closing card with Pillow's DecompressionBombError."""
    from studio.render.logo import load_logo

    if name == "one-pixel.png":
        assert load_logo(brand_files[name], 100, 300).size[1] <= 100  # tiny, but drawable
        return
    with pytest.raises(MediaError) as err:
        load_logo(brand_files[name], 100, 300)
    assert str(err.value).startswith(f"{name}: ") and "\n" not in str(err.value)


@pytest.mark.timeout(20)
def test_a_logo_pillow_only_warns_about_is_refused_not_decoded(tmp_path):
    """Below twice the app's pixel limit for photos Pillow at most warns and decodes them all
    (seconds and gigabytes for a logo drawn a few hundred pixels wide)."""
    import studio.media.images  # noqa: F401  (it raises Pillow's limit, as the app does)
    from studio.render.logo import load_logo
    from tests.broken_corpus import _bomb_png

    (tmp_path / "big.png").write_bytes(_bomb_png(10_000, 10_000))
    with pytest.raises(MediaError, match="big.png: the logo is 10000x10000 pixels, too many"):
        load_logo(tmp_path / "big.png", 100, 300)


def _kit_folder(root, files: dict, **doc):
    from studio.core.brand import KIT_FILE, KIT_FORMAT

    root.mkdir(parents=True, exist_ok=True)
    for name, src in files.items():
        shutil.copy(src, root / name)
    (root / KIT_FILE).write_text(json.dumps({"format": KIT_FORMAT, **doc}), encoding="utf-8")
    return root


def test_a_kit_with_broken_files_keeps_its_good_ones(brand_files, tmp_path):
    from studio.core.brand import load_kit

    kit_dir = _kit_folder(
        tmp_path / "acme",
        {"logo.png": brand_files["huge-60000.png"], "h.ttf": brand_files["truncated.ttf"]},
        name="Acme",
        accent="#112233",
        logo="logo.png",
        heading_font="h.ttf",
        body_font="body.ttf",
    )
    shutil.copy(brand_files["good.ttf"], kit_dir / "body.ttf")
    warnings: list[str] = []
    kit = load_kit(kit_dir, warnings)
    assert (kit.accent, kit.body_font, kit.logo, kit.heading_font) == (
        "#112233",
        kit_dir / "body.ttf",
        None,
        None,
    )
    assert len(warnings) == 2 and all("Acme" in w and "default is used" in w for w in warnings)
    assert any("logo.png declares too many pixels" in w for w in warnings)
    assert any("h.ttf is cut short" in w for w in warnings)


@pytest.mark.parametrize(
    "doc",
    [
        {"logo": "../../../../etc/passwd"},
        {"logo": "/etc/passwd"},
        {"heading_font": "..\\..\\Windows\\Fonts\\arial.ttf"},
        {"body_font": "nul\0.ttf"},
        {"logo": ["logo.png"]},
        {"heading_font": {"file": "h.ttf"}},
        {"accent": [1, 2, 3], "panel": None, "intro": "yes", "watermark": [], "captions": {}},
        {"watermark_opacity": "0.5", "sale_badge": 5, "date_line": "x" * 200_000},
        {"season_accent": {"r": 1}},
        {"accent": list(range(50_000)), "sale_badge": list(range(50_000))},
        {"season_accent": {"a": "x" * 100_000}, "watermark": "y" * 100_000},
        {"name": "A" * 200_000},
        {"name": "Acme\n\x07Evil"},
        {"name": 5},
    ],
)
def test_a_hostile_kit_costs_only_its_bad_values(tmp_path, doc):
    from studio.core.brand import load_kit

    kit_dir = _kit_folder(tmp_path / "acme", {}, **{"name": "Acme", **doc})
    warnings: list[str] = []
    kit = load_kit(kit_dir, warnings)
    assert kit.logo is None and kit.heading_font is None and kit.body_font is None
    assert kit.name in ("Acme", "acme") and kit.accent == "#ffc400"
    assert all(len(w) < 300 and "\n" not in w for w in warnings)
    if set(doc) - {"name"}:
        assert warnings


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"", "cannot be read"),
        (b'{"format": "product-video-studio-brand", "name": "Ac', "cannot be read"),
        (b"[" * 100_000 + b"]" * 100_000, "not a brand kit"),
        ("{}".encode("utf-16"), "cannot be read"),
        (b'{"format": "something else"}', "not a brand kit"),
        (b'{"format": "product-video-studio-brand", "pad": "' + b"x" * 2_000_000 + b'"}', "KB"),
    ],
)
def test_a_damaged_kit_file_is_one_message_naming_it(tmp_path, data, needle):
    """A kit.json nested 100,000 deep ended `studio render --brand` with a RecursionError."""
    from studio.core.brand import KIT_FILE, load_kit

    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / KIT_FILE).write_bytes(data)
    with pytest.raises(ProjectError, match=needle) as err:
        load_kit(tmp_path / "acme")
    assert KIT_FILE in str(err.value) and len(str(err.value)) < 400


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_a_kit_file_is_refused_not_read_forever(brand_files, tmp_path):
    """A pipe named kit.json made load_kit wait for a writer forever."""
    from studio.core.brand import KIT_FILE, load_kit

    (tmp_path / "acme").mkdir()
    os.mkfifo(tmp_path / "acme" / KIT_FILE)
    with pytest.raises(ProjectError, match="not a plain file"):
        load_kit(tmp_path / "acme")
    kit_dir = _kit_folder(tmp_path / "other", {}, name="Other", logo="logo.png")
    os.mkfifo(kit_dir / "logo.png")
    warnings: list[str] = []
    assert load_kit(kit_dir, warnings).logo is None
    assert warnings == [
        "brand kit Other logo: logo.png is not a regular file (a pipe, socket or device); "
        "the default is used"
    ]


def test_a_kit_that_cannot_be_copied_into_the_product_is_one_message(brand_files, tmp_path):
    """A product whose brand/ is a file ended `studio render --brand` with FileExistsError."""
    from studio.core.brand import apply_kit, load_kit
    from studio.core.errors import DiskError
    from studio.core.intake import load_product
    from tests.samples import product_photo

    kit_dir = _kit_folder(tmp_path / "acme", {"h.ttf": brand_files["good.ttf"]}, name="Acme")
    (kit_dir / "kit.json").write_text(
        json.dumps(
            {"format": "product-video-studio-brand", "name": "Acme", "heading_font": "h.ttf"}
        )
    )
    d = tmp_path / "p"
    d.mkdir()
    product_photo(d / "a.jpg", size=(120, 160))
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    (d / "brand").write_text("not a folder")
    project = load_product(d).project
    with pytest.raises(DiskError, match="cannot copy h.ttf to .*brand"):
        apply_kit(project, load_kit(kit_dir))
    assert (d / "brand").read_text() == "not a folder"


def test_a_damaged_kit_in_the_library_leaves_the_others_listed(brand_files):
    from studio.core.brand import KIT_FILE, kits_dir, list_kits

    _kit_folder(kits_dir() / "good", {}, name="Good")
    (kits_dir() / "deep").mkdir()
    (kits_dir() / "deep" / KIT_FILE).write_bytes(b"[" * 100_000)
    assert [k.name for k in list_kits()] == ["Good"]


@pytest.mark.parametrize(
    "toml, needle",
    [
        (b'heading_font = "../../../../etc/passwd"\n', "product.toml heading_font"),
        (b'body_font = "/etc/passwd"\n', "product.toml body_font"),
        (b'heading_font = "truncated.ttf"\n', "truncated.ttf is cut short"),
        (b'body_font = "web-font.ttf"\n', "WOFF web font"),
        (b'brand_kit = "../../../../etc"\n', "product.toml brand_kit"),
        (b'accent_colour = "' + b"z" * 100_000 + b'"\n', "product.toml accent"),
    ],
)
def test_hostile_brand_values_in_product_toml_cost_one_warning(brand_files, tmp_path, toml, needle):
    from studio.core.intake import load_product
    from tests.samples import product_photo

    d = tmp_path / "p"
    d.mkdir()
    product_photo(d / "a.jpg", size=(120, 160))
    (d / "bullets.txt").write_text("Warm\n", encoding="utf-8")
    for name in ("truncated.ttf", "web-font.ttf"):
        shutil.copy(brand_files[name], d / name)
    (d / "product.toml").write_bytes(toml)
    intake = load_product(d)
    hits = [w for w in intake.warnings if needle in w]
    assert len(hits) == 1 and len(hits[0]) < 400, intake.warnings
    assert intake.project.brand.heading_font is None and intake.project.brand.body_font is None


# ---------------------------------------------------------------- Piper voices

VOICES: dict[str, str | None] = {
    "good": None,
    "truncated-model": "truncated-model.onnx: the model file is cut short",
    "text-model": "text-model.onnx: not an ONNX model",
    "zip-model": "zip-model.onnx: not an ONNX model",
    "no-config": "no-config.onnx.json: voice config (.onnx.json) not found",
    "malformed-config": "malformed-config.onnx.json: not a Piper voice config",
    "config-not-object": "config-not-object.onnx.json: not a Piper voice config",
    "nested-config": "nested-config.onnx.json: not a Piper voice config",
    "rate-0": "its sample_rate 0 is not a rate",
    "rate--22050": "its sample_rate -22050 is not a rate",
    "rate-1000000000000": "is not a rate",
    "rate-fast": "its sample_rate 'fast' is not a rate",
    "rate-22050.5": "its sample_rate 22050.5 is not a rate",
    "rate-long-text": "its sample_rate '" + "9" * 36 + "... is not",
    "speakers-4000-digits": "its num_speakers " + "9" * 37 + "... is not",
    "no-phonemes": "no-phonemes.onnx.json: it has no phoneme_id_map",
    "phonemes-not-a-map": "it has no phoneme_id_map",
    "speakers-billion": "its num_speakers 1000000000 is not a number of voices",
    "huge-config": "huge-config.onnx.json: larger than 10 MB",
    "pipe-config": "pipe-config.onnx.json: is not a regular file",
    "folder-model": "folder-model.onnx: is a folder, not a voice model",
}


@pytest.fixture(scope="module")
def voice_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("voices") / "voices"
    voice_corpus(d)
    return d


@pytest.mark.timeout(20)
def test_a_voices_folder_of_broken_files_lists_the_good_one_and_says_why_for_the_rest(
    voice_dir, monkeypatch
):
    """A truncated or foreign .onnx was listed as a voice and failed when spoken; rates of 0 or
    a trillion, a config without phonemes were listed too; a config nested 100,000 deep raised
    RecursionError and num_speakers = 10**9 tried to list a billion voices."""
    from studio.voice.library import find_voice, scan_voices

    monkeypatch.setenv("STUDIO_VOICES_DIR", str(voice_dir))
    found, problems = scan_voices()
    assert [v.id for v in found] == ["good"]
    by_id = {p.id: p.message for p in problems}
    assert set(by_id) == set(VOICES) - {"good"} or set(VOICES) - set(by_id) == {
        "good",
        "pipe-config",
    }
    for vid, reason in VOICES.items():
        if reason is None or vid not in by_id:
            continue
        assert reason in by_id[vid] and len(by_id[vid]) < 300, (vid, by_id[vid])
        with pytest.raises(StudioError, match=f"voice '{vid}' can't be used"):
            find_voice(vid)


def test_the_good_voice_beside_the_broken_ones_speaks(voice_dir, monkeypatch):
    from studio.voice.engine import get_engine

    monkeypatch.setenv("STUDIO_VOICES_DIR", str(voice_dir))
    assert get_engine("good").synthesize("Still fine.").size > 0


@pytest.mark.parametrize("vid", ["truncated-model", "rate-0", "no-phonemes"])
def test_installing_a_broken_voice_copies_nothing(voice_dir, vid):
    from studio.voice.library import install_voice, user_voices_dir

    with pytest.raises(MediaError):
        install_voice(voice_dir / f"{vid}.onnx")
    assert not user_voices_dir().exists() or not list(user_voices_dir().iterdir())


# ---------------------------------------------------------------- CLIP checkpoint folders

CLIPS = {
    "empty": "no config.json",
    "no-weights": "its model (Error no file named model.safetensors",
    "no-tokenizer": "its tokenizer (",
    "no-preprocessor": "its image processor (",
    "cut-weights": "its weights file is damaged or cut short",
    "garbage-weights": "its weights file is damaged or cut short",
    "zero-weights": "its weights file is damaged or cut short",
    "bad-config": "its model (It looks like the config file",
    "wrong-model-type": "no-such-model",
    "wrong-shapes": "its weights do not fit its config.json",
    "config-list": "its model (",
    "tokenizer-list": "its tokenizer (",
    "preprocessor-list": "its image processor (",
}


@pytest.fixture(scope="module")
def clip_folders(tmp_path_factory):
    from tests.analysis.test_clip_backend import _tiny_clip

    root = tmp_path_factory.mktemp("clip")
    return clip_corpus(root / "broken", _tiny_clip(root / "tiny"))


@pytest.mark.parametrize("name", sorted(CLIPS))
def test_each_broken_checkpoint_is_one_short_reason(clip_folders, name, capfd):
    """Damaged safetensors raised SafetensorError and mismatched shapes RuntimeError, both
    as tracebacks, after transformers printed a load report and progress bars."""
    from studio.analysis.clip import ClipUnavailable, load_clip

    with pytest.raises(ClipUnavailable) as err:
        load_clip(clip_folders[name])
    message = str(err.value)
    assert name in message and CLIPS[name] in message, message
    assert "\n" not in message and len(message) < 500
    assert "LOAD REPORT" not in capfd.readouterr().err


# ---------------------------------------------------------------- catalogues


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    from tests.samples import product_photo

    d = tmp_path_factory.mktemp("catalogue")
    (d / "photos").mkdir()
    product_photo(d / "photos" / "a.jpg", size=(120, 160))
    return catalogue_corpus(d)


@pytest.mark.parametrize(
    "name",
    ["bom.csv", "utf16.csv", "latin1.csv", "semicolons.csv", "semicolons-bom.csv", "nul-bytes.csv"],
)
def test_tables_in_any_encoding_or_separator_give_their_skus(tables, name):
    """A CSV saved by Excel where the decimal mark is a comma (semicolons) was refused as
    "missing columns sku, title, bullets, images"."""
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables[name])
    assert [(s.sku, s.problem) for s in cat.skus] == [("MUG-1", None), ("MUG-2", None)]
    texts = dict(cat.skus[0].texts)
    assert texts["bullets.txt"] == "Keeps tea hot\nFits the hand\n"
    assert 'title = "Café mug"' in texts["product.toml"]
    assert cat.warnings == []


def test_quoted_newlines_and_separators_stay_inside_their_cell(tables):
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables["quoted-newlines.csv"])
    assert dict(cat.skus[0].texts)["bullets.txt"] == "Keeps tea hot\nfor hours\nFits the hand\n"
    assert 'title = "Travel mug, 12 oz"' in dict(cat.skus[1].texts)["product.toml"]


def test_ragged_rows_cost_only_themselves_and_extra_cells_are_named(tables):
    """Cells beyond the header were dropped without a word."""
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables["ragged.csv"])
    assert [(s.sku, s.problem is None) for s in cat.skus] == [("MUG-1", False), ("MUG-2", True)]
    assert cat.warnings == [
        "ragged.csv: line 3 has more cells than the first line names columns; the extra cells "
        "are ignored (a separator inside a cell needs quotes)"
    ]


def test_a_duplicate_sku_is_skipped_with_its_line(tables):
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables["duplicate-sku.csv"])
    assert [s.sku for s in cat.skus] == ["MUG-1", "MUG-2"]
    assert cat.warnings == [
        "duplicate-sku.csv line 4 skipped: sku 'MUG-1' appears earlier in the file"
    ]


@pytest.mark.timeout(20)
def test_a_row_cannot_make_a_system_file_part_of_a_product(tables):
    """`images` = ../../etc/passwd was accepted as a photo and copied into the SKU's folder,
    and /*/*/*/*/*/*/*.jpg walked the whole disk (43 s here) to take 32,000 photos."""
    from studio.batch.catalogue import read_catalogue

    first, second = read_catalogue(tables["outside.csv"]).skus
    assert first.files == () and first.problem == (
        "no photos found: ../../../../../../etc/passwd (not a photo)"
    )
    assert [name for name, _ in second.files] == ["001-a.jpg"]
    assert second.warnings == (
        "left out: /etc/hostname (not a photo), "
        "/*/*/*/*/*/*/*.jpg (* may stand in a file name, not in a folder name)",
    )


@pytest.mark.parametrize(
    "name, needle",
    [
        ("empty.csv", "empty.csv: empty catalogue"),
        ("header-only.csv", "header-only.csv: no rows with a sku"),
        ("binary.csv", "binary.csv: not text"),
        ("products.xlsx", "products.xlsx: a spreadsheet file, which this app does not read"),
    ],
)
def test_a_table_that_gives_no_skus_is_one_message_naming_it(tables, name, needle):
    from studio.batch.catalogue import read_catalogue

    with pytest.raises(ProjectError) as err:
        read_catalogue(tables[name])
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_skus_that_would_share_an_output_folder_are_caught(tables):
    """ "MUG-1" and "mug-1" (or a composed and a decomposed "Café") were two SKUs writing one
    folder on Windows and macOS, the second video replacing the first."""
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables["case-duplicate.csv"])
    assert [s.sku for s in cat.skus] == ["MUG-1", "MUG-2", "Cafe\u0301"]
    assert cat.warnings == [
        "case-duplicate.csv line 4 skipped: sku 'mug-1' would write the same folder as line 2's "
        "'MUG-1' (they differ only in letter case or in how accents are stored)",
        "case-duplicate.csv line 6 skipped: sku 'Café' would write the same folder as line 5's "
        "'Cafe\u0301' (they differ only in letter case or in how accents are stored)",
    ]


@pytest.mark.timeout(20)
def test_a_folder_catalogue_skips_links_out_of_it_and_folders_that_would_collide(tmp_path):
    """A SKU folder linked to / had every file on the disk listed as the product's, and
    "Lamp" beside "lamp" wrote one output folder on Windows and macOS."""
    from studio.batch.catalogue import read_catalogue
    from tests.samples import product_photo

    for name in ("Lamp", "lamp", "Chair"):
        (tmp_path / "cat" / name).mkdir(parents=True)
        product_photo(tmp_path / "cat" / name / "a.jpg", size=(120, 160))
        (tmp_path / "cat" / name / "bullets.txt").write_text("Bright\n", encoding="utf-8")
    (tmp_path / "cat" / "Root").symlink_to("/")
    (tmp_path / "cat" / "Loop").symlink_to("Loop")
    (tmp_path / "cat" / "Inside").symlink_to("Chair")
    cat = read_catalogue(tmp_path / "cat")
    assert [s.sku for s in cat.skus] == ["Chair", "Inside", "Lamp"]
    assert cat.warnings == [
        "'lamp' skipped: would write the same folder as 'Lamp' (they differ only in letter "
        "case or in how accents are stored)",
        "'Root' skipped: a link to a folder outside the catalogue; copy the product in",
    ]


def test_old_mac_line_ends_and_a_giant_cell(tables):
    from studio.batch.catalogue import read_catalogue

    assert [s.sku for s in read_catalogue(tables["cr-only.csv"]).skus] == ["MUG-1", "MUG-2"]
    with pytest.raises(ProjectError, match=r"huge-field\.csv: not a readable table"):
        read_catalogue(tables["huge-field.csv"])


@pytest.mark.timeout(60)
def test_a_hundred_thousand_rows_are_read(tables):
    from studio.batch.catalogue import read_catalogue

    cat = read_catalogue(tables["100k.csv"])
    assert len(cat.skus) == 100_000 and cat.skus[-1].sku == "SKU-099999"
    assert all(s.problem is None for s in cat.skus[::997])
