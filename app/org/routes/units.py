"""The unit tree, OPDs and units (new, edit, move, delete) and the positions of a unit."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, scoped
from app.core.forms import VersionedForm, act, save
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org import services
from app.org.forms import MoveUnitForm, PositionForm, UnitForm, WorkingYearForm, labels, unit_kind_labels
from app.org.models import Employee, Position, Unit
from app.org.routes import bp
from app.org.years import set_working_year


def _by_order(stmt):
    return stmt.order_by(Unit.sort_order, Unit.name)


def _visible_roots() -> list[Unit]:
    """The highest units the user can see: the OPD roots, or the tops of the user's subtrees."""
    visible = scoped(current_user, "org.view", Unit)
    visible_parents = select(Unit.id).where(visible).correlate(None)  # its own FROM units, not the outer row
    return list(db.session.scalars(_by_order(select(Unit).where(
        visible, Unit.parent_id.is_(None) | Unit.parent_id.not_in(visible_parents)))))


def _child_counts(units: list[Unit]) -> dict[int, int]:
    if not units:
        return {}
    rows = db.session.execute(
        select(Unit.parent_id, func.count(Unit.id)).where(Unit.parent_id.in_([u.id for u in units]))
        .group_by(Unit.parent_id)
    )
    return dict(rows.all())


def _children(unit: Unit) -> list[Unit]:
    return list(db.session.scalars(_by_order(select(Unit).where(Unit.parent_id == unit.id))))


@bp.get("/org")
@access("org.view")
def tree():
    roots = _visible_roots()
    return render("org/tree.html", units=roots, counts=_child_counts(roots), labels=labels())


@bp.get("/units/<int:unit_id>/children")
@access("org.view", unit_id=Unit)
def unit_children(unit):
    children = _children(unit)
    return render("org/_tree_nodes.html", units=children, counts=_child_counts(children), labels=labels())


@bp.get("/units/<int:unit_id>")
@access("org.view", unit_id=Unit)
def unit_detail(unit):
    return _unit_page(unit)


def _unit_page(unit: Unit, year_form=None, status: int = 200):
    ancestors = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit.ancestor_ids)).order_by(Unit.depth)))
    positions = list(db.session.scalars(select(Position).where(Position.unit_id == unit.id)
                                        .order_by(Position.is_head.desc(), Position.kelas_jabatan.desc(), Position.name)))
    holders = dict(db.session.execute(
        select(Employee.position_id, func.count(Employee.id)).where(Employee.unit_id == unit.id)
        .group_by(Employee.position_id)).all())
    people_in_subtree = db.session.scalar(
        select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True)))
    if year_form is None and unit.parent_id is None and can(current_user, "org.edit", unit):
        year_form = WorkingYearForm(obj=unit)
    return render("org/unit.html", status=status, unit=unit, ancestors=ancestors, children=_children(unit),
                  positions=positions, holders=holders, people_in_subtree=people_in_subtree, labels=labels(),
                  year_form=year_form)


@bp.post("/units/<int:unit_id>/working-year")
@access("org.edit", unit_id=Unit)
def unit_working_year(unit):
    """The OPD's working year: the year its people's year-bound pages open on."""
    if unit.parent_id is not None:
        abort(404)
    form = WorkingYearForm()
    return save(form, lambda: set_working_year(unit, form.working_year.data, form.version.data), field="working_year", done=_("Working year saved."),
                then=url_for("org.unit_detail", unit_id=unit.id),
                conflict=_("Someone else changed this OPD after you opened the page. Check it and try again."),
                page=lambda status: _unit_page(unit, form, status))


# -- units -----------------------------------------------------------------------------------------

def _form_page(template: str, form, status: int, title: str, back: Unit | None, **context):
    """A one-form page (``form_page.html``) posting to this URL, its way back to the unit ``back``."""
    return render(template, "form", status=status, form=form, title=title,
                  action=url_for(request.endpoint, **request.view_args),
                  back=url_for("org.unit_detail", unit_id=back.id) if back else url_for("org.tree"),
                  crumb=back.name if back else _("Organisation"), **context)


def _save_unit(form: UnitForm, work, done, *, unit: Unit | None = None, parent: Unit | None = None):
    """Save through ``work()`` (it returns the unit to open next), or answer the form again."""
    title = (_("Edit %(name)s", name=unit.name) if unit else
             _("New unit below %(name)s", name=parent.name) if parent else _("New OPD"))
    return save(form, work, field="name", done=done, then=lambda saved: url_for("org.unit_detail", unit_id=saved.id),
                page=lambda status: _form_page("org/unit_form.html", form, status, title, unit or parent))


def _kinds_below(form: UnitForm) -> None:
    form.kind.choices = [c for c in form.kind.choices if c[0] != "opd"]


def _kind_opd(form: UnitForm) -> None:
    form.kind.choices = [("opd", unit_kind_labels()["opd"])]


@bp.route("/opd/new", methods=["GET", "POST"])
@access("settings.edit")
def opd_new():
    form = UnitForm(kind="opd")
    _kind_opd(form)
    return _save_unit(form, lambda: services.create_unit(None, form.values()),
                      lambda opd: _("OPD %(name)s created.", name=opd.name))


@bp.route("/units/<int:unit_id>/new", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def unit_new(unit):
    form = UnitForm()
    _kinds_below(form)
    return _save_unit(form, lambda: services.create_unit(unit, form.values()),
                      lambda child: _("Unit %(name)s created.", name=child.name), parent=unit)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def unit_edit(unit):
    form = UnitForm(obj=unit)
    if unit.parent_id is None:
        _kind_opd(form)
    else:
        _kinds_below(form)
    return _save_unit(form, lambda: services.update_unit(unit, form.values(), form.version.data),
                      lambda _unit: _("Unit saved."), unit=unit, parent=unit.parent)


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
@access("org.edit", params={"parent_id": Unit}, unit_id=Unit)
def unit_move(unit, parent):
    """Move a unit under another unit of its OPD that the user edits (``parent_id`` of the form)."""
    form = MoveUnitForm(obj=unit)
    candidates = db.session.execute(
        select(Unit.id, Unit.name, Unit.depth).where(
            Unit.path.startswith(f"/{unit.opd_id}/"),
            ~Unit.path.startswith(unit.path, autoescape=True),
            scoped(current_user, "org.edit", Unit),
        ).order_by(Unit.path)
    ).all()
    form.parent_id.choices = [(c.id, "\u2003" * c.depth + c.name) for c in candidates]
    return save(form, lambda: services.move_unit(unit, parent, form.version.data), field="parent_id",
                done=_("Unit moved."), then=url_for("org.unit_detail", unit_id=unit.id),
                page=lambda status: _form_page("org/unit_move.html", form, status, _("Move %(name)s", name=unit.name),
                                               unit))


@bp.post("/units/<int:unit_id>/delete")
@access("org.edit", unit_id=Unit)
def unit_delete(unit):
    """Delete an empty unit; an OPD (a unit without a parent) needs the right to create OPDs over it."""
    if unit.parent_id is None and not can(current_user, "settings.edit", unit):
        abort(403)
    here = url_for("org.unit_detail", unit_id=unit.id)
    form = VersionedForm()
    return act(form, lambda: services.delete_unit(unit, form.version.data), done=_("Unit deleted."),
               back=url_for("org.unit_detail", unit_id=unit.parent_id) if unit.parent_id else url_for("org.tree"),
               page=lambda status: redirect_htmx(here))


# -- positions -------------------------------------------------------------------------------------

def _save_position(form: PositionForm, work, unit: Unit, position: Position | None, done: str):
    return save(form, work, field="name", done=done, then=url_for("org.unit_detail", unit_id=unit.id),
                page=lambda status: _form_page("org/position_form.html", form, status,
                                               _("Edit position") if position else _("New position"), unit,
                                               position=position))


@bp.route("/units/<int:unit_id>/positions/new", methods=["GET", "POST"])
@access("org.edit", unit_id=Unit)
def position_new(unit):
    form = PositionForm()
    return _save_position(form, lambda: services.create_position(unit, form.values()), unit, None,
                          _("Position created."))


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@access("org.edit", position_id=Position)
def position_edit(position):
    form = PositionForm(obj=position)
    if not form.is_submitted():
        form.eselon.data = position.eselon or ""
    return _save_position(form, lambda: services.update_position(position, form.values(), form.version.data),
                          position.unit, position, _("Position saved."))


@bp.post("/positions/<int:position_id>/delete")
@access("org.edit", position_id=Position)
def position_delete(position):
    form = VersionedForm()
    return act(form, lambda: services.delete_position(position, form.version.data), done=_("Position deleted."),
               back=url_for("org.unit_detail", unit_id=position.unit_id))
