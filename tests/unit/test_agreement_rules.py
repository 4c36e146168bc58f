"""Hand-worked cases and invariants for the agreement rules (DOMAIN.md §1)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.agreements.rules import (
    TRANSITIONS,
    aggregate,
    cascade,
    check_targets,
    diff,
    format_number,
    quarters_agree,
    transition_problem,
)

Q = lambda *v: tuple(D(str(x)) for x in v)  # noqa: E731


@pytest.mark.parametrize(("quarters", "rule", "polarity", "target", "lo", "hi", "agrees"), [
    # 276 hotspots watched over the year, counted per quarter: sum
    (Q(60, 70, 70, 76), "sum", "higher", D(276), None, None, True),
    (Q(60, 70, 70, 70), "sum", "higher", D(276), None, None, False),
    # a rate held all year: average (exact, 40 % in each quarter)
    (Q(40, 40, 40, 40), "average", "higher", D(40), None, None, True),
    (Q("37.5", 40, "42.5", 40), "average", "higher", D(40), None, None, True),
    (Q(40, 40, 40, 41), "average", "higher", D(40), None, None, False),
    # a cumulative percentage: the last quarter is the year
    (Q(25, 50, 75, 100), "last", "higher", D(100), None, None, True),
    (Q(25, 50, 75, 90), "last", "higher", D(100), None, None, False),
    # poverty down 1 %: lower is better, a cumulative figure
    (Q("0.25", "0.5", "0.75", 1), "last", "lower", D(1), None, None, True),
    # a range target: the year must land inside it
    (Q(20, 20, 20, 20), "sum", "range", None, D(70), D(90), True),
    (Q(20, 20, 20, 20), "sum", "range", None, D(81), D(90), False),
    (Q(85, 80, 82, 88), "average", "range", None, D(80), D(90), True),
])
def test_quarters_agree_hand_worked(quarters, rule, polarity, target, lo, hi, agrees):
    assert quarters_agree(quarters, rule, polarity, target, lo, hi) is agrees


@pytest.mark.parametrize(("kwargs", "fields"), [
    ({"polarity": "higher", "target": None}, {"target"}),
    ({"polarity": "higher", "target": D(-1)}, {"target"}),
    ({"polarity": "range", "target_min": D(9), "target_max": D(3)}, {"target_max"}),
    ({"polarity": "range", "target_min": None, "target_max": None}, {"target_min", "target_max"}),
    ({"polarity": "range", "target_min": D(-1), "target_max": D(3)}, {"target_min"}),
    ({"quarters": Q(1, 2, 3, 4)[:3] + (None,)}, {"tw1"}),
    ({"quarters": Q(-1, 1, 0, 100)}, {"tw1"}),
    ({"quarters": Q(10, 10, 10, 10)}, {"quarter_note"}),  # 40 ≠ 100 and no reason
    ({"quarters": Q(10, 10, 10, 10), "quarter_note": "Anggaran cair di Tw IV"}, set()),
    ({"quarters": Q(25, 25, 25, 25)}, set()),
    ({}, set()),
])
def test_check_targets(kwargs, fields):
    args = {"polarity": "higher", "target": D(100), "target_min": None, "target_max": None,
            "quarters": (None, None, None, None), "rule": "sum", "quarter_note": ""}
    args.update(kwargs)
    assert {p.field for p in check_targets(**args)} == fields


def test_the_message_says_what_the_quarters_give():
    (problem,) = check_targets("higher", D(276), None, None, Q(60, 70, 70, 70), "sum", "")
    assert "270" in str(problem.message)


@pytest.mark.parametrize(("value", "text"), [
    (D("276.0000"), "276"), (D("40.5000"), "40,5"), (D("1500000"), "1.500.000"), (D("0.25"), "0,25"),
    (D("-3"), "-3"), (None, ""),
])
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("action", "status", "actors", "allowed"), [
    ("submit", "draft", {"first_party"}, True),
    ("submit", "returned", {"hr"}, True),
    ("submit", "submitted", {"first_party"}, False),
    ("submit", "in_force", {"admin"}, False),
    ("submit", "draft", {"second_party"}, False),
    ("return", "submitted", {"second_party"}, True),
    ("return", "signed", {"hr"}, True),
    ("return", "draft", {"second_party"}, False),
    ("return", "in_force", {"admin"}, False),
    ("return", "submitted", {"first_party"}, False),
    ("sign", "submitted", {"first_party"}, True),
    ("sign", "submitted", {"hr", "admin", "second_party"}, False),  # nobody signs for the official
    ("sign", "draft", {"first_party"}, False),
    ("sign", "signed", {"first_party"}, False),
    ("countersign", "signed", {"second_party"}, True),
    ("countersign", "signed", {"external_recorder"}, True),
    ("countersign", "signed", {"first_party", "hr"}, False),
    ("countersign", "submitted", {"second_party"}, False),
    ("countersign", "in_force", {"second_party"}, False),
    ("edit", "in_force", {"admin"}, False),
    ("edit", "superseded", {"admin"}, False),
    ("edit", "signed", {"first_party"}, False),
    ("edit", "returned", {"first_party"}, True),
])
def test_transitions(action, status, actors, allowed):
    assert (transition_problem(action, status, actors) is None) is allowed


def test_nothing_leaves_in_force_or_superseded():
    for action in TRANSITIONS:
        for status in ("in_force", "superseded"):
            assert transition_problem(action, status, {"first_party", "second_party", "hr", "admin",
                                                       "external_recorder"}) is not None


def test_diff_matches_indicators_by_key_and_budget_by_name():
    old_i = {"k1": {"name": "Persentase PMKS", "target": D(40)}, "k2": {"name": "Dihapus", "target": D(1)}}
    new_i = {"k1": {"name": "Persentase PMKS", "target": D(45)}, "k3": {"name": "Baru", "target": D(2)}}
    old_b = {("program", "Rehabilitasi"): {"amount": 1_000_000, "note": ""}}
    new_b = {("program", "Rehabilitasi"): {"amount": 1_500_000, "note": ""}}
    changes = diff(old_i, new_i, old_b, new_b)
    assert [(c.what, c.kind, c.label) for c in changes] == [
        ("indicator", "removed", "Dihapus"), ("indicator", "changed", "Persentase PMKS"),
        ("indicator", "added", "Baru"), ("budget", "changed", "Rehabilitasi")]
    assert changes[1].fields == (("target", D(40), D(45)),)
    assert changes[3].fields == (("amount", 1_000_000, 1_500_000),)


targets = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(targets, min_size=4, max_size=4))
def test_quarters_always_agree_with_their_own_aggregate(quarters):
    quarters = tuple(quarters)
    for rule in ("sum", "last"):
        assert quarters_agree(quarters, rule, "higher", aggregate(quarters, rule), None, None)
    assert check_targets("higher", aggregate(quarters, "sum"), None, None, quarters, "sum", "") == []


@given(st.lists(targets, min_size=4, max_size=4), targets)
def test_a_range_around_the_aggregate_always_agrees(quarters, width):
    year = aggregate(tuple(quarters), "average")
    assert quarters_agree(tuple(quarters), "average", "range", None, year - width, year + width)


@given(st.dictionaries(st.text(min_size=1, max_size=4), targets, max_size=6))
def test_diff_of_a_version_with_itself_is_empty(rows):
    indicators = {k: {"name": k, "target": v} for k, v in rows.items()}
    assert diff(indicators, indicators, {}, {}) == []


def _a(id_, unit, *indicators):
    return {"id": id_, "unit_id": unit, "title": f"A{id_}",
            "indicators": [{"key": k, "name": k, "supports_key": s} for k, s in indicators]}


def test_cascade_hangs_agreements_from_the_nearest_unit_above_and_flags_gaps():
    # units: 1 OPD > 2 bidang > 3 seksi, and 1 OPD > 5 bidang (no agreement) > 6 seksi, whose agreement
    # therefore hangs from the OPD's.
    parent_of = {1: None, 2: 1, 3: 2, 5: 1, 6: 5}
    agreements = [
        _a(10, 1, ("opd-1", None), ("opd-2", None)),
        _a(20, 2, ("bid-1", "opd-1"), ("bid-2", None)),
        _a(30, 3, ("sek-1", "bid-1")),
        _a(60, 6, ("sek-6", "opd-1")),
    ]
    roots, counts = cascade(agreements, parent_of)
    assert [r.agreement_id for r in roots] == [10]
    assert sorted(c.agreement_id for c in roots[0].children) == [20, 60]
    bidang = next(c for c in roots[0].children if c.agreement_id == 20)
    assert [c.agreement_id for c in bidang.children] == [30]
    flags = {i["key"]: (i["orphan"], i["unsupported"]) for n in (roots[0], bidang, bidang.children[0])
             for i in n.indicators}
    assert flags["opd-2"] == (False, True)  # nobody supports it
    assert flags["bid-2"] == (True, True)  # supports nothing, and nothing supports it
    assert flags["bid-1"] == (False, False)
    assert flags["sek-1"] == (False, False)
    assert counts == {"orphans": 1, "unsupported": 2, "agreements": 4}


@given(st.integers(min_value=1, max_value=30))
def test_every_agreement_appears_once_in_the_cascade(n):
    parent_of = {u: (u // 2 or None) for u in range(1, n + 1)}
    agreements = [_a(u * 10, u, (f"k{u}", f"k{u // 2}" if u > 1 else None)) for u in range(1, n + 1)]
    roots, counts = cascade(agreements, parent_of)

    def walk(nodes):
        for node in nodes:
            yield node.agreement_id
            yield from walk(node.children)

    seen = list(walk(roots))
    assert sorted(seen) == sorted(a["id"] for a in agreements)
    assert counts["orphans"] == 0
