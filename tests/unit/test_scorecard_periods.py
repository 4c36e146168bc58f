"""The scorecard's period (pure): months, first and last day, the quarter its indicators are read up to, its key
and Indonesian name, and when it counts as closed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.scorecards import periods
from app.scorecards.periods import Period

CASES = [
    # kind, number, months, first, last, quarter read up to, key, label
    ("month", 2, (2,), date(2018, 2, 1), date(2018, 2, 28), 1, "2018-02", "Februari 2018"),
    ("month", 12, (12,), date(2018, 12, 1), date(2018, 12, 31), 4, "2018-12", "Desember 2018"),
    ("quarter", 1, (1, 2, 3), date(2018, 1, 1), date(2018, 3, 31), 1, "2018-tw1", "Triwulan I 2018"),
    ("quarter", 4, (10, 11, 12), date(2018, 10, 1), date(2018, 12, 31), 4, "2018-tw4", "Triwulan IV 2018"),
    ("year", 0, tuple(range(1, 13)), date(2018, 1, 1), date(2018, 12, 31), 4, "2018", "Tahun 2018"),
]


@pytest.mark.parametrize("kind, number, months, first, last, quarter, key, label", CASES)
def test_period_table(kind, number, months, first, last, quarter, key, label):
    period = Period(2018, kind, number)
    assert (period.months, period.first, period.last, period.quarter, period.key, period.label_id) == (
        months, first, last, quarter, key, label)


def test_february_of_a_leap_year_and_the_address():
    assert Period(2020, "month", 2).last == date(2020, 2, 29)
    assert Period(2018, "quarter", 2).query == {"year": 2018, "quarter": 2}
    assert Period(2018, "year").query == {"year": 2018}


@pytest.mark.parametrize("kind, number", [("month", 0), ("month", 13), ("quarter", 5), ("year", 1), ("week", 1)])
def test_no_such_period(kind, number):
    with pytest.raises((ValueError, KeyError)):
        Period(2018, kind, number)


def test_of_prefers_the_month_then_the_quarter():
    assert periods.of(2018, 2, 5) == Period(2018, "month", 5)
    assert periods.of(2018, 2) == Period(2018, "quarter", 2)
    assert periods.of(2018) == Period(2018, "year")
    assert len(periods.choices(2018)) == 17


@pytest.mark.parametrize("period, today, closed_months, closed", [
    (Period(2018, "month", 2), date(2018, 3, 1), {2}, True),
    (Period(2018, "month", 2), date(2018, 2, 28), {2}, False),  # the month is not over
    (Period(2018, "month", 3), date(2018, 4, 2), {1, 2}, False),  # March's TPP is not closed
    (Period(2018, "quarter", 1), date(2018, 4, 2), {1, 2}, False),
    (Period(2018, "quarter", 1), date(2018, 4, 2), {1, 2, 3}, True),
    (Period(2018, "year"), date(2019, 1, 1), set(range(1, 12)), False),  # December open
    (Period(2018, "year"), date(2019, 1, 1), set(range(1, 13)), True),
])
def test_closed_needs_the_end_and_every_month_closed(period, today, closed_months, closed):
    assert periods.closed(period, today, closed_months) is closed


@given(st.integers(2000, 2100), st.sampled_from(periods.choices(2018)))
def test_every_period_covers_whole_months_inside_its_year(year, shape):
    period = Period(year, shape.kind, shape.number)
    assert period.first.year == period.last.year == year and period.first.day == 1
    assert period.first.month == period.months[0] and period.last.month == period.months[-1]
    assert (period.last.month - 1) // 3 + 1 == period.quarter
    assert periods.of(year, period.query.get("quarter"), period.query.get("month")) == period
    assert not period.ended(period.last) and period.ended(date.fromordinal(period.last.toordinal() + 1))
