"""How well the matcher holds on listings it has not seen: leave-one-listing-out cross-validation.

    .venv/bin/python bench/match_quality.py [--dev ../shared/eval/dev] [--write]

Every listing is read the way ``studio match`` reads it (photos + bullets.txt in a folder named
after the listing), its evidence is gathered by the matcher's own code, and then each listing is
decided by a fusion model fitted (with its own inner folds) on the other listings only. Printed:
cross-validated top-1, hero and high-confidence figures for the whole set and per catalogue, the
reliability table (confidence bins against observed accuracy), "no photo shows this" accuracy,
and the baselines (random pick, first file name). ``--write`` then fits on every listing and
writes studio/analysis/fusion_model.json, with these figures in its metadata.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.analysis.fitting import LabelledListing, Report, cross_validate, fit_fusion  # noqa: E402
from studio.analysis.learn import reliability  # noqa: E402

BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0)
HIGH = 0.8


def load_listing(folder: Path, work: Path) -> LabelledListing:
    """Gather one labelled listing's features the way `studio match` sees the listing."""
    from studio.analysis.matcher import gather
    from studio.core.intake import load_product
    from studio.core.progress import run_job
    from studio.media.images import image_info

    meta = json.loads((folder / "listing.json").read_text(encoding="utf-8"))
    copy = work / folder.name
    copy.mkdir()
    for name in meta["images"]:
        shutil.copy2(folder / name, copy / name)
    (copy / "bullets.txt").write_text("\n".join(meta["bullets"]) + "\n", encoding="utf-8")
    project = load_product(copy, image_info).project
    g = run_job(gather(project))
    index = {n: i for i, n in enumerate(g.names)}
    labels: dict[int, set[int] | None] = {}
    for key, ok in meta["labels"].items():
        if ok == ["*"]:
            labels[int(key)] = None
        else:
            found = {index[n] for n in ok if n in index}
            if found:
                labels[int(key)] = found
    catalogue = folder.name.split("-")[0]
    return LabelledListing(folder.name, catalogue, g.features, labels, index.get(meta["hero"]))


def baselines(dev: Path) -> tuple[float, float, int]:
    rand = first = 0.0
    total = 0
    for folder in sorted(p for p in dev.iterdir() if (p / "listing.json").exists()):
        meta = json.loads((folder / "listing.json").read_text(encoding="utf-8"))
        first_image = sorted(meta["images"])[0]
        for ok in meta["labels"].values():
            if ok == ["*"]:
                continue
            total += 1
            rand += len(ok) / len(meta["images"])
            first += first_image in ok
    return rand / total, first / total, total


def figures(report: Report, names: set[str] | None = None) -> dict[str, float]:
    results = [r for r in report.results if names is None or r.name in names]
    picks = [x for r in results for x in r.picks_right()]
    right = [ok for ok, _ in picks]
    conf = [c for _, c in picks]
    high = [ok for ok, c in picks if c >= HIGH]
    heroes = [r.decision.hero == r.hero for r in results if r.hero is not None]
    shown_ok = [
        (r.decision.shown[b] >= 0.5) == (ok is not None)
        for r in results
        for b, ok in r.labels.items()
    ]
    return {
        "listings": len(results),
        "labelled": len(picks),
        "top1": float(np.mean(right)) if right else float("nan"),
        "hero": float(np.mean(heroes)) if heroes else float("nan"),
        "hc_precision": float(np.mean(high)) if high else float("nan"),
        "hc_share": len(high) / len(picks) if picks else float("nan"),
        "shown_accuracy": float(np.mean(shown_ok)) if shown_ok else float("nan"),
        "mean_confidence": float(np.mean(conf)) if conf else float("nan"),
    }


def ablations(listings: list[LabelledListing]) -> None:
    """The cross-validated effect of each hand-set choice: the same procedure without it."""
    import studio.analysis.fitting as fitting
    import studio.analysis.fusion as fusion

    def run(label: str) -> None:
        f = figures(cross_validate(listings))
        print(
            f"  {label:<44} top1={f['top1']:.3f} hero={f['hero']:.3f} "
            f"hc_precision={f['hc_precision']:.3f} hc_share={f['hc_share']:.3f}",
            flush=True,
        )

    print("\nablations (cross-validated the same way):")
    saved = (fitting.USE_PRIORS, fitting.L2_GRID, fusion.HERO_FIRST_PENALTY, fitting.REUSE_GRID)
    try:
        fitting.USE_PRIORS = False
        run("no priors (weights fitted from zero)")
        fitting.USE_PRIORS, fitting.L2_GRID = True, (1e4,)
        run("priors only (hand-set weights, fitted scale)")
        fitting.L2_GRID = saved[1]
        fusion.HERO_FIRST_PENALTY = 0.0
        run("no hero-first penalty")
        fusion.HERO_FIRST_PENALTY = saved[2]
        fitting.REUSE_GRID = (1e3,)
        run("no photo shown twice unless photos run out")
    finally:
        fitting.USE_PRIORS, fitting.L2_GRID, fusion.HERO_FIRST_PENALTY, fitting.REUSE_GRID = saved


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument(
        "--write", action="store_true", help="fit on all listings and write the shipped model"
    )
    ap.add_argument("--verbose", action="store_true", help="print every held-out decision")
    ap.add_argument(
        "--ablations",
        action="store_true",
        help="also cross-validate without the hand-set priors and constants, to show their effect",
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    folders = sorted(p for p in args.dev.iterdir() if (p / "listing.json").exists())
    with tempfile.TemporaryDirectory() as tmp:
        listings = [load_listing(f, Path(tmp)) for f in folders]
    t1 = time.perf_counter()
    print(f"gathered {len(listings)} listings in {t1 - t0:.1f} s", flush=True)

    report = cross_validate(listings)
    t2 = time.perf_counter()
    overall = figures(report)
    rand, first, total = baselines(args.dev)
    print(
        f"cross-validation: leave one listing out ({len(listings)} folds, inner 5-fold) in {t2 - t1:.1f} s"
    )
    print(f"listings={overall['listings']} labelled_bullets={overall['labelled']}")
    print(f"baseline_random={rand:.3f} baseline_first_image={first:.3f}")
    print(f"cv_top1_accuracy={overall['top1']:.3f}")
    print(f"cv_hero_accuracy={overall['hero']:.3f}")
    print(f"cv_high_confidence_precision={overall['hc_precision']:.3f}")
    print(f"high_confidence_share={overall['hc_share']:.3f}")
    print(
        f"cv_shown_accuracy={overall['shown_accuracy']:.3f}  (is the bullet shown by any photo, all bullets)"
    )
    print("\nby catalogue:")
    for cat in sorted({r.catalogue for r in report.results}):
        f = figures(report, {r.name for r in report.results if r.catalogue == cat})
        print(
            f"  {cat:<11} listings={f['listings']:>2} labelled={f['labelled']:>2} top1={f['top1']:.3f} "
            f"hero={f['hero']:.3f} hc_precision={f['hc_precision']:.3f} hc_share={f['hc_share']:.3f}"
        )
    picks = [x for r in report.results for x in r.picks_right()]
    print("\nreliability (confidence bin: picks, mean confidence, observed accuracy):")
    for label, n, c, acc in reliability([c for _, c in picks], [ok for ok, _ in picks], BINS):
        print(f"  {label}: n={n:>3} conf={c:.2f} acc={acc:.2f}" if n else f"  {label}: n=  0")
    if args.verbose:
        for r in report.results:
            for b, ok in r.labels.items():
                pick = r.decision.picks.get(b)
                mark = "*" if ok is None else ("ok " if pick in ok else "MISS")
                print(
                    f"{mark:<4} {r.name[:40]:<40} #{b} pick={pick} conf={r.decision.confidence.get(b, 0):.2f} "
                    f"shown={r.decision.shown[b]:.2f} want={sorted(ok) if ok else '*'}"
                )
            print(f"hero {r.name[:40]:<40} pick={r.decision.hero} want={r.hero}")

    if args.ablations:
        ablations(listings)

    if args.write:
        today = dt.date.today().isoformat()
        meta = {
            "fitted": today,
            "dev_set": str(args.dev.name),
            "cross_validated": {
                k: round(v, 4) if isinstance(v, float) else v for k, v in overall.items()
            },
        }
        model = fit_fusion(listings, meta=meta)
        out = ROOT / "studio" / "analysis" / "fusion_model.json"
        tmp = out.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        tmp.replace(out)
        print(
            f"\nwrote {out.relative_to(ROOT)} (pair l2 {model.meta['pair_l2']}, hero l2 {model.meta['hero_l2']}, "
            f"reuse {model.reuse_penalty})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
