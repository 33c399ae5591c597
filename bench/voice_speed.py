"""Voice synthesis speed: model load time, time to first audio, real-time factor, cache hits.

Runs a typical 6-line product script through the voicing job with a fresh, temporary cache, so
every line is really synthesised. Also times imported-music fitting (decode + beat grid +
loop) for a 30 s video. Usage:
``.venv/bin/python bench/voice_speed.py [--variation V] [--expressiveness E] [--speed S]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCRIPT = [
    ("title", "Meet the AeroBlend Pro, the 5-in-1 kitchen blender."),
    ("b1", "A 1200W motor crushes ice in 10 seconds."),
    ("b2", "The 64 oz BPA-free jar serves the whole family."),
    ("b3", "Self-cleaning in 30 seconds: just add water & a drop of soap."),
    ("b4", "Whisper-quiet at under 60 dB, even at full speed."),
    ("cta", "Now only $89.99. Order yours today!"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variation", type=float, default=0.0)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--expressiveness", type=float, default=0.0)
    args = parser.parse_args()
    os.environ["STUDIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="studio-bench-voice-")

    t0 = time.perf_counter()
    from studio.core.model import DEFAULT_VOICE, VoiceSettings
    from studio.voice.engine import get_engine
    from studio.voice.takes import VoiceLine, voice_lines_job

    t_import = time.perf_counter() - t0

    engine = get_engine(DEFAULT_VOICE)
    t0 = time.perf_counter()
    engine.load()  # type: ignore[attr-defined]
    t_load = time.perf_counter() - t0

    ready: list[tuple[str, float]] = []
    start = time.perf_counter()
    settings = VoiceSettings(speed=args.speed)
    lines = [VoiceLine(k, text, expressiveness=args.expressiveness) for k, text in SCRIPT]
    job = voice_lines_job(
        lines,
        settings,
        variation=args.variation,
        seed=1,
        on_take=lambda key, take: ready.append((key, time.perf_counter() - start)),
    )
    try:
        while True:
            next(job)
    except StopIteration as stop:
        takes = stop.value
    wall = time.perf_counter() - start
    audio = sum(t.duration for t in takes.values())

    t0 = time.perf_counter()
    job = voice_lines_job(lines, settings, variation=args.variation, seed=1)
    for _ in job:
        pass
    cached = time.perf_counter() - t0

    print(
        f"voice: {DEFAULT_VOICE} (variation {args.variation:g}, speed {args.speed:g}, "
        f"expressiveness {args.expressiveness:g}), {os.cpu_count()} CPUs"
    )
    print(f"import studio.voice:         {t_import * 1000:7.0f} ms")
    print(f"model load (+ noise patch):  {t_load:7.2f} s")
    print(f"time to first audio:         {ready[0][1] * 1000:7.0f} ms  (line 1 ready to play)")
    for key, at in ready:
        print(f"  {key:<6} ready at {at:6.2f} s   ({takes[key].duration:5.2f} s of speech)")
    print(
        f"6 lines: {audio:.2f} s of speech in {wall:.2f} s  ->  real-time factor {wall / audio:.3f} "
        f"({audio / wall:.1f}x faster than real time)"
    )
    print(f"same 6 lines again (cache hits): {cached * 1000:.0f} ms")
    bench_track()


def bench_track() -> None:
    """Fit an 8 s mp3 to a 30 s video: decode, beat grid, bar-aligned loop, beat-landed fade."""
    import subprocess

    from studio.media.ffmpeg import ffmpeg_exe
    from studio.music.tracks import load_track

    song = Path(os.environ["STUDIO_CACHE_DIR"]) / "song.mp3"
    graph = (
        "sine=frequency=110:duration=8:sample_rate=48000,volume=0.4[a];"
        "aevalsrc='0.5*sin(2*PI*880*t)*exp(-30*mod(t,0.5))':d=8:s=48000[b];"
        "[a][b]amix=inputs=2:normalize=0[out]"
    )
    subprocess.run(
        [ffmpeg_exe(), "-y", "-v", "error", "-filter_complex", graph, "-map", "[out]", str(song)],
        check=True,
    )
    t0 = time.perf_counter()
    out = load_track(song, 30.0)
    print(
        f"imported 8 s mp3 fitted to 30 s (decode + beat grid + loop): "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms, {out.shape[0]} samples"
    )


if __name__ == "__main__":
    main()
