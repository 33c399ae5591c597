"""A platform's file-size cap is met by the encoding: the rate is capped from the length, so a
long, hard-to-compress video still lands under TikTok's 10 MB."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.core.errors import StudioError
from studio.core.platforms import PLATFORMS
from studio.core.progress import run_job
from studio.media.ffmpeg import probe
from studio.render.encoder import (
    AUDIO_OVERSHOOT,
    MUX_BYTES,
    VBV_SECONDS,
    capped_rates,
    encode_job,
    ffmpeg_command,
)
from studio.render.plan import CaptionSpec, ScenePlan

from .conftest import make_plan


def _grainy(path: Path, seed: int) -> Path:
    """A photo of pure noise: the hardest picture there is for x264."""
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 256, (1200, 900, 3), dtype=np.uint8)).save(path, quality=95)
    return path


def _plan(tmp_path: Path, seconds: float, w: int = 540, h: int = 960):
    images = [_grainy(tmp_path / f"g{k}.jpg", k) for k in range(3)]
    n = 5
    d = seconds / n
    return make_plan(
        [
            ScenePlan(
                k * d,
                d,
                images[k % 3],
                CaptionSpec(f"Feature {k}"),
                transition_in=0.4 if k else 0.0,
                seed=k,
            )
            for k in range(n)
        ],
        w=w,
        h=h,
    )


@pytest.mark.parametrize("seconds", [5.0, 45.0, 59.0, 180.0])
def test_capped_rates_leave_room_for_sound_index_and_buffer(seconds):
    cap = 10_000_000
    video, audio = capped_rates(seconds, 30, cap)
    worst = (video * 1000 * (seconds + VBV_SECONDS) + audio * 1000 * AUDIO_OVERSHOOT * seconds) / 8
    assert worst + MUX_BYTES < cap
    assert video > 300  # still a real picture


def test_a_cap_no_rate_can_meet_is_refused_with_the_reason():
    with pytest.raises(StudioError, match="cannot fit in 1 MB"):
        capped_rates(600, 30, 1_000_000)


def test_the_capped_command_limits_the_rate_and_the_plain_one_does_not(tmp_path):
    plan = _plan(tmp_path, 2.0, 64, 112)
    plain = ffmpeg_command(plan, tmp_path / "a.mp4", None, preset="veryfast", crf=20)
    capped = ffmpeg_command(
        plan, tmp_path / "a.mp4", None, preset="veryfast", crf=20, rate=(900, 128)
    )
    assert "-maxrate" not in plain
    assert capped[capped.index("-maxrate") + 1] == "900k"
    assert capped[capped.index("-bufsize") + 1] == "900k"
    assert capped[capped.index("-b:a") + 1] == "128k"
    assert capped[capped.index("-crf") + 1] == "20"  # quality-driven below the cap


@pytest.mark.slow
def test_tiktok_ten_megabytes_is_met_on_a_long_video_that_would_be_far_larger(tmp_path):
    cap = PLATFORMS["tiktok"].max_bytes
    assert cap == 10_000_000
    # the same picture uncapped: 4 s of it already runs past a tenth of the cap
    short = run_job(encode_job(_plan(tmp_path, 4.0), tmp_path / "short.mp4", None))
    uncapped_estimate = short.stat().st_size * 45.0 / 4.0
    assert uncapped_estimate > 2 * cap

    out = run_job(encode_job(_plan(tmp_path, 45.0), tmp_path / "long.mp4", None, max_bytes=cap))
    size = out.stat().st_size
    assert size <= cap
    assert size > 0.5 * cap  # squeezed to fit, not starved
    info = probe(out)
    assert abs(info.duration - 45.0) < 0.1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []
