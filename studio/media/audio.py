"""Small audio helpers shared by voice, music and jobs: WAV files, resampling, decibels.

WAVs are written atomically (a reader never sees half a file) as 16-bit PCM by default, which
every player and ffmpeg reads; float32 WAV is available for intermediate files.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from studio.core.errors import MediaError
from studio.core.fsutil import atomic_path

# Every soundtrack the studio makes: its rate (AAC at 48 kHz in the MP4), the loudness platforms
# normalise to, and the true-peak ceiling that keeps lossy encoding from clipping.
AUDIO_RATE = 48000
TARGET_LUFS = -14.0
TRUE_PEAK_CEILING_DB = -1.0


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


WAV_CHUNK = 1 << 18  # frames converted and written at a time: a long soundtrack is not copied whole


def write_wav(path: Path, samples: np.ndarray, sr: int, *, float32: bool = False) -> Path:
    """Write (n,) mono or (n, channels) samples in [-1, 1] as a WAV (16-bit PCM, or 32-bit
    float), atomically, converting a chunk at a time."""
    import struct

    path = Path(path)
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim not in (1, 2):
        raise ValueError(f"samples must be (n,) or (n, channels), not {x.shape}")
    channels = 1 if x.ndim == 1 else x.shape[1]
    width = 4 if float32 else 2
    data_bytes = x.shape[0] * channels * width
    fmt_tag = 3 if float32 else 1  # IEEE float / PCM
    header = b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH",
        16,
        fmt_tag,
        channels,
        int(sr),
        int(sr) * channels * width,
        channels * width,
        8 * width,
    )
    header += b"data" + struct.pack("<I", data_bytes)
    with atomic_path(path, suffix=".wav") as tmp, open(tmp, "wb") as f:
        f.write(header)
        for s in range(0, x.shape[0], WAV_CHUNK):
            part = x[s : s + WAV_CHUNK]
            if float32:
                f.write(np.ascontiguousarray(part, "<f4").tobytes())
            else:
                f.write(np.round(np.clip(part, -1.0, 1.0) * 32767.0).astype("<i2").tobytes())
        f.flush()
        os.fsync(f.fileno())
    return path


def check_audio_file(path: Path, what: str = "audio file") -> os.stat_result:
    """Refuse, with the reason a user can act on, a sound file that cannot even be opened
    (``studio.core.intake.sound_file_problem``: the check product.toml's music gets too).
    ``what`` names the kind in the message ("music file not found")."""
    from studio.core.intake import sound_file_problem

    path = Path(path)
    problem = sound_file_problem(path, what)
    if problem:
        raise MediaError(path, problem)
    return os.stat(path)


RIFF_CHUNK_HEAD = 8  # a chunk's four-letter id and its little-endian byte count


def wav_header_too_short(path: Path) -> bool:
    """Whether ``path`` is a WAV whose data chunk claims fewer bytes than follow it, with no
    further chunk after the claimed end: a recorder that stopped before fixing its header, or a
    file appended to. Decoders trust the header and play only its first moments."""
    import struct
    from typing import BinaryIO

    def chunk(f: BinaryIO) -> tuple[bytes, int] | None:
        head = f.read(RIFF_CHUNK_HEAD)
        if len(head) < RIFF_CHUNK_HEAD:
            return None
        return head[:4], struct.unpack("<I", head[4:])[0]

    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if f.read(4) != b"RIFF":
                return False
            f.seek(RIFF_CHUNK_HEAD, os.SEEK_CUR)  # the RIFF size, then "WAVE"
            while (found := chunk(f)) is not None:
                kind, length = found
                f.seek(length + (length & 1), os.SEEK_CUR)
                if kind != b"data":
                    continue
                if f.tell() >= size:
                    return False
                after = chunk(f)
                # a real chunk after the samples (LIST, id3): the header is right
                return not (
                    after is not None
                    and after[0].decode("latin-1").isprintable()
                    and f.tell() + after[1] <= size
                )
    except OSError:
        return False
    return False


UNKNOWN_LENGTHS = (0, 0xFFFFFFFF)  # what streaming writers put in a header they cannot fix
FMT_HEAD = 12  # a fmt chunk's tag, channels, rate and byte rate (the last four bytes)


def wav_claimed_seconds(path: Path) -> float | None:
    """How long a WAV's header says its sound is, when its data chunk claims more bytes than
    the file holds (a file cut short: ffmpeg then estimates the length from the bytes there
    are and plays them without a word); None for any other file."""
    import struct

    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if f.read(12)[:4] != b"RIFF":
                return None
            byte_rate = 0
            while len(head := f.read(RIFF_CHUNK_HEAD)) == RIFF_CHUNK_HEAD:
                kind, length = head[:4], struct.unpack("<I", head[4:])[0]
                if kind == b"fmt " and length >= FMT_HEAD:
                    byte_rate = struct.unpack("<I", f.read(FMT_HEAD)[FMT_HEAD - 4 :])[0]
                    f.seek(length - FMT_HEAD + (length & 1), os.SEEK_CUR)
                elif kind == b"data":
                    if length in UNKNOWN_LENGTHS or f.tell() + length <= size or not byte_rate:
                        return None
                    return length / byte_rate
                else:
                    f.seek(length + (length & 1), os.SEEK_CUR)
    except (OSError, struct.error):
        return None
    return None


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1] ((n,) for mono, (n, channels) otherwise) and the rate;
    samples that are not numbers (NaN, infinity in a float WAV) become silence."""
    import warnings

    from scipy.io import wavfile

    path = Path(path)
    check_audio_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", wavfile.WavFileWarning)  # odd but readable chunks
            sr, data = wavfile.read(path)
    except (ValueError, OSError) as exc:
        raise MediaError(path, f"not a WAV file this app can read ({exc})") from exc
    if data.dtype == np.int16:
        x = data.astype(np.float32) / 32768.0
    elif data.dtype == np.int32:
        x = data.astype(np.float32) / 2147483648.0
    elif data.dtype == np.uint8:
        x = (data.astype(np.float32) - 128.0) / 128.0
    elif data.dtype in (np.float32, np.float64):
        x = data.astype(np.float32)
    else:
        raise MediaError(path, f"unsupported WAV sample format {data.dtype}")
    if sr <= 0:
        raise MediaError(path, f"not a WAV file this app can read (its sample rate is {sr})")
    return finite(x), int(sr)


def finite(x: np.ndarray) -> np.ndarray:
    """``x`` with NaN and infinite samples (a broken float file) made silent, in place."""
    if not np.isfinite(x).all():
        np.nan_to_num(x, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    return x


def resample(x: np.ndarray, sr_from: int, sr_to: int) -> np.ndarray:
    """Band-limited resampling along axis 0 (polyphase; exact rational ratio)."""
    if sr_from == sr_to:
        return np.asarray(x, np.float32)
    from scipy.signal import resample_poly

    g = math.gcd(int(sr_from), int(sr_to))
    resampled = resample_poly(x, int(sr_to) // g, int(sr_from) // g, axis=0)
    result: np.ndarray = resampled.astype(np.float32)
    return result


def to_stereo(x: np.ndarray) -> np.ndarray:
    """(n,) or (n, 1) -> (n, 2) by copying; (n, 2) unchanged; more channels: first two."""
    x = np.asarray(x, np.float32)
    if x.ndim == 1:
        return np.repeat(x[:, None], 2, axis=1)
    if x.shape[1] == 1:
        return np.repeat(x, 2, axis=1)
    return x[:, :2]
