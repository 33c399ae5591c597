"""An export made for a marketplace: checked before rendering, refused if the platform would
reject it (unless forced), encoded to its caps, and checked again on the file it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.model import ExportSettings, Project
from studio.core.platforms import Platform
from studio.core.progress import Job, weighted
from studio.jobs.compliance import CheckReport, Finding, failed, platform_settings, precheck_job
from studio.jobs.pipeline import ExportResult, export_job
from studio.jobs.video_check import video_check_job

if TYPE_CHECKING:
    from studio.jobs.enhance import EnhanceMode


@dataclass
class PlatformExport:
    before: CheckReport
    result: ExportResult | None = None  # None: refused, nothing was written
    after: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.result is None


def platform_export_job(
    project: Project,
    out: Path,
    settings: ExportSettings,
    p: Platform,
    *,
    force: bool = False,
    dedicated: bool = False,
    enhance: EnhanceMode = "auto",
) -> Job[PlatformExport]:
    """Check ``project`` for ``p``, export it (unless a check fails and not ``force``), and
    check the file. ``settings`` should already be made for ``p`` (``platform_settings``)."""
    report = yield from weighted(precheck_job(project, p, settings), 0.0, 0.2, "Checking")
    if report.failed and not force:
        return PlatformExport(report)
    checked = report.project or project  # planned once: render what was checked
    result = yield from weighted(
        export_job(checked, out, settings, dedicated=dedicated, enhance=enhance), 0.2, 0.7, None
    )
    after = yield from weighted(video_check_job(result.video, p, report.plan), 0.9, 0.1, None)
    return PlatformExport(report, result, after)


def check_job(
    p: Platform, project: Project | None = None, video: Path | None = None
) -> Job[list[Finding]]:
    """The checks before rendering (``project``), on a rendered file (``video``), or both."""
    findings: list[Finding] = []
    plan = None
    if project is not None:
        settings = platform_settings(project.export, p)
        span = 0.6 if video is not None else 1.0
        report = yield from weighted(precheck_job(project, p, settings), 0.0, span, None)
        findings += report.findings
        plan = report.plan
    if video is not None:
        start = 0.6 if project is not None else 0.0
        findings += yield from weighted(video_check_job(video, p, plan), start, 1 - start, None)
    return findings


def findings_json(p: Platform, findings: list[Finding]) -> dict[str, Any]:
    return {
        "platform": p.key,
        "passed": not failed(findings),
        "checks": [
            {
                "status": f.status,
                "kind": f.rule.kind,
                "rule": f.rule.describe(),
                "measured": f.measured,
                "fix": f.fix if f.status != "PASS" else "",
                "source": str(f.rule.source),
            }
            for f in findings
        ],
    }
