
from flask import Blueprint, abort, current_app, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.accounts.access import access, public, scope_clause
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.files import path_of, store
from app.core.forms import EmptyForm, add_refusal
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org import services
from app.org.forms import (
    EmployeeForm,
    MoveUnitForm,
    PemdaForm,
    PositionForm,
    UnitForm,
    employment_type_labels,
    position_type_labels,
    status_labels,
    unit_kind_labels,
)
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.rules import GOLONGAN_PPPK, PANGKAT_PNS, format_pangkat, normalise_id

bp = Blueprint("org", __name__)


def labels() -> dict:
    return {"kinds": unit_kind_labels(), "ptypes": position_type_labels(),
            "etypes": employment_type_labels(), "statuses": status_labels()}


# -- home and tree -------------------------------------------------------------------------------

@bp.get("/")
@access("home")
def home():
    people = db.session.scalar(
        select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id)
        .where(scope_clause(current_user, "people.view", Unit.path, Employee.id))
    )
    units = db.session.scalar(select(func.count(Unit.id)).where(scope_clause(current_user, "org.view", Unit.path)))
    from app.accounts.access import can
    from app.monitoring.reminders import collect, default_year

    reminders = None
    if can(current_user, "monitoring.view"):  # what is not reported yet or waits for verification
        today = agency_today()
        reminders = collect(current_user, default_year(current_user, today), today)
    from app.awards.services import todo

    awards = todo(current_user, agency_today()) if can(current_user, "awards.view") else None
    return render("org/home.html", people=people, units=units, reminders=reminders, awards=awards)


def _visible_roots() -> list[Unit]:
    """The highest units the user can see: the OPD roots, or the tops of the user's subtrees."""
    prefixes = sorted({a.unit_path for a in current_user.roles})
    if "" in prefixes:
        stmt = select(Unit).where(Unit.parent_id.is_(None))
    else:
        tops = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
        ids = [int(p.strip("/").split("/")[-1]) for p in tops]
        stmt = select(Unit).where(Unit.id.in_(ids))
    return list(db.session.scalars(stmt.order_by(Unit.sort_order, Unit.name)))


def _child_counts(units: list[Unit]) -> dict[int, int]:
    if not units:
        return {}
    rows = db.session.execute(
        select(Unit.parent_id, func.count(Unit.id)).where(Unit.parent_id.in_([u.id for u in units]))
        .group_by(Unit.parent_id)
    )
    return dict(rows.all())


@bp.get("/org")
@access("org.view")
def tree():
    roots = _visible_roots()
    return render("org/tree.html", units=roots, counts=_child_counts(roots), labels=labels())


@bp.get("/units/<int:unit_id>/children")
@access("org.view", unit_id=Unit)
def unit_children(unit):
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    return render("org/_tree_nodes.html", units=children, counts=_child_counts(children), labels=labels())


@bp.get("/units/<int:unit_id>")
@access("org.view", unit_id=Unit)
def unit_detail(unit):
    ancestors = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit.ancestor_ids)).order_by(Unit.depth)))
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.sort_order, Unit.name)))
    positions = list(db.session.scalars(select(Position).where(Position.unit_id == unit.id)
                                        .order_by(Position.is_head.desc(), Position.kelas_jabatan.desc(), Position.name)))
    holders = dict(db.session.execute(
        select(Employee.position_id, func.count(Employee.id)).where(Employee.unit_id == unit.id)
        .group_by(Employee.position_id)).all())
    people_in_subtree = db.session.scalar(
        select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True)))
    return render("org/unit.html", unit=unit, ancestors=ancestors, children=children, positions=positions,
                  holders=holders, people_in_subtree=people_in_subtree, labels=labels(), empty=EmptyForm())


def _unit_form_page(form, unit, parent, status=200):
    return render("org/unit_form.html", "form", status=status, form=form, unit=unit, parent=parent)


@bp.route("/opd/new", methods=["GET", "POST"])
@access("settings.edit")
def opd_new():
    form = UnitForm(kind="opd")
    form.kind.choices = [("opd", unit_kind_labels()["opd"])]
    if form.validate_on_submit():
        try:
            unit = services.create_unit(None, form.values())
        except Refused as refused:
            add_refusal(form, refused, "name")
        else:
            db.session.commit()
            flash(_("OPD %(name)s created.", name=unit.name), "success")
            return redirect_htmx(url_for("org.unit_detail", unit_id=unit.id))
    return _unit_form_page(form, None, None, 422 if request.method == "POST" else 200)


@bp.route("/units/<int:unit_id>/new", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def unit_new(unit):
    form = UnitForm()
    form.kind.choices = [c for c in form.kind.choices if c[0] != "opd"]
    if form.validate_on_submit():
        try:
            child = services.create_unit(unit, form.values())
        except Refused as refused:
            add_refusal(form, refused, "name")
        else:
            db.session.commit()
            flash(_("Unit %(name)s created.", name=child.name), "success")
            return redirect_htmx(url_for("org.unit_detail", unit_id=child.id))
    return _unit_form_page(form, None, unit, 422 if request.method == "POST" else 200)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def unit_edit(unit):
    form = UnitForm(obj=unit)
    if unit.parent_id is None:
        form.kind.choices = [("opd", unit_kind_labels()["opd"])]
    else:
        form.kind.choices = [c for c in form.kind.choices if c[0] != "opd"]
    if form.validate_on_submit():
        try:
            services.update_unit(unit, form.values(), form.version.data)
        except Refused as refused:
            add_refusal(form, refused, "name")
        else:
            db.session.commit()
            flash(_("Unit saved."), "success")
            return redirect_htmx(url_for("org.unit_detail", unit_id=unit.id))
    return _unit_form_page(form, unit, unit.parent, 422 if request.method == "POST" else 200)


def _move_form(unit: Unit) -> MoveUnitForm:
    form = MoveUnitForm(obj=unit)
    candidates = db.session.execute(
        select(Unit.id, Unit.name, Unit.depth).where(
            Unit.path.startswith(f"/{unit.opd_id}/"),
            ~Unit.path.startswith(unit.path, autoescape=True),
            scope_clause(current_user, "org.edit", Unit.path),
        ).order_by(Unit.path)
    ).all()
    form.parent_id.choices = [(c.id, "\u2003" * c.depth + c.name) for c in candidates]
    return form


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def unit_move(unit):
    form = _move_form(unit)
    if form.validate_on_submit():
        try:
            new_parent = db.session.get(Unit, form.parent_id.data)
            services.move_unit(unit, new_parent, form.version.data)
        except Refused as refused:
            add_refusal(form, refused, "parent_id")
        else:
            db.session.commit()
            flash(_("Unit moved."), "success")
            return redirect_htmx(url_for("org.unit_detail", unit_id=unit.id))
    return render("org/unit_move.html", "form", status=422 if request.method == "POST" else 200,
                  form=form, unit=unit)


@bp.post("/units/<int:unit_id>/delete")
@access("org.edit", unit_id=Unit)
def unit_delete(unit):
    parent_id = unit.parent_id
    if parent_id is None and not any(a.role == "admin" for a in current_user.roles):
        abort(403)
    try:
        services.delete_unit(unit, request.form.get("version", type=int))
    except Refused as refused:
        flash(str(refused.message), "error")
        return redirect_htmx(url_for("org.unit_detail", unit_id=unit.id))
    db.session.commit()
    flash(_("Unit deleted."), "success")
    return redirect_htmx(url_for("org.unit_detail", unit_id=parent_id) if parent_id else url_for("org.tree"))


# -- positions -----------------------------------------------------------------------------------

@bp.route("/units/<int:unit_id>/positions/new", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def position_new(unit):
    form = PositionForm()
    if form.validate_on_submit():
        services.create_position(unit, form.values())
        db.session.commit()
        flash(_("Position created."), "success")
        return redirect_htmx(url_for("org.unit_detail", unit_id=unit.id))
    return render("org/position_form.html", "form", status=422 if request.method == "POST" else 200,
                  form=form, unit=unit, position=None)


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@access("org.edit", position_id=Position)
def position_edit(position):
    form = PositionForm(obj=position)
    if request.method == "GET":
        form.eselon.data = position.eselon or ""
    if form.validate_on_submit():
        services.update_position(position, form.values(), form.version.data)
        db.session.commit()
        flash(_("Position saved."), "success")
        return redirect_htmx(url_for("org.unit_detail", unit_id=position.unit_id))
    return render("org/position_form.html", "form", status=422 if request.method == "POST" else 200,
                  form=form, unit=position.unit, position=position)


@bp.post("/positions/<int:position_id>/delete")
@access("org.edit", position_id=Position)
def position_delete(position):
    unit_id = position.unit_id
    try:
        services.delete_position(position, request.form.get("version", type=int))
    except Refused as refused:
        flash(str(refused.message), "error")
    else:
        db.session.commit()
        flash(_("Position deleted."), "success")
    return redirect_htmx(url_for("org.unit_detail", unit_id=unit_id))


# -- people --------------------------------------------------------------------------------------

def people_query(user, q: str = "", unit: Unit | None = None, employment_type: str = "", golongan: str = "",
                 status: str = ""):
    stmt = (
        select(Employee)
        .join(Unit, Employee.unit_id == Unit.id)
        .where(scope_clause(user, "people.view", Unit.path, Employee.id))
    )
    if q:
        number = normalise_id(q)
        if number.isdigit():
            stmt = stmt.where(Employee.nip.startswith(number) | Employee.nik.startswith(number))
        else:
            stmt = stmt.where(Employee.name_search.contains(q.lower(), autoescape=True))
    if unit is not None:
        stmt = stmt.where(Unit.path.startswith(unit.path, autoescape=True))
    if employment_type:
        stmt = stmt.where(Employee.employment_type == employment_type)
    if golongan:
        stmt = stmt.where(Employee.golongan == golongan)
    if status:
        stmt = stmt.where(Employee.status == status)
    return stmt


@bp.get("/people")
@access("people.view")
def people():
    args = request.args
    q = args.get("q", "").strip()[:100]
    unit = None
    if args.get("unit", type=int):
        unit = db.session.get(Unit, args.get("unit", type=int))
        if unit is None or not any(unit.path.startswith(a.unit_path) for a in current_user.roles):
            unit = None
    etype = args.get("type", "") if args.get("type", "") in employment_type_labels() else ""
    golongan = args.get("golongan", "") if args.get("golongan", "") in (*PANGKAT_PNS, *GOLONGAN_PPPK) else ""
    status = args.get("status", "") if args.get("status", "") in status_labels() else ""
    stmt = people_query(current_user, q, unit, etype, golongan, status).options(
        joinedload(Employee.unit), joinedload(Employee.position)
    ).order_by(Employee.name_search, Employee.id)
    page = db.paginate(stmt, page=args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, max_per_page=100)
    filters = {"q": q, "unit": unit.id if unit else "", "type": etype, "golongan": golongan, "status": status}
    units = db.session.execute(
        select(Unit.id, Unit.name, Unit.depth).where(scope_clause(current_user, "people.view", Unit.path))
        .order_by(Unit.path)
    ).all() if request.headers.get("HX-Request") != "true" else []
    return render("org/people.html", "results", page=page, filters=filters, units=units, labels=labels(),
                  golongan_options=[(g, format_pangkat(g)) for g in (*PANGKAT_PNS, *GOLONGAN_PPPK)])


def _employee_form(employee: Employee | None = None, unit: Unit | None = None) -> EmployeeForm:
    form = EmployeeForm(obj=employee)
    units = db.session.execute(
        select(Unit.id, Unit.name, Unit.depth).where(scope_clause(current_user, "people.edit", Unit.path))
        .order_by(Unit.path)
    ).all()
    form.unit_id.choices = [(u.id, "\u2003" * u.depth + u.name) for u in units]
    if employee is None and unit is not None and request.method == "GET":
        form.unit_id.data = unit.id
    unit_id = form.unit_id.data or (units[0].id if units else None)
    positions = db.session.execute(
        select(Position.id, Position.name).where(Position.unit_id == unit_id).order_by(Position.name)
    ).all()
    form.position_id.choices = [("", "—")] + [(p.id, p.name) for p in positions]
    etype = form.employment_type.data or "pns"
    form.golongan.choices = [("", "—")] + [(g, format_pangkat(g)) for g in
                                           (PANGKAT_PNS if etype == "pns" else GOLONGAN_PPPK if etype == "pppk" else ())]
    if employee is not None and request.method == "GET":
        form.nip.data = employee.display_id if employee.nip else ""
    return form


def _check_unit_allowed(form: EmployeeForm) -> bool:
    if form.unit_id.data not in {c[0] for c in form.unit_id.choices}:
        form.unit_id.errors = list(form.unit_id.errors) + [_("Choose a unit you manage.")]
        return False
    return True


@bp.route("/people/new", methods=["GET", "POST"])
@access("people.edit")
def person_new():
    unit = db.session.get(Unit, request.args.get("unit", type=int) or 0)
    form = _employee_form(unit=unit)
    if request.headers.get("HX-Trigger-Name") in ("unit_id", "employment_type"):
        return render("org/person_form.html", "form", form=form, employee=None)  # refreshed choices
    if form.validate_on_submit() and _check_unit_allowed(form):
        try:
            employee = services.create_employee(form.values(), form.valid_from.data, form.history_note.data or "")
        except Refused as refused:
            add_refusal(form, refused, "name")
        else:
            db.session.commit()
            flash(_("%(name)s added.", name=employee.display_name), "success")
            return redirect_htmx(url_for("org.person_detail", employee_id=employee.id))
    return render("org/person_form.html", "form", status=422 if request.method == "POST" else 200,
                  form=form, employee=None)


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


@bp.route("/people/<int:employee_id>/edit", methods=["GET", "POST"])
@access("people.edit", employee_id=Employee)
def person_edit(employee):
    form = _employee_form(employee)
    if request.headers.get("HX-Trigger-Name") in ("unit_id", "employment_type"):
        return render("org/person_form.html", "form", form=form, employee=employee)
    if form.validate_on_submit() and _check_unit_allowed(form):
        try:
            services.update_employee(employee, form.values(), form.version.data, form.valid_from.data,
                                     form.history_note.data or "")
        except Refused as refused:
            add_refusal(form, refused, "name")
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect_htmx(url_for("org.person_detail", employee_id=employee.id))
    return render("org/person_form.html", "form", status=422 if request.method == "POST" else 200,
                  form=form, employee=employee)


# -- settings ------------------------------------------------------------------------------------

@bp.route("/settings", methods=["GET", "POST"])
@access("settings.edit")
def settings():
    pemda = services.get_pemda()
    form = PemdaForm(obj=pemda)
    if form.validate_on_submit():
        data = {k: form.data[k] for k in ("name", "level", "city", "timezone", "paper_size", "rating_preset")}
        if form.logo.data:
            content, extension = form.logo.data
            data["logo_file"] = store(content, extension)
        services.save_pemda(data, form.version.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect_htmx(url_for("org.settings"))
    return render("org/settings.html", "form", status=422 if request.method == "POST" else 200, form=form,
                  pemda=pemda)


@bp.get("/logo")
@public
def logo():
    """The pemda's logo, for pages and documents (public: it is printed on every official document)."""
    pemda = services.get_pemda()
    if pemda is None or not pemda.logo_file:
        abort(404)
    try:
        path = path_of(pemda.logo_file)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    mimetype = "image/png" if pemda.logo_file.endswith(".png") else "image/jpeg"
    return send_file(path, mimetype=mimetype, max_age=3600, etag=True)
