from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, request
from flask_babel import get_timezone
from sqlalchemy import select

from app.accounts.access import MAX_ID, access
from app.audit.models import AuditLog
from app.core.htmx import render
from app.extensions import db

bp = Blueprint("audit", __name__)

ACTIONS = ("create", "update", "delete")


def _day_start(value: str, tz) -> datetime | None:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.min, tzinfo=tz)


@bp.get("/audit")
@access("audit.view")
def index():
    args = request.args
    tz = get_timezone()
    filters = {k: args.get(k, "").strip()[:60] for k in ("entity", "entity_id", "user", "action", "from", "to")}
    stmt = select(AuditLog).order_by(AuditLog.id.desc())
    if filters["entity"]:
        stmt = stmt.where(AuditLog.entity == filters["entity"])
    if filters["entity_id"].isdigit() and int(filters["entity_id"]) <= MAX_ID:
        stmt = stmt.where(AuditLog.entity_id == int(filters["entity_id"]))
    if filters["user"]:
        stmt = stmt.where(AuditLog.username.contains(filters["user"].lower(), autoescape=True))
    if filters["action"] in ACTIONS:
        stmt = stmt.where(AuditLog.action == filters["action"])
    if start := _day_start(filters["from"], tz):
        stmt = stmt.where(AuditLog.at >= start)
    if end := _day_start(filters["to"], tz):
        stmt = stmt.where(AuditLog.at < end + timedelta(days=1))
    page = db.paginate(stmt, page=args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    entities = sorted(t for t in db.metadata.tables if t not in ("audit_log", "jobs", "import_batches"))
    return render("audit/index.html", "results", page=page, filters=filters, entities=entities, actions=ACTIONS)
