"""The honorarium of a non-ASN worker's month (``app.workers.calc``): hand-worked months under the shipped rules
(TK 2 %, TL and PSW 0,5 % per occurrence, cap 100 %) and under one OPD's own rules, then its invariants.

The monthly amount is Rp3.648.035, the 2018 UMP of DKI Jakarta; the daily rate Rp150.000.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.workers import shipped
from app.workers.calc import Month, Pay, honorarium
from app.workers.rules import MAX_RATE, Honor, Rules

DEFAULT = Rules.read(shipped.DEFAULT).honor
# An OPD's own rules: izin paid, TK 5 %, TL and PSW 1 %, at most 10 % of the rate a month.
CUSTOM = Honor(paid=frozenset({"present", "no_in", "no_out", "travel", "permit"}), absent_pct=D("5"),
               late_pct=D("1"), early_pct=D("1"), cap=D("10"))
UMP_DKI_2018 = 3_648_035
DAY = 150_000


def test_the_shipped_rules_are_the_ones_worked_by_hand_below():
    assert (DEFAULT.absent_pct, DEFAULT.late_pct, DEFAULT.early_pct, DEFAULT.cap) == (D(2), D("0.5"), D("0.5"),
                                                                                     D(100))
    assert DEFAULT.paid == {"present", "no_in", "no_out", "travel"}


# Month(basis, rate, working, contract, paid, absent, late, early) → Pay(gross, penalty %, penalty, net)
HAND_WORKED = [
    pytest.param(
        # 22 working days paid × 150.000 = 3.300.000; nothing to take off
        DEFAULT, Month("daily", DAY, 22, 22, 22, 0, 0, 0), Pay(3_300_000, D(0), 0, 3_300_000),
        id="daily-full-month"),
    pytest.param(
        # 20 days paid × 150.000 = 3.000.000 (the 2 TK days are not paid);
        # penalties 2 × 2 % + 3 × 0,5 % = 5,5 % of the day's rate 150.000 = 8.250; 3.000.000 − 8.250
        DEFAULT, Month("daily", DAY, 22, 22, 20, 2, 3, 0), Pay(3_000_000, D("5.5"), 8_250, 2_991_750),
        id="daily-2-tk-3-late"),
    pytest.param(
        # 3.648.035 × 22 / 22 = 3.648.035 exactly: a full month pays the monthly amount
        DEFAULT, Month("monthly", UMP_DKI_2018, 22, 22, 22, 0, 0, 0), Pay(UMP_DKI_2018, D(0), 0, UMP_DKI_2018),
        id="monthly-full-month-ump-dki-2018"),
    pytest.param(
        # February 2018 (20 working days), 2 TK and 1 late arrival:
        # pay 3.648.035 × 18 / 20 = 3.283.231,5 → 3.283.232 (half up);
        # penalties 2 × 2 % + 1 × 0,5 % = 4,5 % of 3.648.035 = 164.161,575 → 164.162;
        # received 3.283.232 − 164.162 = 3.119.070
        DEFAULT, Month("monthly", UMP_DKI_2018, 20, 20, 18, 2, 1, 0), Pay(3_283_232, D("4.5"), 164_162, 3_119_070),
        id="monthly-2-tk-1-late"),
    pytest.param(
        # 6 days sick (not paid, not TK: no penalty): 3.648.035 × 14 / 20 = 2.553.624,5 → 2.553.625
        # (half up; half to even would give 2.553.624)
        DEFAULT, Month("monthly", UMP_DKI_2018, 20, 20, 14, 0, 0, 0), Pay(2_553_625, D(0), 0, 2_553_625),
        id="monthly-6-days-sick-half-up"),
    pytest.param(
        # the contract starts on the 13th working day of 22: 10 contract days, all worked;
        # 3.648.035 × 10 / 22 = 1.658.197,727… → 1.658.198
        DEFAULT, Month("monthly", UMP_DKI_2018, 22, 10, 10, 0, 0, 0), Pay(1_658_198, D(0), 0, 1_658_198),
        id="monthly-starts-mid-month"),
    pytest.param(
        # 10 contract days, one of them unpaid leave, 2 early departures:
        # 9 × 150.000 = 1.350.000; 2 × 0,5 % = 1 % of 150.000 = 1.500; received 1.348.500
        DEFAULT, Month("daily", DAY, 22, 10, 9, 0, 0, 2), Pay(1_350_000, D(1), 1_500, 1_348_500),
        id="daily-starts-mid-month"),
    pytest.param(
        # terminated after 12 of 20 working days, one of them TK:
        # 3.648.035 × 11 / 20 = 2.006.419,25 → 2.006.419; 2 % of 3.648.035 = 72.960,7 → 72.961;
        # received 2.006.419 − 72.961 = 1.933.458
        DEFAULT, Month("monthly", UMP_DKI_2018, 20, 12, 11, 1, 0, 0), Pay(2_006_419, D(2), 72_961, 1_933_458),
        id="monthly-terminated-mid-month"),
    pytest.param(
        # 3 TK, 4 TL, 1 PSW under the OPD's rules: 3 × 5 % + 4 × 1 % + 1 × 1 % = 20 %, capped at 10 %;
        # pay 4.000.000 × 17 / 20 = 3.400.000; penalty 10 % of 4.000.000 = 400.000; received 3.000.000
        CUSTOM, Month("monthly", 4_000_000, 20, 20, 17, 3, 4, 1), Pay(3_400_000, D(10), 400_000, 3_000_000),
        id="custom-monthly-penalties-capped"),
    pytest.param(
        # daily, 3 TK: 15 % capped at 10 % of the day's 100.000 = 10.000; 19 × 100.000 = 1.900.000
        CUSTOM, Month("daily", 100_000, 22, 22, 19, 3, 0, 0), Pay(1_900_000, D(10), 10_000, 1_890_000),
        id="custom-daily-penalties-capped"),
    pytest.param(
        # one late arrival: 1 % of 3.000.050 = 30.000,5 → 30.001 (half up); 3.000.050 − 30.001 = 2.970.049
        CUSTOM, Month("monthly", 3_000_050, 20, 20, 20, 0, 1, 0), Pay(3_000_050, D(1), 30_001, 2_970_049),
        id="custom-penalty-half-up"),
    pytest.param(
        # 19 TK of 20 days: pay 3.648.035 × 1 / 20 = 182.401,75 → 182.402;
        # penalties 19 × 2 % = 38 % of 3.648.035 = 1.386.253,3 → more than the pay: taken down to 182.402; net 0
        DEFAULT, Month("monthly", UMP_DKI_2018, 20, 20, 1, 19, 0, 0), Pay(182_402, D(38), 182_402, 0),
        id="monthly-penalty-larger-than-pay"),
    pytest.param(
        # a daily worker absent every day: nothing paid, so nothing to take off (44 % of nothing)
        DEFAULT, Month("daily", DAY, 22, 22, 0, 22, 0, 0), Pay(0, D(44), 0, 0),
        id="daily-absent-all-month"),
    pytest.param(
        # a month without a working day pays a monthly worker nothing (no division by zero)
        DEFAULT, Month("monthly", UMP_DKI_2018, 0, 0, 0, 0, 0, 0), Pay(0, D(0), 0, 0),
        id="monthly-no-working-day"),
]


@pytest.mark.parametrize(("rules", "month", "expected"), HAND_WORKED)
def test_hand_worked_months(rules, month, expected):
    assert honorarium(rules, month) == expected


# -- invariants --------------------------------------------------------------------------------------------------

pct = st.integers(0, 10_000).map(lambda n: D(n) / 100)  # 0 to 100 with two decimals
honors = st.one_of(st.just(DEFAULT), st.just(CUSTOM),
                   st.builds(Honor, st.just(DEFAULT.paid), pct, pct, pct, pct))


@st.composite
def months(draw, basis=st.sampled_from(("daily", "monthly"))):
    working = draw(st.integers(0, 31))
    contract = draw(st.integers(0, working))
    paid = draw(st.integers(0, contract))
    return Month(draw(basis), draw(st.integers(1, MAX_RATE)), working, contract, paid,
                 draw(st.integers(0, contract - paid)), draw(st.integers(0, contract)),
                 draw(st.integers(0, contract)))


@given(honors, months())
def test_received_is_between_nothing_and_the_pay(rules, month):
    pay = honorarium(rules, month)
    assert 0 <= pay.net <= pay.gross
    assert 0 <= pay.penalty <= pay.gross
    assert pay.net == pay.gross - pay.penalty
    assert pay.penalty_pct <= rules.cap


@given(honors, months())
def test_amounts_are_whole_rupiah_as_int(rules, month):
    pay = honorarium(rules, month)
    assert all(type(amount) is int for amount in (pay.gross, pay.penalty, pay.net))
    assert isinstance(pay.penalty_pct, D)


@given(honors, st.integers(1, MAX_RATE), st.integers(1, 31))
def test_a_full_monthly_month_without_incidents_pays_the_amount_exactly(rules, rate, working):
    assert honorarium(rules, Month("monthly", rate, working, working, working, 0, 0, 0)) == Pay(rate, D(0), 0, rate)


@given(honors, months())
def test_the_pay_never_falls_with_one_more_paid_day(rules, month):
    assume(month.paid < month.contract)
    more = Month(month.basis, month.rate, month.working, month.contract, month.paid + 1, month.absent,
                 month.late, month.early)
    assert honorarium(rules, more).gross >= honorarium(rules, month).gross


@given(honors, months(basis=st.just("daily")))
def test_a_daily_worker_is_paid_the_rate_per_paid_day(rules, month):
    assert honorarium(rules, month).gross == month.rate * month.paid


@pytest.mark.parametrize(("working", "contract", "paid"), [
    (20, 20, 21),  # paid > contract
    (20, 10, 11),  # paid > contract
    (20, 21, 21),  # contract > working
    (0, 1, 0),  # contract > working
    (20, 20, -1),  # paid < 0
], ids=["paid-above-working", "paid-above-contract", "contract-above-working", "contract-without-working-days",
        "negative-paid"])
@pytest.mark.parametrize("basis", ["daily", "monthly"])
def test_impossible_counts_are_refused(basis, working, contract, paid):
    with pytest.raises(ValueError):
        honorarium(DEFAULT, Month(basis, DAY, working, contract, paid, 0, 0, 0))


@given(st.sampled_from(("daily", "monthly")), st.integers(0, 30), st.integers(1, 10), st.data())
def test_more_paid_than_contract_or_contract_than_working_raises(basis, working, excess, data):
    contract = data.draw(st.integers(0, working))
    with pytest.raises(ValueError):
        honorarium(DEFAULT, Month(basis, DAY, working, contract, contract + excess, 0, 0, 0))
    with pytest.raises(ValueError):
        honorarium(DEFAULT, Month(basis, DAY, working, working + excess, working, 0, 0, 0))
