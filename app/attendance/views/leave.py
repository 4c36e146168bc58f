"""Leave screens: a person's leave with the form to record one (HR), correcting and cancelling a leave, and a
unit's leave in a month."""

from __future__ import annotations

from datetime import date

from flask import abort, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, can
from app.attendance import leave as services
from app.attendance.forms_leave import LeaveForm
from app.attendance.models import Leave
from app.attendance.views import bp
from app.core.clock import agency_today
from app.core.formatting import month_bounds
from app.core.forms import VersionedForm, act, save
from app.core.htmx import render
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.years import year_asked

UNIT_PAGE_SIZE = 100


def _conflict() -> str:
    return _("Someone else changed this leave after you opened the page. Your entries are kept below: check the "
             "leave, then save again.")


def _person_page(employee: Employee, form: LeaveForm | None = None, status: int = 200):
    manage = can(current_user, "attendance.manage", employee)
    if form is None and manage:
        form = LeaveForm(formdata=None)
    return render("attendance/leave/person.html", "form", status=status, employee=employee,
                  leaves=services.of_person(employee), kinds=services.leave_kind_labels(), days=services.days,
                  form=form if manage else None, form_id="leave-form",
                  action=url_for("attendance.leave_new", employee_id=employee.id))


@bp.get("/attendance/people/<int:employee_id>/leave")
@access("attendance.view", employee_id=Employee)
def leave_person(employee):
    """The person's leave, latest first; HR records a new one below the list."""
    return _person_page(employee)


@bp.post("/attendance/people/<int:employee_id>/leave/new")
@access("attendance.manage", employee_id=Employee)
def leave_new(employee):
    form = LeaveForm()
    return save(form, lambda: services.record(employee, form.values()), field=None,
                done=lambda leave: _("Leave of %(name)s recorded: %(leave)s.", name=employee.display_name,
                                     leave=services.describe(leave)),
                then=url_for("attendance.leave_person", employee_id=employee.id),
                page=lambda status: _person_page(employee, form, status))


def _edit_page(leave: Leave, form: LeaveForm, status: int = 200):
    employee = leave.employee
    return render("attendance/leave/edit.html", "form", status=status, form=form, leave=leave, employee=employee,
                  form_id="leave-form", title=_("Correct a leave: %(name)s", name=employee.display_name),
                  action=url_for("attendance.leave_edit", leave_id=leave.id),
                  back=url_for("attendance.leave_person", employee_id=employee.id))


@bp.route("/attendance/leave/<int:leave_id>/edit", methods=["GET", "POST"])
@access("attendance.manage", leave_id=Leave)
def leave_edit(leave):
    form = LeaveForm(obj=leave)
    if request.method == "GET":
        form.version.data = leave.version
        return _edit_page(leave, form)

    def page(status):
        if status == 409:
            form.version.data = leave.version
        return _edit_page(leave, form, status)

    return save(form, lambda: services.update(leave, form.values(), form.version.data), field=None,
                done=_("Changes saved."), then=url_for("attendance.leave_person", employee_id=leave.employee_id),
                page=page, conflict=_conflict())


@bp.post("/attendance/leave/<int:leave_id>/cancel")
@access("attendance.manage", leave_id=Leave)
def leave_cancel(leave):
    form, employee = VersionedForm(), leave.employee
    described = services.describe(leave)
    return act(form, lambda: services.cancel(leave, form.version.data),
               done=_("Leave cancelled: %(leave)s.", leave=described),
               back=url_for("attendance.leave_person", employee_id=employee.id))


# -- a unit's leave in a month ----------------------------------------------------------------------------------

def _month(unit: Unit) -> tuple[int, int]:
    """The month asked for; else this month in the current year, or the latest month with leave in the chosen
    year (January when it has none)."""
    year = year_asked(current_user)
    month = request.args.get("month", type=int)
    if month is None:
        today = agency_today()
        month = today.month if year == today.year else (services.latest_month(unit, year) or 1)
    if not 1 <= month <= 12:
        abort(404)
    return year, month


@bp.get("/attendance/units/<int:unit_id>/leave")
@access("attendance.view", unit_id=Unit)
def leave_unit(unit):
    """The leave of the unit's subtree with a day in the month."""
    year, month = _month(unit)
    first, last = month_bounds(year, month)
    page = db.paginate(services.unit_month_query(unit, first, last), page=request.args.get("page", 1, type=int),
                       per_page=UNIT_PAGE_SIZE, max_per_page=UNIT_PAGE_SIZE, error_out=False)
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    return render("attendance/leave/unit.html", unit=unit, year=year, month=month, page=page,
                  rows=services.month_rows(page.items, first, last), kinds=services.leave_kind_labels(),
                  label=format_date(date(year, month, 1), "MMMM y"), parent=parent, children=children,
                  previous=previous, following=following,
                  months=[(m, format_date(date(2000, m, 1), "MMMM")) for m in range(1, 13)])
