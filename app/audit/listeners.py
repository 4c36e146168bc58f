"""Write an audit row for every insert, update and delete, inside the same flush and transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.audit.models import AuditLog
from app.core.db import utcnow

# Tables whose rows are not audited: the log itself and technical state that changes on every request.
NOT_AUDITED = {"audit_log", "jobs", "import_batches"}
# Columns that never enter the log (bookkeeping, secrets).
IGNORED_COLUMNS = {"updated_at", "created_at", "version", "name_search"}


class AuditLogIsAppendOnly(RuntimeError):
    pass


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    return value


def _label(obj) -> str:
    for attr in ("display_name", "name", "username", "label"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def _columns(obj):
    excluded = IGNORED_COLUMNS | set(getattr(obj, "__audit_exclude__", ()))
    return [c for c in inspect(obj).mapper.column_attrs if c.key not in excluded]


def _snapshot(obj) -> dict:
    return {c.key: _plain(getattr(obj, c.key)) for c in _columns(obj)}


def _diff(obj) -> dict:
    state = inspect(obj)
    changes = {}
    for col in _columns(obj):
        hist = state.attrs[col.key].history
        if hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                changes[col.key] = [_plain(before), _plain(after)]
    return changes


def _actor() -> tuple[int | None, str, str]:
    if not has_app_context():
        return None, "system", ""
    ip = (request.remote_addr or "") if has_request_context() else ""
    actor = g.get("audit_actor")
    if actor is None:
        return None, g.get("audit_system", "system"), ip
    return actor.id, actor.username, ip


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog):
            raise AuditLogIsAppendOnly("The audit trail cannot be changed or deleted.")
    pending: list = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if getattr(obj, "__tablename__", None) not in NOT_AUDITED and not isinstance(obj, AuditLog):
            pending.append(("create", obj, None))
    for obj in session.dirty:
        if getattr(obj, "__tablename__", None) in NOT_AUDITED or not session.is_modified(obj):
            continue
        changes = _diff(obj)
        if changes:
            pending.append(("update", obj, changes))
    for obj in session.deleted:
        if getattr(obj, "__tablename__", None) not in NOT_AUDITED:
            pending.append(("delete", obj, {k: [v, None] for k, v in _snapshot(obj).items()}))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    """Now that new rows have ids, write the entries with the same connection, in the same transaction."""
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    user_id, username, ip = _actor()
    now = utcnow()
    rows = []
    for action, obj, changes in pending:
        key = inspect(obj).mapper.primary_key_from_instance(obj)
        if action == "create":
            changes = {k: [None, v] for k, v in _snapshot(obj).items() if v not in (None, "")}
        rows.append(
            {
                "at": now,
                "user_id": user_id,
                "username": username,
                "ip": ip,
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": key[0] if key else None,
                "label": _label(obj),
                "changes": changes,
            }
        )
    session.connection().execute(AuditLog.__table__.insert(), rows)
