"""Contracts: the list of a year, one contract's page, drafting and editing, signing (the SPK), renewing,
terminating, the renewal decision, the contracts ending soon, a person's contracts, one's own."""

from __future__ import annotations

from datetime import timedelta

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from app.accounts.access import access, can, scoped
from app.attendance import schedules
from app.attendance.checkin_commit import Page
from app.attendance.models import Shift
from app.core.clock import agency_today
from app.core.forms import VersionedForm, act, save
from app.core.htmx import render
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import ASN_TYPES, full_name
from app.org.years import year_asked
from app.workers import labels
from app.workers.forms import ContractForm, DecisionForm, SignForm, TerminateForm, WarningForm
from app.workers.models import Contract, HonorLine, HonorMonth
from app.workers.routes import bp
from app.workers.rules import WARNING_LEVELS, next_warning, periods
from app.workers.services import conduct, contracts, settings, summary

PAGE_SIZE = 100
CHANGED = _l("Someone else changed this contract after you opened it. Your entries are kept: check the contract "
             "and save again.")


@bp.get("/non-asn")
@access("home")
def index():
    if can(current_user, "workers.view"):
        return redirect(url_for("workers.contracts"))
    return redirect(url_for("workers.mine"))


def _common() -> dict:
    return {"states": labels.states(), "bases": labels.bases(), "levels": labels.levels(),
            "short_levels": labels.short_levels(), "results": labels.results(), "decisions": labels.decisions(),
            "period_label": labels.period, "today": agency_today()}


@bp.get("/non-asn/contracts", endpoint="contracts")
@access("workers.view", params={"unit_id": Unit})
def contracts_list(unit):
    """The contracts of the year shown, in the user's units (or one unit's subtree), by unit and name."""
    year = year_asked(current_user)
    query = (request.args.get("q") or "").strip()
    state = request.args.get("state") or ""
    page = max(1, request.args.get("page", 1, type=int))
    listed = (select(Contract, Employee, Unit).join(Employee, Contract.employee_id == Employee.id)
              .join(Unit, Contract.unit_id == Unit.id)
              .where(Contract.year == year, scoped(current_user, "workers.view", Contract)))
    if unit is not None:
        listed = listed.where(Unit.path.startswith(unit.path, autoescape=True))
    if query:
        listed = listed.where(or_(Employee.name_search.contains(query.lower(), autoescape=True),
                                  Employee.nik == query, Contract.number.contains(query, autoescape=True)))
    today = agency_today()
    if state == "ended":
        listed = listed.where(Contract.state == "active", Contract.ends_on < today)
    elif state == "active":
        listed = listed.where(Contract.state == "active", Contract.ends_on >= today)
    elif state in ("draft", "terminated"):
        listed = listed.where(Contract.state == state)
    count = db.session.scalar(select(func.count()).select_from(listed.subquery()))
    rows = db.session.execute(listed.order_by(Unit.path, Employee.name, Contract.id)
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    opd = _opd_of_user()
    return render("workers/contracts.html", rows=rows, count=count, year=year, unit=unit, q=query, state=state,
                  page=Page(page, max(1, -(-count // PAGE_SIZE))), opd=opd,
                  state_of=contracts.state_of, **_common())


def _opd_of_user() -> Unit | None:
    """The highest unit the user manages non-ASN workers of (for the links to the OPD's month and rules)."""
    return db.session.scalar(select(Unit).where(scoped(current_user, "workers.view", Unit), Unit.parent_id.is_(None))
                             .order_by(Unit.sort_order, Unit.name).limit(1))


def _choices(form: ContractForm, unit: Unit | None = None) -> None:
    people = db.session.execute(
        select(Employee.id, Employee.name, Employee.front_title, Employee.back_title, Employee.nik, Unit.name)
        .join(Unit, Employee.unit_id == Unit.id)
        .where(Employee.employment_type.not_in(ASN_TYPES), Employee.status == "aktif",
               scoped(current_user, "workers.manage", Employee))
        .order_by(Employee.name, Employee.id)).all()
    form.employee_id.choices = [("", "—")] + [(str(i), f"{full_name(n, f, b)} · {nik or '—'} · {u}")
                                              for i, n, f, b, nik, u in people]
    units = db.session.scalars(select(Unit).where(scoped(current_user, "workers.manage", Unit))
                               .order_by(Unit.path)).all()
    form.unit_id.choices = [("", "—")] + [(str(u.id), ("· " * u.depth) + u.name) for u in units]
    shifts = []
    seen = set()
    for candidate in units if unit is None else [unit]:
        for shift in schedules.in_force(candidate).shifts:
            if isinstance(shift, Shift) and shift.id not in seen:
                seen.add(shift.id)
                shifts.append(shift)
        if len(shifts) > 200:
            break
    form.shift_id.choices = [("", _("The unit's working hours"))] + [
        (str(s.id), f"{s.name} ({s.starts:%H.%M}–{s.ends:%H.%M})") for s in shifts]


@bp.route("/non-asn/contracts/new", methods=["GET", "POST"])
@access("workers.manage", params={"employee_id": Employee, "unit_id": Unit, "shift_id": Shift})
def new(employee, unit, shift):
    """A draft contract; ``?employee_id=`` from a person's page chooses the worker."""
    year = year_asked(current_user)
    form = ContractForm(year=year, employee_id=str(employee.id) if employee else "",
                        unit_id=str(unit.id if unit else employee.unit_id if employee else ""), pay_basis="monthly")
    _choices(form)
    def page(status):
        return render("workers/contract_form.html", status=status, form=form, contract=None,
                      title=_("New contract"), action=url_for("workers.new"), back=url_for("workers.contracts"))

    return save(form, lambda: contracts.create(employee, unit, form.values(shift), current_user), field="starts_on",
                done=_("Draft contract saved."), then=lambda c: url_for("workers.contract", contract_id=c.id),
                page=page)


@bp.route("/non-asn/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@access("workers.manage", contract_id=Contract, params={"unit_id": Unit, "shift_id": Shift})
def edit(contract, unit, shift):
    form = ContractForm(obj=contract, employee_id=str(contract.employee_id), unit_id=str(contract.unit_id),
                        shift_id=str(contract.shift_id or ""), rate=str(contract.rate))
    _choices(form)
    form.employee_id.choices = [(str(contract.employee_id), contract.employee.display_name)]
    back = url_for("workers.contract", contract_id=contract.id)

    def page(status):
        return render("workers/contract_form.html", status=status, form=form, contract=contract,
                      title=_("Edit the draft contract"), action=url_for("workers.edit", contract_id=contract.id),
                      back=back)

    return save(form, lambda: contracts.edit(contract, unit, form.values(shift), form.version.data),
                field="starts_on", done=_("Draft contract saved."), then=back, page=page, conflict=CHANGED)


@bp.get("/non-asn/contracts/<int:contract_id>")
@access("workers.view", contract_id=Contract)
def contract(contract):
    return contract_page(contract)


def contract_page(contract: Contract, warning_form: WarningForm | None = None, status: int = 200):
    today = agency_today()
    given = conduct.warnings_of(contract)
    if warning_form is None and can(current_user, "workers.warn", contract):
        warning_form = WarningForm(level=conduct.suggested(contract) or "sp3", given_on=min(today, contract.last_day))
    evaluation_form = conduct.form_of(contract)
    lines = db.session.execute(select(HonorLine, HonorMonth).join(HonorMonth, HonorLine.month_id == HonorMonth.id)
                               .where(HonorLine.contract_id == contract.id, HonorMonth.state == "closed")
                               .order_by(HonorMonth.month)).all()
    renewals = list(db.session.scalars(select(Contract).where(or_(Contract.renewed_from_id == contract.id))))
    return render("workers/contract.html", status=status, contract=contract, state=contracts.state_of(contract, today),
                  warnings=given, suggested=next_warning([w.level for w in given]), ladder=WARNING_LEVELS,
                  reached={w.level for w in given}, warning_form=warning_form,
                  evaluations={e.period: e for e in conduct.evaluations_of(contract)},
                  evaluation_periods=periods(evaluation_form), criteria=evaluation_form.criteria,
                  evaluable={p for p in periods(evaluation_form) if conduct.evaluable(contract, p, today)},
                  attendance=summary.attendance([contract.id], today).get(contract.id, summary.Attendance()),
                  lines=lines, renewals=renewals, version_form=VersionedForm(),
                  sign_form=SignForm(version=contract.version, signed_on=min(today, contract.ends_on)),
                  decision_form=DecisionForm(decision=contract.renewal or "", note=contract.renewal_note,
                                             version=contract.version),
                  manage=can(current_user, "workers.manage", contract), **_common())


@bp.post("/non-asn/contracts/<int:contract_id>/sign")
@access("workers.manage", contract_id=Contract)
def sign(contract):
    form = SignForm()
    back = url_for("workers.contract", contract_id=contract.id)
    return act(form, lambda: contracts.sign(contract, form.version.data, current_user, form.signed_on.data),
               done=_("The contract is signed: its SPK is issued and can be verified with its QR code."), back=back)


@bp.post("/non-asn/contracts/<int:contract_id>/delete")
@access("workers.manage", contract_id=Contract)
def delete(contract):
    form = VersionedForm()
    back = url_for("workers.contract", contract_id=contract.id)
    return act(form, lambda: contracts.delete(contract, form.version.data), done=_("Draft contract deleted."),
               back=back, then=lambda _r: url_for("workers.contracts"))


@bp.post("/non-asn/contracts/<int:contract_id>/renew")
@access("workers.manage", contract_id=Contract)
def renew(contract):
    form = VersionedForm()
    back = url_for("workers.contract", contract_id=contract.id)
    return act(form, lambda: contracts.renew(contract, current_user),
               done=_("Next year's contract is drafted: check it, give it a number and sign it."), back=back,
               then=lambda copy: url_for("workers.contract", contract_id=copy.id))


@bp.route("/non-asn/contracts/<int:contract_id>/terminate", methods=["GET", "POST"])
@access("workers.manage", contract_id=Contract)
def terminate(contract):
    form = TerminateForm(version=contract.version, terminated_on=min(agency_today(), contract.ends_on))
    back = url_for("workers.contract", contract_id=contract.id)

    def page(status):
        return render("workers/terminate.html", status=status, form=form, contract=contract, back=back,
                      warnings=conduct.warnings_of(contract), levels=labels.levels(),
                      title=_("Terminate the contract"), action=url_for("workers.terminate", contract_id=contract.id))

    return save(form, lambda: contracts.terminate(contract, form.terminated_on.data, form.reason.data,
                                                  form.version.data, current_user),
                field="reason", done=_("The contract is terminated."), then=back, page=page, conflict=CHANGED)


@bp.post("/non-asn/contracts/<int:contract_id>/decision")
@access("workers.manage", contract_id=Contract)
def decision(contract):
    form = DecisionForm()
    back = request.form.get("back_to") == "ending" and url_for("workers.ending") or url_for(
        "workers.contract", contract_id=contract.id)
    return act(form, lambda: contracts.decide(contract, form.decision.data, form.note.data, form.version.data,
                                              current_user),
               done=_("Renewal decision saved for %(name)s.", name=contract.employee.display_name), back=back)


@bp.get("/non-asn/ending")
@access("workers.manage", params={"unit_id": Unit})
def ending(unit):
    """Signed contracts of the year shown ending within the notice days (or ended), each with the worker's
    attendance, warnings and last evaluation, and the renewal decision to record."""
    today = agency_today()
    year = year_asked(current_user)
    opd = _opd_of_user()
    notice = settings.rules_on(opd, today).notice_days if opd is not None else 60
    days = request.args.get("days", notice, type=int)
    days = min(max(days or notice, 1), 366)
    horizon = today + timedelta(days=days)
    listed = (select(Contract).join(Unit, Contract.unit_id == Unit.id).join(Employee, Contract.employee_id == Employee.id)
              .where(Contract.year == year, Contract.state == "active", Contract.ends_on <= horizon,
                     scoped(current_user, "workers.manage", Contract)))
    if unit is not None:
        listed = listed.where(Unit.path.startswith(unit.path, autoescape=True))
    found = list(db.session.scalars(listed.options(contains_eager(Contract.employee), contains_eager(Contract.unit))
                                    .order_by(Contract.renewal.is_not(None), Contract.ends_on, Unit.path,
                                              Employee.name).limit(500)))
    ids = [c.id for c in found]
    return render("workers/ending.html", contracts=found, days=days, horizon=horizon, year=year, unit=unit, opd=opd,
                  attendance=summary.attendance(ids, today), warned=summary.warnings(ids),
                  evaluated=summary.last_evaluations(ids), undecided=sum(1 for c in found if c.renewal is None),
                  decision_form=DecisionForm, **_common())


@bp.get("/non-asn/people/<int:employee_id>")
@access("workers.view", employee_id=Employee)
def person(employee):
    """A worker's contracts over the years (the person page loads it as a fragment)."""
    found = list(db.session.scalars(select(Contract).where(Contract.employee_id == employee.id)
                                    .order_by(Contract.year.desc(), Contract.starts_on.desc())))
    ids = [c.id for c in found]
    return render("workers/person.html", "contracts", employee=employee, contracts=found,
                  warned=summary.warnings(ids), evaluated=summary.last_evaluations(ids),
                  state_of=contracts.state_of, **_common())


@bp.get("/non-asn/mine")
@access("self")
def mine():
    """The user's own contracts, warnings, evaluations and honorarium of closed months."""
    found, lines = [], []
    if current_user.employee_id:
        found = list(db.session.scalars(select(Contract).where(Contract.employee_id == current_user.employee_id,
                                                               Contract.state != "draft")
                                        .order_by(Contract.year.desc(), Contract.starts_on.desc())))
        lines = db.session.execute(select(HonorLine, HonorMonth).join(HonorMonth, HonorLine.month_id == HonorMonth.id)
                                   .where(HonorLine.employee_id == current_user.employee_id,
                                          HonorMonth.state == "closed")
                                   .order_by(HonorMonth.year.desc(), HonorMonth.month.desc()).limit(36)).all()
    ids = [c.id for c in found]
    warnings = {c.id: conduct.warnings_of(c) for c in found}
    return render("workers/mine.html", contracts=found, lines=lines, warnings=warnings,
                  evaluations={c.id: conduct.evaluations_of(c) for c in found},
                  attendance=summary.attendance(ids, agency_today()), state_of=contracts.state_of, **_common())
