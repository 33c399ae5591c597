"""Readings that depend on what a number is (a date, a clock time, a fraction, a rating, a model
number, a count in thousands) rather than on its digits; ``normalize.RULES`` applies them in
order before units and prices."""

from __future__ import annotations

import re

from studio.voice.speech_tables import (
    COUNTED,
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    DENOMINATORS,
    LENGTH_CUES,
    MAGNITUDES,
    MONTH_NAMES,
    MONTHS,
    PLURAL_FOLLOWERS,
    TIMES_FOLLOWERS,
    UNITS,
    UNITS_ANY_CASE,
    YEAR_CUES,
)
from studio.voice.spoken_numbers import (
    letter_name,
    ordinal_suffix,
    paired_digits,
    spelled_letters,
    year_words,
)

Match = re.Match[str]

_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
MONTH_WORD = _MONTH_ALT
MONTH_DAY = (
    rf"(?<!of )\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?:\s?[-–]\s?(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b)?"
    r"(?!\s+(?:dollars?|euros?|pounds?|cents?|pence|yen|percent)\b)"
    r"(?:,?\s+(?P<year>(?:1[1-9]|20)\d\d|['’]\d\d)\b)?(?![:.]?\d)"
)
DAY_MONTH = (
    rf"(?<![Tt]he )\b(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_ALT})\b"
    r"(?:\.(?!\s*$|\s+[A-Z]))?"
    r"(?:,?\s+(?P<year>(?:1[1-9]|20)\d\d)\b)?"
)
MONTH_YEAR = rf"\b(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<year>(?:1[1-9]|20)\d\d)\b(?![:.]?\d)"
# month/day/year with one separator throughout ("12/25/2023", "01-15-2024", "1/15/24": a
# two-digit year only after slashes, where a dashed run could be a code)
NUMERIC_DATE = (
    r"(?<![\w/.-])(?P<m>0?[1-9]|1[0-2])(?:(?P<s>[/.-])(?P<d>0?[1-9]|[12]\d|3[01])(?P=s)"
    r"(?P<y>(?:19|20)\d\d)|/(?P<d2>0?[1-9]|[12]\d|3[01])/(?P<yy>\d\d))(?![\w/]|[-.]\d)"
)
# a month/day without a year, read as a date only after a word that introduces one
# ("through 12/31", "ends 6/30"); elsewhere 12/31 may be a ratio or a list
CUED_DATE = (
    r"(?i:\b(?P<cue>through|thru|until|till|by|on|before|after|ends?|from|starting|expires?"
    r"|ships?|arrives?|arriving|delivered|delivery|due|valid|dated|closes?|opens?|launch(?:es)?"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?,?)\s)"
    r"(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?![\w/]|\.\d)"
)


def cued_date(m: Match) -> str:
    month = MONTH_NAMES[int(m["m"]) - 1]
    return f"{m['cue']} {month} {ordinal_suffix(int(m['d']))}"


ISO_DATE = (
    r"(?<![\w/.-])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=s)"
    r"(?P<d>0?[1-9]|[12]\d|3[01])(?![\w/-]|\.\d)"
)


def month_name(word: str) -> str:
    """The month a word or abbreviation names: "Sept." -> September."""
    return MONTHS[word.lower()[:4] if word.lower().startswith("sept") else word.lower()[:3]]


_month = month_name


def _year_tail(year: str | None) -> str:
    """The year after a date, ", twenty twelve", for 2012 or '12 (this century's)."""
    if not year:
        return ""
    return f", {year_words(int(year) if year[0].isdigit() else 2000 + int(year[1:]))}"


def month_day(m: Match) -> str:
    """Dec. 24 -> December 24th; July 25 2012 -> July 25th, twenty twelve."""
    days = ordinal_suffix(int(m["day"]))
    if m["day2"]:
        days += f" to {ordinal_suffix(int(m['day2']))}"  # Jan 15-20
    return f"{_month(m['mon'])} {days}{_year_tail(m['year'])}"


def day_month(m: Match) -> str:
    """24 Dec 2012 -> the 24th of December, twenty twelve."""
    return f"the {ordinal_suffix(int(m['day']))} of {_month(m['mon'])}{_year_tail(m['year'])}"


def month_year(m: Match) -> str:
    return f"{_month(m['mon'])} {year_words(int(m['year']))}"


# A day that cannot be a month comes first: 15/03/2025 is the 15th of March (day/month/year).
DAY_FIRST_DATE = (
    r"(?<![\w/.-])(?P<d>1[3-9]|2\d|3[01])(?:(?P<s>[/.])(?P<m>0?[1-9]|1[0-2])(?P=s)"
    r"(?P<y>(?:19|20)\d\d)|/(?P<m2>0?[1-9]|1[0-2])/(?P<yy>\d\d))(?![\w/]|[-.]\d)"
)


def _full_year(m: Match) -> int:
    return int(m["y"]) if m["y"] else 2000 + int(m.groupdict()["yy"])


def day_first_date(m: Match) -> str:
    month = MONTH_NAMES[int(m["m"] or m["m2"]) - 1]
    return f"the {ordinal_suffix(int(m['d']))} of {month}, {year_words(_full_year(m))}"


def numeric_date(m: Match) -> str:
    """12/25/2023, 1/15/24 and 2023-12-25 -> December 25th, twenty twenty-three (US order)."""
    month = MONTH_NAMES[int(m["m"]) - 1]
    day = int(m["d"] or m.groupdict()["d2"])  # ISO_DATE has no d2
    return f"{month} {ordinal_suffix(day)}, {year_words(_full_year(m))}"


YEAR = r"(?<![\w.,$€£¥#/:-])(?P<y>(?:1[1-9]|20)\d\d)(?P<s>s|'s)?(?![\w:/%°\"'’]|[.,]\d|[-–]\d)"
YEAR_RANGE = (
    r"(?<![\w.,$€£¥#/:-])(?P<a>(?:19|20)\d\d)\s?[-–]\s?(?P<b>(?:19|20)\d\d)(?![\w:/%°-]|[.,]\d)"
)


def year_in_context(m: Match) -> str:
    """A four-digit number is a year after a cue word ("Since 1985", "in 2012") or as a decade
    ("1990s"); elsewhere it is a count ("1985 reviews") and stays as digits."""
    before = m.string[max(0, m.start() - 40) : m.start()].rstrip()  # the word before, not all
    cue = before.rsplit(None, 1)[-1].lower() if before else ""
    if m["s"]:
        words = year_words(int(m["y"]))
        return (words[:-1] + "ies") if words.endswith("y") else words + "s"
    if _UNIT_AFTER.match(m.string, m.end()):
        return m[0]  # "in 2000 mAh": a measure
    if cue in _COUNT_CUES and m.string[m.end() : m.end() + 1] in (".", ","):
        return m[0]  # "Pack of 1200.": a count closing the phrase
    if cue.rstrip(",") in YEAR_CUES or re.fullmatch(r"q[1-4]|h[12]|fy", cue):
        return year_words(int(m["y"]))  # a quarter or half of a year: "Q3 2024", "H1 2025"
    return m[0]


# a unit as written or as read ("mAh", "milliamp hours"): a number before one is a measure
# ("in", "A", "s" are also words: "Founded in 2009 in Texas")
_UNIT_NAMES = {*UNITS, *UNITS_ANY_CASE} | {w for pair in UNITS.values() for w in pair}
_UNIT_NAMES -= {"in", "A", "a", "s", "h", "l", "w", "v", "pt", "min", "sec"}
_UNIT_AFTER = re.compile(
    r"\s?(?:"
    + "|".join(re.escape(u) for u in sorted(_UNIT_NAMES, key=len, reverse=True))
    + r")(?![\w°²³])"
)
_COUNT_CUES = {"of"}


def year_range(m: Match) -> str:
    return f"{year_words(int(m['a']))} to {year_words(int(m['b']))}"


CLOCK = (
    r"(?<![\w.:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?::(?P<sec>[0-5]\d))?"
    r"(?:\s?(?P<ap>[ap])\.?\s?m\b\.?)?(?![\w:])"
)


_NOON = re.compile(r"\s+(?:noon|midnight)\b", re.IGNORECASE)


def clock(m: Match) -> str:
    """2:00 PM -> 2 PM, 9:30 am -> 9:30 AM, 9:05 -> 9 oh 5, 14:00 -> 14 hundred."""
    hour, minute, ap = int(m["h"]), m["min"], (m["ap"] or "").upper()
    if m["sec"] and not ap:  # 3:30:15, a time taken: hours, minutes and seconds
        parts = [(hour, "hour"), (int(minute), "minute"), (int(m["sec"]), "second")]
        return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)
    suffix = f" {ap}M" if ap else ""
    if m["sec"] and int(m["sec"]):  # 12:30:45 PM: the seconds after the time they refine
        sec = int(m["sec"])
        seconds = f"{sec} second{'' if sec == 1 else 's'}"
        if minute == "00":
            return f"{hour}{suffix} and {seconds}"
        head = f"{hour} oh {minute[1]}" if minute[0] == "0" else f"{hour}:{minute}"
        return f"{head} and {seconds}{suffix}"
    if minute == "00":
        if ap or _NOON.match(m.string, m.end()):
            return f"{hour}{suffix}"
        return f"{hour} hundred" if hour >= 13 or hour == 0 else f"{hour} o'clock"
    if minute[0] == "0":
        return f"{hour} oh {minute[1]}{suffix}"
    return f"{hour}:{minute}{suffix}"


RATING = (
    r"(?<![\w./])(?P<n>\d+(?:\.\d+)?)\s?/\s?(?P<d>5|10|100)(?:\.0)?(?![\w/]|\.\w)"
    r"(?=(?P<after>\s+(?:stars?|rating|ratings|score|overall)\b)?)"
)


def rating(m: Match) -> str | None:
    """4.8/5 stars -> 4.8 out of 5 stars; a plain 3/5 is a fraction."""
    before = m.string[max(0, m.start() - 40) : m.start()].rstrip().rsplit(None, 1)
    cue = before[-1].lower().strip(":") if before else ""
    out_of = "." in m["n"] or m["after"] or cue in {"rated", "rating", "score", "scored"}
    out_of = out_of or m["n"] == m["d"]  # 10/10, 5/5: a full score, never "10 tenths"
    if out_of and float(m["n"]) <= int(m["d"]):
        return f"{m['n']} out of {m['d']}"
    return None


FRACTION = (
    r"(?<![\w./])(?:(?P<whole>\d+)(?:\s+|-))?(?P<n>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|\.\d)"
    r"(?P<mark>\s?(?:\"|”|″|''))?(?P<unit>\s?(?i:lbs?|oz|kg|tsp|tbsp|in|ft|mm|cm|gal|yd|mi)\b\.?)?"
    r"(?=(?P<next>\s+[A-Za-z]+)?)"
)


def fraction(m: Match) -> str | None:
    """4 1/2 -> 4 and a half, 3/8 -> 3 eighths, 1/4" -> a quarter inch, 5/8 inch -> 5 eighths
    inch; 1/2 alone stays "half" ("half price")."""
    n, d = int(m["n"]), int(m["d"])
    if d not in DENOMINATORS or not 0 < n < d:
        return None
    one, many = DENOMINATORS[d]
    if m["whole"]:
        article = "an" if one[0] in "aeio" else "a"  # "2 and an eighth"
        part = f"{article if n == 1 else n} {one if n == 1 else many}"
        text = f"{int(m['whole'])} and {part}"
    elif n == 1:
        text = "half" if d == 2 else f"a {one}" if d in (3, 4) else f"1 {one}"
    else:
        text = f"{n} {many}"
    if m["mark"]:
        plural = bool(m["whole"])
        follows = (m["next"] or "").strip()
        if follows and follows.lower() not in {"long", "wide", "thick", "tall", "deep", "of"}:
            plural = False
        text += " inches" if plural else " inch"
    elif m["unit"]:
        unit = m["unit"].strip().rstrip(".").lower()
        one_unit, many_units = UNITS.get(unit) or UNITS_ANY_CASE.get(unit) or ("inch", "inches")
        text += f" {many_units if m['whole'] else one_unit}"
    return text


_SIDE_UNIT = r"\"|”|″|''|['’′](?!(?![xX×]\d)\w)|(?:mm|cm|m|in|ft|yd|km)\b"
DIMENSIONS = (
    rf"(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s?(?P<ua>{_SIDE_UNIT})?"
    rf"\s?[x×X*]\s?(?P<b>\d+(?:\.\d+)?)\s?(?P<ub>{_SIDE_UNIT})?"
    rf"(?:\s?[x×X*]\s?(?P<c>\d+(?:\.\d+)?)\s?(?P<uc>{_SIDE_UNIT})?)?"
    r"(?!\w|\.\w)"
)
_QUOTES = {'"', "”", "″", "''"}
_FEET = {"'", "’", "′"}


def dimensions(m: Match) -> str | None:
    """20"x14"x12" -> 20 by 14 by 12 inches; 50 cm x 30 cm -> 50 by 30 cm (the unit said once
    when every side has it, each side its own when they differ)."""
    nums = [m[k] for k in "abc" if m[k]]
    units = [(m[f"u{k}"] or "") for k in "abc" if m[k]]
    units = ['"' if u in _QUOTES else "ft" if u in _FEET else u for u in units]
    known = {u for u in units if u}
    if any(u and u != '"' and u.lower() not in _DIM_UNIT_WORDS for u in units):
        return None
    word = {'"': "inches", "in": "inches", "ft": "feet", "yd": "yards"}
    after = _WORD_AFTER.match(m.string, m.end())
    follows = [after[1]] if after else []  # the next word only, not the rest of the text
    if follows and follows[0].isalpha() and follows[0].lower() not in PLURAL_FOLLOWERS:
        word = {'"': "inch", "in": "inch", "ft": "foot", "yd": "yard"}  # a 20 by 14 inch box
    if len(known) <= 1:
        unit = known.pop() if known else ""
        tail = word.get(unit, unit)
        return " by ".join(nums) + (f" {tail}" if tail else "")
    return " by ".join(f"{n} {word.get(u, u)}".strip() for n, u in zip(nums, units, strict=True))


_DIM_UNIT_WORDS = {"mm", "cm", "m", "in", "ft", "yd", "km"}
_WORD_AFTER = re.compile(r"\s*(\S+)")


def dimensions_sub(m: Match) -> str:
    return dimensions(m) or m[0]


MONEY_MAGNITUDE = (
    r"(?P<sym>"
    + "|".join(re.escape(c) for c in CURRENCY_SYMBOLS)
    + r"|\b(?:"
    + "|".join(CURRENCY_CODES)
    + r"))\s?(?P<n>\d+(?:\.\d+)?)\s?"
    r"(?P<mag>thousand|million|billion|trillion|lakh|crore|[kK]|[mM][mn]?|[bB]n?)(?![\w])"
)


def money_magnitude(m: Match) -> str:
    """$1.5M, $2.5 million -> 1.5 million dollars; $10K -> 10 thousand dollars."""
    mag = m["mag"].lower()
    mag = MAGNITUDES.get(mag, mag)
    return f"{m['n']} {mag} {CURRENCIES[m['sym']][1]}"


COUNT_MAGNITUDE = (
    r"(?<![\w.$€£¥-])(?P<n>\d{1,3}(?:\.\d+)?)(?P<mag>[kKmMbB])(?P<plus>\+)?(?![\w])"
    r"(?=(?P<next>\s+[\w-]+)?)"
)


_KARAT_FOLLOWERS = {"gold", "white", "yellow", "rose", "solid"}
_RACE_FOLLOWERS = {"run", "runs", "race", "races", "walk", "fun", "trail", "runner", "runners"}


def count_magnitude(m: Match) -> str:
    """10k+ reviews -> 10 thousand plus reviews, 2.5K -> 2.5 thousand; 4K stays a screen and
    2M a length unless it counts something ("2M downloads")."""
    mag, number = m["mag"], m["n"]
    follows = (m["next"] or "").strip().lower()
    counted = bool(m["plus"]) or follows in COUNTED
    if mag == "M" and not counted and _measured(m.string, m.start()):
        return f"{number} {'meter' if number == '1' else 'meters'}"  # Cable length: 1.2M
    if mag in "kK" and follows in _KARAT_FOLLOWERS:
        return f"{number} karat"  # 14K gold
    if mag in "kK" and follows in _RACE_FOLLOWERS:
        return f"{number} K"  # a 10K run: the distance, said "ten K"
    if mag in "kK":
        if mag == "K" and "." not in number and not counted and int(number) < 10:
            return m[0]  # 4K, 8K: a resolution
    elif not counted and not ("." in number and (mag == "B" or (mag == "M" and not follows))):
        return m[0]  # 2M cable; but 1.2M and 1.5B alone are counts
    return f"{number} {MAGNITUDES[mag.lower()]}{' plus' if m['plus'] else ''}"


_CLAUSE_WORDS = re.compile(r"[A-Za-z]+")


def _measured(text: str, start: int) -> bool:
    """Whether a word of length comes shortly before, in the same clause ("Cable length:")."""
    before = text[max(0, start - 30) : start]
    clause = re.split(r"[.;!?,]", before)[-1]
    return any(w.lower() in LENGTH_CUES for w in _CLAUSE_WORDS.findall(clause))


RESOLUTION = r"(?<![\w.])(?P<n>\d{3,4})(?P<p>[pi])(?P<rate>[1-9]\d{1,2})?\b"


def resolution(m: Match) -> str:
    """1080p -> 10 80 p ("ten eighty p"), 720p -> 7 20 p, 1080p60 -> 10 80 p 60."""
    rate = f" {m['rate']}" if m["rate"] else ""
    return f"{paired_digits(m['n'])} {m['p']}{rate}"


QUANTITY = r"(?<![\w.])(?P<n>\d{1,3}(?:\.\d+)?)\s?[xX×](?=\s+(?P<next>[\w-]+))"


def quantity(m: Match) -> str:
    """2x AA batteries -> 2 AA batteries; 3x faster -> 3 times faster."""
    nxt = m["next"].lower()
    if nxt in TIMES_FOLLOWERS or nxt.endswith("er") or "." in m["n"]:
        return f"{m['n']} times"
    return m["n"]


SERIAL = r"\b(?P<cue>SKU|[Mm]odel|[Pp]art|[Ii]tem|Ref|Style|Art|MPN|UPC|[Ss]erial)(?P<sep>[:#.]?\s*(?:[Nn]o\.?|[Nn]umber|#)?\s*)(?P<code>[A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*)\b"


def _code_words(code: str) -> str:
    """AB1234 -> A-B 12 34; XB-450 -> X-B 4 50; letters named, digits grouped in pairs."""
    parts = re.findall(r"[A-Za-z]+|\d+", code)
    out = []
    for part in parts:
        if part.isdigit():
            if len(part) <= 4:
                out.append(paired_digits(part) if len(part) >= 3 else str(int(part)))
            else:
                out.append(" ".join(part))
        elif part.isupper() or len(part) <= 3:
            out.append(spelled_letters(part))
        else:
            out.append(part)
    return " ".join(out)


def serial(m: Match) -> str:
    return f"{m['cue']} {_code_words(m['code'])}"


# an all-caps product line followed by a four-digit model number: RTX 4090, GTX 1660
MODEL_NUMBER = (
    r"\b(?P<line>[A-Z]{2,5})\s(?P<n>[1-9]\d{3})(?![\w:/%°\"'’-]|[.,]\w)"
    r"(?!\s?(?:mm|cm|m|in|ft|W|V|mAh|Hz|MB|GB|TB|lbs?|kg|g|oz|[KkMm]|sq)\b)"
)


_NOT_A_LINE = {"AM", "PM", "TO", "IN", "OF", "FOR", "ON", "AT", "BY", "UP", "AND", "OR", "THE"}
_NOT_A_LINE |= {"OVER", "ONLY", "SAVE", "FROM", "SINCE", "WITH", "NOW", "JUST", *CURRENCY_CODES}


def model_number(m: Match) -> str:
    if m["line"] in _NOT_A_LINE:
        return m[0]
    return f"{m['line']} {paired_digits(m['n'])}"


URL = (
    r"(?<![\w.@-])(?:https?://)?(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|us|uk|de|"
    r"shop|store|app|ca|au|info|biz|me|tv|ai|dev|eu|fr|nz|ie|es|it|nl|xyz|online|site|tech|edu|gov|"
    r"ly|gl|gg|link|club|jp|cn|ru|br|mx|ch|dk|pl))"
    r"(?P<path>/[\w/.-]*(?<!\.))?(?P<query>\?[\w=&%+.-]*[\w=])?(?!\w|\.\w)"
)
# two-letter domains the voice would read as a word ("io" as "ee-oh", "de" as "duh"): spelled
_SPELLED_DOMAINS = {"io", "de", "us", "uk", "ca", "au", "ai", "eu", "fr", "nz", "ie", "es", "it"}
_SPELLED_DOMAINS |= {"nl", "in", "ly", "gg", "tv", "gl", "jp", "cn", "ru", "br", "mx", "ch", "dk"}
_SPELLED_DOMAINS |= {"pl"}
EMAIL = r"(?<![\w.+-])(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)\b"


def _label(label: str, last: bool = False) -> str:
    """A part of an address as the voice should say it: a single letter by its name ("a.io"
    is "eh dot I O"), a country's two letters spelled."""
    if len(label) == 1 and label.isalpha():
        return letter_name(label)
    if last and label in _SPELLED_DOMAINS:
        return spelled_letters(label, " ")
    return label


def _dotted(host: str) -> str:
    labels = host.split(".")
    return " dot ".join(_label(x, i == len(labels) - 1) for i, x in enumerate(labels))


def url(m: Match) -> str:
    """shop.example.com/deals -> shop dot example dot com slash deals; a query after it is read
    out ("?id=12&ref=ad" -> question mark id equals 12 and ref equals ad)."""
    text = _dotted(m["host"].lower())
    path = (m["path"] or "").strip("/")
    if path:
        parts = [_dotted(p.replace("-", " ")) for p in path.split("/") if p]
        text += " slash " + " slash ".join(parts)
    if m["query"]:
        pairs = [p.replace("=", " equals ") for p in m["query"][1:].split("&") if p]
        text += " question mark " + " and ".join(pairs)
    return text


def email(m: Match) -> str:
    user = " dot ".join(_label(x) for x in m["user"].split("."))
    return f"{user} at {_dotted(m['host'].lower())}"


# "#BlackFriday" is read "Black Friday", "@my_shop" "at my shop"
HASHTAG = r"(?<![\w#&])(?P<sign>[#@])(?P<tag>[A-Za-z][A-Za-z0-9_]*)\b"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_+")


def hashtag(m: Match) -> str:
    words = " ".join(w for w in _CAMEL.split(m["tag"]) if w)
    return f"at {words}" if m["sign"] == "@" else words


# Telephone numbers, read digit by digit in their groups: "(555) 123-4567", "1-800-555-0199",
# "+44 20 7946 0958". North American numbers need their separators (a bare 10-digit run is a
# count or a code); international ones start with "+" and hold 8 to 15 digits.
PHONE_NANP = (
    r"(?<![\w+.,/])(?P<cc>\+?1[\s.-])?(?P<area>\(\d{3}\)\s?|\d{3}[\s.-])(?P<ex>\d{3})[\s.-]"
    r"(?P<line>\d{4})(?![\w/-]|[.,]\d)"
)
PHONE_INTERNATIONAL = (
    r"(?<![\w+])\+(?P<cc>\d{1,3})(?P<rest>(?:[\s.-]?\(?\d{1,5}\)?){2,6})(?![\w-]|[.,]\w)"
)


def _digits(group: str) -> str:
    return " ".join(ch for ch in group if ch.isdigit())


# A seven-digit local number, only where the text says it is one: "Call 555-1234".
PHONE_LOCAL = (
    r"\b(?P<cue>call|phone|tel\.?|telephone|fax|text|whatsapp)(?P<sep>:?\s+(?:us\s+)?(?:at\s+)?)"
    r"(?P<ex>\d{3})[\s.-](?P<line>\d{4})(?![\w/-]|[.,]\d)"
)
ISBN = r"\b(?P<cue>ISBN(?:-1[03])?):?\s?(?P<code>\d[\d -]{8,15}[\dX])\b"


def phone_local(m: Match) -> str:
    return f"{m['cue']}{m['sep']}{_digits(m['ex'])}, {_digits(m['line'])}"


def isbn(m: Match) -> str:
    groups = [g for g in re.split(r"[\s-]+", m["code"]) if g]
    return "I S B N " + ", ".join(" ".join(g) for g in groups)


def phone_nanp(m: Match) -> str:
    groups = [m["area"], m["ex"], m["line"]]
    if m["cc"]:
        groups.insert(0, "1")
    return ", ".join(_digits(g) for g in groups)


def phone_international(m: Match) -> str:
    groups = [g for g in re.split(r"[\s.()-]+", m["rest"]) if g]
    if not 8 <= len(m["cc"]) + sum(len(g) for g in groups) <= 15:
        return m[0]
    return "plus " + ", ".join(_digits(g) for g in [m["cc"], *groups])


# Decades and round hundreds in the plural: "the 80s", "'90s", "100s of uses".
DECADE = r"(?<![\w.])['’]?(?P<n>[1-9]0|100|1000)['’]?s\b"
_DECADES = {
    "10": "tens",
    "20": "twenties",
    "30": "thirties",
    "40": "forties",
    "50": "fifties",
    "60": "sixties",
    "70": "seventies",
    "80": "eighties",
    "90": "nineties",
    "100": "hundreds",
    "1000": "thousands",
}


def decade(m: Match) -> str:
    return _DECADES[m["n"]]


# Roman numerals after a word that numbers things: "Chapter IV", "World War II", "Gen III".
ROMAN_AFTER = (
    r"\b(?P<cue>Chapter|Part|Volume|Vol\.|Book|Series|Season|War|Phase|Level|Mark|Mk|"
    r"Episode|Generation|Gen|Act|Stage|Grade|Type|Class|Tier)\s(?P<roman>[IVX]{1,5})\b(?!['’.-]\w)"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


_LETTER_NAMES = {"Series", "Gen", "Generation", "Type", "Class", "Mark", "Mk", "Tier", "Grade"}


def roman_value(roman: str) -> int:
    """XIV -> 14."""
    value, last = 0, 0
    for ch in reversed(roman):
        v = _ROMAN[ch]
        value += -v if v < last else v
        last = max(last, v)
    return value


def roman_after(m: Match) -> str:
    value = roman_value(m["roman"])
    if not 1 <= value <= 30 or (m["roman"] == "X" and m["cue"] in _LETTER_NAMES):
        return m[0]  # "Series X", "Gen X": a letter in a name
    return f"{m['cue']} {value}"


# Two or more roman letters after a capitalised name: a sequel or a monarch ("Rocky II",
# "Henry VIII"). A lone I, V or X is a word or a letter ("I", "Model X").
ROMAN_AFTER_NAME = (
    r"(?<![\w.])(?P<name>[A-Z][a-z]+)\s(?P<roman>(?=[IVX]{2}|L[IVX]{2})L?X{0,3}(?:IX|IV|VI{0,3}|I{1,3})?)"
    r"(?![\w'’-]|\.\w)"
)
REGNAL = {"Henry", "Edward", "George", "William", "Elizabeth", "Louis", "Charles", "James"}
REGNAL |= {"Richard", "Mary", "Victoria", "Philip", "Frederick", "Peter", "Catherine", "Leo"}
REGNAL |= {"Benedict", "Pius", "Gregory", "Clement", "Innocent", "Nicholas", "Alexander"}
REGNAL |= {"Paul", "John", "Urban", "Sixtus", "Edmund", "Harold", "Stephen", "Anne"}
REGNAL_NAMES = "|".join(sorted(REGNAL))


def roman_after_name(m: Match) -> str:
    """Rocky II -> Rocky 2; Henry VIII -> Henry the 8th (a monarch's or pope's number)."""
    value = roman_value(m["roman"])
    if m["name"] in REGNAL:
        return f"{m['name']} the {ordinal_suffix(value)}"
    return f"{m['name']} {value}"


# Day ranges: "Mon-Fri", "Tue–Sat", "Mon.-Sun."
_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "tues": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "thur": "Thursday",
    "thurs": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_DAY = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:day)?\.?"
DAY_RANGE = rf"\b(?P<a>{_DAY})\s?[-–]\s?(?P<b>{_DAY})(?!\w)"


def _day(word: str) -> str:
    key = word.rstrip(".").lower()
    key = key[: -len("day")] if key.endswith("day") else key
    return _DAYS.get(key, word)


def day_range(m: Match) -> str:
    return f"{_day(m['a'])} to {_day(m['b'])}"


# A short weekday before a date: "Arrives Tue, 3/18", "Sat. Jan 4" (the voice says "Tue" as
# "too" and "Mon" as a word). Capitalised or in capitals, and only before a date.
DAY_BEFORE_DATE = (
    r"\b(?P<d>Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUES?|WED|THU(?:RS?)?|FRI|SAT|SUN)\.?"
    rf"(?=,?\s(?:{_MONTH_ALT}\b|(?i:{_MONTH_ALT})\.?\s\d|[01]?\d[/.-][0-3]?\d\b))"
)


def day_before_date(m: Match) -> str:
    return _day(m["d"])
