"""``subordinates(e)`` (worked out from the unit tree) names exactly the people whose ``nearest_head`` is ``e``."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from app.attendance.superior import nearest_head, subordinates
from app.extensions import db
from app.org.models import Employee, Unit
from tests.factories import make_employee, make_opd, make_position, make_unit


@pytest.mark.parametrize("seed", range(4))
def test_subordinates_are_the_people_whose_nearest_head_is_the_person(app, seed):
    """Random trees: vacant head posts, two heads in one unit, a head on leave (not active)."""
    rng = random.Random(seed)
    opd = make_opd(f"Dinas {seed}", code=f"D{seed}")
    units = [opd]
    for n in range(9):
        units.append(make_unit(rng.choice(units), f"Unit {n}", kind="bidang"))
    people = []
    for n, unit in enumerate(units):
        for h in range(rng.choice((0, 1, 1, 1, 2))):  # vacant, one head, or two
            post = make_position(unit, f"Kepala {n}.{h}", is_head=True, type="administrator")
            people.append(make_employee(unit, f"Kepala {n}.{h}", post,
                                        status="aktif" if rng.random() < 0.85 else "cuti"))
        for k in range(rng.choice((0, 1, 2))):
            people.append(make_employee(unit, f"Staf {n}.{k}"))
    db.session.flush()
    ids = [person.id for person in people]
    head_of = dict(db.session.execute(select(Employee.id, nearest_head(Employee.id, Unit.path))
                                      .join(Unit, Employee.unit_id == Unit.id).where(Employee.id.in_(ids))).all())
    assert any(head is not None for head in head_of.values())
    for person in people:
        expected = {p for p, head in head_of.items() if head == person.id}
        found = set(db.session.scalars(select(Employee.id).where(Employee.id.in_(ids), subordinates(person.id))))
        assert found == expected, (seed, person.name)
