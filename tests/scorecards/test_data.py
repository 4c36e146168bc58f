"""The data builder against the hand-built fixture (tests/scorecards/conftest.py): every number of the scorecard
traced to where it comes from, identity as of the period, and a statement count that does not grow with the
indicators, months or days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from sqlalchemy import select

from app.agreements import services as agreement_services
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.org import services as org
from app.scorecards import data
from app.scorecards.periods import Period
from app.tpp.models import Result
from app.tpp.services import ratings
from tests.agreements.conftest import indicator_data
from tests.scorecards.conftest import ATTENDANCE
from tests.workers.conftest import thl  # noqa: F401  (fixture)

TODAY = date(2026, 12, 1)
Q1 = Period(2018, "quarter", 1)


def test_person_quarter_traced(cards):
    card = data.person(cards.kabid, Q1, TODAY)
    assert card["person"]["name"] == "Mariana" and card["person"]["pangkat"] == "Pembina (IV/a)"
    assert card["person"]["position"] == "Kepala Bidang Rehabilitasi Sosial"
    # the indicator: Q1 target 60, realised 62 (accepted): 62 / 60 × 100 = 103,33 %
    [row] = card["indicators"]
    assert (row.target, row.realisation, row.achievement.pct) == (D(276), D(62), D("103.33"))
    assert row.target_to_date == D(60)  # what the achievement is measured against: Tw I's target
    assert row.explained == "62 / 60 × 100 = 103,33 %" and row.sasaran == "Menurunnya jumlah PMKS jalanan"
    assert (row.reported, row.accepted, row.expected, row.band) == (1, 1, 1, "Sangat Baik")
    assert card["mean"] == D("103.33")
    # ratings: the stored ones, February above expectations
    assert {m: r.hasil_kerja for m, r in card["ratings"].items()} == {1: "sesuai", 2: "atas", 3: "sesuai"}
    # attendance: the typed recaps, summed
    assert card["attendance_total"] == {
        "present_days": 20 + 17 + 19, "late_arrivals": 2 + 0 + 1, "early_leaves": 1, "absent_days": 1 + 0 + 2,
        "leave_days": 2, "missed_roll_calls": 1}
    assert [(m, a.absent_days) for m, a in card["attendance"].items()] == [(m[0], m[4]) for m in ATTENDANCE]
    # sanctions in force: the 2018 teguran tertulis, not the 2017 one that ended
    assert [s.decision_number for s in card["sanctions"]] == ["800/12/BKD/2018"]
    # TPP: each month's stored result; January and February closed, March open
    stored = {r.period.month: r for r in db.session.scalars(select(Result).where(Result.employee_id == cards.kabid.id))}
    assert [(t["month"], t["closed"], t["total"], t["cuts"]) for t in card["tpp"]] == [
        (m, m < 3, stored[m].total, stored[m].cuts) for m in (1, 2, 3)]
    assert card["tpp_total"]["total"] == sum(r.total for r in stored.values())
    assert all(t["discipline_cut"] == stored[t["month"]].detail["discipline_cut"] for t in card["tpp"])
    # not closed: March's TPP is open
    assert (card["closed"], card["ended"], card["months_closed"]) == (False, True, [1, 2])
    assert card["awards"] == []


def test_person_year_and_month(cards):
    year = data.person(cards.kabid, Period(2018, "year"), TODAY)
    # the year to date: 62 + 80 (Q2 submitted) against the annual 276: 142 / 276 × 100 = 51,45 %
    [row] = year["indicators"]
    assert (row.realisation, row.achievement.pct, row.reported, row.expected) == (D(142), D("51.45"), 2, 4)
    assert year["trend"].points[0][3] == "103,33 %" and year["trend"].points[1][3] == "109,23 %"  # 142 / 130
    february = data.person(cards.kabid, Period(2018, "month", 2), TODAY)
    assert february["closed"] is True and [t["month"] for t in february["tpp"]] == [2]
    assert list(february["attendance"]) == [2] and february["attendance_total"]["leave_days"] == 2
    assert february["indicators"][0].achievement.pct == D("103.33")  # read up to the quarter the month is in


def test_a_winner_has_the_award(cards):
    winner = next(n.employee for n in cards.awards.round.nominations if n.winner)
    card = data.person(winner, Q1, TODAY)
    assert [(a["month"], a["category"]) for a in card["awards"]] == [(2, "Pelaksana Teladan")]
    assert data.person(winner, Period(2018, "quarter", 2), TODAY)["awards"] == []


def test_identity_as_of_the_period(cards):
    kabid = cards.kabid
    org.update_employee(kabid, {"golongan": "IV/b"}, kabid.version, date(2019, 1, 1))
    assert data.person(kabid, Q1, TODAY)["person"]["pangkat"] == "Pembina (IV/a)"
    assert data.person(kabid, Period(2019, "year"), TODAY)["person"]["pangkat"] == "Pembina Tk. I (IV/b)"


def test_unit_quarter_traced(cards):
    world = cards.awards.world
    card = data.unit(world.bidang_a, Q1, TODAY)
    assert [(i.name, i.achievement.pct) for i in card["indicators"]] == [
        ("Jumlah titik rawan PMKS yang diawasi", D("103.33"))]
    people = card["people"]
    # the bidang's subtree: Siti Aminah, Mariana, the Kepala Seksi and the three seksi staff; only Mariana has
    # monthly recaps
    assert (people["people"], people["recorded"], people["present_days"], people["absent_days"]) == (6, 1, 56, 3)
    assert (people["sanctions"], people["sanctioned"], people["heavy"]) == (1, 1, 0)
    assert [m["name"] for m in card["members"]][0] == "Mariana"  # the head first, direct people only
    assert len(card["members"]) == 2
    assert [a["category"] for a in card["awards"]] == ["Pelaksana Teladan"]  # won in the seksi below
    assert card["closed"] is False


def _more_indicators(cards, n: int) -> None:
    version = cards.agreement.in_force
    for k in range(n):
        db.session.add(agreement_services.Indicator(
            agreement_version=version, sasaran=version.sasaran[0], position=10 + k,
            **{key: v for key, v in indicator_data(name=f"Tambahan {k}").items() if key != "supports_key"}))
    db.session.flush()


def test_statements_do_not_grow_with_indicators_months_or_days(cards, count_queries):
    kabid, bidang = cards.kabid, cards.awards.world.bidang_a
    db.session.expire_all()
    with count_queries() as month:
        data.person(kabid, Period(2018, "month", 1), TODAY)
    db.session.expire_all()
    with count_queries() as quarter_unit:
        data.unit(bidang, Q1, TODAY)
    _more_indicators(cards, 5)
    for m in range(4, 13):  # nine more months of records
        db.session.add(AttendanceMonth(employee_id=kabid.id, year=2018, month=m, present_days=20, late_arrivals=1,
                                       early_leaves=0, absent_days=0, leave_days=0, missed_roll_calls=0))
        ratings.save(kabid, 2018, m, {"hasil_kerja": "sesuai", "perilaku": "sesuai", "note": ""},
                     cards.awards.world.users["hr"], None, {})
    db.session.flush()
    db.session.expire_all()
    with count_queries() as year:
        card = data.person(kabid, Period(2018, "year"), TODAY)
    assert len(card["indicators"]) == 6 and len(card["attendance"]) == 12
    assert year.n == month.n, year.statements
    db.session.expire_all()
    with count_queries() as year_unit:
        assert len(data.unit(bidang, Period(2018, "year"), TODAY)["indicators"]) == 6
    assert year_unit.n == quarter_unit.n


def test_many_people_at_once_are_each_ones_card_in_the_same_statements(cards, count_queries, thl):  # noqa: F811
    """A bulk print's chunk (``data.people``): each card is the one ``data.person`` builds, and the statements do
    not grow with the number of people (civil servants and a non-ASN worker, in several units)."""
    from app.org.models import Employee, Unit

    opd = cards.awards.world.opd_a
    everyone = list(db.session.scalars(select(Employee).join(Unit, Employee.unit_id == Unit.id)
                                       .where(Unit.path.startswith(opd.path)).order_by(Employee.id)))
    assert thl in everyone and cards.kabid in everyone and len({e.unit_id for e in everyone}) > 2
    one = [data.person(e, Q1, TODAY) for e in everyone]
    winner = next(e for e, card in zip(everyone, one, strict=True) if card["awards"])
    db.session.expire_all()
    with count_queries() as few:  # one of each kind: an agreement, an award, a non-ASN worker
        data.people([cards.kabid, winner, thl], Q1, TODAY)
    db.session.expire_all()
    with count_queries() as chunk:
        together = data.people(everyone, Q1, TODAY)
    assert together == one
    assert chunk.n == few.n, "\n".join(s[:150] for s in chunk.statements)


def test_the_tpp_columns_add_up_to_the_cuts_with_a_whole_month_absent(cards):
    """A month absent throughout cuts the TPP (``absent_month_cut``): the scorecard counts it under discipline, so
    base less the four columns is the TPP paid."""
    result = db.session.scalar(select(Result).where(Result.employee_id == cards.kabid.id).limit(1))
    result.detail = {**result.detail, "absent_month_cut": 100_000}
    result.cuts, result.total = result.cuts + 100_000, result.total - 100_000
    db.session.flush()
    for row in data.person(cards.kabid, Q1, TODAY)["tpp"]:
        cut = row["performance_cut"] + row["discipline_cut"] + row["leave_cut"] + row["sanction_cut"]
        assert cut == row["cuts"] and row["base"] - cut == row["total"], row
