"""Issuing a bulk print's chunk at once: one query for what was issued before and one flush, not one each; the same
refusals as one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.core.errors import Refused
from app.documents import services
from app.extensions import db


def _spec(world, n: int, source_id: int | None = None) -> dict:
    return dict(code=services.new_code(), pdf=b"%PDF-1.7 dokumen " + str(n).encode(), kind="piagam",
                title=f"Piagam {n}", number=f"800/{n}", source=("bench_test", source_id or n), unit_id=world.opd_a.id)


def test_many_documents_checked_in_one_query_each_stored_once(app, world):
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    db.session.flush()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        made = services.issue_many([_spec(world, n) for n in range(1, 41)])
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert [d.number for d in made] == [f"800/{n}" for n in range(1, 41)] and all(d.id for d in made)
    assert len([s for s in statements if "FROM issued_documents" in s]) == 1
    assert services.read_pdf(made[4]) == b"%PDF-1.7 dokumen 5"


@pytest.mark.parametrize("twice", ["before", "within"])
def test_a_source_is_still_issued_once(app, world, twice):
    services.issue(**_spec(world, 1))
    specs = [_spec(world, 2), _spec(world, 1 if twice == "before" else 2)]
    with pytest.raises(Refused):
        services.issue_many(specs)
