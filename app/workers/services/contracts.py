"""Contracts (SPK): draft, edit, sign (the SPK PDF, issued once), renew to the next year, terminate early, and
HR's renewal decision. Every check names the field it is about; nothing is written when one fails."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.attendance import compute, schedules
from app.attendance.models import ShiftAssignment
from app.core.clock import agency_today
from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import ASN_TYPES
from app.workers import spk
from app.workers.models import Contract
from app.workers.rules import MAX_RATE, PAY_BASES

FIELDS = ("number", "starts_on", "ends_on", "position", "duties", "pay_basis", "rate", "workplace")


def _day(value: date) -> str:
    return format_date(value, "d MMMM y")


def problem(employee: Employee | None, unit: Unit | None, data: dict, contract: Contract | None = None) -> Refused | None:
    """What is wrong with a contract's values (the first thing, with its field), or None."""
    if employee is None:
        return Refused(_l("Choose the worker."), "employee_id")
    if employee.is_asn:
        return Refused(_l("%(name)s is a civil servant (ASN): contracts are for non-ASN workers (THL, PJLP, "
                          "honorer) only.", name=employee.display_name), "employee_id")
    if unit is None:
        return Refused(_l("Choose the unit where the work is done."), "unit_id")
    year, starts, ends = data.get("year"), data.get("starts_on"), data.get("ends_on")
    if starts is None:
        return Refused(_l("Enter the first day of the contract."), "starts_on")
    if ends is None:
        return Refused(_l("Enter the last day of the contract."), "ends_on")
    if starts.year != year:
        return Refused(_l("A contract lasts at most one budget year: the first day must be in %(year)s.",
                          year=year), "starts_on")
    if ends.year != year:
        return Refused(_l("A contract lasts at most one budget year: the last day must be in %(year)s, at the latest "
                          "31 December %(year)s.", year=year), "ends_on")
    if ends < starts:
        return Refused(_l("The last day cannot be before the first day."), "ends_on")
    if data.get("pay_basis") not in PAY_BASES:
        return Refused(_l("Choose a daily or a monthly honorarium."), "pay_basis")
    rate = data.get("rate")
    if not isinstance(rate, int) or not 1 <= rate <= MAX_RATE:
        return Refused(_l("Enter the honorarium in whole rupiah, more than 0."), "rate")
    shift = data.get("shift")
    if shift is not None and shift not in schedules.in_force(unit).shifts:
        return Refused(_l("Choose one of the shifts of the unit's schedule."), "shift_id")
    clash = db.session.scalar(select(Contract).where(
        Contract.employee_id == employee.id, Contract.id != (contract.id if contract else 0),
        Contract.starts_on <= ends, func.coalesce(Contract.terminated_on, Contract.ends_on) >= starts)
        .order_by(Contract.starts_on).limit(1))
    if clash is not None:
        return Refused(_l("%(name)s already has a contract from %(first)s to %(last)s (%(number)s): contracts of one "
                          "worker may not overlap.", name=employee.display_name, first=_day(clash.starts_on),
                          last=_day(clash.last_day), number=clash.number or _l("draft")), "starts_on")
    return None


def _apply(contract: Contract, employee: Employee, unit: Unit, data: dict) -> None:
    contract.employee_id, contract.unit_id, contract.year = employee.id, unit.id, data["year"]
    for name in FIELDS:
        setattr(contract, name, data[name].strip() if isinstance(data[name], str) else data[name])
    contract.shift_id = data["shift"].id if data.get("shift") is not None else None


def create(employee: Employee | None, unit: Unit | None, data: dict, user) -> Contract:
    refused = problem(employee, unit, data)
    if refused is not None:
        raise refused
    contract = Contract(state="draft", created_by_id=user.id)
    _apply(contract, employee, unit, data)
    _numbered(lambda: db.session.add(contract))
    return contract


def _numbered(work) -> None:
    """Write a contract whose number a unique key guards: the change is made inside the savepoint (a savepoint
    flushes what is pending before it starts), so a number taken meanwhile is refused and the session stays
    usable."""
    try:
        with db.session.begin_nested():
            work()
            db.session.flush()
    except IntegrityError:
        raise Refused(_l("Another contract of this budget year already has this number."), "number") from None


def _draft(contract: Contract) -> None:
    if contract.state != "draft":
        raise Refused(_l("This contract is signed: it no longer changes. Terminate it, or renew it for the next "
                         "year."))


def edit(contract: Contract, unit: Unit | None, data: dict, version: int | None) -> Contract:
    check_version(contract, version)
    _draft(contract)
    refused = problem(contract.employee, unit, data, contract)
    if refused is not None:
        raise refused
    _numbered(lambda: _apply(contract, contract.employee, unit, data))
    return contract


def delete(contract: Contract, version: int | None) -> None:
    check_version(contract, version)
    _draft(contract)
    for later in db.session.scalars(select(Contract).where(Contract.renewed_from_id == contract.id)):
        later.renewed_from_id = None
    db.session.delete(contract)
    db.session.flush()


def sign(contract: Contract, version: int | None, user, signed_on: date | None = None) -> Contract:
    """Sign a draft on ``signed_on`` (today when not given; never in the future nor after the contract's last
    day): the SPK is issued (once, with its QR code), the contract is active and, when it names a shift other
    than the unit's default, the worker is put on that shift for the contract's days (unless already on a roster
    then)."""
    check_version(contract, version)
    _draft(contract)
    today = agency_today()
    signed_on = signed_on or today
    if signed_on > today:
        raise Refused(_l("The signing day cannot be in the future."), "signed_on")
    if signed_on > contract.ends_on:
        raise Refused(_l("The signing day cannot be after the contract's last day."), "signed_on")
    if not contract.number.strip():
        raise Refused(_l("Enter the contract's number before signing it."), "number")
    refused = problem(contract.employee, contract.unit, {
        **{name: getattr(contract, name) for name in FIELDS}, "year": contract.year, "shift": contract.shift},
        contract)
    if refused is not None:
        raise refused
    contract.state, contract.signed_on = "active", signed_on
    db.session.flush()
    contract.document_id = spk.issue(contract, user).id
    shift = contract.shift
    if shift is not None and not shift.is_default and not _rostered(contract):
        schedules.add_roster(contract.unit, contract.employee, shift, contract.starts_on, contract.ends_on)
    db.session.flush()
    _recount(contract, contract.starts_on, contract.ends_on)  # signed late: its past days become theirs
    return contract


def _recount(contract: Contract, first: date, last: date) -> None:
    """The attendance pass again for the worker's months from ``first`` to ``last`` that have begun: the days the
    contract now covers, or no longer covers, are recorded accordingly (``employed``)."""
    last = min(last, agency_today())
    if first <= last:
        compute.recompute_for(contract.employee_id, first, last)


def _rostered(contract: Contract) -> bool:
    return db.session.scalar(select(ShiftAssignment.id).where(
        ShiftAssignment.employee_id == contract.employee_id, ShiftAssignment.starts_on <= contract.ends_on,
        (ShiftAssignment.ends_on.is_(None)) | (ShiftAssignment.ends_on >= contract.starts_on)).limit(1)) is not None


def _shifted(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def renew(contract: Contract, user) -> Contract:
    """The next year's draft, a copy of ``contract`` (same worker, unit, duties, pay and shift; the same days a
    year later; no number yet). Refused when the worker already has a contract that year, or the decision was
    to end the contract."""
    if contract.state == "draft":
        raise Refused(_l("Sign the contract before renewing it."))
    if contract.renewal == "end":
        raise Refused(_l("The decision on this contract is not to renew it. Change the decision first."))
    later = db.session.scalar(select(Contract).where(Contract.employee_id == contract.employee_id,
                                                     Contract.year == contract.year + 1).limit(1))
    if later is not None:
        raise Refused(_l("%(name)s already has a contract for %(year)s.", name=contract.employee.display_name,
                         year=contract.year + 1))
    copy = Contract(employee_id=contract.employee_id, unit_id=contract.unit_id, year=contract.year + 1, number="",
                    starts_on=_shifted(contract.starts_on), ends_on=_shifted(contract.ends_on),
                    position=contract.position, duties=contract.duties, pay_basis=contract.pay_basis,
                    rate=contract.rate, shift_id=contract.shift_id, workplace=contract.workplace, state="draft",
                    renewed_from_id=contract.id, created_by_id=user.id)
    if copy.ends_on.month == 12 and contract.ends_on.day == 31:
        copy.ends_on = date(copy.year, 12, 31)
    db.session.add(copy)
    if contract.renewal is None:
        contract.renewal, contract.renewal_by_id = "renew", user.id
    db.session.flush()
    return copy


def terminate(contract: Contract, day: date | None, reason: str, version: int | None, user) -> Contract:
    """End an active contract early from ``day`` (its last day), with the reason. The worker's shift roster ends
    with it."""
    check_version(contract, version)
    if contract.state != "active":
        raise Refused(_l("Only a signed contract that is still running can be terminated."))
    reason = (reason or "").strip()
    if day is None:
        raise Refused(_l("Enter the contract's last day."), "terminated_on")
    if not contract.starts_on <= day <= contract.ends_on:
        raise Refused(_l("The last day must be within the contract, from %(first)s to %(last)s.",
                         first=_day(contract.starts_on), last=_day(contract.ends_on)), "terminated_on")
    if not reason:
        raise Refused(_l("Say why the contract is terminated."), "reason")
    contract.state, contract.terminated_on, contract.termination_reason = "terminated", day, reason
    contract.renewal, contract.renewal_by_id = "end", user.id
    for entry in db.session.scalars(select(ShiftAssignment).where(
            ShiftAssignment.employee_id == contract.employee_id, ShiftAssignment.starts_on <= contract.ends_on,
            (ShiftAssignment.ends_on.is_(None)) | (ShiftAssignment.ends_on > day))):
        if entry.starts_on > day:
            db.session.delete(entry)
        else:
            entry.ends_on = day
    db.session.flush()
    _recount(contract, day, contract.ends_on)  # no TK after the last day, even in a month already counted
    return contract


def decide(contract: Contract, decision: str, note: str, version: int | None, user) -> Contract:
    """HR's renewal decision on a signed contract: renew, or let it end."""
    check_version(contract, version)
    if contract.state != "active":
        raise Refused(_l("Only a signed contract that is still running waits for a renewal decision."))
    if decision not in ("renew", "end"):
        raise Refused(_l("Choose whether the contract is renewed."), "decision")
    contract.renewal, contract.renewal_note, contract.renewal_by_id = decision, (note or "").strip(), user.id
    db.session.flush()
    return contract


def state_of(contract: Contract, today: date) -> str:
    """What a list shows: draft, active, ended (past its last day) or terminated."""
    if contract.state == "active" and contract.ends_on < today:
        return "ended"
    return contract.state


def employed(first: date, last: date) -> dict[int, list[tuple[date, date]]]:
    """For the attendance pass (``attendance.calendar.register_employment``): each non-ASN worker with a signed contract,
    with the spans of ``first``–``last`` their signed contracts cover (none: before, between or after them).
    Their days outside are not theirs to be recorded: no TK after a termination or before a first contract."""
    found: dict[int, list[tuple[date, date]]] = {}
    for employee_id, starts_on, ends_on in db.session.execute(  # one statement: the attendance pages count them
            select(Contract.employee_id, Contract.starts_on, func.coalesce(Contract.terminated_on, Contract.ends_on))
            .join(Employee, Contract.employee_id == Employee.id)
            .where(Contract.state != "draft", Employee.employment_type.not_in(ASN_TYPES))):  # made ASN: every day
        spans = found.setdefault(employee_id, [])
        if starts_on <= last and ends_on >= first:
            spans.append((max(starts_on, first), min(ends_on, last)))
    return found
