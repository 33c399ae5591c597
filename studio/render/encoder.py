"""Export: frames computed here, piped raw into ffmpeg (libx264 + AAC) as a cancellable job.

Frames go down the pipe as YUV 4:2:0 in NV12 layout, the renderer's own working format and
x264's internal one (half the bytes of BGR, no swscale pass inside ffmpeg), tagged BT.601
limited range, which is what OpenCV's BGR->YUV conversion of the photos produces. The pipe is raised to 1 MiB because the default 64 KiB caps throughput near
0.3 GB/s. x264 is the bottleneck on small machines, so frame computation simply overlaps with
encoding in ffmpeg's own threads; we only keep a bounded lead over what ffmpeg has encoded,
because ffmpeg would otherwise queue gigabytes of raw frames.

A platform's file-size cap is met by the encoding itself, not checked after the fact: the
cap and the video's length give a bit budget, and x264 runs at the usual quality (CRF) capped
by a VBV rate (``-maxrate``/``-bufsize``) so that no stretch, and so not the whole file, can
exceed it (``capped_rates``). Easy pictures stay well under the cap at full quality; only
hard ones are squeezed. Should a file still come out over (x264 may overshoot its VBV on an
extreme frame), it is encoded once more at a lower rate.

The file is written under a temporary name next to the destination and renamed when ffmpeg
has finished cleanly; cancelling (``gen.close()``), Ctrl-C or any error kills ffmpeg and
removes the temporary file, so a partial video never appears under the real name.
"""

from __future__ import annotations

import collections
import contextlib
import os
import re
import subprocess
import threading
import time
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import IO

import cv2
import numpy as np

from studio.core.errors import MediaError, StudioError
from studio.core.fsutil import temp_path_for
from studio.core.progress import Progress
from studio.media.audio import AUDIO_RATE
from studio.media.ffmpeg import ffmpeg_exe
from studio.render.frame import FrameRenderer
from studio.render.plan import RenderPlan

STAGE = "Rendering video"
F_SETPIPE_SZ = 1031  # Linux fcntl; absent elsewhere
PIPE_BYTES = 1 << 20
AUDIO_BITRATE = "192k"
PROGRESS_EVERY = 0.1  # seconds between Progress reports
STALL_SECONDS = 120.0  # no encoded frame for this long (while alive) means ffmpeg is stuck
# ffmpeg messages after which it will not recover; it can stay alive without reading its input
_FATAL = re.compile(
    r"No space left on device|Error writing trailer|Conversion failed|Error muxing|Disk quota exceeded"
)
_CONTAINERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}
# BT.601 limited range as OpenCV's BGR->YUV gives it, in the usual BT.709 primaries and curve
_COLOUR_TAGS = (
    *("-colorspace", "smpte170m", "-color_range", "tv"),
    *("-color_primaries", "bt709", "-color_trc", "bt709"),
)

# Size-capped encoding. The MP4 index costs about 32 bytes per video frame and 16 per audio
# packet (48 kHz AAC: ~47 packets a second) plus headers; the native AAC encoder can run a few
# percent over its nominal rate; and a VBV buffer of one second of the capped rate lets the
# whole file reach rate x (length + 1 s) at most.
CAP_MARGIN = 0.03  # of the cap, kept free
MUX_BYTES = 64_000
MUX_BYTES_PER_FRAME = 32
MUX_BYTES_PER_SECOND_AUDIO = 16 * 47
AUDIO_OVERSHOOT = 1.08
VBV_SECONDS = 1.0
MIN_VIDEO_KBPS = 150  # below this the picture falls apart: the cap cannot be met sensibly
RETRY_RATE = 0.8  # the second try's rate, as a fraction of the first


def audio_kbps_for(budget_kbps: float) -> int:
    """The AAC rate for a total budget (kbit/s): the usual 192 unless the cap is tight."""
    if budget_kbps >= 3000:
        return 192
    if budget_kbps >= 1000:
        return 128
    return 96


def capped_rates(seconds: float, fps: float, max_bytes: int) -> tuple[int, int]:
    """(video maxrate, audio rate) in kbit/s that keep a ``seconds``-long file under
    ``max_bytes``; StudioError when no sensible rate fits."""
    seconds = max(float(seconds), 1.0 / max(fps, 1.0))
    mux = MUX_BYTES + MUX_BYTES_PER_FRAME * fps * seconds + MUX_BYTES_PER_SECOND_AUDIO * seconds
    budget_bits = (max_bytes * (1 - CAP_MARGIN) - mux) * 8
    audio = audio_kbps_for(budget_bits / seconds / 1000)
    video_bits = budget_bits - audio * 1000 * AUDIO_OVERSHOOT * seconds
    video = int(video_bits / (seconds + VBV_SECONDS) / 1000)
    if video < MIN_VIDEO_KBPS:
        raise StudioError(
            f"A {seconds:.0f} s video cannot fit in {max_bytes / 1e6:g} MB at a watchable quality "
            f"(it would leave {max(video, 0)} kbit/s for the picture); shorten the video."
        )
    return video, audio


def encode_job(
    plan: RenderPlan,
    out_path: Path,
    audio_wav: Path | None,
    *,
    preset: str = "veryfast",
    crf: int = 20,
    dedicated: bool = False,
    max_bytes: int | None = None,
) -> Generator[Progress, None, Path]:
    """Render ``plan`` to an H.264/AAC file at ``out_path``; returns the path.

    ``max_bytes``: a file-size cap the encoding keeps under (see the module docstring).

    ``audio_wav`` should last exactly ``plan.duration``; it is padded with silence or cut so
    the audio and video tracks end together. Without it the file gets a silent track, which
    upload pages and players handle more predictably than a video with no audio at all.

    ``dedicated``: the process does nothing else (the CLI). x264 then keeps both cores busy,
    and OpenCV's own worker threads only add hand-off overhead (measured: ~25 % more CPU per
    frame), so frames are computed on one thread. OpenCV's thread count is process-wide, so
    the studio, where previews and planning run beside an export, leaves it alone.
    """
    out_path = Path(out_path)
    total = plan.frame_count
    container = check_export(plan, out_path, audio_wav)
    rates: list[tuple[int, int] | None] = [None]
    if max_bytes is not None:
        video, audio = capped_rates(plan.frame_count / plan.fps, plan.fps, max_bytes)
        rates = [(video, audio), (max(int(video * RETRY_RATE), MIN_VIDEO_KBPS), audio)]
    tmp = temp_path_for(out_path)
    try:
        for k, rate in enumerate(rates):
            yield from _encode_once(plan, tmp, audio_wav, preset, crf, dedicated, container, rate)
            size = tmp.stat().st_size
            if max_bytes is None or size <= max_bytes:
                break
            if k == len(rates) - 1:
                raise StudioError(
                    f"Export failed: the video came out at {size / 1e6:.1f} MB, over the "
                    f"{max_bytes / 1e6:g} MB limit, even at a reduced rate; shorten the video."
                )
            yield Progress(STAGE, 0, total, "Over the size limit: encoding again, smaller")
        try:
            os.replace(tmp, out_path)
        except OSError as exc:
            raise StudioError(f"Could not save {out_path.name}: {exc.strerror or exc}.") from exc
        yield Progress(STAGE, total, total, "Done")
        return out_path
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def check_export(plan: RenderPlan, out_path: Path, audio_wav: Path | None) -> str:
    """Refuse an export that cannot work with one clear message; the output's container."""
    if plan.frame_count <= 0:
        raise StudioError("Nothing to export: the video has no scenes.")
    if plan.width % 2 or plan.height % 2:
        raise StudioError(
            f"Cannot export {plan.width}x{plan.height}: H.264 needs an even width and height."
        )
    if not out_path.parent.is_dir():
        raise StudioError(f"Cannot export: the folder {out_path.parent} does not exist.")
    if audio_wav is not None and not Path(audio_wav).is_file():
        raise MediaError(Path(audio_wav), "audio file not found")
    return _CONTAINERS.get(out_path.suffix.lower(), "mp4")


def _encode_once(
    plan: RenderPlan,
    tmp: Path,
    audio_wav: Path | None,
    preset: str,
    crf: int,
    dedicated: bool,
    container: str,
    rate: tuple[int, int] | None,
) -> Generator[Progress, None, Path]:
    """One encoding pass into ``tmp`` (which the caller renames or removes)."""
    cmd = ffmpeg_command(
        plan, tmp, audio_wav, preset=preset, crf=crf, container=container, rate=rate
    )
    yield Progress(STAGE, 0, plan.frame_count, "Starting…")
    yield from run_ffmpeg(
        cmd, FrameRenderer(plan).iter_yuv(), plan.frame_count, plan.fps, dedicated=dedicated
    )
    if not tmp.is_file() or tmp.stat().st_size == 0:
        raise StudioError("Export failed: ffmpeg finished but wrote no video.")
    return tmp


def run_ffmpeg(
    cmd: list[str],
    frames: Iterable[np.ndarray] | None,
    count: int,
    fps: int,
    *,
    dedicated: bool = False,
    done_before: int = 0,
    total: int | None = None,
) -> Generator[Progress, None, None]:
    """Run one ffmpeg ``cmd`` to completion, feeding it ``frames`` on stdin (None: ffmpeg
    reads only files, as when it joins segments), and report its ``count`` frames as progress
    ``done_before``..``done_before + count`` of ``total``. Closing the generator, an error or
    Ctrl-C kills ffmpeg; what it wrote is the caller's to remove."""
    total = count if total is None else total

    def note(done: int, elapsed: float) -> str:
        if total == count:
            return _eta(done, count, elapsed)
        return f"Frame {done_before + done} of {total}"  # one part: its own pace says little

    proc: subprocess.Popen[bytes] | None = None
    log: _FfmpegLog | None = None
    watchdog: _Watchdog | None = None
    cv_threads = cv2.getNumThreads()
    if dedicated:
        cv2.setNumThreads(1)
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE if frames is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert proc.stderr is not None  # asked for as PIPE
        log = _FfmpegLog(proc.stderr)
        watchdog = _Watchdog(proc, log)
        max_ahead = max(15, 2 * fps)  # bounds ffmpeg's raw-frame queue (~190 MB at 1080p)
        started = time.monotonic()
        last_report = 0.0
        if frames is not None:
            assert proc.stdin is not None  # asked for as PIPE
            _grow_pipe(proc.stdin)
            for n, frame in enumerate(frames):
                try:
                    proc.stdin.write(frame.data)
                except (BrokenPipeError, ValueError):
                    proc.wait()
                    raise _failure(log, proc.returncode) from None
                while n + 1 - log.frames > max_ahead and proc.poll() is None:
                    time.sleep(0.004)
                now = time.monotonic()
                if now - last_report >= PROGRESS_EVERY:
                    last_report = now
                    done = min(log.frames, n + 1)
                    yield Progress(STAGE, done_before + done, total, note(done, now - started))
            proc.stdin.close()
        while True:  # ffmpeg finishes the queued frames and the faststart rewrite
            try:
                proc.wait(timeout=PROGRESS_EVERY)
                break
            except subprocess.TimeoutExpired:
                done = min(log.frames, count)
                yield Progress(
                    STAGE,
                    done_before + done,
                    total,
                    note(done, time.monotonic() - started) if done < count else "Finishing…",
                )
        log.join()
        if proc.returncode != 0:
            raise _failure(log, proc.returncode)
    finally:
        if dedicated:
            cv2.setNumThreads(cv_threads)
        if watchdog is not None:
            watchdog.stop()
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            with contextlib.suppress(OSError, ValueError):
                if proc.stdin is not None:
                    proc.stdin.close()
            proc.wait()
        if log is not None:
            log.join()


def ffmpeg_command(
    plan: RenderPlan,
    out: Path,
    audio_wav: Path | None,
    *,
    preset: str,
    crf: int,
    container: str = "mp4",
    rate: tuple[int, int] | None = None,
) -> list[str]:
    """The ffmpeg invocation for raw NV12 frames on stdin (also used by the benchmark).
    ``rate``: (video maxrate, audio rate) in kbit/s for a size-capped file."""
    duration = plan.frame_count / plan.fps
    capped: list[str] = []
    audio_bitrate = AUDIO_BITRATE
    if rate is not None:
        capped = vbv_args(rate[0])
        audio_bitrate = f"{rate[1]}k"
    cmd = [*ffmpeg_head(), *raw_video_input(plan), *audio_input(audio_wav)]
    cmd += ["-map", "0:v:0", "-map", "1:a:0", *x264_args(preset, crf), *capped]
    cmd += [*aac_args(audio_bitrate), "-t", f"{duration:.6f}"]
    cmd += ["-movflags", "+faststart", "-f", container, str(out)]
    return cmd


def ffmpeg_head() -> list[str]:
    """The options every ffmpeg run of an export starts with: quiet, progress on stderr."""
    return [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-nostats",
        "-progress",
        "pipe:2",
        "-stats_period",
        "0.1",
    ]


def raw_video_input(plan: RenderPlan) -> list[str]:
    """The raw frame input on stdin, declared exactly as the renderer produces it, so ffmpeg
    converts nothing."""
    return [
        "-f",
        "rawvideo",
        "-pix_fmt",
        "nv12",
        "-s",
        f"{plan.width}x{plan.height}",
        "-r",
        str(plan.fps),
        *_COLOUR_TAGS,
        "-i",
        "pipe:0",
    ]


def audio_input(audio_wav: Path | None) -> list[str]:
    """The soundtrack input, or silence: upload pages and players handle a silent track more
    predictably than a video with no audio at all."""
    if audio_wav is not None:
        return ["-i", str(audio_wav)]
    return ["-f", "lavfi", "-i", f"anullsrc=r={AUDIO_RATE}:cl=stereo"]


def x264_args(preset: str, crf: int) -> list[str]:
    """The H.264 encoding, the same for a whole video and for each of its segments (which
    must match exactly to be joined without re-encoding). nv12 is 4:2:0 like yuv420p (players
    see a yuv420p stream) and is what x264 uses inside."""
    return [
        "-c:v",
        "libx264",
        "-preset",
        preset,
        "-crf",
        str(crf),
        "-pix_fmt",
        "nv12",
        *_COLOUR_TAGS,
    ]


def vbv_args(video_kbps: int) -> list[str]:
    """x264 at its usual quality, but never above ``video_kbps`` over any second."""
    return ["-maxrate", f"{video_kbps}k", "-bufsize", f"{int(video_kbps * VBV_SECONDS)}k"]


def aac_args(bitrate: str = AUDIO_BITRATE) -> list[str]:
    """The soundtrack's encoding; short audio is padded (then cut by ``-t``)."""
    return [
        "-af",
        f"aresample={AUDIO_RATE},apad",
        "-c:a",
        "aac",
        "-b:a",
        bitrate,
        "-ar",
        str(AUDIO_RATE),
        "-ac",
        "2",
    ]


def _grow_pipe(pipe: IO[bytes]) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, OSError, AttributeError):
        pass  # not Linux, or limited by /proc/sys/fs/pipe-max-size: the default still works


def _eta(done: float, total: float, elapsed: float) -> str:
    if done <= 0 or elapsed < 0.5:
        return f"Frame {int(done)} of {int(total)}"
    left = (total - done) * elapsed / done
    m, s = divmod(int(round(left)), 60)
    return f"Frame {int(done)} of {int(total)}, about {m}:{s:02d} left"


def _failure(log: _FfmpegLog, returncode: int | None) -> StudioError:
    log.join()
    tail = log.tail()
    if "No space left on device" in tail or "Disk quota exceeded" in tail:
        return StudioError(
            "Export failed: the disk is full (no space left to write the video). "
            "Free some space or choose another folder."
        )
    if log.stalled:
        return StudioError(
            f"Export failed: ffmpeg stopped responding (no progress for {int(STALL_SECONDS)} s)."
        )
    why = tail or f"ffmpeg exited with code {returncode}"
    return StudioError(f"Export failed: ffmpeg stopped with the error \u201c{why}\u201d.")


class _Watchdog:
    """Kills ffmpeg when it reports an error it cannot recover from, or stops making progress,
    so a blocked pipe write or wait turns into a clear failure instead of a hang."""

    def __init__(self, proc: subprocess.Popen[bytes], log: _FfmpegLog) -> None:
        self._proc = proc
        self._log = log
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ffmpeg-watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.25):
            if self._proc.poll() is not None:
                return
            stalled = time.monotonic() - self._log.last_progress > STALL_SECONDS
            if self._log.fatal or stalled:
                self._log.stalled = stalled and not self._log.fatal
                with contextlib.suppress(OSError):
                    self._proc.kill()
                return

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=2)


_KEY_VALUE = re.compile(r"^[a-z_0-9]+=")  # -progress lines: frame=12, bitrate=  0.1kbits/s
_CONTEXT = re.compile(r"^(\[[^\]]*\]\s*)+")


class _FfmpegLog:
    """Drains ffmpeg's stderr on a thread: counts encoded frames from ``-progress`` output
    and keeps the last error lines for the message shown when ffmpeg fails."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.frames = 0
        self.fatal = False
        self.stalled = False
        self.last_progress = time.monotonic()
        self._lines: collections.deque[str] = collections.deque(maxlen=6)
        self._stream = stream
        self._thread = threading.Thread(target=self._run, name="ffmpeg-log", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in self._stream:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("frame="):
                    with contextlib.suppress(ValueError):
                        frames = int(line[6:])
                        if frames != self.frames:
                            self.frames = frames
                            self.last_progress = time.monotonic()
                elif line.startswith("progress=end"):
                    self.last_progress = time.monotonic()
                elif line and not _KEY_VALUE.match(line):
                    if _FATAL.search(line):
                        self.fatal = True
                    line = _CONTEXT.sub("", line).rstrip(".")  # "[in#1 @ 0x55…] Error …"
                    if line and line not in self._lines:
                        self._lines.append(line)

    def join(self) -> None:
        self._thread.join(timeout=5)

    def tail(self) -> str:
        text = "; ".join(list(self._lines)[-3:])
        return text if len(text) <= 300 else "…" + text[-299:]
