"""numbers: the one 万/亿 table and the one way a number is written for display."""

from decimal import Decimal

import pytest

from docparse.numbers import CN_BIG, SCALE_WORDS, SCALES, parse_number, plain_number, scale_value


def test_one_table_of_scales():
    assert SCALES["万"] == 10_000 and SCALES["亿"] == 100_000_000
    assert SCALE_WORDS == {10_000: "万", 100_000_000: "亿"} and CN_BIG == {"万": 10_000, "亿": 100_000_000}
    assert scale_value(25.39, "万") == 253900 and parse_number("三万") == 30000


@pytest.mark.parametrize(
    "value,places,text",
    [
        (Decimal("95.0000"), None, "95"),
        (Decimal("1E+2"), None, "100"),
        (Decimal("0E-4"), None, "0"),
        (Decimal("-0.00"), None, "0"),
        (Decimal("25.3900"), None, "25.39"),
        (4.06, None, "4.06"),
        (336, None, "336"),
        (None, None, ""),
        ("", None, ""),
        ("n/a", None, "n/a"),
        (Decimal("NaN"), None, "NaN"),
        (Decimal("61.87134"), 2, "61.87"),
        (Decimal("50.5000"), 2, "50.5"),
        (Decimal("48000"), 2, "48000"),
        (Decimal("0.004"), 2, "0"),
    ],
)
def test_plain_number(value, places, text):
    assert plain_number(value, places) == text
