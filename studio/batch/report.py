"""report.html: the batch at a glance, one self-contained page to open in a browser.

Every text (SKU names, warnings, errors) is escaped, links are relative and percent-encoded,
and the page loads nothing from anywhere else: its style is inline and the thumbnails are the
cover images beside it in the output folder.
"""

from __future__ import annotations

import html
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from studio.batch.manifest import DONE, Record, latest, read_records
from studio.core.fsutil import atomic_write_text

REPORT = "report.html"
_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1c1c1f;background:#fafafa}
h1{font-size:20px;margin:0 0 4px} .sum{margin:0 0 16px;color:#444}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f2;position:sticky;top:0}
img{max-width:160px;max-height:120px;display:block;background:#222}
.done{color:#0a6b2d;font-weight:600} .failed{color:#b00020;font-weight:600}
ul{margin:0;padding-left:18px} .err{color:#b00020} .num{text-align:right;white-space:nowrap}
"""


def _href(rel: str) -> str:
    return html.escape(quote(rel, safe="/"), quote=True)


def _row(r: Record) -> str:
    e = html.escape
    thumb = (
        f'<a href="{_href(r.video or r.cover or "")}"><img src="{_href(r.cover)}" alt="" loading="lazy"></a>'
        if r.cover
        else ""
    )
    links = " ".join(
        f'<a href="{_href(p)}">{e(Path(p).suffix.lstrip(".") or p)}</a>' for p in r.outputs()
    )
    notes = "".join(f"<li>{e(w)}</li>" for w in r.warnings)
    error = f'<div class="err">{e(r.error)}</div>' if r.error else ""
    duration = f"{r.duration:.1f} s" if r.duration else ""
    return (
        f"<tr><td>{thumb}</td><td>{e(r.sku)}</td><td>{e(r.variant)}</td>"
        f'<td class="{e(r.status)}">{e(r.status)}</td><td class="num">{duration}</td>'
        f'<td class="num">{r.seconds:.0f} s</td><td>{links}</td>'
        f"<td>{error}{'<ul>' + notes + '</ul>' if notes else ''}</td></tr>"
    )


def render_report(records: list[Record], title: str, notes: list[str] | None = None) -> str:
    e = html.escape
    counts = Counter(r.status for r in records)
    skus = {r.sku for r in records}
    failed_skus = {r.sku for r in records if r.status != DONE}
    summary = (
        f"{len(skus)} SKUs, {len(records)} videos: {counts.get(DONE, 0)} done, "
        f"{counts.get('failed', 0)} failed ({len(failed_skus)} SKUs); "
        f"{sum(1 for r in records if r.warnings)} with warnings. Written {time.strftime('%Y-%m-%d %H:%M')}."
    )
    extra = "".join(f"<li>{e(n)}</li>" for n in notes or [])
    rows = "\n".join(
        _row(r) for r in sorted(records, key=lambda r: (r.status == DONE, r.sku, r.variant))
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{e(title)}</h1><p class="sum">{e(summary)}</p>'
        + (f"<ul>{extra}</ul>" if extra else "")
        + "<table><thead><tr><th>Cover</th><th>SKU</th><th>Variant</th><th>Status</th>"
        "<th>Length</th><th>Took</th><th>Files</th><th>Warnings and errors</th></tr></thead>"
        f"<tbody>\n{rows}\n</tbody></table></body></html>\n"
    )


def write_report(
    out_dir: Path, notes: list[str] | None = None, skus: set[str] | None = None
) -> Path:
    """report.html from the manifest's newest record per SKU and variant (only ``skus`` when
    given: the SKUs still in the catalogue)."""
    records = [r for r in latest(read_records(out_dir)).values() if skus is None or r.sku in skus]
    path = Path(out_dir) / REPORT
    atomic_write_text(path, render_report(records, f"Batch report: {Path(out_dir).name}", notes))
    return path
