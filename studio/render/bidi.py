"""Bidi levels of a caption line, for lines drawn from several fonts.

libraqm (FriBiDi) orders right-to-left text, but only within one string drawn in one font.
When a Hebrew caption takes its digits from Noto Sans, the pieces have to be put in order
here: this is the Unicode Bidirectional Algorithm (UAX #9) for one paragraph without explicit
embeddings or isolates (captions carry none; ``captiontext`` removes the controls): rules
W1-W7, N0 (paired brackets), N1-N2 and I1-I2. Tests compare it with FriBiDi.
"""

from __future__ import annotations

import unicodedata

# Bidi_Paired_Bracket pairs in common use (ASCII, CJK and full-width forms).
_PAIRS = dict(
    zip("([{⁅⌈⌊〈《「『【〔〖〘〚（［｛｟｢", ")]}⁆⌉⌋〉》」』】〕〗〙〛）］｝｠｣", strict=True)
)
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """Embedding level of each character (even: left-to-right) in a paragraph of direction
    ``rtl`` (True: right-to-left, as for Arabic and Hebrew)."""
    sos = "R" if rtl else "L"
    types = _weak_types(text, sos)
    _paired_brackets(text, types, sos)
    _neutrals(types, sos)
    if rtl:  # I2
        return [2 if t in ("L", "EN", "AN") else 1 for t in types]
    return [1 if t == "R" else 2 if t in ("EN", "AN") else 0 for t in types]  # I1


def _weak_types(text: str, sos: str) -> list[str]:
    """Bidi classes after the weak rules W1-W7."""
    n = len(text)
    types = [unicodedata.bidirectional(c) or "L" for c in text]
    prev = sos
    for i, t in enumerate(types):  # W1: a mark takes the type of what it sits on
        types[i] = prev if t == "NSM" else t
        prev = types[i]
    strong = sos
    for i, t in enumerate(types):  # W2, W3: digits after Arabic letters are Arabic numbers
        if t in ("L", "R", "AL"):
            strong = t
        elif t == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    for i in range(1, n - 1):  # W4: 1,000 and 3+4 keep their separators inside the number
        a, t, b = types[i - 1], types[i], types[i + 1]
        if a == b and ((t == "ES" and a == "EN") or (t == "CS" and a in ("EN", "AN"))):
            types[i] = a
    i = 0
    while i < n:  # W5: $ and % next to European digits belong to the number
        j = i
        while j < n and types[j] == "ET":
            j += 1
        if j > i and ((i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN")):
            types[i:j] = ["EN"] * (j - i)
        i = max(j, i + 1)
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6
    strong = sos
    for i, t in enumerate(types):  # W7: digits in Latin text are Latin
        if t in ("L", "R"):
            strong = t
        elif t == "EN" and strong == "L":
            types[i] = "L"
    return types


def _strong(t: str) -> str | None:
    """Direction a resolved class pulls neutrals to (numbers count as right-to-left)."""
    return "R" if t in ("R", "EN", "AN") else "L" if t == "L" else None


def _paired_brackets(text: str, types: list[str], sos: str) -> None:
    """N0: both brackets of a pair take the direction of what they enclose, so "(50%)" after
    Hebrew in a Latin sentence stays one piece."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        if ch in _PAIRS:
            if len(stack) == 63:
                break
            stack.append((ch, i))
        elif ch in _CLOSING:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == _CLOSING[ch]:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
    for open_i, close_i in sorted(pairs):
        inside = {_strong(t) for t in types[open_i + 1 : close_i]} - {None}
        if not inside:
            continue
        if sos in inside:  # N0 b: the paragraph's direction is inside
            direction = sos
        else:  # N0 c: only the other direction inside: follow the text before the bracket
            direction = next((d for t in reversed(types[:open_i]) if (d := _strong(t))), sos)
        types[open_i] = types[close_i] = direction


def _neutrals(types: list[str], sos: str) -> None:
    """N1, N2: neutrals between text of one direction take it, others the paragraph's."""
    n = len(types)
    i = 0
    while i < n:
        if _strong(types[i]) is not None:
            i += 1
            continue
        j = i
        while j < n and _strong(types[j]) is None:
            j += 1
        before = _strong(types[i - 1]) if i > 0 else sos
        assert before is not None  # types[i - 1] is strong: the loop stepped over it
        after = _strong(types[j]) if j < n else sos
        types[i:j] = [before if before == after else sos] * (j - i)
        i = j
