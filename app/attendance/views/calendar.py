"""The work calendar: the pemda's days off of a year (national holidays, cuti bersama, regional holidays).

Everyone with attendance rights reads it; only a role over the whole installation (admin) changes it. Each
change recomputes the months it touches for everyone, as background jobs the page then shows.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can
from app.attendance import holiday_import, holidays
from app.attendance.forms_calendar import HolidayFileForm, HolidayForm, YearForm, kind_labels
from app.attendance.models import Holiday
from app.attendance.views import bp
from app.core.forms import EmptyForm, VersionedForm, act, save
from app.core.htmx import render
from app.extensions import db
from app.imports.export import safe
from app.imports.models import ImportBatch
from app.jobs import services as jobs
from app.org.years import year_asked


def conflict() -> str:
    return _("Someone else changed this day off after you opened the form. Your entries are kept below: check "
             "the calendar, then save again.")


def launch(change: holidays.Change, back: str) -> str:
    """After the commit: hand the change's recompute jobs to the queue; answer with ``back``."""
    for job in change.jobs:
        jobs.enqueue(job)
    if change.jobs:
        db.session.commit()
    return back


def done(message: str):
    """The flash after a change: the message, and which months are being recalculated."""
    def text(change: holidays.Change) -> str:
        if not change.jobs:
            return message
        months = ", ".join(holidays.month_label(y, m) for y, m in change.months
                           if any(j.params["year"] == y and j.params["month"] == m for j in change.jobs))
        return message + " " + _("The attendance of %(months)s is being recalculated (see below).", months=months)
    return text


def _by_month(year: int) -> list[tuple[int, list[tuple[Holiday, str]]]]:
    """The year's days off by month, each with its weekday's name."""
    months: dict[int, list[tuple[Holiday, str]]] = {}
    for holiday in holidays.holidays_of(year):
        months.setdefault(holiday.day.month, []).append((holiday, format_date(holiday.day, "EEEE")))
    return sorted(months.items())


def _year_page(year: int, form: HolidayForm | None = None, upload: HolidayFileForm | None = None,
               status: int = 200):
    days = _by_month(year)
    present = {h.day for _, month in days for h, _ in month}
    missing = [row for row in holidays.official(year) if row["day"] not in present]
    counts = {kind: sum(1 for _, month in days for h, _ in month if h.kind == kind) for kind in kind_labels()}
    return render("attendance/calendar/year.html", status=status, year=year, months=days, counts=counts,
                  kinds=kind_labels(), missing=missing, shipped=year in holidays.shipped_years(),
                  may_edit=can(current_user, "attendance.calendar"), form=form or HolidayForm(formdata=None),
                  upload=upload or HolidayFileForm(formdata=None), load_form=YearForm(formdata=None, year=year),
                  recalcs=holidays.recent_jobs(current_user))


@bp.get("/attendance/calendar")
@access("attendance.view")
def calendar_year():
    """The year's days off by month; the admin adds, corrects, removes, loads the official ones or imports."""
    return _year_page(year_asked(current_user))


@bp.post("/attendance/calendar/holidays")
@access("attendance.calendar")
def calendar_add():
    form = HolidayForm()
    year = form.day.data.year if form.day.data else year_asked(current_user)
    return save(form, lambda: holidays.add_holiday(form.values(), current_user), field="day",
                done=done(_("Day off added.")),
                then=lambda change: launch(change, url_for("attendance.calendar_year", year=change.record.day.year)),
                page=lambda status: _year_page(year, form=form, status=status))


def _edit_page(holiday: Holiday, form: HolidayForm, status: int = 200):
    return render("attendance/calendar/holiday_form.html", "form", status=status, form=form, holiday=holiday,
                  form_id="holiday-form", title=_("Correct a day off: %(name)s", name=holiday.name),
                  action=url_for("attendance.calendar_edit", holiday_id=holiday.id),
                  back=url_for("attendance.calendar_year", year=holiday.day.year), crumb=_("Work calendar"),
                  delete_form=VersionedForm(formdata=None, version=holiday.version))


# A day off belongs to the whole pemda, not to a unit: its id travels as a parameter (``?holiday_id=``), which the
# gate loads and checks like an id in the path.
@bp.route("/attendance/calendar/holiday/edit", methods=["GET", "POST"])
@access("attendance.calendar", params={"holiday_id": Holiday})
def calendar_edit(holiday):
    if holiday is None:
        return redirect(url_for("attendance.calendar_year"))
    form = HolidayForm(obj=holiday)
    if request.method == "GET":
        form.version.data = holiday.version
        return _edit_page(holiday, form)

    def page(status: int):
        if status == 409:
            form.version.data = holiday.version
        return _edit_page(holiday, form, status)

    return save(form, lambda: holidays.update_holiday(holiday, form.values(), form.version.data, current_user),
                field="day", done=done(_("Changes saved.")), conflict=conflict(), page=page,
                then=lambda change: launch(change, url_for("attendance.calendar_year", year=holiday.day.year)))


@bp.post("/attendance/calendar/holiday/delete")
@access("attendance.calendar", params={"holiday_id": Holiday})
def calendar_delete(holiday):
    if holiday is None:
        abort(400)
    back = url_for("attendance.calendar_year", year=holiday.day.year)
    form = VersionedForm()
    return act(form, lambda: holidays.delete_holiday(holiday, form.version.data, current_user),
               done=done(_("Day off removed: %(name)s.", name=holiday.name)), back=back,
               then=lambda change: launch(change, back))


@bp.post("/attendance/calendar/official")
@access("attendance.calendar")
def calendar_load_official():
    form = YearForm()
    year = form.year.data if form.validate_on_submit() else None
    back = url_for("attendance.calendar_year", year=year) if year else url_for("attendance.calendar_year")
    return act(form, lambda: holidays.load_official_year(year, current_user),
               done=lambda change: done(ngettext("%(num)s official day off of %(year)s added.",
                                                 "%(num)s official days off of %(year)s added.", change.count,
                                                 year=year))(change),
               back=back, then=lambda change: launch(change, back))


# -- import from a file ----------------------------------------------------------------------------------------

@bp.post("/attendance/calendar/import")
@access("attendance.calendar")
def calendar_import():
    upload = HolidayFileForm()

    def work():
        data = upload.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        return holiday_import.stage(current_user, upload.file.data.filename or "", data)

    return save(upload, work, field="file", done=None,
                then=lambda batch: url_for("attendance.calendar_import_preview", batch_id=batch.id),
                page=lambda status: _year_page(year_asked(current_user), upload=upload, status=status))


def _preview(batch: ImportBatch, status: int = 200):
    days = {row["row"]: date.fromisoformat(row["value"]["day"]) for row in batch.rows
            if (row.get("value") or {}).get("day")}
    return render("attendance/calendar/import_preview.html", status=status, batch=batch, kinds=kind_labels(),
                  days=days)


@bp.get("/attendance/calendar/imports/<int:batch_id>")
@access("attendance.calendar", batch_id=ImportBatch)
def calendar_import_preview(batch):
    """Every row of the file with what it will do and its errors; confirm writes them all, or nothing."""
    if batch.kind != holiday_import.KIND:
        return redirect(url_for("imports.preview", batch_id=batch.id))
    return _preview(batch)


@bp.post("/attendance/calendar/imports/<int:batch_id>/commit")
@access("attendance.calendar", batch_id=ImportBatch)
def calendar_import_commit(batch):
    back = url_for("attendance.calendar_import_preview", batch_id=batch.id)

    def then(change: holidays.Change) -> str:
        days = [row["value"]["day"] for row in batch.data_rows]
        return launch(change, url_for("attendance.calendar_year", year=min(days)[:4]) if days else back)

    return act(EmptyForm(), lambda: holiday_import.commit(batch, current_user),
               done=lambda change: done(ngettext("%(num)s day off imported.", "%(num)s days off imported.",
                                                 change.count))(change), back=back, then=then,
               page=lambda status: _preview(batch, status))


@bp.post("/attendance/calendar/imports/<int:batch_id>/discard")
@access("attendance.calendar", batch_id=ImportBatch)
def calendar_import_discard(batch):
    return act(EmptyForm(), lambda: holiday_import.discard(batch), done=_("Import discarded; nothing was written."),
               back=url_for("attendance.calendar_year"))


@bp.get("/attendance/calendar/export.csv")
@access("attendance.view")
def calendar_export():
    """The year's days off as CSV, in the columns an import reads (a template, and a copy to keep)."""
    year = year_asked(current_user)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([holiday_import.HEADERS[c] for c in holiday_import.COLUMNS])
    for holiday in holidays.holidays_of(year):
        writer.writerow([holiday.day.isoformat(), holiday_import.KIND_WORDS[holiday.kind], safe(holiday.name), safe(holiday.source)])
    return send_file(io.BytesIO(out.getvalue().encode("utf-8-sig")), as_attachment=True, mimetype="text/csv",
                     download_name=f"{_('holidays')}-{year}.csv")
