"""The project's look (template, fill, brand kit) as the renderer's Theme.

Fonts a seller chose are loaded once here: a font that cannot be used falls back to the
house font with one warning (``theme_problems``), so a broken file never stops an export.
A logo that cannot be drawn is left out the same way (``usable_logo_path``).
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


@functools.lru_cache(maxsize=32)
def _logo_error(path: Path, mtime: float) -> str:
    from studio.render.logo import load_logo

    try:
        load_logo(path, PROBE_SIZE * 4, PROBE_SIZE * 16)
    except MediaError as exc:
        return exc.reason
    return ""


def logo_problem(project: Project) -> str:
    """Why the product's logo cannot be drawn ("" when it can, or when there is none)."""
    if not project.product.logo:
        return ""
    path = project.image_path(project.product.logo)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _logo_error(path, mtime)


def usable_logo_path(project: Project) -> Path | None:
    """The logo to draw: the product's, unless it cannot be drawn (then none, with a warning
    from ``theme_problems``)."""
    if not project.product.logo or logo_problem(project):
        return None
    return project.image_path(project.product.logo)


def usable_font(path: Path) -> str:
    """Why ``path`` cannot be drawn with ("" when it can)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _font_error(path, mtime)


def theme_problems(project: Project) -> list[str]:
    """One message per brand font the export replaces with the house font, and for a logo it
    leaves out."""
    out = []
    for key, label in (("heading_font", "heading font"), ("body_font", "body font")):
        rel = getattr(project.brand, key)
        if rel:
            why = usable_font(project.image_path(rel))
            if why:
                out.append(f"brand {label} {Path(rel).name}: {why}; the house font is used")
    why = logo_problem(project)
    if why:
        name = Path(project.product.logo or "").name
        out.append(f"logo {name}: {why}; the video is made without it")
    return out


def theme_for(project: Project) -> Theme:
    house = default_theme()
    b = project.brand

    def font(rel: str | None, fallback: Path) -> Path:
        if not rel:
            return fallback
        path = project.image_path(rel)
        return path if not usable_font(path) else fallback

    logo = usable_logo_path(project)
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
