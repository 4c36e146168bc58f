"""The month screens: a unit's grid (people × days), a person's month with why each day got its status, and the
unit's monthly recap (page, XLSX, and the official PDF issued through the documents module)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from werkzeug.routing import BuildError
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from app.accounts.access import access, can, scoped
from app.attendance import calendar as work_calendar
from app.attendance import explain
from app.attendance import grid as grid_queries
from app.attendance import recap as recap_outputs
from app.attendance.compute import inputs, recap_counts
from app.attendance.status import day_status
from app.attendance.views import bp
from app.core.clock import agency_timezone, agency_today, utcnow
from app.core.formatting import month_bounds
from app.core.forms import Form, act
from app.core.htmx import render
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee, Unit
from app.org.years import year_asked

RECAP_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    """A page of rows that are not entities (the pager macro reads it like Flask-SQLAlchemy's pagination)."""

    page: int
    per_page: int
    total: int

    def __post_init__(self):
        object.__setattr__(self, "page", min(max(self.page, 1), self.pages))

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class MonthForm(Form):
    """A button acting on one month of a unit (hidden year and month from our page)."""

    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])


def month_asked(latest) -> tuple[int, int]:
    """The month asked for (``?year=&month=``); else, in the chosen (or working) year, the latest month with
    statuses (``latest(year)``); without any, the current month in the current year, else its first or last."""
    year = year_asked(current_user)
    month = request.args.get("month", type=int)
    if month is None:
        today = agency_today()
        month = latest(year)
        if month is None:
            month = today.month if year == today.year else (12 if year < today.year else 1)
    if not 1 <= month <= 12:
        abort(404)
    return year, month


def month_neighbours(year: int, month: int) -> dict:
    return {"previous": (year, month - 1) if month > 1 else (year - 1, 12),
            "following": (year, month + 1) if month < 12 else (year + 1, 1),
            "months": [(m, format_date(date(2000, m, 1), "MMMM")) for m in range(1, 13)],
            "label": format_date(date(year, month, 1), "MMMM y"), "year": year, "month": month}


def _tree(unit: Unit) -> dict:
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    return {"parent": parent, "children": children}


def _link(endpoint: str, obj, **values) -> str | None:
    """The URL of another attendance screen when it exists and the user may open it for ``obj``."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None
    action = getattr(view, "access_action", None)
    if action is not None and not can(current_user, action, obj):
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


# -- where to start ---------------------------------------------------------------------------------------------

@bp.get("/attendance")
@access("self")
def index():
    """The grid of the highest unit the user sees; a person without a role over units: their own month."""
    if can(current_user, "attendance.view"):
        unit = db.session.scalar(select(Unit).where(scoped(current_user, "attendance.view", Unit))
                                 .order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
        if unit is not None:
            return redirect(url_for("attendance.grid", unit_id=unit.id))
    employee = current_user.employee
    if employee is None or not can(current_user, "attendance.view", employee):
        abort(404)
    return redirect(url_for("attendance.person_month", employee_id=employee.id))


# -- the unit's month grid ------------------------------------------------------------------------------------------

@bp.get("/attendance/units/<int:unit_id>")
@access("attendance.view", unit_id=Unit)
def grid(unit):
    """People of the subtree × days of the month: each day's code, coloured, with totals per person and day."""
    year, month = month_asked(lambda y: grid_queries.latest_month(y, unit))
    first, last = month_bounds(year, month)
    cal = work_calendar.load(first, last, agency_timezone())
    names = grid_queries.holiday_names(first, last)
    days = [{"day": d, "weekday": format_date(d, "EEE"), "off": cal.off(d, unit.path), "name": names.get(d, "")}
            for d in cal.days]
    page = db.paginate(grid_queries.people_query(unit), page=request.args.get("page", 1, type=int),
                       per_page=grid_queries.PAGE_SIZE, max_per_page=grid_queries.PAGE_SIZE, error_out=False)
    rows = grid_queries.rows(page.items, cal)
    by_day = grid_queries.day_totals(unit, first, last)
    return render("attendance/grid.html", unit=unit, rows=rows, page=page, days=days, by_day=by_day,
                  totals=grid_queries.sum_totals(by_day), total_names=grid_queries.TOTALS, legend=explain.legend(),
                  row_cells=_row_cells(rows, [_BLANK_OFF if d["off"] else _BLANK for d in days]),
                  total_labels=total_labels(), form=MonthForm(),
                  may_recompute=can(current_user, "attendance.manage", unit), **_tree(unit), **month_neighbours(year, month))


_CELL = Markup('<td class="att att-{}" title="{}">{}</td>')
_BLANK, _BLANK_OFF = Markup('<td class="att"></td>'), Markup('<td class="att att-off"></td>')


def _cells(rows: list[grid_queries.Row]) -> dict[grid_queries.Cell, Markup]:
    """Each distinct cell of the page as its HTML, made once (a month of 50 people is 1,550 cells but only a
    few dozen distinct ones; translating and escaping each cell in the template cost most of the page's time)."""
    labels = {status: str(label) for status, label in explain.status_labels().items()}
    missed = _("missed the roll call")
    found: dict[grid_queries.Cell, Markup] = {}
    for row in rows:
        for cell in row.cells:
            if cell is not None and cell not in found:
                title = labels.get(cell.status, cell.status) + (f" · {missed}" if cell.apel else "")
                text = Markup("<br>").join(cell.codes)
                if cell.apel:
                    text += Markup('<br><span class="att-apel">A</span>')
                found[cell] = _CELL.format(cell.family, title, text)
    return found


def _row_cells(rows: list[grid_queries.Row], blanks: list[Markup]) -> list[Markup]:
    """Each row's day cells as one piece of HTML (joined here: the template writes 30 pieces, not 1,000)."""
    html = _cells(rows)
    return [Markup("").join([html[c] if c is not None else blanks[n] for n, c in enumerate(row.cells)])
            for row in rows]


def total_labels() -> dict[str, tuple[str, str]]:
    """Each total's short header and its meaning."""
    return {"present_days": ("H", _("Days present (with official travel)")),
            "late_arrivals": ("TL", _("Days late (TL1–TL4)")),
            "early_leaves": ("PSW", _("Days left early (PSW1–PSW4)")),
            "absent_days": ("TK", _("Days absent without reason (TK)")),
            "leave_days": ("C/I", _("Days of leave or permission")),
            "missed_roll_calls": ("Apel", _("Missed roll calls (apel)"))}


@bp.post("/attendance/units/<int:unit_id>/recompute")
@access("attendance.manage", unit_id=Unit)
def grid_recompute(unit):
    """Recompute the month's statuses of the unit's subtree in a job (its page shows the progress)."""
    form = MonthForm()
    year, month = form.year.data, form.month.data
    back = url_for("attendance.grid", unit_id=unit.id, year=year, month=month)
    return act(form, lambda: jobs.start(current_user, "attendance.recompute",
                                        _("Attendance statuses %(month)s: %(unit)s",
                                          month=format_date(date(year, month, 1), "MMMM y"), unit=unit.name),
                                        {"year": year, "month": month, "unit_id": unit.id}),
               done=None, back=back, then=jobs.launch)


# -- a person's month -------------------------------------------------------------------------------------------------

def _utc(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)


@bp.get("/attendance/people/<int:employee_id>")
@access("attendance.view", employee_id=Employee)
def person_month(employee):
    """Each day of the month: its status, the check-ins of that day, and why (the status function run again)."""
    year, month = month_asked(lambda y: grid_queries.latest_month(y, employee=employee))
    first, last = month_bounds(year, month)
    zone = agency_timezone()
    stored = grid_queries.person_days(employee, first, last)
    punches: dict[date, list] = defaultdict(list)
    for check_in in grid_queries.person_check_ins(employee, _utc(first, zone), _utc(last + timedelta(days=1), zone)):
        punches[check_in.at.astimezone(zone).date()].append(check_in)
    days = []
    if stored:
        cal = work_calendar.load(first, last, zone)
        names = grid_queries.holiday_names(first, last)
        now = utcnow()
        for item in inputs(cal, [(employee.id, employee.unit_id, employee.unit.path)])[employee.id]:
            found, row = day_status(item, now), stored.get(item.day)
            if item.off is not None:  # not stored: the calendar's (compute._chunk)
                shown = grid_queries.cell(item.off, 0, 0, False)
            else:
                shown = grid_queries.cell(row.status, row.late_code, row.early_code, row.missed_roll_call) if row else None
            days.append({
                "day": item.day, "row": row, "off": item.off, "check_ins": punches.get(item.day, []), "cell": shown,
                "why": explain.sentences(found.why, item.day, names.get(item.day)) if found else [],
                "stale": found is not None and item.off is None and (
                    row is None or (found.status, found.late_code, found.early_code, found.missed_roll_call) !=
                    (row.status, row.late_code, row.early_code, row.missed_roll_call)),
            })
    totals = recap_counts([(r.status, r.late_code, r.early_code, r.missed_roll_call)
                                     for r in stored.values()])
    links = {"check_ins": _link("attendance.checkins_person", employee, employee_id=employee.id, year=year,
                                month=month),
             "excuse": _link("attendance.excuse_new", employee, employee_id=employee.id),
             "leave": _link("attendance.leave_person", employee, employee_id=employee.id),
             "grid": _link("attendance.grid", employee.unit, unit_id=employee.unit_id, year=year, month=month),
             "discipline": _link("discipline.person", employee, employee_id=employee.id)}
    return render("attendance/person.html", employee=employee, days=days, totals=totals,
                  total_names=grid_queries.TOTALS, total_labels=total_labels(), labels=explain.status_labels(),
                  legend=explain.legend(), links=links, **month_neighbours(year, month))


# -- the unit's monthly recap -------------------------------------------------------------------------------------------

def _recomputed_at(unit: Unit, year: int, month: int):
    """When the month's derived recaps of the subtree were last written (by a recompute)."""
    return db.session.scalar(
        select(func.max(AttendanceMonth.updated_at)).join(Employee, AttendanceMonth.employee_id == Employee.id)
        .join(Unit, Employee.unit_id == Unit.id)
        .where(AttendanceMonth.year == year, AttendanceMonth.month == month, AttendanceMonth.source == "derived",
               Unit.path.startswith(unit.path, autoescape=True)))


@bp.get("/attendance/units/<int:unit_id>/recap")
@access("attendance.view", unit_id=Unit)
def recap(unit):
    """Per person: days present, TL1–TL4, PSW1–PSW4, TK, leave by kind, izin, dinas luar, missed roll calls."""
    year, month = month_asked(lambda y: grid_queries.latest_month(y, unit))
    first, last = month_bounds(year, month)
    people, totals = grid_queries.recap_totals(unit, first, last)
    page = Page(request.args.get("page", 1, type=int), RECAP_PAGE_SIZE, people)
    rows = grid_queries.recap_rows(db.session.execute(grid_queries.recap_select(unit, first, last)
                                                      .limit(page.per_page).offset(page.offset)))
    documents = recap_outputs.issued(unit, year, month)
    in_force = next((d for d in documents if d.status == "in_force"), None)
    recomputed = _recomputed_at(unit, year, month) if in_force else None
    return render("attendance/recap.html", unit=unit, page=page, rows=rows,
                  people=people, totals=totals, groups=recap_outputs.column_groups(), columns=recap_outputs.columns(),
                  documents=documents, in_force=in_force,
                  stale=bool(in_force and recomputed and recomputed > in_force.issued_at),
                  may_issue=can(current_user, "attendance.manage", unit), month_over=last < agency_today(),
                  form=MonthForm(), **_tree(unit), **month_neighbours(year, month))


@bp.get("/attendance/units/<int:unit_id>/recap.xlsx")
@access("attendance.view", unit_id=Unit)
def recap_xlsx(unit):
    year, month = month_asked(lambda y: grid_queries.latest_month(y, unit))
    name = f"rekap-kehadiran-{year}-{month:02d}-{unit.code or unit.id}.xlsx"
    return send_file(BytesIO(recap_outputs.workbook(unit, year, month)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/attendance/units/<int:unit_id>/recap/pdf")
@access("attendance.manage", unit_id=Unit)
def recap_issue(unit):
    """Issue the month's recap as an official PDF (again after a recompute: the new version supersedes); a big
    unit's in a job, whose page then offers the PDF."""
    form = MonthForm()
    back = url_for("attendance.recap", unit_id=unit.id, year=form.year.data, month=form.month.data)
    return act(form, lambda: recap_outputs.start_issue(unit, form.year.data, form.month.data, current_user),
               done=lambda issued: None if isinstance(issued, Job) else _("Recap issued as a PDF (version %(n)s).",
                                                                           n=issued.version),
               back=back, then=lambda issued: jobs.launch(issued) if isinstance(issued, Job) else back)
