"""Planning a year across an OPD: the cascade of agreements, who has signed by the deadline, starting a year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.agreements import rules
from app.agreements.models import Agreement, AgreementDeadline, AgreementVersion, Indicator, Sasaran
from app.agreements.services.drafting import copy_to_year, create
from app.extensions import db
from app.org.models import Employee, Position, Unit
from app.org.rules import full_name


def _subtree_agreements(opd: Unit, year: int, contents: bool = False) -> list[Agreement]:
    options = [selectinload(Agreement.versions)]
    if contents:
        options = [selectinload(Agreement.versions).selectinload(AgreementVersion.sasaran)
                   .selectinload(Sasaran.indicators)]
    return list(db.session.scalars(
        select(Agreement).join(Unit, Agreement.unit_id == Unit.id)
        .where(Agreement.year == year, Unit.path.startswith(opd.path, autoescape=True))
        .options(*options).order_by(Unit.path)))


def cascade_tree(opd: Unit, year: int):
    """The agreements of an OPD for a year as a tree, with indicators that support nothing flagged.

    Read as plain rows (no ORM objects): three statements whatever the number of agreements.
    """
    within = Unit.path.startswith(opd.path, autoescape=True)
    latest = (select(AgreementVersion.agreement_id, func.max(AgreementVersion.number).label("number"))
              .join(Agreement, AgreementVersion.agreement_id == Agreement.id).join(Unit, Agreement.unit_id == Unit.id)
              .where(Agreement.year == year, within)  # the OPD's versions only, not the pemda's
              .group_by(AgreementVersion.agreement_id).subquery())
    heads = db.session.execute(
        select(Agreement.id, Agreement.unit_id, Unit.name, Employee.name.label("person"), Employee.front_title,
               Employee.back_title, AgreementVersion.id.label("version_id"), AgreementVersion.status)
        .join(Unit, Agreement.unit_id == Unit.id).join(Employee, Agreement.first_party_id == Employee.id)
        .join(latest, latest.c.agreement_id == Agreement.id)
        .join(AgreementVersion, (AgreementVersion.agreement_id == Agreement.id)
              & (AgreementVersion.number == latest.c.number))
        .where(Agreement.year == year, within).order_by(Unit.path)).all()
    indicators: dict[int, list[dict]] = {h.version_id: [] for h in heads}
    for row in db.session.execute(
            select(Indicator.version_id, Indicator.key, Indicator.name, Indicator.supports_key)
            .join(Sasaran, Indicator.sasaran_id == Sasaran.id)
            .where(Indicator.version_id.in_(select(AgreementVersion.id).join(Agreement).join(Unit).where(
                Agreement.year == year, within)))
            .order_by(Sasaran.position, Indicator.position)):
        if row.version_id in indicators:
            indicators[row.version_id].append({"key": row.key, "name": row.name, "supports_key": row.supports_key})
    parent_of = dict(db.session.execute(select(Unit.id, Unit.parent_id).where(within)).all())
    rows = [{"id": h.id, "unit_id": h.unit_id, "status": h.status,
             "title": f"{h.name} — {full_name(h.person, h.front_title, h.back_title)}",
             "indicators": indicators[h.version_id]} for h in heads]
    return rules.cascade(rows, parent_of)


def officials(opd: Unit) -> list[Employee]:
    """Every active holder of a head position in the OPD's tree (the people who sign an agreement)."""
    return list(db.session.scalars(
        select(Employee).join(Position, Employee.position_id == Position.id).join(Unit, Position.unit_id == Unit.id)
        .where(Position.is_head.is_(True), Employee.status == "aktif",
               Unit.path.startswith(opd.path, autoescape=True))
        .options(selectinload(Employee.position).selectinload(Position.unit))
        .order_by(Unit.path, Employee.id)))


def tracking(opd: Unit, year: int, today: date) -> tuple[list[dict], date | None]:
    """Each official's agreement state for the year in ``opd``'s subtree (an OPD, or a unit below one); late when
    not in force a month after the DPA date of the unit's OPD.

    Read as plain rows (no ORM objects): four statements whatever the size of the OPD.
    """
    deadline = db.session.scalar(select(AgreementDeadline).where(AgreementDeadline.opd_id == opd.opd_id,
                                                                 AgreementDeadline.year == year))
    due = rules.due_date(deadline.dpa_date) if deadline else None
    within = Unit.path.startswith(opd.path, autoescape=True)
    versions: dict[tuple[int, int], dict] = {}
    for row in db.session.execute(
            select(Agreement.id, Agreement.first_party_id, Agreement.unit_id, AgreementVersion.number,
                   AgreementVersion.status)
            .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id).join(Unit, Agreement.unit_id == Unit.id)
            .where(Agreement.year == year, within).order_by(AgreementVersion.number)):
        entry = versions.setdefault((row.first_party_id, row.unit_id), {"id": row.id, "in_force": False})
        entry["latest"] = row.status  # ordered by number: the last one wins
        entry["in_force"] = entry["in_force"] or row.status == "in_force"
    rows = []
    for person in db.session.execute(
            select(Employee.id, Employee.name, Employee.front_title, Employee.back_title,
                   Unit.id.label("unit_id"), Unit.name.label("unit_name"))
            .join(Position, Employee.position_id == Position.id).join(Unit, Position.unit_id == Unit.id)
            .where(Position.is_head.is_(True), Employee.status == "aktif", within)
            .order_by(Unit.path, Employee.id)):
        agreement = versions.get((person.id, person.unit_id))
        # an agreement in force stays in force while a revision is being drafted
        state = "missing" if agreement is None else ("in_force" if agreement["in_force"] else agreement["latest"])
        rows.append({"name": full_name(person.name, person.front_title, person.back_title),
                     "unit_name": person.unit_name, "agreement_id": agreement["id"] if agreement else None,
                     "state": state, "late": bool(due and today > due and state != "in_force")})
    return rows, due


def set_deadline(opd: Unit, year: int, dpa_date: date):
    deadline = db.session.scalar(select(AgreementDeadline).where(AgreementDeadline.opd_id == opd.opd_id,
                                                                 AgreementDeadline.year == year))
    if deadline is None:
        deadline = AgreementDeadline(opd_id=opd.id, year=year, dpa_date=dpa_date)
        db.session.add(deadline)
    deadline.dpa_date = dpa_date
    db.session.flush()
    return deadline


def start_year(opd: Unit, year: int, progress=None) -> dict:
    """A draft for every official of the OPD who has none for ``year``: last year's contents when there are.

    The OPD's row is locked first (PostgreSQL): a second start of the same year (a double click, two consumers)
    waits for the first to commit, then finds every draft there and skips them, instead of failing on the
    agreements' unique key."""
    db.session.execute(select(Unit.id).where(Unit.id == opd.id).with_for_update())
    people = officials(opd)
    existing = {(a.first_party_id, a.unit_id) for a in _subtree_agreements(opd, year)}
    previous = {(a.first_party_id, a.unit_id): a for a in _subtree_agreements(opd, year - 1, contents=True)}
    created = copied = 0
    for n, person in enumerate(people, 1):
        key = (person.id, person.position.unit_id)
        if key not in existing:
            if key in previous:
                copy_to_year(previous[key], year)
                copied += 1
            else:
                create(year, person.position.unit, person)  # the OPD head's Kepala Daerah is filled in later
                created += 1
        if progress and (n % 20 == 0 or n == len(people)):
            progress(n * 100 // max(len(people), 1))
    return {"officials": len(people), "created": created, "copied": copied,
            "skipped": len(people) - created - copied}
