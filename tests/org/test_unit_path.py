"""A subtree by its path prefix: the same units whether the prefix is escaped or not, never a neighbour whose id
starts with the same digits (on SQLite the condition is also a range over the path's index)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.org.models import Unit
from tests.factories import make_opd, make_unit


def test_a_subtree_is_the_units_under_the_prefix_and_no_neighbour(app):
    first = make_opd("Dinas A", code="A")
    child = make_unit(first, "Bidang")
    grandchild = make_unit(child, "Seksi", kind="seksi")
    neighbour = make_opd("Dinas Tetangga", code="X")
    neighbour.path = f"/{first.id}0/"  # a unit whose id starts with the same digits (a bare range would take it)
    db.session.flush()
    expected = {first.id, child.id, grandchild.id}
    for kw in ({}, {"autoescape": True}):
        found = set(db.session.scalars(select(Unit.id).where(Unit.path.startswith(first.path, **kw))))
        assert found == expected, kw
    assert set(db.session.scalars(select(Unit.id).where(Unit.path.startswith(child.path)))) == {child.id,
                                                                                             grandchild.id}
