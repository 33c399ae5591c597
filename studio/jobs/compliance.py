"""Will a marketplace take this video? Each platform rule (core.platforms) checked, PASS, WARN
or FAIL, with what was measured and how to fix it.

``precheck_job`` decides what the project alone can tell before anything is rendered: the
frame, the length from the render plan, the size cap against the bitrate it leaves, claims in
captions and voice lines, where captions fall and how large their text is (read from the
overlays the renderer draws), and the first and last frames. ``video_check_job`` (in
jobs.video_check) measures a finished MP4. A finding may carry fixes the studio can apply in
one click (through the undo log); the rest explain what to change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from studio.core.claims import Claim, find_claims, without_claims
from studio.core.edits import UndoLog
from studio.core.errors import StudioError
from studio.core.model import PRESETS, ExportSettings, Project
from studio.core.platforms import CLAIM_NAMES, Platform, Rule, aspect_name, fits_size
from studio.core.progress import Job, Progress, weighted
from studio.core.project_io import snapshot
from studio.render.plan import RenderPlan

Status = Literal["PASS", "WARN", "FAIL"]
STATUSES: tuple[Status, ...] = ("PASS", "WARN", "FAIL")
SHOWN_ITEMS = 3  # offending scenes named in one line; the rest are counted
MIN_GAP_SECONDS = 2.0  # an uncaptioned stretch shorter than this needs no description
SOUND_CUE_SECONDS = 10.0  # a [MUSIC PLAYING] cue "drops off screen after 10 seconds or so"
ROOMY_KBPS = 50_000  # a cap leaving more than this for the picture never squeezes it


@dataclass(frozen=True)
class Fix:
    """One edit that fixes (part of) a finding: a field of the product, the export settings,
    or a scene (``scene_id``)."""

    target: Literal["product", "export", "scene"]
    field: str
    value: Any
    scene_id: str = ""


@dataclass(frozen=True)
class Finding:
    status: Status
    rule: Rule
    measured: str
    fix: str = ""  # what to do, in words ("" when it passes)
    fix_label: str = ""  # a button's words when ``actions`` can fix it in one click
    actions: tuple[Fix, ...] = ()

    def line(self) -> str:
        """One line for a terminal: status, rule, measurement and fix."""
        text = f"{self.status}  {self.rule.describe()}: {self.measured}"
        return f"{text} — fix: {self.fix}" if self.fix and self.status != "PASS" else text


@dataclass
class CheckReport:
    platform: Platform
    findings: list[Finding]
    settings: ExportSettings
    plan: RenderPlan | None = None
    project: Project | None = None  # the snapshot that was checked (planned if it was not)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.status == "FAIL" for f in self.findings)


def verdict(rule: Rule, ok: bool) -> Status:
    if ok:
        return "PASS"
    return "FAIL" if rule.severity == "fail" else "WARN"


def platform_settings(base: ExportSettings, p: Platform) -> ExportSettings:
    """``base`` made for ``p``: its shape and size, WebVTT when it takes captions that way."""
    return replace(
        _copy(base),
        platform=p.key,
        preset=p.preset,
        height=p.height,
        vtt=base.vtt or p.wants_vtt,
    )


def _copy(e: ExportSettings) -> ExportSettings:
    return dataclasses.replace(e)


# ------------------------------------------------------------------ the job


def precheck_job(
    project: Project, p: Platform, settings: ExportSettings | None = None
) -> Job[CheckReport]:
    """The checks a project allows before rendering, for ``p`` (a snapshot is taken now; a
    project without scenes is planned first, as the export would)."""
    return _precheck(snapshot(project), p, settings or project.export)


def _precheck(snap: Project, p: Platform, settings: ExportSettings) -> Job[CheckReport]:
    from studio.jobs.pipeline import plan_project_job, resolve_render_plan, voice_job

    warnings: list[str] = []
    if not snap.timeline.scenes:
        plan = yield from weighted(plan_project_job(snap), 0.0, 0.4, "Planning")
        warnings.extend(f"skipped {name}: {why}" for name, why in getattr(plan, "skipped", []))
    takes = yield from weighted(voice_job(snap), 0.4, 0.3, "Voicing")
    rplan, _ = resolve_render_plan(snap, takes, settings)
    yield Progress("Checking", 0.7, 1.0)
    checks = plan_checks(snap, p, settings, rplan)
    findings: list[Finding] = []
    for k, check in enumerate(checks):
        findings.extend(check())
        yield Progress("Checking", 0.7 + 0.3 * (k + 1) / len(checks), 1.0)
    return CheckReport(p, findings, settings, rplan, snap, warnings)


def plan_checks(
    project: Project, p: Platform, settings: ExportSettings, plan: RenderPlan
) -> list[Callable[[], list[Finding]]]:
    """One callable per rule of ``p`` (run in the platform's order), each giving a finding."""
    from studio.jobs.text_lines import caption_lines

    lines_cache: list[Any] = []

    def lines() -> list[Any]:
        if not lines_cache:
            lines_cache.append(list(caption_lines(plan)))
        result: list[Any] = lines_cache[0]
        return result

    checks: list[Callable[[], list[Finding]]] = []
    for rule in p.rules:
        checks.append(_bind(rule, project, settings, plan, lines))
    return checks


def _bind(
    rule: Rule,
    project: Project,
    settings: ExportSettings,
    plan: RenderPlan,
    lines: Callable[[], list[Any]],
) -> Callable[[], list[Finding]]:
    def run() -> list[Finding]:
        return [_check(rule, project, settings, plan, lines)]

    return run


def _check(
    rule: Rule,
    project: Project,
    settings: ExportSettings,
    plan: RenderPlan,
    lines: Callable[[], list[Any]],
) -> Finding:
    if rule.kind == "aspect":
        return aspect_finding(rule, plan.width, plan.height)
    if rule.kind == "frame_size":
        return frame_size_finding(rule, plan.width, plan.height)
    if rule.kind == "codec":
        return Finding(
            verdict(rule, "h264" in rule.codecs and ".mp4" in (rule.containers or (".mp4",))),
            rule,
            "H.264 in .mp4 (what the studio writes)",
        )
    if rule.kind == "duration":
        return duration_finding(rule, plan.frame_count / plan.fps, _scene_lengths(project, plan))
    if rule.kind == "file_size":
        return _size_plan(rule, plan)
    if rule.kind == "captions":
        return _captions_plan(rule, project, settings, plan)
    if rule.kind == "safe_zone":
        return safe_zone_finding(rule, lines(), burned=plan.burn_captions)
    if rule.kind == "text_size":
        return text_size_finding(rule, lines(), _scene_names(project))
    if rule.kind == "black_ends":
        return _black_ends_plan(rule, plan)
    if rule.kind == "bars":
        return Finding("PASS", rule, "none: the studio fills the frame (photos are never boxed)")
    return _content_plan(rule, project)


# ------------------------------------------------------------------ shared with the video check


def aspect_finding(rule: Rule, width: int, height: int) -> Finding:
    name = aspect_name(width, height)
    ok = name in rule.aspects
    preset = next((k for k, v in PRESETS.items() if aspect_name(*v) == rule.aspects[0]), None)
    if ok:
        return Finding("PASS", rule, f"{name} ({width}x{height})")
    return Finding(
        verdict(rule, ok),
        rule,
        f"{name} ({width}x{height})",
        f"export as {rule.aspects[0]}",
        f"Use the {rule.aspects[0]} Format" if preset else "",
        (Fix("export", "preset", preset),) if preset else (),
    )


def frame_size_finding(rule: Rule, width: int, height: int) -> Finding:
    ok = fits_size(width, height, rule.min_size, rule.max_size)
    target = None
    if not ok:
        short = min(width, height)
        if rule.min_size and short < rule.min_size[1]:
            target = rule.min_size[1]
        elif rule.max_size and short > rule.max_size[1]:
            target = rule.max_size[1]
        elif rule.max_size:  # too long on the long side: shrink in proportion
            target = int(short * rule.max_size[0] / max(width, height)) // 2 * 2
    return Finding(
        verdict(rule, ok),
        rule,
        f"{width}x{height}",
        f"set the size to {target} px" if target else "",
        f"Set the Size to {target} px" if target else "",
        (Fix("export", "height", target),) if target else (),
    )


def duration_finding(
    rule: Rule, seconds: float, scenes: list[tuple[str, float]] | None = None
) -> Finding:
    lo, hi = rule.seconds
    too_short = lo is not None and seconds < lo
    too_long = hi is not None and (seconds >= hi if rule.below else seconds > hi)
    fix = ""
    if too_long and hi is not None:
        over = seconds - hi + (0.1 if rule.below else 0.0)
        fix = f"trim {over:.1f} s to reach {_limit(hi, rule.below)}"
        if scenes:
            longest = sorted(scenes, key=lambda s: -s[1])[:2]
            fix += ": shorten or remove " + " or ".join(f"{n} ({d:.1f} s)" for n, d in longest)
    elif too_short and lo is not None:
        fix = f"add {lo - seconds:.1f} s: a scene, or a longer pause or duration on one"
    return Finding(verdict(rule, not (too_short or too_long)), rule, f"{seconds:.1f} s", fix)


def _limit(hi: float, below: bool) -> str:
    return f"under {hi:g} s" if below else f"{hi:g} s"


def safe_zone_finding(rule: Rule, lines: Iterable[Any], burned: bool = True) -> Finding:
    from studio.jobs.text_lines import outside_zone

    z = rule.zone
    assert z is not None  # a safe_zone rule always has its zone
    worst: dict[str, tuple[float, Any]] = {}
    for line in lines:
        for side, depth in outside_zone(line, z.top, z.bottom, z.left, z.right).items():
            if depth > worst.get(side, (0.0, None))[0]:
                worst[side] = (depth, line)
    if not worst:
        return Finding(
            "PASS", rule, "all text inside the safe area" if burned else "no text burned in"
        )
    parts = [
        f"{_quote(line.text)} reaches {depth:.0%} into the {side} margin"
        for side, (depth, line) in sorted(worst.items(), key=lambda kv: -kv[1][0])
    ]
    return Finding(
        verdict(rule, False),
        rule,
        "; ".join(parts),
        "burn no captions in (the app shows the subtitle file) or keep text in the frame's middle",
        "Don't Burn Captions In",
        (Fix("export", "burn_captions", False),),
    )


def text_size_finding(rule: Rule, lines: Iterable[Any], scene_names: list[str]) -> Finding:
    limit = rule.min_text_px or 0.0
    measured = list(lines)
    if not measured:
        return Finding("PASS", rule, "no on-screen text")
    # heights are shown rounded down, so a line just under the limit never reads as on it
    small = sorted((ln for ln in measured if ln.height_1080 < limit), key=lambda ln: ln.height_1080)
    smallest = min(measured, key=lambda ln: ln.height_1080)
    if not small:
        return Finding("PASS", rule, f"smallest line {int(smallest.height_1080)} px")
    named = [
        f"{_quote(ln.text)} {int(ln.height_1080)} px"
        + (f" ({scene_names[ln.scene]})" if 0 <= ln.scene < len(scene_names) else "")
        for ln in small[:SHOWN_ITEMS]
    ]
    more = f" and {len(small) - SHOWN_ITEMS} more" if len(small) > SHOWN_ITEMS else ""
    return Finding(
        verdict(rule, False),
        rule,
        ", ".join(named) + more,
        "shorten that text: a long line is set smaller to fit",
    )


def _quote(text: str, chars: int = 30) -> str:
    return repr(text if len(text) <= chars else text[: chars - 1] + "…")


# ------------------------------------------------------------------ plan-only checks


def _scene_names(project: Project) -> list[str]:
    kinds = {"title": "title card", "quote": "quote card", "cta": "closing card"}
    return [kinds.get(s.kind, f"scene {k + 1}") for k, s in enumerate(project.timeline.scenes)]


def _scene_lengths(project: Project, plan: RenderPlan) -> list[tuple[str, float]]:
    return list(zip(_scene_names(project), (s.duration for s in plan.scenes), strict=False))


def _size_plan(rule: Rule, plan: RenderPlan) -> Finding:
    from studio.render.encoder import capped_rates

    cap = rule.max_bytes or 0
    seconds = plan.frame_count / plan.fps
    try:
        video, audio = capped_rates(seconds, plan.fps, cap)
    except StudioError as exc:
        return Finding(verdict(rule, False), rule, str(exc).rstrip("."), "shorten the video")
    if video > ROOMY_KBPS:
        return Finding(
            "PASS", rule, f"{seconds:.1f} s fits easily (the cap allows {video / 1000:.0f} Mbit/s)"
        )
    return Finding(
        "PASS",
        rule,
        f"{seconds:.1f} s encoded to fit: picture at most {video / 1000:.1f} Mbit/s, "
        f"sound {audio} kbit/s",
    )


def _captions_plan(
    rule: Rule, project: Project, settings: ExportSettings, plan: RenderPlan
) -> Finding:
    if rule.caption_format == "vtt":
        if not settings.vtt:
            return Finding(
                verdict(rule, False),
                rule,
                "no WebVTT file will be written",
                "turn on WebVTT subtitles",
                "Write WebVTT Subtitles",
                (Fix("export", "vtt", True),),
            )
        note = ""
        if rule.describe_music:
            gaps = sound_cues(plan, project.music.source != "none")
            note = (
                f"; {len(gaps)} stretch(es) without words captioned {gaps[0].text}" if gaps else ""
            )
        return Finding("PASS", rule, f"{len(plan.cues)} cues in a .vtt beside the video{note}")
    sidecar = settings.srt or settings.vtt
    if plan.burn_captions or sidecar:
        how = [w for w, on in (("burned in", plan.burn_captions), ("subtitle file", sidecar)) if on]
        return Finding("PASS", rule, " and ".join(how))
    return Finding(
        verdict(rule, False),
        rule,
        "no captions burned in and no subtitle file",
        "burn captions in or write subtitles: most viewers watch muted",
        "Write SRT Subtitles",
        (Fix("export", "srt", True),),
    )


def sound_cues(plan: RenderPlan, music: bool) -> list[Any]:
    """Cues that describe the stretches no caption covers (at least MIN_GAP_SECONDS, each
    shown for at most SOUND_CUE_SECONDS): "[MUSIC PLAYING]", or "[NO SPEECH]" in silence."""
    from studio.media.cuefile import FileCue, uncaptioned
    from studio.render.plan import Cue

    spans = [FileCue(c.start, c.end, c.text) for c in plan.cues]
    label = "[MUSIC PLAYING]" if music else "[NO SPEECH]"
    duration = plan.frame_count / plan.fps
    return [
        Cue(a, min(b, a + SOUND_CUE_SECONDS), label)
        for a, b in uncaptioned(spans, duration, MIN_GAP_SECONDS)
    ]


def _black_ends_plan(rule: Rule, plan: RenderPlan) -> Finding:
    from studio.media.frames import blankness
    from studio.render.frame import FrameRenderer

    renderer = FrameRenderer(
        plan, max(2, plan.width // 4 // 2 * 2), max(2, plan.height // 4 // 2 * 2)
    )
    last = max(plan.frame_count - 1, 0) / plan.fps
    first_frame = blankness(renderer.frame_at(0.0)[:, :, ::-1])
    last_frame = blankness(renderer.frame_at(last)[:, :, ::-1])
    return black_ends_finding(rule, first_frame, last_frame)


def black_ends_finding(rule: Rule, first: Any, last: Any) -> Finding:
    bad = [
        f"the {which} frame is {'black' if b.black else 'one flat colour'}"
        for which, b in (("first", first), ("last", last))
        if b.empty
    ]
    if not bad:
        return Finding("PASS", rule, "first and last frames show a picture")
    return Finding(
        verdict(rule, False),
        rule,
        " and ".join(bad),
        "start on the title card or a photo and end on the closing card; no fade from or to black",
    )


def _content_plan(rule: Rule, project: Project) -> Finding:
    """Claims in what the video will show (captions, the title card's price, the closing
    card) and say (voice lines)."""
    found: list[tuple[str, Claim]] = []
    actions: list[Fix] = []
    kinds = tuple(rule.claims)
    product = project.product

    def scan(where: str, text: str, fix: Callable[[str], Fix | None]) -> None:
        claims = find_claims(text, kinds)
        if not claims:
            return
        found.extend((where, c) for c in claims)
        action = fix(without_claims(text, claims))
        if action is not None and action not in actions:
            actions.append(action)

    names = _scene_names(project)
    for k, s in enumerate(project.timeline.scenes):
        name = names[k]
        if s.kind == "title":
            if s.caption.strip():
                scan(f"{name} caption", s.caption, _scene_fix("caption", s.id))
            else:
                scan(f"{name} (product title)", product.title, _product_fix("title"))
            if product.price.strip():
                # the price is the title card's second line whatever it says
                found.append((f"{name}", Claim("price", product.price.strip(), 0, 0)))
                actions.append(Fix("product", "price", ""))
        elif s.kind == "cta":
            if s.caption.strip():
                scan(f"{name} caption", s.caption, _scene_fix("caption", s.id))
            else:
                scan(f"{name} button", product.call_to_action, _product_fix("call_to_action"))
            scan(f"{name} brand", product.brand, _no_fix)
        else:
            scan(f"{name} caption", s.caption, _scene_fix("caption", s.id))
        scan(f"{name} voice", s.voice_line, _scene_fix("voice_line", s.id))
    if not found:
        return Finding("PASS", rule, "none in captions, the title card or voice lines")
    shown = [f"{where}: {_quote(c.phrase)} ({c.kind})" for where, c in found[:SHOWN_ITEMS]]
    more = f" and {len(found) - SHOWN_ITEMS} more" if len(found) > SHOWN_ITEMS else ""
    kinds_found = sorted({CLAIM_NAMES[c.kind] for _, c in found})
    return Finding(
        verdict(rule, False),
        rule,
        "; ".join(shown) + more,
        f"remove the {', '.join(kinds_found)} from the text named (prices belong on the "
        "listing, not in the video)",
        "Remove Prices and Claims" if actions else "",
        tuple(actions),
    )


def _scene_fix(name: str, scene_id: str) -> Callable[[str], Fix | None]:
    def fix(text: str) -> Fix | None:
        return Fix("scene", name, text, scene_id)

    return fix


def _no_fix(text: str) -> Fix | None:
    return None


def _product_fix(name: str) -> Callable[[str], Fix | None]:
    def fix(text: str) -> Fix | None:
        return Fix("product", name, text) if text else None

    return fix


def failed(findings: Iterable[Finding]) -> bool:
    return any(f.status == "FAIL" for f in findings)


def apply_fixes(undo: UndoLog, finding: Finding) -> None:
    """Make a finding's one-click fixes as one undoable step named by its ``fix_label``.
    A scene deleted since the check was made is passed over."""
    label = finding.fix_label or "Fix"
    with undo.group(label):
        for a in finding.actions:
            if a.target == "scene":
                if any(s.id == a.scene_id for s in undo.project.timeline.scenes):
                    undo.set_scene(a.scene_id, a.field, a.value)
            else:
                undo.set_attr(a.target, a.field, a.value, label)
