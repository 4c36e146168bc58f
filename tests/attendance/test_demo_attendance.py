"""The demo's February–March 2018 attendance: check-ins turned into daily statuses and derived recaps before the
February awards read them, the alerts' stories, the izin still waiting."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from app.accounts.access import scoped
from app.accounts.models import User
from app.attendance import alerts
from app.attendance.models import AttendanceDay, CheckIn, Excuse, Holiday, Leave, RollCall
from app.awards.models import Nomination
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.org.models import Employee, Position, Unit


def test_the_demo_has_two_months_of_attendance(app, client):
    """(One test, one demo load: loading takes seconds.)"""
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    _check_statuses()
    _check_awards()
    _check_alerts()
    _check_inputs()
    client.login_as(db.session.scalar(select(User).where(User.username == "hr")))
    page = client.get("/attendance/alerts?year=2018").get_data(as_text=True)
    assert page.count('id="alert-') == 4 and "Pernyataan tidak puas secara tertulis" in page


def _check_statuses() -> None:
    people = db.session.scalar(select(func.count(Employee.id)).where(Employee.status == "aktif"))
    days = Counter(dict(db.session.execute(select(AttendanceDay.status, func.count()).group_by(AttendanceDay.status))
                        .all()))
    # everyone, every working day of February and March: 19 + 21 (days off are not stored: weekends, Imlek on
    # Friday 16 February, Wafat Isa Al Masih on Friday 30 March; Nyepi fell on a Saturday), but for the P3S
    # officer whose contract was terminated on 13 March (the 12 working days after it are not his) and the one
    # hired from 15 February (the 10 before it)
    assert sum(days.values()) == people * (19 + 21) - 12 - 10
    assert days["holiday"] == days["weekend"] == 0
    assert days["present"] > 0.9 * people * 40
    assert 0 < days["no_out"] < 0.01 * people * 40 and days["leave_annual"] == 3 and days["travel"] == 3
    # the stories, the strays, the izin not decided yet; the P3S officers (app.demo.workers): two strays, the
    # terminated officer's six before the contract's last day (13 March); none outside a contract
    assert days["absent"] == 16 + 5 + 1 + 2 + 6
    codes = Counter(db.session.scalars(select(AttendanceDay.late_code).where(AttendanceDay.late_code > 0)))
    assert set(codes) == {1, 2, 3, 4} and codes[1] > codes[4]
    assert db.session.scalar(select(func.count()).where(AttendanceDay.early_code.between(1, 3))) > 0
    assert db.session.scalar(select(func.count()).where(AttendanceDay.missed_roll_call.is_(True))) > 0
    recaps = Counter(db.session.execute(select(AttendanceMonth.month, AttendanceMonth.source)).tuples())
    assert recaps[(2, "derived")] == recaps[(3, "derived")] == people and recaps[(2, "typed")] == 0


def _check_awards() -> None:
    """The February round's Satpel heads: their recaps derived, as the story tells them."""
    heads = {code: db.session.scalar(select(Employee).join(Position, Employee.position_id == Position.id)
                                     .join(Unit, Position.unit_id == Unit.id)
                                     .where(Unit.code == code, Position.is_head.is_(True)))
             for code in ("SATPEL-MAMPANG", "SATPEL-KEBAYORAN", "SATPEL-TEBET", "SATPEL-GAMBIR")}
    recaps = {code: db.session.scalar(select(AttendanceMonth).where(
        AttendanceMonth.employee_id == head.id, AttendanceMonth.year == 2018, AttendanceMonth.month == 2))
        for code, head in heads.items()}
    counts = {code: (r.source, r.present_days, r.leave_days, r.late_arrivals, r.early_leaves, r.missed_roll_calls,
                     r.absent_days) for code, r in recaps.items()}
    assert counts == {"SATPEL-MAMPANG": ("derived", 19, 0, 0, 0, 0, 0),
                      "SATPEL-KEBAYORAN": ("derived", 19, 0, 1, 0, 0, 0),
                      "SATPEL-TEBET": ("derived", 16, 3, 0, 0, 0, 0),
                      "SATPEL-GAMBIR": ("derived", 19, 0, 0, 0, 0, 0)}
    scores = {n.employee_id: n.auto["attendance"]["score"] for n in db.session.scalars(select(Nomination))
              if n.employee_id in {h.id for h in heads.values()}}
    assert scores == {heads["SATPEL-MAMPANG"].id: "100.00", heads["SATPEL-KEBAYORAN"].id: "95.00",
                      heads["SATPEL-TEBET"].id: "95.00"}


def _check_alerts() -> None:
    found = alerts.with_runs(2018, alerts.year_alerts(2018, scoped(
        db.session.scalar(select(User).where(User.username == "hr")), "attendance.manage", Employee)))
    assert [(a.employee.unit.code, a.alert.tk_days, a.alert.longest_run, a.alert.reached and a.alert.reached.days)
            for a in found] == [("SUDIN-JB", 7, 5, 7), ("SUDIN-JS", 4, 1, 4), ("PSTW1", 3, 1, 3), ("UMPEG", 2, 1, None)]


def _check_inputs() -> None:
    assert db.session.scalar(select(func.count(Holiday.id))) >= 20  # the year's official holidays
    assert db.session.scalar(select(func.count(RollCall.id))) == 8  # every Monday of February and March
    assert db.session.scalar(select(func.count(Leave.id))) == 1
    states = dict(db.session.execute(select(Excuse.kind, Excuse.state)).tuples().all())
    assert states == {"travel": "approved", "permit": "requested"}
    waiting = db.session.scalar(select(Excuse).where(Excuse.state == "requested"))
    assert waiting.starts_on == date(2018, 3, 29) and waiting.decided_by_id is None
    assert db.session.scalar(select(func.count(CheckIn.id))) > 20_000
