"""TPP calculation: hand-worked people for each shipped preset (DOMAIN.md §4), and its invariants.

The person is in kelas jabatan 9: the shipped example amount is Rp3.800.000. Worked by hand:
- A (60 % performance, deductions off the 40 % discipline part D = 1.520.000, half up);
- B (deductions off the whole B = 3.800.000, rounded down);
- C (70 % performance, deductions off the whole, half up, a whole month absent pays nothing).
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.tpp import shipped as presets
from app.tpp.calc import Day, Month, Span, Typed, calculate, leave_pct, occurrences
from app.tpp.rules import DEDUCTION_CODES, PREDIKATS, BadRules, Rules, predikat

A = Rules.read(presets.A["rules"])
B = Rules.read(presets.B["rules"])
C = Rules.read(presets.C["rules"])
BASE = 3_800_000


def rules_with(preset: dict, **changes) -> Rules:
    data = copy.deepcopy(preset["rules"])
    data.update(changes)
    return Rules.read(data)


def march(*special: tuple[int, str, int, int, bool]) -> tuple[Day, ...]:
    """The working days of March 2018 (Mon–Fri, the 30th Good Friday off): present on time, except ``special``
    (day, status, late code, early code, missed apel)."""
    changed = {s[0]: s for s in special}
    days = []
    for n in range(1, 32):
        day = date(2018, 3, n)
        if day.weekday() >= 5 or n == 30:
            continue
        _, status, late, early, apel = changed.get(n, (n, "present", 0, 0, False))
        days.append(Day(day, status, late, early, apel))
    return tuple(days)


def month(days=(), **values) -> Month:
    return Month(2018, 3, values.pop("kelas", 9), days=days or march(), predikat=values.pop("predikat", "baik"),
                 **values)


TL2_TWICE_TK_ONCE = march((5, "present", 2, 0, False), (6, "present", 2, 0, False), (7, "absent", 0, 0, False))


# -- hand-worked people ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "total"), [(A, 3_800_000), (B, 3_800_000), (C, 3_800_000)])
def test_a_perfect_month_pays_the_whole_base(rules, total):
    result = calculate(rules, month())
    assert (result.base, result.total, result.cuts, result.lines) == (BASE, total, 0, ())


@pytest.mark.parametrize(("rules", "lines", "total"), [
    # A: 1 % and 3 % of D = 1.520.000
    (A, [("TL2", 15_200), ("TL2", 15_200), ("TK", 45_600)], 3_724_000),
    # B: 1 % and 4 % of the whole 3.800.000
    (B, [("TL2", 38_000), ("TL2", 38_000), ("TK", 152_000)], 3_572_000),
    # C: 1 % and 5 % of the whole
    (C, [("TL2", 38_000), ("TL2", 38_000), ("TK", 190_000)], 3_534_000),
])
def test_tl2_twice_and_tk_once(rules, lines, total):
    result = calculate(rules, month(TL2_TWICE_TK_ONCE))
    assert [(line.code, line.amount) for line in result.lines] == lines
    assert [line.day.day for line in result.lines] == [5, 6, 7]
    assert result.discipline_cut == sum(amount for _, amount in lines)
    assert result.total == total


def test_the_same_month_off_the_discipline_part_and_off_the_whole():
    # A as shipped takes 1 % + 1 % + 3 % of D (1.520.000): 76.000; the same table off the whole base takes
    # 5 % of 3.800.000: 190.000.
    whole = rules_with(presets.A, scope="whole")
    assert calculate(A, month(TL2_TWICE_TK_ONCE)).total == BASE - 76_000
    assert calculate(whole, month(TL2_TWICE_TK_ONCE)).total == BASE - 190_000


def test_deductions_past_the_monthly_cap_stop_at_it():
    # A, 40 typed TK days at 3 % of D: 33 lines of 45.600 = 1.504.800, the 34th trimmed to 15.200 (the cap is
    # 100 % of D = 1.520.000), the last six 0; the performance part stays whole.
    result = calculate(A, month(typed=Typed(absent=40)))
    amounts = [line.amount for line in result.lines]
    assert amounts[:33] == [45_600] * 33 and amounts[33] == 15_200 and amounts[34:] == [0] * 6
    assert [line.capped for line in result.lines] == [False] * 33 + [True] * 7
    assert result.discipline_cut == result.cap_amount == 1_520_000
    assert result.total == 2_280_000
    # B takes it off the whole: 25 TK days × 4 % = 100 %, everything.
    assert calculate(B, month(typed=Typed(absent=30))).total == 0


def test_sick_three_to_fourteen_days_under_b_pays_75_percent():
    sick = Span("sick", date(2018, 3, 5), date(2018, 3, 9), "800/12/2018")  # 5 calendar days
    result = calculate(B, month(leaves=(sick,)))
    assert (result.leave_pct, result.leave_from, result.leave_cut, result.total) == (D(75), sick, 950_000, 2_850_000)
    # 1–2 days: paid in full; 15 days: 50 %
    assert calculate(B, month(leaves=(Span("sick", date(2018, 3, 5), date(2018, 3, 6)),))).total == BASE
    assert calculate(B, month(leaves=(Span("sick", date(2018, 3, 5), date(2018, 3, 19)),))).total == 1_900_000
    # A pays sick leave in full
    assert calculate(A, month(leaves=(sick,))).total == BASE


def test_long_leave_pays_by_the_month_of_the_leave_under_b():
    long = Span("long", date(2018, 2, 12), date(2018, 5, 11))
    assert [leave_pct(B, long, 2018, m) for m in (2, 3, 4, 5)] == [D(50), D(25), D(10), D(10)]
    # deductions first, then the leave's %: TL2 twice and TK once (228.000) leave 3.572.000, 25 % of which is
    # 893.000 (rounded down)
    result = calculate(B, month(TL2_TWICE_TK_ONCE, leaves=(long,)))
    assert (result.leave_cut, result.total) == (3_572_000 - 893_000, 893_000)


def test_a_medium_sanction_cuts_the_months_it_covers_on_their_last_day():
    # 25 % for six months from 15 March 2018 (to 14 September): March to August, six months
    sanction = Span("medium", date(2018, 3, 15), date(2018, 9, 14), "800/45/2018")
    covered = []
    for m in range(1, 13):
        result = calculate(A, Month(2018, m, 9, predikat="baik", sanctions=(sanction,)))
        if result.sanction_cut:
            covered.append(m)
            assert (result.sanction_pct, result.sanction_cut, result.total) == (D(25), 950_000, 2_850_000)
    assert covered == [3, 4, 5, 6, 7, 8]
    # a light sanction cuts nothing
    light = Span("light", date(2018, 1, 1), None)
    assert calculate(A, month(sanctions=(light,))).total == BASE


@pytest.mark.parametrize(("rules", "paid_part", "total"), [
    (A, 1_710_000, 3_230_000),  # 75 % of P = 2.280.000: cut 570.000
    (B, 1_710_000, 3_230_000),
    (C, 1_995_000, 3_135_000),  # 75 % of P = 2.660.000: cut 665.000
])
def test_butuh_perbaikan_pays_75_percent_of_the_performance_part(rules, paid_part, total):
    result = calculate(rules, month(predikat="butuh_perbaikan"))
    assert result.performance_part - result.performance_cut == paid_part
    assert (result.performance_pct, result.performance_from, result.total) == (D(75), "predikat:butuh_perbaikan",
                                                                                  total)


def test_not_rated_pays_no_performance_part_and_says_so():
    result = calculate(A, month(predikat=None))
    assert (result.unrated, result.performance_from, result.total) == (True, "unrated", 1_520_000)


def test_achievement_as_the_performance_source():
    rules = rules_with(presets.A, performance_source="achievement")
    assert calculate(rules, month(achievement=D("87.5"))).total == 1_520_000 + 1_995_000
    assert calculate(rules, month(achievement=D("112"))).total == BASE  # held at 100 %
    assert calculate(rules, month(achievement=None)).unrated


def test_no_kelas_or_no_amount_pays_nothing_and_says_why():
    assert (calculate(A, month(kelas=None)).problem, calculate(A, month(kelas=None)).total) == ("no_kelas", 0)
    rules = rules_with(presets.A, amounts={"9": 3_800_000})
    assert (calculate(rules, month(kelas=10)).problem, calculate(rules, month(kelas=10)).total) == ("no_amount", 0)


def test_a_whole_month_absent_pays_nothing_under_c():
    # three recorded working days, all TK: 3 × 190.000, then the rest (3.230.000) as one line
    days = tuple(Day(date(2018, 3, n), "absent") for n in (26, 27, 28))
    result = calculate(C, month(days))
    assert (result.discipline_cut, result.absent_month_cut, result.total) == (570_000, 3_230_000, 0)
    assert calculate(A, month(days)).total == BASE - 3 * 45_600  # A has no such rule


def test_no_check_in_and_no_check_out_and_apel():
    days = march((5, "no_in", 4, 0, True), (6, "no_out", 1, 4, False))
    assert [(line.day.day, line.code) for line in calculate(A, month(days)).lines] == [
        (5, "NO_IN"), (5, "APEL"), (6, "TL1"), (6, "NO_OUT")]
    # B prices apel at 0 %: not listed
    assert [line.code for line in calculate(B, month(days)).lines] == ["NO_IN", "TL1", "NO_OUT"]


def test_the_daily_cap_trims_a_day_the_person_came_in():
    rules = rules_with(presets.B, daily_cap="2.5")
    days = march((5, "present", 4, 3, False), (7, "absent", 0, 0, False))
    lines = calculate(rules, month(days)).lines
    assert [(line.code, line.pct, line.amount, line.capped) for line in lines] == [
        ("TL4", D(2), 76_000, False), ("PSW3", D("0.5"), 19_000, True), ("TK", D(4), 152_000, False)]


def test_rounding_half_up_and_down():
    amounts = {"9": 3_333_333}
    half = rules_with(presets.A, amounts=amounts)
    down = rules_with(presets.A, amounts=amounts, rounding="down")
    tl1 = march((5, "present", 1, 0, False))
    r = calculate(half, month(tl1))  # P 1.999.999,8 → 2.000.000; D 1.333.333; 0,5 % = 6.666,665 → 6.667
    assert (r.performance_part, r.discipline_part, r.lines[0].amount, r.total) == (2_000_000, 1_333_333, 6_667,
                                                                                    3_326_666)
    r = calculate(down, month(tl1))  # P 1.999.999; D 1.333.334; 0,5 % = 6.666,67 → 6.666
    assert (r.performance_part, r.discipline_part, r.lines[0].amount, r.total) == (1_999_999, 1_333_334, 6_666,
                                                                                    3_326_667)


def test_typed_recap_counts_are_priced_as_tk_tl1_psw1_and_apel():
    result = calculate(A, month(typed=Typed(absent=1, late=2, early=1, roll_calls=1)))
    assert [(line.day, line.code, line.amount) for line in result.lines] == [
        (None, "TK", 45_600), (None, "TL1", 7_600), (None, "TL1", 7_600), (None, "PSW1", 7_600), (None, "APEL", 30_400)]


# -- the predikat matrix and the rules' checks -----------------------------------------------------------------

@pytest.mark.parametrize(("hasil", "perilaku", "expected"), [
    ("atas", "atas", "sangat_baik"), ("atas", "sesuai", "baik"), ("atas", "bawah", "kurang"),
    ("sesuai", "atas", "baik"), ("sesuai", "sesuai", "baik"), ("sesuai", "bawah", "kurang"),
    ("bawah", "atas", "butuh_perbaikan"), ("bawah", "sesuai", "butuh_perbaikan"), ("bawah", "bawah", "sangat_kurang"),
])
def test_predikat_matrix_of_permenpanrb_6_2022(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


@pytest.mark.parametrize(("change", "field"), [
    ({"performance_share": 0.6}, "performance_share"),  # a float
    ({"performance_share": "160"}, "performance_share"),
    ({"scope": "half"}, "scope"),
    ({"deductions": {"TL9": "1"}}, "deductions"),
    ({"deductions": {"TK": "-1"}}, "deductions.TK"),
    ({"amounts": {"18": 1}}, "amounts"),
    ({"amounts": {"9": "lots"}}, "amounts"),
    ({"leave": {"sick": {"basis": "duration", "steps": [[3, "75"], [1, "100"]]}}}, "leave.sick"),
    ({"leave": {"holiday": {"basis": "flat", "steps": [[0, "0"]]}}}, "leave"),
    ({"performance": {"baik": "100"}}, "performance"),
    ({"rounding": "up"}, "rounding"),
    ({"sanction_cuts": {"severe": "50"}}, "sanction_cuts"),
])
def test_bad_rules_name_the_part_that_is_wrong(change, field):
    data = copy.deepcopy(presets.A["rules"])
    data.update(change)
    with pytest.raises(BadRules) as refused:
        Rules.read(data)
    assert refused.value.field == field


def test_every_shipped_preset_reads_and_names_its_source():
    for preset in presets.SHIPPED:
        rules = Rules.read(preset["rules"])
        assert set(rules.deductions) == set(DEDUCTION_CODES) and preset["source"] and preset["notes"]


# -- invariants --------------------------------------------------------------------------------------------------

STATUSES = ("present", "no_in", "no_out", "absent", "permit", "travel", "leave_sick", "leave_annual")
days_strategy = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.integers(0, 4), st.integers(0, 4), st.booleans()), max_size=23)
rules_strategy = st.sampled_from([A, B, C, rules_with(presets.B, daily_cap="2.5"),
                                  rules_with(presets.A, scope="whole", rounding="down")])


def month_of(raw, typed, leaves, sanctions, rating, kelas) -> Month:
    days = tuple(Day(date(2018, 3, 1) + timedelta(days=i), status, late, early, apel)
                 for i, (status, late, early, apel) in enumerate(raw))
    return Month(2018, 3, kelas, days=days, typed=Typed(*typed), leaves=leaves, sanctions=sanctions,
                 predikat=rating)


spans = st.lists(st.builds(
    Span, st.sampled_from(["sick", "long", "important", "unpaid", "annual", "medium", "light", "heavy"]),
    st.dates(date(2017, 6, 1), date(2018, 3, 31)), st.none() | st.dates(date(2018, 3, 1), date(2019, 1, 1))),
    max_size=3)
typed_strategy = st.tuples(*[st.integers(0, 30)] * 4)
rating_strategy = st.none() | st.sampled_from(PREDIKATS)


@settings(max_examples=300, deadline=None)
@given(rules_strategy, days_strategy, typed_strategy, spans, spans, rating_strategy, st.integers(1, 17))
def test_total_within_zero_and_base_and_the_parts_add_up(rules, raw, typed, leaves, sanctions, rating, kelas):
    result = calculate(rules, month_of(raw, typed, leaves, sanctions, rating, kelas))
    assert 0 <= result.total <= result.base
    assert result.base - result.cuts == result.total
    assert result.performance_part + result.discipline_part == result.base
    assert sum(line.amount for line in result.lines) == result.discipline_cut <= result.cap_amount
    assert all(line.amount >= 0 for line in result.lines)
    assert len(result.lines) == sum(1 for _, code in occurrences(month_of(raw, typed, leaves, sanctions, rating,
                                                                               kelas)) if rules.deductions[code])


@settings(max_examples=200, deadline=None)
@given(rules_strategy, days_strategy, typed_strategy, st.sampled_from(["absent", "late", "early", "roll_calls"]),
       st.integers(1, 5), rating_strategy)
def test_deductions_never_fall_as_occurrences_rise(rules, raw, typed, kind, more, rating):
    fewer = month_of(raw, typed, (), (), rating, 9)
    counts = dict(zip(("absent", "late", "early", "roll_calls"), typed, strict=True))
    counts[kind] += more
    worse = month_of(raw, tuple(counts.values()), (), (), rating, 9)
    assert calculate(rules, worse).discipline_cut >= calculate(rules, fewer).discipline_cut
    assert calculate(rules, worse).total <= calculate(rules, fewer).total


# -- the payment list's row --------------------------------------------------------------------------------------

def test_payment_rows_worked_by_hand():
    from app.tpp.calc import payment

    payroll = A.payroll  # subsidy 4 %, BPJS 4 %, iuran 1 %; PPh 21 III 5 %, IV 15 %
    # TL2 twice and TK once under A: 3.724.000; golongan III/a
    row = payment(BASE, 3_724_000, 0, payroll, payroll.tax_of("III/a", "pns"), "half_up")
    assert (row.percent, row.amount, row.subsidy, row.gross, row.bpjs, row.contribution, row.deductions, row.net,
            row.tax, row.received) == (D("98.00"), 3_724_000, 148_960, 3_872_960, 148_960, 37_240, 186_200,
                                       3_686_760, 193_648, 3_493_112)
    # a medium sanction: 25 % of 3.800.000 cut after the 100 % earned; golongan IV/b
    row = payment(BASE, 2_850_000, 950_000, payroll, payroll.tax_of("IV/b", "pns"), "half_up")
    assert (row.percent, row.amount, row.sanction, row.gross, row.net, row.tax, row.received) == (
        D("100.00"), 3_800_000, 950_000, 2_964_000, 2_821_500, 444_600, 2_376_900)
    assert payroll.tax_of("II/c", "pns") == 0 and payroll.tax_of("IX", "pppk") == D(5)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50_000_000), st.integers(0, 100), st.sampled_from(["I/a", "III/c", "IV/e", None]))
def test_payment_rows_add_up(base, earned, golongan):
    from app.tpp.calc import payment

    total = base * earned // 100
    row = payment(base, total, 0, A.payroll, A.payroll.tax_of(golongan, "pns"), "down")
    assert row.gross == total + row.subsidy and row.net == row.gross - row.deductions
    assert row.received == row.net - row.tax and 0 <= row.received <= row.gross
