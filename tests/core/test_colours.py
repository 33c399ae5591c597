"""Colours as sellers write them, and a bad one named in one short line."""

from __future__ import annotations

import pytest

from studio.core.colours import parse_colour
from studio.core.errors import ProjectError


@pytest.mark.parametrize(
    "value, expected",
    [
        ("#1E66F5", "#1e66f5"),
        ("abc", "#aabbcc"),
        ("rgb(30, 102, 245)", "#1e66f5"),
        ("Navy", "#000080"),
    ],
)
def test_the_ways_a_seller_writes_a_colour(value, expected):
    assert parse_colour(value, "accent") == expected


@pytest.mark.parametrize(
    "value, needle",
    [
        (list(range(50_000)), "[0, 1, 2, 3, ...]"),
        ({"r": "x" * 100_000}, "{'r': 'xxxxx"),
        ([["#112233"] * 9] * 9, "[['#112233'"),
        (9 * 10**3000, "a number too long to show"),
        (5, "not 5"),
        (None, "not None"),
        ("x" * 100_000, "'xxxx"),
        ("#12\n34\u202e" * 1000, "\\n"),
    ],
    ids=["list", "table", "nested", "huge-number", "number", "none", "long-text", "controls"],
)
def test_a_hostile_value_is_shown_short_and_escaped(value, needle):
    """A list of 50,000 numbers where a colour goes was pasted whole into the message (300
    KB), and a number of thousands of digits ended it with Python's ValueError."""
    with pytest.raises(ProjectError) as err:
        parse_colour(value, "product.toml accent_colour")
    message = str(err.value)
    assert message.startswith("product.toml accent_colour: ") and needle in message, message
    assert len(message) < 500 and "\n" not in message and "\u202e" not in message
