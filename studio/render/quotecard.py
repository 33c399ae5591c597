"""A customer quote as a card: the words large on a brand-coloured panel over the scene's photo,
an accent quotation mark above them and who said it below.

The card sits in the middle of the safe area (a quote is the scene's subject, not a caption
beside the product); the photo behind it keeps moving and shows around the card, dimmed by a
scrim in the panel colour so the card leads. The words
are set in the body font and highlighted word by word like a bullet's caption when the voice
reads them. Drawn once per scene like every caption.
"""

from __future__ import annotations

from studio.render.fonts import font_chain
from studio.render.lettering import draw_block, text_block, word_spots
from studio.render.overlay import CaptionOverlay, Layer, rounded_box, shifted
from studio.render.plan import CaptionSpec, Theme
from studio.render.wordspot import WordSpot

CARD_OPACITY = 0.86  # of the brand panel colour: the photo shows faintly through
SCRIM_OPACITY = 0.45  # the photo around the card, dimmed so the card leads
MARK = "“"
MAX_LINES = 6


def render_quote(spec: CaptionSpec, theme: Theme, w: int, h: int) -> CaptionOverlay | None:
    """The quote card of ``spec`` (text: the quote; sub: who said it) for a w x h frame."""
    import dataclasses

    from PIL import ImageFilter

    from studio.render.captions import assemble, safe_area

    safe = safe_area(w, h)
    u = min(w, h)
    portrait = h > w * 1.2
    card_w = safe.width if portrait else min(safe.width, 0.72 * w)
    pad = 0.07 * u
    inner = card_w - 2 * pad
    regular = font_chain(False, theme.font_regular)
    bold = font_chain(True, theme.font_bold)
    words = text_block(spec.text, regular, 0.066 * u, 0.036 * u, inner, MAX_LINES, leading=1.28)
    if words is None:
        return None
    who = text_block(f"— {spec.sub}", bold, 0.04 * u, 0.028 * u, inner, 1) if spec.sub else None
    mark = text_block(MARK, bold, 0.16 * u, 0.1 * u, inner, 1)
    mark_h = 0.55 * mark.height if mark is not None else 0.0  # the glyph sits high in its box
    gap = 0.45 * words.size
    card_h = 2 * pad + mark_h + words.height + ((gap + who.height) if who else 0.0)
    card_h = min(card_h, safe.bottom - safe.top)
    cx = safe.centre_for(card_w, w)
    top = safe.top + max(0.0, (safe.bottom - safe.top - card_h) / 2)
    x0, x1 = cx - card_w / 2, cx + card_w / 2
    margin = int(0.04 * u)
    bounds = (int(x0) - margin, int(top) - margin, int(x1) + margin, int(top + card_h) + margin)
    card, text, credit = Layer(0, 0, w, h), Layer(*bounds), Layer(*bounds)
    scrim, _ = card.mask()
    card.solid(scrim.point(lambda _v: 255), theme.background_rgb, SCRIM_OPACITY)

    m, d = card.mask()
    rounded_box(d, card, x0, top, x1, top + card_h, 0.035 * u)
    card.solid(
        shifted(m.filter(ImageFilter.GaussianBlur(0.02 * u)), 0, int(0.01 * u)), (0, 0, 0), 0.3
    )
    card.solid(m, theme.background_rgb, CARD_OPACITY)
    y = top + pad
    if mark is not None:
        draw_block(card, mark, cx, y - 0.12 * mark.height, "center", theme.accent_rgb)
        y += mark_h
    draw_block(text, words, cx, y, "center", theme.text_rgb)
    spots: tuple[WordSpot, ...] = word_spots(words, cx, y, "center")
    y += words.height + gap
    if who is not None:
        draw_block(credit, who, cx, y, "center", theme.accent_rgb)
    overlay = assemble(w, h, card, [("text", text), ("badge", credit)])
    return dataclasses.replace(overlay, words=spots) if overlay is not None else None
