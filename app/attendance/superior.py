"""Who decides a person's excuse: their superior (atasan langsung).

The superior is the active holder of the head post (``Position.is_head``) of the person's unit; for the head
themself, the head of the unit above; when a head post is vacant, the next unit up that has a head. They decide
through their user account (``User.employee_id``). A superior without an account leaves the decision to the
roles that may decide over the person's unit (``attendance.decide``: admin, HR, leaders), which also decide
anyone's excuse in their scope.

``nearest_head(person_id, unit_path)`` is the same rule as a correlated SQL expression, so that a list (the
inbox, the page of excuses to decide) finds each row's superior in the statement that reads the rows.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import aliased

from app.accounts import access
from app.accounts.models import User
from app.attendance.models import Excuse
from app.extensions import db
from app.org.models import Employee, Position, Unit


def nearest_head(person_id, unit_path):
    """SQL: the id of the person's superior (None when no unit up the tree has an active head).

    ``person_id`` and ``unit_path`` are the outer statement's columns (the person and the path of their unit).
    Paths hold digits and slashes only, so a path column needs no escaping as a LIKE pattern."""
    head, post, unit = aliased(Employee), aliased(Position), aliased(Unit)
    return (select(head.id).join(post, head.position_id == post.id).join(unit, post.unit_id == unit.id)
            .where(post.is_head.is_(True), head.status == "aktif", head.id != person_id,
                   unit_path.startswith(unit.path))
            .order_by(unit.depth.desc(), head.id).limit(1).correlate_except(head, post, unit).scalar_subquery())


def subordinates(employee_id: int | None):
    """SQL condition on ``Employee``: the people whose superior (``nearest_head``) is ``employee_id``.

    Worked out from the unit tree below the unit they head, in two statements whatever the size of the pemda:
    ``nearest_head == employee_id`` as a condition costs a correlated subquery per person of the list."""
    if employee_id is None:
        return false()
    top = db.session.scalar(select(Unit.path).join(Position, Position.unit_id == Unit.id)
                            .join(Employee, Employee.position_id == Position.id)
                            .where(Employee.id == employee_id, Employee.status == "aktif", Position.is_head.is_(True)))
    if top is None:
        return false()  # only the holder of a head post is anyone's superior
    paths: dict[int, str] = {}
    heads: dict[int, list[int]] = {}  # unit -> its active heads
    head_units: dict[int, int] = {}  # an active head -> their own unit (where they sit as a person)
    for unit_id, path, head_id, head_unit in db.session.execute(
            select(Unit.id, Unit.path, Employee.id, Employee.unit_id).select_from(Unit)
            .outerjoin(Position, and_(Position.unit_id == Unit.id, Position.is_head.is_(True)))
            .outerjoin(Employee, and_(Employee.position_id == Position.id, Employee.status == "aktif"))
            .where(Unit.path.startswith(top))):
        paths[unit_id] = path
        if head_id is not None:
            heads.setdefault(unit_id, []).append(head_id)
            head_units[head_id] = head_unit

    def superior(unit_id: int, person: int | None) -> int | None:
        """The head of the deepest unit from ``unit_id`` up to the top that has one other than ``person``."""
        for ancestor in reversed([int(part) for part in paths[unit_id].strip("/").split("/")]):
            others = sorted(h for h in heads.get(ancestor, ()) if h != person)
            if others:
                return others[0]
            if paths.get(ancestor) == top:
                break
        return None

    units = [unit_id for unit_id in paths if superior(unit_id, None) == employee_id]
    rated_heads = [head for head, unit_id in head_units.items()
                   if unit_id in paths and head != employee_id and superior(unit_id, head) == employee_id]
    all_heads = list(head_units)
    return or_(and_(Employee.unit_id.in_(units), Employee.id.not_in(all_heads)), Employee.id.in_(rated_heads))


def superior_of(person: Employee) -> tuple[Employee | None, User | None]:
    """The person's superior and their account (either may be None): one statement."""
    unit_ids = [int(part) for part in person.unit.path.strip("/").split("/") if part]
    row = db.session.execute(
        select(Employee, User).join(Position, Employee.position_id == Position.id)
        .join(Unit, Position.unit_id == Unit.id).outerjoin(User, User.employee_id == Employee.id)
        .where(Position.is_head.is_(True), Employee.status == "aktif", Employee.id != person.id,
               Position.unit_id.in_(unit_ids))
        .order_by(Unit.depth.desc(), Employee.id).limit(1)).first()
    return (row[0], row[1]) if row else (None, None)


def is_superior(user, person: Employee) -> bool:
    """Is ``user`` the account of the person's superior?"""
    if not getattr(user, "employee_id", None) or user.employee_id == person.id:
        return False
    head, account = superior_of(person)
    return head is not None and account is not None and account.id == user.id


def heads_unit_or_above(user, unit: Unit) -> bool:
    """Does the user's own post head ``unit`` or a unit above it (their subordinates may sit in it)?"""
    employee = user.employee if getattr(user, "employee_id", None) else None
    position = employee.position if employee is not None and employee.status == "aktif" else None
    return bool(position and position.is_head and f"/{position.unit_id}/" in unit.path)


def _reads(user, obj) -> bool:
    """A relation holds only while one of the user's roles still reaches the object (see ``access``)."""
    return access.has_role(user, obj, access.ALL_ROLES)


def _own_person(user, person: Employee) -> bool:
    return user.employee_id is not None and user.employee_id == person.id and _reads(user, person)


def _own_excuse(user, excuse: Excuse) -> bool:
    return user.employee_id is not None and user.employee_id == excuse.employee_id and _reads(user, excuse)


def _superior(user, excuse: Excuse) -> bool:
    return _reads(user, excuse) and is_superior(user, excuse.employee)


def _head_above(user, unit: Unit) -> bool:
    return heads_unit_or_above(user, unit) and _reads(user, unit)


def register() -> None:
    """The relations of leave and excuses (called by ``app.attendance.scopes``): a person requests their own
    excuses and withdraws them; the superior reads and decides them, from the page of their unit's excuses."""
    access.register_relation("attendance.request", Employee, _own_person)
    access.register_relation("attendance.request", Excuse, _own_excuse)
    access.register_relation("attendance.decide", Excuse, _superior)
    access.register_relation("attendance.view", Excuse, _superior)
    access.register_relation("attendance.decide", Unit, _head_above)


def superiors(person_ids) -> dict[int, tuple[Employee, bool]]:
    """Each person's superior and whether they have an account, for a page of rows: two statements."""
    ids = list(person_ids)
    if not ids:
        return {}
    head_of = dict(db.session.execute(select(Employee.id, nearest_head(Employee.id, Unit.path))
                                      .join(Unit, Employee.unit_id == Unit.id).where(Employee.id.in_(ids))).all())
    heads = {head.id: (head, account_id is not None) for head, account_id in db.session.execute(
        select(Employee, User.id).outerjoin(User, User.employee_id == Employee.id)
        .where(Employee.id.in_({h for h in head_of.values() if h is not None})))}
    return {person: heads[head] for person, head in head_of.items() if head in heads}
