"""Claims some marketplaces refuse in a product video: prices, promotions, star ratings,
customer reviews, web addresses and deadlines, found in a caption or a voice line.

The patterns look for the forms these claims take in a seller's copy ("$24.99", "20% off",
"4.8 stars", "www.shop.com", "today only"); they do not judge the product's own features,
so "5-star hotel towels" is read as a rating on purpose (Amazon rejects that too) while
"10 pockets" or "2-year warranty" pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURRENCY = r"[$€£¥₹]|US\$|A\$|C\$"
_AMOUNT = r"\d+(?:[.,]\d+)*"

PATTERNS: dict[str, re.Pattern[str]] = {
    "price": re.compile(
        rf"(?:{_CURRENCY})\s?{_AMOUNT}"
        rf"|\b{_AMOUNT}\s?(?:dollars?|bucks|euros?|pounds|usd|eur|gbp|cents)\b"
        r"|\b(?:only|just)\s+(?:for\s+)?\d+(?:[.,]\d+)?\b"
        r"|\bprice[ds]?\b|\bpricing\b",
        re.IGNORECASE,
    ),
    "promotion": re.compile(
        rf"(?:{_CURRENCY})\s?{_AMOUNT}\s+off\b|\b\d+\s?%\s?off\b|\b\d+\s?percent\s+off\b|\bon sale\b|\bsale\b|\bdiscount\w*"
        r"|\bcoupons?\b|\bpromo(?:tion)?s?\b|\bdeals?\b|\bclearance\b|\bfree shipping\b"
        r"|\bbuy one,? get one\b|\bbogo\b|\bsave (?:up to )?\d|\bhalf[- ]price\b",
        re.IGNORECASE,
    ),
    "rating": re.compile(
        r"[★☆⭐]|\b\d(?:[.,]\d)?\s?(?:/\s?5\s?)?stars?\b|\b(?:five|four)[- ]stars?\b"
        r"|\b\d-star\b|\btop[- ]rated\b|\bbest[- ]?sell(?:er|ing)\b|\b#\s?1\b|\bno\.\s?1\b"
        r"|\bnumber one\b|\brated\s+\d(?:[.,]\d)?(?:\s?(?:/\s?5|out of 5))?(?:\s?stars?)?",
        re.IGNORECASE,
    ),
    "review": re.compile(
        r"\breviews?\b|\breviewers?\b|\btestimonials?\b"
        r"|\bcustomers?\s+(?:love|say|agree|rave)\b|\b\d[\d,]*\+?\s+happy customers\b",
        re.IGNORECASE,
    ),
    "url": re.compile(
        r"\bhttps?://[^\s,;!?]*[^\s,;!?.]|\bwww\.[^\s,;!?]*[^\s,;!?.]|\b[\w-]+\.(?:com|net|org|shop|store|co|io|us|uk|de)\b"
        r"|\b[\w.+-]+@[\w-]+\.\w+",
        re.IGNORECASE,
    ),
    "deadline": re.compile(
        r"\blimited[- ]time\b|\b(?:today|tonight|this week(?:end)?) only\b|\bonly today\b"
        r"|\bends (?:soon|today|tonight|sunday|monday|friday|at midnight)\b|\bhurry\b"
        r"|\bwhile (?:supplies|stocks?) lasts?\b|\blast chance\b|\bdon'?t miss\b"
        r"|\bact now\b|\bfor a limited\b|\buntil midnight\b|\bflash sale\b",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Claim:
    kind: str  # a key of PATTERNS
    phrase: str  # the words as written
    start: int
    end: int


def find_claims(text: str, kinds: tuple[str, ...] | None = None) -> list[Claim]:
    """The claims of ``kinds`` (all kinds by default) in ``text``, in reading order."""
    found: list[Claim] = []
    for kind, pattern in PATTERNS.items():
        if kinds is not None and kind not in kinds:
            continue
        found.extend(Claim(kind, m.group(0), m.start(), m.end()) for m in pattern.finditer(text))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[Claim] = []
    for c in found:  # "$5 off" is one price inside one promotion: keep the outer one
        if kept and c.start < kept[-1].end:
            if c.end - c.start > kept[-1].end - kept[-1].start:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


_CLAUSE = re.compile(r"([.!?;:,]+\s+|\s+[-–—]\s+|[.!?]+$)")


def without_claims(text: str, claims: list[Claim]) -> str:
    """``text`` without the clauses (between commas, dashes, sentence ends) that carry the
    claims: cutting only the words would leave "Now only -!"; "" when nothing else is left."""
    parts = _CLAUSE.split(text)  # clause, separator, clause, separator, ...
    kept: list[tuple[str, str]] = []
    pos = 0
    for i in range(0, len(parts), 2):
        clause = parts[i]
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        start, end = pos, pos + len(clause)
        pos = end + len(sep)
        if clause.strip() and not any(c.start < end and c.end > start for c in claims):
            kept.append((clause.strip(), sep))
    if not kept:
        return ""
    out = "".join(c + s for c, s in kept[:-1]) + kept[-1][0]
    own_end = re.match(r"[.!?]+", kept[-1][1].strip())  # the last kept clause's own full stop
    ending = own_end or re.search(r"[.!?]+$", text.strip())
    return out + (ending.group(0) if ending and not re.search(r"[.!?]$", out) else "")
