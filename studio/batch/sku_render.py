"""One SKU on a worker: rebuild its product folder, plan it once, export every variant.

Runs wherever a worker runs (a local process, a Ray node). Everything is written inside the
SKU's private work folder; the batch publishes the files into the output folder afterwards,
so a SKU that is cancelled or crashes leaves nothing under a final name. A problem with the
SKU itself (no usable photos, no bullets, a voice that is not installed) becomes the outcome's
``error``; a variant that fails on its own leaves the other variants standing.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
import tomllib
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from studio.batch.catalogue import AUDIENCE_FILE, SkuSpec
from studio.batch.settings import DRY_RUN_SECONDS, BatchSettings
from studio.core.errors import StudioError
from studio.core.intake import PRODUCT_FILE
from studio.core.model import ExportSettings, Project
from studio.core.progress import Job, Progress, weighted

PLAN_SHARE = 0.3  # of a SKU's progress: planning (and voicing, in a dry run)
COVER_QUALITY = "3"  # ffmpeg's JPEG scale: 2 best .. 31 worst


@dataclass
class VariantOutcome:
    variant: str
    files: dict[str, str] = field(default_factory=dict)  # "video" | "srt" | "cover" -> path
    duration: float | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class SkuOutcome:
    sku: str
    variants: list[VariantOutcome] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the SKU failed as a whole
    details: str = ""  # a traceback for errors that are not the seller's


def failed_outcome(
    spec: SkuSpec, settings: BatchSettings, error: str, details: str = ""
) -> SkuOutcome:
    return SkuOutcome(
        spec.sku,
        [VariantOutcome(p) for p in settings.presets],
        0.0,
        list(spec.warnings),
        error,
        details,
    )


def materialise(spec: SkuSpec, folder: Path, contents: Mapping[str, bytes] | None = None) -> Path:
    """Write the SKU's product folder: its files (copied, or from ``contents`` when they came
    over the network) and the texts written for a CSV row."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in spec.files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if contents is not None:
            target.write_bytes(contents[name])
        else:
            shutil.copyfile(source, target)
    for name, text in spec.texts:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def render_sku_job(
    spec: SkuSpec,
    settings: BatchSettings,
    work: Path,
    contents: Mapping[str, bytes] | None = None,
) -> Job[SkuOutcome]:
    """Render ``spec`` into ``work``; never raises for a problem of the SKU (see module doc).
    A cancel (closing the job) propagates."""
    started = time.monotonic()
    if spec.problem:
        return failed_outcome(spec, settings, spec.problem)
    try:
        outcome = yield from _render(spec, settings, work, contents)
    except StudioError as exc:
        outcome = failed_outcome(spec, settings, str(exc))
    except OSError as exc:  # the disk refused a file (full, read-only): not a bug of the studio
        name = exc.filename2 or exc.filename
        where = f" {Path(name).name}" if name else ""
        outcome = failed_outcome(
            spec, settings, f"could not write{where}: {exc.strerror or exc}", traceback.format_exc()
        )
    except Exception as exc:  # a bug: recorded with its traceback, the batch goes on
        outcome = failed_outcome(
            spec, settings, f"internal error: {type(exc).__name__}: {exc}", traceback.format_exc()
        )
    outcome.seconds = time.monotonic() - started
    return outcome


def _render(
    spec: SkuSpec, settings: BatchSettings, work: Path, contents: Mapping[str, bytes] | None
) -> Job[SkuOutcome]:
    from studio.core.intake import load_product
    from studio.jobs.pipeline import export_job, plan_project_job, voice_job
    from studio.media.images import image_info

    yield Progress("Preparing", 0.0, 1.0)
    folder = materialise(spec, work / "in" / spec.sku, contents)
    intake = load_product(folder, image_info)
    project = intake.project
    warnings = [*spec.warnings, *intake.warnings]
    if settings.template and not _names_template(folder):
        project.look.template = settings.template  # type: ignore[assignment]  # checked in BatchSettings
    plan = yield from weighted(plan_project_job(project), 0.0, PLAN_SHARE, "Planning")
    warnings += [f"skipped {name}: {why}" for name, why in plan.skipped]
    if (folder / AUDIENCE_FILE).is_file():
        project = audience_variant(project, folder / AUDIENCE_FILE)
    if settings.dry_run:
        yield from weighted(voice_job(project), PLAN_SHARE, 0.05, "Voicing")
        _keep_title_only(project)

    out = work / "out"
    out.mkdir(exist_ok=True)
    outcome = SkuOutcome(spec.sku, warnings=warnings)
    share = (1.0 - PLAN_SHARE - 0.05) / len(settings.presets)
    for k, preset in enumerate(settings.presets):
        variant = VariantOutcome(preset)
        outcome.variants.append(variant)
        video = out / f"{spec.sku}-{preset}.mp4"
        export = ExportSettings(preset=preset, height=settings.render_height, fps=30)  # type: ignore[arg-type]
        try:
            result = yield from weighted(
                export_job(project, video, export, dedicated=True),
                PLAN_SHARE + 0.05 + k * share,
                share,
                f"Rendering {preset}",
            )
            variant.files["video"] = str(result.video)
            for s in result.subtitles:
                variant.files[s.suffix.lstrip(".")] = str(s)
            variant.duration = result.duration
            variant.warnings = list(result.warnings)
            cover = video.with_suffix(".jpg")
            extract_cover(result.video, cover, _title_middle(project, result.scenes))
            variant.files["cover"] = str(cover)
        except StudioError as exc:
            variant.error = str(exc)
    yield Progress("Done", 1.0, 1.0)
    return outcome


def audience_variant(master: Project, profile_file: Path) -> Project:
    """The variant of the planned ``master`` for the audience a catalogue row named (its
    profile written beside the product by ``catalogue``), with the product's variants.json."""
    import json

    from studio.analysis.text import embed
    from studio.core.audience import profile_from_dict
    from studio.core.variants import derive_variant, read_overrides

    profile = profile_from_dict(json.loads(profile_file.read_text(encoding="utf-8")), "audience")
    overrides = read_overrides(master.root).get(profile.slug)
    return derive_variant(master, profile, embed, overrides)


def _names_template(folder: Path) -> bool:
    """Whether the product's own product.toml chooses a template (it wins over --template)."""
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return "template" in tomllib.loads((folder / PRODUCT_FILE).read_text(encoding="utf-8-sig"))
    return False


def _keep_title_only(project: Project) -> None:
    """A dry run's video: the title scene alone, DRY_RUN_SECONDS long."""
    scenes = list(project.timeline.scenes)
    title = next((s for s in scenes if s.kind == "title"), scenes[0])
    title.duration = DRY_RUN_SECONDS
    project.timeline.scenes[:] = [title]


def _title_middle(project: Project, bounds: list[tuple[float, float]]) -> float:
    kinds = [s.kind for s in project.timeline.scenes]
    i = kinds.index("title") if "title" in kinds else 0
    if i >= len(bounds):
        return 0.0
    start, end = bounds[i]
    return (start + end) / 2


def extract_cover(video: Path, cover: Path, at: float) -> None:
    """One frame of ``video`` at ``at`` seconds as a JPEG."""
    from studio.media.ffmpeg import ffmpeg_exe

    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{at:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-q:v",
            COVER_QUALITY,
            str(cover),
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    if proc.returncode != 0 or not cover.is_file():
        raise StudioError(
            f"could not take a cover frame from {video.name}: {proc.stderr.strip()[-200:]}"
        )
