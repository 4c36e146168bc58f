"""Eligibility: who may be nominated in a round this month, with the reasons of those who may not."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.awards.models import Nomination, Round
from app.awards.rules import Candidate, ineligible
from app.awards.services.state import active_nominations
from app.core.formatting import MONTHS_ID, month_bounds
from app.discipline import queries as discipline
from app.extensions import db
from app.org.models import Employee, Unit


def _last_wins(award_round: Round, key, ids: list[int]) -> dict[int, tuple[int, int]]:
    """The latest win in the category before the round's month, by nominee."""
    if not ids:
        return {}
    stmt = (select(key, func.max(Round.year * 100 + Round.month))
            .join(Round, Nomination.round_id == Round.id)
            .where(Round.category_id == award_round.category_id, Nomination.winner.is_(True), key.in_(ids),
                   Round.year * 100 + Round.month < award_round.year * 100 + award_round.month)
            .group_by(key))
    return {row[0]: divmod(row[1], 100) for row in db.session.execute(stmt)}


def candidates(award_round: Round, employees: list[Employee] | None = None,
               units: list[Unit] | None = None, ignore_taken: bool = False) -> list[tuple[object, list]]:
    """Each possible nominee with the reasons they cannot be nominated (empty list = eligible)."""
    rules, year, month = award_round.rules, award_round.year, award_round.month
    active = [] if ignore_taken else active_nominations(award_round)
    taken_people = {n.employee_id for n in active}
    taken_units = {n.unit_id for n in active if n.employee_id is None}
    out = []
    if rules["nominee_kind"] == "unit":
        ids = [u.id for u in units or []]
        wins = _last_wins(award_round, Nomination.unit_id, ids)
        for unit in units or []:
            candidate = Candidate(kind="unit", unit_kind=unit.kind, last_win=wins.get(unit.id),
                                  already_nominated=unit.id in taken_units)
            out.append((unit, ineligible(rules, candidate, year, month)))
        return out
    people = employees or []
    ids = [e.id for e in people]
    first, last = month_bounds(year, month)
    sanctions = discipline.sanctions_in_force(ids, first, last)
    recaps = discipline.attendance(ids, year, month)
    wins = _last_wins(award_round, Nomination.employee_id, ids)
    for employee in people:
        position = employee.position
        recap = recaps.get(employee.id)
        candidate = Candidate(
            kind="person", status=employee.status, position_type=position.type if position else None,
            is_head=bool(position and position.is_head),
            sanctions=tuple(f"{s.kind} ({s.decision_number})" for s in sanctions.get(employee.id, [])),
            absent_days=recap.absent_days if recap else None, last_win=wins.get(employee.id),
            already_nominated=employee.id in taken_people)
        out.append((employee, ineligible(rules, candidate, year, month)))
    return out


# Reasons that say the candidate is not what the category is for (as opposed to this month's record).
OUTSIDE_CATEGORY = frozenset({"position_type", "head", "unit_kind", "not_active"})


def reason_text(reason) -> str:
    texts = {
        "already_nominated": _l("already nominated in this round"),
        "not_active": _l("not active (status %(status)s)"),
        "position_type": _l("this category is not for the position type %(type)s"),
        "head": _l("unit heads are excluded from this category"),
        "sanction": _l("a medium or heavy sanction is in force: %(sanction)s"),
        "absent": _l("absent without a reason (TK) %(days)s day(s) this month"),
        "unit_kind": _l("this category is not for units of kind %(kind)s"),
        "recent_win": _l("won this category in %(when)s (not again within %(months)s months)"),
        "quota": _l("the unit's quota of %(quota)s nomination(s) is used"),
    }
    values = dict(reason.values)
    if reason.key == "position_type":
        from app.org.forms import position_type_labels

        values["type"] = position_type_labels().get(values["type"], values["type"])
    if reason.key == "unit_kind":
        from app.org.forms import unit_kind_labels

        values["kind"] = unit_kind_labels().get(values["kind"], values["kind"])
    if reason.key == "recent_win":
        values["when"] = f"{MONTHS_ID[values['month'] - 1]} {values['year']}"
    return str(texts[reason.key] % values) if values else str(texts[reason.key])
