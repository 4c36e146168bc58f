"""Achievement (DOMAIN.md §2): hand-worked cases for every polarity, cap and aggregation, and invariants."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.monitoring.calc import achievement, aggregate, mean, rating, score, to_date
from app.monitoring.presets import RATING_MALUKU_TENGAH, RATING_SAMPANG, SCORE_8_2021


@pytest.mark.parametrize(("polarity", "r", "t", "lo", "hi", "cap", "pct"), [
    ("higher", "276", "276", None, None, 120, "100.00"),       # 276 hotspots watched of 276
    ("higher", "138", "276", None, None, 120, "50.00"),
    ("higher", "331.2", "276", None, None, 120, "120.00"),     # 120 %, exactly the cap
    ("higher", "400", "276", None, None, 110, "110.00"),       # 144.93 % capped at 110
    ("higher", "400", "276", None, None, 100, "100.00"),
    ("higher", "1", "3", None, None, 120, "33.33"),            # 33.333… rounded half up
    ("higher", "2", "3", None, None, 120, "66.67"),
    ("higher", "-5", "10", None, None, 120, "0.00"),           # a negative result counts as 0
    ("lower", "1", "1", None, None, 120, "100.00"),            # poverty down 1 %: exactly met
    ("lower", "0.8", "1", None, None, 120, "120.00"),          # (2 − 0.8) / 1 × 100 = 120
    ("lower", "1.5", "1", None, None, 120, "50.00"),
    ("lower", "3", "1", None, None, 120, "0.00"),              # (2 − 3) < 0 → 0
    ("lower", "0", "0", None, None, 120, "100.00"),            # target zero, met
    ("range", "85", None, "80", "90", 120, "100.00"),          # inside the range
    ("range", "80", None, "80", "90", 120, "100.00"),          # on a bound
    ("range", "60", None, "80", "90", 120, "75.00"),           # below: 60 / 80 × 100
    ("range", "99", None, "80", "90", 120, "90.00"),           # above: (180 − 99) / 90 × 100
    ("range", "85", None, "80", "90", 100, "100.00"),
])
def test_achievement_hand_worked(polarity, r, t, lo, hi, cap, pct):
    result = achievement(polarity, D(r), D(t) if t else None, D(lo) if lo else None, D(hi) if hi else None, D(cap))
    assert result.pct == D(pct) and result.reason == "" and result.formula


@pytest.mark.parametrize(("polarity", "r", "t", "reason"), [
    ("higher", None, "10", "no_realisation"),
    ("higher", "5", "0", "zero_target"),
    ("lower", "5", "0", "zero_target"),
    ("higher", "5", None, "no_target"),
])
def test_not_measurable_is_explicit(polarity, r, t, reason):
    result = achievement(polarity, D(r) if r else None, D(t) if t else None)
    assert result.pct is None and result.reason == reason


def test_the_formula_shows_the_numbers_as_people_write_them():
    capped = achievement("higher", D(400), D(276), cap=D(110))
    assert capped.formula == "400 / 276 × 100 = 144,93 %" and (capped.limit, capped.cap) == ("capped", D(110))
    assert achievement("lower", D("0.8"), D(1)).formula == "(2 × 1 − 0,8) / 1 × 100 = 120 %"
    assert achievement("higher", D(1500), D(1000)).formula == "1.500 / 1.000 × 100 = 150 %"
    assert achievement("higher", D(-5), D(10)).limit == "floored"
    assert achievement("range", D(80), None, D(75), D(90)).formula == "75 ≤ 80 ≤ 90 → 100 %"


@pytest.mark.parametrize(("values", "rule", "expected"), [
    (["60", "70", "70", "76"], "sum", "276"),
    (["60", "70", None, None], "sum", "130"),       # the year so far
    (["40", "42", "44", None], "average", "42"),
    (["25", "50", "75", "100"], "last", "100"),
    (["25", "50", None, None], "last", "50"),
    ([None, None, None, None], "sum", None),
])
def test_aggregate(values, rule, expected):
    result = aggregate([D(v) if v else None for v in values], rule)
    assert result == (D(expected) if expected else None)


@pytest.mark.parametrize(("pct", "expected"), [
    ("100", "109"), ("98", "88"),          # the worked examples of PermenPANRB 8/2021
    ("110", "119"), ("110.01", "120"), ("120", "120"), ("80", "70"), ("99", "89"), ("60", "50"),
    ("79", "69"), ("59", "49"), ("0", "0"), ("30", "24.92"),
])
def test_score_8_2021(pct, expected):
    assert score(D(pct), SCORE_8_2021["bands"]) == D(expected)


@pytest.mark.parametrize(("value", "sampang", "maluku"), [
    ("100", "Sangat Baik", "Memuaskan"), ("91", "Sangat Baik", "Memuaskan"), ("90", "Baik", "Memuaskan"),
    ("85", "Baik", "Sangat Baik"), ("76", "Baik", "Sangat Baik"), ("75", "Cukup", "Baik"),
    ("66", "Cukup", "Baik"), ("65", "Kurang", "Cukup Baik"), ("51", "Kurang", "Cukup Baik"),
    ("50", "Sangat Kurang", "Agak Kurang"), ("30", "Sangat Kurang", "Kurang"), ("0", "Sangat Kurang", "Kurang"),
])
def test_rating_presets(value, sampang, maluku):
    assert rating(D(value), RATING_SAMPANG["bands"]) == sampang
    assert rating(D(value), RATING_MALUKU_TENGAH["bands"]) == maluku


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
targets = st.decimals(min_value="0.01", max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
caps = st.sampled_from([D(100), D(110), D(120)])


@given(amounts, amounts, targets, caps)
def test_higher_is_monotonic_in_realisation(r1, r2, t, cap):
    low, high = sorted((r1, r2))
    assert achievement("higher", low, t, cap=cap).pct <= achievement("higher", high, t, cap=cap).pct


@given(amounts, targets, caps)
def test_never_above_the_cap_nor_below_zero(r, t, cap):
    for polarity in ("higher", "lower"):
        pct = achievement(polarity, r, t, cap=cap).pct
        assert D(0) <= pct <= cap


@given(targets, st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False))
def test_lower_is_better_is_symmetric_around_the_target(t, fraction):
    delta = t * fraction
    under = achievement("lower", t - delta, t, cap=D(1000)).raw
    over = achievement("lower", t + delta, t, cap=D(1000)).raw
    assert abs((under - 100) + (over - 100)) <= D("0.02")  # equal distance above and below 100


@given(st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False),
       st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False))
def test_score_never_decreases_with_capaian(a, b):
    low, high = sorted((a, b))
    assert score(low, SCORE_8_2021["bands"]) <= score(high, SCORE_8_2021["bands"])


# -- the year to date (DOMAIN.md §2: cumulative, average or last value) ---------------------------------


Q = (D(60), D(70), D(70), D(76))  # 276 a year, Tw I–IV


@pytest.mark.parametrize(("targets", "values", "rule", "upto", "annual", "expected"), [
    (Q, [D(60), D(65), None, None], "sum", 2, D(276), (D(130), D(125))),  # 125 of 60 + 70
    (Q, [D(60), None, None, None], "sum", 2, D(276), (D(130), D(60))),  # Tw II missing lowers a sum
    (Q, [D(60), D(70), D(70), D(76)], "sum", 4, D(276), (D(276), D(276))),  # the whole year = the annual target
    ((D(276),) * 4, [D(270), D(280), None, None], "average", 2, D(276), (D(276), D(275))),
    ((D(276),) * 4, [D(270), None, D(280), None], "average", 3, D(276), (D(276), D(275))),  # left out of an average
    ((D(10), D(20), D(30), D(40)), [D(12), D(21), None, None], "last", 3, D(40), (D(20), D(21))),  # last reported
    ((D(10), D(20), D(30), D(40)), [None, None, None, None], "last", 2, D(40), (D(20), None)),
    ((None,) * 4, [D(100), D(50), None, None], "sum", 2, D(600), (D(600), D(150))),  # no quarters: the annual one
])
def test_to_date_hand_worked(targets, values, rule, upto, annual, expected):
    assert to_date(targets, values, rule, upto, annual) == expected


def test_mean_leaves_out_what_is_not_measurable():
    assert mean([D(100), None, D(50)]) == D(75)
    assert mean([None, None]) is None
    assert mean([D(1), D(2), D(2)]) == D("1.67")  # ROUND_HALF_UP to 2 places


@given(st.lists(st.one_of(st.none(), st.decimals(0, 10**6, places=2)), min_size=4, max_size=4),
       st.integers(1, 4))
def test_sum_to_date_never_exceeds_the_year_and_grows_with_the_quarters(values, upto):
    _target, so_far = to_date(Q, values, "sum", upto, D(276))
    _target, year = to_date(Q, values, "sum", 4, D(276))
    assert (so_far or 0) <= (year or 0)
