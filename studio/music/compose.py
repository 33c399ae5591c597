"""Scores for the SoundFont beds: a mood's band playing a form shaped to the video's cuts.

A mood (studio.music.generate.Mood) gives the tempo, key roots, progressions and groove; its
``Style`` here adds the instrumentation (General MIDI programs, several bands per mood) and
how the keys comp and the lead phrases. The seed picks key, progression, band, arpeggio
direction and the lead's motif, so (mood, seed, form) always gives the same score.

The ``Form`` follows the timeline: an intro of pads and keys under the title card, a build
through the bullets (bass and a light groove, then the full groove and arpeggios), a lift on
the call to action (lead melody, open hats, a crash), and a cadence, dominant to tonic, whose
tonic lands within one beat of the video's last frame and rings out. Interior cuts can get a
soft cymbal. Section changes sit on the beat nearest to their cut: the beat grid
(``generate.bed_beats``) depends on the mood only, so snapped cuts stay on the music.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.music.generate import Mood, _chord, _voice_lead, get_mood
from studio.music.soundfont import DRUM_CHANNEL, NoteEvent, Program

NoteFn = Callable[[int, int, float, float, float], None]  # channel, key, start, end, velocity

STEPS = 16  # sixteenth notes per bar (4/4)
MIN_RING = 0.15  # seconds the final chord sounds at least before the video ends
PAD, KEYS, BASS, ARP, LEAD = 0, 1, 2, 3, 4
WET_CHANNELS = (PAD, KEYS, ARP, LEAD)  # sent to the reverb; bass and drums stay dry
# General MIDI percussion keys
KICK, SIDE_STICK, SNARE, CLAP, HAT, OPEN_HAT, CRASH, RIDE, SHAKER = (
    36,
    37,
    38,
    39,
    42,
    46,
    57,
    51,
    70,
)


@dataclass(frozen=True)
class Band:
    """One instrumentation: General MIDI programs (0-based) and a drum kit."""

    pad: int
    keys: int
    bass: int
    arp: int
    lead: int
    kit: int = 0
    snare: int = CLAP  # the backbeat's sound


@dataclass(frozen=True)
class Style:
    bands: tuple[Band, ...]
    comp: tuple[int, ...]  # 16th steps where the keys strike the chord
    lead_rhythm: tuple[int, ...]  # 16th steps of the lead's phrase in a bar
    volumes: tuple[int, int, int, int, int, int]  # CC7 of pad, keys, bass, arp, lead, drums
    hit: int = CRASH  # the soft cymbal on cuts


STYLES: dict[str, Style] = {
    "upbeat": Style(
        bands=(
            Band(pad=89, keys=0, bass=33, arp=12, lead=73),
            Band(pad=49, keys=4, bass=34, arp=25, lead=11),
            Band(pad=50, keys=5, bass=38, arp=9, lead=56, kit=24),
        ),
        comp=(0, 6, 10),
        lead_rhythm=(0, 3, 6, 8, 12),
        volumes=(70, 88, 104, 72, 84, 100),
    ),
    "corporate": Style(
        bands=(
            Band(pad=48, keys=0, bass=33, arp=4, lead=60),
            Band(pad=49, keys=5, bass=38, arp=0, lead=11),
            Band(pad=89, keys=0, bass=35, arp=46, lead=73, kit=8),
        ),
        comp=(0, 8),
        lead_rhythm=(0, 4, 8, 10),
        volumes=(76, 86, 100, 74, 78, 90),
    ),
    "calm": Style(
        bands=(
            Band(pad=89, keys=4, bass=32, arp=46, lead=73, kit=40),
            Band(pad=52, keys=24, bass=35, arp=11, lead=75, kit=40),
            Band(pad=94, keys=0, bass=32, arp=10, lead=71, kit=8),
        ),
        comp=(0,),
        lead_rhythm=(0, 6, 8),
        volumes=(90, 90, 78, 72, 72, 70),
        hit=RIDE,
    ),
    "energetic": Style(
        bands=(
            Band(pad=50, keys=29, bass=38, arp=81, lead=62, kit=16, snare=SNARE),
            Band(pad=95, keys=28, bass=39, arp=80, lead=81, kit=25, snare=CLAP),
            Band(pad=50, keys=30, bass=36, arp=81, lead=61, kit=16, snare=SNARE),
        ),
        comp=(0, 3, 6, 10, 12),
        lead_rhythm=(0, 2, 4, 6, 8, 11, 14),
        volumes=(92, 92, 106, 62, 74, 110),
    ),
    "luxury": Style(
        bands=(
            Band(pad=49, keys=0, bass=32, arp=11, lead=71, kit=40, snare=SIDE_STICK),
            Band(pad=52, keys=4, bass=35, arp=46, lead=65, kit=32, snare=SIDE_STICK),
            Band(pad=48, keys=0, bass=32, arp=8, lead=68, kit=40, snare=SIDE_STICK),
        ),
        comp=(0, 10),
        lead_rhythm=(0, 6, 10),
        volumes=(82, 90, 96, 70, 74, 80),
        hit=RIDE,
    ),
    "playful": Style(
        bands=(
            Band(pad=48, keys=12, bass=32, arp=9, lead=71),
            Band(pad=49, keys=13, bass=33, arp=45, lead=79),
            Band(pad=89, keys=10, bass=32, arp=12, lead=72, kit=8),
        ),
        comp=(0, 4, 8, 12),
        lead_rhythm=(0, 2, 4, 7, 8, 12),
        volumes=(60, 84, 100, 74, 82, 92),
    ),
}

MOTIFS = ((0, 1, 2, 1, 0), (2, 1, 0, 1, 2), (0, 2, 1, 3, 2), (3, 2, 1, 2, 0), (1, 0, 1, 2, 3))


@dataclass(frozen=True)
class Form:
    """Where the video's parts are (seconds): the title card ends at ``intro_end``, the call to
    action starts at ``lift_start``; ``cuts`` (between scenes) may get a soft hit."""

    duration: float
    intro_end: float
    lift_start: float
    cuts: tuple[float, ...] = ()

    def key(self) -> tuple[float, ...]:
        """The form as numbers, for cache keys."""
        return (
            round(self.duration, 3),
            round(self.intro_end, 3),
            round(self.lift_start, 3),
            *(round(c, 3) for c in self.cuts),
        )


def default_form(duration: float, bpm: float) -> Form:
    """The form of a bed whose timeline is unknown (a preview, the timeline's waveform): an
    intro of one or two bars, the lift over the last quarter."""
    bar = 240.0 / bpm
    intro = bar * (2 if duration >= 16 * bar else 1)
    intro = min(intro, 0.2 * duration)
    return Form(duration, intro, max(intro, 0.75 * duration))


def form_from_scenes(kinds: Sequence[str], ends: Sequence[float], duration: float) -> Form:
    """The form of a timeline with scenes of ``kinds`` ("title", "bullet", "cta") ending at
    ``ends``: the intro lasts while a leading title card shows, the lift starts with a trailing
    call to action (else over the last quarter)."""
    ends = [min(float(e), duration) for e in ends]
    starts = [0.0, *ends[:-1]]
    intro = ends[0] if kinds and kinds[0] == "title" and ends else 0.0
    lift = 0.75 * duration
    if len(kinds) > 1 and kinds[-1] == "cta":
        lift = starts[-1]
    intro = min(intro, 0.5 * duration)
    cuts = tuple(e for e in ends[:-1] if 0.0 < e < duration)
    return Form(duration, intro, max(intro, lift), cuts)


def cadence_time(bpm: float, duration: float) -> float:
    """When the final tonic lands: the beat nearest half a beat before the end, no later
    than MIN_RING before it (so it is heard), hence within one beat of the end."""
    beat = 60.0 / bpm
    t = round((duration - 0.5 * beat) / beat) * beat
    return max(0.0, min(t, duration - MIN_RING))


@dataclass(frozen=True)
class Score:
    programs: tuple[Program, ...]
    events: tuple[NoteEvent, ...]
    volumes: tuple[tuple[int, int, int], ...]  # (channel, controller, value)
    cadence: float  # seconds


def _rng(name: str, seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng(
        [zlib.crc32(name.encode()), seed & 0xFFFFFFFF, zlib.crc32(stream.encode())]
    )


def compose(mood_name: str, seed: int, form: Form, sr: int) -> Score:
    """The score of a bed in ``mood_name`` (a key of generate.MOODS) for ``form``."""
    mood = get_mood(mood_name)
    style = STYLES[mood.name]
    rng = _rng(mood.name, seed, "compose")
    root = int(rng.choice(list(mood.roots)))
    prog = mood.progressions[int(rng.integers(len(mood.progressions)))]
    band = style.bands[int(rng.integers(len(style.bands)))]
    arp_up = bool(rng.integers(2))
    motif = MOTIFS[int(rng.integers(len(MOTIFS)))]
    human = _rng(mood.name, seed, "humanise")

    beat = 60.0 / mood.bpm
    bar = 4 * beat
    step = bar / STEPS
    duration = form.duration
    t_end = cadence_time(mood.bpm, duration)

    def on_beat(t: float) -> float:
        return round(t / beat) * beat

    intro_end = min(on_beat(form.intro_end), t_end)
    lift = min(max(on_beat(form.lift_start), intro_end), t_end)
    build_mid = on_beat(intro_end + 0.5 * (lift - intro_end))
    dominant_from = max(intro_end, t_end - 2 * beat)

    chords = _voice_lead([_chord(d, mood.sevenths) for d in prog], root)
    tonic = _voice_lead([_chord(prog[-1], mood.sevenths), _chord(0, mood.sevenths)], root)[1]
    dominant = _voice_lead([chords[-1], _chord(4, mood.sevenths)], root)[1]

    events: list[NoteEvent] = []

    def note(ch: int, key: int, t0: float, t1: float, vel: float) -> None:
        if t0 >= duration or t1 <= t0 or not 0 <= key <= 127:
            return
        v = int(np.clip(round(vel * (0.94 + 0.12 * human.random())), 1, 127))
        a, b = int(round(t0 * sr)), int(round(min(t1, duration) * sr))
        events.append(NoteEvent(a, ch, key, v))
        events.append(NoteEvent(max(b, a + 1), ch, key, 0))

    def energy(t: float) -> float:
        """0.7 in the intro rising to 0.9 through the build, 1 in the lift."""
        if t < intro_end:
            return 0.7
        if t < lift:
            return 0.78 + 0.12 * (t - intro_end) / max(lift - intro_end, 1e-6)
        return 1.0

    def chord_at(t: float) -> tuple[list[int], int]:
        if t >= t_end:
            return tonic, 0
        if t >= dominant_from:
            return dominant, 4
        b = int(t // bar + 1e-9)
        return chords[b % len(prog)], prog[b % len(prog)]

    def swung(b: int, s: int) -> float:
        return b * bar + s * step + (mood.swing * step if s % 2 else 0.0)

    bars = math.ceil(t_end / bar)
    for b in range(bars):
        t_bar = b * bar
        # pads and the bass move with the chord: at the bar line, and where the cadence starts
        changes = sorted({t_bar, *(x for x in (dominant_from,) if t_bar < x < t_bar + bar)})
        for i, t0 in enumerate(changes):
            t1 = min(changes[i + 1] if i + 1 < len(changes) else t_bar + bar, t_end)
            if t1 <= t0:
                continue
            notes, degree = chord_at(t0)
            e = energy(t0)
            for m in notes:
                note(PAD, m, t0, t1 + 0.05, 70 * e + 20)
            if t0 >= intro_end:
                bass_key = 36 + (root + _chord(degree, False)[0] - 36) % 12
                for j, s in enumerate(mood.bass):
                    ts = swung(b, s)
                    if not t0 <= ts < t1:
                        continue
                    nxt = mood.bass[j + 1] if j + 1 < len(mood.bass) else STEPS
                    octave = 12 if s in mood.bass_octave_steps else 0
                    vel = (100 if s % 4 == 0 else 84) * (0.85 + 0.15 * e)
                    note(BASS, bass_key + octave, ts, min(swung(b, nxt) - 0.02, t1), vel)
        for j, s in enumerate(style.comp):
            ts = swung(b, s)
            if ts >= t_end:
                break
            notes, _ = chord_at(ts)
            nxt = style.comp[j + 1] if j + 1 < len(style.comp) else STEPS
            accent = 1.0 if s == 0 else 0.82
            for m in notes:
                note(
                    KEYS,
                    m - 12 if style.comp == (0,) else m,
                    ts,
                    swung(b, nxt) - 0.03,
                    88 * energy(ts) * accent,
                )
        if mood.arp:
            for j, s in enumerate(mood.arp):
                ts = swung(b, s)
                if ts >= t_end or ts < intro_end or (ts < build_mid and lift > intro_end + bar):
                    continue
                notes, _ = chord_at(ts)
                tones = [m + 12 for m in notes] + [notes[0] + 24]
                tones = tones if arp_up else tones[::-1]
                vel = (86 if s % 8 == 0 else 70) * energy(ts)
                note(ARP, tones[j % len(tones)], ts, ts + max(step * 1.6, 0.12), vel)
        if lift <= t_bar < t_end:
            for j, s in enumerate(style.lead_rhythm):
                ts = swung(b, s)
                if ts >= dominant_from:
                    break
                notes, _ = chord_at(ts)
                tones = sorted(m + 12 for m in notes)
                deg = motif[j % len(motif)] + (b % 2)
                key = tones[deg % len(tones)] + 12 * (deg // len(tones))
                nxt = style.lead_rhythm[j + 1] if j + 1 < len(style.lead_rhythm) else STEPS
                note(LEAD, key, ts, min(swung(b, nxt), dominant_from) - 0.04, 92)
        _drums(note, mood, band, b, beat, swung, (intro_end, build_mid, lift, t_end), energy)

    # the cadence: the tonic on pad, keys and bass, a soft crash, ringing to the end
    for m in tonic:
        note(PAD, m, t_end, duration, 80)
        note(KEYS, m, t_end, duration, 84)
    note(KEYS, tonic[0] - 12, t_end, duration, 80)
    note(BASS, 36 + (root - 36) % 12, t_end, duration, 100)
    note(DRUM_CHANNEL, style.hit, t_end, duration, 70)
    for c in form.cuts:
        if intro_end * 0.5 < c < t_end - beat:
            note(DRUM_CHANNEL, style.hit, c, c + 1.0, 46)
    if lift > intro_end and lift < t_end:
        note(DRUM_CHANNEL, CRASH, lift, lift + 1.0, 80)

    programs = (
        Program(PAD, band.pad),
        Program(KEYS, band.keys),
        Program(BASS, band.bass),
        Program(ARP, band.arp),
        Program(LEAD, band.lead),
        Program(DRUM_CHANNEL, band.kit, drums=True),
    )
    channels = (PAD, KEYS, BASS, ARP, LEAD, DRUM_CHANNEL)
    volumes = tuple((ch, 7, v) for ch, v in zip(channels, style.volumes, strict=True))
    pans = ((PAD, 10, 64), (KEYS, 10, 52), (ARP, 10, 84), (LEAD, 10, 70))
    return Score(programs, tuple(events), volumes + pans, t_end)


def _drums(
    note: NoteFn,
    mood: Mood,
    band: Band,
    b: int,
    beat: float,
    swung: Callable[[int, int], float],
    sections: tuple[float, float, float, float],
    energy: Callable[[float], float],
) -> None:
    """One bar of the groove: nothing in the intro, kick and hats (or shaker) in the first
    half of the build, the backbeat from its second half, open hats in the lift, and a fill
    on the last beat before the cadence."""
    intro_end, build_mid, lift, t_end = sections
    parts: list[tuple[int, tuple[int, ...], float, float]] = [
        (KICK, mood.kick, 104, intro_end),
        (HAT, mood.hats, 70, intro_end),
        (SHAKER, mood.shaker, 58, intro_end),
        (band.snare, mood.clap, 92, build_mid),
    ]
    for key, steps, vel, start in parts:
        for s in steps:
            ts = swung(b, s)
            if start <= ts < t_end:
                accent = 1.0 if s % 4 == 0 else 0.8
                note(DRUM_CHANNEL, key, ts, ts + 0.1, vel * accent * energy(ts))
    if mood.hats:
        for s in (2, 10):
            ts = swung(b, s)
            if lift <= ts < t_end:
                note(DRUM_CHANNEL, OPEN_HAT, ts, ts + 0.2, 58)
    if mood.clap:
        for k in range(4):
            ts = t_end - beat + k * beat / 4
            if b * 4 * beat <= ts < (b + 1) * 4 * beat and ts >= build_mid:
                note(DRUM_CHANNEL, band.snare, ts, ts + 0.1, 60 + 10 * k)
