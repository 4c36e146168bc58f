"""Publishing the results: the month's announcement, the roll-call list and award histories."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.access import access
from app.awards.models import Category, Nomination, Round
from app.awards.routes import bp
from app.awards.services import history
from app.core.htmx import render
from app.extensions import db
from app.org.models import Employee, Unit


def _month_rounds(award_round: Round) -> list[Round]:
    nominee = selectinload(Round.nominations)
    return list(db.session.scalars(select(Round).join(Category).where(
        Round.opd_id == award_round.opd_id, Round.year == award_round.year, Round.month == award_round.month,
        Round.status == "decided").options(
        selectinload(Round.category), nominee.selectinload(Nomination.employee).selectinload(Employee.position),
        nominee.selectinload(Nomination.unit).selectinload(Unit.parent)).order_by(Category.name)))


def _winners(award_round: Round) -> list[tuple[Round, list[Nomination]]]:
    """The winners of every decided round of the round's OPD and month, by category."""
    if not award_round.frozen:
        abort(404)
    return [(r, sorted((n for n in r.nominations if n.winner), key=lambda n: n.rank))
            for r in _month_rounds(award_round)]


@bp.get("/awards/rounds/<int:award_round_id>/announcement")
@access("awards.view", award_round_id=Round)
def announcement(award_round):
    return render("awards/announcement.html", r=award_round, groups=_winners(award_round))


@bp.get("/awards/rounds/<int:award_round_id>/roll-call")
@access("awards.view", award_round_id=Round)
def roll_call(award_round):
    return render("awards/roll_call.html", r=award_round, groups=_winners(award_round))


@bp.get("/awards/history/people/<int:employee_id>")
@access("awards.view", employee_id=Employee)
def history_person(employee):
    return render("awards/history.html", subject=employee.display_name, rows=history(
        Nomination.employee_id == employee.id))


@bp.get("/awards/history/units/<int:unit_id>")
@access("awards.view", unit_id=Unit)
def history_unit(unit):
    return render("awards/history.html", subject=unit.name, rows=history(
        (Nomination.unit_id == unit.id) & Nomination.employee_id.is_(None)), unit=unit,
        people=history((Nomination.unit_id == unit.id) & Nomination.employee_id.is_not(None)))
