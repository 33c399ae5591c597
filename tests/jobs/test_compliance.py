"""The checks before rendering: decided from the project and its render plan (real takes,
real caption overlays read by the real OCR), each with what was measured and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.edits import UndoLog
from studio.core.model import ExportSettings, ImageAsset, Product, Project, Scene, Timeline
from studio.core.platforms import PLATFORMS, SafeZone, with_rule
from studio.core.progress import run_job
from studio.jobs.compliance import apply_fixes, platform_settings, precheck_job
from tests.samples import demo_product

pytestmark = pytest.mark.slow  # OCR and the renderer's overlays on real photos


def _project(tmp_path: Path, *scenes: Scene, price: str = "", music: str = "none") -> Project:
    root = demo_product(tmp_path / "hoodie", bullets=("Roomy kangaroo pocket.", "Soft lining."))
    p = Project(
        root,
        Product("Trail Hoodie", ["Roomy kangaroo pocket.", "Soft lining."], price, "Luma"),
        [ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        Timeline(
            list(scenes)
            or [
                Scene(kind="title", image="img1.jpg", duration=3.0),
                Scene(
                    kind="bullet",
                    bullet=0,
                    caption="Roomy kangaroo pocket",
                    image="img3.jpg",
                    duration=3.0,
                ),
                Scene(kind="cta", duration=2.5),
            ]
        ),
    )
    p.music.source = music
    return p


def _check(project: Project, key: str, p=None, settings: ExportSettings | None = None):
    platform = p or PLATFORMS[key]
    settings = settings or platform_settings(project.export, platform)
    settings.height = 360  # small frames, the same layout: every size is relative
    report = run_job(precheck_job(project, platform, settings))
    return report, {f.rule.kind: f for f in report.findings}


def test_a_short_clean_video_passes_for_etsy_and_ebay(tmp_path):
    project = _project(tmp_path)
    for key in ("etsy", "ebay"):
        report, by_kind = _check(project, key)
        assert not report.failed, [f.line() for f in report.findings]
        assert len(report.findings) == len(PLATFORMS[key].rules)  # one line per rule
    assert by_kind["file_size"].status == "PASS" and "fits easily" in by_kind["file_size"].measured


def test_too_long_for_etsy_says_by_how_much_and_which_scenes(tmp_path):
    project = _project(
        tmp_path,
        Scene(kind="title", image="img1.jpg", duration=6.0),
        Scene(kind="bullet", bullet=0, caption="Roomy pocket", image="img3.jpg", duration=8.0),
        Scene(kind="cta", duration=4.0),
    )
    report, by_kind = _check(project, "etsy")
    f = by_kind["duration"]
    assert report.failed and f.status == "FAIL" and f.measured == "18.0 s"
    assert f.fix.startswith("trim 3.0 s to reach 15 s") and "scene 2 (8.0 s)" in f.fix
    assert "FAIL  duration 5-15 s: 18.0 s — fix: trim 3.0 s" in f.line()


def test_prices_and_claims_in_picture_and_voice_fail_amazon_and_fix_in_one_click(tmp_path):
    project = _project(
        tmp_path,
        Scene(kind="title", image="img1.jpg", duration=3.0, voice_line="Trail Hoodie."),
        Scene(
            kind="bullet",
            bullet=0,
            caption="Roomy pocket, now 20% off",
            image="img3.jpg",
            duration=3.0,
        ),
        Scene(
            kind="bullet",
            bullet=1,
            caption="Soft lining",
            image="img1.jpg",
            duration=3.0,
            voice_line="Soft lining. Order today at www.luma.com!",
        ),
        Scene(kind="cta", duration=2.5),
        price="$63.00",
    )
    report, by_kind = _check(project, "amazon")
    f = by_kind["content"]
    assert f.status == "FAIL"
    assert "'$63.00' (price)" in f.measured and "'20% off' (promotion)" in f.measured
    assert "scene 3 voice: 'www.luma.com' (url)" in f.measured
    assert f.fix_label == "Remove Prices and Claims" and len(f.actions) == 3

    undo = UndoLog(project)
    apply_fixes(undo, f)
    assert project.product.price == ""
    assert project.timeline.scenes[1].caption == "Roomy pocket"
    assert project.timeline.scenes[2].voice_line == "Soft lining."
    assert undo.undo_label == "Remove Prices and Claims"
    _, by_kind = _check(project, "amazon")
    assert by_kind["content"].status == "PASS"
    undo.undo()  # one step brings them all back
    assert project.product.price == "$63.00"
    assert project.timeline.scenes[1].caption == "Roomy pocket, now 20% off"


def test_walmart_needs_webvtt_and_describes_the_stretches_without_words(tmp_path):
    project = _project(
        tmp_path,
        Scene(kind="title", image="img1.jpg", duration=3.0),
        Scene(kind="bullet", bullet=0, caption="", image="img3.jpg", duration=4.0),  # no words
        Scene(kind="cta", duration=2.5),
        music="generated",
    )
    settings = ExportSettings(vtt=False, platform="walmart")
    report, by_kind = _check(project, "walmart", settings=settings)
    f = by_kind["captions"]
    assert (
        f.status == "FAIL" and f.actions[0].field == "vtt" and f.fix == "turn on WebVTT subtitles"
    )
    _, by_kind = _check(project, "walmart")  # the platform's settings turn WebVTT on
    assert by_kind["captions"].status == "PASS"
    assert "captioned [MUSIC PLAYING]" in by_kind["captions"].measured


def test_text_in_a_covered_margin_warns_and_the_fix_burns_no_captions(tmp_path):
    project = _project(tmp_path)
    tight = with_rule(PLATFORMS["reels"], "safe_zone", zone=SafeZone(0.45, 0.45, 0.3, 0.3))
    report, by_kind = _check(project, "reels", tight)
    f = by_kind["safe_zone"]
    assert f.status == "WARN" and not report.failed  # covered by the app, not rejected
    assert "margin" in f.measured and f.actions[0].field == "burn_captions"
    undo = UndoLog(project)
    apply_fixes(undo, f)
    assert project.export.burn_captions is False
    _, by_kind = _check(project, "reels", tight, platform_settings(project.export, tight))
    assert by_kind["safe_zone"].measured == "no text burned in"


def test_text_size_is_measured_on_the_captions_as_drawn(tmp_path):
    project = _project(tmp_path)
    _, by_kind = _check(project, "amazon")
    f = by_kind["text_size"]
    assert f.status == "PASS" and f.measured.startswith("smallest line ")
    smallest = float(f.measured.split()[2])
    assert smallest >= 44
    strict = with_rule(PLATFORMS["amazon"], "text_size", min_text_px=smallest + 30)
    _, by_kind = _check(project, "amazon", strict)
    f = by_kind["text_size"]
    assert f.status == "FAIL" and "px" in f.measured and "shorten" in f.fix


def test_a_bare_first_scene_is_an_empty_first_frame(tmp_path):
    project = _project(
        tmp_path,
        Scene(kind="bullet", bullet=0, caption="", image=None, duration=2.0),
        Scene(kind="title", image="img1.jpg", duration=3.0),
        Scene(kind="cta", duration=2.5),
    )
    _, by_kind = _check(project, "amazon")
    f = by_kind["black_ends"]
    assert f.status == "FAIL" and f.measured == "the first frame is black"
    assert "start on the title card" in f.fix


def test_a_size_cap_no_rate_can_meet_fails_before_rendering(tmp_path):
    project = _project(tmp_path)
    tiny_cap = with_rule(PLATFORMS["tiktok"], "file_size", max_bytes=60_000)
    report, by_kind = _check(project, "tiktok", tiny_cap)
    assert report.failed and "cannot fit in 0.06 MB" in by_kind["file_size"].measured
    _, by_kind = _check(project, "tiktok")
    assert by_kind["file_size"].status == "PASS"


def test_the_wrong_shape_offers_the_platforms_format(tmp_path):
    project = _project(tmp_path)
    settings = platform_settings(project.export, PLATFORMS["shorts"])
    settings.preset = "landscape"
    _, by_kind = _check(project, "shorts", settings=settings)
    f = by_kind["aspect"]
    assert f.status == "FAIL" and f.measured == "16:9 (640x360)"
    assert f.actions[0].field == "preset" and f.actions[0].value == "portrait"
