"""Customer quotes: what buyers said, shown as quote cards.

A seller pastes them one per line, in ``quotes.txt`` beside the photos or in the studio's
Quotes box, with whoever said it after a dash: ``Fits like a glove. — Ana, Lisbon``. The card
draws its own quotation marks, so marks the seller typed around the words are taken off.
"""

from __future__ import annotations

import re

from studio.core.intake import QUOTES_FILE, shorten

__all__ = ["QUOTES_FILE", "card_text", "join_quote", "split_quote"]

MAX_QUOTE_CHARS = 220  # longer quotes are cut at a sentence end for the card and the voice
MAX_NAME_WORDS = 6  # "— Ana, Lisbon"; more words after a dash are part of the quote

# A dash with spaces around it (or "~") that starts the attribution at the end of the line.
_ATTRIBUTION = re.compile(r"\s+(?:[—–―]|-{1,2}|~)\s*([^—–―~]+?)\s*$")
_OPEN = "\"'“‘„«‹「『"
_CLOSE = "\"'”’“»›」』"


def split_quote(line: str) -> tuple[str, str]:
    """(the quote's words without enclosing quotation marks, who said it or "")."""
    text, who = " ".join(line.split()), ""
    m = _ATTRIBUTION.search(text)
    if m and 0 < len(m.group(1).split()) <= MAX_NAME_WORDS and m.start() > 0:
        text, who = text[: m.start()].rstrip(), m.group(1).strip()
    while len(text) > 1 and text[0] in _OPEN and text[-1] in _CLOSE:
        text = text[1:-1].strip()
    return text, who


def join_quote(text: str, who: str) -> str:
    return f"{text} — {who}" if who else text


def card_text(quote: str) -> str:
    """The words a card and the voice use: cut at a sentence end past MAX_QUOTE_CHARS."""
    return shorten(split_quote(quote)[0], MAX_QUOTE_CHARS)
