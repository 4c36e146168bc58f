"""The audit trail: every change recorded in the same transaction, nothing can edit or delete it."""

from datetime import date

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from app.audit.listeners import AuditLogIsAppendOnly
from app.audit.models import AuditLog
from app.extensions import db
from app.org import services
from tests.factories import make_opd, make_unit


def _entries(entity: str, entity_id: int) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
                                   .order_by(AuditLog.id)))


def test_create_update_delete_are_recorded_with_before_and_after():
    opd = make_opd()
    unit = make_unit(opd, "Bidang Lama")
    services.update_unit(unit, {"name": "Bidang Baru", "kind": "bidang"}, unit.version)
    services.delete_unit(unit, unit.version)
    created, updated, deleted = _entries("units", unit.id)
    assert created.action == "create" and created.changes["name"] == [None, "Bidang Lama"]
    assert updated.action == "update" and updated.changes == {"name": ["Bidang Lama", "Bidang Baru"]}
    assert deleted.action == "delete" and deleted.changes["name"] == ["Bidang Baru", None]


def test_who_and_from_where_come_from_the_request(client, world):
    client.login_as(world.users["hr"])
    response = client.post(f"/units/{world.bidang_a.id}/edit",
                           data={"kind": "bidang", "name": "Bidang Rehsos", "version": world.bidang_a.version},
                           environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 303
    entry = _entries("units", world.bidang_a.id)[-1]
    assert (entry.username, entry.ip, entry.user_id) == ("hr", "10.1.2.3", world.users["hr"].id)
    assert entry.changes["name"] == ["Bidang Rehabilitasi Sosial", "Bidang Rehsos"]


def test_a_rolled_back_change_leaves_no_audit_entry():
    opd = make_opd()
    db.session.commit()
    nested = db.session.begin_nested()
    unit = make_unit(opd, "Sementara")
    unit_id = unit.id
    nested.rollback()
    assert _entries("units", unit_id) == []


def test_passwords_never_reach_the_trail(world):
    user = world.users["hr"]
    user.set_password("another-password-123")
    db.session.flush()
    for entry in _entries("users", user.id):
        assert "password_hash" not in entry.changes


def test_the_orm_refuses_to_change_or_delete_entries():
    make_opd()
    entry = db.session.scalars(select(AuditLog)).first()
    entry.label = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", [update(AuditLog).values(label="x"), delete(AuditLog)])
def test_the_database_refuses_raw_sql_too(statement):
    make_opd()
    db.session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(statement)


def test_the_audit_page_filters(client, world):
    services.update_employee(world.person_a, {"phone": "0812"}, world.person_a.version, date(2024, 1, 1))
    client.login_as(world.users["admin"])
    page = client.get("/audit?entity=employees&action=update", headers={"HX-Request": "true"})
    assert page.status_code == 200 and b"Siti Aminah" in page.data and b"0812" in page.data
    assert b"Dinas Sosial B" not in page.data
    assert client.get("/audit?from=2000-01-01&to=not-a-date&entity_id=abc").status_code == 200


def test_only_admins_see_the_trail(client, world):
    client.login_as(world.users["hr"])
    assert client.get("/audit").status_code == 403


def test_the_trail_has_no_edit_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_raw_sql_check_uses_the_dialect_trigger():
    names = {"sqlite": "SELECT name FROM sqlite_master WHERE type='trigger'",
             "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"}
    rows = {r[0] for r in db.session.execute(text(names[db.engine.dialect.name]))}
    assert any(name.startswith("audit_log_no") for name in rows)
