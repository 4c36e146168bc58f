"""Scoring: conflicts of interest, one assessor's values for a nominee, and how far the panel is."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from app.awards.models import Assessor, Criterion, Nomination, Round, Score
from app.awards.rules import Person, conflict
from app.awards.services.state import active_nominations, check_editable, touch
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit


def _person(employee: Employee | None, unit: Unit | None = None) -> Person:
    if employee is None:
        return Person(employee_id=None, unit_id=unit.id if unit else None, unit_path=unit.path if unit else "",
                      parent_unit_id=unit.parent_id if unit else None)
    return Person(employee_id=employee.id, unit_id=employee.unit_id, unit_path=employee.unit.path,
                  parent_unit_id=employee.unit.parent_id,
                  is_head=bool(employee.position and employee.position.is_head))


def conflict_of(assessor: Assessor, nomination: Nomination) -> str | None:
    rules = nomination.round.rules
    nominee = _person(nomination.employee, nomination.unit) if nomination.employee else _person(None,
                                                                                                 nomination.unit)
    return conflict(_person(assessor.user.employee), nominee, unit_award=rules["nominee_kind"] == "unit",
                    own_unit_conflict=rules["own_unit_conflict"])


def conflict_text(key: str) -> str:
    return str({"self": _l("the assessor is the nominee"),
                "subordinate": _l("the nominee is the assessor's direct subordinate"),
                "own_unit": _l("the nominee is from the assessor's own unit")}[key])


def panel_seat(award_round: Round, user) -> Assessor | None:
    return next((a for a in award_round.assessors if a.user_id == getattr(user, "id", None)), None)


def assessor_criteria(award_round: Round) -> list[Criterion]:
    return [c for c in award_round.instrument.criteria if not c.automatic]


def save_scores(nomination: Nomination, assessor: Assessor, values: dict[int, str]) -> dict[int, str]:
    """Record one assessor's values for a nominee; returns errors by criterion id (nothing written if any)."""
    award_round = nomination.round
    check_editable(award_round)
    if award_round.status != "scoring":
        raise Refused(_l("Scoring has not started or is over."))
    if nomination.withdrawn_at is not None:
        raise Refused(_l("This nomination was withdrawn."))
    reason = conflict_of(assessor, nomination)
    if reason:
        raise Refused(_l("You may not score this nominee: %(reason)s.", reason=conflict_text(reason)))
    errors, parsed = {}, {}
    for criterion in assessor_criteria(award_round):
        raw = (values.get(criterion.id) or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors[criterion.id] = str(_l("Enter a number."))
            continue
        if not value.is_finite() or not criterion.scale_min <= value <= criterion.scale_max:
            errors[criterion.id] = str(_l("Enter a value from %(low)s to %(high)s.",
                                          low=_plain(criterion.scale_min), high=_plain(criterion.scale_max)))
            continue
        parsed[criterion.id] = value
    if errors:
        return errors
    touch(award_round)
    existing = {(s.criterion_id): s for s in nomination.scores if s.assessor_id == assessor.id}
    for criterion_id, value in parsed.items():
        if criterion_id in existing:
            existing[criterion_id].value = value
        else:
            nomination.scores.append(Score(assessor_id=assessor.id, criterion_id=criterion_id, value=value))
    db.session.flush()
    return {}


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def progress(award_round: Round) -> dict:
    """How far the panel is: pairs (assessor, nominee) due, complete, and per assessor."""
    criteria = {c.id for c in assessor_criteria(award_round)}
    nominations = active_nominations(award_round)
    scored: dict[tuple[int, int], set] = {}
    for nomination in nominations:
        for score in nomination.scores:
            scored.setdefault((score.assessor_id, nomination.id), set()).add(score.criterion_id)
    per_assessor, due_total, done_total = [], 0, 0
    for assessor in award_round.assessors:
        due = done = 0
        for nomination in nominations:
            if conflict_of(assessor, nomination):
                continue
            due += 1
            done += criteria <= scored.get((assessor.id, nomination.id), set())
        per_assessor.append({"assessor": assessor, "due": due, "done": done})
        due_total += due
        done_total += done
    return {"due": due_total, "done": done_total, "assessors": per_assessor,
            "complete": due_total > 0 and done_total == due_total}
