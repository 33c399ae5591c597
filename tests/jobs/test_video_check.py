"""The checks on a rendered file, against real small videos: made by the renderer and ffmpeg to
pass, and made to fail each rule (too long, too big, black first frame, letterboxed, tiny
text, a price on the title card, missing or malformed captions)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from studio.core.platforms import PLATFORMS, with_rule
from studio.core.progress import run_job
from studio.jobs.compliance import failed, sound_cues
from studio.jobs.video_check import video_check_job
from studio.media.ffmpeg import ffmpeg_exe
from studio.render.encoder import encode_job
from studio.render.fonts import default_theme
from studio.render.plan import CaptionSpec, Cue, RenderPlan, ScenePlan
from studio.render.subtitles import write_vtt
from tests.samples import DEMO

pytestmark = pytest.mark.slow


def _plan(scenes: list[ScenePlan], w: int, h: int) -> RenderPlan:
    cues = tuple(Cue(s.start, s.end, s.caption.text) for s in scenes if s.caption)
    return RenderPlan(w, h, 30, tuple(scenes), default_theme(), True, cues)


def _scenes(seconds: float = 7.0, price: str = "", first_bare: bool = False) -> list[ScenePlan]:
    """Title card on the hero, a bullet, the closing card: ``seconds`` long in all."""
    d = seconds / 3
    first = (
        ScenePlan(0.0, d, None, None)
        if first_bare
        else ScenePlan(0.0, d, DEMO / "img1.jpg", CaptionSpec("Trail Hoodie", "title", price))
    )
    return [
        first,
        ScenePlan(
            d, d, DEMO / "img3.jpg", CaptionSpec("Roomy kangaroo pocket"), transition_in=0.4, seed=1
        ),
        ScenePlan(
            2 * d, d, None, CaptionSpec("Shop now", "cta", "Luma"), transition_in=0.4, seed=2
        ),
    ]


def _render(path: Path, plan: RenderPlan) -> Path:
    return run_job(encode_job(plan, path, None))


def _check(video: Path, key: str, plan: RenderPlan | None = None, p=None):
    findings = run_job(video_check_job(video, p or PLATFORMS[key], plan))
    return findings, {f.rule.kind: f for f in findings}


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> tuple[Path, RenderPlan]:
    plan = _plan(_scenes(), 640, 360)
    return _render(tmp_path_factory.mktemp("land") / "hoodie.mp4", plan), plan


def test_a_small_clean_video_passes_for_etsy_ebay_and_shopify(landscape):
    video, _ = landscape
    for key in ("etsy", "ebay", "shopify"):
        findings, _ = _check(video, key)
        assert not failed(findings), [f.line() for f in findings]
        assert len(findings) == len(PLATFORMS[key].rules)


def test_a_vertical_video_passes_tiktok_with_the_ads_size_as_a_warning(tmp_path):
    video = _render(tmp_path / "v.mp4", _plan(_scenes(), 360, 640))
    findings, by_kind = _check(video, "tiktok")
    assert not failed(findings)
    assert by_kind["file_size"].status == "PASS" and "bytes" in by_kind["file_size"].measured
    small = [f for f in findings if f.rule.kind == "frame_size"][0]
    assert small.status == "WARN" and small.measured == "360x640"


def test_an_amazon_video_passes_every_rule_after_render(tmp_path):
    plan = _plan(_scenes(), 1280, 720)
    video = _render(tmp_path / "amazon.mp4", plan)
    write_vtt(plan.cues, video.with_suffix(".vtt"))
    findings, by_kind = _check(video, "amazon", plan)
    assert [f.status for f in findings] == ["PASS"] * len(findings), [f.line() for f in findings]
    assert by_kind["text_size"].measured.startswith("smallest line ")
    assert by_kind["captions"].measured == "amazon.vtt, 3 well-formed cues"


def test_too_long_for_etsy(tmp_path):
    video = _render(tmp_path / "long.mp4", _plan(_scenes(16.0), 320, 180))
    _, by_kind = _check(video, "etsy")
    f = by_kind["duration"]
    assert f.status == "FAIL" and f.measured == "16.0 s" and "trim 1.0 s" in f.fix


def test_too_big_for_the_cap(landscape):
    video, _ = landscape
    size = video.stat().st_size
    capped = with_rule(PLATFORMS["tiktok"], "file_size", max_bytes=size - 1)
    _, by_kind = _check(video, "tiktok", p=capped)
    f = by_kind["file_size"]
    assert f.status == "FAIL" and f.measured.startswith(f"{size:,} bytes")
    assert "encodes to fit" in f.fix


def test_black_first_frame(tmp_path):
    video = _render(tmp_path / "black.mp4", _plan(_scenes(first_bare=True), 640, 360))
    _, by_kind = _check(video, "amazon", p=_only(PLATFORMS["amazon"], "black_ends"))
    f = by_kind["black_ends"]
    assert f.status == "FAIL" and f.measured == "the first frame is black"


def test_letterboxed(tmp_path, landscape):
    video, _ = landscape
    boxed = tmp_path / "boxed.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(video),
            "-vf",
            "scale=640:270,pad=640:360:0:45:black",
            "-c:a",
            "copy",
            str(boxed),
        ],
        check=True,
    )
    _, by_kind = _check(boxed, "amazon", p=_only(PLATFORMS["amazon"], "bars"))
    f = by_kind["bars"]
    assert f.status == "FAIL"
    assert re.fullmatch(r"letterbox bars 1[23]% top, 1[23]% bottom", f.measured)  # 45 of 360
    _, by_kind = _check(video, "amazon", p=_only(PLATFORMS["amazon"], "bars"))
    assert by_kind["bars"].status == "PASS"


def test_tiny_text_warns_on_any_file_and_fails_where_the_plan_put_captions(tmp_path, landscape):
    video, plan = landscape
    font = default_theme().font_bold
    tiny = tmp_path / "tiny.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(video),
            "-vf",
            f"drawtext=fontfile={font}:text='Machine washable cotton blend':fontsize=9"
            ":fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=4:x=20:y=20",
            "-c:a",
            "copy",
            str(tiny),
        ],
        check=True,
    )
    amazon_text = _only(PLATFORMS["amazon"], "text_size")
    _, by_kind = _check(tiny, "amazon", p=amazon_text)
    f = by_kind["text_size"]
    assert f.status == "WARN" and "Machine" in f.measured  # it may be print on the product
    height = float(f.measured.split("' ")[1].split(" px")[0])
    assert 15 < height < 44  # 9 px type on a 360-line frame reads as ~30 px at 1080p

    strict = with_rule(amazon_text, "text_size", min_text_px=400)
    _, by_kind = _check(tiny, "amazon", plan, strict)
    f = by_kind["text_size"]
    assert f.status == "FAIL"
    assert "Shop now" in f.measured and "Machine" not in f.measured  # captions only


def test_price_on_the_title_card(tmp_path):
    plan = _plan(_scenes(price="$63.00"), 640, 360)
    video = _render(tmp_path / "price.mp4", plan)
    _, by_kind = _check(video, "amazon", plan, _only(PLATFORMS["amazon"], "content"))
    f = by_kind["content"]
    assert f.status == "FAIL" and "'$63.00' (price)" in f.measured
    assert "remove the prices" in f.fix


def test_walmart_captions_present_wellformed_and_describing_music(tmp_path, landscape):
    source, plan = landscape
    video = tmp_path / "walmart.mp4"
    video.write_bytes(source.read_bytes())
    only = _only(PLATFORMS["walmart"], "captions")
    _, by_kind = _check(video, "walmart", p=only)
    assert by_kind["captions"].status == "FAIL"
    assert by_kind["captions"].measured == "no .vtt file beside the video"

    gappy = (plan.cues[0], plan.cues[2])  # the bullet's stretch has no words
    write_vtt(gappy, video.with_suffix(".vtt"))
    _, by_kind = _check(video, "walmart", p=only)
    assert by_kind["captions"].status == "FAIL" and "has no caption" in by_kind["captions"].measured

    bare = RenderPlan(plan.width, plan.height, plan.fps, plan.scenes, plan.theme, True, gappy)
    write_vtt(
        sorted([*gappy, *sound_cues(bare, True)], key=lambda c: c.start), video.with_suffix(".vtt")
    )
    _, by_kind = _check(video, "walmart", p=only)
    assert by_kind["captions"].status == "PASS", by_kind["captions"].measured
    assert "[MUSIC PLAYING]" in video.with_suffix(".vtt").read_text()

    video.with_suffix(".vtt").write_text("00:00.000 --> 00:01.000\nno header\n")
    _, by_kind = _check(video, "walmart", p=only)
    assert "malformed" in by_kind["captions"].measured and by_kind["captions"].status == "FAIL"


def _only(p, kind):
    """``p`` with only its ``kind`` rules: one rule per test keeps the OCR to what it needs."""
    from dataclasses import replace

    return replace(p, rules=p.rules_of(kind))
