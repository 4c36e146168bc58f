"""Award scoring and ranking (DOMAIN.md §6): hand-worked cases for the attendance score, the weighted total,
every tie-break step, and invariants checked with hypothesis."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.awards.calc import (
    TIE_BREAKS,
    AttendanceCounts,
    CriterionSpec,
    Entry,
    PenaltyLine,
    attendance_score,
    check_weights,
    rank,
    weighted_total,
)
from app.awards.models import CRITERION_SOURCES
from app.awards.presets import (
    ATTENDANCE_PRESETS,
    DEFAULT_ATTENDANCE_PRESET,
    DINSOS_DKI,
    INSTRUMENT_DINSOS_DKI,
    AttendancePreset,
    Step,
)

# -- attendance score (Dinsos DKI preset) -------------------------------------------------------------------


@pytest.mark.parametrize(("counts", "score", "lines"), [
    ((0, 0, 0, 0, 0), "100", []),
    ((1, 0, 0, 0, 0), "97.5", [("leave", 1, "2.5")]),  # leave < 3 days: 2.5
    ((2, 0, 0, 0, 0), "97.5", [("leave", 2, "2.5")]),
    ((3, 0, 0, 0, 0), "95", [("leave", 3, "5")]),  # ≥ 3 days: 5
    ((12, 0, 0, 0, 0), "95", [("leave", 12, "5")]),
    ((0, 1, 0, 0, 0), "80", [("absent", 1, "20")]),  # TK once: 20
    ((0, 2, 0, 0, 0), "70", [("absent", 2, "30")]),  # more: 30
    ((0, 6, 0, 0, 0), "70", [("absent", 6, "30")]),
    ((0, 0, 1, 0, 0), "95", [("early", 1, "5")]),  # early leave once: 5
    ((0, 0, 2, 0, 0), "90", [("early", 2, "10")]),  # more: 10
    ((0, 0, 0, 1, 0), "95", [("late", 1, "5")]),  # late once: 5
    ((0, 0, 0, 2, 0), "90", [("late", 2, "10")]),  # more: 10
    ((0, 0, 0, 0, 1), "90", [("roll_call", 1, "10")]),  # any missed roll call: 10
    ((0, 0, 0, 0, 2), "90", [("roll_call", 2, "10")]),
    ((2, 0, 0, 1, 0), "92.5", [("leave", 2, "2.5"), ("late", 1, "5")]),  # 100 − 2.5 − 5
    # Everything at its highest: 100 − 5 − 30 − 10 − 10 − 10 = 35, explained in the preset's order.
    ((3, 2, 2, 2, 1), "35", [("leave", 3, "5"), ("absent", 2, "30"), ("early", 2, "10"), ("late", 2, "10"),
                             ("roll_call", 1, "10")]),
])
def test_attendance_score_hand_worked(counts, score, lines):
    result, explanation = attendance_score(AttendanceCounts(*counts))
    assert result == D(score)
    assert explanation == [PenaltyLine(key, count, D(penalty)) for key, count, penalty in lines]


def test_attendance_score_has_two_places_and_named_lines():
    score, lines = attendance_score(AttendanceCounts(leave_days=1))
    assert str(score) == "97.50"
    assert lines[0].key == "leave" and lines[0].count == 1 and lines[0].penalty == D("2.5")


def test_attendance_score_is_floored_at_zero():
    # A stricter preset (data, not code): TK once costs 150, so 100 − 150 − 10 floors at 0.
    strict = AttendancePreset("strict", "Strict", "test", D(100),
                              (("absent", (Step(1, D(150)),)), ("roll_call", (Step(1, D(10)),))))
    score, lines = attendance_score(AttendanceCounts(absent_days=1, missed_roll_calls=1), strict)
    assert score == 0
    assert [line.penalty for line in lines] == [D(150), D(10)]  # the explanation still shows what was charged


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        attendance_score(AttendanceCounts(late_arrivals=-1))


def test_presets_registry():
    assert ATTENDANCE_PRESETS == {"dinsos_dki": DINSOS_DKI}
    assert DEFAULT_ATTENDANCE_PRESET is DINSOS_DKI
    assert "[C]" in DINSOS_DKI.source
    assert check_weights(c["weight"] for c in INSTRUMENT_DINSOS_DKI["criteria"]) is None
    assert {c["source"] for c in INSTRUMENT_DINSOS_DKI["criteria"]} <= set(CRITERION_SOURCES)


counts = st.builds(AttendanceCounts, *[st.integers(0, 25)] * 5)


@given(counts)
def test_attendance_score_within_0_and_100(c):
    assert D(0) <= attendance_score(c)[0] <= D(100)


@given(counts, st.sampled_from(["leave_days", "absent_days", "early_leaves", "late_arrivals",
                                "missed_roll_calls"]))
def test_one_more_absence_never_raises_the_score(c, field):
    worse = replace(c, **{field: getattr(c, field) + 1})
    assert attendance_score(worse)[0] <= attendance_score(c)[0]


# -- weighted total -----------------------------------------------------------------------------------------

BERAKHLAK, ATTENDANCE, CKP = 1, 2, 3
# The published instrument: peer BerAKHLAK 30 % on 1–5, attendance 40 % and CKP 30 % on 0–100.
DKI = (CriterionSpec(BERAKHLAK, D(30), D(5), "assessor"), CriterionSpec(ATTENDANCE, D(40), D(100), "attendance"),
       CriterionSpec(CKP, D(30), D(100), "achievement"))
T0 = datetime(2018, 2, 1, 2, 0, tzinfo=UTC)


def entry(nomination_id=1, scores=None, auto=None, attendance=None, absent_days=0, nominated_at=T0):
    scores = {a: {c: D(v) for c, v in by_c.items()} for a, by_c in (scores or {}).items()}
    auto = {c: (None if v is None else D(v)) for c, v in (auto or {}).items()}
    return Entry(nomination_id, scores, auto, None if attendance is None else D(attendance), absent_days,
                 nominated_at)


def peers(*values):
    """BerAKHLAK scores from assessors 10, 11, ... (None = excluded: no scores for this nominee)."""
    return {10 + i: {BERAKHLAK: v} for i, v in enumerate(values) if v is not None}


@pytest.mark.parametrize(("scores", "auto", "total"), [
    # BerAKHLAK 4, 5, 4 → mean 4.3333… → 86.666… % → × 30 % = 26.0; attendance 1 late + 2 days leave
    # → 100 − 5 − 2.5 = 92.5 → × 40 % = 37.0; CKP 88 → × 30 % = 26.4. Total 26 + 37 + 26.4 = 89.40.
    (peers(4, 5, 4), {ATTENDANCE: "92.5", CKP: "88"}, "89.40"),
    # The third assessor is excluded (conflict of interest): mean of 4 and 5 = 4.5 → 90 % → 27.0 (not 3 → 18).
    # 27 + 37 + 26.4 = 90.40.
    (peers(4, 5, None), {ATTENDANCE: "92.5", CKP: "88"}, "90.40"),
    # No assessor scored: BerAKHLAK counts 0. 0 + 37 + 26.4 = 63.40.
    (peers(), {ATTENDANCE: "92.5", CKP: "88"}, "63.40"),
    # No data at all: 0.
    (peers(), {}, "0.00"),
    (peers(), {ATTENDANCE: None, CKP: None}, "0.00"),
    # All top marks: 30 + 40 + 30.
    (peers(5, 5), {ATTENDANCE: "100", CKP: "100"}, "100.00"),
    # The bottom of a 1–5 scale is 20 %, not 0: 1 → 20 % → 6.0; attendance 35 → 14.0; CKP 0 → 0. 20.00.
    (peers(1), {ATTENDANCE: "35", CKP: "0"}, "20.00"),
    # Half up only at the end: 3 → 60 % → 18; 97.5 → 39; 80.15 → 24.045. 81.045 → 81.05 (half even: 81.04).
    (peers(3), {ATTENDANCE: "97.5", CKP: "80.15"}, "81.05"),
    # CKP above 100 % counts 100 (the criterion cannot give more than its weight): 24 + 40 + 30 = 94.00.
    (peers(4), {ATTENDANCE: "100", CKP: "110"}, "94.00"),
    # 2 dp scores: 4.25 and 3.5 → mean 3.875 → 77.5 % → 23.25; 90 → 36; 77.77 → 23.331. 82.581 → 82.58.
    (peers("4.25", "3.5"), {ATTENDANCE: "90", CKP: "77.77"}, "82.58"),
])
def test_weighted_total_hand_worked(scores, auto, total):
    result, parts = weighted_total(DKI, entry(scores=scores, auto=auto))
    assert result == D(total)
    assert [p.criterion_id for p in parts] == [BERAKHLAK, ATTENDANCE, CKP]


def test_parts_of_the_worked_example_keep_full_precision():
    total, parts = weighted_total(DKI, entry(scores=peers(4, 5, 4), auto={ATTENDANCE: "92.5", CKP: "88"}))
    peer, attendance, ckp = parts
    assert peer.mean == D(13) / 3 and peer.assessors == 3
    assert peer.normalised.quantize(D("0.0001")) == D("86.6667")
    assert peer.weighted.quantize(D("0.0001")) == D("26.0000")
    assert len(peer.normalised.as_tuple().digits) > 6  # not rounded for display
    assert sum(p.weighted for p in parts).quantize(D("0.01")) == total  # the total comes from the parts
    assert (attendance.mean, attendance.normalised, attendance.weighted, attendance.assessors) == \
        (D("92.5"), D("92.5"), D(37), 0)
    assert (ckp.mean, ckp.normalised, ckp.weighted) == (D(88), D(88), D("26.4"))


def test_excluded_assessor_is_left_out_of_the_mean():
    _total, (peer, *_rest) = weighted_total(DKI, entry(scores=peers(4, 5, None)))
    assert peer.mean == D("4.5") and peer.assessors == 2 and peer.normalised == D(90) and peer.weighted == D(27)


def test_nominee_without_scores_has_no_mean_and_counts_zero():
    total, parts = weighted_total(DKI, entry())
    assert total == 0
    assert [(p.mean, p.normalised, p.weighted, p.assessors) for p in parts] == [(None, 0, 0, 0)] * 3


def test_value_above_the_scale_shows_as_given_and_counts_the_maximum():
    _total, (_peer, _attendance, ckp) = weighted_total(DKI, entry(auto={CKP: "110"}))
    assert ckp.mean == D(110) and ckp.normalised == D(100) and ckp.weighted == D(30)


def test_each_assessor_criterion_has_its_own_mean():
    # Two peer criteria, 50 % each on 1–5. Assessor 10 scored both (5 and 3); assessor 11 only the first (4).
    # First: (5 + 4) / 2 = 4.5 → 90 % → 45; second: 3 from one assessor → 60 % → 30. Total 75.00.
    criteria = (CriterionSpec(1, D(50), D(5), "assessor"), CriterionSpec(2, D(50), D(5), "assessor"))
    total, parts = weighted_total(criteria, entry(scores={10: {1: 5, 2: 3}, 11: {1: 4}}))
    assert total == D("75.00")
    assert [(p.mean, p.assessors) for p in parts] == [(D("4.5"), 2), (D(3), 1)]


def test_another_scale_and_weights():
    # 60 % on a 1–4 scale: 3 and 2 → 2.5 → 62.5 % → 37.5; attendance 40 %: 65 → 26. Total 63.50.
    criteria = (CriterionSpec(7, D(60), D(4), "assessor"), CriterionSpec(8, D(40), D(100), "attendance"))
    total, _parts = weighted_total(criteria, entry(scores={1: {7: 3}, 2: {7: 2}}, auto={8: 65}))
    assert total == D("63.50")


@pytest.mark.parametrize(("weights", "error"), [
    ([], "no_criteria"),
    (["30", "40", "30"], None),
    (["100"], None),
    (["33.33", "33.33", "33.34"], None),
    (["30", "40", "20"], "weights_not_100"),  # 90
    (["30", "40", "31"], "weights_not_100"),  # 101
    (["33.33", "33.33", "33.33"], "weights_not_100"),  # 99.99
    (["0", "100"], "weight_not_positive"),
    (["-10", "110"], "weight_not_positive"),
])
def test_check_weights(weights, error):
    assert check_weights([D(w) for w in weights]) == error


def test_weights_not_totalling_100_are_rejected():
    criteria = (CriterionSpec(1, D(30), D(5), "assessor"), CriterionSpec(2, D(40), D(100), "attendance"))
    with pytest.raises(ValueError, match="weights_not_100"):
        weighted_total(criteria, entry())
    with pytest.raises(ValueError, match="weights_not_100"):
        rank(criteria, [entry()], 1)
    with pytest.raises(ValueError, match="no_criteria"):
        rank((), [], 1)


@pytest.mark.parametrize(("criteria", "item", "message"), [
    (DKI, entry(scores={10: {ATTENDANCE: 5}}), "not assessor criteria"),  # a peer score for an automatic one
    (DKI, entry(scores={10: {99: 5}}), "not assessor criteria"),  # a criterion of another instrument
    (DKI, entry(auto={BERAKHLAK: 90}), "not automatic"),
    ((CriterionSpec(1, D(50), D(5), "assessor"), CriterionSpec(1, D(50), D(5), "assessor")), entry(),
     "duplicate criterion"),
    ((CriterionSpec(1, D(100), D(0), "assessor"),), entry(), "scale_max"),
    ((CriterionSpec(1, D(100), D(5), "peer"),), entry(), "unknown criterion source"),
])
def test_inconsistent_input_is_refused(criteria, item, message):
    with pytest.raises(ValueError, match=message):
        weighted_total(criteria, item)


def test_rank_refuses_duplicate_nominations_and_negative_winners():
    with pytest.raises(ValueError, match="duplicate nomination"):
        rank(DKI, [entry(1), entry(1)], 1)
    with pytest.raises(ValueError, match="winners"):
        rank(DKI, [entry(1)], -1)


# -- ranking and its tie-breaks -----------------------------------------------------------------------------

PEER_ONLY = (CriterionSpec(1, D(100), D(5), "assessor"),)  # total = the peers' mean × 20
CKP_ONLY = (CriterionSpec(3, D(100), D(100), "achievement"),)


def order(ranked):
    return [(r.nomination_id, r.rank, r.decided_by) for r in ranked]


def test_ranking_the_published_instrument():
    entries = [
        entry(1, peers(4, 5, 4), {ATTENDANCE: "92.5", CKP: "88"}, "92.5"),  # 89.40 (the worked example)
        entry(2, peers(4, 5, None), {ATTENDANCE: "92.5", CKP: "88"}, "92.5"),  # 90.40
        entry(3, peers(), {ATTENDANCE: "92.5", CKP: "88"}, "92.5"),  # 63.40
        entry(4, peers(5, 5), {ATTENDANCE: "100", CKP: "100"}, "100"),  # 100.00
    ]
    ranked = rank(DKI, entries, 2)
    assert [(r.nomination_id, r.total, r.rank, r.winner) for r in ranked] == [
        (4, D("100.00"), 1, True), (2, D("90.40"), 2, True), (1, D("89.40"), 3, False), (3, D("63.40"), 4, False)]
    assert [r.decided_by for r in ranked] == ["total", "total", "total", None]
    assert ranked[2].parts == weighted_total(DKI, entries[0])[1]


def test_step_total():
    # 5 → 100.00 beats 4 → 80.00, whatever the later steps say.
    ranked = rank(PEER_ONLY, [entry(1, {10: {1: 4}}, attendance="100"),
                              entry(2, {10: {1: 5}}, attendance="50", absent_days=3,
                                    nominated_at=T0 + timedelta(days=5))], 1)
    assert order(ranked) == [(2, 1, "total"), (1, 2, None)]
    assert [r.winner for r in ranked] == [True, False]


def test_step_attendance():
    # Both 80.00; attendance 95 beats 90 even against fewer TK days, an earlier nomination and a lower id.
    ranked = rank(PEER_ONLY, [entry(1, {10: {1: 4}}, attendance="90"),
                              entry(2, {10: {1: 4}}, attendance="95", absent_days=1,
                                    nominated_at=T0 + timedelta(days=1))], 1)
    assert order(ranked) == [(2, 1, "attendance"), (1, 2, None)]


def test_step_attendance_none_counts_lowest():
    # No attendance recap loses even to a score of 0.
    ranked = rank(PEER_ONLY, [entry(1, {10: {1: 4}}, attendance=None), entry(2, {10: {1: 4}}, attendance="0")], 1)
    assert order(ranked) == [(2, 1, "attendance"), (1, 2, None)]


def test_step_absent_days():
    # Both 80.00 and attendance 70: nominee 1 has 2 TK days (100 − 30); nominee 2 none but left early twice,
    # came late twice and missed a roll call (100 − 10 − 10 − 10). Fewer TK days wins.
    tk, _lines = attendance_score(AttendanceCounts(absent_days=2))
    other, _lines = attendance_score(AttendanceCounts(early_leaves=2, late_arrivals=2, missed_roll_calls=1))
    assert tk == other == D(70)
    ranked = rank(PEER_ONLY, [entry(1, {10: {1: 4}}, attendance=tk, absent_days=2),
                              entry(2, {10: {1: 4}}, attendance=other, absent_days=0,
                                    nominated_at=T0 + timedelta(days=1))], 1)
    assert order(ranked) == [(2, 1, "absent_days"), (1, 2, None)]


def test_step_absent_days_without_attendance():
    ranked = rank(PEER_ONLY, [entry(1, absent_days=1), entry(2, absent_days=0)], 1)
    assert order(ranked) == [(2, 1, "absent_days"), (1, 2, None)]


def test_step_nominated_at():
    # Same total, attendance and TK days: the earlier nomination wins over the lower id.
    ranked = rank(PEER_ONLY, [entry(1, {10: {1: 4}}, attendance="90", nominated_at=T0 + timedelta(minutes=1)),
                              entry(2, {10: {1: 4}}, attendance="90", nominated_at=T0)], 1)
    assert order(ranked) == [(2, 1, "nominated_at"), (1, 2, None)]


def test_step_id():
    ranked = rank(PEER_ONLY, [entry(7, {10: {1: 4}}, attendance="90"), entry(3, {10: {1: 4}}, attendance="90")], 1)
    assert order(ranked) == [(3, 1, "id"), (7, 2, None)]


def test_the_rounded_total_decides_not_hidden_digits():
    # CKP 86.666 and 86.67 both show 86.67; the better attendance wins although 86.666 < 86.67.
    ranked = rank(CKP_ONLY, [entry(1, auto={3: "86.67"}, attendance="90"),
                             entry(2, auto={3: "86.666"}, attendance="95")], 1)
    assert [r.total for r in ranked] == [D("86.67"), D("86.67")]
    assert order(ranked) == [(2, 1, "attendance"), (1, 2, None)]


def test_every_step_in_one_list():
    later = T0 + timedelta(hours=1)
    entries = [
        entry(6, {10: {1: 3}}),  # 60.00: last by total
        entry(5, {10: {1: 4}}, attendance="90", absent_days=0, nominated_at=later),
        entry(4, {10: {1: 4}}, attendance="90", absent_days=0, nominated_at=later),  # id before 5
        entry(3, {10: {1: 4}}, attendance="90", absent_days=0, nominated_at=T0),  # earlier than 4 and 5
        entry(2, {10: {1: 4}}, attendance="95", absent_days=1),  # fewer TK than 1
        entry(1, {10: {1: 4}}, attendance="95", absent_days=2),  # better attendance than 3–5
        entry(0, {10: {1: 5}}),  # 100.00
    ]
    ranked = rank(PEER_ONLY, entries, 3)
    assert order(ranked) == [(0, 1, "total"), (2, 2, "absent_days"), (1, 3, "attendance"), (3, 4, "nominated_at"),
                             (4, 5, "id"), (5, 6, "total"), (6, 7, None)]
    assert [r.winner for r in ranked] == [True, True, True, False, False, False, False]


@pytest.mark.parametrize(("n", "winners", "expected"), [(0, 1, 0), (1, 3, 1), (3, 1, 1), (3, 0, 0), (4, 4, 4)])
def test_winners_are_the_first(n, winners, expected):
    ranked = rank(PEER_ONLY, [entry(i, {10: {1: 1 + i % 5}}) for i in range(n)], winners)
    assert [r.winner for r in ranked] == [True] * expected + [False] * (n - expected)


# -- invariants ---------------------------------------------------------------------------------------------

SCALES = st.sampled_from([D(4), D(5), D(10), D(100)])
TIMES = st.sampled_from([T0, T0 + timedelta(minutes=1), T0 + timedelta(days=3)])  # few values: ties happen


@st.composite
def instruments(draw):
    """1–5 criteria with positive 2-place weights totalling 100 (cuts of 100.00 into pieces)."""
    cuts = sorted(draw(st.sets(st.integers(1, 9999), max_size=4)))
    bounds = [0, *cuts, 10000]
    criteria = []
    for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
        source = draw(st.sampled_from(["assessor", "assessor", "attendance", "achievement"]))
        scale = draw(SCALES) if source == "assessor" else D(100)
        criteria.append(CriterionSpec(100 + i, D(high - low) / 100, scale, source))
    return tuple(criteria)


def values(scale):
    return st.decimals(min_value=0, max_value=scale, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def entries_for(draw, criteria, nomination_id):
    scores = {}
    for assessor in range(draw(st.integers(0, 4))):
        scores[assessor] = {c.id: draw(values(c.scale_max)) for c in criteria
                            if c.source == "assessor" and draw(st.booleans())}  # some left unscored
    auto = {c.id: draw(st.none() | values(D(120))) for c in criteria if c.source != "assessor"}
    attendance = draw(st.none() | st.sampled_from([D(70), D("92.5"), D(100)]))
    return Entry(nomination_id, scores, auto, attendance, draw(st.integers(0, 2)), draw(TIMES))


@st.composite
def rounds(draw):
    criteria = draw(instruments())
    ids = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=8))
    return criteria, [draw(entries_for(criteria, i)) for i in ids]


@given(rounds())
def test_total_is_between_0_and_100(data):
    criteria, entries = data
    for e in entries:
        total, parts = weighted_total(criteria, e)
        assert D(0) <= total <= D(100)
        assert all(D(0) <= p.weighted <= c.weight for p, c in zip(parts, criteria, strict=True))


@given(rounds(), st.integers(0, 10))
def test_ranking_is_a_complete_order(data, winners):
    criteria, entries = data
    ranked = rank(criteria, entries, winners)
    assert sorted(r.nomination_id for r in ranked) == sorted(e.nomination_id for e in entries)
    assert [r.rank for r in ranked] == list(range(1, len(entries) + 1))
    assert sum(r.winner for r in ranked) == min(winners, len(entries))
    assert all(a.total >= b.total for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(r.decided_by in TIE_BREAKS for r in ranked[:-1])
    assert all(a.total > b.total for a, b in zip(ranked, ranked[1:], strict=False) if a.decided_by == "total")
    assert not ranked or ranked[-1].decided_by is None


@given(rounds(), st.randoms(use_true_random=False), st.integers(0, 3))
def test_ranking_does_not_depend_on_input_order(data, rnd, winners):
    criteria, entries = data
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert rank(criteria, shuffled, winners) == rank(criteria, entries, winners)


@given(st.data())
def test_raising_one_score_never_lowers_the_total(data):
    criteria = data.draw(instruments())
    e = data.draw(entries_for(criteria, 1))
    scored = [(a, c) for a, by_c in e.scores.items() for c in by_c]
    if not scored:
        return
    assessor, criterion_id = data.draw(st.sampled_from(scored))
    scale = next(c.scale_max for c in criteria if c.id == criterion_id)
    before = e.scores[assessor][criterion_id]
    after = before + data.draw(values(scale - before))  # up to the top of the scale
    raised = replace(e, scores={**e.scores, assessor: {**e.scores[assessor], criterion_id: after}})
    assert weighted_total(criteria, raised)[0] >= weighted_total(criteria, e)[0]


def test_a_shuffled_list_ranks_the_same():
    entries = [entry(i, {10: {1: 1 + i % 5}}, attendance="90") for i in range(20)]  # many ties on total
    shuffled = entries[:]
    random.Random(4).shuffle(shuffled)
    assert rank(PEER_ONLY, shuffled, 3) == rank(PEER_ONLY, entries, 3)
