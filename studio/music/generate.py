"""Royalty-free instrumental beds generated on the spot, by mood and seed.

With the General MIDI SoundFont installed (studio.music.soundfont), a bed is a score composed
for the video's form (studio.music.compose: intro under the title card, a build through the
bullets, a lift on the call to action, a cadence on the last frame) played by real instrument
samples (studio.music.arrange). Without it, the built-in synthesiser below makes the bed:

pads playing a chord progression, a soft bass, light percussion and (for livelier
moods) plucked arpeggios. Each instrument is rendered once as a seamless loop of the
progression played twice (the repeat varied), then tiled to the video's length under a simple
arrangement (intro without drums, full, a breakdown in long beds) and faded in and out. The
seed picks key, progression, patterns and noise, so (mood, seed, duration) always gives the
same audio and "shuffle" is just another seed. Tempo depends on the mood only, so the beat grid
(``bed_beats``) is known without rendering.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from studio.core.cache import DiskCache, hash_key
from studio.core.errors import StudioError
from studio.media.audio import AUDIO_RATE, db_to_gain, read_wav, resample, write_wav
from studio.music import _synth as syn
from studio.music.loudness import integrated_loudness

if TYPE_CHECKING:
    from studio.music.compose import Form

BED_VERSION = 2  # bump when the sound for the same (mood, seed, duration, form) changes
BED_LUFS = -16.0  # beds are levelled here; the mixer sets the final balance
FADE_IN = 1.0
FADE_OUT_MAX = 3.0
STEPS = 16  # sixteenth notes per bar (4/4)

MAJOR = (0, 2, 4, 5, 7, 9, 11)


@dataclass(frozen=True)
class Mood:
    name: str
    bpm: float
    progressions: tuple[tuple[int, ...], ...]  # scale degrees (0 = I), one chord per bar
    sevenths: bool = False  # add the 7th (maj7 / m7) to pad chords
    kick: tuple[int, ...] = ()  # 16th-note steps in a bar
    clap: tuple[int, ...] = ()
    hats: tuple[int, ...] = ()
    shaker: tuple[int, ...] = ()
    bass: tuple[int, ...] = (0,)  # steps where the bass plays the root
    arp: tuple[int, ...] = ()  # steps where the arpeggio plays
    levels: dict[str, float] = field(default_factory=dict)  # stem -> dB
    reverb: float = 1.6  # seconds to -60 dB
    pad_attack: float = 0.35
    roots: tuple[int, ...] = (53, 55, 56, 57, 58, 60)  # MIDI key roots the seed picks from
    swing: float = 0.04  # off-beat 16ths are late by this fraction of a 16th
    bass_octave_steps: tuple[int, ...] = ()  # bass steps played an octave up
    pluck_length: float = 0.9  # seconds the arpeggio's notes ring
    pluck_brightness: float = 1.0
    suits: tuple[
        str, ...
    ] = ()  # kinds of product the mood suits; ``infer_mood`` matches copy to them


MOODS: dict[str, Mood] = {
    "upbeat": Mood(
        "upbeat",
        116.0,
        progressions=((0, 4, 5, 3), (5, 3, 0, 4), (0, 3, 5, 4)),
        kick=(0, 4, 8, 12),
        clap=(4, 12),
        hats=(2, 6, 10, 14),
        shaker=(1, 3, 5, 7, 9, 11, 13, 15),
        bass=(0, 3, 6, 8, 10, 14),
        arp=tuple(range(0, 16, 2)),
        levels={
            "pad": -15,
            "bass": -17,
            "kick": -14,
            "clap": -19,
            "hats": -22,
            "shaker": -30,
            "arp": -16,
        },
        reverb=1.4,
        pad_attack=0.25,
        bass_octave_steps=(6, 14),
        suits=(
            "Bright, positive and modern everyday gadgets",
            "kitchen appliances, blenders and cookware",
            "phone accessories, chargers and headphones",
            "home cleaning and household products",
            "practical travel bags and backpacks",
        ),
    ),
    "corporate": Mood(
        "corporate",
        100.0,
        progressions=((0, 5, 3, 4), (3, 0, 4, 5), (0, 4, 3, 4)),
        kick=(0, 8, 10),
        clap=(4, 12),
        hats=tuple(range(0, 16, 2)),
        bass=(0, 4, 8, 12),
        arp=tuple(range(0, 16, 2)),
        levels={"pad": -14, "bass": -18, "kick": -16, "clap": -23, "hats": -23, "arp": -14},
        reverb=1.8,
        swing=0.0,
        suits=(
            "business software and productivity apps",
            "office equipment, printers and desks",
            "professional services for teams and companies",
            "finance, security and enterprise tools",
        ),
    ),
    "calm": Mood(
        "calm",
        76.0,
        progressions=((0, 5, 3, 4), (0, 3, 5, 3), (3, 4, 2, 5)),
        sevenths=True,
        shaker=tuple(range(0, 16, 2)),
        bass=(0, 8),
        arp=(0, 6, 12),
        levels={"pad": -13, "bass": -20, "shaker": -31, "arp": -17},
        reverb=2.6,
        pad_attack=0.8,
        pluck_length=2.2,
        pluck_brightness=0.8,
        suits=(
            "sleep, relaxation and wellness",
            "skincare, spa and bath products",
            "yoga, meditation and candles",
            "tea, natural and organic home comfort",
        ),
    ),
    "energetic": Mood(
        "energetic",
        128.0,
        progressions=((5, 3, 0, 4), (0, 0, 3, 4), (5, 4, 3, 4)),
        kick=(0, 4, 8, 12),
        clap=(4, 12),
        hats=(2, 6, 10, 14),
        shaker=tuple(range(16)),
        bass=(2, 6, 10, 14),
        arp=tuple(range(16)),
        levels={
            "pad": -17,
            "bass": -15,
            "kick": -12,
            "clap": -17,
            "hats": -20,
            "shaker": -29,
            "arp": -18,
        },
        reverb=1.1,
        pad_attack=0.05,
        roots=(57, 58, 59, 60, 62),
        swing=0.0,
        pluck_length=0.35,
        pluck_brightness=1.3,
        suits=(
            "sports, fitness and gym equipment",
            "running shoes and workout gear",
            "gaming and esports",
            "power tools, cars and motorbikes",
            "outdoor adventure and extreme performance",
        ),
    ),
    "luxury": Mood(
        "luxury",
        84.0,
        progressions=((5, 1, 4, 0), (0, 5, 1, 4), (3, 2, 5, 4)),
        sevenths=True,
        kick=(0, 10),
        hats=(4, 12),
        bass=(0, 10),
        arp=(0, 3, 6, 10),
        levels={"pad": -12, "bass": -18, "kick": -19, "hats": -27, "arp": -19},
        reverb=3.0,
        pad_attack=0.6,
        roots=(50, 51, 53, 55),
        swing=0.08,
        pluck_length=1.8,
        pluck_brightness=0.6,
        suits=(
            "luxury watches and fine jewelry",
            "designer fashion, leather handbags and perfume",
            "premium high-end craftsmanship",
            "elegant gold, diamonds and exclusive gifts",
        ),
    ),
    "playful": Mood(
        "playful",
        108.0,
        progressions=((0, 3, 4, 0), (0, 5, 3, 4), (3, 4, 0, 0)),
        kick=(0, 6, 8),
        clap=(4, 12),
        hats=(0, 3, 6, 8, 11, 14),
        shaker=(2, 10),
        bass=(0, 6, 8, 14),
        arp=(0, 3, 4, 7, 8, 11, 12, 15),
        levels={
            "pad": -19,
            "bass": -17,
            "kick": -16,
            "clap": -20,
            "hats": -24,
            "shaker": -28,
            "arp": -13,
        },
        reverb=1.2,
        pad_attack=0.15,
        roots=(60, 62, 64, 65),
        swing=0.12,
        bass_octave_steps=(6, 14),
        pluck_length=0.5,
        pluck_brightness=1.2,
        suits=(
            "toys and games for kids and toddlers",
            "baby products and children's gifts",
            "pet toys and treats for dogs and cats",
            "party supplies, colorful crafts and cute novelties",
        ),
    ),
}
ALIASES = {
    "happy": "upbeat",
    "business": "corporate",
    "relaxed": "calm",
    "chill": "calm",
    "elegant": "luxury",
    "premium": "luxury",
    "sport": "energetic",
    "fun": "playful",
    "kids": "playful",
}


def moods() -> list[str]:
    return list(MOODS)


def get_mood(mood: str) -> Mood:
    key = ALIASES.get(mood.strip().lower(), mood.strip().lower())
    try:
        return MOODS[key]
    except KeyError:
        raise StudioError(f"unknown music mood '{mood}' (moods: {', '.join(MOODS)})") from None


def bed_tempo(mood: str) -> float:
    """Beats per minute of beds in ``mood`` (the same for every seed)."""
    return get_mood(mood).bpm


def bed_beats(mood: str, duration: float) -> np.ndarray:
    """Times (s) of every beat in a bed of ``duration``; every 4th, from 0, starts a bar."""
    beat = 60.0 / bed_tempo(mood)
    return np.arange(0.0, max(duration, 0.0), beat)


def _rng(mood: Mood, seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng(
        [zlib.crc32(mood.name.encode()), seed & 0xFFFFFFFF, zlib.crc32(stream.encode())]
    )


def _chord(degree: int, sevenths: bool) -> list[int]:
    """Semitones above the key root of a diatonic triad (or 7th chord) on ``degree``."""
    idx = [degree, degree + 2, degree + 4] + ([degree + 6] if sevenths else [])
    return [12 * (i // 7) + MAJOR[i % 7] for i in idx]


def _voice_lead(chords: list[list[int]], root: int) -> list[list[int]]:
    """Place each chord's notes near the previous chord's, within a pad-friendly range."""
    out: list[list[int]] = []
    prev: list[int] | None = None
    for semis in chords:
        pcs = sorted({(root + s) % 12 for s in semis})
        cands = []
        for low in range(root + 2, root + 14):  # pads sit around C4-C5, above the voice's body
            notes = sorted(low + ((pc - low) % 12) for pc in pcs)
            cands.append(notes)
        if prev is None:
            best = min(cands, key=lambda c: abs(c[0] - (root + 7)))
        else:
            p = prev
            best = min(
                cands,
                key=lambda c: (
                    sum(abs(a - b) for a, b in zip(c, p, strict=False)) + abs(len(c) - len(p))
                ),
            )
        out.append(best)
        prev = best
    return out


@dataclass
class _Loop:
    """One loop (the progression twice) of each instrument, as (n, 2) circular buffers."""

    n: int
    stems: dict[str, np.ndarray]


def _render_loop(mood: Mood, seed: int, sr: int) -> tuple[_Loop, float]:
    rng = _rng(mood, seed, "choices")
    root = int(rng.choice(list(mood.roots)))
    prog = mood.progressions[int(rng.integers(len(mood.progressions)))]
    bars = len(prog) * 2
    bar = 4 * 60.0 / mood.bpm
    step = bar / STEPS
    n = int(round(bars * bar * sr))
    chords = _voice_lead([_chord(d, mood.sevenths) for d in prog], root)
    stems = {k: np.zeros((n, 2), np.float32) for k in mood.levels}
    arp_up = bool(rng.integers(2))
    swing = mood.swing * step

    def at(b: int, s: int) -> int:
        off = swing if s % 2 else 0.0
        return int(round((b * bar + s * step + off) * sr))

    noise = _rng(mood, seed, "noise")
    drums = {
        "kick": syn.kick(sr, noise),
        "clap": syn.clap(sr, noise),
        "hats": syn.hat(sr, noise),
        "shaker": syn.shaker(sr, noise),
    }
    plucks: dict[int, np.ndarray] = {}
    for b in range(bars):
        notes = chords[b % len(prog)]
        second = b >= len(prog)
        # pads: each chord held for the bar, released into the next
        if "pad" in stems:
            for i, m in enumerate(notes):
                note = syn.pad_note(
                    syn.midi_hz(m),
                    bar - mood.pad_attack * 0.5,
                    sr,
                    detune_cents=7.0,
                    attack=mood.pad_attack,
                    release=0.9,
                    phase=float(rng.random()),
                )
                vel = 0.8 if i == 0 else 1.0
                syn.place(stems["pad"], note * vel / math.sqrt(len(notes)), at(b, 0))
        chord_root = root + _chord(prog[b % len(prog)], False)[0]
        bass_hz = syn.midi_hz(36 + (chord_root - 36) % 12)  # the chord's root, C2..B2
        if "bass" in stems:
            steps = mood.bass
            for j, s in enumerate(steps):
                nxt = steps[j + 1] if j + 1 < len(steps) else STEPS
                dur = (nxt - s) * step * 0.92
                octave = 2.0 if s in mood.bass_octave_steps else 1.0
                note = syn.bass_note(bass_hz * octave, dur, sr, decay=1.2 if dur > bar / 3 else 3.0)
                syn.place(stems["bass"], note[:, None] * [1.0, 1.0], at(b, s))
        if "arp" in stems and mood.arp:
            tones = [m + 12 for m in notes] + [notes[0] + 24]
            if not arp_up:
                tones = tones[::-1]
            if second:
                tones = tones[1:] + tones[:1]  # the repeat starts on another chord tone
            for j, s in enumerate(mood.arp):
                m = tones[j % len(tones)]
                vel = (1.0 if s % 8 == 0 else 0.7) * (0.9 + 0.2 * rng.random())
                pan = 0.3 * (1 if j % 2 else -1)
                if m not in plucks:
                    plucks[m] = syn.pluck_note(
                        syn.midi_hz(m),
                        sr,
                        length=mood.pluck_length,
                        brightness=mood.pluck_brightness,
                    )
                note = plucks[m]
                syn.place(stems["arp"], note[:, None] * vel * [1 - pan, 1 + pan], at(b, s))
        for name in ("kick", "clap", "hats", "shaker"):
            if name not in stems:
                continue
            pattern = list(getattr(mood, name))
            if name == "hats" and second and b == bars - 1:
                pattern += [15]  # a small lift into the loop's restart
            for s in pattern:
                accent = 1.0 if s % 4 == 0 else 0.75
                vel = accent * (0.85 + 0.3 * noise.random())
                pan = 0.0 if name in ("kick", "clap") else (0.25 if name == "hats" else -0.3)
                syn.place(stems[name], drums[name][:, None] * vel * [1 - pan, 1 + pan], at(b, s))
    verb = _rng(mood, seed, "reverb")
    for name, send in (("pad", 0.55), ("arp", 0.45), ("clap", 0.3)):
        if name in stems:
            stems[name] += send * syn.circular_reverb(stems[name], sr, mood.reverb, verb)
    for name, level in mood.levels.items():
        stems[name] *= db_to_gain(level)
    return _Loop(n, stems), bar


def _arrangement(
    mood: Mood, total_bars: int, bar_n: float
) -> dict[str, tuple[list[float], list[float]]]:
    """Gain of each stem over time, as breakpoints (sample, gain) to interpolate: an intro
    without drums and bass, a breakdown in long beds. Changes happen at bar lines, over a short
    ramp. Breakpoints, not per-sample arrays: a ten-minute bed would need one per stem."""
    intro = 2 if total_bars >= 8 else (1 if total_bars >= 4 else 0)
    breakdown = range(total_bars // 2, total_bars // 2 + 2) if total_bars >= 16 else range(0)
    ramp = 0.01 * bar_n
    gains: dict[str, tuple[list[float], list[float]]] = {}
    for name in mood.levels:
        per_bar = np.ones(total_bars, np.float32)
        if name in ("kick", "clap", "bass"):
            per_bar[:intro] = 0.0
            for b in breakdown:
                per_bar[b] = 0.0 if name != "bass" else 0.6
        if name in ("hats", "shaker"):
            per_bar[: max(intro - 1, 0)] = 0.0
        if name == "arp":
            per_bar[:intro] = 0.7
        xs, ys = [0.0], [float(per_bar[0])]
        for b in range(1, total_bars):
            if per_bar[b] != per_bar[b - 1]:
                xs += [b * bar_n - ramp, b * bar_n + ramp]
                ys += [float(per_bar[b - 1]), float(per_bar[b])]
        gains[name] = (xs, ys)
    return gains


def generate_bed(
    mood: str, seed: int, duration: float, sr: int = AUDIO_RATE, form: Form | None = None
) -> np.ndarray:
    """A bed of exactly ``round(duration * sr)`` samples, (n, 2) float32, levelled to BED_LUFS
    with peaks under -1 dBTP, faded in over 1 s and out to silence at the last sample.
    ``form`` places the intro, lift and cuts (compose.form_from_scenes); None: a default
    form for ``duration``. Played by the SoundFont's instruments when they are installed."""
    m = get_mood(mood)
    total_n = max(int(round(duration * sr)), 0)
    if total_n == 0:
        return np.zeros((0, 2), np.float32)
    from studio.music.soundfont import instruments

    band = instruments(AUDIO_RATE)
    if band is not None:
        from studio.music.arrange import soundfont_bed
        from studio.music.compose import default_form
        from studio.music.soundfont import release_instruments

        if form is None or abs(form.duration - duration) > 1e-6:
            form = default_form(duration, m.bpm)
        try:
            x, _ = soundfont_bed(band, m.name, int(seed), form, int(round(duration * AUDIO_RATE)))
        finally:
            del band
            release_instruments()  # the bed is cached; 500 MB of samples need not stay
        if sr != AUDIO_RATE:
            x = resample(x, AUDIO_RATE, sr)
            x = np.pad(x[:total_n], ((0, max(0, total_n - x.shape[0])), (0, 0)))
        return _level(np.ascontiguousarray(x, np.float32), sr)
    return synth_bed(m.name, seed, duration, sr)


def synth_bed(mood: str, seed: int, duration: float, sr: int = AUDIO_RATE) -> np.ndarray:
    """``generate_bed`` by the built-in synthesiser: looped, not shaped to the video's form."""
    m = get_mood(mood)
    total_n = max(int(round(duration * sr)), 0)
    if total_n == 0:
        return np.zeros((0, 2), np.float32)
    loop, bar = _render_loop(m, int(seed), sr)
    bar_n = bar * sr
    total_bars = max(1, math.ceil(total_n / bar_n))
    reps = math.ceil(total_n / loop.n)
    gains = _arrangement(m, total_bars, bar_n)
    out = np.zeros((total_n, 2), np.float32)
    for r in range(reps):  # tile the loop in place, one repetition at a time
        a, b = r * loop.n, min(total_n, (r + 1) * loop.n)
        where = np.arange(a, b, dtype=np.float32)
        for name, stem in loop.stems.items():
            xs, ys = gains[name]
            if len(xs) > 1:
                g = np.interp(where, xs, ys).astype(np.float32)
                out[a:b] += stem[: b - a] * g[:, None]
            else:
                out[a:b] += stem[: b - a] * np.float32(ys[0])
    return _fades(_level(out, sr), sr)


def _level(x: np.ndarray, sr: int) -> np.ndarray:
    """Set the bed's loudness to BED_LUFS, keeping sample peaks under -1.5 dBFS (the mixer
    does the true-peak limiting of the final mix)."""
    loud = integrated_loudness(x, sr)
    if not math.isfinite(loud):
        return x
    x *= np.float32(db_to_gain(BED_LUFS - loud))
    ceiling = db_to_gain(-1.5)
    knee = 0.8 * ceiling
    step = 10 * sr  # in pieces: no full-length temporaries for a long bed
    peak = max(
        (float(np.max(np.abs(x[s : s + step]))) for s in range(0, len(x), step)), default=0.0
    )
    if peak <= ceiling:
        return x
    for s in range(0, len(x), step):  # rare: soft-knee saturation above 80 % of the ceiling
        part = x[s : s + step]
        over = np.abs(part) > knee
        y = part[over]
        part[over] = np.sign(y) * (
            knee + (ceiling - knee) * np.tanh((np.abs(y) - knee) / (ceiling - knee))
        )
    return x


def _fades(x: np.ndarray, sr: int) -> np.ndarray:
    n = x.shape[0]
    fi = min(int(FADE_IN * sr), n // 2)
    fo = min(int(min(FADE_OUT_MAX, n / sr * 0.2) * sr), n - fi)
    if fi > 0:
        x[:fi] *= (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fi, dtype=np.float32)))[:, None]
    if fo > 0:
        x[n - fo :] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, fo, dtype=np.float32)))[:, None]
    return x


def cached_bed(
    mood: str, seed: int, duration: float, sr: int = AUDIO_RATE, form: Form | None = None
) -> np.ndarray:
    """``generate_bed`` through the disk cache (a float WAV in DiskCache("music")), keyed by
    everything the sound depends on: mood, seed, length, rate, form and the instruments."""
    from studio.music.soundfont import engine_name

    m = get_mood(mood)
    key = hash_key(
        "bed",
        BED_VERSION,
        m.name,
        int(seed),
        round(float(duration), 3),
        int(sr),
        engine_name(),
        list(form.key()) if form is not None else None,
    )
    cache = DiskCache("music")
    path = cache.path(key, ".wav")
    if path.is_file():
        try:
            x, file_sr = read_wav(path)
            if file_sr == sr and x.ndim == 2 and x.shape[0] == int(round(duration * sr)):
                return x
        except StudioError:
            pass  # a damaged cache file is regenerated
    x = generate_bed(m.name, seed, duration, sr, form)
    write_wav(path, x, sr, float32=True)
    return x
