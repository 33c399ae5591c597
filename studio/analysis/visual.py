"""Cheap visual cues from pixels alone: backdrop, product box, close-up, colours, skin.

Everything runs on a small copy (long side ~256 px) with numpy/OpenCV in a few milliseconds.
The cues are deliberately simple and explainable; a learned model can replace any of them later
behind the same fields of ``VisualCues``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.analysis.colours import COLOUR_NAMES, name_memberships, name_oklab, oklab
from studio.analysis.views import head_visible
from studio.core.geometry import Rect

WORK_SIDE = 256  # long side of the copy the cues are computed on
BG_DISTANCE = 5.0  # OKLab distance (x100) under which a pixel counts as the backdrop colour
BACKDROP_MAX_GRADIENT = 2.0  # a studio backdrop is smooth; fabric and scenes have texture
CONTENT_MARGIN = 0.02  # padding around the non-backdrop pixels, so text at their edge stays whole
MIN_COLOUR_SHARE = 0.04
SILHOUETTE = 24  # colours covering less of the product than this are not reported


Palette = tuple[tuple[float, float, float, float], ...]  # (L, a, b, share) in OKLab, largest first


@dataclass(frozen=True)
class VisualCues:
    backdrop: float  # fraction of the border ring that is a smooth single-colour backdrop
    background_colour: str  # name of the backdrop colour ("" when there is none)
    plain_background: float  # 0..1: product shot on a plain backdrop (vs a busy scene)
    fill: float  # fraction of the image covered by the foreground (product, model)
    border_fill: float  # fraction of the border ring covered by the foreground
    closeup: float  # 0..1: a detail view (the subject fills the frame, cut by the edges)
    product_box: Rect  # bounding box of the foreground, normalised
    colours: tuple[
        tuple[str, float], ...
    ]  # named foreground colours with their share, largest first
    palette: Palette  # the foreground's colour clusters (OKLab) with their shares
    skin: float  # fraction of the image that looks like skin (a hand, a model)
    pieces: int  # separate foreground objects of a meaningful size
    hues: int  # distinct hue families among the saturated product pixels (colour variety)
    silhouette: str  # foreground mask at SILHOUETTE x SILHOUETTE, as hex (compares views)
    detail: float  # edge density inside the product: the front of a thing usually shows more
    head: float = 0.0  # 0..1: a model's head is visible on top of the figure
    content_box: Rect = field(
        default_factory=Rect.full
    )  # all that is not flat backdrop (text can only be there)


def _small(rgb: np.ndarray) -> np.ndarray:
    import cv2

    h, w = rgb.shape[:2]
    s = WORK_SIDE / max(h, w)
    if s >= 1:
        return rgb
    return cv2.resize(
        rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA
    )


def _ring(h: int, w: int) -> np.ndarray:
    b = max(2, round(0.03 * min(h, w)))
    ring = np.zeros((h, w), bool)
    ring[:b], ring[-b:], ring[:, :b], ring[:, -b:] = True, True, True, True
    return ring


def _gradient(lightness: np.ndarray) -> np.ndarray:
    import cv2

    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    return np.hypot(gx, gy)


def _find_backdrop(
    ok: np.ndarray, grad: np.ndarray, ring: np.ndarray
) -> tuple[np.ndarray | None, float]:
    """The backdrop colour: among the commonest border colours, the one that is smooth.

    A close-up can cover most of the border with fabric, so the commonest border colour is not
    necessarily the backdrop; fabric and real scenes have texture, a studio backdrop does not.
    """
    px, g = ok[ring], grad[ring]
    q = np.floor(px / 4.0).astype(np.int32)
    keys = q[:, 0] * 1_000_000 + (q[:, 1] + 500) * 1000 + (q[:, 2] + 500)
    vals, counts = np.unique(keys, return_counts=True)
    best, best_score, best_share = None, 0.0, 0.0
    for idx in np.argsort(-counts)[:5]:
        colour = np.median(px[keys == vals[idx]], axis=0)
        near = np.linalg.norm(px - colour, axis=1) < BG_DISTANCE
        share = float(near.mean())
        rough = float(np.median(g[near]))
        if share < 0.06 or rough > BACKDROP_MAX_GRADIENT:
            continue
        score = share * np.exp(-rough / 1.5)
        if score > best_score:
            best, best_score, best_share = colour, score, share
    return best, best_share


def _backdrop_mask(ok: np.ndarray, colour: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Backdrop = pixels of the backdrop colour connected to the image border."""
    import cv2

    near = (np.linalg.norm(ok - colour, axis=2) < BG_DISTANCE).astype(np.uint8)
    _, labels = cv2.connectedComponents(near, connectivity=4)
    touching = np.unique(labels[ring & (near > 0)])
    return np.isin(labels, touching[touching > 0])


def _clean(mask: np.ndarray) -> np.ndarray:
    import cv2

    m: np.ndarray = mask.astype(np.uint8)
    k = np.ones((3, 3), np.uint8)
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, k)
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, k)
    return m > 0


def _pieces_and_box(fg: np.ndarray) -> tuple[int, Rect]:
    import cv2

    h, w = fg.shape
    total = int(fg.sum())
    if total < 0.005 * h * w:
        return 0, Rect.full()
    _, _, stats, _ = cv2.connectedComponentsWithStats(fg.astype(np.uint8), connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= 0.03 * total) + 1
    x0 = int(stats[keep, cv2.CC_STAT_LEFT].min())
    y0 = int(stats[keep, cv2.CC_STAT_TOP].min())
    x1 = int((stats[keep, cv2.CC_STAT_LEFT] + stats[keep, cv2.CC_STAT_WIDTH]).max())
    y1 = int((stats[keep, cv2.CC_STAT_TOP] + stats[keep, cv2.CC_STAT_HEIGHT]).max())
    pieces = int((areas >= 0.10 * total).sum())
    return pieces, Rect(x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h).clamped()


def skin_mask(rgb: np.ndarray) -> np.ndarray:
    """Classic YCrCb skin range: crude, but enough to tell "in a hand / on a model" apart."""
    import cv2

    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    y, cr, cb = ycc[..., 0], ycc[..., 1], ycc[..., 2]
    return (y > 60) & (cr >= 138) & (cr <= 173) & (cb >= 80) & (cb <= 125)


def _kmeans(x: np.ndarray, k: int, iters: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Small deterministic k-means (farthest-point init), enough for a handful of colours."""
    centres = [x[0]]
    for _ in range(1, k):
        d = np.min([((x - c) ** 2).sum(1) for c in centres], axis=0)
        centres.append(x[int(d.argmax())])
    c = np.array(centres, np.float32)
    for _ in range(iters):
        labels = ((x[:, None, :] - c[None]) ** 2).sum(-1).argmin(1)
        for j in range(k):
            m = labels == j
            if m.any():
                c[j] = x[m].mean(0)
    labels = ((x[:, None, :] - c[None]) ** 2).sum(-1).argmin(1)
    return c, labels


def _content_box(mask: np.ndarray) -> Rect:
    """Bounding box of every pixel that is not backdrop (before any cleaning, so thin strokes
    of printed text count), with a margin; the whole frame when there is no such pixel."""
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return Rect.full()
    m = CONTENT_MARGIN
    x0, y0 = max(0.0, xs.min() / w - m), max(0.0, ys.min() / h - m)
    x1, y1 = min(1.0, (xs.max() + 1) / w + m), min(1.0, (ys.max() + 1) / h + m)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def dominant_colours(
    ok: np.ndarray, mask: np.ndarray, k: int = 6
) -> tuple[tuple[tuple[str, float], ...], Palette]:
    """Named colours of the masked pixels (OKLab, unscaled) with their shares, largest first,
    and the palette they were named from (the cluster centres with their shares)."""
    px = ok[mask]
    if len(px) < 20:
        return (), ()
    if len(px) > 4000:
        px = px[np.linspace(0, len(px) - 1, 4000).astype(int)]
    centres, labels = _kmeans(px * 100.0, min(k, len(px)))
    sizes = np.bincount(labels, minlength=len(centres)) / len(labels)
    share = sizes @ name_memberships(centres / 100.0)
    ranked = sorted(zip(COLOUR_NAMES, share.tolist(), strict=True), key=lambda kv: -kv[1])
    named = tuple((n, round(s, 3)) for n, s in ranked if s >= MIN_COLOUR_SHARE)
    order = np.argsort(-sizes)
    palette = tuple(
        (
            round(float(c[0]) / 100, 4),
            round(float(c[1]) / 100, 4),
            round(float(c[2]) / 100, 4),
            round(float(z), 4),
        )
        for c, z in zip(centres[order], sizes[order], strict=True)
        if z >= MIN_COLOUR_SHARE / 2
    )
    return named, palette


def hue_families(ok: np.ndarray, mask: np.ndarray, min_share: float = 0.06) -> int:
    """How many 30-degree hue sectors hold a real share of the saturated masked pixels."""
    px = ok[mask]
    chroma = np.hypot(px[:, 1], px[:, 2])
    sat = px[chroma >= 0.06]
    if len(sat) < 0.03 * max(1, len(px)) or len(sat) < 20:
        return 0
    hue = (np.degrees(np.arctan2(sat[:, 2], sat[:, 1])) + 360.0) % 360.0
    counts = np.bincount((hue // 30).astype(int), minlength=12) / len(sat)
    return int((counts >= min_share).sum())


def detail_density(rgb: np.ndarray, fg: np.ndarray) -> float:
    """Share of edge pixels inside the foreground (away from its outline)."""
    import cv2

    inner = cv2.erode(fg.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if inner.sum() < 50:
        return 0.0
    edges = cv2.Canny(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), 50, 150) > 0
    return float(edges[inner].mean())


def silhouette_hex(fg: np.ndarray) -> str:
    """The foreground squeezed to SILHOUETTE x SILHOUETTE cells, packed as hex."""
    import cv2

    cells = cv2.resize(
        fg.astype(np.float32), (SILHOUETTE, SILHOUETTE), interpolation=cv2.INTER_AREA
    )
    return np.packbits(cells.reshape(-1) >= 0.5).tobytes().hex()


def silhouette_mask(hex_: str) -> np.ndarray:
    if not hex_:
        return np.zeros((SILHOUETTE, SILHOUETTE), bool)
    bits = np.unpackbits(np.frombuffer(bytes.fromhex(hex_), np.uint8))[: SILHOUETTE * SILHOUETTE]
    return bits.reshape(SILHOUETTE, SILHOUETTE).astype(bool)


def region_coverage(mask: np.ndarray, box: Rect) -> float:
    """Fraction of a normalised box that the (small) mask covers."""
    h, w = mask.shape
    x0, y0 = int(box.x * w), int(box.y * h)
    x1, y1 = (
        max(x0 + 1, int(round((box.x + box.w) * w))),
        max(y0 + 1, int(round((box.y + box.h) * h))),
    )
    return float(mask[y0:y1, x0:x1].mean())


MIN_SALIENT_STRENGTH = 0.3  # a salient mask clearer than this stands in for a missing backdrop
SALIENT_AREA = (0.02, 0.95)  # and only when it marks an object, not a speck or the whole frame


def analyse_pixels(
    rgb: np.ndarray, salient: np.ndarray | None = None
) -> tuple[VisualCues, np.ndarray]:
    """The cues, and the foreground mask (on the small working copy) they were computed from.

    ``salient`` is the salient-object probability (any size, the image's aspect): in a photo
    without a plain backdrop it marks the product, which the backdrop test cannot.
    """
    small = _small(rgb)
    h, w = small.shape[:2]
    ok = oklab(small)
    ok100 = ok * 100.0
    ring = _ring(h, w)
    grad = _gradient(np.ascontiguousarray(ok100[..., 0]))
    colour, share = _find_backdrop(ok100, grad, ring)

    content = Rect.full()
    if colour is not None:
        back = _backdrop_mask(ok100, colour, ring)
        fg = _clean(~back)
        content = _content_box(~back)
        smooth = float(np.clip(1.0 - np.median(grad[back]) / BACKDROP_MAX_GRADIENT, 0.0, 1.0))
        plain = float(np.clip((share - 0.3) / 0.5, 0.0, 1.0)) * (0.6 + 0.4 * smooth)
        bg_name = name_oklab(colour / 100.0)[0]
    else:  # no backdrop: a scene, or a detail shot that fills the frame
        fg = np.ones((h, w), bool)
        plain, bg_name = 0.0, ""
        if salient is not None:
            import cv2

            prob = cv2.resize(salient.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
            mask = prob >= 0.5
            inside = float(prob[mask].mean()) if mask.any() else 0.0
            outside = float(prob[~mask].mean()) if (~mask).any() else 0.0
            if (
                inside - outside >= MIN_SALIENT_STRENGTH
                and SALIENT_AREA[0] <= mask.mean() <= SALIENT_AREA[1]
            ):
                fg = _clean(mask)
    fill = float(fg.mean())
    border_fill = float(fg[ring].mean())
    pieces, box = _pieces_and_box(fg)

    skin = skin_mask(small)
    # Leave a model's or a hand's skin out of the product colours, unless it is most of the
    # foreground (then the "skin" is more likely a tan or orange product).
    skin_fg = skin & fg
    colour_mask = fg & ~skin if skin_fg.sum() <= 0.4 * max(1, fg.sum()) else fg
    colours, palette = dominant_colours(ok, colour_mask)

    # A detail view fills the frame and is cut by the edges; a whole product sits inside it.
    closeup = 0.6 * (border_fill - 0.12) / 0.45 + 0.4 * (fill - 0.35) / 0.45
    if colour is None:
        # Without a backdrop, one dominant colour suggests a detail of the product rather
        # than a busy scene.
        top = colours[0][1] if colours else 0.0
        closeup = 0.4 + 0.5 * float(np.clip((top - 0.4) / 0.4, 0.0, 1.0))
    cues = VisualCues(
        backdrop=round(share, 4),
        background_colour=bg_name,
        plain_background=round(plain, 4),
        fill=round(fill, 4),
        border_fill=round(border_fill, 4),
        closeup=round(float(np.clip(closeup, 0.0, 1.0)), 4),
        product_box=box,
        colours=colours,
        palette=palette,
        skin=round(float((skin & fg).mean()), 4),
        pieces=pieces,
        hues=hue_families(ok, colour_mask),
        silhouette=silhouette_hex(fg),
        detail=round(detail_density(small, fg), 4),
        head=head_visible(fg),
        content_box=content,
    )
    return cues, fg


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two boolean masks of one size (0 when both are empty)."""
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 0.0
