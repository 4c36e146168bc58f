"""A round through the services: nominate, close, score, rank, decide, number the certificates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.awards import services
from app.awards.models import Assessor, Certificate
from app.core.errors import Conflict, Refused
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from tests.awards.conftest import decided, nominate_all, score_all
from tests.factories import make_employee, make_position


def recap(employee, **counts):
    db.session.add(AttendanceMonth(employee_id=employee.id, year=2018, month=2, **counts))
    db.session.flush()


def test_whole_round(awards):
    a = awards
    recap(a.staff[0], late_arrivals=1, leave_days=2)  # 100 − 5 − 2.5 = 92.5
    recap(a.staff[1])  # 100
    recap(a.staff[2], early_leaves=2)  # 100 − 10 = 90
    nominate_all(a)
    services.close_nominations(a.round, a.round.version)
    assert a.round.status == "scoring"
    score_all(a, {"Ani Lestari": {"BerAKHLAK": "5", "Inovasi": "5"},
                  "Budi Hartono": {"BerAKHLAK": "4", "Inovasi": "4"},
                  "Citra Dewi": {"BerAKHLAK": "5", "Inovasi": "4"}})
    assert services.progress(a.round) == {**services.progress(a.round), "due": 6, "done": 6, "complete": True}
    ranking = services.standings(a.round)
    # Ani: 30 + 0.4 × 92.5 + 30 = 97.00; Citra: 30 + 36 + 24 = 90.00; Budi: 24 + 40 + 24 = 88.00
    assert [(r["nomination"].employee.name, r["total"]) for r in ranking] == [
        ("Ani Lestari", Decimal("97.00")), ("Citra Dewi", Decimal("90.00")), ("Budi Hartono", Decimal("88.00"))]
    services.decide(a.round, a.users["kadis"], "800/15/SK/2018", date(2018, 3, 5), a.round.version)
    assert a.round.frozen and a.round.result[0]["winner"] and a.round.result[0]["total"] == "97.00"
    winner = ranking[0]["nomination"]
    assert winner.winner and winner.rank == 1
    certificates = services.issue_certificates(a.round)
    assert [c.number for c in certificates] == ["800/1/A/III/2018"]
    content = certificates[0].content
    assert content["recipient"]["name"] == "Ani Lestari"
    assert content["citation"] == "sebagai Pegawai Terbaik Bulan Februari 2018 Kategori Pelaksana Teladan"
    assert content["signer"]["name"] == a.officials.kadis.display_name  # the head of the OPD signs
    assert services.issue_certificates(a.round) == []  # issuing again numbers nothing twice


def test_frozen_after_decision(awards):
    a = awards
    decided(a, number="SK-1")
    nomination = services.active_nominations(a.round)[0]
    seat = a.round.assessors[0]
    criteria = services.assessor_criteria(a.round)
    with pytest.raises(Refused):
        services.save_scores(nomination, seat, {criteria[0].id: "5"})
    with pytest.raises(Refused):
        services.decide(a.round, a.users["kadis"], "SK-2", date(2018, 3, 6), a.round.version)
    with pytest.raises(Refused):
        services.set_panel(a.round, [a.assessor.id])
    with pytest.raises(Refused):
        services.nominate(a.round, a.users["hr"], justification="x", employee=a.world.person_a,
                          today=date(2018, 3, 5))
    assert a.round.result[0]["decided_by"] in ("total", "attendance", "absent_days", "nominated_at", "id")


def test_decision_needs_complete_scores(awards):
    a = awards
    nominate_all(a)
    services.close_nominations(a.round, a.round.version)
    with pytest.raises(Refused, match="Tim penilai belum selesai"):
        services.decide(a.round, a.users["kadis"], "SK", date(2018, 3, 5), a.round.version)


def test_stale_round_version_conflicts(awards):
    nominate_all(awards)
    with pytest.raises(Conflict):
        services.close_nominations(awards.round, awards.round.version - 1)


# -- eligibility, one rule at a time -------------------------------------------------------------

def reasons_for(a, employee):
    return [r.key for r in services.candidates(a.round, [employee])[0][1]]


def test_eligible_by_default(awards):
    assert reasons_for(awards, awards.staff[0]) == []


def test_medium_sanction_in_force_excludes(awards):
    a = awards
    db.session.add(Sanction(employee_id=a.staff[0].id, level="medium", kind="Pemotongan TPP 25% 6 bulan",
                            decision_number="SK-9", decision_date=date(2017, 12, 1), starts_on=date(2018, 1, 1),
                            ends_on=date(2018, 6, 30)))
    db.session.add(Sanction(employee_id=a.staff[1].id, level="light", kind="Teguran lisan",
                            decision_number="SK-10", decision_date=date(2018, 1, 10), starts_on=date(2018, 1, 10)))
    db.session.add(Sanction(employee_id=a.staff[2].id, level="heavy", kind="Penurunan jabatan",
                            decision_number="SK-11", decision_date=date(2017, 1, 1), starts_on=date(2017, 1, 1),
                            ends_on=date(2018, 1, 31)))  # ended before February
    db.session.flush()
    assert reasons_for(a, a.staff[0]) == ["sanction"]
    assert reasons_for(a, a.staff[1]) == []  # a light sanction does not exclude
    assert reasons_for(a, a.staff[2]) == []
    text = services.reason_text(services.candidates(a.round, [a.staff[0]])[0][1][0])
    assert "SK-9" in text


def test_tk_that_month_excludes(awards):
    recap(awards.staff[0], absent_days=1)
    recap(awards.staff[1], late_arrivals=3)
    assert reasons_for(awards, awards.staff[0]) == ["absent"]
    assert reasons_for(awards, awards.staff[1]) == []


def test_recent_winner_excluded_for_n_months(awards):
    a = awards
    decided(a, {"Ani Lestari": {"BerAKHLAK": "5", "Inovasi": "5"}, "Budi Hartono": {"BerAKHLAK": "1", "Inovasi": "1"},
                "Citra Dewi": {"BerAKHLAK": "1", "Inovasi": "1"}})
    for month, excluded in ((3, True), (5, True), (6, False)):  # won February; cooldown 3 months
        later = services.start_round(a.category, 2018, month, date(2018, month, 1), date(2018, month, 9),
                                     [a.assessor.id])
        assert (reasons_for(a, a.staff[0]) if False else
                [r.key for r in services.candidates(later, [a.staff[0]])[0][1]]) == (["recent_win"] if excluded
                                                                                    else [])
        assert [r.key for r in services.candidates(later, [a.staff[1]])[0][1]] == []


def test_unit_heads_and_position_types(awards):
    a = awards
    assert reasons_for(a, a.officials.kasi) == ["head"]
    a.round.rules = dict(a.round.rules, exclude_heads=False, eligible_position_types=["fungsional"])
    assert reasons_for(a, a.officials.kasi) == ["position_type"]
    assert reasons_for(a, a.staff[0]) == ["position_type"]  # 'pelaksana' by default


def test_nomination_rules(awards):
    a = awards
    a.round.rules = dict(a.round.rules, quota_per_unit=2)
    hr = a.users["hr"]
    with pytest.raises(Refused, match="Usulan dibuka dari"):
        services.nominate(a.round, hr, justification="x", employee=a.staff[0], today=date(2018, 3, 10))
    with pytest.raises(Refused):
        services.nominate(a.round, hr, justification="  ", employee=a.staff[0], today=date(2018, 3, 5))
    services.nominate(a.round, hr, justification="x", employee=a.staff[0], today=date(2018, 3, 5))
    with pytest.raises(Refused, match="sudah diusulkan"):
        services.nominate(a.round, hr, justification="x", employee=a.staff[0], today=date(2018, 3, 5))
    services.nominate(a.round, hr, justification="x", employee=a.staff[1], today=date(2018, 3, 5))
    with pytest.raises(Refused, match="kuota 2 usulan"):  # two per unit
        services.nominate(a.round, hr, justification="x", employee=a.staff[2], today=date(2018, 3, 5))
    with pytest.raises(Refused, match="berasal dari OPD ini"):
        services.nominate(a.round, hr, justification="x", employee=a.world.person_b, today=date(2018, 3, 5))


# -- conflicts of interest ------------------------------------------------------------------------

def test_conflicts_of_interest(awards):
    a = awards
    w = a.world
    kabid_seat = next(s for s in a.round.assessors if s.user_id == a.users["kabid"].id)
    panel_seat = next(s for s in a.round.assessors if s.user_id == a.assessor.id)
    # kabid heads bidang_a: staff of bidang_a are direct subordinates, and so is the head of seksi_a below.
    staff_b = make_employee(w.bidang_a, "Dedi Bidang", w.position_a)
    a.round.rules = dict(a.round.rules, exclude_heads=False, quota_per_unit=5)
    nominations = {e.name: services.nominate(a.round, a.users["hr"], justification="x", employee=e,
                                             today=date(2018, 3, 5))
                   for e in (a.staff[0], staff_b, a.officials.kasi, a.officials.kabid)}
    assert services.conflict_of(kabid_seat, nominations["Ani Lestari"]) is None  # kasi is Ani's superior
    assert services.conflict_of(kabid_seat, nominations["Dedi Bidang"]) == "subordinate"
    assert services.conflict_of(kabid_seat, nominations["Sumadi"]) == "subordinate"  # head of the unit below
    assert services.conflict_of(kabid_seat, nominations["Mariana"]) == "self"
    assert services.conflict_of(panel_seat, nominations["Ani Lestari"]) is None
    own = make_employee(w.opd_a, "Rekan Sekantor", make_position(w.opd_a, "Pengadministrasi"))
    a.round.rules = dict(a.round.rules, quota_per_unit=5)
    nomination = services.nominate(a.round, a.users["hr"], justification="x", employee=own, today=date(2018, 3, 5))
    assert services.conflict_of(panel_seat, nomination) == "own_unit"
    a.round.rules = dict(a.round.rules, own_unit_conflict=False)
    assert services.conflict_of(panel_seat, nomination) is None
    services.close_nominations(a.round, a.round.version)
    with pytest.raises(Refused, match="bawahan langsung"):
        services.save_scores(nominations["Dedi Bidang"], kabid_seat, {})
    # Conflicted pairs are not due: progress counts only the sheets each assessor may fill in.
    assert services.progress(a.round)["due"] == 2 * 5 - 3


def test_score_values_checked(awards):
    a = awards
    nominate_all(a)
    services.close_nominations(a.round, a.round.version)
    nomination, seat = services.active_nominations(a.round)[0], a.round.assessors[0]
    first, second = services.assessor_criteria(a.round)
    errors = services.save_scores(nomination, seat, {first.id: "6", second.id: "abc"})
    assert set(errors) == {first.id, second.id}
    assert nomination.scores == []
    assert services.save_scores(nomination, seat, {first.id: "4,5", second.id: "2"}) == {}
    assert sorted(s.value for s in nomination.scores) == [Decimal("2"), Decimal("4.5")]


# -- instruments and categories -------------------------------------------------------------------

def test_instrument_weights_must_total_100(awards):
    rows = [{"name": "A", "weight": 60, "source": "assessor"}, {"name": "B", "weight": 30, "source": "attendance"}]
    with pytest.raises(Refused, match="90"):
        services.save_instrument(awards.world.opd_a, "X", "", rows)


def test_used_instrument_changes_as_a_new_version(awards):
    a = awards
    from tests.awards.conftest import CRITERIA

    changed = [dict(c) for c in CRITERIA]
    changed[0]["weight"], changed[2]["weight"] = 20, 40
    new = services.save_instrument(a.world.opd_a, "Instrumen Pegawai Terbaik", "", changed, a.instrument)
    assert new.id != a.instrument.id and new.number == 2 and a.instrument.superseded
    assert a.round.instrument_id == a.instrument.id  # the round keeps what it started with
    db.session.refresh(a.category)
    assert a.category.instrument_id == new.id
    unused = services.save_instrument(a.world.opd_a, "Baru", "", CRITERIA)
    again = services.save_instrument(a.world.opd_a, "Baru 2", "", changed, unused)
    assert again.id == unused.id and again.number == 1


def test_number_pattern_validated(awards):
    a = awards
    data = services.rules_of(a.category)
    with pytest.raises(Refused, match="seq"):
        services.save_category(a.world.opd_a, {"name": "X", "instrument_id": a.instrument.id,
                                               "number_pattern": "800/{unit}/{year}"})
    assert data["winners"] == 1


def test_unit_award(world):
    from tests.awards.conftest import build_awards

    a = build_awards(world, nominee_kind="unit", name="P3S", eligible_unit_kinds=["seksi"], exclude_heads=False)
    w = a.world
    rows = services.candidates(a.round, units=[w.seksi_a, w.bidang_a])
    assert [(u.name, [r.key for r in reasons]) for u, reasons in rows] == [
        ("Seksi Rehabilitasi Anak", []), ("Bidang Rehabilitasi Sosial", ["unit_kind"])]
    nomination = services.nominate(a.round, a.users["hr"], justification="Respons cepat", unit=w.seksi_a,
                                   today=date(2018, 3, 5))
    kabid_seat = next(s for s in a.round.assessors if s.user_id == a.users["kabid"].id)
    panel_seat = next(s for s in a.round.assessors if s.user_id == a.assessor.id)
    assert services.conflict_of(panel_seat, nomination) is None
    assert services.conflict_of(kabid_seat, nomination) == "subordinate"  # kabid heads the unit above the seksi
    kasi_seat = Assessor(user=a.users["kasi"])  # the head of the seksi itself would score their own unit
    assert services.conflict_of(kasi_seat, nomination) == "self"
    services.close_nominations(a.round, a.round.version)
    criteria = services.assessor_criteria(a.round)
    services.save_scores(nomination, panel_seat, {c.id: "4" for c in criteria})
    services.decide(a.round, a.users["kadis"], "SK", date(2018, 3, 5), a.round.version)
    certificate = services.issue_certificates(a.round)[0]
    assert certificate.content["recipient"] == {"is_unit": True, "name": "Seksi Rehabilitasi Anak",
                                                "unit": "Bidang Rehabilitasi Sosial"}


def test_certificate_numbers_continue_across_rounds(awards):
    a = awards
    a.round.appreciation = True
    decided(a)
    first = services.issue_certificates(a.round)
    assert [(c.seq, c.kind) for c in first] == [(1, "winner"), (2, "appreciation"), (3, "appreciation")]
    assert db.session.query(Certificate).count() == 3


def test_a_scale_may_start_at_zero(awards):
    rows = [{"name": "CKP", "weight": 100, "source": "assessor", "scale_min": 0, "scale_max": 100}]
    instrument = services.save_instrument(awards.world.opd_a, "Nol", "", rows)
    assert (instrument.criteria[0].scale_min, instrument.criteria[0].scale_max) == (0, 100)


def test_nominated_again_after_a_withdrawal(awards):
    a = awards
    first = services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0], today=date(2018, 3, 5))
    services.withdraw(first, "salah orang", first.version)
    again = services.nominate(a.round, a.users["hr"], justification="benar", employee=a.staff[0],
                              today=date(2018, 3, 5))
    assert again.id == first.id and again.withdrawn_at is None and again.justification == "benar"


def test_closing_withdraws_who_is_no_longer_eligible(awards):
    a = awards
    nominate_all(a)
    recap(a.staff[0], absent_days=3)  # recorded after the nomination
    services.close_nominations(a.round, a.round.version)
    withdrawn = [n for n in a.round.nominations if n.withdrawn_at is not None]
    assert [n.employee.name for n in withdrawn] == ["Ani Lestari"]
    assert "TK" in withdrawn[0].withdrawn_reason
    assert len(services.active_nominations(a.round)) == 2


def test_a_later_win_does_not_block_an_earlier_month(awards):
    a = awards
    march = services.start_round(a.category, 2018, 3, date(2018, 4, 1), date(2018, 4, 9), [a.assessor.id])
    services.nominate(march, a.users["hr"], justification="x", employee=a.staff[0], today=date(2018, 4, 5))
    services.close_nominations(march, march.version)
    criteria = services.assessor_criteria(march)
    for seat in march.assessors:
        services.save_scores(services.active_nominations(march)[0], seat, {c.id: "4" for c in criteria})
    services.decide(march, a.users["kadis"], "SK-3", date(2018, 4, 10), march.version)
    # February's round (the fixture's) is run later: the March win is not "in the last 3 months" before it.
    assert reasons_for(a, a.staff[0]) == []


def test_numbers_are_unique_per_opd_and_pattern_needs_the_year(awards):
    from app.awards.models import Certificate

    assert Certificate.__table__.c.number.unique is not True
    with pytest.raises(Refused, match="{year}"):
        services.save_category(awards.world.opd_a, {"name": "X", "instrument_id": awards.instrument.id,
                                                    "number_pattern": "800/{seq}/{unit}"})


def test_a_decided_round_keeps_its_category_name_and_signer(awards):
    a = awards
    decided(a)
    a.category.name = "Nama Baru"
    a.officials.kadis.status = "pensiun"  # the Kepala Dinas retires before the piagam is numbered
    successor = make_employee(a.world.opd_a, "Pengganti", a.officials.kadis.position)
    db.session.flush()
    certificate = services.issue_certificates(a.round)[0]
    assert a.round.category_name == "Pelaksana Teladan"
    assert "Kategori Pelaksana Teladan" in certificate.content["citation"]
    assert certificate.content["signer"]["name"] == a.officials.kadis.display_name != successor.display_name
