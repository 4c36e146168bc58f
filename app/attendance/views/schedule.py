"""A unit's working schedule: the week and shifts in force (its own, inherited or the default), the roster that
puts people of the subtree on another shift for a period, and the month's roll calls (apel, upacara).

Attendance readers see it; HR (attendance.manage) changes it within its units. Changes recompute the months
they touch: a job for the subtree, or at once for one person's roster entry.
"""

from __future__ import annotations

from datetime import date, time

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, can
from app.attendance import schedules
from app.attendance.forms_calendar import (
    DaysForm,
    RollCallForm,
    RollCallSeriesForm,
    RosterForm,
    ShiftForm,
    hm,
    roll_call_labels,
    weekday_labels,
)
from app.attendance.holidays import month_label, recent_jobs
from app.attendance.models import RollCall, Shift, ShiftAssignment, WorkSchedule
from app.attendance.views import bp
from app.attendance.views.calendar import done, launch
from app.core.clock import agency_today
from app.core.forms import EmptyForm, VersionedForm, act, save
from app.core.htmx import render
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.years import FIRST_YEAR, LAST_YEAR, year_asked

ROSTER_PAGE_SIZE = 50


def _month(unit: Unit) -> tuple[int, int]:
    """The month of roll calls shown: ``?year=&month=``; else this month in the current year, or in another year
    the last month with a roll call for the unit (January when none)."""
    year = year_asked(current_user)
    month = request.args.get("month", type=int)
    if month is None or not 1 <= month <= 12:
        today = agency_today()
        month = today.month if year == today.year else (schedules.last_roll_call_month(unit, year) or 1)
    return year, month


def _back(unit: Unit, year: int | None = None, month: int | None = None, anchor: str | None = None) -> str:
    args = {"year": year, "month": month} if year else {}
    return url_for("attendance.schedule_unit", unit_id=unit.id, **args, _anchor=anchor)


def _page(unit: Unit, status: int = 200, month: tuple[int, int] | None = None, **forms):
    current = schedules.in_force(unit)
    year, month = month or _month(unit)
    may_manage = can(current_user, "attendance.manage", unit)
    roster_form = forms.get("roster") or RosterForm(formdata=None)
    if may_manage:
        roster_form.offer(schedules.people_of(unit), current.roster_shifts)
    series = forms.get("series") or RollCallSeriesForm(formdata=None, year=year, month=month, weekday=0)
    if series.at.data is None:
        series.at.data = time(7, 30)
    roll_call = forms.get("roll_call") or RollCallForm(formdata=None, at=time(7, 30))
    roster = db.paginate(schedules.roster_of(unit), page=request.args.get("page", 1, type=int),
                         per_page=ROSTER_PAGE_SIZE, max_per_page=ROSTER_PAGE_SIZE, error_out=False)
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    weekdays = dict(weekday_labels())
    shifts = [{"record": s if isinstance(s, Shift) else None, "code": s.code, "name": getattr(s, "name", None) or s.code.capitalize(),
               "hours": f"{hm(s.starts)}–{hm(s.ends)}", "friday": hm(s.friday_ends),
               "crosses": schedules.crosses_midnight(s.starts, s.ends),
               "default": s.is_default if isinstance(s, Shift) else True} for s in current.shifts]
    roll_calls = [{"record": r, "weekday": weekdays[r.day.weekday()], "at": hm(r.at), "own": r.unit_id == unit.id}
                  for r in schedules.roll_calls_of(unit, year, month)]
    return render("attendance/calendar/schedule.html", status=status, unit=unit, current=current, shifts=shifts,
                  may_manage=may_manage, year=year, month=month,
                  label=month_label(year, month), previous=previous, following=following,
                  first_year=FIRST_YEAR, last_year=LAST_YEAR, roll_calls=roll_calls,
                  roll_call_kinds=roll_call_labels(), roster=roster, children=children,
                  parent=unit.parent, recalcs=recent_jobs(current_user),
                  days_form=forms.get("days") or DaysForm(formdata=None, obj=current.schedule),
                  shift_form=forms.get("shift") or ShiftForm(formdata=None), roster_form=roster_form,
                  roll_call_form=roll_call, series_form=series, button=VersionedForm(formdata=None),
                  empty=EmptyForm(formdata=None))


@bp.get("/attendance/units/<int:unit_id>/schedule")
@access("attendance.view", unit_id=Unit)
def schedule_unit(unit):
    """The schedule in force, the roster, and the month's roll calls of a unit."""
    return _page(unit)


# -- the week and its shifts ------------------------------------------------------------------------------------

@bp.post("/attendance/units/<int:unit_id>/schedule/own")
@access("attendance.manage", unit_id=Unit)
def schedule_create(unit):
    return act(EmptyForm(), lambda: schedules.create_own(unit, current_user),
               done=_("The unit now has its own schedule, a copy of the one it worked to: change it below."),
               back=_back(unit, anchor="schedule"))


@bp.post("/attendance/schedules/<int:schedule_id>/days")
@access("attendance.manage", schedule_id=WorkSchedule)
def schedule_days(schedule):
    form = DaysForm()
    unit = schedule.unit

    def page(status: int):
        if status == 409:  # the page shows the schedule as it is now: the next save goes through
            form.version.data = schedule.version
        return _page(unit, status, days=form)

    return save(form, lambda: schedules.set_days(schedule, form.days_per_week.data, form.version.data, current_user),
                field="days_per_week", done=done(_("Working week saved.")),
                conflict=_("Someone else changed this schedule after you opened the page. Check it and try again."),
                then=lambda change: launch(change, _back(unit, anchor="schedule")), page=page)


@bp.post("/attendance/schedules/<int:schedule_id>/remove")
@access("attendance.manage", schedule_id=WorkSchedule)
def schedule_remove(schedule):
    unit, form = schedule.unit, VersionedForm()
    return act(form, lambda: schedules.remove_own(schedule, form.version.data, current_user),
               done=done(_("The unit's own schedule was removed: it works to the inherited one again.")),
               back=_back(unit, anchor="schedule"), then=lambda change: launch(change, _back(unit, anchor="schedule")))


@bp.post("/attendance/schedules/<int:schedule_id>/shifts")
@access("attendance.manage", schedule_id=WorkSchedule)
def schedule_shift_add(schedule):
    form = ShiftForm()
    unit = schedule.unit
    return save(form, lambda: schedules.add_shift(schedule, form.values(), current_user), field="code",
                done=done(_("Shift added.")), then=lambda change: launch(change, _back(unit, anchor="shifts")),
                page=lambda status: _page(unit, status, shift=form))


def _shift_page(shift: Shift, form: ShiftForm, status: int = 200):
    unit = shift.schedule.unit
    return render("attendance/calendar/shift_form.html", "form", status=status, form=form, shift=shift,
                  form_id="shift-form", title=_("Shift %(name)s: %(unit)s", name=shift.name, unit=unit.name),
                  action=url_for("attendance.schedule_shift_edit", shift_id=shift.id),
                  back=_back(unit, anchor="shifts"), crumb=_("Schedule of %(unit)s", unit=unit.name),
                  crosses=schedules.crosses_midnight(shift.starts, shift.ends), delete_form=VersionedForm(formdata=None, version=shift.version))


@bp.route("/attendance/shifts/<int:shift_id>", methods=["GET", "POST"])
@access("attendance.manage", shift_id=Shift)
def schedule_shift_edit(shift):
    form = ShiftForm(obj=shift)
    if request.method == "GET":
        form.version.data = shift.version
        return _shift_page(shift, form)

    def page(status: int):
        if status == 409:
            form.version.data = shift.version
        return _shift_page(shift, form, status)

    unit = shift.schedule.unit
    return save(form, lambda: schedules.update_shift(shift, form.values(), form.version.data, current_user),
                field="code", done=done(_("Changes saved.")), page=page,
                conflict=_("Someone else changed this shift after you opened the form. Your entries are kept "
                           "below: check the shift, then save again."),
                then=lambda change: launch(change, _back(unit, anchor="shifts")))


@bp.post("/attendance/shifts/<int:shift_id>/delete")
@access("attendance.manage", shift_id=Shift)
def schedule_shift_delete(shift):
    unit, form = shift.schedule.unit, VersionedForm()
    return act(form, lambda: schedules.delete_shift(shift, form.version.data, current_user),
               done=_("Shift removed: %(name)s.", name=shift.name), back=_back(unit, anchor="shifts"))


# -- the roster ----------------------------------------------------------------------------------------------------

@bp.post("/attendance/units/<int:unit_id>/roster")
@access("attendance.manage", unit_id=Unit, params={"employee_id": Employee, "shift_id": Shift})
def schedule_roster_add(unit, employee, shift):
    form = RosterForm()
    back = _back(unit, anchor="roster")
    return save(form, lambda: schedules.add_roster(unit, employee, shift, form.starts_on.data, form.ends_on.data),
                field="starts_on",
                done=lambda entry: _("%(name)s is on the shift %(shift)s; their attendance was recalculated.",
                                     name=entry.employee.display_name, shift=entry.shift.name),
                then=back, page=lambda status: _page(unit, status, roster=form))


@bp.post("/attendance/roster/<int:roster_id>/delete")
@access("attendance.manage", roster_id=ShiftAssignment, params={"unit": Unit})
def schedule_roster_delete(roster, unit):
    """Remove a roster entry; back to the page it was removed from (``unit``, else the person's unit)."""
    form = VersionedForm()
    back = _back(unit if unit is not None else roster.employee.unit, anchor="roster")
    return act(form, lambda: schedules.remove_roster(roster, form.version.data),
               done=lambda employee: _("Roster entry removed; the attendance of %(name)s was recalculated.",
                                       name=employee.display_name), back=back)


# -- roll calls ------------------------------------------------------------------------------------------------

@bp.post("/attendance/units/<int:unit_id>/roll-calls")
@access("attendance.manage", unit_id=Unit)
def schedule_roll_call_add(unit):
    form = RollCallForm()
    day = form.day.data if isinstance(form.day.data, date) else None
    shown = (day.year, day.month) if day and FIRST_YEAR <= day.year <= LAST_YEAR else None
    return save(form, lambda: schedules.add_roll_call(unit, form.values(), current_user), field="day",
                done=done(_("Roll call added.")),
                then=lambda change: launch(change, _back(unit, *change.months[0], anchor="roll-calls")),
                page=lambda status: _page(unit, status, shown, roll_call=form))


@bp.post("/attendance/units/<int:unit_id>/roll-calls/series")
@access("attendance.manage", unit_id=Unit)
def schedule_roll_call_series(unit):
    form = RollCallSeriesForm()
    valid = form.validate_on_submit()
    shown = (form.year.data, form.month.data) if valid else None
    return save(form, lambda: schedules.add_series(unit, form.year.data, form.month.data, form.weekday.data,
                                                   form.values(), current_user), field="weekday",
                done=lambda change: done(ngettext("%(num)s roll call added.", "%(num)s roll calls added.",
                                                  change.count))(change),
                then=lambda change: launch(change, _back(unit, *shown, anchor="roll-calls")),
                page=lambda status: _page(unit, status, shown, series=form))


@bp.post("/attendance/roll-calls/<int:roll_call_id>/delete")
@access("attendance.manage", roll_call_id=RollCall)
def schedule_roll_call_delete(roll_call):
    unit, form, day = roll_call.unit, VersionedForm(), roll_call.day
    back = _back(unit, day.year, day.month, anchor="roll-calls")
    return act(form, lambda: schedules.delete_roll_call(roll_call, form.version.data, current_user),
               done=done(_("Roll call removed.")), back=back, then=lambda change: launch(change, back))
