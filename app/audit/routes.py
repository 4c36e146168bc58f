"""The audit trail page: every change as a sentence, filtered by who made it, the kind of record (or one record
and what belongs to it, when opened from the record's page) and the dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, request
from flask_babel import get_timezone
from sqlalchemy import ColumnElement, and_, false, func, or_, select

from app.accounts.access import MAX_ID, access
from app.accounts.models import User
from app.audit.describe import describe, subject_of
from app.audit.kinds import KINDS, Kind, kind_of
from app.audit.models import AuditLog
from app.core.htmx import render
from app.extensions import db
from app.org.models import Employee

bp = Blueprint("audit", __name__)

ACTIONS = ("create", "update", "delete")
PAGE_SIZE = 50
FAMILY_DEPTH = 3  # a record's history shows what belongs to it down to its great-grandchildren


def _day_start(value: str, tz) -> datetime | None:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.min, tzinfo=tz)


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None


def _family(kind: Kind, ids, depth: int = 0) -> list[ColumnElement]:
    """Conditions for the entries of the records ``ids`` (a value or a subquery) of ``kind`` and of what belongs
    to them (registered ``parent``s), as one statement: records deleted since keep only their own entries."""
    conditions = [and_(AuditLog.entity == kind.table,
                       AuditLog.entity_id.in_(ids) if not isinstance(ids, int) else AuditLog.entity_id == ids)]
    if depth >= FAMILY_DEPTH:
        return conditions
    for child in KINDS.values():
        if child.parent is None or child.parent[0] is not kind.model or child.model is kind.model:
            continue
        foreign_key = child.parent[1]
        owned = select(child.model.id).where(foreign_key == ids if isinstance(ids, int) else foreign_key.in_(ids))
        conditions += _family(child, owned, depth + 1)
    return conditions


def _who(text: str) -> ColumnElement:
    """An account whose user name or person's name contains ``text``."""
    text = text.lower()
    accounts = (select(User.id).outerjoin(Employee, User.employee_id == Employee.id)
                .where(or_(func.lower(User.username).contains(text, autoescape=True),
                           func.lower(Employee.name).contains(text, autoescape=True))))
    return AuditLog.user_id.in_(accounts)


@bp.get("/audit")
@access("audit.view")
def index():
    args = request.args
    tz = get_timezone()
    filters = {k: args.get(k, "").strip()[:60] for k in ("entity", "entity_id", "user", "user_id", "action",
                                                          "from", "to")}
    kind = kind_of(filters["entity"])
    record_id = _number(filters["entity_id"]) if kind else None
    stmt = select(AuditLog).order_by(AuditLog.id.desc())
    if kind and record_id:
        stmt = stmt.where(or_(*_family(kind, record_id)))
    elif kind:
        stmt = stmt.where(AuditLog.entity == kind.table)
    elif filters["entity"]:
        stmt = stmt.where(false())
    if user_id := _number(filters["user_id"]):
        stmt = stmt.where(AuditLog.user_id == user_id)
    if filters["user"]:
        stmt = stmt.where(_who(filters["user"]))
    if filters["action"] in ACTIONS:
        stmt = stmt.where(AuditLog.action == filters["action"])
    if start := _day_start(filters["from"], tz):
        stmt = stmt.where(AuditLog.at >= start)
    if end := _day_start(filters["to"], tz):
        stmt = stmt.where(AuditLog.at < end + timedelta(days=1))
    page = db.paginate(stmt, page=args.get("page", 1, type=int), per_page=PAGE_SIZE, error_out=False)
    record = None
    if kind and record_id:
        label = db.session.scalar(select(AuditLog.label).where(AuditLog.entity == kind.table,
                                                               AuditLog.entity_id == record_id)
                                  .order_by(AuditLog.id.desc()).limit(1))
        record = subject_of(kind, kind.table, record_id, label or "")
    kinds = sorted(((table, str(k.name)) for table, k in KINDS.items()), key=lambda pair: pair[1].lower())
    return render("audit/index.html", "results", page=page, entries=describe(page.items), filters=filters,
                  kinds=kinds, record=record, actions=ACTIONS,
                  pager_args={k: v for k, v in filters.items() if v})
