"""What `studio batch` and `studio batch-status` print: plain lines, no terminal tricks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from studio.batch.manifest import DONE, MANIFEST, latest, read_records
from studio.batch.report import REPORT
from studio.batch.runner import BatchSummary
from studio.core.errors import StudioError

LISTED = 20  # SKUs named in one line


def summary_lines(s: BatchSummary) -> list[str]:
    lines = [
        f"{s.total} SKUs: {s.done} rendered, {s.failed} failed, "
        f"{s.skipped - s.failed_before} unchanged, {s.failed_before} failed before "
        f"({s.seconds:.0f} s{', ' + s.executor if s.executor else ''})"
    ]
    lines += [f"failed: {sku}: {why}" for sku, why in s.failures]
    lines += [f"note: {n}" for n in s.notes]
    lines.append(f"report: {s.report}")
    return lines


def status_lines(out_dir: Path) -> list[str]:
    """The state of a batch output folder from its manifest."""
    out = Path(out_dir)
    if not (out / MANIFEST).is_file():
        raise StudioError(f"{out}: no {MANIFEST} here; is this a batch output folder?")
    records = latest(read_records(out)).values()
    by_sku: dict[str, list[str]] = {}
    for r in records:
        by_sku.setdefault(r.sku, []).append(r.status)
    sku_state = Counter(
        "done" if all(st == DONE for st in states) else "failed" for states in by_sku.values()
    )
    lines = [
        f"{len(by_sku)} SKUs: {sku_state.get('done', 0)} done, {sku_state.get('failed', 0)} failed; "
        f"{sum(1 for r in records if r.status == DONE)} videos"
    ]
    for r in sorted(records, key=lambda r: (r.sku, r.variant)):
        if r.status != DONE:
            lines.append(f"failed: {r.sku} {r.variant}: {r.error}")
    warned = sorted({r.sku for r in records if r.warnings and r.status == DONE})
    if warned:
        more = " …" if len(warned) > LISTED else ""
        lines.append(f"with warnings: {', '.join(warned[:LISTED])}{more}")
    if (out / REPORT).is_file():
        lines.append(f"report: {out / REPORT}")
    return lines
