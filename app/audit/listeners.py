"""Write an audit row for every insert, update and delete, inside the same flush and transaction.

Each row carries the record's name as the area registered it (``app.audit.kinds``), written now in the
agency's language: a deleted or renamed record keeps the name it had when it changed.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from datetime import date, datetime, time
from decimal import Decimal

from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import force_locale
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.audit.kinds import IGNORED_COLUMNS, KINDS, NOT_AUDITED
from app.audit.models import AuditLog
from app.core.db import utcnow

log = logging.getLogger(__name__)
LABEL_LENGTH = 200


class AuditLogIsAppendOnly(RuntimeError):
    pass


def _plain(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    return value


def _plain_label(obj) -> str:
    for attr in ("display_name", "name", "username", "label"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _label(obj, cache: dict) -> str:
    """The record's name as its area words it (see ``app.audit.kinds``), else its own name; never an error:
    a name that cannot be made must not stop the change it describes."""
    kind = KINDS.get(obj.__tablename__)
    try:
        text = kind.subject(obj, cache) if kind and kind.subject else _plain_label(obj)
    except Exception:  # noqa: BLE001  (logged; the change goes on with the plain name)
        log.exception("audit: no name for %s %s", obj.__tablename__, inspect(obj).identity)
        text = _plain_label(obj)
    text = " ".join(str(text or "").split())
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1] + "…"


def _agency_language():
    """Names are written in the agency's language, whatever the language of the person making the change."""
    if not has_app_context() or "babel" not in current_app.extensions:
        return nullcontext()
    return force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE") or "id")


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
    pending: list = []  # a flush that failed before writing its entries leaves nothing behind for the next
    session.info["audit_pending"] = pending
    for obj in session.new:
        if getattr(obj, "__tablename__", None) not in NOT_AUDITED and not isinstance(obj, AuditLog):
            pending.append(("create", obj, None, None))
    for obj in session.dirty:
        if getattr(obj, "__tablename__", None) in NOT_AUDITED or not session.is_modified(obj):
            continue
        changes = _diff(obj)
        if changes:
            pending.append(("update", obj, changes, None))
    deleted = [obj for obj in session.deleted if getattr(obj, "__tablename__", None) not in NOT_AUDITED]
    if deleted:  # named now, while their relationships can still be read
        cache: dict = {}
        with session.no_autoflush, _agency_language():
            for obj in deleted:
                pending.append(("delete", obj, {k: [v, None] for k, v in _snapshot(obj).items()}, _label(obj, cache)))


@event.listens_for(Session, "after_flush_postexec")
def _after_flush(session: Session, flush_context) -> None:
    """Now that new rows have ids (and are persistent, so that their names can follow their relationships),
    write the entries with the same connection, in the same transaction."""
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    user_id, username, ip = _actor()
    now = utcnow()
    rows = []
    cache: dict = {}
    with session.no_autoflush, _agency_language():
        labels = [label if label is not None else _label(obj, cache) for _, obj, _, label in pending]
    for (action, obj, changes, _), label in zip(pending, labels, strict=True):
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
                "label": label,
                "changes": changes,
            }
        )
    session.connection().execute(AuditLog.__table__.insert(), rows)


def record_updates(session: Session, changes: list[tuple[object, dict]]) -> None:
    """Log an update that one UPDATE statement made to many rows outside the unit of work (whose flushes log
    each of their own): ``changes`` pairs each record with ``{column: [before, after]}``. Written at once, in the
    same transaction, named and attributed as a flush's entries are."""
    if not changes:
        return
    user_id, username, ip = _actor()
    now = utcnow()
    cache: dict = {}
    with session.no_autoflush, _agency_language():
        labels = [_label(obj, cache) for obj, _ in changes]
    rows = [{"at": now, "user_id": user_id, "username": username, "ip": ip, "action": "update",
             "entity": obj.__tablename__, "entity_id": inspect(obj).mapper.primary_key_from_instance(obj)[0],
             "label": label, "changes": {key: [_plain(before), _plain(after)] for key, (before, after) in diff.items()}}
            for (obj, diff), label in zip(changes, labels, strict=True)]
    session.connection().execute(AuditLog.__table__.insert(), rows)
