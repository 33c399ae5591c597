"""The project's look (template, fill, brand kit) as the renderer's Theme.

Fonts a seller chose are loaded once here: a font that cannot be used falls back to the
house font with one warning (``theme_problems``), so a broken file never stops an export.
"""

from __future__ import annotations

import functools
from pathlib import Path

from studio.core.colours import rgb
from studio.core.errors import MediaError
from studio.core.model import Project
from studio.render.fonts import default_theme, load_font
from studio.render.plan import Theme

PROBE_SIZE = 24


@functools.lru_cache(maxsize=32)
def _font_error(path: Path, mtime: float) -> str:
    try:
        load_font(path, PROBE_SIZE)
    except MediaError as exc:
        return exc.reason
    return ""


def usable_font(path: Path) -> str:
    """Why ``path`` cannot be drawn with ("" when it can)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _font_error(path, mtime)


def theme_problems(project: Project) -> list[str]:
    """One message per brand font that the export will replace with the house font."""
    out = []
    for key, label in (("heading_font", "heading font"), ("body_font", "body font")):
        rel = getattr(project.brand, key)
        if rel:
            why = usable_font(project.image_path(rel))
            if why:
                out.append(f"brand {label} {Path(rel).name}: {why}; the house font is used")
    return out


def theme_for(project: Project) -> Theme:
    house = default_theme()
    b = project.brand

    def font(rel: str | None, fallback: Path) -> Path:
        if not rel:
            return fallback
        path = project.image_path(rel)
        return path if not usable_font(path) else fallback

    logo = project.image_path(project.product.logo) if project.product.logo else None
    return Theme(
        font_regular=font(b.body_font, house.font_regular),
        font_bold=font(b.heading_font, house.font_bold),
        text_rgb=rgb(b.text),
        accent_rgb=rgb(b.season_accent or b.accent),  # a seasonal colour while it is set
        background_rgb=rgb(b.panel),
        caption_box_rgba=house.caption_box_rgba,
        template=project.look.template,
        fill=project.look.fill,
        captions=b.captions,
        intro=b.intro,
        watermark=b.watermark,
        watermark_opacity=b.watermark_opacity,
        logo=logo,
        sale_badge=b.sale_badge,
        date_line=b.date_line,
    )
