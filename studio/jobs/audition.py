"""Short listening jobs for the studio's panels: hear a voice, a take or the music bed, and
bring a music file into the project, before anything is exported.

Each is a plain generator job (yields Progress, returns its result) so the UI runs it on a
worker. None of them reads a live Project while it runs: callers pass plain values or a
``snapshot``.
"""

from __future__ import annotations

import shutil
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from studio.core.errors import MediaError, StudioError
from studio.core.fsutil import atomic_path
from studio.core.intake import MUSIC_SUFFIXES, music_suffix_problem
from studio.core.model import Project
from studio.core.progress import Progress
from studio.media.audio import TARGET_LUFS

if TYPE_CHECKING:
    from studio.voice.takes import VoiceTake

PREVIEW_SECONDS = 20.0
REGENERATE_VARIATION = 0.6  # how far a regenerated take may stray from the steady reading
SAMPLE_SENTENCE = "Here is how this voice will sound in your video."
MUSIC_EXTENSIONS = MUSIC_SUFFIXES  # what product.toml's music may be, too
MUSIC_FOLDER = "music"
EXPORT_LUFS = TARGET_LUFS  # the finished soundtrack's loudness


@dataclass(frozen=True)
class Clip:
    """Sound ready to play, and the take it came from (for voice)."""

    samples: np.ndarray
    sample_rate: int
    take: VoiceTake | None = None

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


def take_job(
    text: str,
    voice: str,
    speed: float,
    variation: float = 0.0,
    seed: int = 0,
    expressiveness: float = 0.0,
) -> Generator[Progress, None, Clip]:
    """Voice ``text`` (from the take cache or synthesised once) and load its samples.

    Loading the voice can take seconds, so it is its own step: a cancel lands before the
    line is spoken."""
    from studio.voice.engine import check_settings, get_engine
    from studio.voice.takes import load_take_audio, synthesize_take

    check_settings(speed, variation, expressiveness)
    yield Progress("Voicing", 0, 3, "Loading the voice")
    engine = get_engine(voice)
    load = getattr(engine, "load", None)
    if load is not None:
        load()
    yield Progress("Voicing", 1, 3, "Speaking the line")
    take = synthesize_take(text, voice, speed, variation, seed, expressiveness)
    yield Progress("Voicing", 2, 3, "Loading the take")
    samples, sr = load_take_audio(take)
    return Clip(samples, sr, take)


def saved_take_job(take_id: str) -> Generator[Progress, None, Clip]:
    """A take made earlier, by id, with its samples."""
    from studio.voice.takes import load_take_audio, take_by_id

    take = take_by_id(take_id)
    if take is None:
        raise StudioError(
            "this take is no longer in the cache: regenerate the line to make a new one"
        )
    yield Progress("Loading take", 0, 1)
    samples, sr = load_take_audio(take)
    return Clip(samples, sr, take)


def music_preview_job(
    project: Project, seconds: float = PREVIEW_SECONDS
) -> Generator[Progress, None, Clip]:
    """The first ``seconds`` of the project's music bed (generated or imported) at about the
    level it has under the voice in the export. ``project`` should be a snapshot."""
    from studio.media.audio import AUDIO_RATE, TRUE_PEAK_CEILING_DB, db_to_gain
    from studio.music.loudness import integrated_loudness, limit
    from studio.music.mix import MUSIC_REF_LUFS, VOICE_LUFS
    from studio.music.soundtrack import resolve_mood

    music = project.music
    if music.source == "none":
        raise StudioError(
            "the video has no music: choose generated music or import a track to preview it"
        )
    if music.source == "file" and not music.path:
        raise StudioError("no track is imported yet: use Import Track… first")
    yield Progress("Preparing music", 0, 2, "Choosing the music")
    if music.source == "generated":
        from studio.music.generate import cached_bed

        mood = resolve_mood(project)
        yield Progress("Preparing music", 1, 2, f"Composing a {mood} bed")
        # the first seconds of the export's bed (the same form: intro under the title card)
        from studio.music.soundtrack import music_form

        ends = _estimated_scene_ends(project)
        form = music_form(project, ends[-1], ends) if ends else None
        bed = cached_bed(mood, music.seed, ends[-1] if ends else seconds, sr=AUDIO_RATE, form=form)
        bed = bed[: int(seconds * AUDIO_RATE)]
    else:
        from studio.music.tracks import cached_fit_track

        assert music.path is not None
        yield Progress("Preparing music", 1, 2, "Fitting the track")
        bed = cached_fit_track(project.image_path(music.path), seconds, sr=AUDIO_RATE).audio
    loud = integrated_loudness(bed, AUDIO_RATE)
    if np.isfinite(loud):
        # the mixer puts the bed at MUSIC_REF_LUFS + volume against a voice at VOICE_LUFS,
        # then lifts the whole mix to EXPORT_LUFS
        target = MUSIC_REF_LUFS + music.volume_db + (EXPORT_LUFS - VOICE_LUFS)
        bed = limit(bed * db_to_gain(target - loud), AUDIO_RATE, TRUE_PEAK_CEILING_DB)
    return Clip(np.asarray(bed, np.float32), AUDIO_RATE)


def import_track_job(
    source: Path, root: Path, warnings: list[str] | None = None
) -> Generator[Progress, None, str]:
    """Check that ``source`` decodes as audio, then copy it into the project's music folder.
    Returns its project-relative path. A broken file raises MediaError and nothing is copied;
    a file already inside the project folder stays where it is. What is odd but usable (a
    track cut short plays up to the cut) is added to ``warnings``."""
    from studio.music.tracks import decode_audio

    source, root = Path(source), Path(root)
    problem = music_suffix_problem(source)
    if problem:
        raise MediaError(source, problem)
    yield Progress("Importing music", 0, 2, "Checking the file")
    audio = decode_audio(source, sr=8000, warnings=warnings)
    if not np.any(audio):
        raise MediaError(source, "the track is silent")
    yield Progress("Importing music", 1, 2, "Copying it into the project")
    root_r, src_r = root.resolve(), source.resolve()
    if root_r in src_r.parents:
        return src_r.relative_to(root_r).as_posix()
    folder = root / MUSIC_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StudioError(
            f"could not create the music folder in {root}: {exc.strerror or exc}"
        ) from exc
    dest = _free_name(folder, source)
    if not dest.exists():
        with atomic_path(dest) as tmp:
            shutil.copyfile(source, tmp)
    return dest.relative_to(root).as_posix()


def _free_name(folder: Path, source: Path) -> Path:
    """``folder/<name>``, or ``<stem>-2`` etc. when another file already has that name; the
    same file imported twice reuses its copy."""
    size = source.stat().st_size
    for n in range(1, 1000):
        name = source.name if n == 1 else f"{source.stem}-{n}{source.suffix}"
        dest = folder / name
        if not dest.exists():
            return dest
        if dest.stat().st_size == size and dest.read_bytes() == source.read_bytes():
            return dest
    raise StudioError(f"too many tracks named {source.name} in the music folder")


def _estimated_scene_ends(project: Project) -> list[float]:
    """Where the scenes end, from their lengths without voicing anything (a take already in
    the cache gives its real length): enough to shape the previewed bed like the export's."""
    from studio.render.timeline import scene_duration

    ends: list[float] = []
    t = 0.0
    for s in project.timeline.scenes:
        t += scene_duration(s, None)
        ends.append(t)
    return ends
