"""The platform checks on a finished video file: what the upload page itself will see.

Measured on the file, not taken from the project: the container, codec, frame size and length
as ffmpeg reads them, the size on disk, the first and last frames, letterbox or pillarbox bars
across sampled frames, the captions file beside the video, and the text the frames show (its
height, where it sits, and any prices or claims in it). When the render plan is known (after
``studio render --for``) text is read where the plan put captions, one frame per scene;
without it, from frames spread over the video, and small text only warns, since it may be
print on the product itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from studio.core.claims import find_claims
from studio.core.errors import MediaError
from studio.core.platforms import CLAIM_NAMES, Platform, Rule
from studio.core.progress import Job, Progress
from studio.jobs.compliance import (
    SHOWN_ITEMS,
    Finding,
    aspect_finding,
    black_ends_finding,
    duration_finding,
    frame_size_finding,
    safe_zone_finding,
    text_size_finding,
    verdict,
)
from studio.jobs.text_lines import TextLine, frame_lines
from studio.media.ffmpeg import MediaInfo, probe
from studio.render.plan import RenderPlan

SAMPLES = 6  # frames read across a video whose plan is unknown
BAR_SAMPLES = 7
CONTAINER_NAMES = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}
CUE_TOUCH = 0.05  # seconds: a sound description that ends where a gap starts describes it
CODEC_NAMES = {"h264": "H.264", "hevc": "H.265"}


def video_check_job(path: Path, p: Platform, plan: RenderPlan | None = None) -> Job[list[Finding]]:
    """Check the file at ``path`` against every rule of ``p``."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(path, "file not found")
    info = probe(path)
    video = info.first("video")
    if video is None:
        raise MediaError(path, "no video stream")
    yield Progress("Checking the video", 0, 1.0, "Reading frames")
    text: tuple[list[TextLine], list[TextLine]] | None = None
    findings: list[Finding] = []
    for k, rule in enumerate(p.rules):
        if rule.kind in ("text_size", "safe_zone", "content") and text is None:
            yield Progress("Checking the video", k / len(p.rules), 1.0, "Reading on-screen text")
            text = _read_text(path, info, plan)
        findings.append(_check(rule, path, info, plan, text or ([], [])))
        yield Progress("Checking the video", (k + 1) / len(p.rules), 1.0)
    return findings


def _check(
    rule: Rule,
    path: Path,
    info: MediaInfo,
    plan: RenderPlan | None,
    text: tuple[list[TextLine], list[TextLine]],
) -> Finding:
    from studio.media import frames

    v = info.first("video")
    assert v is not None  # checked by the job
    duration = info.duration or 0.0
    if rule.kind == "aspect":
        return aspect_finding(rule, v.width, v.height)
    if rule.kind == "frame_size":
        return frame_size_finding(rule, v.width, v.height)
    if rule.kind == "codec":
        return _codec(rule, path, v.codec)
    if rule.kind == "duration":
        return duration_finding(rule, duration)
    if rule.kind == "file_size":
        size = path.stat().st_size
        cap = rule.max_bytes or 0
        return Finding(
            verdict(rule, size <= cap),
            rule,
            f"{size:,} bytes ({size / 1e6:.2f} MB)",
            f"re-export with the platform chosen: it encodes to fit {cap / 1e6:g} MB",
        )
    if rule.kind == "black_ends":
        width = min(frames.MEASURE_WIDTH, v.width)
        first = frames.blankness(frames.read_frame(path, 0.0, width))
        last = frames.blankness(frames.read_last_frame(path, width))
        return black_ends_finding(rule, first, last)
    if rule.kind == "bars":
        return _bars(rule, path, duration, min(frames.MEASURE_WIDTH, v.width))
    if rule.kind == "captions":
        return _captions(rule, path, duration, plan)
    if rule.kind == "safe_zone":
        return safe_zone_finding(rule, text[1])
    if rule.kind == "text_size":
        names = [f"scene {k + 1}" for k in range(len(plan.scenes) if plan else 0)]
        finding = text_size_finding(rule, text[1], names)
        if plan is None and finding.status == "FAIL":  # may be print on the product
            return replace(
                finding, status="WARN", fix=finding.fix + " (or it is print on the product)"
            )
        return finding
    return _content(rule, text[0])


def _codec(rule: Rule, path: Path, codec: str) -> Finding:
    suffix = path.suffix.lower()
    ok = codec in rule.codecs and (not rule.containers or suffix in rule.containers)
    return Finding(
        verdict(rule, ok),
        rule,
        f"{CODEC_NAMES.get(codec, codec)} in {suffix or 'a file without a suffix'}",
        "export from the studio (H.264 in .mp4)",
    )


def _bars(rule: Rule, path: Path, duration: float, width: int) -> Finding:
    from studio.media import frames

    times = [duration * (k + 1) / (BAR_SAMPLES + 1) for k in range(BAR_SAMPLES)]
    bars = frames.bar_widths([frames.read_frame(path, t, width) for t in times])
    found = []
    if bars.letterbox:
        found.append(f"letterbox bars {bars.top:.0%} top, {bars.bottom:.0%} bottom")
    if bars.pillarbox:
        found.append(f"pillarbox bars {bars.left:.0%} left, {bars.right:.0%} right")
    if not found:
        return Finding("PASS", rule, "none")
    return Finding(
        verdict(rule, False),
        rule,
        "; ".join(found),
        "export in the platform's shape so the picture fills the frame",
    )


def _captions(rule: Rule, path: Path, duration: float, plan: RenderPlan | None) -> Finding:
    from studio.jobs.compliance import MIN_GAP_SECONDS
    from studio.media.cuefile import read_cue_file, uncaptioned

    suffixes = (".vtt",) if rule.caption_format == "vtt" else (".vtt", ".srt")
    files = [path.with_suffix(s) for s in suffixes if path.with_suffix(s).is_file()]
    if not files:
        burned = plan is not None and plan.burn_captions
        ok = rule.caption_format != "vtt" and burned
        return Finding(
            verdict(rule, ok),
            rule,
            "captions burned in" if ok else f"no {' or '.join(suffixes)} file beside the video",
            f"export with {'WebVTT subtitles' if rule.caption_format == 'vtt' else 'subtitles'}",
        )
    cues = read_cue_file(files[0])
    if cues.problem:
        return Finding(
            verdict(rule, False),
            rule,
            f"{files[0].name} is malformed: {cues.problem}",
            "export the subtitles again",
        )
    late = [c for c in cues.cues if c.start > duration + 0.5]
    if late:
        return Finding(
            verdict(rule, False),
            rule,
            f"{files[0].name}: a cue starts at {late[0].start:.1f} s, after the video ends",
            "export the subtitles with the video",
        )
    measured = f"{files[0].name}, {len(cues.cues)} well-formed cues"
    if rule.describe_music:
        bare = [
            (a, b)
            for a, b in uncaptioned(cues.cues, duration, MIN_GAP_SECONDS)
            if not any(c.text.startswith("[") and abs(c.end - a) <= CUE_TOUCH for c in cues.cues)
        ]
        if bare:
            a, b = bare[0]
            return Finding(
                verdict(rule, False),
                rule,
                f"{measured}, but {a:.1f}-{b:.1f} s has no caption",
                "caption stretches without words as [MUSIC PLAYING] (the studio's export "
                "does when Walmart is chosen)",
            )
    return Finding("PASS", rule, measured)


def _content(rule: Rule, lines: list[TextLine]) -> Finding:
    found = []
    seen: set[tuple[str, str]] = set()
    for ln in lines:  # the same price on several frames is one finding
        for c in find_claims(ln.text, tuple(rule.claims)):
            if (c.kind, c.phrase.lower()) not in seen:
                seen.add((c.kind, c.phrase.lower()))
                found.append((ln, c))
    if not found:
        return Finding("PASS", rule, "none in the picture (the voice is checked before rendering)")
    shown = [f"{c.phrase!r} ({c.kind})" for _, c in found[:SHOWN_ITEMS]]
    more = f" and {len(found) - SHOWN_ITEMS} more" if len(found) > SHOWN_ITEMS else ""
    kinds = sorted({CLAIM_NAMES[c.kind] for _, c in found})
    return Finding(
        verdict(rule, False),
        rule,
        "the picture shows " + ", ".join(shown) + more,
        f"remove the {', '.join(kinds)} from captions and photos",
    )


def _read_text(
    path: Path, info: MediaInfo, plan: RenderPlan | None
) -> tuple[list[TextLine], list[TextLine]]:
    """(every line of text read, the lines that are captions). With the plan, one frame per
    caption, and captions are the lines where the plan put them; without, frames spread over
    the video, and every line counts as a caption."""
    from studio.jobs.text_lines import caption_shots, inside
    from studio.media import frames

    duration = info.duration or 0.0
    last = max(duration - 0.05, 0.0)
    if plan is None or not plan.scenes:
        read = [
            frame_lines(frames.read_frame(path, min(duration * (k + 0.5) / SAMPLES, last)))
            for k in range(SAMPLES)
        ]
        spread = [ln for lines in read for ln in lines]
        return spread, spread
    every: list[TextLine] = []
    captions: list[TextLine] = []
    shots = list(caption_shots(plan))
    times = sorted(
        {(s.scene, s.time) for s in shots}
        | {(k, sc.start + sc.duration / 2) for k, sc in enumerate(plan.scenes)}
    )
    for scene, t in times:
        lines = frame_lines(frames.read_frame(path, min(t, last)), scene)
        every.extend(lines)
        regions = [s.region for s in shots if s.scene == scene and s.time == t]
        captions.extend(ln for ln in lines if any(inside(ln, r) for r in regions))
    return every, captions
