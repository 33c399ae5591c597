"""Numbers the voice would misread as digits, written out: years, clock minutes, model numbers.

The voice reads plain cardinals and decimals well ("1299", "4.8"), so the normaliser keeps those
as digits; these helpers cover the readings that depend on what a number is, not its value:
1985 as a year is "nineteen eighty-five", 4090 in "RTX 4090" is "40 90", 9:05 is "9 oh 5".
"""

from __future__ import annotations

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_hundred(n: int) -> str:
    """0..99 in words, hyphenated the way style guides write them ("twenty-three")."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def year_words(year: int) -> str:
    """1985 -> nineteen eighty-five, 2005 -> two thousand five, 2012 -> twenty twelve,
    1900 -> nineteen hundred, 1905 -> nineteen oh five."""
    hi, lo = divmod(year, 100)
    if year < 1000 or year >= 10000:
        return str(year)
    if 2000 <= year <= 2009:
        return "two thousand" + (f" {_ONES[lo]}" if lo else "")
    if lo == 0:
        return f"{below_hundred(hi)} hundred"
    if lo < 10:
        return f"{below_hundred(hi)} oh {_ONES[lo]}"
    return f"{below_hundred(hi)} {below_hundred(lo)}"


def paired_digits(digits: str) -> str:
    """A model number's digits as a seller says them: 4090 -> "40 90", 3200 -> "32 hundred",
    2000 -> "2 thousand",
    1080 -> "10 80", 1005 -> "10 oh 5", 720 -> "7 20"; other lengths digit by digit."""
    if len(digits) == 4 and digits[0] != "0" and digits[1:] == "000":
        return f"{digits[0]} thousand"  # XJ-2000: "two thousand", not "twenty hundred"
    if len(digits) in (3, 4) and digits[0] != "0":
        head, tail = digits[:-2], digits[-2:]
        if tail == "00":
            return f"{head} hundred"
        if tail[0] == "0":
            return f"{head} oh {tail[1]}"
        return f"{head} {tail}"
    if len(digits) <= 2:
        return str(int(digits)) if digits[0] != "0" or len(digits) == 1 else " ".join(digits)
    return " ".join(digits)


def ordinal_suffix(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 11 -> 11th, 23 -> 23rd: the voice reads these as ordinals."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# The name of the letter A as the voice says it: a lone "A" (even hyphenated, "X-A 12") before a
# word is read as the article ("uh"); "eh" is read "ay" wherever it stands.
LETTER_A = "eh"


def letter_name(letter: str) -> str:
    """A letter as it is named when spelled: "A" -> "eh", "b" -> "B"."""
    return LETTER_A if letter in "Aa" else letter.upper()


def spelled_letters(letters: str, sep: str = "-") -> str:
    """Letters of a code read one by one: "AB" -> "eh-B" (the voice reads "AB" as a word, and a
    lone "A" as the article; joined by hyphens each is named)."""
    return sep.join(letter_name(ch) for ch in letters)
