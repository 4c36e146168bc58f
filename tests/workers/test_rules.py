"""An OPD's rules for its non-ASN workers (``app.workers.rules``): the shipped rules read, each broken part
refused by name, the evaluation's score worked by hand, the warnings' escalation."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from app.workers import shipped
from app.workers.rules import (
    MAX_CRITERIA,
    RESULTS,
    WARNING_LEVELS,
    BadRules,
    Evaluation,
    Honor,
    Rules,
    Score,
    next_warning,
    periods,
    score,
)

CRITERIA = tuple(shipped.DEFAULT["evaluation"]["criteria"])


def changed(part: str | None, **values) -> dict:
    """The shipped rules with ``values`` put in ``part`` ("honor", "evaluation" or None for the top)."""
    data = copy.deepcopy(shipped.DEFAULT)
    (data[part] if part else data).update(values)
    return data


def without(part: str | None, key: str) -> dict:
    data = copy.deepcopy(shipped.DEFAULT)
    del (data[part] if part else data)[key]
    return data


def test_the_shipped_rules_read():
    rules = Rules.read(shipped.DEFAULT)
    assert rules.honor == Honor(frozenset({"present", "no_in", "no_out", "travel"}), D(2), D("0.5"), D("0.5"),
                                D(100))
    assert rules.evaluation == Evaluation("quarter", CRITERIA, 5, ((D(85), "sangat_baik"), (D(70), "baik"),
                                                                   (D(55), "cukup"), (D(0), "kurang")))
    assert rules.notice_days == 60
    assert shipped.NOTES and all(note[:3] in ("[C]", "[U]") for note in shipped.NOTES)


def test_reading_leaves_the_stored_json_as_it_was():
    data = copy.deepcopy(shipped.DEFAULT)
    Rules.read(data)
    assert data == shipped.DEFAULT


def test_criteria_are_read_without_surrounding_spaces():
    rules = Rules.read(changed("evaluation", criteria=["  Kerja sama ", "Disiplin"]))
    assert rules.evaluation.criteria == ("Kerja sama", "Disiplin")


def test_percentages_may_be_whole_numbers_or_strings_with_two_decimals():
    rules = Rules.read(changed("honor", absent_pct=3, late_pct=" 0.25 ", early_pct="0", cap="99.99"))
    assert (rules.honor.absent_pct, rules.honor.late_pct, rules.honor.early_pct, rules.honor.cap) == (
        D(3), D("0.25"), D(0), D("99.99"))


BAD = [
    pytest.param(["honor"], "rules", id="not-an-object"),
    pytest.param(without(None, "honor"), "honor", id="honor-missing"),
    pytest.param(changed(None, honor=["present"]), "honor", id="honor-not-an-object"),
    pytest.param(changed("honor", paid=["present", "holiday"]), "paid", id="paid-status-unknown"),
    pytest.param(changed("honor", paid=["present", "weekend"]), "paid", id="paid-day-off"),
    pytest.param(changed("honor", paid=[]), "paid", id="paid-none"),
    pytest.param(changed("honor", paid="present"), "paid", id="paid-not-a-list"),
    pytest.param(without("honor", "paid"), "paid", id="paid-missing"),
    pytest.param(changed("honor", absent_pct="2.125"), "absent_pct", id="pct-3-decimals"),
    pytest.param(changed("honor", late_pct=0.5), "late_pct", id="pct-float-in-json"),
    pytest.param(changed("honor", late_pct=True), "late_pct", id="pct-boolean"),
    pytest.param(changed("honor", early_pct="-0.5"), "early_pct", id="pct-negative"),
    pytest.param(changed("honor", cap="100.01"), "cap", id="pct-above-100"),
    pytest.param(changed("honor", cap=101), "cap", id="pct-int-above-100"),
    pytest.param(changed("honor", absent_pct="dua"), "absent_pct", id="pct-not-a-number"),
    pytest.param(changed("honor", absent_pct="NaN"), "absent_pct", id="pct-nan"),
    pytest.param(changed("honor", absent_pct="Infinity"), "absent_pct", id="pct-infinity"),
    pytest.param(without("honor", "cap"), "cap", id="pct-missing"),
    pytest.param(without(None, "evaluation"), "evaluation", id="evaluation-missing"),
    pytest.param(changed("evaluation", every="month"), "every", id="every-month"),
    pytest.param(changed("evaluation", criteria=[]), "criteria", id="criteria-none"),
    pytest.param(changed("evaluation", criteria=[f"K{n}" for n in range(MAX_CRITERIA + 1)]), "criteria",
                 id="criteria-too-many"),
    pytest.param(changed("evaluation", criteria=["Kerja sama", "kerja sama "]), "criteria", id="criteria-twice"),
    pytest.param(changed("evaluation", criteria=["Kerja sama", "   "]), "criteria", id="criteria-blank"),
    pytest.param(changed("evaluation", criteria=["x" * 121]), "criteria", id="criteria-too-long"),
    pytest.param(changed("evaluation", criteria=[5]), "criteria", id="criteria-not-text"),
    pytest.param(changed("evaluation", scale=1), "scale", id="scale-1"),
    pytest.param(changed("evaluation", scale=11), "scale", id="scale-11"),
    pytest.param(changed("evaluation", scale="5"), "scale", id="scale-text"),
    pytest.param(changed("evaluation", scale=5.0), "scale", id="scale-float"),
    pytest.param(changed("evaluation", scale=True), "scale", id="scale-boolean"),
    pytest.param(changed("evaluation", bands=[["70", "sangat_baik"], ["85", "baik"], ["55", "cukup"],
                                              ["0", "kurang"]]), "bands", id="bands-not-descending"),
    pytest.param(changed("evaluation", bands=[["85", "sangat_baik"], ["70", "baik"], ["70", "cukup"],
                                              ["0", "kurang"]]), "bands", id="bands-equal"),
    pytest.param(changed("evaluation", bands=[["85", "sangat_baik"], ["70", "baik"], ["55", "cukup"],
                                              ["10", "kurang"]]), "bands", id="bands-last-not-0"),
    pytest.param(changed("evaluation", bands=[["85", "sangat_baik"], ["70", "cukup"], ["55", "baik"],
                                              ["0", "kurang"]]), "bands", id="bands-results-out-of-order"),
    pytest.param(changed("evaluation", bands=[["85", "sangat_baik"], ["70", "baik"], ["0", "kurang"]]), "bands",
                 id="bands-one-missing"),
    pytest.param(changed("evaluation", bands=[["85.001", "sangat_baik"], ["70", "baik"], ["55", "cukup"],
                                              ["0", "kurang"]]), "bands", id="bands-3-decimals"),
    pytest.param(changed("evaluation", bands=[[85.5, "sangat_baik"], ["70", "baik"], ["55", "cukup"],
                                              ["0", "kurang"]]), "bands", id="bands-float"),
    pytest.param(changed(None, notice_days=0), "notice_days", id="notice-0"),
    pytest.param(changed(None, notice_days=367), "notice_days", id="notice-367"),
    pytest.param(changed(None, notice_days="60"), "notice_days", id="notice-text"),
    pytest.param(changed(None, notice_days=60.0), "notice_days", id="notice-float"),
    pytest.param(without(None, "notice_days"), "notice_days", id="notice-missing"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_broken_rules_are_refused_naming_the_part(data, field):
    with pytest.raises(BadRules) as refused:
        Rules.read(data)
    assert refused.value.field == field
    assert str(refused.value).startswith(f"{field}: ") and refused.value.message


def test_the_message_names_the_allowed_statuses():
    with pytest.raises(BadRules) as refused:
        Rules.read(changed("honor", paid=["hadir"]))
    assert refused.value.values["allowed"].startswith("present, no_in, no_out, absent")
    assert "leave_unpaid" in str(refused.value)


# -- the evaluation's score --------------------------------------------------------------------------------------

FORM = Rules.read(shipped.DEFAULT).evaluation
# 2 criteria on a scale of 10: every 5 % from 10 to 100 is a score, so each band's edge can be hit exactly.
FINE = Rules.read(changed("evaluation", criteria=["Kehadiran", "Hasil kerja"], scale=10)).evaluation


def test_a_score_worked_by_hand():
    # points 5, 4, 4, 3, 4: 20 of 5 × 5 = 25, 80,00 % → "baik" (70 ≤ 80 < 85)
    points = dict(zip(CRITERIA, (5, 4, 4, 3, 4), strict=True))
    assert score(FORM, points) == Score(20, 25, D("80.00"), "baik")
    assert str(score(FORM, points).percent) == "80.00"


@pytest.mark.parametrize(("points", "percent", "result"), [
    ((10, 10), "100.00", "sangat_baik"),
    ((9, 8), "85.00", "sangat_baik"),  # 17 / 20, exactly the edge
    ((8, 8), "80.00", "baik"),  # 16 / 20
    ((7, 7), "70.00", "baik"),  # 14 / 20, exactly the edge
    ((7, 6), "65.00", "cukup"),
    ((6, 5), "55.00", "cukup"),  # 11 / 20, exactly the edge
    ((5, 5), "50.00", "kurang"),
    ((1, 1), "10.00", "kurang"),  # the least a worker can be given
], ids=["all", "edge-85", "80", "edge-70", "65", "edge-55", "50", "least"])
def test_each_band_starts_exactly_at_its_lowest_score(points, percent, result):
    found = score(FINE, dict(zip(FINE.criteria, points, strict=True)))
    assert (found.total, found.most, str(found.percent), found.result) == (sum(points), 20, percent, result)


def test_the_percentage_is_rounded_half_up_to_two_decimals():
    # 3 criteria on a scale of 3: 2 + 2 + 2 = 6 of 9 = 66,666… → 66,67; 1 + 1 + 2 = 4 of 9 = 44,44…
    form = Evaluation("year", ("a", "b", "c"), 3, FORM.bands)
    assert score(form, {"a": 2, "b": 2, "c": 2}).percent == D("66.67")
    assert score(form, {"a": 1, "b": 1, "c": 2}).percent == D("44.44")
    # 1 + 1 + 1 = 3 of 9 = 33,333… → 33,33: "kurang"; 3 + 3 + 2 = 8 of 9 = 88,888… → 88,89: "sangat baik"
    assert (score(form, {"a": 1, "b": 1, "c": 1}).percent, score(form, {"a": 1, "b": 1, "c": 1}).result) == (
        D("33.33"), "kurang")
    assert (score(form, {"a": 3, "b": 3, "c": 2}).percent, score(form, {"a": 3, "b": 3, "c": 2}).result) == (
        D("88.89"), "sangat_baik")


@pytest.mark.parametrize("points", [
    {},
    {CRITERIA[0]: 5},  # the other four missing
    dict.fromkeys(CRITERIA[1:], 4),  # the first missing
    dict.fromkeys(CRITERIA, 4) | {CRITERIA[2]: 0},
    dict.fromkeys(CRITERIA, 4) | {CRITERIA[2]: 6},  # above the scale
    dict.fromkeys(CRITERIA, 4) | {CRITERIA[2]: "4"},
    dict.fromkeys(CRITERIA, 4) | {CRITERIA[2]: 4.0},
    dict.fromkeys(CRITERIA, 4) | {CRITERIA[2]: True},
], ids=["none", "four-missing", "first-missing", "zero", "above-scale", "text", "float", "boolean"])
def test_a_missing_or_bad_criterion_is_a_value_error_naming_it(points):
    with pytest.raises(ValueError) as refused:
        score(FORM, points)
    assert str(refused.value) in CRITERIA
    first_bad = next(c for c in CRITERIA if c not in points or points[c] not in range(1, 6)
                     or type(points[c]) is not int)
    assert str(refused.value) == first_bad


def test_points_of_criteria_the_form_does_not_have_are_ignored():
    points = dict.fromkeys(CRITERIA, 4) | {"Kerapian": 1}
    assert score(FORM, points).total == 20


def test_periods():
    assert periods(FORM) == (1, 2, 3, 4)
    yearly = Rules.read(changed("evaluation", every="year")).evaluation
    assert periods(yearly) == (0,)


# -- warnings ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ([], "lisan"),
    (["lisan"], "tertulis"),
    (["lisan", "tertulis"], "sp1"),
    (["lisan", "sp1"], "sp2"),
    (["sp2"], "sp3"),
    (["sp1", "lisan", "lisan"], "sp2"),  # any order: one above the highest
    (["tertulis"], "sp1"),
    (["sp3"], None),  # after SP3: termination
    (["lisan", "tertulis", "sp1", "sp2", "sp3"], None),
], ids=["none", "lisan", "tertulis", "skipped-tertulis", "sp2", "any-order", "tertulis-only", "sp3", "all"])
def test_the_next_warning_is_one_above_the_highest(given, expected):
    assert next_warning(given) == expected


def test_the_escalation_in_order():
    given, steps = [], []
    while (step := next_warning(given)) is not None:
        steps.append(step)
        given.append(step)
    assert tuple(steps) == WARNING_LEVELS == ("lisan", "tertulis", "sp1", "sp2", "sp3")
    assert RESULTS == ("sangat_baik", "baik", "cukup", "kurang")
