"""Which captions cannot be burned in with the installed fonts, in words a seller understands.

The renderer leaves such a caption out of the picture rather than draw it with holes; the
export should say so, naming the writing system and the package that would fix it. Pure
functions of the texts and the installed fonts, so the export job, the CLI and the UI can all
ask before rendering.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from studio.core.scripts import excerpt, script_name
from studio.render.captiontext import caption_text, emoji_removed
from studio.render.chainfont import caption_fonts
from studio.render.fonts import COMPLEX_LAYOUT, NOTO_CORE_DIR, font_chain

__all__ = ["caption_problems", "emoji_removed", "missing_scripts", "script_name"]

QUOTE_CHARS = 32  # of a caption quoted in a message
_CJK_NAMES = frozenset({"Hangul (Korean)", "Japanese kana", "Chinese/Japanese characters"})


def missing_scripts(chars: Iterable[str]) -> list[str]:
    """Script names with an example each ("Ol Chiki ᱚ U+1C5A"), first seen first."""
    seen: dict[str, str] = {}
    for ch in sorted(chars):
        seen.setdefault(script_name(ch), ch)
    out = []
    for name, ch in seen.items():
        shown = "" if unicodedata.category(ch) in ("Co", "Cn") else f"{ch} "
        out.append(f"{name} ({shown}U+{ord(ch):04X})")
    return out


def _advice(names: Iterable[str]) -> str:
    names = set(names)
    if names & _CJK_NAMES:
        return "install fonts-noto-cjk or"
    if not NOTO_CORE_DIR.is_dir():
        return "install fonts-noto-core or"
    if not COMPLEX_LAYOUT:
        return "use a Pillow built with libraqm or"
    return "no font the app knows has them, so"


def caption_problems(
    texts: Iterable[tuple[str, str]], bold: bool = False, chain: Sequence[Path] | None = None
) -> list[str]:
    """One message per caption that cannot be burned in, for (label, text) pairs such as
    ("scene 3", "방수 재킷"): 'scene 3 "방수 재킷": captions cannot show Hangul (Korean) (방
    U+BC29) with the installed fonts; install fonts-noto-cjk or the caption is left out of
    the picture (the subtitles keep it)'. ``bold``: the weight the caption is drawn in (titles,
    prices, brand and button are bold, bullets regular); ``chain`` overrides the house chain."""
    if chain is None:
        chain = font_chain(bold)
    problems = []
    for label, text in texts:
        if not caption_text(text):
            continue
        missing = caption_fonts(text, chain).missing
        if not missing:
            continue
        scripts = missing_scripts(missing)
        names = [script_name(ch) for ch in missing]
        problems.append(
            f'{label} "{excerpt(text, QUOTE_CHARS)}": captions cannot show {", ".join(scripts)} with the '
            f"installed fonts; {_advice(names)} the caption is left out of the picture "
            "(the subtitles keep it)"
        )
    return problems
