"""The people: the list with its filters, a person's page with their history, the person form."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.access import access, scoped
from app.core.clock import agency_today
from app.core.forms import save
from app.core.htmx import is_htmx, render
from app.extensions import db
from app.org import services
from app.org.forms import EmployeeForm, employment_type_labels, labels, status_labels
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.routes import bp
from app.org.rules import GOLONGAN_PPPK, PANGKAT_PNS, format_pangkat, normalise_id


def _units(action: str):
    """The units ``action`` reaches for the user, in tree order, for a picker."""
    return db.session.execute(select(Unit.id, Unit.name, Unit.depth).where(scoped(current_user, action, Unit))
                              .order_by(Unit.path)).all()


def people_query(user, q: str = "", unit: Unit | None = None, employment_type: str = "", golongan: str = "",
                 status: str = ""):
    stmt = select(Employee).where(scoped(user, "people.view", Employee))
    if q:
        number = normalise_id(q)
        if number.isdigit():
            stmt = stmt.where(Employee.nip.startswith(number) | Employee.nik.startswith(number))
        else:
            stmt = stmt.where(Employee.name_search.contains(q.lower(), autoescape=True))
    if unit is not None:
        stmt = stmt.where(Employee.unit_id.in_(select(Unit.id).where(Unit.path.startswith(unit.path,
                                                                                        autoescape=True))))
    if employment_type:
        stmt = stmt.where(Employee.employment_type == employment_type)
    if golongan:
        stmt = stmt.where(Employee.golongan == golongan)
    if status:
        stmt = stmt.where(Employee.status == status)
    return stmt


@bp.get("/people")
@access("people.view", params={"unit": Unit})
def people(unit):
    """The people the user reaches; ``?unit=`` keeps one unit and those below it."""
    args = request.args
    q = args.get("q", "").strip()[:100]
    etype = args.get("type", "") if args.get("type", "") in employment_type_labels() else ""
    golongan = args.get("golongan", "") if args.get("golongan", "") in (*PANGKAT_PNS, *GOLONGAN_PPPK) else ""
    status = args.get("status", "") if args.get("status", "") in status_labels() else ""
    stmt = people_query(current_user, q, unit, etype, golongan, status).options(
        joinedload(Employee.unit), joinedload(Employee.position)
    ).order_by(Employee.name_search, Employee.id)
    page = db.paginate(stmt, page=args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, max_per_page=100)
    filters = {"q": q, "unit": unit.id if unit else "", "type": etype, "golongan": golongan, "status": status}
    return render("org/people.html", "results", page=page, filters=filters, labels=labels(),
                  units=_units("people.view") if not is_htmx() else [],
                  golongan_options=[(g, format_pangkat(g)) for g in (*PANGKAT_PNS, *GOLONGAN_PPPK)])


@bp.get("/people/<int:employee_id>")
@access("people.view", employee_id=Employee)
def person_detail(employee):
    history = list(db.session.scalars(
        select(EmployeeHistory).where(EmployeeHistory.employee_id == employee.id)
        .options(joinedload(EmployeeHistory.unit), joinedload(EmployeeHistory.position))
        .order_by(EmployeeHistory.valid_from.desc(), EmployeeHistory.id.desc())
    ))
    ancestors = list(db.session.scalars(select(Unit).where(Unit.id.in_(employee.unit.ancestor_ids))
                                        .order_by(Unit.depth)))
    return render("org/person.html", employee=employee, history=history, ancestors=ancestors, labels=labels(),
                  today=agency_today())


# -- the person form -------------------------------------------------------------------------------

def _employee_form(employee: Employee | None, unit: Unit | None) -> EmployeeForm:
    """The form with its choices: the units the user edits people in, that unit's positions, the pangkat of
    the employment type. ``unit`` (checked by the gate) is the unit the form names, or the one to start with."""
    form = EmployeeForm(obj=employee)
    units = _units("people.edit")
    form.unit_id.choices = [(u.id, "\u2003" * u.depth + u.name) for u in units]
    if employee is None and unit is not None and not form.is_submitted():
        form.unit_id.data = unit.id
    unit_id = form.unit_id.data or (units[0].id if units else None)
    positions = db.session.execute(
        select(Position.id, Position.name).where(Position.unit_id == unit_id).order_by(Position.name)
    ).all()
    form.position_id.choices = [("", "—")] + [(p.id, p.name) for p in positions]
    etype = form.employment_type.data or "pns"
    form.golongan.choices = [("", "—")] + [(g, format_pangkat(g)) for g in
                                           (PANGKAT_PNS if etype == "pns" else GOLONGAN_PPPK if etype == "pppk" else ())]
    if employee is not None and not form.is_submitted():
        form.nip.data = employee.display_id if employee.nip else ""
    return form


def _person_page(form: EmployeeForm, employee: Employee | None, status: int = 200):
    return render("org/person_form.html", "form", status=status, form=form, form_id="person-form",
                  title=_("Edit %(name)s", name=employee.display_name) if employee else _("Add a person"),
                  action=url_for(request.endpoint, **request.view_args),
                  back=url_for("org.person_detail", employee_id=employee.id) if employee else url_for("org.people"),
                  crumb=employee.display_name if employee else _("People"))


def _save_person(form: EmployeeForm, employee: Employee | None, work, done):
    """Refresh the choices (htmx, on a change of unit or employment type), or save through ``work()``."""
    if request.headers.get("HX-Trigger-Name") in ("unit_id", "employment_type"):
        return _person_page(form, employee)
    return save(form, work, field="name", done=done,
                then=lambda person: url_for("org.person_detail", employee_id=person.id),
                page=lambda status: _person_page(form, employee, status))


@bp.route("/people/new", methods=["GET", "POST"])
@access("people.edit", params={"unit_id": Unit})
def person_new(unit):
    form = _employee_form(None, unit)
    return _save_person(form, None, lambda: services.create_employee(
        form.values(), form.valid_from.data, form.history_note.data or ""),
        lambda employee: _("%(name)s added.", name=employee.display_name))


@bp.route("/people/<int:employee_id>/edit", methods=["GET", "POST"])
@access("people.edit", params={"unit_id": Unit}, employee_id=Employee)
def person_edit(employee, unit):
    form = _employee_form(employee, unit)
    return _save_person(form, employee, lambda: services.update_employee(
        employee, form.values(), form.version.data, form.valid_from.data, form.history_note.data or ""),
        lambda _employee: _("Changes saved."))
