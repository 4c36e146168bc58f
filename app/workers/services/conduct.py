"""A contract's warnings (lisan → tertulis → SP1–SP3, then termination) and its evaluations."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.attendance.excuses import store_attachment
from app.core.clock import agency_today
from app.core.db import check_shown, flush_unique
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.extensions import db
from app.org.models import Unit
from app.workers import rules as rules_
from app.workers.models import Contract, Evaluation, WorkerWarning
from app.workers.services import settings


def _running(contract: Contract, day: date, field: str) -> None:
    if contract.state == "draft":
        raise Refused(_l("The contract is a draft: sign it first."))
    if not contract.starts_on <= day <= contract.last_day:
        raise Refused(_l("The day must be within the contract, from %(first)s to %(last)s.",
                         first=format_date(contract.starts_on, "d MMMM y"),
                         last=format_date(contract.last_day, "d MMMM y")), field)
    if day > agency_today():
        raise Refused(_l("The day cannot be in the future."), field)


def warnings_of(contract: Contract) -> list[WorkerWarning]:
    return list(db.session.scalars(select(WorkerWarning).where(WorkerWarning.contract_id == contract.id)
                                   .order_by(WorkerWarning.given_on, WorkerWarning.id)))


def suggested(contract: Contract) -> str | None:
    """The escalation's next step (None: after SP3, termination)."""
    return rules_.next_warning([w.level for w in warnings_of(contract)])


def warn(contract: Contract, data: dict, upload: tuple[str, bytes] | None, user) -> WorkerWarning:
    """Record a warning. Any level may be given (a serious breach skips steps); the page suggests the next."""
    if data.get("level") not in rules_.WARNING_LEVELS:
        raise Refused(_l("Choose the kind of warning."), "level")
    day = data.get("given_on")
    if day is None:
        raise Refused(_l("Enter the day the warning was given."), "given_on")
    if contract.state == "terminated" and day > contract.last_day:
        raise Refused(_l("The contract was terminated before this day."), "given_on")
    _running(contract, day, "given_on")
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise Refused(_l("Say what the warning is for."), "reason")
    stored, name = store_attachment(upload) if upload else (None, "")
    warning = WorkerWarning(contract_id=contract.id, employee_id=contract.employee_id, level=data["level"],
                            given_on=day, reason=reason, letter_number=(data.get("letter_number") or "").strip(),
                            attachment=stored, attachment_name=name, created_by_id=user.id)
    db.session.add(warning)
    db.session.flush()
    return warning


def period_days(year: int, period: int) -> tuple[date, date]:
    """The first and last day of a quarter (1–4) or of the year (0)."""
    if not period:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, 3 * period - 2, 1), month_bounds(year, 3 * period)[1]


def evaluable(contract: Contract, period: int, today: date) -> bool:
    """Can the period be evaluated under the contract (it overlaps the contract and has started)?"""
    first, last = period_days(contract.year, period)
    return contract.state != "draft" and last >= contract.starts_on and first <= min(contract.last_day, today)


def evaluations_of(contract: Contract) -> list[Evaluation]:
    return list(db.session.scalars(select(Evaluation).where(Evaluation.contract_id == contract.id)
                                   .order_by(Evaluation.period)))


def form_of(contract: Contract) -> rules_.Evaluation:
    """The evaluation form of the OPD's rules in force on the contract's first day."""
    return settings.rules_on(db.session.get(Unit, contract.unit.opd_id), contract.starts_on).evaluation


def evaluate(contract: Contract, period: int | None, points: dict, note: str, expected: int | None,
             user) -> Evaluation:
    """Record (or correct) the evaluation of a period: a quarter 1–4, or 0 for the year, as the OPD's rules say.
    ``expected``: the version the form showed (None: there was none), so two evaluators never overwrite each
    other silently."""
    form = form_of(contract)
    if period not in rules_.periods(form):
        raise Refused(_l("Choose the period evaluated."), "period")
    if contract.state == "draft":
        raise Refused(_l("The contract is a draft: sign it first."))
    first, last = period_days(contract.year, period)
    if last < contract.starts_on:
        raise Refused(_l("This period ended before the contract began."), "period")
    if first > contract.last_day or first > agency_today():
        raise Refused(_l("This period has not started within the contract yet."), "period")
    try:
        score = rules_.score(form, points)
    except ValueError as error:
        raise Refused(_l("Give every criterion points from 1 to %(n)s (missing: %(name)s).", n=form.scale,
                         name=str(error)), "points") from None
    found = db.session.scalar(select(Evaluation).where(Evaluation.contract_id == contract.id,
                                                       Evaluation.period == period))
    check_shown(found, expected)
    if found is None:
        found = Evaluation(contract_id=contract.id, employee_id=contract.employee_id, period=period)
        db.session.add(found)
    found.points = {name: points[name] for name in form.criteria}
    found.scale, found.score, found.result = form.scale, score.percent, score.result
    found.note, found.evaluated_on, found.evaluated_by_id = (note or "").strip(), agency_today(), user.id
    flush_unique()
    return found
