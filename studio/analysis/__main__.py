"""``python -m studio.analysis DIR``: print the plan JSON for a folder of images + bullets.txt.

A small runner for evaluating the matcher on its own (the real CLI is ``studio match``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from studio.core.errors import StudioError
from studio.core.model import ImageAsset, Product, Project
from studio.core.progress import run_job


def project_from_folder(folder: Path) -> Project:
    from studio.media.images import is_image_name

    bullets_file = folder / "bullets.txt"
    bullets = []
    if bullets_file.exists():
        bullets = [
            ln.strip() for ln in bullets_file.read_text(encoding="utf-8").splitlines() if ln.strip()
        ]
    images = [
        ImageAsset(p.name) for p in sorted(folder.iterdir()) if p.is_file() and is_image_name(p)
    ]
    return Project(root=folder, product=Product(title=folder.name, bullets=bullets), images=images)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m studio.analysis", description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument(
        "--details", action="store_true", help="also print skipped images and hero reasons"
    )
    args = ap.parse_args(argv)
    from studio.analysis.matcher import plan_job

    try:
        plan = run_job(plan_job(project_from_folder(args.folder)))
    except StudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(plan.to_json(details=args.details), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
