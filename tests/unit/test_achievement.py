"""Achievement (DOMAIN.md §2): hand-worked cases for every polarity, cap and aggregation, and invariants."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.monitoring.calc import (
    BASES,
    NOT_MEASURABLE,
    achievement,
    aggregate,
    for_period,
    mean,
    rating,
    score,
    to_date,
    year_to_date,
)
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


# -- a period without a target of its own (docs/achievement.md) ----------------------------------------------

BLANK = (None,) * 4
N = None


def _d(values):
    return [D(v) if v is not None else None for v in values]


@pytest.mark.parametrize(("polarity", "values", "targets", "annual", "rule", "period", "pct", "basis", "formula"), [
    # its own target: as before
    ("higher", ["60", "65"], Q, "276", "sum", 2, "92.86", "", "65 / 70 × 100 = 92,86 %"),
    # last value / average: this period's value against the annual target (the 75,5 % indicator)
    ("higher", ["70", "72.5"], BLANK, "75.5", "last", 2, "96.03", "annual", "72,5 / 75,5 × 100 = 96,03 %"),
    ("higher", ["70"], BLANK, "75.5", "average", 1, "92.72", "annual", "70 / 75,5 × 100 = 92,72 %"),
    ("lower", ["8"], BLANK, "12", "last", 1, "120.00", "annual", "(2 × 12 − 8) / 12 × 100 = 133,33 %"),
    # sum: the year so far added up against the annual target, progress until the last period
    ("higher", ["400", "380"], BLANK, "1500", "sum", 2, "52.00", "progress",
     "400 + 380 = 780; 780 / 1.500 × 100 = 52 %"),
    ("higher", [N, "380"], BLANK, "1500", "sum", 2, "25.33", "progress", "380 / 1.500 × 100 = 25,33 %"),
    ("higher", ["400"], BLANK, "1500", "sum", 1, "26.67", "progress", "400 / 1.500 × 100 = 26,67 %"),
    ("higher", ["400", "380", "400", "320"], BLANK, "1500", "sum", 4, "100.00", "annual",
     "400 + 380 + 400 + 320 = 1.500; 1.500 / 1.500 × 100 = 100 %"),
    # monthly: twelve blank month targets; December ends the year
    ("higher", ["10", "10", "10"], (None,) * 12, "120", "sum", 3, "25.00", "progress",
     "10 + 10 + 10 = 30; 30 / 120 × 100 = 25 %"),
    ("higher", ["10"] * 12, (None,) * 12, "120", "sum", 12, "100.00", "annual",
     " + ".join(["10"] * 12) + " = 120; 120 / 120 × 100 = 100 %"),
])
def test_a_period_without_a_target_of_its_own(polarity, values, targets, annual, rule, period, pct, basis, formula):
    result = for_period(polarity, _d(values), targets, D(annual), rule, period)
    assert (result.pct, result.basis, result.formula, result.reason) == (D(pct), basis, formula, "")


@pytest.mark.parametrize(("polarity", "values", "targets", "annual", "lo", "hi", "rule", "period", "reason"), [
    ("higher", [N], BLANK, "75.5", N, N, "last", 1, "no_realisation"),
    ("higher", ["400", N], BLANK, "1500", N, N, "sum", 2, "no_realisation"),  # the period's own value is missing
    ("higher", ["5"], BLANK, N, N, N, "last", 1, "no_target"),  # neither the period nor the year has a target
    ("higher", ["5", "6"], BLANK, N, N, N, "sum", 2, "no_target"),
    ("higher", ["5"], BLANK, "0", N, N, "average", 1, "zero_target"),
    ("higher", ["5"], (D(0), D(5), D(5), D(5)), "15", N, N, "sum", 1, "zero_target"),  # its own target is 0
    ("range", ["85"], BLANK, N, "80", N, "last", 1, "no_target_range"),
])
def test_every_period_not_measurable_says_why(polarity, values, targets, annual, lo, hi, rule, period, reason):
    result = for_period(polarity, _d(values), targets, D(annual) if annual else None, rule, period,
                        D(lo) if lo else None, D(hi) if hi else None)
    assert (result.pct, result.reason, result.formula) == (None, reason, "")


def test_a_range_applies_to_every_period_as_it_is():
    inside = for_period("range", [D(85)], BLANK, None, "last", 1, D(80), D(90))
    assert (inside.pct, inside.basis, inside.formula) == (D(100), "", "80 ≤ 85 ≤ 90 → 100 %")


@pytest.mark.parametrize(("values", "targets", "rule", "upto", "annual", "pct", "basis", "formula"), [
    (["400", "380", N, N], BLANK, "sum", 2, "1500", "52.00", "progress", "400 + 380 = 780; 780 / 1.500 × 100 = 52 %"),
    (["400", "380", "400", "320"], BLANK, "sum", 4, "1500", "100.00", "annual",
     "400 + 380 + 400 + 320 = 1.500; 1.500 / 1.500 × 100 = 100 %"),
    (["70", "72.5", N, N], BLANK, "last", 2, "75.5", "96.03", "annual", "72,5 / 75,5 × 100 = 96,03 %"),
    (["70", "80", N, N], BLANK, "average", 2, "75.5", "99.34", "annual", "75 / 75,5 × 100 = 99,34 %"),
    (["60", "65", N, N], Q, "sum", 2, "276", "96.15", "", "125 / 130 × 100 = 96,15 %"),  # its own targets
])
def test_the_year_to_date_says_which_target_it_used(values, targets, rule, upto, annual, pct, basis, formula):
    result = year_to_date("higher", targets, _d(values), rule, upto, D(annual))
    assert (result.pct, result.basis, result.formula) == (D(pct), basis, formula)


def test_the_year_to_date_not_measurable_says_why():
    assert year_to_date("higher", BLANK, [None] * 4, "sum", 2, D(10)).reason == "no_realisation"
    assert year_to_date("higher", BLANK, _d(["5", N, N, N]), "last", 1, None).reason == "no_target"
    assert year_to_date("range", BLANK, _d(["5", N, N, N]), "last", 1, None, D(1), None).reason == "no_target_range"


maybe = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False,
                                         allow_infinity=False))


@given(st.sampled_from(["higher", "lower", "range"]), st.lists(maybe, min_size=4, max_size=4),
       st.lists(maybe, min_size=4, max_size=4), maybe, maybe, maybe, st.sampled_from(["sum", "average", "last"]),
       st.integers(1, 4), caps)
def test_a_result_is_measurable_or_says_why(polarity, values, targets, annual, lo, hi, rule, period, cap):
    """Whatever the inputs: a percentage within [0, cap] and no reason, or no percentage and a known reason."""
    for result in (for_period(polarity, values, tuple(targets), annual, rule, period, lo, hi, cap),
                   year_to_date(polarity, tuple(targets), values, rule, period, annual, lo, hi, cap)):
        assert result.basis in BASES
        if result.pct is None:
            assert result.reason in NOT_MEASURABLE and result.formula == ""
        else:
            assert result.reason == "" and D(0) <= result.pct <= cap and result.formula


@given(st.lists(maybe, min_size=4, max_size=4), st.sampled_from(["sum", "average", "last"]), st.integers(1, 4),
       st.decimals(min_value="0.01", max_value=10**5, places=2, allow_nan=False, allow_infinity=False))
def test_a_blank_period_target_is_measurable_when_the_year_has_one(values, rule, period, annual):
    result = for_period("higher", values, BLANK, annual, rule, period)
    assert (result.pct is None) == (values[period - 1] is None)
    assert result.basis == ("" if result.pct is None else "progress" if rule == "sum" and period < 4 else "annual")


@given(st.lists(st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False),
                min_size=4, max_size=4),
       st.decimals(min_value="0.01", max_value=10**5, places=2, allow_nan=False, allow_infinity=False))
def test_progress_of_a_sum_never_goes_down_over_the_year(values, annual):
    raws = [for_period("higher", values, BLANK, annual, "sum", p).raw for p in range(1, 5)]
    assert raws == sorted(raws)
