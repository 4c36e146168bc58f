"""PP 94/2021 alerts: who has been absent without a reason (TK) often enough, over the calendar year, to reach a
threshold of the disciplinary sanctions for not coming to work, or is one day short of the next.

``alert_for(tk_days, longest_run)`` is the pure rule (a table of thresholds with its source); ``year_alerts``
reads the counters of a whole scope in two or three queries. An alert only informs HR: a sanction is imposed by
a decision (SK) that HR records on the discipline screens, prefilled from the alert.

The yearly TK count of a person is the days the monthly pass marked TK (``AttendanceDay.status == "absent"``)
plus the TK of the months HR typed (a unit without attendance data); a month is either derived or typed, never
both. The consecutive counter is the longest run of TK over working days (``status.longest_absent_run``: a
weekend or holiday inside does not break it); a month without daily statuses does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import joinedload

from app.attendance.models import AttendanceDay
from app.attendance.status import longest_absent_run
from app.discipline.models import AttendanceMonth, Sanction
from app.discipline.services import SANCTION_KINDS
from app.extensions import db
from app.org.models import Employee
from app.org.rules import ASN_TYPES

SOURCE = "PP 94/2021 Pasal 9, 10 dan 11"  # Disiplin PNS: tidak masuk kerja tanpa alasan yang sah
LEVEL_RANK = {None: 0, "light": 1, "medium": 2, "heavy": 3}
CLOSE = 1  # "close": this many days short of the next threshold


@dataclass(frozen=True)
class Threshold:
    """From ``days`` of TK in a year (or, with ``run``, that many consecutive working days) the sanction
    ``kind`` of ``level`` applies (the wording of ``discipline.services.SANCTION_KINDS``)."""

    days: int
    level: str
    kind: str
    run: int | None = None


# PP 94/2021 art. 9 (light), 10 (medium) and 11 (heavy): TK counted cumulatively over the calendar year.
THRESHOLDS = (
    Threshold(3, "light", SANCTION_KINDS["light"][0]),  # teguran lisan: 3 days
    Threshold(4, "light", SANCTION_KINDS["light"][1]),  # teguran tertulis: 4–6
    Threshold(7, "light", SANCTION_KINDS["light"][2]),  # pernyataan tidak puas secara tertulis: 7–10
    Threshold(11, "medium", SANCTION_KINDS["medium"][0]),  # tunjangan kinerja −25 % for 6 months: 11–13
    Threshold(14, "medium", SANCTION_KINDS["medium"][1]),  # … 9 months: 14–16
    Threshold(17, "medium", SANCTION_KINDS["medium"][2]),  # … 12 months: 17–20
    Threshold(21, "heavy", SANCTION_KINDS["heavy"][0]),  # penurunan jabatan setingkat lebih rendah 12 months: 21–24
    Threshold(25, "heavy", SANCTION_KINDS["heavy"][1]),  # pembebasan dari jabatan → pelaksana 12 months: 25–27
    Threshold(28, "heavy", SANCTION_KINDS["heavy"][2], run=10),  # pemberhentian: 28 or more, or 10 in a row
)
DISMISSAL = THRESHOLDS[-1]
RUN = DISMISSAL.run
WATCHED_FROM = THRESHOLDS[0].days - CLOSE  # fewer TK days than this: nothing to say
STILL_WORKING = ("aktif", "cuti")  # who a sanction can still concern (not retired, dismissed or deceased)


@dataclass(frozen=True)
class Alert:
    """What the counters of one person call for."""

    tk_days: int
    longest_run: int
    reached: Threshold | None  # the highest threshold reached (by the days or by the run)
    by_run: bool  # reached through the consecutive days (the days alone reach less)
    next: Threshold | None  # the next threshold by days; None once dismissal is reached
    days_left: int | None  # TK days until ``next``
    close: bool  # one day short of the next threshold by days
    close_by_run: bool  # a run one day short of RUN consecutive working days (dismissal not reached yet)

    @property
    def level(self) -> str | None:
        return self.reached.level if self.reached else None

    @property
    def rank(self) -> int:
        """0 (nothing reached) to len(THRESHOLDS): how far up the table the person is."""
        return 0 if self.reached is None else THRESHOLDS.index(self.reached) + 1

    @property
    def shown(self) -> bool:
        return self.reached is not None or self.close or self.close_by_run


def alert_for(tk_days: int, longest_run: int = 0) -> Alert:
    """The thresholds ``tk_days`` of TK in a year and a longest run of ``longest_run`` working days reach."""
    if tk_days < 0 or longest_run < 0 or longest_run > tk_days:
        raise ValueError("the run is part of the days: 0 <= longest_run <= tk_days")
    by_days = None
    for threshold in THRESHOLDS:
        if tk_days >= threshold.days:
            by_days = threshold
    by_run = longest_run >= RUN and by_days is not DISMISSAL
    reached = DISMISSAL if by_run else by_days
    following = None if reached is DISMISSAL else next(t for t in THRESHOLDS if t.days > tk_days)
    days_left = None if following is None else following.days - tk_days
    close = following is not None and days_left <= CLOSE
    close_by_run = following is not None and longest_run >= RUN - CLOSE
    return Alert(tk_days, longest_run, reached, by_run, following, days_left, close, close_by_run)


# -- the counters of a scope ---------------------------------------------------------------------------------------

def longest_run(rows: list[tuple[date, str]]) -> int:
    """The longest TK run of one person's ordered (day, status) rows of a year; a gap between two rows (a month
    without daily statuses, or days not yet closed) breaks a run."""
    best, segment, previous = 0, [], None
    for day, status in rows:
        if previous is not None and day - previous > timedelta(days=1):
            best = max(best, longest_absent_run(segment)[0])
            segment = []
        segment.append((day, status))
        previous = day
    return max(best, longest_absent_run(segment)[0]) if segment else best


@dataclass(frozen=True)
class PersonAlert:
    employee: Employee
    alert: Alert
    run_known: bool = True  # False: fewer TK days than a run could matter for; ``with_runs`` reads it


def _tk_totals(year: int, scope):
    """A subquery (employee_id, tk) of the ASN people in ``scope`` with at least ``WATCHED_FROM`` TK days."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_scope = select(Employee.id).where(scope, Employee.employment_type.in_(ASN_TYPES),
                                         Employee.status.in_(STILL_WORKING))
    derived = (select(AttendanceDay.employee_id.label("employee_id"), func.count().label("n"))
               .where(AttendanceDay.status == "absent", AttendanceDay.day.between(first, last),
                      AttendanceDay.employee_id.in_(in_scope))
               .group_by(AttendanceDay.employee_id))
    typed = (select(AttendanceMonth.employee_id.label("employee_id"), func.sum(AttendanceMonth.absent_days).label("n"))
             .where(AttendanceMonth.year == year, AttendanceMonth.source == "typed", AttendanceMonth.absent_days > 0,
                    AttendanceMonth.employee_id.in_(in_scope))
             .group_by(AttendanceMonth.employee_id))
    both = union_all(derived, typed).subquery()
    total = func.sum(both.c.n)
    return (select(both.c.employee_id, total.label("tk")).group_by(both.c.employee_id)
            .having(total >= WATCHED_FROM).subquery())


def runs_of(year: int, employee_ids: list[int]) -> dict[int, int]:
    """Each person's longest TK run of the year: one query over the daily statuses of these people only."""
    if not employee_ids:
        return {}
    rows: dict[int, list[tuple[date, str]]] = {}
    for employee_id, day, status in db.session.execute(
            select(AttendanceDay.employee_id, AttendanceDay.day, AttendanceDay.status)
            .where(AttendanceDay.employee_id.in_(employee_ids),
                   AttendanceDay.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(AttendanceDay.employee_id, AttendanceDay.day)):
        rows.setdefault(employee_id, []).append((day, status))
    return {employee_id: longest_run(days) for employee_id, days in rows.items()}


def year_alerts(year: int, scope) -> list[PersonAlert]:
    """The people of ``scope`` (an SQL condition on ``Employee``, e.g. ``access.scoped``) whose TK of ``year``
    reaches a threshold or is close to one, the most serious first: one query, two when someone has enough TK
    days for a run to matter (their runs are read then; the others' by ``with_runs``, for the page shown)."""
    totals = _tk_totals(year, scope)
    found = db.session.execute(select(Employee, totals.c.tk).join(totals, totals.c.employee_id == Employee.id)
                               .options(joinedload(Employee.unit))).all()
    runs = runs_of(year, [employee.id for employee, tk in found if tk >= RUN - CLOSE])
    alerts = [PersonAlert(employee, alert_for(int(tk), min(int(tk), runs.get(employee.id, 0))), tk >= RUN - CLOSE)
              for employee, tk in found]
    alerts = [a for a in alerts if a.alert.shown]
    alerts.sort(key=lambda a: (-a.alert.rank, -a.alert.tk_days, a.employee.unit.path, a.employee.name,
                               a.employee.id))
    return alerts


def with_runs(year: int, shown: list[PersonAlert]) -> list[PersonAlert]:
    """``shown`` with every longest run read: one query for those with too few TK days for a run to change the
    alert (only the number shown changes), none when every run is known."""
    runs = runs_of(year, [a.employee.id for a in shown if not a.run_known])
    completed = []
    for item in shown:
        if not item.run_known:
            tk = item.alert.tk_days
            item = PersonAlert(item.employee, alert_for(tk, min(tk, runs.get(item.employee.id, 0))))
        completed.append(item)
    return completed


def sanctions_in(year: int, employee_ids: list[int]) -> dict[int, list[Sanction]]:
    """The sanctions decided in ``year`` for these people (one query), by person, oldest first."""
    found: dict[int, list[Sanction]] = {}
    if not employee_ids:
        return found
    for sanction in db.session.scalars(
            select(Sanction).where(Sanction.employee_id.in_(employee_ids),
                                   Sanction.decision_date.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(Sanction.decision_date, Sanction.id)):
        found.setdefault(sanction.employee_id, []).append(sanction)
    return found
