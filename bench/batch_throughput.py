"""Catalogue throughput: the same 24 SKUs through the local pool (1 and 2 workers) and a local
Ray runtime (2 CPUs), then a 1,000-SKU simulated catalogue in --dry-run on Ray.

    .venv/bin/python bench/batch_throughput.py [--skus 24] [--height 240] [--bullets 2]
                                               [--sim 1000] [--skip-sim] [--only pool1,pool2,ray]

The SKUs are listings of the shared evaluation set (../shared/eval/dev; its photos stay
there, nothing is copied or shipped), each cut to its first ``--bullets`` bullets so a video
lasts about ten seconds. Every configuration starts from an empty cache, so each pays for its
own image analysis and voicing, as a first run of a new catalogue does. Printed per run: wall
time, SKUs/min, peak memory (the resident memory of this process and everything it started,
sampled twice a second); then ``scaling_efficiency=`` (2-worker rate / (2 x 1-worker rate))
and Ray's overhead against the 2-worker pool, with its start-up time apart.

The simulated catalogue cycles the listings under new SKU names and titles (so every title
line is voiced anew) and runs in --dry-run: everything is planned and voiced, and a 1 s
144p video of the title scene is encoded, which keeps the encoder, the publishing, the
manifest and the report in the loop at a fraction of the render time. It reuses the Ray run's
cache (the listings' photos are analysed already), so it measures the scheduler and the
per-SKU planning and voicing, not the first analysis of 42 listings again. A second run of it
then shows the cost of checking 1,000 finished SKUs (hash + probe) and doing nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.batch import BatchOptions, BatchSettings, batch_job  # noqa: E402
from studio.batch.manifest import MANIFEST, read_records  # noqa: E402
from studio.batch.ray_pool import prepare_local_runtime  # noqa: E402
from studio.core.progress import Progress, run_job  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "dev"
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


class PeakMemory:
    """Peak summed RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(self.every)


def tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    total = 0
    for pid, size in rss.items():
        p = pid
        while p and p != root:
            p = parents.get(p, 0)
        if p == root:
            total += size
    return total


def listings() -> list[Path]:
    found = sorted(p for p in EVAL.iterdir() if (p / "listing.json").is_file())
    if not found:
        sys.exit(f"no listings in {EVAL}")
    return found


def write_catalogue(path: Path, n: int, bullets: int, prefix: str = "sku") -> Path:
    """``n`` SKUs cycling the listings; past the first round each gets a title of its own."""
    base = listings()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["sku", "title", "price", "bullets", "images"])
        for i in range(n):
            listing = base[i % len(base)]
            doc = json.loads((listing / "listing.json").read_text(encoding="utf-8"))
            title = doc["title"] if i < len(base) else f"{doc['title']} No. {i}"
            w.writerow(
                [
                    f"{prefix}-{i:04d}",
                    title,
                    f"${10 + i % 90}.99",
                    "|".join(b.replace("|", "/") for b in doc["bullets"][:bullets]),
                    str(listing),
                ]
            )
    return path


def run(
    label: str,
    options: BatchOptions,
    cache: Path,
    ray_cpus: int | None = None,
    fresh: bool = True,
) -> dict:
    """One configuration, from an empty cache when ``fresh``; returns its figures."""
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    os.environ["STUDIO_CACHE_DIR"] = str(cache)
    startup = 0.0
    ray = None
    if ray_cpus is not None:
        import ray as ray_module

        ray = ray_module
        prepare_local_runtime()
        t = time.perf_counter()
        ray.init(
            address="local",
            num_cpus=ray_cpus,
            include_dashboard=False,
            log_to_driver=False,
            object_store_memory=512 * MB,
        )
        startup = time.perf_counter() - t
    last = [0.0]

    def show(p: Progress) -> None:
        now = time.perf_counter()
        if now - last[0] > 30:
            last[0] = now
            print(f"  [{label}] {p.stage} {p.message}", file=sys.stderr, flush=True)

    try:
        with PeakMemory() as mem:
            t = time.perf_counter()
            summary = run_job(batch_job(options), show)
            wall = time.perf_counter() - t
    finally:
        if ray is not None:
            ray.shutdown()
    rendered = summary.done + summary.failed
    figures = {
        "label": label,
        "wall": wall,
        "startup": startup,
        "skus": rendered,
        "failed": summary.failed,
        "per_min": rendered / wall * 60 if wall else 0.0,
        "peak_mb": mem.peak / MB,
    }
    print(
        f"{label}: {rendered} SKUs ({summary.failed} failed) in {wall:.1f} s"
        f" = {figures['per_min']:.2f} SKUs/min, peak memory {figures['peak_mb']:.0f} MB"
        + (f", ray.init {startup:.1f} s" if ray_cpus is not None else "")
        + f" [{summary.executor}]",
        flush=True,
    )
    for sku, why in summary.failures[:5]:
        print(f"  failed {sku}: {why[:160]}", flush=True)
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skus", type=int, default=24)
    ap.add_argument("--height", type=int, default=240)
    ap.add_argument("--bullets", type=int, default=2)
    ap.add_argument("--sim", type=int, default=1000, help="SKUs of the simulated dry run")
    ap.add_argument("--skip-sim", action="store_true")
    ap.add_argument("--only", default="pool1,pool2,ray", help="which 24-SKU runs")
    ap.add_argument("--work", type=Path, help="keep the outputs here (default: a temp folder)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    work = args.work or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}, work: {work}", flush=True)
    runs = {r.strip() for r in args.only.split(",") if r.strip()}
    results: dict[str, dict] = {}

    cat = write_catalogue(work / "catalogue.csv", args.skus, args.bullets)
    settings = BatchSettings(presets=("landscape",), height=args.height)
    print(f"{args.skus} SKUs, {args.height}p landscape, {args.bullets} bullets each", flush=True)
    if "pool1" in runs:
        results["pool1"] = run(
            "pool, 1 worker", BatchOptions(cat, work / "out-pool1", settings, 1), work / "c1"
        )
    if "pool2" in runs:
        results["pool2"] = run(
            "pool, 2 workers", BatchOptions(cat, work / "out-pool2", settings, 2), work / "c2"
        )
    if "ray" in runs:
        results["ray"] = run(
            "ray, 2 CPUs",
            BatchOptions(cat, work / "out-ray", settings, ray="auto"),
            work / "c3",
            ray_cpus=2,
        )
    if "pool1" in results and "pool2" in results:
        eff = results["pool2"]["per_min"] / (2 * results["pool1"]["per_min"])
        print(f"scaling_efficiency={eff:.2f} (2 workers against 1)")
    if "ray" in results and "pool2" in results:
        over = results["ray"]["wall"] / results["pool2"]["wall"] - 1
        print(
            f"ray_overhead={over * 100:+.0f}% wall time against the 2-worker pool "
            f"(ray.init {results['ray']['startup']:.1f} s not included)"
        )

    if not args.skip_sim:
        sim = write_catalogue(work / "simulated.csv", args.sim, args.bullets, prefix="sim")
        dry = BatchSettings(presets=("landscape",), dry_run=True)
        out = work / "out-sim"
        # The listings' photos were analysed by the runs above (the Ray run's cache, when it
        # ran): the simulation measures the scheduler, not image analysis again.
        cache = work / ("c3" if (work / "c3").is_dir() else "c4")
        first = run(
            f"dry run, {args.sim} SKUs, ray 2 CPUs",
            BatchOptions(sim, out, dry, ray="auto"),
            cache,
            ray_cpus=2,
            fresh=False,
        )
        with PeakMemory() as mem:
            t = time.perf_counter()
            again = run_job(batch_job(BatchOptions(sim, out, dry)))
            recheck = time.perf_counter() - t
        lines = len((out / MANIFEST).read_text().splitlines())
        print(
            f"dry run: {first['per_min']:.1f} SKUs/min; manifest {lines} lines "
            f"({len(read_records(out))} readable), report {(out / 'report.html').stat().st_size // 1024} KB; "
            f"second run skipped {again.skipped} of {again.total} in {recheck:.1f} s "
            f"(peak {mem.peak / MB:.0f} MB)"
        )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
