"""The scorecards' one data builder: everything Kinerja knows of a person or a unit for a period, as plain
values, read in a fixed number of statements whatever the number of indicators, months and days. The page and
the PDF render the same dict (``templates/scorecards/_person.html``, ``_unit.html``).

Where each number comes from (docs/scorecards.md):
- indicators: the agreements in force (``monitoring.lines``), to date up to the quarter the period ends in,
  with the achievement's workings (``monitoring.calc``, ``monitoring.labels.workings``);
- ratings: ``tpp_ratings``; attendance: the monthly recap (``attendance_months``); sanctions in force in the
  period (``sanctions``); TPP: each month's result (``tpp_results``) and whether the month is closed;
- awards: decided rounds' winners (``awards.services.history``);
- a unit's sub-units and trend: the per-unit figures monitoring keeps (``monitoring_unit_stats``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import contains_eager

from app.agreements.models import Agreement, AgreementVersion, Sasaran
from app.awards.models import Nomination, Round
from app.awards.services import history
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.monitoring import calc, chart, lines, settings
from app.monitoring.labels import QUARTER_LABELS, why_not, workings
from app.monitoring.models import UnitStat
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.rules import format_pangkat, full_name
from app.scorecards import periods
from app.scorecards.periods import Period
from app.tpp.models import Period as TppMonth
from app.tpp.models import Rating, Result
from app.workers.models import Contract, Evaluation, HonorLine, HonorMonth, WorkerWarning

ATTENDANCE = ("present_days", "late_arrivals", "early_leaves", "absent_days", "leave_days", "missed_roll_calls")
GONE = ("pensiun", "berhenti", "meninggal")  # no longer one of the unit's people
TPP_CUTS = ("performance_cut", "discipline_cut", "leave_cut", "sanction_cut")


@dataclass(frozen=True)
class Indicator:
    """One indicator (or unit KPI) to date: what the row of the table shows."""

    ref: str
    source: str  # "pk" or "kpi"
    sasaran: str
    name: str
    satuan: str
    polarity: str
    target: Decimal | None  # the year's
    target_to_date: Decimal | None  # the one the achievement is measured against (``calc.to_date``)
    target_min: Decimal | None
    target_max: Decimal | None
    realisation: Decimal | None
    achievement: calc.Achievement
    explained: str  # the workings, or why it is not measurable
    band: str
    band_css: str
    reported: int  # values submitted or accepted up to the period
    accepted: int
    expected: int  # values due up to the period
    files: int


def closed_months(opd_id: int, year: int, asn: bool = True) -> dict[int, datetime]:
    """The OPD's months of ``year`` closed in the TPP (for civil servants and units) or in the honorarium (for
    non-ASN workers), and when each was (last) closed."""
    model = TppMonth if asn else HonorMonth
    return dict(db.session.execute(select(model.month, model.closed_at).where(
        model.opd_id == opd_id, model.year == year, model.state == "closed")).all())


def closing(period: Period, today: date, months_closed: dict[int, datetime]) -> dict:
    """Whether the period is closed, which of its months are, and when the last of them was closed (a scorecard
    issued before that is out of date: a month was reopened and closed again)."""
    closed = periods.closed(period, today, set(months_closed))
    return {"closed": closed, "ended": period.ended(today),
            "months_closed": sorted(set(months_closed) & set(period.months)),
            "closed_at": max((months_closed[m] for m in period.months if months_closed[m]), default=None)
            if closed else None}


def _due(line: lines.Line, quarter: int) -> list[tuple[str, int]]:
    return ([("month", m) for m in range(1, 3 * quarter + 1)] if line.period_kind == "month"
            else [("quarter", q) for q in range(1, quarter + 1)])


def indicator(line: lines.Line, quarter: int, rating: dict, sasaran: str = "") -> Indicator:
    """A line to date, up to ``quarter``: the realisation so far, the achievement and its explanation."""
    achievement = line.to_date(quarter)
    planned, realised = calc.to_date(line.quarters, [line.quarter_value(q) for q in range(1, 5)], line.aggregation,
                                     quarter, line.target)  # what the achievement compares: the row's two figures
    due = [line.value(kind, p) for kind, p in _due(line, quarter)]
    found = [v for v in due if v is not None and v.status in lines.REPORTED]
    label, css = chart.band(achievement.pct, rating)
    return Indicator(
        line.ref, line.source, sasaran, line.name, line.satuan, line.polarity, line.target, planned, line.target_min,
        line.target_max, realised, achievement, workings(achievement) if achievement.pct is not None else why_not(achievement.reason),
        label, css, len(found), sum(1 for v in found if v.status == "accepted"), len(due),
        sum(v.evidence for v in found))


def _trend(indicators_by_quarter: list[list[calc.Achievement]], upto: int) -> chart.Chart:
    return chart.line_trend([(str(QUARTER_LABELS[q]), calc.mean([a.pct for a in found]) if q < upto else None)
                             for q, found in enumerate(indicators_by_quarter)])


def _identities(employees: list[Employee], on: date) -> dict[int, dict]:
    """Who each person was on the period's last day: position, pangkat and unit then (else as now)."""
    then: dict[int, tuple] = {}
    for employee_id, *row in db.session.execute(
            select(EmployeeHistory.employee_id, EmployeeHistory.golongan, Unit.name, Unit.id, Position.name)
            .join(Unit, EmployeeHistory.unit_id == Unit.id).outerjoin(Position, EmployeeHistory.position_id == Position.id)
            .where(EmployeeHistory.employee_id.in_([e.id for e in employees]), EmployeeHistory.valid_from <= on)
            .order_by(EmployeeHistory.valid_from, EmployeeHistory.id)):
        then[employee_id] = tuple(row)  # the latest one last
    out = {}
    for employee in employees:
        golongan, unit_name, unit_id, position = then.get(employee.id) or (
            employee.golongan, employee.unit.name, employee.unit_id, employee.position.name if employee.position else "")
        out[employee.id] = {"id": employee.id, "name": employee.display_name, "id_label": employee.id_label,
                            "number": employee.display_id, "asn": employee.is_asn, "pangkat": format_pangkat(golongan),
                            "position": position or "", "unit": unit_name, "unit_id": unit_id}
    return out


def _by_person(rows, key=lambda row: row.employee_id) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[key(row)].append(row)
    return found


def _months(model, employee_ids: list[int], period: Period) -> dict[int, dict]:
    """Each person's rows of ``model`` (a monthly record) in the period, by month."""
    return {employee_id: {row.month: row for row in rows} for employee_id, rows in _by_person(db.session.scalars(
        select(model).where(model.employee_id.in_(employee_ids), model.year == period.year,
                            model.month.in_(period.months)))).items()}


def _tpp(employee_ids: list[int], period: Period) -> dict[int, list[dict]]:
    rows = db.session.execute(
        select(Result.employee_id, Result.id, Result.base, Result.cuts, Result.total, Result.unrated, Result.detail,
               TppMonth.month, TppMonth.state)
        .join(TppMonth, Result.period_id == TppMonth.id)
        .where(Result.employee_id.in_(employee_ids), TppMonth.year == period.year, TppMonth.month.in_(period.months))
        .order_by(TppMonth.month)).all()
    return _by_person(({"employee_id": employee_id, "result_id": rid, "month": month, "closed": state == "closed",
                        "base": base, "cuts": cuts, "total": total, "unrated": unrated,
                        **{key: detail.get(key, 0) for key in TPP_CUTS},
                        # a month absent throughout is a discipline cut too: the columns add up to ``cuts``
                        "discipline_cut": detail.get("discipline_cut", 0) + detail.get("absent_month_cut", 0)}
                       for employee_id, rid, base, cuts, total, unrated, detail, month, state in rows),
                      key=lambda row: row["employee_id"])


def _honor(employee_ids: list[int], period: Period) -> dict[int, list[HonorLine]]:
    """Non-ASN workers' honorarium of the period's closed months (lines are stored when a month closes)."""
    return _by_person(db.session.scalars(
        select(HonorLine).join(HonorMonth, HonorLine.month_id == HonorMonth.id)
        .where(HonorLine.employee_id.in_(employee_ids), HonorMonth.year == period.year,
               HonorMonth.month.in_(period.months), HonorMonth.state == "closed")
        .options(contains_eager(HonorLine.month)).order_by(HonorMonth.month, HonorLine.id)))


def _conduct(employee_ids: list[int], period: Period) -> tuple[dict[int, list], dict[int, list]]:
    """Non-ASN workers' warnings given in the period, and the evaluations of the year's contracts up to the
    quarter the period ends in (a yearly evaluation, period 0, with the year)."""
    warnings = _by_person(db.session.scalars(select(WorkerWarning).where(
        WorkerWarning.employee_id.in_(employee_ids), WorkerWarning.given_on.between(period.first, period.last))
        .order_by(WorkerWarning.given_on)))
    evaluations = _by_person(db.session.scalars(
        select(Evaluation).join(Contract, Evaluation.contract_id == Contract.id)
        .where(Evaluation.employee_id.in_(employee_ids), Contract.year == period.year,
               Evaluation.period.between(0 if period.kind == "year" else 1, period.quarter))
        .order_by(Evaluation.period)))
    return warnings, evaluations


def _sanctions(where, period: Period) -> list[Sanction]:
    return list(db.session.scalars(select(Sanction).where(
        where, Sanction.starts_on <= period.last,
        (Sanction.ends_on.is_(None)) | (Sanction.ends_on >= period.first)).order_by(Sanction.starts_on)))


def _awards(where, period: Period) -> list[dict]:
    return [{"month": n.round.month, "category": n.round.category_name, "award": n.round.award,
             "name": n.employee.display_name if n.employee else n.unit.name, "unit": n.unit.name,
             "employee_id": n.employee_id}
            for n in history(where & (Round.year == period.year) & Round.month.in_(period.months)
                             & Nomination.winner.is_(True))]


def person(employee: Employee, period: Period, today: date) -> dict:
    """A person's scorecard for ``period``: identity then, the indicators of the agreements where they are
    PIHAK PERTAMA, attendance, sanctions, awards and their achievement by quarter; a civil servant's monthly
    ratings and TPP, a non-ASN worker's warnings, evaluations and honorarium."""
    return people([employee], period, today)[0]


def people(employees: list[Employee], period: Period, today: date) -> list[dict]:
    """``person`` for each of ``employees`` (a bulk print's chunk), read together: the number of statements
    depends neither on the number of people nor on their indicators, months and days."""
    ids = [inspect(employee).identity[0] for employee in employees]
    # The people (loaded again when a commit expired them), their units and positions, in three statements: each
    # person's attributes, ``unit`` and ``position`` then need no query. The units and positions are held here
    # while the cards are built (the session holds its objects weakly).
    db.session.scalars(select(Employee).where(Employee.id.in_(ids))).all()
    held = [*db.session.scalars(select(Unit).where(Unit.id.in_({employee.unit_id for employee in employees}))),
            *db.session.scalars(select(Position).where(Position.id.in_(
                {employee.position_id for employee in employees if employee.position_id})))]
    rating = settings.rating_preset()
    bands = settings.bands_text(rating)
    wanted = set(ids)
    own = _by_person((line for line in lines.load(Unit.id.in_(select(Agreement.unit_id).where(
        Agreement.first_party_id.in_(ids), Agreement.year == period.year)), period.year)
        if line.source == "pk" and line.official_id in wanted), key=lambda line: line.official_id)
    texts = _sasaran_texts({line.subject_id for found in own.values() for line in found})
    identities = _identities(employees, period.last)
    attendance = _months(AttendanceMonth, ids, period)
    workers = [employee.id for employee in employees if not employee.is_asn]
    civil = [employee.id for employee in employees if employee.is_asn]
    tpp = _tpp(civil, period) if civil else {}
    ratings = _months(Rating, civil, period) if civil else {}
    honor = _honor(workers, period) if workers else {}
    warnings, evaluations = _conduct(workers, period) if workers else ({}, {})
    sanctions = _by_person(_sanctions(Sanction.employee_id.in_(ids), period))
    awards = _by_person(_awards(Nomination.employee_id.in_(ids), period), key=lambda award: award["employee_id"])
    closings = {}
    cards = []
    for employee in employees:
        asn, opd_id = employee.is_asn, employee.unit.opd_id
        if (opd_id, asn) not in closings:
            closings[opd_id, asn] = closing(period, today, closed_months(opd_id, period.year, asn))
        mine = own.get(employee.id, [])
        indicators = [indicator(line, period.quarter, rating, texts.get(line.position[1:3], "")) for line in mine]
        attended = attendance.get(employee.id, {})
        paid = tpp.get(employee.id, [])
        honorarium = honor.get(employee.id, [])
        cards.append({
            "kind": "person", "period": period, "person": identities[employee.id], **closings[opd_id, asn],
            "indicators": indicators, "mean": calc.mean([i.achievement.pct for i in indicators]),
            "rating_name": rating["name"], "bands": bands,
            "ratings": ratings.get(employee.id, {}),
            "attendance": attended,
            "attendance_total": {key: sum(getattr(row, key) or 0 for row in attended.values()) for key in ATTENDANCE},
            "sanctions": sanctions.get(employee.id, []),
            "tpp": paid,
            "tpp_total": {key: sum(row[key] for row in paid) for key in ("base", "cuts", "total", *TPP_CUTS)},
            "warnings": warnings.get(employee.id, []), "evaluations": evaluations.get(employee.id, []),
            "honor": honorarium,
            "honor_total": {key: sum(getattr(line, key) for line in honorarium) for key in ("paid", "gross", "penalty", "net")},
            "awards": awards.get(employee.id, []),
            "trend": _trend([[line.to_date(q) for line in mine] for q in range(1, 5)], period.quarter),
        })
    del held  # the cards are built: the units and positions may go
    return cards


def _sasaran_texts(agreement_ids: set[int]) -> dict[tuple[int, int], str]:
    """(agreement id, sasaran position) → the sasaran's text, of the versions in force."""
    if not agreement_ids:
        return {}
    return {(agreement_id, position): text for agreement_id, position, text in db.session.execute(
        select(AgreementVersion.agreement_id, Sasaran.position, Sasaran.text)
        .join(AgreementVersion, Sasaran.version_id == AgreementVersion.id)
        .where(AgreementVersion.agreement_id.in_(agreement_ids), AgreementVersion.status == "in_force"))}


def _people(unit: Unit, period: Period) -> dict:
    """The discipline of the unit's people (its subtree) over the period's months: sums of the monthly recaps,
    how many people, and who had a sanction in force."""
    inside = Unit.path.startswith(unit.path, autoescape=True)
    people = db.session.scalar(select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id)
                               .where(inside, Employee.status.not_in(GONE)))
    sums = db.session.execute(
        select(func.count(func.distinct(AttendanceMonth.employee_id)),
               *(func.coalesce(func.sum(getattr(AttendanceMonth, key)), 0) for key in ATTENDANCE))
        .join(Employee, AttendanceMonth.employee_id == Employee.id).join(Unit, Employee.unit_id == Unit.id)
        .where(inside, AttendanceMonth.year == period.year, AttendanceMonth.month.in_(period.months))).one()
    sanctioned = _sanctions(Sanction.employee_id.in_(
        select(Employee.id).join(Unit, Employee.unit_id == Unit.id).where(inside)), period)
    return {"people": people, "recorded": sums[0], **dict(zip(ATTENDANCE, sums[1:], strict=True)),
            "sanctions": len(sanctioned), "sanctioned": len({s.employee_id for s in sanctioned}),
            "heavy": sum(1 for s in sanctioned if s.level == "heavy")}


def _members(unit: Unit) -> list[dict]:
    """The people who work directly in the unit, its head first (the drill-down to their scorecards)."""
    rows = db.session.execute(
        select(Employee.id, Employee.name, Employee.front_title, Employee.back_title, Position.name)
        .outerjoin(Position, Employee.position_id == Position.id)
        .where(Employee.unit_id == unit.id, Employee.status.not_in(GONE))
        .order_by(Position.is_head.desc(), Employee.name)).all()
    return [{"id": eid, "name": full_name(name, front, back), "position": position or ""}
            for eid, name, front, back, position in rows]


def unit(unit: Unit, period: Period, today: date) -> dict:
    """A unit's scorecard for ``period``: its indicators (agreements in force and its own KPIs) in the LKjIP
    table's layout with their evidence, its people's discipline, the awards of its subtree, its sub-units
    ranked and its achievement by quarter."""
    rating = settings.rating_preset(unit)
    own = lines.for_unit(unit, period.year)
    texts = _sasaran_texts({line.subject_id for line in own if line.source == "pk"})
    indicators = [indicator(line, period.quarter, rating,
                            texts.get(line.position[1:3], "") if line.source == "pk" else "") for line in own]
    stats = db.session.execute(
        select(UnitStat, Unit.name, Unit.path).join(Unit, UnitStat.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), UnitStat.year == period.year)).all()
    return {
        "kind": "unit", "period": period, "unit": {"id": unit.id, "name": unit.name, "kind": unit.kind},
        **closing(period, today, closed_months(unit.opd_id, period.year)),
        "indicators": indicators, "mean": calc.mean([i.achievement.pct for i in indicators]),
        "rating_name": rating["name"], "bands": settings.bands_text(rating),
        "people": _people(unit, period),
        "members": _members(unit),
        "awards": _awards(Nomination.unit_id.in_(select(Unit.id).where(
            Unit.path.startswith(unit.path, autoescape=True))), period),
        "ranking": chart.ranking([(s, name) for s, name, _path in stats
                                  if s.quarter == period.quarter and s.unit_id != unit.id], rating, settings.score),
        "trend": chart.trend(stats, period.quarter),
    }
