"""Rounds: start one (the category's rules and instrument are copied), its panel and window, closing the
nominations; and what waits for a user (the home page)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.awards.models import Assessor, Category, Nomination, Round, Score
from app.awards.services.automatic import automatic_values
from app.awards.services.categories import rules_of
from app.awards.services.eligibility import candidates, reason_text
from app.awards.services.state import active_nominations, check_editable
from app.core.db import check_version, utcnow
from app.core.errors import Refused
from app.core.formatting import MONTHS_ID
from app.extensions import db
from app.org.models import Employee


def start_round(category: Category, year: int, month: int, opens: date, closes: date,
                assessor_ids: list[int], appreciation: bool = False) -> Round:
    if not category.active:
        raise Refused(_l("This category is no longer used."), "category_id")
    if opens > closes:
        raise Refused(_l("The nomination window must open before it closes."), "nomination_closes")
    exists = db.session.scalar(select(Round.id).where(Round.category_id == category.id, Round.year == year,
                                                      Round.month == month))
    if exists:
        raise Refused(_l("This category already has a round for %(month)s %(year)s.",
                         month=MONTHS_ID[month - 1], year=year), "month")
    award_round = Round(category=category, opd=category.opd, year=year, month=month,
                        instrument_id=category.instrument_id, rules=rules_of(category), nomination_opens=opens,
                        nomination_closes=closes, appreciation=appreciation)
    db.session.add(award_round)
    set_panel(award_round, assessor_ids)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # someone started the same round a moment ago
        raise Refused(_l("This category already has a round for %(month)s %(year)s.",
                         month=MONTHS_ID[month - 1], year=year), "month") from error
    return award_round


def panel_candidates(award_round_or_opd) -> list[User]:
    """Accounts that may sit on a panel: assessors, leaders and HR of the OPD."""
    from app.accounts.models import RoleAssignment

    opd = award_round_or_opd.opd if isinstance(award_round_or_opd, Round) else award_round_or_opd
    stmt = (select(User).join(RoleAssignment).where(
        RoleAssignment.role.in_(("assessor", "leader", "hr")), User.active.is_(True),
        RoleAssignment.unit_path.startswith(opd.path, autoescape=True) | (RoleAssignment.unit_path == ""))
        .distinct().order_by(User.username))
    return list(db.session.scalars(stmt))


def set_panel(award_round: Round, user_ids: list[int], version: int | None = None) -> None:
    check_editable(award_round)
    if version is not None:
        check_version(award_round, version)
    allowed = {u.id for u in panel_candidates(award_round)}
    wanted = [i for i in dict.fromkeys(user_ids) if i in allowed]
    if not wanted:
        raise Refused(_l("Choose at least one assessor."), "assessor_ids")
    current = {a.user_id: a for a in award_round.assessors}
    for user_id, assessor in current.items():
        if user_id not in wanted:
            if db.session.scalar(select(func.count()).select_from(Score).where(Score.assessor_id == assessor.id)):
                raise Refused(_l("%(name)s has already scored; they stay on the panel.",
                                 name=assessor.user.username), "assessor_ids")
            award_round.assessors.remove(assessor)
    for user_id in wanted:
        if user_id not in current:
            award_round.assessors.append(Assessor(user_id=user_id))
    award_round.updated_at = utcnow()
    db.session.flush()


def update_window(award_round: Round, opens: date, closes: date, version: int | None) -> None:
    check_editable(award_round)
    check_version(award_round, version)
    if opens > closes:
        raise Refused(_l("The nomination window must open before it closes."), "nomination_closes")
    award_round.nomination_opens, award_round.nomination_closes = opens, closes
    db.session.flush()


def close_nominations(award_round: Round, version: int | None) -> None:
    """Nominations end; the automatic criteria are read one last time and frozen; scoring starts."""
    check_editable(award_round)
    check_version(award_round, version)
    if award_round.status != "nominating":
        raise Refused(_l("Nominations are already closed."))
    withdrawn = withdraw_ineligible(award_round)
    active = active_nominations(award_round)
    if not active:
        raise Refused(_l("There is no eligible nomination.") if withdrawn else _l("There is no nomination yet."))
    facts = automatic_values(award_round, active)
    for nomination in active:
        nomination.auto = facts[nomination.id]
    award_round.status = "scoring"
    db.session.flush()


def withdraw_ineligible(award_round: Round) -> list[Nomination]:
    """Withdraw, with the reason recorded, the nominees the month's data now excludes (a sanction or TK
    recorded after they were nominated). Done when nominations close."""
    active = active_nominations(award_round)
    if award_round.rules["nominee_kind"] == "unit":
        rows = candidates(award_round, units=[n.unit for n in active], ignore_taken=True)
    else:
        rows = candidates(award_round, [n.employee for n in active], ignore_taken=True)
    out = []
    for nomination, (_nominee, reasons) in zip(active, rows, strict=True):
        if reasons:
            nomination.withdrawn_at = utcnow()
            nomination.withdrawn_reason = str(_l("No longer eligible when nominations closed: %(reasons)s.",
                                                 reasons="; ".join(reason_text(r) for r in reasons)))
            out.append(nomination)
    return out


def load_round(award_round: Round) -> Round:
    """Load a round's nominations with what its pages show (nominee, unit, position, scores) in a few queries."""
    from sqlalchemy.orm import selectinload

    nominee = selectinload(Nomination.employee)
    nominations = list(db.session.scalars(select(Nomination).where(Nomination.round_id == award_round.id).options(
        selectinload(Nomination.unit), nominee.selectinload(Employee.position), nominee.selectinload(Employee.unit),
        selectinload(Nomination.scores)).order_by(Nomination.id)))
    set_committed_value(award_round, "nominations", nominations)
    assessors = selectinload(Assessor.user).selectinload(User.employee)
    list(db.session.scalars(select(Assessor).where(Assessor.round_id == award_round.id).options(
        assessors.selectinload(Employee.position), assessors.selectinload(Employee.unit))))
    return award_round
