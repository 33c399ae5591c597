"""The frame function: the picture of a RenderPlan at any moment.

``frame_at`` returns **BGR** uint8 arrays of shape (height, width, 3): OpenCV's native order,
which Qt shows directly as ``QImage.Format_BGR888`` (``frame[..., ::-1]`` gives RGB).
Internally frames are composed in YUV 4:2:0 (NV12 layout), the format x264 encodes: export
takes ``iter_yuv`` straight to ffmpeg with no conversion, and every resize and blend touches
half the bytes of BGR.

Each scene is prepared once (photo decoded and laid out in a pre-scaled canvas, caption drawn
into an overlay where it never covers the scene's focus region) and kept in a small LRU, so the preview can ask for random times without
memory growing with the video, and export walks the scenes in order with each prepared once.
A frame then costs one crop + resize, a blend over the caption's box, and during a crossfade
a second scene frame and one weighted add. A scene in the parallax motion style
(``studio.render.parallax``) adds one warp and one blend over its product's box.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from studio.core.geometry import Rect
from studio.core.model import Motion
from studio.media.images import image_info, load_cached_mask, load_rgb
from studio.render.animate import entrance
from studio.render.brandmarks import intro_card, watermark_overlay
from studio.render.campaign import campaign_decor
from studio.render.canvas import Canvas, canvas_size, photo_canvas, plain_canvas, sample, split_nv12
from studio.render.captions import (
    CaptionOverlay,
    CaptionRoom,
    caption_opacity,
    place_bullets,
    render_caption,
    render_logo_only,
)
from studio.render.highlight import WordMarks, paged_marks, word_marks
from studio.render.layout import layout_scale_limit
from studio.render.motion import (
    COVER_SLACK,
    auto_motion,
    image_to_frame,
    max_zoom,
    rect_at,
    region_over_motion,
    region_throughout,
)
from studio.render.parallax import ProductLayer, lift_product, region_over
from studio.render.plan import CaptionSpec, RenderPlan, ScenePlan
from studio.render.quotecard import render_quote
from studio.render.templates import (
    plan_specs,
    scene_decor,
    template_pace,
    variant_photos,
    warm_grade,
)
from studio.render.variants import variants_canvas

# Canvas scale: automatic motion zooms at most 1.14x, and the canvas stays a little larger than
# the zoom so the per-frame scale is never close to a whole number (see canvas.sample).
AUTO_SCALE = 1.2
ZOOM_HEADROOM = 1.05
MAX_SCALE = 3.0  # beyond this an explicit zoom is upscaled per frame instead of pre-scaled


@dataclass(frozen=True)
class PreparedScene:
    canvas: Canvas
    motion: Motion
    overlay: CaptionOverlay | None
    pages: tuple[tuple[float, float, CaptionOverlay | None], ...]  # paged caption, by time
    visible_from: float  # the scene is on screen from here (start minus half its crossfade)
    visible_to: float  # ... to here (end plus half the next crossfade)
    marks: WordMarks | None = None  # the spoken word of ``overlay``, marked
    page_marks: tuple[WordMarks | None, ...] = ()  # ... of each page
    decor: tuple[CaptionOverlay, ...] = ()  # the template's graphics, shown with the caption
    product: ProductLayer | None = None  # parallax: the product, moving over ``canvas``


class FrameRenderer:
    """Computes the frames of one plan at one size. Not thread-safe: use one per thread."""

    def __init__(
        self,
        plan: RenderPlan,
        width: int | None = None,
        height: int | None = None,
        cached_scenes: int = 3,
    ) -> None:
        self.plan = plan
        self.width = int(width or plan.width)
        self.height = int(height or plan.height)
        if self.width < 2 or self.height < 2:
            raise ValueError(f"frame size too small: {self.width}x{self.height}")
        # 4:2:0 needs even sizes; an odd preview size is rendered one pixel larger and cropped
        self._w = self.width + self.width % 2
        self._h = self.height + self.height % 2
        self._capacity = max(2, cached_scenes)
        self._cache: OrderedDict[int, PreparedScene] = OrderedDict()
        self._half = _transition_halves(plan.scenes)
        self._bufs: dict[str, np.ndarray] = {}
        self._scratch: dict[str, list[np.ndarray | None]] = {}
        self._animated = plan.theme.captions == "animated"
        self._pace = template_pace(plan.theme.template)
        self._watermark = watermark_overlay(plan.theme, self._w, self._h)
        self._intro = intro_card(plan, self._w, self._h)
        self._watermark_box = _box_of(self._watermark, self._w, self._h)
        self._intro_end = self._intro.until if self._intro is not None else 0.0
        # the comparison's closing card lists the spec numbers where the product's photo goes
        self._specs_close = plan.theme.template == "comparison" and bool(plan_specs(plan))

    @property
    def frame_count(self) -> int:
        return self.plan.frame_count

    def frame_at(self, t: float) -> np.ndarray:
        """The BGR frame at ``t`` seconds (clamped to the video), a new array the caller owns."""
        bgr = cv2.cvtColor(self._compose(t), cv2.COLOR_YUV2BGR_NV12)
        if bgr.shape[:2] != (self.height, self.width):
            bgr = np.ascontiguousarray(bgr[: self.height, : self.width])
        return bgr

    def iter_frames(self, start: int = 0, stop: int | None = None) -> Iterator[np.ndarray]:
        """BGR frames ``start``..``stop`` in order. Each yielded array is reused for a later
        frame: use (or copy) it before asking for the next."""
        out: np.ndarray | None = None
        for yuv in self.iter_yuv(start, stop):
            out = cv2.cvtColor(yuv, cv2.COLOR_YUV2BGR_NV12, dst=out)
            yield (
                out
                if out.shape[:2] == (self.height, self.width)
                else out[: self.height, : self.width]
            )

    def iter_yuv(self, start: int = 0, stop: int | None = None) -> Iterator[np.ndarray]:
        """NV12 frames (contiguous, shape (height * 3 / 2, width)) for export, in order and
        without conversion. Each yielded array is reused for a later frame."""
        stop = self.frame_count if stop is None else min(stop, self.frame_count)
        for n in range(start, stop):
            yield self._compose(n / self.plan.fps)

    def prepared(self, index: int) -> PreparedScene:
        """The prepared scene, from the LRU or built now (decode, fit, draw caption)."""
        hit = self._cache.get(index)
        if hit is not None:
            self._cache.move_to_end(index)
            return hit
        scene = self._prepare(index)
        self._cache[index] = scene
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        return scene

    # --- composition ---------------------------------------------------------------------

    def _compose(self, t: float) -> np.ndarray:
        scenes = self.plan.scenes
        if not scenes:
            return self._buf("blank", lambda: _blank(self.plan, self._w, self._h))
        t = min(max(float(t), 0.0), self.plan.duration)
        i = self.plan.scene_at(t)
        s = scenes[i]
        frame = self._scene_frame(i, t, "a")
        h_in = self._half[i]
        h_out = self._half[i + 1] if i + 1 < len(scenes) else 0.0
        logo_shown = self._shows_logo(i)
        if i > 0 and h_in > 0 and t < s.start + h_in:
            other = self._scene_frame(i - 1, t, "b")
            a = _fade((t - (s.start - h_in)) / (2 * h_in))
            frame = self._mix(other, frame, a)
            logo_shown = (1 - a) * self._shows_logo(i - 1) + a * logo_shown
        elif h_out > 0 and t >= s.end - h_out:
            other = self._scene_frame(i + 1, t, "b")
            a = _fade((t - (s.end - h_out)) / (2 * h_out))
            frame = self._mix(frame, other, a)
            logo_shown = (1 - a) * logo_shown + a * self._shows_logo(i + 1)
        if self._watermark is not None or self._intro is not None:
            self._brand_marks(frame, t, logo_shown)
        return frame

    def _shows_logo(self, i: int) -> float:
        return 1.0 if self.plan.scenes[i].logo is not None else 0.0

    def _brand_marks(self, frame: np.ndarray, t: float, logo_shown: float) -> None:
        """The watermark (stepping aside where a card shows the logo) and the intro card."""
        planes = split_nv12(frame, self._w, self._h)
        intro = self._intro.opacity(t) if self._intro is not None else 0.0
        if self._watermark is not None:
            strength = self.plan.theme.watermark_opacity * (1.0 - logo_shown) * (1.0 - intro)
            self._watermark.yuv.blend_into(planes, strength)
        if self._intro is not None and intro > 0.0:
            self._intro.panel.yuv.blend_into(planes, intro)
            if self._intro.card is not None:
                self._blend_caption(planes, self._intro.card, None, intro, t, 0.0)

    def _scene_frame(self, i: int, t: float, slot: str) -> np.ndarray:
        p = self.prepared(i)
        s = self.plan.scenes[i]
        span = max(p.visible_to - p.visible_from, 1e-6)
        rect = rect_at(p.motion, (t - p.visible_from) / span)
        buf = self._buf(slot, lambda: np.empty((self._h * 3 // 2, self._w), np.uint8))
        planes = split_nv12(buf, self._w, self._h)
        sample(p.canvas, rect, planes, self._scratch.setdefault(slot, [None, None]))
        if p.product is not None:
            p.product.draw(planes, (t - p.visible_from) / span)
        last = len(self.plan.scenes) - 1
        # the first card is on screen at frame 0 (thumbnails) unless the intro card hides it
        shown_from = s.start if i > 0 else self._intro_end
        if p.overlay is not None:
            # the last card stays
            opacity = caption_opacity(
                t, shown_from, s.end, fade_in=i > 0 or shown_from > 0, fade_out=i < last
            )
            # the first card's parts are in place at frame 0 (the thumbnail), unless the intro
            # card hides them
            moves_from = shown_from if i > 0 or shown_from > 0 else -1e9
            self._blend_caption(planes, p.overlay, p.marks, opacity, t, moves_from)
        for k, (start, end, page) in enumerate(p.pages):
            if page is not None and start <= t <= end:
                opacity = caption_opacity(
                    t, start, end, fade_in=i > 0 or k > 0, fade_out=i < last or k < len(p.pages) - 1
                )
                marks = p.page_marks[k] if k < len(p.page_marks) else None
                self._blend_caption(planes, page, marks, opacity, t, start)
                break
        if p.decor:
            opacity = caption_opacity(t, s.start, s.end, fade_in=i > 0, fade_out=i < last)
            for d in p.decor:
                d.yuv.blend_into(planes, opacity)
        return buf

    def _blend_caption(
        self,
        planes: tuple[np.ndarray, np.ndarray],
        overlay: CaptionOverlay,
        marks: WordMarks | None,
        opacity: float,
        t: float,
        shown_from: float,
    ) -> None:
        """A caption as its style shows it: whole and still, or its parts entering one after
        another, with the word being spoken marked."""
        if opacity <= 0.0:
            return
        if not self._animated:
            overlay.yuv.blend_into(planes, opacity)
            return
        word_dy = 0
        if overlay.parts and t >= shown_from:
            if overlay.still is not None:
                overlay.still.yuv.blend_into(planes, opacity)
            for role, part in overlay.parts:
                a, dy = entrance(role, t - shown_from, self._h, self._pace)
                part.yuv.blend_into(planes, opacity * a, dy)
                if role in ("title", "text"):
                    word_dy = dy
        else:
            overlay.yuv.blend_into(planes, opacity)
        if marks is not None:
            patch = marks.at(t)
            if patch is not None:
                patch.yuv.blend_into(planes, opacity, word_dy)

    def _mix(self, a: np.ndarray, b: np.ndarray, weight_b: float) -> np.ndarray:
        out = self._buf("mix", lambda: np.empty(a.shape, np.uint8))
        cv2.addWeighted(a, 1.0 - weight_b, b, weight_b, 0.0, dst=out)
        return out

    def _buf(self, key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self._bufs:
            self._bufs[key] = make()
        return self._bufs[key]

    # --- preparation ---------------------------------------------------------------------

    def _prepare(self, i: int) -> PreparedScene:
        s = self.plan.scenes[i]
        theme = self.plan.theme
        w, h = self._w, self._h
        variants = self._variants(s)
        mask: np.ndarray | None = None
        if s.image is None:
            canvas = plain_canvas(theme.background_rgb, w, h)
            motion = s.motion or auto_motion(s.seed, None, None)
        elif variants:
            tagline = s.caption is not None and bool(s.caption.kicker)
            canvas = variants_canvas(variants, w, h, AUTO_SCALE, theme.background_rgb, tagline)
            motion = s.motion or auto_motion(s.seed, None, canvas.subject)
        else:
            if s.motion is None:
                scale = AUTO_SCALE
            else:
                scale = min(max(max_zoom(s.motion), 1.0) * ZOOM_HEADROOM, MAX_SCALE)
            is_cta = s.caption is not None and s.caption.style == "cta"
            info = image_info(s.image)
            photo = _decode(s.image, info.width, info.height, *canvas_size(w, h, scale))
            mask = _load_mask(s.mask)
            canvas = photo_canvas(
                photo,
                w,
                h,
                scale,
                backdrop=is_cta,
                focus=s.focus,
                mask=mask,
                fill=theme.fill,
                panel_rgb=theme.background_rgb,
                framed=s.motion is not None,
                size=(info.width, info.height),
                product_card=self._closing_photo(s),
                sticker_room=bool(theme.sale_badge or theme.date_line) and self.plan.burn_captions,
            )
            if s.motion is not None:
                motion = s.motion
            else:
                # the closing card's backdrop has no place of the photo to move toward
                aim = s.focus if s.focus is not None and not is_cta else None
                focus = image_to_frame(aim.clamped(), canvas.image_rect) if aim else None
                motion = auto_motion(s.seed, focus, canvas.subject)
        if theme.template == "experience" and s.image is not None:
            warm_grade(canvas)
        product: ProductLayer | None = None
        if s.motion_style == "parallax" and mask is not None:
            lifted = lift_product(canvas, mask, w, h, s.seed, s.motion)
            if lifted is not None:
                canvas, motion, product = lifted.canvas, lifted.motion, lifted.layer
        room = self._caption_room(s, canvas, motion, product.motion if product else None)
        backdrop = _luma_thumbnail(canvas)  # for caption contrast and the campaign's place
        pages: tuple[tuple[float, float, CaptionOverlay | None], ...] = ()
        if s.caption_pages and self.plan.burn_captions and s.caption is not None:
            style = s.caption.style
            if style == "bullet" and room.panel is None:
                texts = [c.text for c in s.caption_pages]
                room = place_bullets(texts, theme, self._w, self._h, room)
            pages = tuple(
                (
                    c.start,
                    c.end,
                    render_caption(
                        CaptionSpec(c.text, style),
                        theme,
                        self._w,
                        self._h,
                        backdrop=backdrop,
                        room=room,
                    ),
                )
                for c in s.caption_pages
            )
            overlay = None
        else:
            overlay = self._overlay(s, backdrop, room)
        half_in = self._half[i]
        half_out = self._half[i + 1] if i + 1 < len(self.plan.scenes) else 0.0
        marks: WordMarks | None = None
        page_marks: tuple[WordMarks | None, ...] = ()
        if self._animated and s.words:
            if pages:
                page_marks = paged_marks([pg for _, _, pg in pages], s.words, theme, w, h)
            else:
                marks = word_marks(overlay, s.words, theme, w, h)
        shown = [overlay] if overlay is not None else [pg for _, _, pg in pages if pg is not None]
        decor = scene_decor(
            self.plan, i, theme, w, h, room.focus, shown, self._watermark_box, room.subject
        )
        decor += campaign_decor(self.plan, i, w, h, [*shown, *decor], self._watermark_box, backdrop)
        return PreparedScene(
            canvas,
            motion,
            overlay,
            pages,
            s.start - half_in,
            s.end + half_out,
            marks,
            page_marks,
            decor,
            product,
        )

    def _variants(self, s: ScenePlan) -> list[Path]:
        """The photos the comparison's title card shows side by side (none for other
        scenes and templates, or with fewer than two photos)."""
        if self.plan.theme.template != "comparison" or s.motion is not None:
            return []
        if s.caption is None or s.caption.style != "title":
            return []
        photos = variant_photos(self.plan)
        return photos if len(photos) >= 2 else []

    def _closing_photo(self, s: ScenePlan) -> str | None:
        """Where the closing card shows the product's photo: "below" its name and button
        (the text goes under it), "centred" when captions are off, or None: not the closing
        card, no photo, a logo that stands for the brand, or the comparison's spec tiles."""
        if s.caption is None or s.caption.style != "cta" or s.image is None:
            return None
        if s.logo is not None or self._specs_close:
            return None
        return "below" if self.plan.burn_captions else "centred"

    def _caption_room(
        self, s: ScenePlan, canvas: Canvas, motion: Motion, product: Motion | None = None
    ) -> CaptionRoom:
        """Where the caption may go on screen over the scene's whole motion: clear of the
        focus region and, if it can, of the picture; in the brand panel of a split layout.
        ``product``: a parallax product's own motion, which the caption keeps clear of too."""
        focus = None
        if s.image is not None and s.focus is not None and canvas.layout != "closing":
            # only where the picture shows: a split's photo side, a cut-out product, a product
            # on plain backdrop (the backdrop inside a focus region carries nothing)
            shown = image_to_frame(s.focus.clamped(), canvas.image_rect)
            shown = _intersection(shown, canvas.subject) or shown
            focus = _over_motions(shown, motion, product)
        subject = None
        if canvas.layout not in ("plain", "closing", "cover", "detail"):
            subject = _over_motions(canvas.subject, motion, product)
        panel = region_throughout(canvas.panel, motion) if canvas.panel is not None else None
        return CaptionRoom(focus, subject, panel, avoid=self._watermark_box)

    def _overlay(
        self, s: ScenePlan, backdrop: np.ndarray, room: CaptionRoom
    ) -> CaptionOverlay | None:
        theme = self.plan.theme
        if s.caption is not None and self.plan.burn_captions:
            if s.caption.style == "quote":
                return render_quote(s.caption, theme, self._w, self._h)
            logo = s.logo if s.caption.style == "cta" else None
            return render_caption(
                s.caption,
                theme,
                self._w,
                self._h,
                logo,
                backdrop=backdrop,
                room=room,
                below_photo=self._closing_photo(s) == "below",
            )
        if s.logo is not None and (s.caption is None or s.caption.style == "cta"):
            return render_logo_only(s.logo, theme, self._w, self._h)
        return None


def _decode(path: Path, width: int, height: int, cw: int, ch: int) -> np.ndarray:
    """The photo as RGB, decoded no larger than any layout of a ``cw`` x ``ch`` canvas needs:
    up to 2x larger is decoded whole and shrunk by the canvas (OpenCV is faster than Pillow's
    Lanczos); huge JPEGs let libjpeg decode at a reduced scale first."""
    long_side = max(width, height)
    need = long_side * layout_scale_limit(width, height, cw, ch) * COVER_SLACK
    return load_rgb(path, max_side=int(2 * need) if long_side > 2 * need else None)


def _load_mask(path: Path | None) -> np.ndarray | None:
    """A product mask the jobs step cached (greyscale PNG over the whole photo), or None when
    there is none or it cannot be read (the scene then does without a cut-out)."""
    return load_cached_mask(path) if path is not None else None


def _over_motions(r: Rect, motion: Motion, product: Motion | None) -> Rect | None:
    """Where ``r`` shows on screen at any moment of ``motion`` and of a parallax product's
    own motion."""
    boxes = [region_over_motion(r, motion)]
    if product is not None:
        boxes.append(region_over(r, product))
    shown = [b for b in boxes if b is not None]
    if not shown:
        return None
    x0, y0 = min(b.x for b in shown), min(b.y for b in shown)
    x1, y1 = max(b.x + b.w for b in shown), max(b.y + b.h for b in shown)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _transition_halves(scenes: tuple[ScenePlan, ...]) -> list[float]:
    """Half of each scene's incoming crossfade, limited so no three scenes ever overlap."""
    halves = [0.0] * len(scenes)
    for i in range(1, len(scenes)):
        d = min(max(scenes[i].transition_in, 0.0), scenes[i - 1].duration, scenes[i].duration)
        halves[i] = d / 2
    return halves


def _luma_thumbnail(canvas: Canvas) -> np.ndarray:
    """The scene at zoom 1 as a tiny grey picture, for choosing caption contrast."""
    return cv2.resize(
        canvas.luma,
        (96, max(1, round(96 * canvas.height / canvas.width))),
        interpolation=cv2.INTER_AREA,
    )


def _box_of(overlay: CaptionOverlay | None, w: int, h: int) -> Rect | None:
    if overlay is None:
        return None
    x0, y0, x1, y1 = overlay.bbox
    return Rect(x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h)


def _intersection(a: Rect, b: Rect) -> Rect | None:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.w, b.x + b.w), min(a.y + a.h, b.y + b.h)
    return Rect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _fade(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


def _blank(plan: RenderPlan, w: int, h: int) -> np.ndarray:
    canvas = plain_canvas(plan.theme.background_rgb, w, h)
    buf = np.empty((h * 3 // 2, w), np.uint8)
    sample(canvas, Rect.full(), split_nv12(buf, w, h), [None, None])
    return buf
