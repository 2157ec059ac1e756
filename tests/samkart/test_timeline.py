"""The period rules every answer shares (samkart/timeline.py)."""
import pytest

from samkart.timeline import Period, parse_when, seat_period


@pytest.mark.parametrize("text", ["yesterday", "2024-13-45", "banana", "2024-02-30", "24-06-01", ""])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_when(text)


@pytest.mark.parametrize("text", ["2024", "2024-06", "2024-06-01"])
def test_dates_and_years_are_accepted(text):
    assert parse_when(text) == text


def test_a_year_covers_the_whole_year():
    left_in_2023 = seat_period(None, "2023")
    assert left_in_2023.active_on("2023-12-31") and not left_in_2023.active_on("2024-01-01")
    joined_2024 = seat_period("2024", None)
    assert joined_2024.active_on("2024") and not joined_2024.active_on("2023-12-31")
    assert not left_in_2023.overlaps(joined_2024)


def test_seen_seat_without_end_still_runs():
    seat = seat_period(None, None, first_seen="2024-02-12")
    assert seat.active_on("2030") and not seat.active_on("2024-02-11") and not seat.ended("2030-01-01")
    assert Period().active_on("1999")  # nothing known: held at any time


def test_overlap_of_periods_shares_a_day():
    a = seat_period("2024-01-01", "2024-05-27")
    assert a.overlaps(seat_period("2024-05-27", None))
    assert not a.overlaps(seat_period("2024-05-28", None))
    assert a.ended("2024-05-28") and not a.ended("2024-05-27")
