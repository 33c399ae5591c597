"""The word tables behind the speech normaliser: currencies, units, abbreviations.

Data only, so extending what the voice can read (more units, other currencies, a language's
own tables) is an edit here, not new code in ``normalize``.
"""
from __future__ import annotations

# symbol -> (one, many, cent one, cent many); no cents: None
CURRENCIES: dict[str, tuple[str, str, str | None, str | None]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("dollar", "dollars", "cent", "cents"),
    "USD": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "GBP": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", None, None),
}

# unit as written -> (one, many). Keys are matched case-sensitively first, then lower-cased
# keys in UNITS_ANY_CASE; "g" and "m" stay case-sensitive so "5G" and "2M" are not grams/metres.
UNITS: dict[str, tuple[str, str]] = {
    "mAh": ("milliamp hour", "milliamp hours"),
    "Wh": ("watt hour", "watt hours"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "V": ("volt", "volts"),
    "A": ("amp", "amps"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "dB": ("decibel", "decibels"),
    "oz": ("ounce", "ounces"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "mm": ("millimeter", "millimeters"),
    "cm": ("centimeter", "centimeters"),
    "m": ("meter", "meters"),
    "km": ("kilometer", "kilometers"),
    "ft": ("foot", "feet"),
    "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"),
    "L": ("liter", "liters"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "h": ("hour", "hours"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "sec": ("second", "seconds"),
    "pcs": ("piece", "pieces"),
    "pc": ("piece", "pieces"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
    "m²": ("square meter", "square meters"),
    "cm²": ("square centimeter", "square centimeters"),
    "ft²": ("square foot", "square feet"),
    "sq ft": ("square foot", "square feet"),
    "m³": ("cubic meter", "cubic meters"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
UNITS_ANY_CASE = {k.lower(): v for k, v in UNITS.items() if k not in {"g", "m", "A", "L", "h"}}

# words that read badly as written -> what to say
ABBREVIATIONS: dict[str, str] = {
    "w/o": "without",
    "w/": "with",
    "vs.": "versus",
    "vs": "versus",
    "approx.": "approximately",
    "incl.": "including",
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "24/7": "24 7",
    "Wi-Fi": "WiFi",
}

PER = {"month": "month", "mo": "month", "year": "year", "yr": "year", "day": "day", "week": "week",
       "wk": "week", "pack": "pack", "piece": "piece", "pc": "piece", "unit": "unit", "each": "each"}

# After a measurement, these words keep the unit plural ("30 centimeters long", "2 hours of
# music"); any other following word makes it an adjective, singular ("65 watt charger").
PLURAL_FOLLOWERS = {
    "of", "and", "or", "to", "in", "on", "at", "for", "with", "without", "per", "from", "by",
    "long", "wide", "tall", "high", "deep", "thick", "away", "apart", "across", "each", "max",
    "maximum", "min", "minimum", "total", "more", "less", "than", "ago", "later", "is", "are",
    "only", "a", "an", "the", "off", "up", "plus", "after", "before", "when", "so",
}

# Scripts a voice of a language family can pronounce; other letters are dropped before synthesis
# (espeak's English voice would otherwise read each Chinese character as "Chinese letter").
LATIN_FAMILIES = {
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "fi", "pl", "cs", "sk",
    "ro", "hu", "tr", "ca", "cy", "is", "id", "ms", "vi", "sw", "lb", "sl", "hr", "lv", "lt",
}
