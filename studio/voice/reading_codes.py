"""Readings of codes and written conventions the general rules would take apart: network
addresses, standards ("802.11ax"), refrigerants and other lettered model codes ("R-410A"),
programming languages ("C#", ".NET"), European and Swiss number grouping, time zones after a
clock time, counters ("Lap 5/10"), month/year stamps ("05/2025") and local telephone numbers.

``normalize.RULES`` applies ``EARLY`` before its own readings (a code must be whole when it is
read) and ``BEFORE_SYMBOLS`` before its symbols are read out one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.voice.readings import MONTH_WORD, REGNAL, month_name, roman_value
from studio.voice.speech_tables import (
    COMPASS_POINTS,
    COUNTERS,
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    DENOMINATORS,
    MONTH_NAMES,
    STREET_TYPES,
    TIME_ZONES,
    UNITS,
    UNITS_ANY_CASE,
    US_STATES,
)
from studio.voice.spoken_numbers import (
    below_hundred,
    letter_name,
    ordinal_suffix,
    paired_digits,
    spelled_letters,
    year_words,
)

Match = re.Match[str]
RuleSpec = tuple[str, str | Callable[[Match], str], int]


def _ip_address(m: Match) -> str:
    """192.168.1.1 -> 1 9 2 dot 1 6 8 dot 1 dot 1 (an address is read digit by digit)."""
    parts = m[0].split(".")
    if any(int(p) > 255 for p in parts):
        return m[0]
    return " dot ".join(" ".join(p) for p in parts)


def _ieee(m: Match) -> str:
    """802.11ax -> 8 oh 2 dot 11 A X: the standard's number, then its letters named."""
    bands = m[2].split("/") if m[2] else []
    letters = "".join(f" {spelled_letters(b, ' ')}" for b in bands)
    return f"8 oh 2 dot {m[1]}{letters}"


def _lettered_code(m: Match) -> str:
    """R-410A -> R 4 10 eh, B-52H -> B 52 H: a letter-prefixed code ending in a letter is a
    name, so its last letter is named (not read as amps or a unit)."""
    return f"{spelled_letters(m[1], ' ')} {paired_digits(m[2])} {letter_name(m[3])}"


def _european_grouping(m: Match) -> str:
    """1.234,56 -> 1234.56: dots group thousands, the comma is the decimal point."""
    return m[1].replace(".", "") + (f".{m[2]}" if m[2] else "")


def _counter(m: Match) -> str:
    """Lap 5/10, Page 3/12: the fifth of ten, read "5 of 10" (not five tenths)."""
    if int(m["n"]) > int(m["d"]):
        return m[0]
    return f"{m['cue']} {m['n']} of {m['d']}"


def _month_year(m: Match) -> str:
    """05/2025 -> May twenty twenty-five (a stamp of month and year)."""
    return f"{MONTH_NAMES[int(m[1]) - 1]} {year_words(int(m[2]))}"


def _date_range(m: Match) -> str:
    """12/1 - 12/5 -> December 1st to December 5th (two dates make each other dates)."""
    first, second = (
        f"{MONTH_NAMES[int(m[f'm{i}']) - 1]} {ordinal_suffix(int(m[f'd{i}']))}" for i in (1, 2)
    )
    return f"{first} to {second}"


def _short_year(digits: str) -> str:
    """'25 -> twenty twenty-five; '98 -> nineteen ninety-eight (a cut year, either century)."""
    year = int(digits)
    if year < 100:
        year += 2000 if year <= 50 else 1900
    return year_words(year)


# months in capitals; MAY only beside a day or a year ("YOU MAY 5 TIMES" is a verb)
_CAPS_MONTHS = (
    "JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    "|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC"
)
_SEASONS = {"SS": "spring summer", "AW": "autumn winter", "FW": "fall winter"}


def _caps_roman(m: Match) -> str:
    """SATA III -> SATA 3; HENRY VIII -> HENRY the 8th (a monarch, shouted)."""
    value = roman_value(m["roman"])
    if m["name"].title() in REGNAL:
        return f"{m['name']} the {ordinal_suffix(value)}"
    return f"{m['name']} {value}"


def _power(m: Match) -> str:
    """2^10 -> 2 to the power of 10; x^2 -> x squared."""
    return {"2": " squared", "3": " cubed"}.get(m[1], f" to the power of {m[1]}")


def _fine_price(m: Match) -> str:
    return f"{m[2]} {CURRENCIES[m['sym']][1]}"


def _fraction_adjective(m: Match) -> str:
    """3/4-inch -> 3 quarter-inch; 1/2-inch -> half-inch."""
    n, d = int(m[1]), int(m[2])
    if d not in DENOMINATORS or not 0 < n < d:
        return m[0]
    part = DENOMINATORS[d][0]
    return f"{part}-{m[3]}" if n == 1 else f"{n} {part}-{m[3]}"


def _consecutive(m: Match) -> str:
    """Models 12/13/14 -> 12 or 13 or 14: numbers counting up by one are alternatives."""
    a, b, c = int(m[1]), int(m[2]), int(m[3])
    return f"{a} or {b} or {c}" if b == a + 1 and c == b + 1 else m[0]


def _plus_unit(m: Match) -> str:
    """20+ lbs -> 20 plus pounds."""
    unit = UNITS.get(m[2]) or UNITS_ANY_CASE.get(m[2].lower())
    if unit is None:
        return m[0]
    return f"{m[1]} plus {unit[1]}"


def _unit_after_per(m: Match) -> str:
    """$3.49 per lb. -> per pound."""
    one, _ = UNITS.get(m[1]) or UNITS_ANY_CASE.get(m[1].lower()) or (m[1], m[1])
    return one


def _years(m: Match) -> str:
    """From 2020 to 2023 -> from twenty twenty to twenty twenty-three (the cue covers both)."""
    return f"{m[1]} {year_words(int(m[2]))} {m[3]} {year_words(int(m[4]))}"


def _season(m: Match) -> str:
    """2024-25 -> twenty twenty-four to twenty-five: a season or a school year."""
    first, second = int(m[1]), int(m[2])
    if second != (first + 1) % 100:
        return m[0]
    tail = below_hundred(second) if second >= 10 else f"oh {below_hundred(second)}"
    return f"{year_words(first)} to {tail}"


def _state(m: Match) -> str:
    return US_STATES[m[1]]


def _time_zone(m: Match) -> str:
    """3 PM ET -> 3 PM E T: a zone is named by its letters ("ET" would be read "et")."""
    return f"{m[1]} {spelled_letters(m[2], ' ')}"


def _grouped_digits(m: Match) -> str:
    """020 7946 0958 -> 0 2 0, 7 9 4 6, 0 9 5 8: a number dialled from home, group by group."""
    groups = re.split(r"[\s-]+", m[0].strip())
    if not 10 <= sum(len(g) for g in groups) <= 11:
        return m[0]
    return ", ".join(" ".join(g) for g in groups)


def _barcode(m: Match) -> str:
    """EAN 4006381333931 -> E eh N 4 0 0 6 ...; SSN 123-45-6789 -> 1 2 3, 4 5, 6 7 8 9."""
    groups = [g for g in re.split(r"[\s-]+", m[2]) if g]
    return f"{m[1]} " + ", ".join(" ".join(g) for g in groups)


def _vanity(m: Match) -> str:
    """1-800-FLOWERS -> 1, 8 0 0, flowers: the words are said as words."""
    head = "1, " if m[0].startswith("1-") else ""
    return f"{head}{' '.join(m[1])}, {m[2].replace('-', ' ').lower()}"


_MONTH_DAY = r"(?P<m{i}>0?[1-9]|1[0-2])/(?P<d{i}>0?[1-9]|[12]\d|3[01])"
_SYMBOL = "(?:" + "|".join(re.escape(c) for c in CURRENCY_SYMBOLS) + ")"
_CODE = "|".join(CURRENCY_CODES)
_UNIT_WORDS = "|".join(
    re.escape(u) for u in sorted({*UNITS, *UNITS_ANY_CASE}, key=len, reverse=True)
)
_PERIODS = {"pm": "month", "pw": "week", "pa": "year", "p.": "year"}
_STATE_CODES = "|".join(US_STATES)
_COUNTER_WORDS = "|".join(sorted(COUNTERS, key=len, reverse=True))
_ZONE_WORDS = "|".join(sorted(TIME_ZONES, key=len, reverse=True))

# Before the general readings: each code is read whole before its parts could be taken for
# dates, prices, units or ranges.
EARLY: list[RuleSpec] = [
    # European grouping with a decimal comma (1.234,56 €; 12.345,00 kg): never a US number
    (r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+),(\d{1,2})(?![\d.,])", _european_grouping, 0),
    # a euro amount grouped with dots and no cents: €1.234, 1.234 EUR are over a thousand
    (r"(?<=€)\s?(\d{1,3}(?:\.\d{3})+)(?![\d.,])", lambda m: m[1].replace(".", ""), 0),
    (
        r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+)(?=\s?(?:€|EUR\b))",
        lambda m: m[1].replace(".", ""),
        0,
    ),
    # a price with its sign and its code ("$1,299.99 USD"): the currency is said once
    (rf"({_SYMBOL}\s?\d[\d,.]*\d|{_SYMBOL}\s?\d)\s?(?:{_CODE})\b", r"\1", 0),
    # a price per period, as UK listings write it: £6.30pm, £25k pa
    (
        rf"({_SYMBOL}\s?\d[\d,.]*[kK]?)\s?(pm|pw|pa|p\.a\.)(?![\w.]|\.\w)",
        lambda m: f"{m[1]} per {_PERIODS[m[2][:2]]}",
        0,
    ),
    # a run of consecutive numbers with slashes is a list of models, not a date: 12/13/14
    (r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{1,2})(?![\w/]|[.,]\d)", _consecutive, 0),
    # at least a measure: 20+ lbs is twenty plus pounds
    (
        rf"(?<![\w.])(\d+(?:\.\d+)?)\+\s?({_UNIT_WORDS})\b\.?(?![\w°²³/])",
        _plus_unit,
        re.IGNORECASE,
    ),
    # nutrition labels: 455% DV, %DV
    (r"(?:(?<=\d)|(?<![\w%]))\s?%\s?DV\b", " percent daily value", 0),
    # a price finer than a cent: $0.005 is read as a decimal of the currency
    (rf"(?P<sym>{_SYMBOL})\s?(\d+\.\d{{3,}})(?![\d.,])", _fine_price, 0),
    # billions written "bn": 1.5bn
    (r"(?<![\w.$€£¥])(\d+(?:\.\d+)?)\s?bn\b", r"\1 billion", 0),
    # ranges that end below zero or are marked by a tilde: -10--5°C, -20 ~ 60°C
    (r"(?<![\w.-])([-−]?\d+(?:\.\d+)?(?:\s?°[CF])?)\s?[-–]\s?(?=[-−]\d)", r"\1 to ", 0),
    (r"(?<=\d)\s?~\s?(?=[-−+]?\d)", " to ", 0),
    (r"(?<![\w.])(\d+)-for-(\d+)\b", r"\1 for \2", 0),  # 4-for-3
    # a fraction with an ordinal ending: 1/3rd
    (r"(?<![\w./])(\d{1,2}/\d{1,2})(?:st|nd|rd|th)\b", r"\1", 0),
    # a fraction joined to its unit is an adjective: 3/4-inch plywood, 1/2-inch
    (
        r"(?<![\w./])(\d{1,2})/(\d{1,2})-(inch|foot|pound|ounce|gallon|mile|cup)\b",
        _fraction_adjective,
        0,
    ),
    (r"(?<![\w.])(\d)\s?ft\s?(\d{1,2})\b(?![.,]\d|\s?(?:in\b|\"|”|″))", r"\1 feet \2", 0),
    # a diameter: Ø 30 mm
    (r"[Øø⌀]\s?(?=\d)", "diameter ", 0),
    # Swiss grouping with apostrophes: CHF 1'299.00
    (
        r"(?<=CHF )(\d{1,3}(?:['’]\d{3})+)(?![\d'’])",
        lambda m: re.sub(r"['’]", "", m[1]),
        0,
    ),
    # millions grouped with dots: 1.000.000 (three groups; an IP address has four)
    (
        r"(?<![\w.,])\d{1,3}\.\d{3}\.\d{3}(?!\w|[.,]\d)",
        lambda m: m[0].replace(".", ""),
        0,
    ),
    (r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?!\w|\.\w)", _ip_address, 0),
    # versions, revisions and marks: ver. 3, Rev. B, Rev 2.1, Mk3
    (r"\b[Vv]er\.?\s?(?=\d)", "version ", 0),
    (r"\bRev\.?\s?(?=[A-Z0-9](?:\b|\.\d))(?![A-Z][a-z])", "Revision ", 0),
    (r"\bM[Kk](?=\d{1,2}\b)", "Mark ", 0),
    # slashed abbreviations of a spec sheet
    (r"\bS/N(?=\s+ratio\b)", "signal to noise", re.IGNORECASE),
    (r"\bS/N\b:?", "serial number", 0),
    (r"\bP/N\b:?", "part number", 0),
    (r"\bA/V\b", f"{letter_name('A')} V", 0),
    (r"\bI/O\b", "I O", 0),
    (r"\b[Ww]/(?!o\b)(?=[A-Za-z])", "with ", 0),
    (r"\b802\.(\d{1,2})(?:\s?([a-z]{1,2}(?:/[a-z]{1,2})*))?\b(?!/)", _ieee, 0),
    # mixing ratios: dilute 1:10, mix 1:4 (not a clock time)
    (
        r"\b((?i:dilute|dilution|mix|mixing|ratio|blend))\s(\d{1,3}):(\d{1,3})\b(?!:)",
        r"\1 \2 to \3",
        0,
    ),
    # children's ages in years: 4-5Y, 2-3 Y
    (r"(?<![\w.])(\d{1,2})\s?[-–]\s?(\d{1,2})\s?Y\b(?![\w'’-])", r"\1 to \2 years", 0),
    (
        r"(?<![\w-])([A-Z]{1,2})-(\d{2,4})([A-Z]|[a-rt-z])(?![\w'’-])",
        _lettered_code,
        0,
    ),
    # C#, F#: the sharp of a note or a language (never "C number")
    (r"(?<![\w#])([A-G])#(?![\w#])", r"\1 sharp", 0),
    (r"(?<!\.)\.NET\b", " dot net", 0),
    # counters: Lap 5/10, Page 3/12, Step 2/4
    (
        rf"\b(?P<cue>(?i:{_COUNTER_WORDS}))\s(?P<n>\d{{1,3}})\s?/\s?(?P<d>\d{{1,3}})(?![\w/]|\.\d)",
        _counter,
        0,
    ),
    # a month shouted in capitals next to a number (DEC. 24, 1 JAN 2020, MARCH '25) is the
    # month, as written in mixed case, for the date readings below
    (
        rf"\b({_CAPS_MONTHS})\b(?=\.?\s?[-'’]?\d)|\b(MAY)(?=\s(?:19|20)\d\d\b)"
        rf"|(?<=\d )({_CAPS_MONTHS}|MAY)\b|(?<=\d-)({_CAPS_MONTHS}|MAY)\b",
        lambda m: (m[1] or m[2] or m[3] or m[4]).title(),
        0,
    ),
    # a date written with dots is European, day first: 04.03.2025 is the 4th of March
    (
        r"(?<![\w/.-])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)(?!\w|\.\w)",
        lambda m: (
            f"the {ordinal_suffix(int(m[1]))} of {MONTH_NAMES[int(m[2]) - 1]}, "
            f"{year_words(int(m[3]))}"
        ),
        0,
    ),
    # day, month and year with hyphens: 4-Mar-2025; Mar-2025
    (
        rf"(?<![\w-])(\d{{1,2}})-({MONTH_WORD})-((?:19|20)\d\d)\b(?!-)",
        lambda m: f"the {ordinal_suffix(int(m[1]))} of {month_name(m[2])}, {year_words(int(m[3]))}",
        0,
    ),
    (
        rf"(?<![\w-])({MONTH_WORD})-((?:19|20)\d\d)\b(?!-)",
        lambda m: f"{month_name(m[1])} {year_words(int(m[2]))}",
        0,
    ),
    # a year cut to two digits after a month, a quarter or a half: March '25, Q4'24
    (
        rf"\b({MONTH_WORD}|[QH][1-4])\.?\s?['’](\d\d)\b(?!['’])",
        lambda m: f"{month_name(m[1]) if len(m[1]) > 2 else m[1]} {_short_year(m[2])}",
        0,
    ),
    # fashion seasons: SS25, AW24, FW 2024
    (
        r"\b(SS|AW|FW)\s?((?:19|20)?\d\d)\b(?![\w/]|[.,]\w)",
        lambda m: f"{_SEASONS[m[1]]} {_short_year(m[2])}",
        0,
    ),
    (r"\bwk\.?\s?(?=\d)", "week ", 0),
    # codes that are dialled or typed digit by digit: ZIP code 90210, PIN 1234, Code: 0042
    (
        r"\b((?i:zip(?: code)?|postcode|postal code|pin|passcode|otp|code):?)\s(\d{4,6})\b(?![.,]\d)",
        lambda m: f"{m[1]} {' '.join(m[2])}",
        0,
    ),
    # limits: "Min. order 2", "max 5 kg", "Max: 10" (never after a number: 10 min)
    (
        r"(?<!\d)(?<!\d )\b(?:(Min|Max)(?:\.|:)|(min|max)(?:\.|:)?)"
        r"(?=\s?\d|\s(?i:order|qty|quantity|purchase|spend|load|capacity)\b)",
        lambda m: "minimum" if (m[1] or m[2]).lower() == "min" else "maximum",
        0,
    ),
    # powers: 2^10, x^2
    (r"(?<=\w)\^(\d{1,3})\b", _power, 0),
    # period-on-period changes: y/y, YoY, m/m
    (r"\b(?:[Yy]/[Yy]|YoY)\b", "year over year", 0),
    (r"\b(?:[Mm]/[Mm]|MoM)\b", "month over month", 0),
    # section and paragraph signs, an expiry label
    (r"§\s?(?=\d)", "section ", 0),
    (r"¶\s?(?=\d)", "paragraph ", 0),
    (r"\bExp\.?(?=:?\s?\d)", "Expires", 0),
    # a sequel or a generation after a name in capitals: SATA III, ROCKY II, WORLD WAR II
    (
        r"(?<![\w.])(?P<name>[A-Z]{2,})\s(?P<roman>(?=[IVX]{2}|L[IVX]{2})L?X{0,3}"
        r"(?:IX|IV|VI{0,3}|I{1,3})?)(?![\w'’-]|\.\w)",
        _caps_roman,
        0,
    ),
    (r"μ(?=[A-Za-z])", "µ", 0),  # the Greek letter mu for the micro sign: 500μs
    # a range of month/day dates: 12/1 - 12/5
    (
        rf"(?<![\w/.-]){_MONTH_DAY.format(i=1)}\s?[-–]\s?{_MONTH_DAY.format(i=2)}(?![\w/]|\.\w)",
        _date_range,
        0,
    ),
    # the alphabet as a range: A-Z, A to Z (the letter A, not the article)
    (r"(?<![\w'’-])A(?:\s?[-–]\s?|\sto\s)Z(?![\w'’-])", f"{letter_name('A')} to Z", 0),
    # the world wars: WWII, WW2
    (r"\bWW\s?(II|2|I|1)\b", lambda m: f"World War {2 if m[1] in ('II', '2') else 1}", 0),
    # years after a cue that covers both: from 2020 to 2023, between 1990 and 1995
    (
        r"\b((?i:from|between)) ((?:1[1-9]|20)\d\d) (to|and|until|through|thru) "
        r"((?:1[1-9]|20)\d\d)(?![\w:/%°\"'’]|[.,]\d)",
        _years,
        0,
    ),
    # a season or school year: 2024-25, 2023/24
    (r"(?<![\w.,/-])((?:19|20)\d\d)[-–/](\d\d)(?![\w/-]|[.,]\d)", _season, 0),
    (r"\bP\.?\s?O\.?\s?Box\b", "P O Box", re.IGNORECASE),
    # compass points of a street: N. Main St, E 42nd St, Pennsylvania Ave NW
    (
        rf"\b(NE|NW|SE|SW|[NSEW])\.?(?=\s+(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)\s+(?:{STREET_TYPES})\b)",
        lambda m: COMPASS_POINTS[m[1]],
        0,
    ),
    (
        rf"\b({STREET_TYPES})(\.?) (NE|NW|SE|SW|[NSEW])\b\.?(?=\s*(?:[,;]|$))",
        lambda m: f"{m[1]}{m[2]} {COMPASS_POINTS[m[3]]}",
        0,
    ),
    # month and year: 05/2025, MFG 03/2024
    (r"(?<![\w/.-])(0?[1-9]|1[0-2])/((?:19|20)\d\d)(?![\w/]|[-.]\d)", _month_year, 0),
    # toll-free numbers with a word: 1-800-FLOWERS, 888-SHOP-NOW
    (r"(?<![\w-])(?:1-)?(8[0-8]{2})-([A-Z]{2,10}(?:-[A-Z]{2,10})*)\b(?!-)", _vanity, 0),
    (r"\bmailto:(?=\S+@)", "", 0),
    # opening hours: M-F, 8a-6p, 6.30pm
    (r"(?<![\w-])M\s?[-–]\s?F(?![\w'’-])", "Monday to Friday", 0),
    (
        r"(?<![\w.])(\d{1,2}(?::[0-5]\d)?)([apAP])\s?[-–]\s?(\d{1,2}(?::[0-5]\d)?)([apAP])\b"
        r"(?!\w|\.\w)",
        lambda m: f"{m[1]} {m[2].upper()}M to {m[3]} {m[4].upper()}M",
        0,
    ),
    (r"(?<![\w.$€£¥])(1[0-2]|0?[1-9])\.([0-5]\d)\s?([ap])\.?m\b\.?", r"\1:\2 \3m", re.IGNORECASE),
    # emergency and service numbers are dialled digit by digit: "Call 911"
    (
        r"\b((?i:dial|call|text))\s([1-9]11|999|112)\b(?![\w.,]\d)",
        lambda m: f"{m[1]} {' '.join(m[2])}",
        0,
    ),
    # numbers dialled with a leading 0 (UK, EU): 020 7946 0958, 0800 123 456
    (r"(?<![\w.,+-])0\d{2,4}(?:[ -]\d{3,6}){1,2}(?![\w-]|[.,]\w)", _grouped_digits, 0),
    # a North American number written without separators, after a word that says so
    (
        r"\b((?i:call|phone|tel\.?|text|fax|mobile|cell)(?::?\s+(?:us\s+)?(?:at\s+)?))"
        r"(1?)(\d{3})(\d{3})(\d{4})\b(?![.,]\d)",
        lambda m: m[1] + ", ".join(" ".join(g) for g in (m[2], m[3], m[4], m[5]) if g),
        0,
    ),
    # numbers read digit by digit after what they are: barcodes, the last digits of a card
    (
        r"\b((?:EAN|GTIN|UPC)(?:-[A-E])?|ASIN|SSN|IMEI):?\s((?:\d[\s-]?){5,17}\d)\b(?![.,]\d)",
        _barcode,
        0,
    ),
    (
        r"\b((?i:card|visa|mastercard|amex|account|debit|credit|number|phone)\s"
        r"(?i:ending|ends)(?: in| with)?:?)\s(\d{4})\b(?![.,]\d)",
        _barcode,
        0,
    ),
]

# After clock times and before symbols: "ET" after a time is a zone; "+5" is plus five.
LATE: list[RuleSpec] = [
    (rf"(\b[AP]M|:\d\d|o'clock|hundred|noon|midnight)\s(?:\(?)({_ZONE_WORDS})\b\)?", _time_zone, 0),
    (r"\+\s?/\s?[-−](?=\s?\d)", "plus or minus ", 0),
    # a state between a city and its ZIP code (read digit by digit by now): "Springfield, IL
    # 62704"; without the code, "OR", "IN" or "OK" could be words
    (rf"(?<=[a-z], )({_STATE_CODES})(?=\s\d(?:\d{{4}}|(?: \d){{4}})\b)", _state, 0),
    # "per lb." is per pound: the unit after "per" in the singular
    (rf"\b(?<=per )({_UNIT_WORDS})\b\.?(?!\w)", _unit_after_per, 0),
    (r"(?<=\d )[Ee]xt\.?\s?(?=\d)", "extension ", 0),  # after a number: "4567 ext. 89"
    # symbols of arithmetic (after addresses, whose queries have their own "=")
    (r"\s?≠\s?", " not equal to ", 0),
    (r"\s?÷\s?(?=\d)", " divided by ", 0),
    (r"(?<![^\s\d])\s?=\s?(?=[-−]?\d)", " equals ", 0),
    (r"(?<=\d)\s−\s(?=\d)", " minus ", 0),
    # a price for each: "$0.99/ea", "$2 ea."
    (r"(?<=\d)\s?/?\s?ea\b\.?(?!\w)", " each", 0),
    (r"(?<![\w+])\+(?=\d)", "plus ", 0),
    (r"(?<=\d)\s?\+\s?(?=\d)", " plus ", 0),  # 1+1
]
