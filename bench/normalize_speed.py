"""How the speech normaliser's time grows with the length of odd input.

    .venv/bin/python bench/normalize_speed.py

A voice line can be anything a seller pastes: a 20 000-digit run, a broken HTML tag, "+1"
followed by pages of digits. Each rule must stay linear in the text's length, or one line
stalls a render for minutes. Printed per input kind, against ordinary listing prose of the
same length measured in the same run:

- ``vs_prose``: time per character over prose's (how much harder this kind is);
- ``growth``: time at twice the length over time at the length (about 2 when linear, 4 when
  quadratic).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.voice.normalize import normalize_for_speech

PROSE = (
    "Water-resistant shell with a soft fleece lining, 2 zip pockets and an adjustable hood. "
    "Only $49.99 — ships in 3-5 days. "
)
KINDS: dict[str, Callable[[int], str]] = {
    "prose": lambda n: (PROSE * (n // len(PROSE) + 1))[:n],
    "digit run": lambda n: "9" * n,
    "plus and digit groups": lambda n: ("+1" + "2-3." * n)[:n],
    "unclosed tag": lambda n: ("<b " + "x" * n)[:n],
    "dashed digits": lambda n: ("ISBN " + "1-" * n)[:n],
    "capital letters": lambda n: ("ABC" * n)[:n],
    "symbols": lambda n: "".join(
        random.Random(n).choice("0123456789+-() .xX:/$€#<>~LWHD") for _ in range(n)
    ),
}
LENGTH = 8000


def _time(text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        normalize_for_speech(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    base = _time(KINDS["prose"](LENGTH)) / LENGTH
    print(f"prose: {base * 1e6:.2f} us per character at {LENGTH} characters (the baseline)")
    for name, make in KINDS.items():
        once = _time(make(LENGTH))
        twice = _time(make(2 * LENGTH))
        print(
            f"{name:24} vs_prose={once / LENGTH / base:5.2f}  growth={twice / max(once, 1e-9):4.2f}"
        )


if __name__ == "__main__":
    main()
