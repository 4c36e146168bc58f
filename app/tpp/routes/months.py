"""An OPD's TPP month: the results, calculating (a job), closing, reopening and what a recalculation would change;
one person's explanation; a person's own months."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, scoped
from app.attendance.checkin_commit import Page
from app.attendance.excuses import attachment_limit
from app.attendance.leave import leave_kind_labels
from app.attendance.views.grid import month_asked, month_neighbours
from app.core.clock import agency_today
from app.core.formatting import tanggal
from app.core.forms import VersionedForm, act, submit
from app.core.htmx import render
from app.discipline.forms import level_labels
from app.extensions import db
from app.jobs import services as jobs
from app.org.models import Employee, Position, Unit
from app.tpp import labels, payment
from app.tpp.forms import CalculateForm, ObjectionForm, PaymentForm, ReopenForm
from app.tpp.models import Period, Preset, Result
from app.tpp.routes import bp
from app.tpp.services import calculation, objections, periods, presets

PAGE_SIZE = 100
SIMULATION_PEOPLE = 200  # the people a simulation lists, largest difference first


@bp.get("/tpp")
@access("home")
def index():
    """HR and leaders: the highest OPD they reach; everyone else: their own months."""
    if can(current_user, "tpp.view"):
        opd = db.session.scalar(select(Unit).where(scoped(current_user, "tpp.view", Unit))
                                .order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
        if opd is not None:
            return redirect(url_for("tpp.month", unit_id=opd.id))
    return redirect(url_for("tpp.mine"))


def _month(opd: Unit) -> tuple[int, int]:
    """The month asked for; else, in the year shown, the OPD's working month (``periods.working_month``: the latest
    open, else the latest started), or in the current year the last finished month (the one HR pays now)."""
    return month_asked(lambda year: tpp_month(opd, year))


def tpp_month(opd: Unit, year: int) -> int | None:
    """``_month``'s month when none is asked for (the rating page opens on it too)."""
    today = agency_today()
    return periods.working_month(opd.id, year) or (today.month - 1 if year == today.year and today.month > 1 else None)


@bp.get("/tpp/units/<int:unit_id>")
@access("tpp.view", unit_id=Unit)
def month(unit):
    """The OPD's month, for the unit's subtree (an OPD: everyone; a bidang's leader: the bidang)."""
    opd = unit if unit.parent_id is None else db.session.get(Unit, unit.opd_id)
    year, month_ = _month(opd)
    period = periods.period_of(opd, year, month_)
    page = max(1, request.args.get("page", 1, type=int))
    rows, count = [], 0
    if period is not None:
        listed = (select(Result, Employee, Unit).join(Employee, Result.employee_id == Employee.id)
                  .join(Unit, Result.unit_id == Unit.id)
                  .where(Result.period_id == period.id, Unit.path.startswith(unit.path, autoescape=True),
                         scoped(current_user, "tpp.view", Result)))
        count = db.session.scalar(select(func.count()).select_from(listed.subquery()))
        rows = db.session.execute(listed.order_by(Unit.path, Employee.name, Employee.id)
                                  .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    families = presets.families()
    form = CalculateForm(year=year, month=month_, preset=(period.preset.family if period else
                                                          periods.last_family(opd) or "A"))
    form.preset.choices = [(p.family, p.name) for p in families]
    manage = can(current_user, "tpp.manage", opd)
    payment_form, documents = None, []
    if period is not None and period.state == "closed" and manage:
        documents = payment.issued(period)
        payment_form = PaymentForm(treasurer_id=_treasurer_guess(opd))
        payment_form.treasurer_id.choices = [("", "—")] + [
            (str(e.id), f"{e.display_name} · {e.position.name if e.position else e.unit.name}")
            for e in db.session.scalars(select(Employee).join(Unit, Employee.unit_id == Unit.id)
                                        .where(Unit.path.startswith(opd.path, autoescape=True),
                                               Employee.status == "aktif").order_by(Employee.name))]
    parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    return render("tpp/month.html", unit=unit, opd=opd, period=period, rows=rows, count=count,
                  page=Page(page, max(1, -(-count // PAGE_SIZE))), form=form, families=families,
                  unrated=periods.unrated_count(period) if period else 0, version_form=VersionedForm(),
                  reopen_form=ReopenForm(), states=labels.states(), predikats=labels.predikats(),
                  parent=parent, children=children, manage=manage, payment_form=payment_form,
                  documents=documents,
                  **month_neighbours(year, month_))


def _treasurer_guess(opd: Unit) -> str:
    """The OPD's treasurer when a position says so (its name holds "Bendahara"), for the signature."""
    found = db.session.scalar(select(Employee.id).join(Position, Employee.position_id == Position.id)
                              .join(Unit, Employee.unit_id == Unit.id)
                              .where(Unit.path.startswith(opd.path, autoescape=True), Employee.status == "aktif",
                                     Position.name.ilike("%bendahara%")).order_by(Employee.id).limit(1))
    return str(found) if found else ""


@bp.post("/tpp/opd/<int:opd_id>/calculate")
@access("tpp.manage", opd_id=Unit)
def calculate(opd):
    form = CalculateForm()
    form.preset.choices = [(p.family, p.name) for p in presets.families()]
    year, month_ = form.year.data, form.month.data
    back = url_for("tpp.month", unit_id=opd.id, year=year, month=month_)
    if opd.parent_id is not None:
        abort(404)
    return act(form, lambda: periods.start_job(opd, year, month_, form.preset.data, current_user),
               done=None, back=back, then=jobs.launch)


@bp.post("/tpp/periods/<int:period_id>/close")
@access("tpp.manage", period_id=Period)
def close(period):
    form = VersionedForm()
    back = url_for("tpp.month", unit_id=period.opd_id, year=period.year, month=period.month)
    return act(form, lambda: periods.close(period, current_user, form.version.data),
               done=_("The month is closed: its TPP no longer changes."), back=back)


@bp.route("/tpp/periods/<int:period_id>/reopen", methods=["GET", "POST"])
@access("tpp.manage", period_id=Period)
def reopen(period):
    form = ReopenForm(version=period.version)
    back = url_for("tpp.month", unit_id=period.opd_id, year=period.year, month=period.month)
    saved, status = submit(form, lambda: periods.reopen(period, form.reason.data, current_user, form.version.data),
                           field="reason")
    if saved:
        flash(_("The month is open again. Calculate it to see what changes before closing it again."), "success")
        return redirect(url_for("tpp.changes", period_id=period.id))
    return render("tpp/reopen.html", status=status, period=period, form=form, back=back)


@bp.get("/tpp/periods/<int:period_id>/changes")
@access("tpp.manage", period_id=Period)
def changes(period):
    """What calculating the month again would change, per person (nothing is written)."""
    found = periods.changes(period)
    people = {e.id: e for e in db.session.scalars(select(Employee).where(
        Employee.id.in_([c.employee_id for c in found])))} if found else {}
    form = CalculateForm(year=period.year, month=period.month, preset=period.preset.family)
    form.preset.choices = [(p.family, p.name) for p in presets.families()]
    return render("tpp/changes.html", period=period, found=found, people=people, form=form,
                  **month_neighbours(period.year, period.month))


@bp.get("/tpp/results/<int:result_id>")
@access("tpp.view", result_id=Result)
def explanation(result):
    """Why the person's TPP of the month is what it is (and, for the person while the month is open, the form
    to object)."""
    return explanation_page(result)


def line_choices(result: Result) -> list[tuple[str, str]]:
    """The deductions a person may object to (by day), and the month as a whole."""
    shown = labels.deductions()
    return [("", _("The month as a whole"))] + [
        (f"{day}|{code}", f"{tanggal(date.fromisoformat(day))} · {labels.code(code)} · {shown[code]}")
        for day, code, *_rest in result.detail.get("lines", []) if day]


def explanation_page(result: Result, objection_form: ObjectionForm | None = None, status: int = 200):
    period = result.period
    if objection_form is None and can(current_user, "tpp.object", result):
        objection_form = ObjectionForm()
        objection_form.line.choices = line_choices(result)
    return render("tpp/explanation.html", status=status, result=result, period=period,
                  x=calculation.explained(result, period.preset.rules), employee=result.employee,
                  preset=period.preset, deductions=labels.deductions(), predikats=labels.predikats(),
                  shown_code=labels.code, scopes=labels.scopes(), roundings=labels.roundings(),
                  leave_labels=leave_kind_labels(), levels=level_labels(), rules=period.preset.rules,
                  states=labels.states(), objections=objections.of(period, result.employee_id),
                  objection_states=labels.objection_states(), objection_form=objection_form,
                  max_mb=attachment_limit() // 2**20, **month_neighbours(period.year, period.month))


@bp.get("/tpp/mine")
@access("self")
def mine():
    """The user's own months (their results, newest first)."""
    rows = []
    if current_user.employee_id:
        rows = db.session.execute(select(Result, Period).join(Period, Result.period_id == Period.id)
                                  .where(Result.employee_id == current_user.employee_id)
                                  .order_by(Period.year.desc(), Period.month.desc()).limit(60)).all()
    return render("tpp/mine.html", rows=rows, states=labels.states())


@bp.get("/tpp/periods/<int:period_id>/simulate")
@access("tpp.manage", period_id=Period, params={"preset_id": Preset})
def simulate(period, preset):
    """The month with another preset (a proposed regulation) beside the real one; nothing is written."""
    choices = [(p.id, f"{p.name}, {_('version %(n)s', n=p.number)}") for p in presets.all_versions()]
    compared = periods.simulate(period, preset) if preset is not None else None
    names, unit_names = {}, {}
    if compared is not None:
        shown = compared.people[:SIMULATION_PEOPLE]
        names = {e.id: e for e in db.session.scalars(select(Employee).where(
            Employee.id.in_([row[0] for row in shown])))} if shown else {}
        unit_names = dict(db.session.execute(select(Unit.id, Unit.name).where(
            Unit.id.in_([row[0] for row in compared.units]))).all()) if compared.units else {}
    return render("tpp/simulate.html", period=period, preset=preset, choices=choices, compared=compared,
                  names=names, unit_names=unit_names, shown=SIMULATION_PEOPLE,
                  **month_neighbours(period.year, period.month))
