"""Draw each mood's generated bed as a waveform over a spectrogram, into docs/music/<mood>.png.

The bed is composed for an example 30-second timeline (a title card, four bullets, a call to
action); dashed lines mark the cuts, the solid one the cadence. Run it after changing the
composer or the instruments and look at the pictures: the intro should be quiet and drumless,
the build rise, the lift be the loudest part and the final chord ring to silence at the end.

    .venv/bin/python scripts/music_pictures.py [--seed N] [--out docs/music]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.media.audio import AUDIO_RATE
from studio.music.compose import cadence_time, form_from_scenes
from studio.music.generate import generate_bed, get_mood, moods
from studio.music.loudness import integrated_loudness, true_peak_db

KINDS = ["title", "bullet", "bullet", "bullet", "bullet", "cta"]
ENDS = [4.0, 9.0, 14.0, 19.0, 24.0, 30.0]


def draw(mood: str, seed: int, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from scipy.signal import spectrogram

    duration = ENDS[-1]
    form = form_from_scenes(KINDS, ENDS, duration)
    x = generate_bed(mood, seed, duration, AUDIO_RATE, form)
    mono = x.mean(axis=1)
    sr = AUDIO_RATE
    t = np.arange(mono.size) / sr
    f, ts, s = spectrogram(mono, fs=sr, nperseg=2048, noverlap=1024)
    keep = f <= 8000
    fig, (ax1, ax2) = plt.subplots(
        2, 1, figsize=(9, 4.4), dpi=80, sharex=True, gridspec_kw={"height_ratios": [1, 2]}
    )
    ax1.plot(t[::16], x[::16, 0], lw=0.3, color="#3060a0")
    ax1.set_ylim(-1, 1)
    lufs, tp = integrated_loudness(x, sr), true_peak_db(x, sr)
    ax1.set_title(f"{mood} (seed {seed}): {lufs:.1f} LUFS, {tp:.1f} dBTP", fontsize=10)
    ax2.pcolormesh(
        ts,
        f[keep] / 1000,
        10 * np.log10(s[keep] + 1e-12),
        shading="auto",
        cmap="magma",
        vmin=-120,
        vmax=-40,
    )
    ax2.set_ylabel("kHz")
    ax2.set_xlabel("seconds")
    for ax in (ax1, ax2):
        for c in ENDS[:-1]:
            ax.axvline(c, color="#30c030", lw=0.8, ls="--")
        ax.axvline(cadence_time(get_mood(mood).bpm, duration), color="#e0e0e0", lw=1.0)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{mood}.png"
    fig.savefig(path)
    plt.close(fig)
    from PIL import Image

    with Image.open(path) as img:  # a small palette keeps the committed pictures small
        small = img.convert("RGB").quantize(colors=48)
    small.save(path, optimize=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("docs/music"))
    args = ap.parse_args()
    for mood in moods():
        print(draw(mood, args.seed, args.out))


if __name__ == "__main__":
    main()
