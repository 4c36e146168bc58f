"""Check-in screens: attendance machines (sources) with their column mapping and user numbers, importing a
machine's export (upload → preview → commit, all or nothing), and a person's check-ins of a month with the form
to enter one by hand."""

from __future__ import annotations

from datetime import datetime

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, owned, scoped
from app.attendance import checkin_commit, checkins
from app.attendance.checkin_import import limits, zone_of
from app.attendance.forms_checkins import (
    CheckInForm,
    MachineUserForm,
    SourceForm,
    UploadForm,
    date_format_labels,
    direction_labels,
    person_key_labels,
)
from app.attendance.models import CheckIn, CheckInSource, MachineUser
from app.attendance.views import bp
from app.attendance.views.grid import month_asked, month_neighbours
from app.core.clock import agency_timezone, agency_today
from app.core.errors import Refused
from app.core.formatting import format_number
from app.core.forms import EmptyForm, act, save
from app.core.htmx import is_htmx, redirect_htmx, render
from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs import services as jobs
from app.org.models import Employee, Pemda, Unit

PEOPLE_LISTED = 2000  # people offered in a source's person list (beyond: by NIP)


def _agency_zone() -> str:
    pemda = db.session.scalar(select(Pemda).limit(1))
    return pemda.timezone if pemda else "WIB"


def _units():
    return db.session.scalars(select(Unit).where(scoped(current_user, "attendance.import", Unit))
                              .order_by(Unit.path)).all()


def _people(source: CheckInSource) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(source.unit.path, autoescape=True), Employee.status.in_(("aktif", "cuti")),
               scoped(current_user, "attendance.import", Employee))
        .order_by(Employee.name_search, Employee.id).limit(PEOPLE_LISTED)))


# -- sources ----------------------------------------------------------------------------------------------------

@bp.get("/attendance/sources")
@access("attendance.import")
def checkins_sources():
    """The attendance machines of the user's units, with how many user numbers each knows."""
    sources = db.session.scalars(checkins.sources_query(current_user)).all()
    numbers = dict(db.session.execute(
        select(MachineUser.source_id, func.count()).where(MachineUser.source_id.in_([s.id for s in sources]))
        .group_by(MachineUser.source_id)).all()) if sources else {}
    return render("attendance/checkins/sources.html", sources=sources, numbers=numbers, keys=person_key_labels(),
                  agency_zone=_agency_zone())


def _source_form_page(form: SourceForm, title: str, action: str, back: str, status: int = 200,
                      source: CheckInSource | None = None):
    return render("attendance/checkins/source_form.html", "form", status=status, form=form, title=title,
                  action=action, back=back, source=source, form_id="source-form")


def _save_source(form: SourceForm, source: CheckInSource | None, unit: Unit | None, title: str, action: str,
                 back: str, done: str):
    if request.method == "GET":
        return _source_form_page(form, title, action, back, source=source)

    def work():
        if unit is None:
            raise Refused(_("Choose the unit."), "unit_id")
        return checkins.save_source(source, unit, form.values(), form.version.data)

    return save(form, work, field=None, done=done,
                then=lambda saved: url_for("attendance.checkins_source", source_id=saved.id),
                page=lambda status: _source_form_page(form, title, action, back, status, source),
                conflict=_("Someone else changed this machine after you opened the form. Your entries are kept "
                           "below: check them, then save again."))


@bp.route("/attendance/sources/new", methods=["GET", "POST"])
@access("attendance.import", params={"unit_id": Unit})
def checkins_source_new(unit):
    form = SourceForm(units=_units(), agency_zone=_agency_zone())
    if request.method == "GET":
        form.in_values.data, form.out_values.data = "C/In, 0, Masuk", "C/Out, 1, Pulang"
        if unit is not None:
            form.unit_id.data = unit.id
    return _save_source(form, None, unit, _("New attendance machine"), url_for("attendance.checkins_source_new"),
                        url_for("attendance.checkins_sources"), _("Attendance machine saved."))


@bp.route("/attendance/sources/<int:source_id>/edit", methods=["GET", "POST"])
@access("attendance.import", source_id=CheckInSource, params={"unit_id": Unit})
def checkins_source_edit(source, unit):
    form = SourceForm(obj=source if request.method == "GET" else None, units=_units(), agency_zone=_agency_zone())
    if request.method == "GET":
        form.fill(source)
        form.version.data = source.version
    return _save_source(form, source, unit, _("Attendance machine: %(name)s", name=source.name),
                        url_for("attendance.checkins_source_edit", source_id=source.id),
                        url_for("attendance.checkins_source", source_id=source.id), _("Changes saved."))


def _source_page(source: CheckInSource, form: MachineUserForm | None = None, status: int = 200):
    batches = [b for b in db.session.scalars(
        select(ImportBatch).where(ImportBatch.kind == "checkins", owned(current_user, ImportBatch))
        .order_by(ImportBatch.created_at.desc()).limit(100)) if (b.meta or {}).get("source_id") == source.id][:10]
    return render("attendance/checkins/source.html", "users", status=status, source=source,
                  users=checkins.machine_users(source), form=form or MachineUserForm(people=_people(source)),
                  batches=batches, keys=person_key_labels(), formats=date_format_labels(),
                  zone=source.timezone or _("%(zone)s (the agency's)", zone=_agency_zone()))


@bp.get("/attendance/sources/<int:source_id>")
@access("attendance.import", source_id=CheckInSource)
def checkins_source(source):
    """A machine: how its export is read, its user numbers (add, remove), its recent imports."""
    return _source_page(source)


@bp.post("/attendance/sources/<int:source_id>/users")
@access("attendance.import", source_id=CheckInSource, params={"employee_id": Employee})
def checkins_machine_user_add(source, employee):
    form = MachineUserForm(people=_people(source))

    def work():
        person = _chosen(employee, form.nip.data)
        return checkins.add_machine_user(source, form.number.data, person)

    return save(form, work, field="number",
                done=lambda user: _("User number %(number)s: %(name)s.", number=user.number,
                                    name=user.employee.display_name),
                then=url_for("attendance.checkins_source", source_id=source.id) + "#users",
                page=lambda status: _source_page(source, form, status))


def _chosen(employee: Employee | None, nip: str | None) -> Employee:
    """The person picked in the list, or the one whose NIP was typed (one of the two)."""
    if employee is not None and nip:
        raise Refused(_("Choose the person or give their NIP, not both."), "nip")
    if employee is not None:
        return employee
    if not nip:
        raise Refused(_("Choose the person, or give their NIP."), "employee_id")
    return checkins.person_by_nip(current_user, nip)


@bp.post("/attendance/machine-users/<int:machine_user_id>/remove")
@access("attendance.import", machine_user_id=MachineUser)
def checkins_machine_user_remove(machine_user):
    back = url_for("attendance.checkins_source", source_id=machine_user.source_id) + "#users"
    number = machine_user.number
    return act(EmptyForm(), lambda: checkins.remove_machine_user(machine_user),
               done=_("User number %(number)s removed.", number=number), back=back)


# -- import -------------------------------------------------------------------------------------------------------

def _upload_page(source: CheckInSource, form: UploadForm, status: int = 200):
    most, rows = limits()
    return render("attendance/checkins/upload.html", "form", status=status, source=source, form=form,
                  max_mb=most // 2**20, max_rows=rows, keys=person_key_labels(), formats=date_format_labels(),
                  zone=source.timezone or _("%(zone)s (the agency's)", zone=_agency_zone()), form_id="upload-form")


def _launched(result, batch_of) -> str:
    """After the commit of a route that may have started a job: hand the job over, open the preview."""
    batch = batch_of(result)
    job = result[1] if isinstance(result, tuple) else result
    if job is not None:
        jobs.enqueue(job)
        db.session.commit()
    return url_for("attendance.checkins_import", batch_id=batch.id)


@bp.route("/attendance/sources/<int:source_id>/upload", methods=["GET", "POST"])
@access("attendance.import", source_id=CheckInSource)
def checkins_upload(source):
    """A machine's export: checked row by row into a preview (nothing is imported yet)."""
    form = UploadForm()
    if request.method == "GET":
        return _upload_page(source, form)

    def work():
        data = form.file.data.read(limits()[0] + 1)
        return checkin_commit.upload(current_user, source, form.file.data.filename or "", data)

    return save(form, work, field="file", done=None, then=lambda result: _launched(result, lambda r: r[0]),
                page=lambda status: _upload_page(source, form, status))


def _batch_source(batch: ImportBatch) -> CheckInSource:
    source = db.session.get(CheckInSource, (batch.meta or {}).get("source_id") or 0)
    if source is None or not can(current_user, "attendance.import", source):
        abort(404)
    return source


def _preview(batch: ImportBatch, status: int = 200, form: MachineUserForm | None = None):
    source = _batch_source(batch)
    state, job = checkin_commit.state(batch)
    if is_htmx() and request.args.get("poll") and state not in checkin_commit.BUSY:
        return redirect_htmx(url_for("attendance.checkins_import", batch_id=batch.id))
    rows, page = checkin_commit.staged_page(batch, request.args.get("page", 1, type=int))
    zone, meta = zone_of(source), batch.meta or {}
    unknown = meta.get("unknown", [])
    if form is None and unknown and source.person_key == "machine":
        form = MachineUserForm(people=_people(source), formdata=None)
        form.number.data = unknown[0]["number"]
    period = [datetime.fromisoformat(meta[end]).astimezone(zone) for end in ("first", "last") if meta.get(end)]
    return render("attendance/checkins/preview.html", "progress", status=status, batch=batch, source=source,
                  state=state, job=job, page=page, meta=meta, counts=meta.get("counts", {}), form=form,
                  rows=[(staged, person, stored, staged.at.astimezone(zone)) for staged, person, stored in rows],
                  period=period, messages=_messages(source), directions=direction_labels())


def _messages(source: CheckInSource) -> dict[str, str]:
    """The preview's words for each problem of a row (``%(v)s``: the cell)."""
    return {
        "no_person": _("The person's cell is empty."),
        "date": _("“%(v)s” is not a date."),
        "date_order": _("“%(v)s” is not written in the date order set for this machine."),
        "time": _("“%(v)s” is not a time."),
        "no_time": _("“%(v)s” has a date but no time."),
        "year": _("The year of “%(v)s” cannot be right: is the machine's clock set?"),
        "future": _("“%(v)s” has not come yet: is the machine's clock set?"),
        "direction": _("“%(v)s” is neither in (%(in)s) nor out (%(out)s) for this machine.", v="%(v)s",
                       **{"in": source.in_values or "–", "out": source.out_values or "–"}),
        "device": _("The device's name is longer than 60 characters."),
    }


@bp.get("/attendance/checkins/imports/<int:batch_id>")
@access("attendance.import", batch_id=ImportBatch)
def checkins_import(batch):
    """The preview: counts, every problem, the unknown user numbers, and the staged rows page by page."""
    if batch.kind != "checkins":
        return redirect_htmx(url_for("imports.preview", batch_id=batch.id))
    return _preview(batch)


def _checkins_batch(batch: ImportBatch) -> CheckInSource:
    if batch.kind != "checkins":
        abort(404)
    return _batch_source(batch)


@bp.post("/attendance/checkins/imports/<int:batch_id>/commit")
@access("attendance.import", batch_id=ImportBatch)
def checkins_import_commit(batch):
    _checkins_batch(batch)
    back = url_for("attendance.checkins_import", batch_id=batch.id)

    def done(job):
        if job is not None:
            return None
        inserted = batch.meta.get("inserted", 0)
        return ngettext("%(n)s new check-in imported.", "%(n)s new check-ins imported.", inserted,
                        n=format_number(inserted))

    return act(EmptyForm(), lambda: checkin_commit.start_commit(batch, current_user), done=done, back=back,
               then=lambda job: _launched(job, lambda _job: batch), page=lambda status: _preview(batch, status))


@bp.post("/attendance/checkins/imports/<int:batch_id>/recheck")
@access("attendance.import", batch_id=ImportBatch)
def checkins_import_recheck(batch):
    _checkins_batch(batch)
    back = url_for("attendance.checkins_import", batch_id=batch.id)
    return act(EmptyForm(), lambda: checkin_commit.recheck(batch, current_user), done=None, back=back,
               then=lambda job: _launched(job, lambda _job: batch))


@bp.post("/attendance/checkins/imports/<int:batch_id>/discard")
@access("attendance.import", batch_id=ImportBatch)
def checkins_import_discard(batch):
    source = _checkins_batch(batch)
    return act(EmptyForm(), lambda: checkin_commit.discard(batch), done=_("Import discarded; nothing was written."),
               back=url_for("attendance.checkins_source", source_id=source.id))


@bp.post("/attendance/checkins/imports/<int:batch_id>/map")
@access("attendance.import", batch_id=ImportBatch, params={"employee_id": Employee})
def checkins_import_map(batch, employee):
    """An unknown user number of the file given its person; the file is checked again afterwards."""
    source = _checkins_batch(batch)
    form = MachineUserForm(people=_people(source))

    def work():
        person = _chosen(employee, form.nip.data)
        return checkins.add_machine_user(source, form.number.data, person)

    return save(form, work, field="number",
                done=lambda user: _("User number %(number)s: %(name)s. Check the file again to include its rows.",
                                    number=user.number, name=user.employee.display_name),
                then=url_for("attendance.checkins_import", batch_id=batch.id) + "#unknown",
                page=lambda status: _preview(batch, status, form))


# -- a person's check-ins ---------------------------------------------------------------------------------------

def _person_page(employee: Employee, form: CheckInForm | None = None, status: int = 200,
                 period: tuple[int, int] | None = None):
    year, month = period or month_asked(lambda y: checkins.latest_month(employee, y))
    rows, sources = checkins.month_check_ins(employee, year, month)
    zone = agency_timezone()
    days: dict = {}  # the agency's day → [(check-in, its time on the agency's clock)]
    for check_in in rows:
        local = check_in.at.astimezone(zone)
        days.setdefault(local.date(), []).append((check_in, local))
    may_enter = can(current_user, "attendance.enter", employee)
    if may_enter and form is None:
        form = CheckInForm(formdata=None)
        today = agency_today()
        form.day.data = today if (today.year, today.month) == (year, month) else None
    return render("attendance/checkins/person.html", "form", status=status, employee=employee, days=days,
                  sources=sources, form=form if may_enter else None, directions=direction_labels(),
                  may_enter=may_enter, form_id="checkin-form", **month_neighbours(year, month))


@bp.get("/attendance/people/<int:employee_id>/checkins")
@access("attendance.view", employee_id=Employee)
def checkins_person(employee):
    """The person's check-ins of a month (``?year=&month=``), read-only for themself."""
    return _person_page(employee)


@bp.post("/attendance/people/<int:employee_id>/checkins")
@access("attendance.enter", employee_id=Employee)
def checkins_person_add(employee):
    form = CheckInForm()

    def back(check_in) -> str:
        local = check_in.at.astimezone(agency_timezone())
        return url_for("attendance.checkins_person", employee_id=employee.id, year=local.year, month=local.month)

    return save(form, lambda: checkins.add_check_in(employee, current_user, form.day.data, form.at.data,
                                                    form.direction.data, form.note.data),
                field="at", done=_("Check-in entered; the days are recomputed."), then=back,
                page=lambda status: _person_page(employee, form, status, _asked_month(form)))


def _asked_month(form: CheckInForm) -> tuple[int, int] | None:
    """The month of the date typed in a refused entry (its page again), when it is a date of a month shown."""
    day = form.day.data
    return (day.year, day.month) if day is not None and not form.day.errors else None


@bp.post("/attendance/checkins/<int:check_in_id>/remove")
@access("attendance.enter", check_in_id=CheckIn)
def checkins_remove(check_in):
    local = check_in.at.astimezone(agency_timezone())
    back = url_for("attendance.checkins_person", employee_id=check_in.employee_id, year=local.year,
                   month=local.month)
    return act(EmptyForm(), lambda: checkins.remove_check_in(check_in),
               done=_("Check-in removed; the days are recomputed."), back=back)
