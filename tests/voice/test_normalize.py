"""The speech normaliser, as a table of listing copy and how the voice should read it."""

from __future__ import annotations

import pytest

from studio.voice.normalize import normalize_for_speech, speakable_for

CASES = [
    # prices: "N dollars CC", whole amounts "N dollars", cents 1-9 spelled out
    ("$19.99", "19 dollars 99"),
    # a spaced em dash is a pause, never a range
    ("Only $19.99 — 5000mAh", "Only 19 dollars 99, 5000 milliamp hours"),
    ("Fits 10 — 20 more", "Fits 10, 20 more"),
    ("$20", "20 dollars"),
    ("$20.00", "20 dollars"),
    ("$1", "1 dollar"),
    ("$0.99", "99 cents"),
    ("$5.05", "5 dollars and 5 cents"),
    ("$1,299.00", "1299 dollars"),
    ("€49.99", "49 euros 99"),
    ("£5", "5 pounds"),
    ("price: USD 25", "price: 25 dollars"),
    ("Only $10-$20 today", "Only 10 to 20 dollars today"),
    ("$5/month", "5 dollars per month"),
    # percentages, ampersands, multipliers, dimensions
    ("50% off", "50 percent off"),
    ("Save 30 %!!!", "Save 30 percent!"),
    ("Fast & easy", "Fast and easy"),
    ("3x faster", "3 times faster"),
    ("2.5X zoom", "2.5 times zoom"),
    ("10x20x5 cm", "10 by 20 by 5 centimeters"),
    # inches and feet; a closing quotation mark is not an inch mark
    ('15.6" screen', "15.6 inch screen"),
    ("6'2\" tall", "6 feet 2 inches tall"),
    ('a 1" button', "a 1 inch button"),
    ('rated "top 10" by users', 'rated "top 10" by users'),
    ("a 3' cable", "a 3 foot cable"),
    # units: plural at the end of a phrase, singular before a noun
    ("10000mAh", "10000 milliamp hours"),
    ("10,000 mAh power bank", "10000 milliamp hour power bank"),
    ("65W charger", "65 watt charger"),
    ("12 oz", "12 ounces"),
    ("30cm long", "30 centimeters long"),
    ("2.5kg", "2.5 kilograms"),
    ("2 lbs", "2 pounds"),
    ("1 lb", "1 pound"),
    ("1.5 L kettle", "1.5 liter kettle"),
    ("Ships in 2 hrs", "Ships in 2 hours"),
    ("-5°C to 40°C", "minus 5 degrees Celsius to 40 degrees Celsius"),
    ("5G ready", "5G ready"),  # not grams
    # combos and ranges
    ("5-in-1 cleaner", "5 in 1 cleaner"),
    ("3-5 days", "3 to 5 days"),
    ("10+ hours", "10 plus hours"),
    ("★★★★★ Rated #1", "Rated number 1"),
    ("Works w/ iPhone", "Works with iPhone"),
    ("on/off switch", "on or off switch"),
    ("Bluetooth 5.3 | USB-C", "Bluetooth 5.3, USB-C"),
    # emoji, bullets, decoration, whitespace
    ("🚀 Fast charging 🔥", "Fast charging"),
    ("👍🏽 Great", "Great"),
    ("❤️ Love it", "Love it"),
    ("🇺🇸 Made in USA", "Made in USA"),
    ("Made for you™", "Made for you"),
    ("• Waterproof\n• Lightweight\n✔ 2-year warranty", "Waterproof. Lightweight. 2-year warranty."),
    ("- Fast\n* Light", "Fast. Light."),
    ("1. Fast\n2. Light", "Fast. Light."),
    ("  lots   of\tspace  ", "lots of space"),
    ("Noise — gone", "Noise, gone"),
    # issue 5's list: currencies, packs, dimensions, units, screens, model numbers, symbols
    ("€5", "5 euros"),
    ("¥299", "299 yen"),
    ("¥1,299", "1299 yen"),
    ("$9.99/mo", "9 dollars 99 per month"),
    ("2-pack", "2 pack"),
    ("12-count box", "12 count box"),
    ('H 20" x W 14" x D 12"', "height 20 inches by width 14 inches by depth 12 inches"),
    ("W 30cm x H 40cm", "width 30 centimeters by height 40 centimeters"),
    ("1.5L", "1.5 liters"),
    ("1.5L bottle", "1.5 liter bottle"),
    ("5000mAh", "5000 milliamp hours"),
    ("3.5mm jack", "3.5 millimeter jack"),
    ("8GB RAM", "8 gigabyte RAM"),
    ("120 Hz display", "120 hertz display"),
    ("4K HDR display", "4 K HDR display"),
    ("1080p", "10 80 p"),  # "ten eighty p", as the format is said
    ("0.5% fat", "0.5 percent fat"),
    ("XR-200 headphones", "XR 200 headphones"),
    ("Sony® WH-1000XM5", "Sony WH-1000XM5"),
    ("Wi-Fi + Bluetooth", "WiFi plus Bluetooth"),
    ("5W+5W speakers", "5 watts plus 5 watt speakers"),
    ("A+ rated", "eh plus rated"),  # the letter, not the article "uh"
    ("Works with iOS/Android", "Works with iOS or Android"),
    ("1/2 price", "half price"),
    ("Heats to 450°F", "Heats to 450 degrees Fahrenheit"),
    ("approx. 2 hours", "approximately 2 hours"),
    ("incl. carry case", "including carry case"),
    ("Carry case incl.", "Carry case included"),
    ("Open 9am-5pm", "Open 9 AM to 5 PM"),
    ("✅ Certified", "Certified"),
    ("› Fast\n» Light", "Fast. Light."),
    # nothing to say
    ("😀", ""),
    ("   ", ""),
    ("", ""),
    ("★ ✔ •", ""),
    # look-alikes of a newer reading, left as written: a duration in hours, the pronoun I,
    # a shoe size, a name that is a letter
    ("2000 hours of light", "2000 hours of light"),
    ("I love it", "I love it"),
    ("US 10.5", "US 10.5"),
    ("Gen X", "Gen X"),
    ("SHIPS FROM US WAREHOUSE", "SHIPS FROM US WAREHOUSE"),
    # look-alikes of the letter readings: an initialism read as a word, a file type, sizes and
    # trim names that are not roman numerals, the article A, a two-digit model
    ("SIMs", "SIMs"),
    ("MKV file", "MKV file"),
    ("Shirt XXL", "Shirt XXL"),
    ("Honda LX", "Honda LX"),
    ("A great gift", "A great gift"),
    ("A GREAT GIFT", "A GREAT GIFT"),
    ("B-52", "B 52"),
    # look-alikes of the measure readings: a count that is not a length, a size that is,
    # two numbers after a word, a list of decimals
    ("1.2M views", "1.2 million views"),
    ("10 x 20 cm", "10 by 20 centimeters"),
    ("Pack of 2 100", "Pack of 2 100"),
    ("1,234 items", "1234 items"),
    # look-alikes of hashtags and handles: a number sign, an "at" between amounts
    ("#1 seller", "number 1 seller"),
    ("4K@120Hz", "4 K at 120 hertz"),
    # other scripts pass through the normaliser untouched
    ("超长续航", "超长续航"),
    ("超长续航，快速充电", "超长续航，快速充电"),
]


@pytest.mark.parametrize("text, spoken", CASES)
def test_normalize_for_speech(text: str, spoken: str) -> None:
    assert normalize_for_speech(text) == spoken


def test_normalising_twice_changes_nothing() -> None:
    for text, _ in CASES:
        once = normalize_for_speech(text)
        assert normalize_for_speech(once) == once, text


def test_other_languages_get_only_the_neutral_steps() -> None:
    assert normalize_for_speech("🚀 $19.99 & more", lang="zh") == "$19.99 & more"


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("超长续航", "en_US", ""),
        ("Hello 超长续航 world。", "en_US", "Hello world."),
        ("超长续航", "zh_CN", "超长续航"),
        ("Café naïve", "en_US", "Café naïve"),
        ("Привет world", "en", "world"),
        ("...", "en_US", ""),
        ("１００％ cotton", "en_US", "100% cotton"),
    ],
)
def test_speakable_for(text: str, language: str, expected: str) -> None:
    assert speakable_for(text, language) == expected
