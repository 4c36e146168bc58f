"""Objections to a month's TPP: a person objects to a day's deduction or to the month, with a reason and an
attachment, while the month is open; HR accepts (and corrects the source data through the attendance screens,
then calculates again) or rejects with a note. A month is not closed while an objection waits."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.attendance.excuses import store_attachment
from app.core.clock import utcnow
from app.core.db import check_version
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.extensions import db
from app.tpp.models import Objection, Period, Result
from app.tpp.rules import DEDUCTION_CODES


def of(period: Period, employee_id: int) -> list[Objection]:
    return list(db.session.scalars(select(Objection).where(Objection.period_id == period.id,
                                                           Objection.employee_id == employee_id)
                                   .order_by(Objection.created_at, Objection.id)))


def result_of(objection: Objection) -> Result | None:
    """The result the objection is about (as the month stands now)."""
    return db.session.scalar(select(Result).where(Result.period_id == objection.period_id,
                                                  Result.employee_id == objection.employee_id))


def open_count(period: Period) -> int:
    return db.session.scalar(select(func.count()).select_from(Objection).where(
        Objection.period_id == period.id, Objection.state == "open")) or 0


def lodge(result: Result, user, data: dict, upload: tuple[str, bytes] | None = None) -> Objection:
    """Object to ``result`` (a day's deduction when ``data["line"]`` names one as "<iso day>|<code>")."""
    period = result.period
    if period.state != "open":
        raise Refused(_l("The month is closed: its TPP can no longer be contested."))
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise Refused(_l("Say what is wrong and why."), "reason")
    day, code = None, None
    if data.get("line"):
        wanted = data["line"]
        lines = {f"{d}|{c}": (d, c) for d, c, *_rest in result.detail.get("lines", []) if d}
        if wanted not in lines:
            raise Refused(_l("Choose one of the month's deductions, or none for the month as a whole."), "line")
        day, code = date.fromisoformat(lines[wanted][0]), lines[wanted][1]
        first, last = month_bounds(period.year, period.month)
        if not first <= day <= last or code not in DEDUCTION_CODES:
            raise Refused(_l("Choose one of the month's deductions, or none for the month as a whole."), "line")
    objection = Objection(period_id=period.id, employee_id=result.employee_id, day=day, code=code, reason=reason,
                          state="open", created_by_id=user.id)
    if upload is not None:
        objection.attachment, objection.attachment_name = store_attachment(upload)
    db.session.add(objection)
    db.session.flush()
    return objection


def resolve(objection: Objection, user, accept: bool, note: str, expected: int | None) -> Objection:
    """Accept or reject an open objection of an open month; rejecting needs a note."""
    check_version(objection, expected)
    if objection.state != "open":
        raise Refused(_l("This objection has already been decided."))
    if objection.period.state != "open":
        raise Refused(_l("The month is closed: reopen it to decide its objections."))
    note = (note or "").strip()
    if not accept and not note:
        raise Refused(_l("Say why the objection is rejected."), "note")
    objection.state = "accepted" if accept else "rejected"
    objection.resolution, objection.resolved_by_id, objection.resolved_at = note, user.id, utcnow()
    db.session.flush()
    return objection
