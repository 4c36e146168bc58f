"""Discipline screens: an employee's sanctions (SK) and attendance, and the monthly attendance recap of a unit.

The recap lists the active employees of a unit's subtree for one month; each row saves on its own with htmx
(422 with the error in the row, 409 with the current values when someone else saved first).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, scoped
from app.audit.models import AuditLog
from app.core.clock import agency_today
from app.core.forms import submit
from app.core.htmx import is_htmx, redirect_htmx, render
from app.discipline import services
from app.discipline.forms import AttendanceForm, SanctionForm, count_labels, level_labels
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.years import year_asked

bp = Blueprint("discipline", __name__)

RECAP_PAGE_SIZE = 100



def month_label(year: int, month: int) -> str:
    return format_date(date(year, month, 1), "MMMM y")


def _month(unit: Unit) -> tuple[int, int]:
    """The month asked for (``?year=&month=``); else, in the chosen (or working) year, the latest month recapped
    for more than half as many people of the unit's subtree as its fullest month (the month HR recapped last: a few
    recaps typed ahead for a later month do not pull the page to a month nobody else has yet, and people who left
    do not hold it back); when the year has none yet and is the current one, the last finished month (the one HR
    recaps now, in January last December)."""
    year = year_asked(current_user)
    month = request.args.get("month", type=int)
    if month is None:
        today = agency_today()
        counted = db.session.execute(
            select(AttendanceMonth.month, func.count()).join(Employee, AttendanceMonth.employee_id == Employee.id)
            .join(Unit, Employee.unit_id == Unit.id)
            .where(AttendanceMonth.year == year, Unit.path.startswith(unit.path, autoescape=True))
            .group_by(AttendanceMonth.month)).all()
        most = max((n for _month, n in counted), default=0)
        recorded = max((m for m, n in counted if 2 * n > most), default=None)  # recapped for more than half
        if recorded is not None:
            month = recorded
        elif year == today.year and "year" not in request.args:  # the month HR recaps now: in January, December
            year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        else:
            month = 12 if year < today.year else 1
    if not 1 <= month <= 12:
        abort(404)
    return year, month


# -- the monthly attendance recap ---------------------------------------------------------------------------------

@bp.get("/discipline")
@access("discipline.view")
def index():
    """The recap of the highest unit the user can see."""
    unit = db.session.scalar(select(Unit).where(scoped(current_user, "discipline.view", Unit))
                             .order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
    if unit is None:
        abort(404)
    return redirect(url_for("discipline.attendance", unit_id=unit.id))


def _row_context(year: int, month: int, editable: bool) -> dict:
    return {"year": year, "month": month, "editable": editable, "labels": count_labels(),
            "counts": services.COUNTS}


@bp.get("/discipline/unit/<int:unit_id>/attendance")
@access("discipline.view", unit_id=Unit)
def attendance(unit):
    """One month of a unit's subtree: the five counts of each active employee, saved row by row."""
    year, month = _month(unit)
    page = db.paginate(services.recap_query(unit), page=request.args.get("page", 1, type=int),
                       per_page=RECAP_PAGE_SIZE, max_per_page=RECAP_PAGE_SIZE, error_out=False)
    rows = services.recap_rows(page.items, year, month)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    return render("discipline/attendance.html", unit=unit, rows=rows, page=page, label=month_label(year, month),
                  previous=previous, following=following, parent=parent, children=children,
                  months=[(m, format_date(date(2000, m, 1), "MMMM")) for m in range(1, 13)],
                  **_row_context(year, month, can(current_user, "discipline.edit", unit)))


@bp.post("/discipline/people/<int:employee_id>/attendance")
@access("discipline.edit", employee_id=Employee)
def attendance_save(employee):
    """Save one row of the recap; answers the row: 422 with the error and what was typed, 409 on a conflict."""
    form = AttendanceForm()
    saved, status = submit(form, lambda: services.save_attendance(employee, form.year.data, form.month.data,
                                                                  form.counts(), form.version.data),
                           field="leave_days", conflict=_(
        "Someone else saved this row after you opened the page: it now shows their values. Check them and enter "
        "yours again."))
    if not form.period_ok():
        abort(400)
    year, month = form.year.data, form.month.data
    status = 200 if saved else status
    errors, message = form.problems(), (form.form_errors[-1] if status == 409 else None)
    row = services.recap_row(employee, year, month)
    if not saved and row.record is not None and row.record.source == "derived":  # never typed over
        errors, message, status = {}, str(services.DERIVED_REFUSAL), 422
    if not is_htmx():
        if saved:
            flash(_("Attendance of %(name)s saved.", name=employee.display_name), "success")
        else:
            flash(message or " ".join(e for messages in errors.values() for e in messages), "error")
        return redirect(url_for("discipline.attendance", unit_id=employee.unit_id, year=year, month=month), code=303)
    typed = {name: form[name]._value() for name in services.COUNTS} if errors else None
    return render("discipline/attendance.html", "row", status=status, row=row,
                  errors=errors, typed=typed, message=message, saved=saved, **_row_context(year, month, True))


# -- an employee's discipline: sanctions and attendance ------------------------------------------------------------

@bp.get("/discipline/people/<int:employee_id>")
@access("discipline.view", employee_id=Employee)
def person(employee):
    """The employee's sanctions (the one in force marked) and their latest monthly recaps."""
    today = agency_today()
    sanctions = [(s, services.sanction_state(s, today)) for s in services.sanctions_of(employee)]
    return render("discipline/person.html", employee=employee, sanctions=sanctions, levels=level_labels(),
                  history=services.attendance_history(employee), labels=count_labels(), counts=services.COUNTS,
                  may_edit=can(current_user, "discipline.edit", employee))


def _sanction_page(form: SanctionForm, employee: Employee, title: str, action: str, status: int = 200,
                   sanction: Sanction | None = None):
    changes = []
    if sanction is not None:
        changes = list(db.session.scalars(select(AuditLog).where(AuditLog.entity == Sanction.__tablename__,
                                                                 AuditLog.entity_id == sanction.id)
                                          .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(20)))
    return render("discipline/sanction_form.html", "form", status=status, form=form, form_id="sanction-form",
                  employee=employee,
                  title=title, action=action, kinds=services.SANCTION_KINDS, sanction=sanction, changes=changes,
                  back=url_for("discipline.person", employee_id=employee.id))


def _save_sanction(form: SanctionForm, employee: Employee, title: str, action: str, done: str,
                   sanction: Sanction | None = None):
    """Save through the service, or answer the form again: 422 with the errors, 409 when changed meanwhile."""
    if request.method == "GET":
        if sanction is not None:
            form.version.data = sanction.version
        return _sanction_page(form, employee, title, action, sanction=sanction)

    def work():
        if sanction is None:
            return services.record_sanction(employee, form.values())
        return services.update_sanction(sanction, form.values(), form.version.data)

    done_, status = submit(form, work, field=None, conflict=_(
        "Someone else changed this sanction after you opened the form. Your entries are kept below: check the "
        "sanction, then save again."))
    if done_:
        flash(done, "success")
        return redirect_htmx(url_for("discipline.person", employee_id=employee.id))
    if status == 409:
        form.version.data = sanction.version
    return _sanction_page(form, employee, title, action, 422 if status == 200 else status, sanction)


@bp.route("/discipline/people/<int:employee_id>/sanctions/new", methods=["GET", "POST"])
@access("discipline.edit", employee_id=Employee)
def sanction_new(employee):
    form = SanctionForm()
    if request.method == "GET":
        form.prefill(request.args)  # an attendance alert names the level, kind and a note
    return _save_sanction(form, employee, _("Record a sanction: %(name)s", name=employee.display_name),
                          url_for("discipline.sanction_new", employee_id=employee.id), _("Sanction recorded."))


@bp.route("/discipline/sanctions/<int:sanction_id>/edit", methods=["GET", "POST"])
@access("discipline.edit", sanction_id=Sanction)
def sanction_edit(sanction):
    employee = sanction.employee
    return _save_sanction(SanctionForm(obj=sanction), employee,
                          _("Correct a sanction: %(name)s", name=employee.display_name),
                          url_for("discipline.sanction_edit", sanction_id=sanction.id), _("Changes saved."), sanction)
