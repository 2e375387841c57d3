"""索引号 (GB 32100 check digit, year, serial) and the working-day calendar: pure Python."""

import datetime

import pytest

from publishing import indexno, workdays
from publishing.indexno import IndexNumberError

# Real 统一社会信用代码: 玉环市卫生健康局 (from the seed disclosure page) and GB 32100's own example.
REAL_CODES = ["11331021355386184W", "91350100M000100Y43"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass_the_gb32100_check(code):
    assert indexno.is_valid_credit_code(code)
    assert indexno.credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    "code, problem",
    [
        ("11331021355386184X", "check"),
        ("11331021355386148W", "check"),  # two digits swapped
        ("1133102135538618W", "length"),
        ("11331021355386I84W", "charset"),  # I is not in the GB 32100 alphabet
    ],
)
def test_bad_credit_codes_are_refused_with_the_reason(code, problem):
    assert not indexno.is_valid_credit_code(code)
    with pytest.raises(IndexNumberError) as err:
        indexno.validate_credit_code(code)
    assert err.value.code == problem


def test_the_seed_index_number_parses():
    number = indexno.parse("11331021355386184W/2025-141459")
    assert (number.code, number.year, number.serial) == ("11331021355386184W", 2025, "141459")
    assert str(number) == "11331021355386184W/2025-141459"


def test_lower_case_and_full_width_slash_are_normalised():
    assert str(indexno.parse(" 11331021355386184w／2025-7 ")) == "11331021355386184W/2025-7"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("11331021355386184W-2025-141459", "shape"),
        ("11331021355386184X/2025-141459", "check"),
        ("11331021355386184W/1850-141459", "year"),
        ("11331021355386184W/20x5-1", "year"),
        ("11331021355386184W/2025-", "serial"),
        ("11331021355386184W/2025-0000", "serial"),
        ("11331021355386184W/2025_12", "serial"),
    ],
)
def test_malformed_index_numbers_say_what_is_wrong(text, problem):
    with pytest.raises(IndexNumberError) as err:
        indexno.parse(text)
    assert err.value.code == problem


def test_code_is_checked_before_year_and_serial():
    with pytest.raises(IndexNumberError) as err:
        indexno.parse("11331021355386184X/1850-x")
    assert err.value.code == "check"


def test_generated_numbers_use_width_and_separator():
    assert str(indexno.generate("11331021355386184W", 2025, 7)) == "11331021355386184W/2025-000007"
    assert (
        str(indexno.generate("11331021355386184W", 2025, 12, width=4, separator="_")) == "11331021355386184W/2025_0012"
    )
    assert str(indexno.parse("11331021355386184W/2025_0012", separator="_")) == "11331021355386184W/2025_0012"
    with pytest.raises(IndexNumberError):
        indexno.generate("11331021355386184X", 2025, 1)


# --- working days ---------------------------------------------------------------------------------

HOLIDAYS = workdays.parse_dates("2025-05-01..2025-05-05, 2025-05-31..2025-06-02")
MAKEUP = workdays.parse_dates("2025-04-27")


def test_weekends_holidays_and_makeup_days():
    assert workdays.is_workday(datetime.date(2025, 4, 25))  # Friday
    assert not workdays.is_workday(datetime.date(2025, 4, 26))  # Saturday
    assert workdays.is_workday(datetime.date(2025, 4, 27), HOLIDAYS, MAKEUP)  # Sunday, 调休上班
    assert not workdays.is_workday(datetime.date(2025, 5, 2), HOLIDAYS, MAKEUP)  # Friday, 劳动节


def test_twenty_working_days_after_the_yuhuan_as_of_date():
    # 截至 2025-04-15 (Tue): 16–18, 21–25, 27 (make-up), 28–30, 6–9, 12–15 → the 20th is 15 May.
    assert workdays.add_workdays(datetime.date(2025, 4, 15), 20, HOLIDAYS, MAKEUP) == datetime.date(2025, 5, 15)
    # Without the calendar it is a plain weekday count.
    assert workdays.add_workdays(datetime.date(2025, 4, 15), 20) == datetime.date(2025, 5, 13)


def test_workdays_between_counts_the_same_days():
    start, end = datetime.date(2025, 4, 15), datetime.date(2025, 5, 15)
    assert workdays.workdays_between(start, end, HOLIDAYS, MAKEUP) == 20
    assert workdays.workdays_between(end, start) == 0


def test_bad_calendar_dates_raise():
    with pytest.raises(ValueError):
        workdays.parse_dates("2025-13-01")
