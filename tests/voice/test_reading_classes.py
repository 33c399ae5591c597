"""The normaliser by reading class (money, measure, cardinal, ... electronic, whitelist,
listing phrases): the words it gives, the phonemes the voice speaks for a sample, and that
normalising twice changes nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.voice.normalize import normalize_for_speech
from tests.voice.reading_cases import CASES

TABLE = [(cls, text, spoken) for cls, cases in CASES.items() for text, spoken in cases]


@pytest.mark.parametrize("cls, text, spoken", TABLE, ids=[f"{c}:{t}" for c, t, _ in TABLE])
def test_reading(cls: str, text: str, spoken: str) -> None:
    assert normalize_for_speech(text) == spoken


@pytest.mark.parametrize("cls, text, spoken", TABLE, ids=[f"{c}:{t}" for c, t, _ in TABLE])
def test_reading_is_stable(cls: str, text: str, spoken: str) -> None:
    assert normalize_for_speech(spoken) == spoken


_PIECES = st.sampled_from([t for _, t, _ in TABLE] + ["and", "only", "with", ",", "for", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=5).map(" ".join))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_for_speech(text)
    assert normalize_for_speech(once) == once


# Fragments listing copy is made of, glued in any order and without spaces: no reading of
# such a string may be read differently a second time (a rule exposing work for an earlier one).
_FRAGMENTS = st.sampled_from(
    [*"0123456789$%/x.,:-+#&@\"' kKmMpP", "in", "cm", "lb", "oz", "mAh", "GB", "No.", "Dec."]
    + ["pcs", "2x", "USB-C", "1080p", "½", "°F", "€", "x2", "/lb", "k+", "4.8/5", "2:00 PM"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FRAGMENTS, min_size=1, max_size=12).map("".join))
def test_any_string_of_listing_fragments_reads_the_same_twice(text: str) -> None:
    once = normalize_for_speech(text)
    assert normalize_for_speech(once) == once


# What the voice must say, written out in words: the phonemes of the normalised listing text
# must be those of this reading (stress and word breaks aside).
SPOKEN = [
    ("Arrives Tue, 3/18", "arrives tuesday, march eighteenth"),
    ('20"x14"x12"', "twenty by fourteen by twelve inches"),
    ("50 cm x 30 cm", "fifty by thirty centimeters"),
    ("4 1/2 inches", "four and a half inches"),
    ("3/8 inch", "three eighths inch"),
    ("$1.99/lb", "one dollar ninety-nine per pound"),
    ("$0.25/oz", "twenty-five cents per ounce"),
    ("4.8/5 stars", "four point eight out of five stars"),
    ("2:00 PM", "two PM"),
    ("9:30 am", "nine thirty AM"),
    ("9:05 AM", "nine oh five AM"),
    ("10k+ reviews", "ten thousand plus reviews"),
    ("2.5K", "two point five thousand"),
    ("$1.5M", "one point five million dollars"),
    ("$2.5 million", "two point five million dollars"),
    ("1080p", "ten eighty p"),
    ("No. 1", "number one"),
    ("Since 1985", "since nineteen eighty-five"),
    ("Dec. 24", "December twenty-fourth"),
    ("July 25 2012", "July twenty-fifth, twenty twelve"),
    ("2x AA batteries", "two AA batteries"),
    ("RTX 4090", "RTX forty ninety"),
    ("10Gbps", "ten gigabits per second"),
    ("and/or", "and or"),
    ("example.com", "example dot com"),
    ("12/25/2023", "December twenty-fifth, twenty twenty-three"),
    ("Ships in 3-5 days", "ships in three to five days"),
    ("₹499", "four hundred ninety-nine rupees"),
    ("EUR 27,50", "twenty-seven euros fifty"),
    ("60fps", "sixty frames per second"),
    ("1000mcg", "one thousand micrograms"),
    ("IPX7", "I P X seven"),
    ("LED lamp", "L E D lamp"),
    ("bright LEDs", "bright L E D's"),
    ("ANC headphones", "A-N-C headphones"),
    ("USB-A cable", "U S B A-cable"),
    ("A+ rated", "A-plus rated"),
    ("TVs", "tee vees"),
    ("MKII", "mark two"),
    ("Super Bowl LVIII", "super bowl fifty-eight"),
    ("iPhone X", "iPhone ten"),
    ("Ford F-150", "Ford F one fifty"),
    ("99c each", "ninety-nine cents each"),
    ("2 x 1000 mAh", "two times one thousand milliamp hours"),
    ("Cable length: 1.2M", "cable length: one point two meters"),
    ("5kg-10kg", "five kilograms to ten kilograms"),
    ("9.8 m/s²", "nine point eight meters per second squared"),
    ("1 000 000", "one million"),
    ("1,00,000", "one hundred thousand"),
    ("3,5 kg", "three point five kilograms"),
    ("Time 3:30:15", "time three hours thirty minutes fifteen seconds"),
    ("1h30", "one hour thirty minutes"),
    ("https://a.io", "A-dot I O"),
    ("info@brand.de", "info at brand dot D-E"),
    ("#BlackFriday deals", "black friday deals"),
    ("1/8000 sec", "one eight thousandth of a second"),
    ("1080p60", "ten eighty p sixty"),
    ("4:2:2", "four two two"),
    ("14K gold", "fourteen karat gold"),
    ("3/$10", "three for ten dollars"),
    ("$5K-$10K", "five thousand dollars to ten thousand dollars"),
    ('13"-15.6" laptops', "thirteen to fifteen point six inch laptops"),
    ("L x W x H", "length by width by height"),
    ("approx 2 hours", "approximately two hours"),
    ("Call (555) 123-4567", "call five five five, one two three, four five six seven"),
    ("the 80s", "the eighties"),
    ("World War II", "World War two"),
    ("> 90%", "more than ninety percent"),
    ("Mon-Fri", "Monday to Friday"),
    ("15/03/2025", "the fifteenth of March, twenty twenty-five"),
    ("99p", "ninety-nine pence"),
    ("i7-13700K", "i seven thirteen thousand seven hundred K"),
    (".5 mm nib", "zero point five millimeter nib"),
    ("¾ inch", "three quarters inch"),
    ("⅓ cup sugar", "a third cup sugar"),
    ("1.2M", "one point two million"),
    ("10/10", "ten out of ten"),
    ("1:100 scale", "one to one hundred scale"),
    ("1/15/24", "January fifteenth, twenty twenty-four"),
    ("Jan 15-20", "January fifteenth to twentieth"),
    ("Q3 2024", "Q three twenty twenty-four"),
    ("FY2025", "F Y twenty twenty-five"),
    ("0900 hrs", "oh nine hundred hours"),
    ("Henry VIII", "Henry the eighth"),
    ("Rocky II", "Rocky two"),
    ("Ms. Lee", "Miz Lee"),
    ("Hwy 101", "highway one hundred one"),
    ("N/A", "not applicable"),
    ("Size 10 W", "size ten wide"),
    ("32W x 30L jeans", "thirty-two waist by thirty length jeans"),
    ("6-12M romper", "six to twelve months romper"),
    ("6-ft ladder", "six foot ladder"),
    ("27in monitor", "twenty-seven inch monitor"),
    ("1000 IU vitamin D", "one thousand I U vitamin D"),
    ("Omega 3-6-9", "omega three six nine"),
    ("mid-2000s", "mid two thousands"),
    ("Washington, DC 20500", "Washington, D C two zero five zero zero"),
    ("TRY IT NOW", "try it now"),
    ("12:30:45 PM", "twelve thirty and forty-five seconds PM"),
    ("Lap 5/10", "lap five of ten"),
    ("30' x 40' tarp", "thirty by forty foot tarp"),
    ("R-410A", "R four ten eh"),
    ("C# developer", "C sharp developer"),
    (".NET 8 runtime", "dot net eight runtime"),
    ("FAQs", "F eh Q's"),
    ("€1.234,56", "one thousand two hundred thirty-four euros fifty-six"),
    ("9 AM ET", "nine AM E T"),
    ("IP 192.168.1.1", "I P one nine two dot one six eight dot one dot one"),
    ("+5 dB", "plus five decibels"),
    ("from 2020 to 2023", "from twenty twenty to twenty twenty-three"),
    ("Founded in 2009.", "founded in two thousand nine"),
    ("PO Box 12", "P O box twelve"),
    ("Springfield, IL 62704", "Springfield, Illinois six two seven zero four"),
]


def _bare(phonemes: list[list[str]]) -> str:
    return re.sub(r"[ˈˌ\s.,!?;:ʲ]", "", "".join("".join(s) for s in phonemes))


@pytest.mark.slow
@pytest.mark.parametrize("text, words", SPOKEN)
def test_the_voice_says_it_as_written_out(text: str, words: str) -> None:
    from studio.core.model import DEFAULT_VOICE
    from studio.voice.engine import get_engine
    from studio.voice.takes import spoken_text_for

    engine = get_engine(DEFAULT_VOICE)
    engine.load()  # type: ignore[attr-defined]
    voice = engine._voice  # type: ignore[attr-defined]
    heard = voice.phonemize(spoken_text_for(text, engine))
    wanted = voice.phonemize(words)
    assert _bare(heard) == _bare(wanted)
