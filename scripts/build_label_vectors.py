"""Write studio/analysis/imagenet_label_vectors.npy: the sentence embedding of every ImageNet
class name, as the matcher compares them with bullets.

Plans compare each photo's recognised classes (whole photo and regions) with the bullets; a new
listing brings dozens of class names, and embedding them on every first plan cost ~0.3 s. The
1000 names never change, so their vectors ship with the app (float16, 0.8 MB). Run this again
only when the sentence model or the label list changes; tests/analysis check the file against
the live model.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from studio.analysis.effnet import imagenet_labels
    from studio.analysis.text import embed

    names = [n.lower() for n in imagenet_labels()]
    vectors = embed(names).astype(np.float16)
    out = ROOT / "studio" / "analysis" / "imagenet_label_vectors.npy"
    np.save(out, vectors, allow_pickle=False)
    print(f"wrote {out.relative_to(ROOT)}: {vectors.shape}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
