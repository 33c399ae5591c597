"""Turn product copy into text a TTS voice reads naturally.

Listings are full of things a voice mangles: emoji ("grinning face"), bullets, "$19.99"
("dollar nineteen point nine nine"), "10000mAh", "3x", 15.6". The rules are tables, applied in
order, so a later issue can grow them (per-language tables, more units) without new code.

Readings that depend on what a number is (dates, years, clock times, fractions, ratings,
dimensions, counts in thousands, model numbers, addresses) come first, from ``readings``; see
docs/speech-normalisation.md.

Reading style, kept consistent: plain numbers stay as digits (the voice reads them well),
units and currencies become words, prices read as "19 dollars 99" (cents 1-9 as "5 dollars and
5 cents", whole amounts as "20 dollars"), ranges as "3 to 5". Text in a script the English rules
don't cover (Chinese) passes through unchanged; whether a voice can say it is decided by
``speakable_for`` at the engine.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from studio.voice import reading_codes, readings
from studio.voice.speech_tables import (
    ABBREVIATIONS,
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    LATIN_FAMILIES,
    PER,
    PLURAL_FOLLOWERS,
    SIZES,
    SPELLED,
    UNITS,
    UNITS_ANY_CASE,
)
from studio.voice.spoken_numbers import LETTER_A, letter_name, paired_digits, spelled_letters

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    replacement: Replacement


MAX_PASSES = 4  # a reading settles in two; the cap bounds work on hostile input


def _rule(pattern: str, replacement: Replacement, flags: int = 0) -> Rule:
    return Rule(re.compile(pattern, flags), replacement)


NUM = r"\d+(?:\.\d+)?"
_NEXT = r"(?=(?P<next>\s+[A-Za-z]+)?)"  # the word after a measurement, if any


# leading list decoration on a line: bullets, check marks, dashes, "1." / "2)"
_LINE_DECORATION = re.compile(
    r"^\s*(?:(?:[-*]+|>+(?!\s*\d))\s+|[•·▪▫‣○●◦►▶➤➢→⇒✓✔☑✅★☆♦◆■□›»]+\s*|\d{1,2}[.)]\s+)"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# 1,00,000 and 2,50,00,000: lakh and crore groups of two digits before the last three
_INDIAN_GROUPS = re.compile(r"(?<![\d,.])\d{1,2}(?:,\d\d)+,\d{3}(?!\d|[.,]\d)")
# 1 000 000, 10 000 mAh: thousands grouped by spaces
_SPACED_GROUPS = re.compile(r"(?<![\d.,])(?<!\d )\d{1,3}(?: \d{3}(?!\d))+(?![.,]?\d| \d)")


def _spaced_groups(m: re.Match[str]) -> str:
    """Digit groups joined when they can only be one number: two groups or more, or a group
    that starts with 0 ("10 000"); "Pack of 2 100" stays two numbers."""
    groups = m[0].split(" ")
    if len(groups) > 2 or groups[1][0] == "0":
        return "".join(groups)
    return m[0]


_SENTENCE_END = re.compile(r"[.!?;:。！？…]$")
_SPEAKABLE = re.compile(r"\w", re.UNICODE)


def _plural(number: str, one: str, many: str) -> str:
    return one if number == "1" else many


def _measure(number: str, one: str, many: str, following: str | None) -> str:
    """'15.6 inches' at the end of a phrase, '15.6 inch screen' before a noun."""
    word = (following or "").strip()
    if word and word.lower() not in PLURAL_FOLLOWERS:
        return f"{number} {one}"
    return f"{number} {_plural(number, one, many)}"


def _price(sym: str, whole: str, cents: str | None) -> str:
    one, many, c_one, c_many = CURRENCIES[sym]
    whole = whole.replace(",", "")
    cents_v = int((cents or "0").ljust(2, "0")) if c_one else 0
    w = int(whole) if whole else 0
    if w == 0 and cents_v:
        return f"{cents_v} {c_many if cents_v != 1 else c_one}"
    head = f"{w} {_plural(str(w), one, many)}"
    if not cents_v:
        return head
    if cents_v < 10:
        return f"{head} and {cents_v} {c_many if cents_v != 1 else c_one}"
    return f"{head} {cents_v}"


_CURRENCY_WORDS = "|".join(sorted({many.split()[-1] for _, many, _, _ in CURRENCIES.values()}))
_CUR_SYM = "(?:" + "|".join(re.escape(c) for c in CURRENCY_SYMBOLS) + ")"
_CUR_CODE = "(?:" + "|".join(CURRENCY_CODES) + ")"


def _amount(tag: str = "") -> str:
    return rf"(?P<w{tag}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<c{tag}>\d{{1,2}}))?(?!\d)"


def _price_at(m: re.Match[str], tag: str = "") -> str:
    return _price(m["sym"], m[f"w{tag}"], m[f"c{tag}"])


def _price_range(m: re.Match[str]) -> str:
    lo, hi = _price_at(m, "1"), _price_at(m, "2")
    # "10 to 20 dollars" when both are whole amounts, else each price in full
    if m["c1"] is None and m["c2"] is None:
        return f"{m['w1'].replace(',', '')} to {hi}"
    return f"{lo} to {hi}"


def _spelled(m: re.Match[str]) -> str:
    """LED -> L E D, LEDs -> L E Ds, IPX7 -> I P X 7, CO2 -> C O 2."""
    word, plural = m[1], m[2]
    letters = word.rstrip("0123456789")
    out = " ".join(letter_name(ch) for ch in letters) + ("'s" if plural else "")
    if word != letters:
        out += " " + word[len(letters) :]
    following = m.string[m.end() : m.end() + 1]
    return out + " " if following.isdigit() else out


_SPELLED_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted((re.escape(w) for w in SPELLED), key=len, reverse=True))
    + r")(s?)(?=\d|\b)"
)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SIZE = "|".join(sorted(SIZES, key=len, reverse=True))
_LETTER_DIMS = re.compile(
    r"(?<![\w.])([LWHD])\s?[x×X]\s?([LWHD])(?:\s?[x×X]\s?([LWHD]))?(?!\w|\.\w)"
)


def _letter_dims(m: re.Match[str]) -> str:
    """L x W x H -> length by width by height (each side named once)."""
    sides = [x for x in (m[1], m[2], m[3]) if x]
    if len(set(sides)) != len(sides):
        return m[0]
    return " by ".join(_DIM_NAMES[x] for x in sides)


_DIM_NAMES = {"L": "length", "W": "width", "H": "height", "D": "depth"}


_OPENING_QUOTE = re.compile(r'(?<!\d)"')


class _QuotesBefore(threading.local):
    """Opening quotation marks before a match, counted on from the previous match of the same
    substitution (matches come left to right), so many inch marks cost one scan, not one each.
    Per thread, as takes may be normalised on several at once."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.pos = 0
        self.count = 0

    def __call__(self, m: re.Match[str]) -> int:
        if m.string is not self.text or m.start() < self.pos:
            self.text, self.pos, self.count = m.string, 0, 0
        self.count += len(_OPENING_QUOTE.findall(m.string, self.pos, m.start()))
        self.pos = m.start()
        return self.count


_quotes_before = _QuotesBefore()


def _inches(m: re.Match[str]) -> str:
    """15.6" is inches, unless that quote closes a quotation opened earlier ('the "top 10"')."""
    if _quotes_before(m) % 2 == 1:
        return m[0]
    return _measure(m[1], "inch", "inches", m["next"])


def _unit(m: re.Match[str]) -> str:
    number, unit = m["n"], m["u"]
    one, many = UNITS.get(unit) or UNITS_ANY_CASE[unit.lower()]
    if one.startswith("degree "):  # "25 degrees Celsius outside", never "25 degree Celsius"
        return f"{number} {_plural(number, one, many)}"
    return _measure(number, one, many, m["next"])


def _unit_pattern() -> str:
    names = sorted(set(UNITS) | set(UNITS_ANY_CASE), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


_UNIT_RE = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s?(?=[^\W\d]|°)(?P<u>{_unit_pattern()})(?![\w°²³])"
    rf"(?:\.(?=\s+(?-i:[a-z])))?{_NEXT}",
    re.IGNORECASE,
)
# "6-ft ladder", "5-lb bag": a measure joined by a hyphen
_UNIT_HYPHEN_RE = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})-(?=[^\W\d]|°)(?P<u>{_unit_pattern()})\b\.?(?![\w°²³-])",
    re.IGNORECASE,
)


def _unit_sub(m: re.Match[str]) -> str:
    unit = m["u"]
    if unit not in UNITS and (unit.lower() not in UNITS_ANY_CASE):
        return m[0]  # a case-sensitive unit written in the other case ("5G", "2M")
    return _unit(m)


def _abbreviation_pattern() -> re.Pattern[str]:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    alts = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w/])(?:{alts})(?=\s|$|[,;:!?).])", re.IGNORECASE)


_ABBREV_RE = _abbreviation_pattern()
_INCL_AT_END = re.compile(
    r"\bincl\.(?=\s*(?:$|[,;!?)]))", re.IGNORECASE
)  # "Case incl." -> included

_DIM_LABELS = {"h": "height", "w": "width", "d": "depth", "l": "length"}
_DIM_PART = rf"(?P<L{{i}}>[HWDL])\s?(?P<n{{i}}>{NUM})\s?(?P<u{{i}}>\"|”|″|''|in\b\.?|cm\b|mm\b)?"
_LABELLED_DIMS = re.compile(
    r"(?<![\w.])"
    + _DIM_PART.format(i=1)
    + r"\s?[x×X]\s?"
    + _DIM_PART.format(i=2)
    + r"(?:\s?[x×X]\s?"
    + _DIM_PART.format(i=3)
    + r")?(?!\w|\.\w)"
)
_DIM_UNITS = {"cm": "centimeters", "mm": "millimeters"}


def _labelled_dims(m: re.Match[str]) -> str:
    """H 20" x W 14" x D 12" -> height 20 inches by width 14 inches by depth 12 inches."""
    parts = []
    for i in (1, 2, 3):
        if not m[f"L{i}"]:
            continue
        unit = (m[f"u{i}"] or "").rstrip(".").lower()
        word = _DIM_UNITS.get(unit, "inches" if unit else "")
        parts.append(f"{_DIM_LABELS[m[f'L{i}'].lower()]} {m[f'n{i}']}{' ' + word if word else ''}")
    return " by ".join(parts)


_FRACTIONS = {
    "1/2": "half",
    "1/3": "a third",
    "2/3": "two thirds",
    "1/4": "a quarter",
    "3/4": "three quarters",
}
_ABBREV_LOWER = {k.lower(): v for k, v in ABBREVIATIONS.items()}


def _or_as_written(read: Callable[[re.Match[str]], str | None]) -> Replacement:
    return lambda m: read(m) or m[0]


def _vulgar_fraction(m: re.Match[str]) -> str:
    """2¾ -> 2 3/4, ⅓ -> 1/3: written as digits, a fraction is read by its class (with units)."""
    digits = unicodedata.normalize("NFKC", m[2]).replace("\u2044", "/")
    return f"{m[1]} {digits}" if m[1] else digits


def _scientific(m: re.Match[str]) -> str:
    sign = "minus " if m[2] in ("-", "−") else ""
    return f"{m[1]} times 10 to the power of {sign}{int(m[3])}"


# titles before a name, and words of an address or a company after one
_TITLES = {
    "mr": "Mister",
    "mrs": "Missus",
    "ms": "Miz",
    "dr": "Doctor",
    "prof": "Professor",
    "st": "Saint",
    "mt": "Mount",
    "sgt": "Sergeant",
    "capt": "Captain",
    "lt": "Lieutenant",
    "col": "Colonel",
    "gov": "Governor",
    "sen": "Senator",
    "rep": "Representative",
    "pres": "President",
    "rev": "Reverend",
    "hon": "Honorable",
}
_AFTER_NAME = {
    "st": "Street",
    "dr": "Drive",
    "rd": "Road",
    "ln": "Lane",
    "ct": "Court",
    "pl": "Place",
    "pkwy": "Parkway",
    "hwy": "Highway",
    "inc": "Incorporated",
    "ltd": "Limited",
    "corp": "Corporation",
    "co": "Company",
    "bros": "Brothers",
}
# before a number: "Fig. 3", "p. 12", "Ext. 123", "Hwy 101"
_BEFORE_NUMBER = {
    "fig": "Figure",
    "figs": "Figures",
    "p": "page",
    "pp": "pages",
    "sec": "Section",
    "pt": "Part",
    "ext": "extension",
    "nos": "numbers",
    "rt": "Route",
    "rte": "Route",
    "hwy": "Highway",
    "ste": "Suite",
    "bldg": "Building",
    "ed": "Edition",
}


def _title(m: re.Match[str]) -> str:
    """Mr. Smith -> Mister Smith; St. Louis -> Saint Louis; Dr. Brown -> Doctor Brown."""
    return f"{_TITLES[(m[1] or m[2]).lower()]} "


def _after_name(m: re.Match[str]) -> str:
    """Main St. -> Main Street, Acme Inc. -> Acme Incorporated; the stop stays where it ends
    a sentence."""
    word = _AFTER_NAME[m["abbr"].lower()]
    ends = m["dot"] and _SENTENCE_NEXT.match(m.string, m.end())
    return word + ("." if ends else "")


_SENTENCE_NEXT = re.compile(r"\s*$|\s+[A-Z]")


def _before_number(m: re.Match[str]) -> str:
    word = _BEFORE_NUMBER[m[1].lower()]
    return word.lower() if m[1].islower() and word[0].isupper() else word


# shoe widths after a size: "Size 10 W" is wide, not ten watts
_WIDTHS = {"W": "wide", "N": "narrow", "M": "medium", "XW": "extra wide", "WW": "extra wide"}


def _pronoun_in_caps(m: re.Match[str]) -> str:
    """TRY IT, CONTACT US: in shouted copy IT and US are pronouns, not initialisms."""
    if m["w"] == "US" and m["verb"] not in _TAKES_US:
        return m[0]
    return f"{m['verb']} {m['w'].lower()}"


_TAKES_US = {"CONTACT", "JOIN", "FOLLOW", "CALL", "EMAIL", "MESSAGE", "VISIT", "TELL", "LET"}
_TAKES_US |= {"ASK", "TRUST", "WITH", "TEXT", "FIND", "LIKE", "CHOOSE", "HELP", "SUPPORT"}


def _unit_pair(m: re.Match[str]) -> str:
    """5V/2A -> 5V, 2A (two ratings); 12V/24V keeps its slash (alternatives)."""
    if m["u1"].lower() == m["u2"].lower():
        return m[0]
    return f"{m['a']}{m['u1']}, {m['b']}{m['u2']}"


def _military(m: re.Match[str]) -> str:
    """0900 hrs -> oh 9 hundred hours; at 1730 hours -> 17 30 hours."""
    if m["h"][0] != "0" and not m["cue"]:
        return m[0]  # "2000 hours of light": a duration
    hour = f"oh {m['h'][1]}" if m["h"][0] == "0" else m["h"]
    minutes = (
        "hundred" if m["min"] == "00" else f"oh {m['min'][1]}" if m["min"][0] == "0" else m["min"]
    )
    return f"{m['cue'] or ''}{hour} {minutes} hours"


def _duration(m: re.Match[str]) -> str:
    """2h 30m, 1h30min -> 2 hours 30 minutes."""
    hours = _plural(m[1], "hour", "hours")
    minutes = _plural(str(int(m[2])), "minute", "minutes")
    return f"{m[1]} {hours}" + (f" {int(m[2])} {minutes}" if int(m[2]) else "")


def _unit_adjective(m: re.Match[str]) -> str:
    """6-ft ladder -> 6-foot ladder: a hyphenated measure is an adjective, its unit singular."""
    unit = m["u"]
    if unit not in UNITS and unit.lower() not in UNITS_ANY_CASE:
        return m[0]
    one, _ = UNITS.get(unit) or UNITS_ANY_CASE[unit.lower()]
    return f"{m['n']}-{one}"


_VOWELS = set("AEIOU")


def _plural_initialism(m: re.Match[str]) -> str:
    """TVs -> T V's, PCs -> P C's: the voice drops the plural "s" of an initialism (and says
    "T V S" when it is spaced), but says "'s" after a spelled letter. An initialism the voice
    reads as a word ("SIMs", "PINs": consonant, vowel, consonant) is left to it."""
    base = m[1]
    if len(base) > 2 and base[-1] not in _VOWELS and _VOWELS & set(base):
        return m[0]
    return spelled_letters(base, " ") + "'s"


def _title_five(m: re.Match[str]) -> str:
    """GTA V -> GTA 5; Henry V -> Henry the 5th (a monarch)."""
    return f"{m['name']} the 5th" if m["name"] in readings.REGNAL else f"{m['name']} 5"


def _roman_title(m: re.Match[str]) -> str:
    """The tenth of a line: iPhone X -> iPhone 10, iPhone XS -> iPhone 10 S, OS X -> OS 10."""
    return f"{m['name']} 10" + (f" {m['suffix']}" if m["suffix"] else "")


_POINT_FOLLOWERS = {"font", "type", "text", "print", "lettering", "card", "cardstock", "paper"}
_POINT_FOLLOWERS |= {"stock", "line", "lines", "border", "stroke", "size"}


def _pt(m: re.Match[str]) -> str:
    """2 pt font is points (type, card stock); 1 pt of cream is a pint."""
    follows = (m["next"] or "").strip().lower()
    if follows in _POINT_FOLLOWERS:
        return f"{m['n']} point"
    return _measure(m["n"], "pint", "pints", m["next"])


_COMPASS = {"N": "north", "S": "south", "E": "east", "W": "west"}


def _measure_range(m: re.Match[str]) -> str:
    """5kg-10kg, 20Hz-20kHz: a range between two measures, each unit read where it is."""
    unit = m["u"]
    if unit not in UNITS and unit.lower() not in UNITS_ANY_CASE:
        return m[0]
    return f"{m['a']} to "


def _zip(m: re.Match[str]) -> str:
    return " ".join(m[1]) + (", " + " ".join(m[2]) if m[2] else "")


# Readings by class, in order: what a number is (address, date, year, clock time, rating,
# fraction, dimensions, count) is decided before units, prices and symbols are read.
RULES: list[Rule] = [
    _rule(r"[$€£¥]{2,}(?!\s?\d)", ""),  # "Save $$$": emphasis, not an amount
    *(_rule(*spec) for spec in reading_codes.EARLY),  # codes read whole: IPs, R-410A, C#
    _rule(rf"\b({_CUR_CODE})\s?[$€£¥](?=\s?\.?\d)", r"\1 "),  # USD$50: the code says it
    # ½, 2¾, 3⁄4: the digits of the fraction, read by its class below
    _rule(r"(\d?)[ \t]*([\u00bc-\u00be\u2150-\u215e])", _vulgar_fraction),
    _rule(r"(?<=\d)\u2044(?=\d)", "/"),
    _rule(r"(?<![\w.,])\.(?=\d)", "0."),  # .5, $.99: a decimal without its zero
    # scientific notation: 1e6, 2.5E-3
    _rule(r"(?<![\w.#])(\d+(?:\.\d+)?)[eE]([+\-−]?)(\d{1,3})(?!\w|\.\w)", _scientific),
    # jeans: 32W x 30L is waist by length (not watts by litres)
    _rule(r"(?<![\w.])(\d{2})\s?W\s?[x×X]\s?(\d{2})\s?L\b", r"\1 waist by \2 length"),
    _rule(
        r"\b((?:[Ss]ize|US|UK)\s\d{1,2}(?:\.5)?)\s?(XW|WW|W|N|M)\b(?!\s?[x×X]\s?\d)",
        lambda m: f"{m[1]} {_WIDTHS[m[2]]}",
    ),
    # baby sizes: 6-12M is 6 to 12 months
    _rule(r"(?<![\w.])(\d{1,2})\s?[-–]\s?(\d{1,2})\s?M\b(?!\s?[x×X]|[-–]\w)", r"\1 to \2 months"),
    # a ZIP code after a state ("Washington, DC 20500") is read digit by digit
    _rule(r"(?<=, [A-Z]{2} )(\d{5})(?:-(\d{4}))?\b(?![.,]\d)", _zip),
    _rule(r"\b(mid|early|late)-(?=['’]?\d)", r"\1 ", re.IGNORECASE),  # mid-2000s, late-90s
    # fiscal years: FY2025, FY 25
    _rule(
        r"\bFY\s?['’]?((?:19|20)\d\d|\d\d)\b(?![.,]\d)",
        lambda m: "F Y " + (readings.year_words(int(m[1])) if len(m[1]) == 4 else m[1]),
    ),
    _rule(r"\b(?:ca|c)\.\s?(?=\d)", "circa "),  # c. 1990, ca. 5 kg
    _rule(r"(?<![\w/])[fƒ]/(?=\d)", "f "),  # an aperture: f/1.8
    # a shutter speed: 1/8000 sec is one 8000th of a second
    _rule(
        r"(?<![\w./])1/([1-9]\d{1,4})\s?(?:s|secs?|seconds?)\b(?!\.\d)",
        lambda m: f"1 {readings.ordinal_suffix(int(m[1]))} of a second",
    ),
    # a chain of single-digit ratios: 4:2:2 chroma, 2:3:5 mix
    _rule(r"(?<![\d:.])(\d):(\d):(\d)(?![\d:])", r"\1 \2 \3"),
    # a European decimal comma before a unit: 3,5 kg, 2,5%
    _rule(
        rf"(?<![\d,.])(\d{{1,3}}),(\d{{1,2}})(?=\s?(?:{_unit_pattern()}|%)(?![\w°²³]))",
        r"\1.\2",
    ),
    # model scales and ratios: 1:100, 1/64 scale, 1:18 scale
    _rule(r"(?<![\d.:/])(\d+)\s?[:/]\s?(\d+)(?=\s?scale\b)", r"\1 to \2", re.IGNORECASE),
    _rule(r"(?<![\d:.])(\d{1,2}):(\d{3,})(?![\d:])", r"\1 to \2"),
    # Omega 3-6-9: single digits in a chain are read as they are
    _rule(r"(?<![\d.-])(\d)-(\d)-(\d)(?![\w-]|\.\w)", r"\1 \2 \3"),
    # a date range across months: "Jan 15 - Feb 20"
    _rule(rf"(?<=\d)(st|nd|rd|th)?\s?[-–]\s?(?={readings.MONTH_WORD}\b\.?\s?\d)", r"\1 to "),
    _rule(r"\b(?i:n/a)(?![\w/])", "not applicable"),
    # titles before a name, words of an address or a company after one, labels before numbers
    _rule(
        r"\b(Mrs|Mr|Ms|Dr|Prof)\.?\s(?=[A-Z])|\b(St|Mt|Sgt|Capt|Lt|Col|Gov|Sen|Rep|Pres|Rev|Hon)\.\s(?=[A-Z])",
        _title,
    ),
    _rule(
        r"(?<=[A-Za-z] )(?P<abbr>St|Dr|Rd|Ln|Ct|Pl|Pkwy|Hwy|Inc|Ltd|Corp|Co|Bros)\b(?P<dot>\.)?"
        r"(?=[\s,;)]|$)",
        _after_name,
    ),
    _rule(
        r"(?<!\d )\b(Figs?|[Pp]p?|Sec|Pt|[Ee]xt|Nos|Rte?|Hwy|Ste|Bldg)(?:\.\s?|\s)(?=\d)",
        lambda m: _before_number(m) + " ",
    ),
    _rule(r"(?<=\d[a-z]{2} )[Ee]d\.?(?=\s|,|$)", "edition"),  # 2nd ed.
    _rule(r"\b(?P<verb>[A-Z]{2,})\s(?P<w>IT|US)\b(?![\w'’-]|\.\w|\s?\d)", _pronoun_in_caps),
    _rule(r"[$€£¥]\s*(?=[$€£¥])", ""),  # a doubled currency sign is read once
    # a euro amount with a decimal comma (49,99 €, €1,99): the comma is the decimal point
    _rule(r"((?:€|EUR)\s?\d{1,3}),(\d{2})(?![\d,])", r"\1.\2"),
    _rule(r"(?<![\d,.])(\d{1,3}),(\d{2})(?=\s?(?:€|EUR\b))", r"\1.\2"),
    _rule(r"(?<![\w/])24/7/365(?![\w/])", "twenty-four seven three sixty-five"),
    _rule(r"(?<![\w/])24/7(?![\w/])", "twenty-four seven"),
    Rule(_SPELLED_RE, _spelled),
    _rule(r"(?<![\w'’-])([A-Z]{2,4})s\b(?!['’])", _plural_initialism),
    # the letter A, where it names a letter and not the article: "A+ rated", "USB-A", "Type A
    # cable", "Q&A", "A/B testing"
    _rule(
        r"(?<![\w'’.-])A(?=\+|\s?[/&]\s?[A-Z](?!\w))|(?<=[A-Za-z0-9][-/&])A(?![\w'’-])"
        r"|(?<=[/&] )A(?![\w'’-])",
        LETTER_A,
    ),
    _rule(
        r"\b((?i:type|grade|class|plan|vitamin|size|group|option|side|level|tier|zone) )A"
        r"(?![\w'’+-])",
        rf"\1{LETTER_A}",
    ),
    # Mk II, MKII, Mk. 2: "Mark"
    _rule(r"\bM[Kk](?:(?:\.\s?|\s)(?=[IVX]{1,4}\b|\d)|(?=[IVX]{2,4}\b))", "Mark "),
    # the lower-case-i products and OS X numbered ten: "iPhone X", "iPhone XS Max"
    _rule(
        r"\b(?P<name>i[A-Z][a-z]+|OS)\sX(?P<suffix>[SR])?(?![\w'’-])",
        _roman_title,
    ),
    # a title numbered with a lone V at the end of a phrase: "GTA V", "Grand Theft Auto V"
    _rule(r"(?<![\w.])(?P<name>[A-Z][A-Za-z]+)\sV(?=\s*(?:$|[,;:!?)]|\.(?!\w)))", _title_five),
    # a monarch numbered with a lone I or V: "Elizabeth I", "Henry V of England"
    _rule(
        rf"\b(?P<name>{readings.REGNAL_NAMES})\s(?P<roman>[IVX])(?![\w'’.-])(?!\s+(?!of\b)[a-z])",
        readings.roman_after_name,
    ),
    # a letter and a three-digit number: "F-150" is "F one fifty", "I-405" "I four oh five"
    _rule(
        r"(?<![\w°-])([A-Z])-([1-9]\d{2})(?![\w-]|[.,]\w)",
        lambda m: f"{letter_name(m[1])} {paired_digits(m[2])}",
    ),
    Rule(_LETTER_DIMS, _letter_dims),
    _rule(rf"\b({_SIZE})\s?[-–]\s?({_SIZE})\b", r"\1 to \2"),  # sizes XS-XXL
    _rule(r"\bVol\.\s?(?=\d)", "Volume "),
    # labels of a spec sheet: "Wt: 1.2 lb", "Vol: 500 ml", "Dims: 12 x 8"
    _rule(r"\bWt\s?:", "Weight:"),
    _rule(r"\bVol\s?:", "Volume:"),
    _rule(r"\bDims?\.?\s?:", "Dimensions:"),
    # ratios: "16:9", "aspect ratio 21:9", "1:1" (a clock time has two digits after the colon)
    _rule(r"\b(ratio|aspect)\s(\d{1,3}):(\d{1,3})\b", r"\1 \2 to \3", re.IGNORECASE),
    _rule(r"(?<![\d:.])(\d{1,2}):(\d)(?![\d:])", r"\1 to \2"),
    # a range between measurements: "-10°C~50°C", "5kg~10kg"
    # (a tilde glued to volts, then a space, marks AC: "100-240V~ 50/60Hz")
    _rule(r"(?<=\d)\s?V~(?![\w~]|\d)", " V AC"),
    _rule(r"(?<=[A-Za-z°%])(?:~|\s~\s)(?=[-−+]?\d)", " to "),
    # a price for a number of items: 3/$10 is three for ten dollars
    _rule(r"(?<![\w./])(\d{1,2})\s?/\s?(?=[$€£]\s?\d)", r"\1 for "),
    _rule(r"(?<=[A-Za-z])\s-\s(?=[A-Za-z])", ", "),  # "NEW ARRIVAL - LIMITED STOCK"
    _rule(r"\bCh\.\s?(?=\d)", "Chapter "),
    _rule(r"\b([Nn]et )?[Ww]t\.(?=\s)", lambda m: f"{m[1] or ''}weight"),
    # 8.5"W x 11"H: the letter after an inch mark says which side
    _rule(
        r"(\d(?:[.,]\d+)?)\s?(?:\"|”|″)\s?([WHDL])\b",
        lambda m: f"{m[1]} inches {dict(W='wide', H='high', D='deep', L='long')[m[2]]}",
    ),
    _rule(r"(?<=wide|high|deep|long)\s?[x×]\s?(?=\d)", " by "),
    _rule(r"\b(\d+[A-Z]{1,3})\s?[-–]\s?(\d+[A-Z]{1,3})\b", r"\1 to \2"),  # sizes 4T-5T
    _rule(r"\b[Ee]st\.?\s(?=(?:1[6-9]|20)\d\d\b)", "Established "),  # Est. 1998
    _rule(readings.EMAIL, readings.email),
    _rule(readings.URL, readings.url, re.IGNORECASE),
    _rule(readings.HASHTAG, readings.hashtag),
    _rule(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,80})?/?>", " "),  # HTML tags from a pasted listing
    _rule(readings.ISBN, readings.isbn),
    _rule(readings.PHONE_LOCAL, readings.phone_local, re.IGNORECASE),
    _rule(readings.PHONE_INTERNATIONAL, readings.phone_international),
    _rule(readings.PHONE_NANP, readings.phone_nanp),
    _rule(readings.DAY_RANGE, readings.day_range, re.IGNORECASE),
    _rule(readings.DAY_BEFORE_DATE, readings.day_before_date),
    _rule(readings.ROMAN_AFTER, readings.roman_after),
    _rule(readings.ROMAN_AFTER_NAME, readings.roman_after_name),
    _rule(readings.DECADE, readings.decade),
    # comparisons: "> 90%", "<5 ms", ">= 18", "±0.5 mm"
    _rule(r"(?:>=|≥)\s?(?=[\d$€£])", "at least "),
    _rule(r"(?:<=|≤)\s?(?=[\d$€£])", "at most "),
    _rule(r"(?<![\w<>=-])>\s?(?=[\d$€£])", "more than "),
    _rule(r"(?<![\w<>=-])<\s?(?=[\d$€£])", "less than "),
    _rule(r"±\s?(?=\d)", "plus or minus "),
    _rule(r"≈\s?(?=\d)", "about "),
    _rule(r"\bv(?=\d+(?:\.\d+)+\b)", "version "),  # v2.0
    _rule(r"\bM\.2\b", "M 2"),  # the SSD slot
    _rule(r"\bMt\.\s(?=[A-Z])", "Mount "),
    # addresses: "45 Park Ave.", "Sunset Blvd", "Apt 4B"
    _rule(r"(?<=[A-Z][a-z] |[a-z]{2} )Ave\b\.?(?=[\s,;]|$)", "Avenue"),
    _rule(r"(?<=[a-z] )Blvd\b\.?(?=[\s,;]|$)", "Boulevard"),
    _rule(r"\bApt\.?\s(?=\d)", "Apartment "),
    # a model's parts: "i7-13700K", "DDR5-6000" (not "dash")
    _rule(r"(?<=[A-Za-z]\d)-(?=\d)", " "),
    # pence: "50p", "99p" (three or more digits with p are a video resolution)
    _rule(
        r"(?<![\w.£$€])(\d{1,2})p(?![\w.])",
        lambda m: f"{m[1]} {'penny' if m[1] == '1' else 'pence'}",
    ),
    # feet and inches written out: "6 ft 2 in"
    _rule(r"(?<![\d.])(\d+)\s?ft\.?\s(\d+(?:\.\d+)?)\s?in\b\.?", r"\1 feet \2 inches"),
    _rule(
        r"(?<=[A-Za-z])\s(?:Jr|Sr)\.?(?=\s|,|$)", lambda m: " Junior" if "J" in m[0] else " Senior"
    ),
    _rule(readings.SERIAL, readings.serial),
    _rule(readings.NUMERIC_DATE, readings.numeric_date),
    _rule(readings.DAY_FIRST_DATE, readings.day_first_date),
    _rule(readings.CUED_DATE, readings.cued_date),
    _rule(readings.ISO_DATE, readings.numeric_date),
    _rule(readings.MONTH_DAY, readings.month_day),
    _rule(readings.DAY_MONTH, readings.day_month),
    _rule(readings.MONTH_YEAR, readings.month_year),
    _rule(readings.YEAR_RANGE, readings.year_range),
    _rule(readings.YEAR, readings.year_in_context),
    _rule(readings.CLOCK, readings.clock, re.IGNORECASE),
    _rule(
        r"(?<![\w.:,])(?P<cue>(?:at|by|until|till|before|after|from) )?(?P<h>[01]\d|2[0-3])"
        r"(?P<min>[0-5]\d)\s?(?:hrs|hours|h)\b\.?",
        _military,
        re.IGNORECASE,
    ),
    *(_rule(*spec) for spec in reading_codes.LATE),  # a zone after a time, "+5"
    # "2h 30m", "1h30min", "1h30"
    _rule(r"(?<![\w.])(\d+)\s?h(?:rs?)?\s?(\d{1,2})\s?m(?:ins?)?\b", _duration),
    _rule(r"(?<![\w.])(\d+)h([0-5]\d)\b(?![.,]\d)", _duration),
    # units with their own stops: sq. ft., fl. oz., cu. ft.
    _rule(r"\b(sq|fl|cu)\.\s?(?=(?:ft|in|oz|yd|m)\b)", r"\1 ", re.IGNORECASE),
    # two ratings of one thing: 5V/2A
    _rule(
        r"(?<![\w.])(?P<a>\d+(?:\.\d+)?)(?P<u1>[A-Za-z]{1,3})/(?P<b>\d+(?:\.\d+)?)"
        r"(?P<u2>[A-Za-z]{1,3})\b",
        _unit_pair,
    ),
    _rule(r"\bNo\.\s?(?=\d)|#\s?(?=\d)", "number ", re.IGNORECASE),
    _rule(readings.RATING, _or_as_written(readings.rating)),
    _rule(readings.FRACTION, _or_as_written(readings.fraction)),
    # a count of a measured thing: "2 x 1000 mAh" is two of them, not a size (sides are lengths)
    _rule(
        r"(?<![\w.])(\d{1,2})\s?[x×X]\s?(?=\d+(?:\.\d+)?\s?(?:mAh|Ah|Wh|W|V|GB|TB|MB|ml|mL|L|g|kg|oz|"
        r"lbs?|mg|IU)\b)",
        r"\1 times ",
    ),
    _rule(readings.DIMENSIONS, readings.dimensions_sub),
    _rule(readings.MONEY_MAGNITUDE, readings.money_magnitude),
    _rule(readings.COUNT_MAGNITUDE, readings.count_magnitude),
    _rule(readings.RESOLUTION, readings.resolution),
    _rule(readings.MODEL_NUMBER, readings.model_number),
    _rule(readings.QUANTITY, readings.quantity),
    Rule(_INCL_AT_END, "included"),
    # degrees with a compass point: 40.7° N
    _rule(
        rf"(?<![\w.])({NUM})\s?°\s?([NSEW])\b(?![\w'’.]\w)",
        lambda m: f"{m[1]} degrees {_COMPASS[m[2]]}",
    ),
    # a range between two measures: 5kg-10kg, 5 kg - 10 kg, 20Hz-20kHz
    _rule(
        rf"(?<![\w.])(?P<a>{NUM}\s?(?P<u>{_unit_pattern()}))\s?[-–]\s?"
        rf"(?={NUM}\s?(?:{_unit_pattern()})(?![\w°²³]))",
        _measure_range,
        re.IGNORECASE,
    ),
    _rule(rf"(?<![\w.])(?P<n>{NUM})\s?pt\b\.?{_NEXT}", _pt),
    _rule(
        r"(?<![\w.$€£])(\d{1,2})c\b(?![\w.])", lambda m: f"{m[1]} cent{'' if m[1] == '1' else 's'}"
    ),
    Rule(_ABBREV_RE, lambda m: _ABBREV_LOWER[m[0].lower()]),
    Rule(_UNIT_HYPHEN_RE, _unit_adjective),
    Rule(_UNIT_RE, _unit_sub),
    # inches glued to the number ("27in", "5.5-in") or closing a phrase ("15.6 in")
    _rule(
        rf"(?<![\w.])({NUM})(?:-?in\b\.?(?![-\d])|\sin(?:\.(?=\s*$)|(?=\s*(?:$|[,;)]))))(?![-\d]){_NEXT}",
        lambda m: _measure(m[1], "inch", "inches", m["next"]),
    ),
    _rule(r"(?<![\w.])(\d+\.\d+)\s?s\b", r"\1 seconds"),  # 0-60 in 3.5s
    _rule(r"[™®©℠]", ""),
    _rule(r"(?<=[A-Za-z)])²", " squared"),  # x², (a+b)²
    _rule(r"(?<=[A-Za-z)])³", " cubed"),
    _rule(r"(?<![\w/.])(1/2|1/3|2/3|1/4|3/4)(?![\d/])", lambda m: _FRACTIONS[m[1]]),
    # screens: 4K, 8K
    _rule(r"(?<![\w.])(\d{1,2})K(?=\b)", r"\1 K"),
    # model numbers: XR-200 -> XR 200 (not "XR minus 200")
    _rule(r"\b([A-Z]{1,4})-(\d+)(?=\b)", r"\1 \2"),
    _rule(r"\b([A-Z]{1,4})-(?=[A-Z]{1,3}\d)", r"\1 "),  # SM-G991B
    # packs: 2-pack, 3-count
    _rule(r"(?<![\w.])(\d+)-(pack|count|piece|pc|pcs|set)\b", r"\1 \2", re.IGNORECASE),
    _rule(r"(?<![\w.])(\d+)-?pk\b\.?", r"\1 pack", re.IGNORECASE),
    # times of day: 9am-5pm, 10:30 PM
    _rule(
        r"(?<![\w.:])(\d{1,2}(?::\d{2})?)\s?([ap])\.?m\.?(?![\w])",
        lambda m: f"{m[1]} {m[2].upper()}M",
        re.IGNORECASE,
    ),
    _rule(r"(?<=[AP]M|ck|ed)\s?[-–]\s?(?=\d)", " to "),  # 9 AM-5 PM, 8 o'clock-17 hundred
    _rule(r"\b(noon|midnight)\s?[-–]\s?(?=\d)", r"\1 to ", re.IGNORECASE),
    _rule(
        rf"\b(Fahrenheit|Celsius|degrees|percent|thousand|million|billion|{_CURRENCY_WORDS})"
        r"\s?[-–]\s?(?=\d)",
        r"\1 to ",
    ),
    _rule(r"(\d)\s?¢", r"\1 cents"),
    # prices, ranges first
    _rule(
        rf"(?P<sym>{_CUR_SYM})\s?{_amount('1')}\s?[-–~]\s?{_CUR_SYM}?\s?{_amount('2')}",
        _price_range,
    ),
    _rule(rf"(?P<sym>{_CUR_SYM})\s?{_amount()}", _price_at),
    _rule(rf"(?P<sym>{_CUR_CODE})\s?{_amount()}", _price_at),
    _rule(rf"(?<![\d,.]){_amount()}\s?(?P<sym>{_CUR_CODE})\b", _price_at),
    _rule(rf"(?<![\w.,]){_amount()}\s?(?P<sym>{_CUR_SYM})(?!\s?\d)", _price_at),  # 19,99 €
    _rule(
        # after an amount or a lowercase unit ("$1.99/lb", "10 km/h"), never in "S/M/L"
        r"(?<=[\d%]|(?-i:[a-z]))\s*/\s*(?P<per>" + "|".join(PER) + r")\b\.?",
        lambda m: " each" if PER[m["per"].lower()] == "each" else f" per {PER[m['per'].lower()]}",
        re.IGNORECASE,
    ),
    _rule(r"(\d)\s?%", r"\1 percent"),
    _rule(r"(\d)-in-(\d)", r"\1 in \2", re.IGNORECASE),
    # inch ranges: 13"-15.6" laptops
    _rule(
        rf"(?<![\w.])({NUM})\s?(?:\"|”|″)\s?[-–]\s?({NUM})\s?(?:\"|”|″)(?!\w){_NEXT}",
        lambda m: f"{m[1]} to {_measure(m[2], 'inch', 'inches', m['next'])}",
    ),
    # feet ranges: 30'-40'
    _rule(
        rf"(?<![\w.])({NUM})\s?['’′]\s?[-–]\s?({NUM})\s?['’′](?![\w']){_NEXT}",
        lambda m: f"{m[1]} to {_measure(m[2], 'foot', 'feet', m['next'])}",
    ),
    # feet and inches: 6'2", 15.6", 3'
    _rule(rf"(?<![\d.])(\d+)\s?['’′]\s?({NUM})\s?(?:\"|”|″|'')", r"\1 feet \2 inches"),
    _rule(r"(?<![\d.])(\d)['’′]\s?(\d|1[01])(?![\w.,'’′\"”″/-])", r"\1 feet \2"),  # 5'10
    _rule(rf"(?<![\w.])({NUM})\s?(?:\"|”|″|'')(?!\w){_NEXT}", _inches),
    _rule(
        rf"(?<![\w.])({NUM})\s?['’′](?![\w']){_NEXT}",
        lambda m: _measure(m[1], "foot", "feet", m["next"]),
    ),
    _rule(
        rf"(?<![\d.])({NUM})\s?(?:in\.|inch(?:es)?)(?!\w){_NEXT}",
        lambda m: _measure(m[1], "inch", "inches", m["next"]),
    ),
    # dimensions before multipliers: 10x20x5 cm -> 10 by 20 by 5 cm
    # (not in a model code: "7950X3D")
    _rule(rf"(?<![\d.])({NUM})\s?[x×X*]\s?(?={NUM})(?!\d+[A-Z]\b)", r"\1 by "),
    # "2x faster", "100X zoom"; four digits and more with an x are a model ("7950X")
    _rule(
        r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s?[x×X](?!\w|-[A-Za-z])",
        lambda m: f"{m[1]} {'time' if m[1] == '1' else 'times'}",
    ),
    _rule(r"(?<![\w.])[x×]\s?(\d+)(?!\w)", r"times \1"),
    # numeric ranges: 3-5 days, 2023–2024
    # (a number padded with zeros after the dash is a code: "2024-001")
    _rule(rf"(?<![\w.-])({NUM})\s?[-–~]\s?(?!0\d)({NUM})(?![\w-]|\.\w)", r"\1 to \2"),
    _rule(r"~\s?(?=\d)", "about "),
    _rule(r"(?<![\w.])[-−](?=\d)", "minus "),
    _rule(r"#\s?(\d)", r"number \1"),
    _rule(r"(?<=\d)\+", " plus"),
    _rule(r"(?<=\w)\+(?=\w)", " plus "),  # 5W+5W
    _rule(r"(?<=[A-Za-z+])\+", " plus"),  # A+, C++
    _rule(r"\s*&\s*", " and "),
    _rule(r"\s+\+\s+", " plus "),
    _rule(r"\s[–—]\s|\s?—\s?", ", "),
    _rule(r"\s*\|\s*", ", "),
    _rule(r"\s*[•·‣◦]\s*", ", "),
    _rule(r"\s*[→⇒]\s*", " to "),
    _rule(r"(?<=[^\W\d])\s?/\s?(?=[^\W\d])", " or "),  # on/off, USB-C/Lightning
    _rule(r"(?<=\d)/(?=\w)|(?<=\w)/(?=\d)", " or "),  # 50/60 Hz, 15/15 Pro: alternatives
    _rule(r"(?<=\w)\s+/\s+(?=\w)", ", "),  # 50% cotton / 50% polyester: a list
    _rule(r"(?<=\w)\s?/\s?(?=\w)", " "),
    _rule(r"(?<=\w)\s?@\s?(?=\d)", " at "),  # 4K@120Hz
    _rule(r"[*_#~^`<>{}\[\]\\]", " "),
    _rule(r"([!?.])[!?.]+", r"\1"),  # "!!!" -> "!", "?!" -> "?"
    _rule(r"(?<=\w)\((?=\w)", " ("),  # a bracket glued to the word before it
    _rule(r"\s+([,.!?;:])", r"\1"),
    _rule(r",(?=[^\s\d])", ", "),
]


def _is_pictograph(ch: str) -> bool:
    cp = ord(ch)
    if cp in (0x200D, 0x20E3) or 0xFE00 <= cp <= 0xFE0F or 0xE0020 <= cp <= 0xE007F:
        return True  # zero-width joiner, keycap, variation selectors, tag characters
    if 0x1F3FB <= cp <= 0x1F3FF:
        return True  # skin tone modifiers
    cat = unicodedata.category(ch)
    return cat in ("So", "Co", "Cs") and ch != "°"


_STARS_AFTER = re.compile(r"(?<![\w.])(\d(?:\.\d)?)\s?[★⭐](?:[★☆⭐]*)")


def _strip_pictographs(text: str) -> str:
    return "".join(" " if _is_pictograph(ch) else ch for ch in text)


def _lines_to_sentences(text: str) -> str:
    """Each non-empty line becomes its own sentence, so a list of bullets gets pauses."""
    out = []
    for line in text.splitlines():
        line = _LINE_DECORATION.sub("", line).strip()
        if not line:
            continue
        if not _SENTENCE_END.search(line) and _SPEAKABLE.search(line):
            line += "."
        out.append(line)
    return " ".join(out)


def normalize_for_speech(text: str, lang: str = "en") -> str:
    """Text as the voice should read it; "" if nothing is left to say.

    ``lang`` is the language of the rules to apply; only English rules exist yet, and other
    languages get the language-neutral steps (pictographs, bullets, whitespace).

    One pass can expose a pattern a rule before it has already passed (a "#" dropped between
    a number and a unit, a list number left in front after a symbol went), so passes repeat
    until the text stops changing: the reading of a reading is itself, whatever the input.
    """
    if not text:
        return ""
    for _ in range(MAX_PASSES):
        again = _one_pass(text, lang)
        if again == text:
            break
        text = again
    return text if _SPEAKABLE.search(text) else ""


def _one_pass(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _STARS_AFTER.sub(lambda m: f"{m[1]} stars", text)  # "4.7★"
    text = _strip_pictographs(text)
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = text.translate(_SUBSCRIPTS)  # CO₂, H₂O: the digit is said as any other
    multi_line = "\n" in text.strip()
    text = _lines_to_sentences(text) if multi_line else _LINE_DECORATION.sub("", text.strip())
    if lang.lower().startswith("en"):
        text = _INDIAN_GROUPS.sub(lambda m: m[0].replace(",", ""), text)
        text = _SPACED_GROUPS.sub(_spaced_groups, text)
        text = _THOUSANDS.sub("", text)
        text = _LABELLED_DIMS.sub(_labelled_dims, text)
        for rule in RULES:
            text = rule.pattern.sub(rule.replacement, text)
        text = _UNIT_RE.sub(_unit_sub, text)  # units exposed by earlier rules ("10 by 20cm")
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def _latin_ok(ch: str) -> bool:
    if ch.isascii():
        return True
    cat = unicodedata.category(ch)
    if cat[0] in "LMN":
        return unicodedata.name(ch, "").startswith(("LATIN", "COMBINING"))
    return ch.isspace() or 0x2000 <= ord(ch) <= 0x206F  # general punctuation: – — ' " …


def speakable_for(text: str, language: str) -> str:
    """The part of ``text`` a voice of ``language`` can say; "" when nothing is left.

    Letters from other scripts (CJK, kana, Hangul, Cyrillic for an English voice) become
    spaces; punctuation from those scripts becomes its ASCII counterpart.
    """
    family = language.replace("-", "_").split("_")[0].lower()
    if family in LATIN_FAMILIES:
        text = unicodedata.normalize("NFKC", text)  # full-width "，１" -> ",1"
        text = text.replace("。", ". ").replace("、", ", ")
        text = "".join(ch if _latin_ok(ch) else " " for ch in text)
        text = re.sub(r"\s+([,.!?;:])", r"\1", text)
        text = re.sub(r"([,.!?;:])(?:\s*[,.!?;:])+", r"\1", text)
        text = re.sub(r"\s+", " ", text).strip(" ,;:")
    if not re.search(r"[^\W_]", text):
        return ""
    return text
