"""`studio`: the same jobs as the desktop studio, from a terminal.

Heavy libraries (torch, onnxruntime, cv2) load only inside the commands that need them, so
`studio --help` is instant. User errors print one line and exit 1; Ctrl-C cancels cleanly,
leaves no partial output, and exits 130.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from studio.core.audience import AudienceProfile
    from studio.core.model import ExportSettings, Project
    from studio.core.progress import Progress

EXIT_USER_ERROR = 1
EXIT_CANCELLED = 130
EXIT_SOME_FAILED = 3  # `studio batch`: the run finished, some SKUs failed


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown(text: object) -> str:
    """``text`` safe to print on a terminal: control characters (ESC, BEL, ...) and bidi
    overrides from file names, bullets or product files are shown as escapes, not obeyed."""
    out = []
    for ch in str(text):
        if ch in "\n\t":
            out.append(ch)
        elif ch in _BIDI or unicodedata.category(ch) == "Cc":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        elif "\ud800" <= ch <= "\udfff":  # a lone surrogate cannot be printed at all
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


REDRAW_SECONDS = 0.1  # the progress line redraws at most this often
ETA_FROM = 0.05  # a time-left estimate from less of the work than this is a guess


class ProgressBar:
    """One self-rewriting line on a terminal; plain stage lines when output is not a terminal."""

    def __init__(self, stream: TextIO = sys.stderr, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.start = time.monotonic()
        self.last_stage = ""
        self.last_draw = 0.0
        self.last_pct = -1

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        frac = p.fraction
        now = time.monotonic()
        if not self.tty:
            pct = int((frac or 0) * 10) * 10
            if p.stage != self.last_stage or pct != self.last_pct:
                print(
                    shown(f"{p.stage} {int((frac or 0) * 100)}% {p.message}".rstrip()),
                    file=self.stream,
                    flush=True,
                )
            self.last_stage, self.last_pct = p.stage, pct
            return
        if now - self.last_draw < REDRAW_SECONDS and p.stage == self.last_stage and (frac or 0) < 1:
            return
        self.last_draw, self.last_stage = now, p.stage
        width = 28
        if frac is None:
            bar = "·" * width
            tail = ""
        else:
            filled = int(frac * width)
            bar = "█" * filled + "░" * (width - filled)
            elapsed = now - self.start
            eta = f" ~{int(elapsed / frac - elapsed)}s left" if ETA_FROM < frac < 1 else ""
            tail = f" {frac * 100:5.1f}%{eta}"
        line = f"\r{shown(p.stage):<18.18} {bar}{tail}  {shown(p.message)[:30]}"
        self.stream.write(line.ljust(90)[:110])
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _terminate_like_interrupt() -> None:
    """SIGTERM (a service manager, `kill`) cancels like Ctrl-C: the running job is closed, its
    temporary files removed, and nothing partial is left at the output path."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (tests calling main())
        signal.signal(signal.SIGTERM, stop)


def configure_env() -> None:
    # Models ship inside installed packages; never reach for a hub at run time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _load(source: Path) -> Project:
    from studio.core.intake import load_product
    from studio.media.images import image_info

    intake = load_product(source, image_info)
    for w in intake.warnings:
        print(f"warning: {shown(w)}", file=sys.stderr)
    return intake.project


def cmd_match(args: argparse.Namespace) -> int:
    from studio.analysis.matcher import plan_job
    from studio.core.progress import run_job
    from studio.core.storyboard import locked_choices

    if args.clip is not None and not (args.clip / "config.json").is_file():
        from studio.core.errors import StudioError

        raise StudioError(f"{args.clip}: not a CLIP/SigLIP model folder (it has no config.json)")
    project = _load(args.product)
    bar = ProgressBar(enabled=not args.quiet and not args.json)
    try:
        plan = run_job(plan_job(project, locked=locked_choices(project), clip_path=args.clip), bar)
    finally:
        bar.close()
    for image, why in plan.skipped:  # passed the first check, failed when analysed
        print(f"warning: skipped {shown(image)}: {shown(why)}", file=sys.stderr)
    doc = plan.to_json()
    if args.json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        bullets = project.product.bullets
        print(f"hero: {shown(doc['hero'])}")
        for b in doc["order"]:
            m = next(m for m in doc["matches"] if m["bullet"] == b)
            flag = "" if m["shown"] else "  [no photo shows this]"
            print(
                shown(
                    f"{b + 1:>2}. {bullets[b][:60]!r}\n    -> {m['image']}  ({m['confidence']:.2f}){flag} "
                    f"{'; '.join(m['reasons'])}"
                )
            )
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from studio.core.model import PRESETS, ExportSettings

    profiles = _audiences(args)  # an unknown name stops here, before any work
    project = _load(args.product)
    look_warnings = _apply_look(project, args)
    settings = ExportSettings(
        preset=args.preset or "landscape",
        height=args.height or 1080,
        fps=30,
        burn_captions=not args.no_captions,
        srt=not args.no_srt,
        vtt=args.vtt,
        cover=args.cover,
        loop=args.loop,
    )
    _check_enhance(args)
    locales = _locales(project, args)  # an unknown language stops here, before any work
    if profiles or locales:
        return _render_audiences(project, settings, args, look_warnings, profiles, locales)
    if args.platform:
        return _render_for(project, settings, args, look_warnings)
    assert settings.preset in PRESETS
    out = args.output or Path.cwd() / f"{_slug(project.product.title)}-{settings.preset}.mp4"
    return _render_one(project, out, settings, args, look_warnings)


def _render_one(
    project: Project,
    out: Path,
    settings: ExportSettings,
    args: argparse.Namespace,
    warnings: list[str],
) -> int:
    from studio.core.progress import run_job
    from studio.jobs.pipeline import export_job

    bar = ProgressBar(enabled=not args.quiet)
    try:
        job = export_job(project, out, settings, dedicated=True, enhance=args.enhance)
        result = run_job(job, bar)
    finally:
        bar.close()
    for w in [*warnings, *result.warnings]:
        print(f"warning: {shown(w)}", file=sys.stderr)
    print(shown(result.video))
    for s in [*result.subtitles, *result.extras]:
        print(shown(s))
    return 0


def _audiences(args: argparse.Namespace) -> list[AudienceProfile]:
    """The profiles `--audience` names, checked before any work (ProjectError listing the
    known audiences for a name that is none of them)."""
    from studio.core.audience import find_profile
    from studio.core.variants import variant_names

    profiles = [find_profile(name) for name in getattr(args, "audience", None) or []]
    variant_names(profiles)  # two names for one audience would write one file twice
    return profiles


def _locales(project: Project, args: argparse.Namespace) -> list[str]:
    """The translations `--locale` names, checked before any work."""
    from studio.core.locales import locale_text

    codes = list(dict.fromkeys(getattr(args, "locale", None) or []))
    for code in codes:
        locale_text(project, code)
    return codes


def _render_audiences(
    project: Project,
    settings: ExportSettings,
    args: argparse.Namespace,
    warnings: list[str],
    profiles: list[AudienceProfile],
    locales: list[str] | None = None,
) -> int:
    """One video per audience and language, each derived from the product (planned once)
    and named ``<name>[-<audience>][-<language>].mp4`` beside where the video alone would go.
    Without ``--audience`` the product itself is rendered in each language, and without
    ``--locale`` each audience in the main language."""
    import dataclasses

    from studio.analysis.text import embed
    from studio.core.platforms import PLATFORMS
    from studio.core.progress import run_job
    from studio.core.variants import derive_variant, read_overrides
    from studio.jobs.pipeline import plan_project_job

    overrides = read_overrides(project.root)
    if not project.timeline.scenes:
        bar = ProgressBar(enabled=not args.quiet)
        try:
            plan = run_job(plan_project_job(project), bar)
        finally:
            bar.close()
        warnings = [*warnings, *(f"skipped {n}: {why}" for n, why in plan.skipped)]
    shape = PLATFORMS[args.platform].key if args.platform else settings.preset
    base = args.output or Path.cwd() / f"{_slug(project.product.title)}-{shape}.mp4"
    from studio.jobs.locales import locale_project

    status = 0
    each: list[AudienceProfile | None] = list(profiles) or [None]
    languages: list[str | None] = list(locales or []) or [None]
    for profile in each:
        variant = (
            derive_variant(project, profile, embed, overrides.get(profile.slug))
            if profile is not None
            else project
        )
        stem = f"{base.stem}-{profile.slug}" if profile is not None else base.stem
        for language in languages:
            target, said = variant, list(warnings)
            if language is not None:
                made = locale_project(variant, language)
                target, said = made.project, [*said, *made.warnings]
            tail = f"-{language}" if language is not None else ""
            out = base.with_name(f"{stem}{tail}{base.suffix}")
            own = dataclasses.replace(settings)
            if args.platform:
                code = _render_for(target, own, args, said, out)
            else:
                code = _render_one(target, out, own, args, said)
            status = status or code
            warnings = []  # said once, with the first video
    return status


def _check_enhance(args: argparse.Namespace) -> None:
    """Say once when photos cannot be enhanced here: a note in ``auto`` mode, an error when
    ``--enhance all`` asks for it."""
    from studio.core.errors import StudioError
    from studio.media.enhance import unavailable_reason

    why = unavailable_reason() if args.enhance != "off" else None
    if why is not None and args.enhance == "all":
        raise StudioError(why)
    if why is not None and not args.quiet:
        print(f"note: {shown(why)}; photos are used as they are", file=sys.stderr)


def _render_for(
    project: Project,
    settings: ExportSettings,
    args: argparse.Namespace,
    warnings: list[str],
    out: Path | None = None,
) -> int:
    """`render --for`: the platform's format (unless --preset/--height say otherwise), checks
    before (a failing video is refused unless --force) and after, printed to stderr."""
    from studio.core.errors import StudioError
    from studio.core.platforms import PLATFORMS
    from studio.core.progress import run_job
    from studio.jobs.compliance import failed, platform_settings
    from studio.jobs.platform_export import platform_export_job

    p = PLATFORMS[args.platform]
    settings = platform_settings(settings, p)
    settings.preset, settings.height = args.preset or p.preset, args.height or p.height
    out = out or args.output or Path.cwd() / f"{_slug(project.product.title)}-{p.key}.mp4"
    bar = ProgressBar(enabled=not args.quiet)
    try:
        job = platform_export_job(
            project, out, settings, p, force=args.force, dedicated=True, enhance=args.enhance
        )
        done = run_job(job, bar)
    finally:
        bar.close()
    for title, findings in (("before rendering", done.before.findings), ("the file", done.after)):
        if findings:
            print(f"{p.name}, {title}:", file=sys.stderr)
            print("\n".join(shown(f.line()) for f in findings), file=sys.stderr)
    if done.result is None:
        raise StudioError(
            f"nothing rendered: {p.name} would reject this video (the FAIL lines above); "
            "fix them or pass --force"
        )
    for w in [*warnings, *done.result.warnings]:
        print(f"warning: {shown(w)}", file=sys.stderr)
    for path in [done.result.video, *done.result.subtitles, *done.result.extras]:
        print(shown(path))
    return EXIT_USER_ERROR if failed(done.after) and not args.force else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a product, project or rendered video against a platform: one line per rule."""
    from studio.core.errors import StudioError
    from studio.core.platforms import PLATFORMS
    from studio.core.progress import run_job
    from studio.jobs.compliance import failed
    from studio.jobs.platform_export import check_job, findings_json

    if args.product is None and args.video is None:
        raise StudioError("check needs a product folder, a project file, or --video FILE.mp4")
    p = PLATFORMS[args.platform]
    project = _load(args.product) if args.product is not None else None
    bar = ProgressBar(enabled=not args.quiet and not args.json)
    try:
        findings = run_job(check_job(p, project, args.video), bar)
    finally:
        bar.close()
    if args.json:
        print(json.dumps(findings_json(p, findings), ensure_ascii=False, indent=2))
    else:
        print("\n".join(shown(f.line()) for f in findings))
    return EXIT_USER_ERROR if failed(findings) else 0


def _apply_look(project: Project, args: argparse.Namespace) -> list[str]:
    """--brand, --template and --fill over what the product or project says."""
    from studio.core.brand import apply_kit, load_kit

    warnings: list[str] = []
    if getattr(args, "brand", None):
        apply_kit(project, load_kit(args.brand, warnings))
    if getattr(args, "template", None):
        project.look.template = args.template
    if getattr(args, "fill", None):
        project.look.fill = args.fill
    return warnings


def cmd_brands(args: argparse.Namespace) -> int:
    """List the saved brand kits, or save one from a product's look and files."""
    from studio.core.brand import kit_from_project, list_kits, save_kit

    if args.save:
        name, product = args.save
        project = _load(Path(product))
        folder = save_kit(kit_from_project(project, name))
        print(shown(f"saved brand kit {name!r} in {folder}"))
        return 0
    kits = list_kits()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": k.name,
                        "accent": k.accent,
                        "panel": k.panel,
                        "text": k.text,
                        "logo": str(k.logo) if k.logo else None,
                        "heading_font": str(k.heading_font) if k.heading_font else None,
                        "body_font": str(k.body_font) if k.body_font else None,
                        "watermark": k.watermark,
                        "captions": k.captions,
                    }
                    for k in kits
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not kits:
        print("no brand kits saved yet: `studio brands --save NAME PRODUCT_DIR` saves one")
    else:
        for k in kits:
            print(shown(f"{k.name}: accent {k.accent}, panel {k.panel}, text {k.text}"))
    return 0


def cmd_audiences(args: argparse.Namespace) -> int:
    """List the audience profiles, or add or remove one of the seller's own."""
    from studio.core.audience import (
        AudienceProfile,
        list_profiles,
        profile_to_dict,
        remove_profile,
        save_profile,
    )

    if args.remove:
        print(shown(f"removed audience {args.remove!r} ({remove_profile(args.remove)})"))
        return 0
    if args.add:
        from studio.core.errors import StudioError

        if not args.description:
            raise StudioError("an audience needs --description: who they are, what they want")
        profile = AudienceProfile(
            name=args.add,
            description=args.description,
            hook=args.hook or "",
            call_to_action=args.cta or "",
            music_mood=args.mood or "",
            voice_speed=args.speed,
            badge=args.badge or "",
            max_bullets=args.max_bullets,
        )
        print(shown(f"saved audience {args.add!r} in {save_profile(profile)}"))
        return 0
    problems: list[str] = []
    profiles = list_profiles(problems)
    for problem in problems:
        print(f"warning: {shown(problem)}", file=sys.stderr)
    if args.json:
        doc = [{**profile_to_dict(p), "slug": p.slug, "built_in": p.built_in} for p in profiles]
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    for p in profiles:
        sound = ", ".join(
            x
            for x in (
                p.music_mood and f"{p.music_mood} music",
                p.voice_speed is not None and f"pace {p.voice_speed:g}",
            )
            if x
        )
        origin = "built in" if p.built_in else "yours"
        sound = sound or "the product's own sound"
        print(shown(f"{p.name} ({p.slug}; {origin}): {sound}"))
        print(shown(f"    {p.description}"))
    return 0


def cmd_voices(args: argparse.Namespace) -> int:
    from studio.voice.commands import voices_json, voices_table

    if args.json:
        print(json.dumps(voices_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(voices_table()))
    return 0


def cmd_say(args: argparse.Namespace) -> int:
    from studio.core.errors import StudioError

    if args.output is None and not args.show_text:
        raise StudioError(
            "say needs -o OUT.wav to write the speech, or --show-text to print what would be read"
        )
    if args.output is None and args.text == "-":
        from studio.voice.commands import shown_texts

        for line in shown_texts(sys.stdin):
            print(shown(line), flush=True)
        return 0
    if args.output is None:
        from studio.voice.normalize import normalize_for_speech

        print(shown(normalize_for_speech(args.text)))
        return 0
    if args.output.suffix.lower() != ".wav":
        raise StudioError(f"{args.output.name}: the output must be a .wav file")
    if not args.output.absolute().parent.is_dir():
        raise StudioError(
            f"cannot write {args.output.name}: folder {args.output.absolute().parent} does not exist"
        )
    from studio.voice.commands import say

    take = say(
        args.text,
        args.output,
        voice=args.voice,
        speed=args.speed,
        expressiveness=args.expressiveness,
        words=args.words,
    )
    if args.show_text:
        print(shown(take.spoken_text))
    if args.words:
        from studio.voice.commands import word_timing_lines

        print("\n".join(shown(line) for line in word_timing_lines(take)))
    if take.empty:
        print(
            "warning: nothing in the text can be spoken by this voice; wrote a short silence",
            file=sys.stderr,
        )
    quiet_stdout = args.show_text or args.words  # stdout carries the text or the timings
    print(shown(args.output), file=sys.stderr if quiet_stdout else sys.stdout)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Render the bundled demo product, by default into the user's videos folder (never into
    the app's own files)."""
    from studio.media.locations import output_dir, resource

    args.product = resource("demo")
    if args.output is None:
        out_dir = output_dir()
        out_dir.mkdir(parents=True, exist_ok=True)
        args.output = out_dir / f"demo-{args.platform or args.preset or 'landscape'}.mp4"
    return cmd_render(args)


def cmd_batch(args: argparse.Namespace) -> int:
    """Every SKU of a catalogue; exits 3 when some SKUs failed (the others are done)."""
    from studio.batch import BatchOptions, BatchSettings, batch_job
    from studio.batch.status import summary_lines
    from studio.core.progress import run_job

    settings = BatchSettings(
        presets=tuple(p.strip() for p in args.presets.split(",") if p.strip()),
        height=args.height,
        template=args.template,
        dry_run=args.dry_run,
    )
    options = BatchOptions(
        args.catalogue,
        args.output,
        settings,
        workers=args.workers,
        ray=args.ray,
        retry_failed=args.retry_failed,
        only=tuple(s.strip() for s in (args.only or "").split(",") if s.strip()),
    )
    bar = ProgressBar(enabled=not args.quiet)
    try:
        summary = run_job(batch_job(options), bar)
    finally:
        bar.close()
    for line in summary_lines(summary):
        print(shown(line), file=sys.stderr if line.startswith(("failed", "note")) else sys.stdout)
    return EXIT_SOME_FAILED if summary.failed else 0


def cmd_batch_status(args: argparse.Namespace) -> int:
    from studio.batch.status import status_lines

    for line in status_lines(args.out_dir):
        print(shown(line))
    return 0


def _workers(v: str) -> int:
    if not v.isdigit() or int(v) < 1:
        raise argparse.ArgumentTypeError("workers must be a whole number from 1")
    return int(v)


def add_batch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from studio.core.model import TEMPLATES

    bt = sub.add_parser(
        "batch",
        help="render every SKU of a catalogue (resumable; see README)",
        description="CATALOGUE is a folder of product folders or a CSV/TSV (sku,title,price,"
        "bullets,images,...). Writes OUT_DIR/<sku>/<sku>-<preset>.mp4 with captions and a "
        "cover, manifest.jsonl and report.html. Unchanged SKUs are skipped; run it again after "
        "a crash to finish the rest. Exits 3 when some SKUs failed.",
    )
    bt.add_argument("catalogue", type=Path, metavar="CATALOGUE")
    bt.add_argument("-o", "--output", type=Path, required=True, metavar="OUT_DIR")
    bt.add_argument("--presets", default="landscape", help="comma-separated (default landscape)")
    bt.add_argument("--height", type=_positive_height, default=1080, help="default 1080")
    bt.add_argument("--template", choices=TEMPLATES, help="for SKUs that name none")
    bt.add_argument("--workers", type=_workers, help="SKUs at once (default: cores and memory)")
    bt.add_argument("--ray", metavar="auto|ADDRESS", help="run on Ray (needs the [cluster] extra)")
    bt.add_argument("--retry-failed", action="store_true", help="run only the SKUs that failed")
    bt.add_argument("--only", metavar="SKU,...", help="run only these SKUs")
    bt.add_argument(
        "--dry-run", action="store_true", help="plan and voice everything, render 1 s at 144p"
    )
    bt.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    bt.set_defaults(func=cmd_batch)

    bs = sub.add_parser("batch-status", help="what a batch output folder holds")
    bs.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    bs.set_defaults(func=cmd_batch_status)


def _slug(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(p for p in keep.split("-") if p)[:60] or "video"


def _positive_height(v: str) -> int:
    from studio.core.model import ExportSettings, limits

    lo, hi = (int(x) for x in limits(ExportSettings, "height"))
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{v!r} is not a whole number") from None
    if not lo <= n <= hi:
        raise argparse.ArgumentTypeError(f"height must be between {lo} and {hi}")
    return n


def build_parser() -> argparse.ArgumentParser:
    from studio import __version__
    from studio.core.model import FILLS, TEMPLATES
    from studio.core.platforms import PLATFORMS

    p = argparse.ArgumentParser(
        prog="studio",
        description="Product Video Studio: product photos and bullets in, product video out. "
        "Without a command, `studio [PATH] [--demo] [--screenshot FILE]` opens the desktop studio.",
    )
    p.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def render_args(sp: argparse.ArgumentParser, product: bool) -> None:
        if product:
            sp.add_argument(
                "product",
                type=Path,
                metavar="PRODUCT_DIR",
                help="folder with photos + bullets.txt (or a .studio.json project)",
            )
        sp.add_argument(
            "-o", "--output", type=Path, help="output .mp4 (default: named after the product)"
        )
        sp.add_argument(
            "--preset",
            choices=["landscape", "portrait", "square"],
            help="16:9, 9:16 or 1:1 (default: the platform's, else landscape)",
        )
        sp.add_argument(
            "--height",
            type=_positive_height,
            help="short side in pixels (default: the platform's, else 1080)",
        )
        sp.add_argument(
            "--for",
            dest="platform",
            choices=PLATFORMS,
            help="for a marketplace: its format and size cap, checked before and after",
        )
        sp.add_argument("--force", action="store_true", help="render even if a check fails")
        sp.add_argument(
            "--enhance",
            choices=["auto", "off", "all"],
            default="auto",
            help="enlarge photos with Real-ESRGAN first: auto (default) those smaller than "
            "the video needs, all of them, or none",
        )
        sp.add_argument("--cover", action="store_true", help="also write NAME-cover.png")
        sp.add_argument("--loop", action="store_true", help="also write NAME-loop.webp")
        sp.add_argument(
            "--no-captions", action="store_true", help="do not burn captions into the picture"
        )
        sp.add_argument(
            "--no-srt", action="store_true", help="do not write an .srt beside the video"
        )
        sp.add_argument("--vtt", action="store_true", help="also write a WebVTT file")
        sp.add_argument(
            "--template",
            choices=TEMPLATES,
            help="the kind of video (default: the product's, else highlight)",
        )
        sp.add_argument(
            "--fill",
            choices=FILLS,
            help="auto fills the frame on purpose; blur uses a blurred copy of the photo",
        )
        sp.add_argument(
            "--brand",
            metavar="KIT",
            help="a saved brand kit's name (see `studio brands`) or a kit folder",
        )
        sp.add_argument(
            "--audience",
            action="append",
            metavar="NAME",
            help="one video for this audience (see `studio audiences`), named NAME-AUDIENCE.mp4; "
            "repeat for more",
        )
        sp.add_argument(
            "--locale",
            action="append",
            metavar="CODE",
            help="one video in this translation (bullets.CODE.txt, product.CODE.toml beside the "
            "photos), read by a voice of its language, named NAME-CODE.mp4; repeat for more",
        )
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress output")

    r = sub.add_parser("render", help="make the product video (MP4 + SRT)")
    render_args(r, True)
    r.set_defaults(func=cmd_render)

    m = sub.add_parser("match", help="show which photo illustrates each bullet, and why")
    m.add_argument("product", type=Path, metavar="PRODUCT_DIR")
    m.add_argument("--json", action="store_true", help="machine-readable output")
    m.add_argument(
        "--clip",
        type=Path,
        metavar="PATH",
        help="local CLIP/SigLIP checkpoint folder (transformers format) adding image-text similarity",
    )
    m.add_argument("-q", "--quiet", action="store_true")
    m.set_defaults(func=cmd_match)

    v = sub.add_parser("voices", help="list the voices (bundled and your own)")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=cmd_voices)

    from studio.core.model import DEFAULT_VOICE

    s = sub.add_parser("say", help="speak a line with a voice (or show how it will be read)")
    s.add_argument(
        "text", metavar="TEXT", help="the line to say; with --show-text, - reads lines from stdin"
    )
    s.add_argument("-o", "--output", type=Path, help="write the speech to this .wav file")
    s.add_argument(
        "--voice",
        default=DEFAULT_VOICE,
        help=f"voice id from `studio voices` (default {DEFAULT_VOICE})",
    )
    s.add_argument(
        "--speed", type=float, default=1.0, help="1.0 = natural pace, 1.2 = 20%% faster (0.5 to 2)"
    )
    s.add_argument(
        "--expressiveness", type=float, default=0.0, help="0 = steady reading, 1 = liveliest"
    )
    s.add_argument(
        "--show-text", action="store_true", help="print the text as the voice will read it"
    )
    s.add_argument(
        "--words",
        action="store_true",
        help="print when each word is heard (start and end in seconds)",
    )
    s.set_defaults(func=cmd_say)

    b = sub.add_parser("brands", help="list the saved brand kits, or save one")
    b.add_argument("--json", action="store_true", help="machine-readable output")
    b.add_argument(
        "--save",
        nargs=2,
        metavar=("NAME", "PRODUCT_DIR"),
        help="save a product's colours, fonts and logo as a brand kit",
    )
    b.set_defaults(func=cmd_brands)

    au = sub.add_parser(
        "audiences",
        help="list the audience profiles, or add your own",
        description="Audience profiles for `render --audience`: built-in ones and your own "
        "(saved in your config folder). A product's variants.json keeps what you changed for "
        "one audience.",
    )
    au.add_argument("--json", action="store_true", help="machine-readable output")
    au.add_argument("--add", metavar="NAME", help="save a profile of your own")
    au.add_argument("--description", help="with --add: who they are and what they care about")
    au.add_argument("--hook", help="with --add: the line spoken first on the title card")
    au.add_argument("--cta", help="with --add: the call to action")
    au.add_argument("--mood", help="with --add: the music mood")
    au.add_argument("--speed", type=float, help="with --add: the voice's pace (0.5 to 2)")
    au.add_argument("--badge", help="with --add: a short badge beside the price")
    au.add_argument(
        "--max-bullets", type=int, default=5, help="with --add: bullets kept at most (3 to 30)"
    )
    au.add_argument("--remove", metavar="NAME", help="delete a profile of your own")
    au.set_defaults(func=cmd_audiences)

    c = sub.add_parser("check", help="check a product, project or video for a marketplace")
    c.add_argument("product", type=Path, nargs="?", metavar="PRODUCT_OR_PROJECT")
    c.add_argument("--video", type=Path, metavar="FILE.mp4", help="a rendered video to check")
    c.add_argument("--for", dest="platform", choices=PLATFORMS, required=True)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    c.set_defaults(func=cmd_check)

    d = sub.add_parser("demo", help="render the bundled demo product")
    render_args(d, False)
    d.set_defaults(func=cmd_demo)
    add_batch_commands(sub)
    return p


COMMANDS = (
    "render",
    "check",
    "match",
    "voices",
    "say",
    "brands",
    "audiences",
    "demo",
    "batch",
    "batch-status",
)


def wants_cli(argv: list[str]) -> bool:
    """A command (`studio render ...`) or help; anything else opens the desktop studio."""
    return bool(argv) and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    configure_env()
    _terminate_like_interrupt()
    from studio.core.errors import StudioError
    from studio.core.fsutil import sweep_leftovers

    folders = [
        Path(p).expanduser().absolute().parent for p in (getattr(args, "output", None),) if p
    ]
    folders += [
        Path(p).expanduser().absolute()
        for p in (getattr(args, "product", None),)
        if p and Path(p).is_dir()
    ]
    with contextlib.suppress(OSError, StudioError):
        sweep_leftovers(folders)  # what a killed run left: work folders, half-written files
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\ncancelled: nothing was written", file=sys.stderr)
        return EXIT_CANCELLED
    except StudioError as exc:
        print(f"error: {shown(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
