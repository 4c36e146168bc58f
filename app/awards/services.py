"""Award rounds: instruments, categories, rounds, nominations, scores, the decision and numbered certificates.

Services flush; the route commits once. Every change to a round checks it is not decided yet (a decided
round is frozen), and the round's state (``nominating`` → ``scoring`` → ``decided``) says what may happen.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.awards import calc, numbering
from app.awards.models import (
    CRITERION_SOURCES,
    Assessor,
    Category,
    Certificate,
    CertificateCounter,
    Criterion,
    Instrument,
    Nomination,
    Round,
    Score,
)
from app.awards.rules import Candidate, Person, conflict, ineligible
from app.core import files
from app.core.clock import agency_today
from app.core.db import check_version, utcnow
from app.core.errors import Conflict, Refused
from app.core.formatting import MONTHS_ID, month_bounds, tanggal
from app.discipline import queries as discipline
from app.documents import services as documents
from app.documents.context import letterhead
from app.extensions import db
from app.org.models import Employee, Position, Unit
from app.org.services import get_pemda

MAX_EVIDENCE = 5 * 1024 * 1024


# -- instruments ----------------------------------------------------------------------------------

def _clean_criteria(rows: list[dict]) -> list[dict]:
    cleaned = []
    for row in rows:
        if not (row.get("name") or "").strip():
            continue
        source = row.get("source") or "assessor"
        if source not in CRITERION_SOURCES:
            raise Refused(_l("Choose who fills “%(name)s” in.", name=row["name"].strip()))
        low, high = (Decimal(0), Decimal(100)) if source != "assessor" else (
            Decimal(_given(row.get("scale_min"), 1)), Decimal(_given(row.get("scale_max"), 5)))
        if low >= high:
            raise Refused(_l("The scale of “%(name)s” must go from a lower to a higher value.",
                             name=row["name"].strip()))
        weight = Decimal(row.get("weight") or 0)
        if weight <= 0:
            raise Refused(_l("The weight of “%(name)s” must be more than 0.", name=row["name"].strip()))
        cleaned.append({"name": row["name"].strip(), "description": (row.get("description") or "").strip(),
                        "weight": weight, "scale_min": low, "scale_max": high, "source": source})
    if not cleaned:
        raise Refused(_l("Give at least one criterion."))
    total = sum(c["weight"] for c in cleaned)
    if total != 100:
        raise Refused(_l("The weights add up to %(total)s; they must add up to 100.", total=total))
    return cleaned


def _given(value, default):
    return default if value is None or value == "" else value


def instrument_used(instrument: Instrument) -> bool:
    return db.session.scalar(select(func.count()).select_from(Round).where(
        Round.instrument_id == instrument.id)) > 0


def save_instrument(opd: Unit, name: str, note: str, criteria: list[dict],
                    instrument: Instrument | None = None, version: int | None = None) -> Instrument:
    """Create an instrument, or change one: in place while no round used it, else as a new version."""
    if instrument is not None:
        check_version(instrument, version)
    rows = _clean_criteria(criteria)
    if not name.strip():
        raise Refused(_l("Give the instrument a name."), "name")
    if instrument is not None and instrument.superseded:
        raise Refused(_l("This version was replaced by a newer one; change the newest version."))
    if instrument is None or instrument_used(instrument):
        previous = instrument
        instrument = Instrument(opd_id=opd.id, family=previous.family if previous else uuid.uuid4().hex,
                                number=previous.number + 1 if previous else 1, name=name.strip(), note=note.strip())
        db.session.add(instrument)
        if previous is not None:
            previous.superseded = True
            db.session.flush()
            db.session.execute(update(Category).where(Category.instrument_id == previous.id)
                               .values(instrument_id=instrument.id, version=Category.version + 1))
    else:
        instrument.criteria.clear()
        db.session.flush()
    instrument.name, instrument.note = name.strip(), note.strip()
    instrument.updated_at = utcnow()  # bumps the version: a second editor of the same version gets a conflict
    for position, row in enumerate(rows, 1):
        instrument.criteria.append(Criterion(position=position, **row))
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # someone made the same new version a moment ago
        raise Conflict() from error
    return instrument


def instruments_of(opd_id: int, current_only: bool = True) -> list[Instrument]:
    stmt = select(Instrument).where(Instrument.opd_id == opd_id).order_by(Instrument.name, Instrument.number)
    if current_only:
        stmt = stmt.where(Instrument.superseded.is_(False))
    return list(db.session.scalars(stmt))


# -- categories -----------------------------------------------------------------------------------

def save_category(opd: Unit, data: dict, category: Category | None = None, version: int | None = None) -> Category:
    error = numbering.validate_pattern(data["number_pattern"])
    if error:
        raise Refused(numbering_error(error), "number_pattern")
    instrument = db.session.get(Instrument, data["instrument_id"])
    if instrument is None or instrument.opd_id != opd.id or instrument.superseded:
        raise Refused(_l("Choose a current instrument of this OPD."), "instrument_id")
    if category is None:
        category = Category(opd_id=opd.id)
        db.session.add(category)
    else:
        check_version(category, version)
    for key, value in data.items():
        setattr(category, key, value)
    db.session.flush()
    return category


def numbering_error(error: str):
    if error == "missing_seq":
        return _l("The pattern must contain {seq}, the running number.")
    if error == "missing_year":
        return _l("The pattern must contain {year}: the running number starts again each year.")
    if error == "too_long":
        return _l("The pattern is too long (at most 80 characters).")
    if error.startswith("unknown_placeholder:"):
        return _l("Unknown placeholder {%(name)s}; use {seq}, {unit}, {month}, {month_roman} or {year}.",
                  name=error.split(":", 1)[1])
    return _l("The pattern is not valid: check its braces.")


def rules_of(category: Category) -> dict:
    return {"exclude_sanctioned": category.exclude_sanctioned, "exclude_absent": category.exclude_absent,
            "cooldown_months": category.cooldown_months, "exclude_heads": category.exclude_heads,
            "eligible_position_types": list(category.eligible_position_types or []),
            "eligible_unit_kinds": list(category.eligible_unit_kinds or []),
            "own_unit_conflict": category.own_unit_conflict, "quota_per_unit": category.quota_per_unit,
            "winners": category.winners, "nominee_kind": category.nominee_kind, "category_name": category.name}


# -- rounds ---------------------------------------------------------------------------------------

def _editable(award_round: Round) -> None:
    if award_round.frozen:
        raise Refused(_l("The round has been decided; its results are frozen."))


def _touch(award_round: Round) -> None:
    """Bump the round's version with every nomination and score: a change racing the closing of nominations
    or the decision makes one of them fail with a conflict instead of slipping past it."""
    award_round.updated_at = utcnow()


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
    _editable(award_round)
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
    _editable(award_round)
    check_version(award_round, version)
    if opens > closes:
        raise Refused(_l("The nomination window must open before it closes."), "nomination_closes")
    award_round.nomination_opens, award_round.nomination_closes = opens, closes
    db.session.flush()


def close_nominations(award_round: Round, version: int | None) -> None:
    """Nominations end; the automatic criteria are read one last time and frozen; scoring starts."""
    _editable(award_round)
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


def active_nominations(award_round: Round) -> list[Nomination]:
    return [n for n in award_round.nominations if n.withdrawn_at is None]


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


# -- eligibility ----------------------------------------------------------------------------------

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


# -- automatic criteria ---------------------------------------------------------------------------

def automatic_values(award_round: Round, nominations: list[Nomination]) -> dict[int, dict]:
    """The automatic criteria of each nomination, with their inputs: {"attendance": {...}, "achievement": {...}}."""
    from app.monitoring.models import UnitStat

    sources = {c.source for c in award_round.instrument.criteria}
    out: dict[int, dict] = {n.id: {} for n in nominations}
    people = [n.employee_id for n in nominations if n.employee_id]
    recaps = discipline.attendance(people, award_round.year, award_round.month)
    quarter = (award_round.month - 1) // 3 + 1
    stats: dict[int, object] = {}
    if "achievement" in sources:
        rows = db.session.scalars(select(UnitStat).where(
            UnitStat.unit_id.in_({n.unit_id for n in nominations}), UnitStat.year == award_round.year,
            UnitStat.quarter <= quarter, UnitStat.achievement_pct.is_not(None)).order_by(UnitStat.quarter))
        for stat in rows:
            stats[stat.unit_id] = stat  # the latest quarter wins
    for nomination in nominations:
        facts = out[nomination.id]
        recap = recaps.get(nomination.employee_id)
        if nomination.employee_id:
            facts["absent_days"] = recap.absent_days if recap else None
        if "attendance" in sources or nomination.employee_id:
            if recap is not None:
                counts = calc.AttendanceCounts(recap.leave_days, recap.absent_days, recap.early_leaves,
                                               recap.late_arrivals, recap.missed_roll_calls)
                score, lines = calc.attendance_score(counts)
                facts["attendance"] = {"score": str(score), "lines": [_line(x) for x in lines]}
            else:
                facts["attendance"] = None
        if "achievement" in sources:
            stat = stats.get(nomination.unit_id)
            facts["achievement"] = None if stat is None else {
                "score": str(min(Decimal(stat.achievement_pct), Decimal(100))),
                "pct": str(stat.achievement_pct), "quarter": stat.quarter, "year": stat.year}
    return out


def _line(line) -> list:
    return [str(v) for v in (line if isinstance(line, (list, tuple)) else (line,))]


def auto_value(nomination: Nomination, source: str) -> Decimal | None:
    fact = (nomination.auto or {}).get(source)
    return Decimal(fact["score"]) if fact else None


# -- nominations ----------------------------------------------------------------------------------

def nominate(award_round: Round, user, *, justification: str, employee: Employee | None = None,
             unit: Unit | None = None, evidence: tuple[bytes, str] | None = None, today: date | None = None,
             ) -> Nomination:
    _editable(award_round)
    today = today or agency_today()
    if award_round.status != "nominating":
        raise Refused(_l("Nominations for this round are closed."))
    if not award_round.nomination_opens <= today <= award_round.nomination_closes:
        raise Refused(_l("Nominations are open from %(opens)s to %(closes)s.",
                         opens=tanggal(award_round.nomination_opens),
                         closes=tanggal(award_round.nomination_closes)))
    if not justification.strip():
        raise Refused(_l("Say why this nominee deserves the award."), "justification")
    unit_award = award_round.rules["nominee_kind"] == "unit"
    if unit_award and unit is None or not unit_award and employee is None:
        raise Refused(_l("Choose the nominee."), "nominee")
    nominee_unit = unit if unit_award else employee.unit
    if nominee_unit.opd_id != award_round.opd_id:
        raise Refused(_l("The nominee must belong to this OPD."), "nominee")
    reasons = candidates(award_round, units=[unit]) if unit_award else candidates(award_round, [employee])
    if reasons[0][1]:
        raise Refused(_l("Not eligible: %(reasons)s.", reasons="; ".join(reason_text(r) for r in reasons[0][1])),
                      "nominee")
    quota = award_round.rules["quota_per_unit"]
    used = sum(1 for n in active_nominations(award_round) if n.unit_id == nominee_unit.id)
    if used >= quota:
        raise Refused(_l("%(unit)s has used its quota of %(quota)s nomination(s) in this round.",
                         unit=nominee_unit.name, quota=quota), "nominee")
    nomination = next((n for n in award_round.nominations if n.withdrawn_at is not None and (
        n.employee_id == employee.id if employee else (n.employee_id is None and n.unit_id == unit.id))), None)
    user_id = getattr(user, "id", None)
    if nomination is None:
        nomination = Nomination(round=award_round, employee_id=employee.id if employee else None)
        db.session.add(nomination)
    else:  # nominated again after a withdrawal: the same row, the old reason cleared
        nomination.withdrawn_at = nomination.withdrawn_reason = None
        nomination.evidence_file, nomination.evidence_name = None, ""
    nomination.unit_id, nomination.justification = nominee_unit.id, justification.strip()
    nomination.nominated_by_id, nomination.nominated_at = user_id, utcnow()
    _touch(award_round)
    if evidence is not None:
        data, name = evidence
        if len(data) > MAX_EVIDENCE:
            raise Refused(_l("The evidence file is larger than 5 MB."), "evidence")
        extension = "pdf" if data.startswith(b"%PDF-") else (files.sniff_image(data) or (None,))[0]
        if extension is None:
            raise Refused(_l("The evidence must be a PDF, PNG or JPEG file."), "evidence")
        nomination.evidence_file, nomination.evidence_name = files.store(data, extension), name[:200]
    db.session.add(nomination)
    db.session.flush()
    nomination.auto = automatic_values(award_round, [nomination])[nomination.id]
    db.session.flush()
    return nomination


def withdraw(nomination: Nomination, reason: str, version: int | None) -> None:
    _editable(nomination.round)
    check_version(nomination, version)
    if nomination.round.status != "nominating":
        raise Refused(_l("Nominations are closed; a nomination can no longer be withdrawn."))
    if not reason.strip():
        raise Refused(_l("Give the reason for withdrawing."), "reason")
    nomination.withdrawn_at, nomination.withdrawn_reason = utcnow(), reason.strip()
    _touch(nomination.round)
    db.session.flush()


# -- conflicts, scoring, progress -----------------------------------------------------------------

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
    _editable(award_round)
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
    _touch(award_round)
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


# -- ranking and decision -------------------------------------------------------------------------

def standings(award_round: Round) -> list[dict]:
    """The ranking now (or as decided): rows with the nomination, total, rank, winner and the parts."""
    nominations = {n.id: n for n in active_nominations(award_round)}
    criteria = award_round.instrument.criteria
    specs = [calc.CriterionSpec(c.id, c.weight, c.scale_max, c.source) for c in criteria]
    entries = []
    for nomination in nominations.values():
        scores: dict[int, dict[int, Decimal]] = {}
        for score in nomination.scores:
            scores.setdefault(score.assessor_id, {})[score.criterion_id] = score.value
        auto = {c.id: auto_value(nomination, c.source) for c in criteria if c.automatic}
        absent = (nomination.auto or {}).get("absent_days")
        entries.append(calc.Entry(nomination_id=nomination.id, scores=scores, auto=auto,
                                  attendance=auto_value(nomination, "attendance"),
                                  absent_days=int(absent or 0), nominated_at=nomination.nominated_at))
    if not entries:
        return []
    ranked = calc.rank(specs, entries, award_round.rules["winners"])
    return [{"nomination": nominations[r.nomination_id], "total": r.total, "rank": r.rank, "winner": r.winner,
             "parts": r.parts, "decided_by": r.decided_by} for r in ranked]


def decide(award_round: Round, user, decision_number: str, decision_date: date, version: int | None) -> None:
    """The leader confirms the ranking's winners; the round and its scores are frozen from now on."""
    _editable(award_round)
    check_version(award_round, version)
    if award_round.status != "scoring":
        raise Refused(_l("Close the nominations and let the panel score first."))
    if not progress(award_round)["complete"]:
        raise Refused(_l("The panel has not finished scoring."))
    if not decision_number.strip():
        raise Refused(_l("Give the decision number."), "decision_number")
    rows = standings(award_round)
    for row in rows:
        row["nomination"].rank, row["nomination"].winner = row["rank"], row["winner"]
    award_round.result = [{"nomination_id": r["nomination"].id, "name": r["nomination"].display_name,
                           "rank": r["rank"], "total": str(r["total"]), "winner": r["winner"],
                           "decided_by": r["decided_by"],
                           "parts": [{"criterion_id": p.criterion_id, "mean": None if p.mean is None else str(p.mean),
                                      "weighted": str(p.weighted.quantize(Decimal("0.0001")))} for p in r["parts"]]}
                          for r in rows]
    signer = signer_of(award_round.category, decision_date)
    # Who signs is settled with the decision: a later change of the post holder does not change the piagam.
    award_round.rules = {**award_round.rules, "signer_id": signer.id if signer else None}
    award_round.status = "decided"
    award_round.decision_number, award_round.decision_date = decision_number.strip(), decision_date
    award_round.decided_by_id, award_round.decided_at = user.id, utcnow()
    db.session.flush()


# -- certificates ---------------------------------------------------------------------------------

def _next_numbers(opd_id: int, year: int, count: int) -> range:
    """Reserve ``count`` consecutive numbers; the counter row is locked until the transaction ends."""
    table = CertificateCounter.__table__
    stmt = (update(table).where(table.c.opd_id == opd_id, table.c.year == year)
            .values(last=table.c.last + count).returning(table.c.last))
    last = db.session.execute(stmt).scalar()
    if last is None:
        try:
            with db.session.begin_nested():
                db.session.execute(table.insert().values(opd_id=opd_id, year=year, last=0))
        except IntegrityError:
            pass  # another transaction created it first; the update below waits for its lock
        last = db.session.execute(stmt).scalar()
    return range(last - count + 1, last + 1)


def signer_of(category: Category, on: date) -> Employee | None:
    """Who signs: the holder of the category's signer position, else the head of the OPD."""
    position_id = category.signer_position_id
    if position_id is None:
        position_id = db.session.scalar(select(Position.id).where(Position.unit_id == category.opd_id,
                                                                  Position.is_head.is_(True)).limit(1))
    if position_id is None:
        return None
    return db.session.scalar(select(Employee).where(Employee.position_id == position_id,
                                                    Employee.status == "aktif").order_by(Employee.id).limit(1))


def _recipient(nomination: Nomination) -> dict:
    if nomination.employee is None:
        parent = nomination.unit.parent
        return {"is_unit": True, "name": nomination.unit.name, "unit": parent.name if parent else ""}
    employee = nomination.employee
    return {"is_unit": False, "name": employee.display_name, "id_label": employee.id_label,
            "id": employee.display_id, "pangkat": employee.pangkat,
            "position": employee.position.name if employee.position else "", "unit": employee.unit.name}


def certificate_content(nomination: Nomination, kind: str, number: str, signer: Employee | None) -> dict:
    award_round = nomination.round
    category, month = award_round.category_name, f"{MONTHS_ID[award_round.month - 1]} {award_round.year}"
    if kind == "winner":
        citation = f"sebagai Pegawai Terbaik Bulan {month} Kategori {category}"
    else:
        citation = f"atas partisipasinya sebagai Nominasi Pegawai Terbaik Bulan {month} Kategori {category}"
    pemda = get_pemda()
    return {
        "kop": letterhead(award_round.opd), "number": number, "kind": kind, "recipient": _recipient(nomination),
        "citation": citation,
        "place_date": f"{pemda.city if pemda else ''}, {tanggal(award_round.decision_date)}",
        "signer": {"position": signer.position.name if signer and signer.position else "",
                   "name": signer.display_name if signer else "", "pangkat": signer.pangkat if signer else "",
                   "nip": signer.display_id if signer else ""},
        "title": f"Piagam Penghargaan — Pegawai Terbaik {month} — {nomination.display_name}",
    }


def issue_certificates(award_round: Round) -> list[Certificate]:
    """Number the round's certificates (winners, and every nominee when the round says so) in one go.

    Numbers come from the OPD's counter for the decision year inside this transaction: two people issuing
    at once wait for each other, and a failed issue rolls its numbers back, so there are no gaps or doubles.
    """
    if not award_round.frozen:
        raise Refused(_l("Certificates are issued after the decision."))
    done = set(db.session.scalars(select(Certificate.nomination_id).join(Nomination).where(
        Nomination.round_id == award_round.id)))
    todo = [n for n in sorted(active_nominations(award_round), key=lambda n: n.rank or 0)
            if n.id not in done and (n.winner or award_round.appreciation)]
    if not todo:
        return []
    on = award_round.decision_date
    category = award_round.category
    signer_id = award_round.rules.get("signer_id")
    signer = db.session.get(Employee, signer_id) if signer_id else signer_of(category, on)
    opd = award_round.opd
    certificates = []
    try:
        for seq, nomination in zip(_next_numbers(opd.id, on.year, len(todo)), todo, strict=True):
            kind = "winner" if nomination.winner else "appreciation"
            number = numbering.format_number(category.number_pattern, seq=seq, unit=opd.code or str(opd.id),
                                             month=on.month, year=on.year)
            certificate = Certificate(nomination=nomination, kind=kind, opd_id=opd.id, year=on.year, seq=seq,
                                      number=number, code=documents.new_code(), issued_on=on,
                                      content=certificate_content(nomination, kind, number, signer))
            db.session.add(certificate)
            certificates.append(certificate)
        db.session.flush()
    except IntegrityError as error:
        raise Conflict() from error
    return certificates


def certificates_of(award_round: Round) -> list[Certificate]:
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(select(Certificate).join(Nomination).where(
        Nomination.round_id == award_round.id).options(selectinload(Certificate.document))
        .order_by(Certificate.seq)))


def todo(user, today: date) -> dict:
    """For the home page: rounds open for the user's nominations, rounds waiting for the user's scores."""
    from app.accounts.access import can, scope_clause

    result = {"nominate": 0, "score": 0}
    if can(user, "awards.nominate"):
        result["nominate"] = db.session.scalar(
            select(func.count(Round.id)).join(Unit, Round.opd_id == Unit.id).where(
                Round.status == "nominating", Round.nomination_opens <= today, Round.nomination_closes >= today,
                scope_clause(user, "awards.nominate", Unit.path, shared_down=True)))
    result["score"] = db.session.scalar(select(func.count(Round.id)).join(Assessor).where(
        Round.status == "scoring", Assessor.user_id == user.id))
    return result
