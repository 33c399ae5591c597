"""Words of product text and OCR: tokens, crude stems, and forgiving matches.

OCR merges words ("CoverFlow"), drops letters ("caling") and mixes case; bullets inflect
("zippered", "pockets"). Matching on stems, substrings of merged words and near spellings
lets an OCR hit count without a language model.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

STOPWORDS = frozenset(
    str.split(
        """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each even ever every few
    for from further get gets had has have having he her here hers him his how i if in into is
    it its itself just let lets like make makes more most much my new no nor not now of off on
    once one only or other our out over own per same she should so some such than that the
    their them then there these they this those through to too under until up us very via was
    we were what when where which while who whom why will with within without would you your
    yours whole way whatever wherever anywhere simply automatically also just really"""
    )
)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")
_CAMEL_RE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")  # "CoverFlow", not "iPod"


def stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to meet "pockets"/"pocket", "zippered"/"zipper"."""
    w = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + keep
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "zipp" -> "zip", "stripp" -> "strip"
    return w


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, camelCase split, stopwords dropped, order kept, unique."""
    text = _CAMEL_RE.sub(" ", text)
    out: list[str] = []
    for t in _TOKEN_RE.findall(text.lower()):
        if t in STOPWORDS or (len(t) < 3 and not t.isdigit()):
            continue
        if t not in out:
            out.append(t)
    return out


def content_words(text: str) -> list[str]:
    """Alphabetic tokens of a bullet worth comparing with cue vocabularies."""
    return [t for t in tokens(text) if t.isalpha() and len(t) >= 3]


def word_match(bullet_word: str, ocr_word: str) -> bool:
    """Does an OCR token say the bullet's word (allowing OCR noise and merged words)?"""
    a, b = stem(bullet_word), stem(ocr_word)
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    if (
        len(a) >= 4
        and len(b) > len(a)
        and b.startswith(a)
        or len(a) >= 4
        and b.endswith(a)
        and len(b) - len(a) >= 3
    ):
        return True  # "cover" in "coverflow", "call" in "endcall"
    if len(a) >= 5 and a in b:
        return True  # "touch" in "capacitivetouchpanel"
    if min(len(a), len(b)) >= 5:
        return SequenceMatcher(None, a, b).ratio() >= 0.84
    return False


def word_list(text: str) -> tuple[str, ...]:
    """A vocabulary written as one whitespace-separated string."""
    return tuple(text.split())
